"""After ``c``: the numbered labels in a box drawn over the article's own lines.

The box is part of the article view's lines, not a dialog screen or a widget: a dialog
makes Textual repaint the whole screen, dimmed through Rich, and a widget shown over
the text makes it lay the screen out again; either took 20-30 ms on a 160x50 screen
(bench/keystroke_bench.py). Drawn into the view, opening or closing the menu redraws
the lines under it, and the passage being tagged stays in sight and in colour.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.color import Color as RichColor
from rich.segment import Segment
from rich.style import Style
from textual.color import Color, ColorParseError
from textual.strip import Strip

from syria_reader.annotations.labels import Label
from syria_reader.annotations.store.model import Annotation
from syria_reader.tui.digit_keys import digit_choice
from syria_reader.tui.text_wrap import clip
from syria_reader.tui.untrusted import visible

HINT = "A number picks the label; escape cancels."
WIDEST = 66  # cells, borders included

# A label clicked: the menu's row, its first cell and the cell after it, the label.
Hit = tuple[int, int, int, str]


@dataclass(frozen=True)
class LabelMenu:
    """The labels for the passage ``span`` (the claim ``existing`` if it is one
    already), drawn from the view's line ``top``, ``x`` cells in."""

    labels: tuple[Label, ...]
    span: tuple[int, int]
    existing: Annotation | None
    top: int
    x: int
    rows: tuple[Strip, ...]
    hits: tuple[Hit, ...]

    @classmethod
    def build(
        cls, labels: tuple[Label, ...], quote: str, span: tuple[int, int],
        existing: Annotation | None, *, first: int, last: int,
        view_top: int, view_height: int, view_width: int, border: Style, body: Style,
    ) -> LabelMenu:
        """The menu for the passage on the view's lines ``first`` to ``last``: under
        them when it fits in the view (lines ``view_top`` on), else over them, else as
        low as it fits. A view too low for a row a label gets the labels side by side."""
        current = existing.label if existing else ""
        width = max(min(view_width, WIDEST), 4)
        rows, hits = _one_a_row(labels, quote, current, width - 2, border, body)
        if len(rows) > view_height:  # the whole width: the labels in as few rows as fit
            width = max(view_width, 4)
            rows, hits = _side_by_side(labels, quote, current, width - 2, border, body)
        height = len(rows)
        if last + 1 + height <= view_top + view_height:
            top = last + 1
        elif first - height >= view_top:
            top = first - height
        else:
            top = max(view_top, view_top + view_height - height)
        return cls(labels, span, existing, top, max(min(2, view_width - width), 0), rows, hits)

    @property
    def lines(self) -> range:
        """The view's lines the menu covers."""
        return range(self.top, self.top + len(self.rows))

    def over(self, line: int, strip: Strip) -> Strip:
        """The view's line ``line`` (``strip``, as wide as the view) with the menu on it."""
        if line not in self.lines:
            return strip
        row = self.rows[line - self.top]
        end = self.x + row.cell_length
        return Strip.join([strip.crop(0, self.x), row, strip.crop(end, strip.cell_length)])

    def pick(self, character: str | None) -> str | None:
        """The label that ``character`` (a digit) picks, if any."""
        index = digit_choice(character, len(self.labels))
        return None if index is None else self.labels[index].name

    def label_at(self, line: int, cell: int) -> str | None:
        """The label drawn at the view's line ``line``, cell ``cell``, if any."""
        for row, start, end, name in self.hits:
            if line - self.top == row and start <= cell - self.x < end:
                return name
        return None


def _one_a_row(
    labels: tuple[Label, ...], quote: str, current: str, inner: int, border: Style, body: Style,
) -> tuple[tuple[Strip, ...], tuple[Hit, ...]]:
    """The title, a row a label, the hint, in a box."""
    verb = "Change the label of" if current else "Tag as a claim:"
    room = max(inner - len(verb) - 4, 8)  # the spaces and quotation marks around it
    lines = [[Segment(f" {verb} “{visible(clip(quote, room))}”", body + Style(bold=True))]]
    lines += [[Segment(" "), *_item(number, label, current, body)]
              for number, label in enumerate(labels, start=1)]
    lines.append([Segment(f" {HINT}", body + Style(dim=True))])
    hits = tuple((row, 1, 1 + inner, label.name) for row, label in enumerate(labels, start=2))
    return _boxed(lines, inner, border, body), hits


def _side_by_side(
    labels: tuple[Label, ...], quote: str, current: str, inner: int, border: Style, body: Style,
) -> tuple[tuple[Strip, ...], tuple[Hit, ...]]:
    """The labels side by side, as few rows as fit; the title and hint in the border."""
    verb = "Relabel" if current else "Tag as"
    lines: list[list[Segment]] = [[]]
    hits: list[Hit] = []
    used = 0
    for number, label in enumerate(labels, start=1):
        item = [Segment(" "), *_item(number, label, current, body)]
        width = sum(segment.cell_length for segment in item)
        if used and used + width > inner:
            lines.append([])
            used = 0
        lines[-1].extend(item)
        hits.append((len(lines), 1 + used, 1 + used + width, label.name))
        used += width
    rows = _boxed(lines, inner, border, body, title=f" {verb}: ", foot=" escape cancels ")
    return rows, tuple(hits)


def _item(number: int, label: Label, current: str, body: Style) -> list[Segment]:
    marker = " (now)" if label.name == current else ""
    return [Segment(f" {number} ", body + Style(bold=True, reverse=True)),
            Segment(f" {visible(label.name)}{marker}",
                    body + Style(bold=True, color=_colour(label)))]


def _boxed(
    lines: list[list[Segment]], inner: int, border: Style, body: Style,
    title: str = "", foot: str = "",
) -> tuple[Strip, ...]:
    rows = [_edge("╭", title, "╮", inner, border, body)]
    for segments in lines:
        inside = Strip([Segment(text, style or body) for text, style, _ in segments])
        inside = inside.crop(0, inner).extend_cell_length(inner, body)
        rows.append(Strip([Segment("│", border), *inside, Segment("│", border)]))
    rows.append(_edge("╰", foot, "╯", inner, border, body))
    return tuple(rows)


def _edge(left: str, words: str, right: str, inner: int, border: Style, body: Style) -> Strip:
    words = words[: max(inner - 2, 0)]
    line = [Segment(left + "─" * (1 if words else 0), border)]
    if words:
        line.append(Segment(words, body + Style(bold=True)))
    rest = inner - len(words) - (1 if words else 0)
    line.append(Segment("─" * rest + right, border))
    return Strip(line)


def _colour(label: Label) -> RichColor | None:
    """The label's colour as Rich wants it; colours in CSS form ("orange", "hsl(…)")
    are parsed as the claim tints parse them."""
    try:
        return Color.parse(label.colour).rich_color
    except ColorParseError:
        return None
