"""After ``c``: the numbered labels in a box drawn over the article's own lines.

The box is part of the article view's lines, not a dialog screen or a widget: a dialog
makes Textual repaint the whole screen, dimmed through Rich, and a widget shown over
the text makes it lay the screen out again; either took 20-30 ms on a 160x50 screen
(bench/keystroke_bench.py). Drawn into the view, opening or closing the menu redraws
the dozen lines under it, and the passage being tagged stays in sight and in colour.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from annotations.labels import Label

HINT = "A number picks the label; escape cancels."
WIDEST = 66  # cells, borders included


@dataclass(frozen=True)
class LabelMenu:
    """The labels for one passage, drawn from the view's line ``top``, ``x`` cells in."""

    labels: tuple[Label, ...]
    current: str  # the passage's label now, if it is a claim already
    top: int
    x: int
    rows: tuple[Strip, ...]

    @classmethod
    def build(
        cls, labels: tuple[Label, ...], quote: str, current: str, *, first: int, last: int,
        view_top: int, view_height: int, view_width: int, border: Style, body: Style,
    ) -> LabelMenu:
        """The menu for the passage on the view's lines ``first`` to ``last``: under
        them when it fits in the view (lines ``view_top`` on), else over them, else
        as low as it fits."""
        width = max(min(view_width, WIDEST), 4)
        rows = _rows(labels, quote, current, width - 2, border, body)
        height = len(rows)
        if last + 1 + height <= view_top + view_height:
            top = last + 1
        elif first - height >= view_top:
            top = first - height
        else:
            top = max(view_top, view_top + view_height - height)
        return cls(labels, current, top, min(2, view_width - width), rows)

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
        if character and character.isdigit() and 1 <= int(character) <= len(self.labels):
            return self.labels[int(character) - 1].name
        return None


def _rows(
    labels: tuple[Label, ...], quote: str, current: str, inner: int, border: Style, body: Style,
) -> tuple[Strip, ...]:
    verb = "Change the label of" if current else "Tag as a claim:"
    room = max(inner - len(verb) - 4, 8)  # the spaces and quotation marks around it
    title = Segment(f" {verb} “{_clip(quote, room)}”", body + Style(bold=True))
    lines: list[list[Segment]] = [[title]]
    for number, label in enumerate(labels, start=1):
        marker = " (now)" if label.name == current else ""
        lines.append([
            Segment(" "), Segment(f" {number} ", body + Style(bold=True, reverse=True)),
            Segment(f" {label.name}{marker}", body + Style(bold=True, color=label.colour)),
        ])
    lines.append([Segment(f" {HINT}", body + Style(dim=True))])
    edge = "─" * inner
    rows = [Strip([Segment(f"╭{edge}╮", border)])]
    for segments in lines:
        inside = Strip([Segment(text, style or body) for text, style, _ in segments])
        inside = inside.crop(0, inner).extend_cell_length(inner, body)
        rows.append(Strip([Segment("│", border), *inside, Segment("│", border)]))
    rows.append(Strip([Segment(f"╰{edge}╯", border)]))
    return tuple(rows)


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
