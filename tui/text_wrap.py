"""Wrapping an article's text into screen lines, as offsets into the text.

Pure functions, no Textual: a screen line is a half-open ``(start, end)`` span of the
text, so every style (entity, claim, cursor) maps onto the screen by offsets alone.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from rich.cells import cell_len

from syria_reader.tui.untrusted import visible

TAB_CELLS = 4
_TOKEN = re.compile(r"\S+\s*|\s+")


def clip(text: str, width: int) -> str:
    """``text`` on one line (its whitespace runs as single spaces), cut to ``width``
    characters with an ellipsis: a quote or title in a menu, dialog or table row."""
    text = " ".join(visible(text).split())  # a control is shown, not taken for a space
    return text if len(text) <= width else text[: width - 1] + "…"


def display_text(text: str) -> str:
    """What the screen shows for ``text``: tabs widen, a control character is its
    visible stand-in (one character for one, so offsets hold)."""
    return visible(text).replace("\t", " " * TAB_CELLS)


def _cells(token: str) -> int:
    if token.isascii() and "\t" not in token:
        return len(token)
    return cell_len(display_text(token))


def wrap_text(text: str, width: int) -> list[tuple[int, int]]:
    """Greedy word wrap of every line of ``text`` to ``width`` cells.

    Trailing spaces stay on the line they follow; a word wider than the line is cut.
    An empty line is one empty screen line.
    """
    width = max(width, 1)
    lines: list[tuple[int, int]] = []
    position = 0
    for line in text.split("\n"):
        end_of_line = position + len(line)
        if _cells(line) <= width:
            lines.append((position, end_of_line))
        else:
            _wrap_line(line, position, width, lines)
        position = end_of_line + 1
    return lines


def _wrap_line(line: str, offset: int, width: int, out: list[tuple[int, int]]) -> None:
    start = offset
    used = 0
    for match in _TOKEN.finditer(line):
        token = match.group()
        word = token.rstrip()
        word_cells = _cells(word)
        if used and used + word_cells > width:
            out.append((start, offset + match.start()))
            start, used = offset + match.start(), 0
        if word_cells > width:
            start, used = _cut_word(line, offset, match.start(), len(word), width, start, out)
        else:
            used += word_cells
        used += _cells(token) - word_cells
    out.append((start, offset + len(line)))


def _cut_word(
    line: str, offset: int, begin: int, length: int, width: int, start: int,
    out: list[tuple[int, int]],
) -> tuple[int, int]:
    used = 0
    for index in range(begin, begin + length):
        cells = _cells(line[index])
        if used + cells > width and used:
            out.append((start, offset + index))
            start, used = offset + index, 0
        used += cells
    return start, used


def line_of(starts: list[int], position: int) -> int:
    """The index of the screen line holding text offset ``position``.

    ``starts`` are the start offsets of the screen lines, in order.
    """
    return max(bisect_right(starts, position) - 1, 0)
