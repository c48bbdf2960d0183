"""Colours written by people (a corpus's ``labels.toml``), read as Textual reads CSS."""

from __future__ import annotations

from textual.color import Color, ColorParseError


def is_colour(value: str) -> bool:
    """Whether Textual can draw ``value``: "#d08c00", "orange", "hsl(30,100%,40%)"…"""
    try:
        Color.parse(value)
    except ColorParseError:
        return False
    return True
