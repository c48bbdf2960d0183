"""The status line: what is under the cursor (sentence, claim, entity, their reach)."""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.reactive import var
from textual.widgets import Static

from syria_reader.tui.plain_content import plain

# A line longer than the width (a note, a claim's links, on a small terminal) wraps onto
# up to this many rows, so a note can be read without opening it; what is still longer
# ends in an ellipsis. #inspector's max-height in app.tcss is the same.
MAX_LINES = 3


class Inspector(Static):
    """Shows ``line``, bound from the reading screen; the line quotes article ids,
    labels and names, so it is drawn as plain text."""

    line: var[str] = var("", init=False)
    _rows: int = 1  # the rows the shown line takes

    def watch_line(self, line: str) -> None:
        self._show()

    def on_resize(self, event: events.Resize) -> None:
        self._show()

    def _show(self) -> None:
        width = self.size.width
        content = plain(self.line)
        # Most lines fit on one row: measured, not wrapped (the line changes at every key).
        fits = content.cell_length <= width and "\n" not in self.line
        rows = 1 if fits or width <= 1 else len(content.wrap(width))
        if rows > MAX_LINES:
            content = self._cut(width)
            rows = MAX_LINES
        # A layout pass only when the height changes: one repaints the whole screen,
        # and the line changes at every key.
        self.update(content, layout=rows != self._rows)
        self._rows = rows

    def _cut(self, width: int) -> Content:
        """The longest start of the line that, with an ellipsis, wraps onto MAX_LINES
        rows (the line itself is left whole, unwrapped, for Textual to wrap)."""
        low, high = 0, len(self.line)
        while low < high:
            middle = (low + high + 1) // 2
            if len(plain(self.line[:middle].rstrip() + "…").wrap(width)) <= MAX_LINES:
                low = middle
            else:
                high = middle - 1
        return plain(self.line[:low].rstrip() + "…")
