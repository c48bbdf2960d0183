"""After ``n``: write or edit the note on a claim (or on a passage)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from syria_reader.tui.plain_content import markup
from syria_reader.tui.text_wrap import clip
from syria_reader.tui.textual_overrides import VisibleInput


class NoteScreen(ModalScreen[str | None]):
    """enter saves the note, escape cancels; an empty note clears it."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="note.cancel")]

    def __init__(self, quote: str, note: str = "") -> None:
        super().__init__()
        self.quote = quote
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(id="note-box"):
            yield Label(markup("Note on “$quote”", quote=clip(self.quote, 70)))
            yield VisibleInput(self.note, placeholder="what is worth remembering", id="note-input")
            yield Label("enter saves, escape cancels", classes="hint")

    @on(Input.Submitted, "#note-input")
    def save(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip())
