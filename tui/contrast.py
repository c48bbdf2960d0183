"""Text that can be read: colours moved just enough to meet WCAG 2's contrast of 4.5:1
against the background they are drawn on, computed from the colours themselves, so
every theme (light or dark, built in or not) and every layer (a claim's tint, the lit
sentence) is covered without a colour picked by hand per theme."""

from __future__ import annotations

from functools import lru_cache

from rich.color import Color
from rich.style import Style

WCAG_AA = 4.5  # normal text, level AA
_STEPS = 20

RGB = tuple[int, int, int]


def _channel(value: int) -> float:
    scaled = value / 255
    return scaled / 12.92 if scaled <= 0.03928 else ((scaled + 0.055) / 1.055) ** 2.4


def luminance(rgb: RGB) -> float:
    """WCAG 2's relative luminance of an sRGB colour."""
    red, green, blue = rgb
    return 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)


def contrast(one: RGB, other: RGB) -> float:
    """WCAG 2's contrast ratio of two colours, 1 to 21."""
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def readable_rgb(foreground: RGB, background: RGB, ratio: float = WCAG_AA) -> RGB:
    """``foreground``, or the nearest mix of it with black or white (whichever the
    background is further from) that reads on ``background`` at ``ratio``."""
    if contrast(foreground, background) >= ratio:
        return foreground
    black, white = (0, 0, 0), (255, 255, 255)
    target = black if contrast(black, background) >= contrast(white, background) else white
    for step in range(1, _STEPS + 1):
        share = step / _STEPS
        mixed = (round(foreground[0] + (target[0] - foreground[0]) * share),
                 round(foreground[1] + (target[1] - foreground[1]) * share),
                 round(foreground[2] + (target[2] - foreground[2]) * share))
        if contrast(mixed, background) >= ratio:
            return mixed
    return target


@lru_cache(maxsize=4096)
def readable(style: Style) -> Style:
    """``style`` with its text colour made readable on its background; as it is when
    either colour is the terminal's own (its default or a palette number, which only
    the terminal knows)."""
    foreground, background = style.color, style.bgcolor
    if foreground is None or background is None or foreground.triplet is None or (
            background.triplet is None):
        return style
    wanted = readable_rgb(tuple(foreground.triplet), tuple(background.triplet))
    if wanted == tuple(foreground.triplet):
        return style
    return style + Style(color=Color.from_rgb(*wanted))
