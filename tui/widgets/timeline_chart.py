"""A story's figure article by article, as bars of block characters.

One line per article that gives the figure, in date order (earliest first, undated
last): its date, the article, a bar as long as the value and the value as written.
Eighth blocks give a bar the length of its value to an eighth of a cell; a range
("hundreds") is solid to its low end and shaded to its high end. No chart library:
a few bars read best as text, and stay text in a screenshot or a copy.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import set_cell_size
from rich.style import Style
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from syria_reader.tui.text_wrap import clip
from syria_reader.tui.untrusted import visible

EIGHTHS = "▏▎▍▌▋▊▉"  # one to seven eighths of a cell
FULL = "█"
SHADE = "░"
WHEN_WIDTH = 10  # 2018-12-19, undated
WHO_WIDTH = 16


@dataclass(frozen=True)
class Bar:
    when: str  # the article's date, or "undated"
    who: str  # the article: its short id and source
    low: float
    high: float
    value: str  # as the article writes it: "2,000", "hundreds"


def bar_text(low: float, high: float, top: float, width: int) -> tuple[str, str]:
    """The solid part (to ``low``) and the shaded part (on to ``high``) of a bar whose
    full ``width`` cells stand for ``top``."""
    if top <= 0 or width <= 0:
        return "", ""
    eighths = round(max(low, 0) / top * width * 8)
    if low > 0 and not eighths:
        eighths = 1  # a value above nothing is never drawn as nothing
    solid = FULL * (eighths // 8) + (EIGHTHS[eighths % 8 - 1] if eighths % 8 else "")
    reach = round(max(high, low) / top * width)
    shaded = SHADE * max(reach - len(solid), 1 if high > low else 0)
    return solid, shaded


def chart_lines(bars: tuple[Bar, ...], width: int, bar_style: Style | None = None,
                range_style: Style | None = None) -> list[Text]:
    """The chart on lines of ``width`` cells (text: names and values are not markup)."""
    if not bars:
        return []
    value_width = max(len(visible(bar.value)) for bar in bars)
    room = max(width - WHEN_WIDTH - WHO_WIDTH - value_width - 3, 4)
    top = max(bar.high for bar in bars)
    lines = []
    for bar in bars:
        solid, shaded = bar_text(bar.low, bar.high, top, room)
        line = Text(no_wrap=True, overflow="crop")
        line.append(set_cell_size(visible(bar.when), WHEN_WIDTH) + " ")
        line.append(set_cell_size(clip(bar.who, WHO_WIDTH), WHO_WIDTH) + " ")
        line.append(solid, style=bar_style)
        line.append(shaded, style=range_style)
        line.append(" " * (room - len(solid) - len(shaded) + 1))
        line.append(clip(bar.value, value_width).rjust(value_width))
        lines.append(line)
    return lines


class TimelineChart(Widget):
    """The bars of ``bars`` under ``title``; nothing at all when there are none."""

    COMPONENT_CLASSES = {"timeline-chart--bar", "timeline-chart--range",
                         "timeline-chart--title"}

    bars: reactive[tuple[Bar, ...]] = reactive((), layout=True)
    title: reactive[str] = reactive("", layout=True)

    def show(self, title: str, bars: tuple[Bar, ...]) -> None:
        self.title, self.bars = title, bars
        self.display = bool(bars)

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return len(self.bars) + 1 if self.bars else 0

    def render(self) -> Text:
        text = Text(visible(self.title),
                    style=self.get_component_rich_style("timeline-chart--title", partial=True),
                    no_wrap=True, overflow="ellipsis")
        for line in chart_lines(
                self.bars, self.content_size.width,
                self.get_component_rich_style("timeline-chart--bar", partial=True),
                self.get_component_rich_style("timeline-chart--range", partial=True)):
            text.append("\n")
            text.append_text(line)
        return text
