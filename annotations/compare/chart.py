"""A story's main quantity across the reports as an SVG chart: one bar per article in
date order, a range ("hundreds") drawn as its span. Self-contained, no script; every
label is escaped (titles and sources are other people's text)."""

from __future__ import annotations

import html

from syria_reader.annotations.compare.stories import Point
from syria_reader.corpus.visible import visible


def escape(value: str) -> str:
    """Other people's text for HTML: its control characters made visible, then escaped."""
    return html.escape(visible(value))

WIDTH, HEIGHT = 520, 220
_TOP, _BOTTOM, _LEFT, _RIGHT = 24, 48, 16, 16
_LABEL = 18  # characters of an article's label under its bar


def timeline_svg(points: tuple[Point, ...], title: str) -> str:
    """The chart, or "" for fewer than two points."""
    if len(points) < 2:
        return ""
    top = max(point.quantity.figure.high for point in points) or 1.0
    plot_height = HEIGHT - _TOP - _BOTTOM
    slot = (WIDTH - _LEFT - _RIGHT) / len(points)
    bar = min(slot * 0.6, 60.0)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
             f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}">',
             f"<title>{escape(title)}</title>",
             f'<line x1="{_LEFT}" y1="{HEIGHT - _BOTTOM}" x2="{WIDTH - _RIGHT}" '
             f'y2="{HEIGHT - _BOTTOM}" stroke="#888"/>']
    for index, point in enumerate(points):
        figure = point.quantity.figure
        x = _LEFT + slot * index + (slot - bar) / 2
        high_y = HEIGHT - _BOTTOM - plot_height * figure.high / top
        low_y = HEIGHT - _BOTTOM - plot_height * figure.low / top
        if figure.low < figure.high:  # a range: the certain part solid, the rest light
            parts.append(f'<rect x="{x:.1f}" y="{high_y:.1f}" width="{bar:.1f}" '
                         f'height="{low_y - high_y:.1f}" fill="#9ecae1"/>')
        parts.append(f'<rect x="{x:.1f}" y="{low_y:.1f}" width="{bar:.1f}" '
                     f'height="{HEIGHT - _BOTTOM - low_y:.1f}" fill="#3182bd"/>')
        centre = x + bar / 2
        parts.append(f'<text x="{centre:.1f}" y="{high_y - 6:.1f}" text-anchor="middle" '
                     f'font-size="12">{escape(point.quantity.value)}</text>')
        column = point.column
        label = (column.source or column.title)[:_LABEL]
        parts.append(f'<text x="{centre:.1f}" y="{HEIGHT - _BOTTOM + 16}" '
                     f'text-anchor="middle" font-size="11">{escape(label)}</text>')
        parts.append(f'<text x="{centre:.1f}" y="{HEIGHT - _BOTTOM + 30}" '
                     f'text-anchor="middle" font-size="11" fill="#555">'
                     f'{escape(column.date or "undated")}</text>')
    parts.append("</svg>")
    return "\n".join(parts)
