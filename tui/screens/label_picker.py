"""After ``c``: a number key picks the claim's label."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from annotations.labels import Label as ClaimLabel


class LabelPicker(ModalScreen[str | None]):
    """Shows the labels numbered; a digit picks one, escape cancels."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="labels.cancel")]

    def __init__(self, labels: tuple[ClaimLabel, ...], quote: str, current: str = "") -> None:
        super().__init__()
        self.labels = labels
        self.quote = quote
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="label-box"):
            verb = "Change the label of" if self.current else "Tag as a claim:"
            yield Label(f"{verb} “{_clip(self.quote, 60)}”", id="label-title")
            yield Static(self._choices(), id="label-choices")
            yield Label("A number picks the label; escape cancels.", classes="hint")

    def _choices(self) -> Text:
        text = Text()
        for number, label in enumerate(self.labels, start=1):
            marker = " (now)" if label.name == self.current else ""
            text.append(f" {number} ", style="bold reverse")
            text.append(f" {label.name}{marker}\n", style=f"bold {label.colour}")
        return text

    def on_key(self, event: events.Key) -> None:
        if event.character and event.character.isdigit():
            index = int(event.character) - 1
            if 0 <= index < len(self.labels):
                event.stop()
                self.dismiss(self.labels[index].name)


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
