"""The entity colour legend: each type in its colour, with the key that hides it."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from syria_reader.tui.contrast import readable
from syria_reader.tui.entity_styles import LEGEND


class Legend(Static):
    """``1``-``7`` toggle the entity types; a hidden type is shown struck through."""

    COMPONENT_CLASSES = {f"legend--{name}" for name, _ in LEGEND}

    hidden: reactive[frozenset[str]] = reactive(frozenset())
    status: reactive[str] = reactive("")

    def render(self) -> Text:
        text = Text()
        # Each colour made readable on the line's own background (tui/contrast.py).
        background = Style(bgcolor=self.background_colors[1].rich_color)
        for number, (name, meaning) in enumerate(LEGEND, start=1):
            style = readable(background + self.get_component_rich_style(
                f"legend--{name}", partial=True))
            if name in self.hidden:
                style = style + Style(strike=True, dim=True)
            text.append(f" {number}", style="bold")
            text.append(f" {meaning} ", style=style)
        if self.status:
            text.append(f"  {self.status}", style="italic")
        return text
