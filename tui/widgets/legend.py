"""The entity colour legend: each type in its colour, with the key that hides it."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.reactive import reactive
from textual.widgets import Static

from syria_reader.tui.contrast import readable
from syria_reader.tui.entity_styles import LEGEND


class Legend(Static):
    """``1``-``7`` toggle the entity types; a hidden type is shown struck through.

    The status (the entity count, recognition's progress) follows the types; when the
    line is too narrow for all of it, the legend wraps between entries onto a second
    line, so the status is never cut off (at 100 columns it was not shown at all)."""

    COMPONENT_CLASSES = {f"legend--{name}" for name, _ in LEGEND}

    hidden: reactive[frozenset[str]] = reactive(frozenset())
    status: reactive[str] = reactive("")

    def watch_status(self, old: str, new: str) -> None:
        # A layout pass only when the number of lines changes (it repaints the screen).
        width = self.size.width
        if len(self._lines(width, old)) != len(self._lines(width, new)):
            self.refresh(layout=True)

    def _entries(self, status: str) -> list[Text]:
        """Each entry of the legend, the status last: a line breaks only between them."""
        entries = []
        # Each colour made readable on the line's own background (tui/contrast.py).
        background = Style(bgcolor=self.background_colors[1].rich_color)
        for number, (name, meaning) in enumerate(LEGEND, start=1):
            style = readable(background + self.get_component_rich_style(
                f"legend--{name}", partial=True))
            if name in self.hidden:
                style = style + Style(strike=True, dim=True)
            entry = Text()
            entry.append(f" {number}", style="bold")
            entry.append(f" {meaning} ", style=style)
            entries.append(entry)
        if status:
            entries.append(Text(f"  {status}", style="italic"))
        return entries

    def _lines(self, width: int, status: str) -> list[Text]:
        """The entries packed into lines of ``width`` (all on one when it is unknown)."""
        lines: list[Text] = []
        for entry in self._entries(status):
            if lines and (width <= 0 or lines[-1].cell_len + entry.cell_len <= width):
                lines[-1].append_text(entry)
            else:
                lines.append(entry)
        return lines

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        # Measured at the width being laid out: render() packs at the current size.
        return len(self._lines(width, self.status))

    def render(self) -> Text:
        return Text("\n").join(self._lines(self.size.width, self.status))
