"""The ``?`` screen: every key of the reader, from the bindings themselves."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Markdown


class HelpScreen(ModalScreen[None]):
    """Lists the active bindings, so it can never disagree with the keys."""

    BINDINGS = [
        Binding("escape,question_mark,q", "dismiss", "Close help", id="help.close"),
    ]

    def __init__(self, rows: list[tuple[str, str]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        lines = ["# syria-reader keys", "", "| Key | Action |", "|---|---|"]
        lines += [f"| `{key}` | {description} |" for key, description in self.rows]
        lines += ["", "Press `escape` or `?` to close."]
        yield Markdown("\n".join(lines), id="help-text")
