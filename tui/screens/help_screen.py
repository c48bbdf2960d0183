"""The ``?`` screen: every key of the reader, read from the bindings themselves."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.keys import format_key
from textual.screen import ModalScreen
from textual.widgets import Static

from syria_reader.tui.untrusted import visible

HelpRow = tuple[str, str, str]  # section, keys, what they do


def keys_text(binding: Binding) -> str:
    """All the keys of a binding, as the footer would show each."""
    return " ".join(format_key(key.strip()) for key in binding.key.split(","))


class HelpScreen(ModalScreen[None]):
    """Lists the keys by section, so it can never disagree with what the keys do."""

    BINDINGS = [
        Binding("escape,question_mark,q", "dismiss", "Close help", id="help.close"),
    ]

    def __init__(self, rows: list[HelpRow]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(self._table(), id="help-text")

    def _table(self) -> Table:
        table = Table(title="syria-reader keys", caption="escape or ? closes this help",
                      show_header=False, box=None, expand=True, padding=(0, 1))
        table.add_column("keys", style="bold", no_wrap=True, ratio=1)
        table.add_column("action", ratio=3)
        section = None
        for row_section, keys, description in self.rows:
            if row_section != section:
                table.add_row("", "")
                table.add_row(Text(row_section, style="bold underline"), "")
                section = row_section
            # The keys may come from the user's config: shown as text, never markup.
            table.add_row(Text(visible(keys)), Text(visible(description)))
        return table
