"""One line about what is under the cursor: sentence, claim, entity, their reach."""

from __future__ import annotations

from textual.reactive import var
from textual.widgets import Static

from syria_reader.tui.plain_content import plain


class Inspector(Static):
    """Shows ``line``, bound from the reading screen; the line quotes article ids,
    labels and names, so it is drawn as plain text."""

    line: var[str] = var("", init=False)

    def watch_line(self, line: str) -> None:
        # One line, always: no layout pass (it would repaint the whole screen per key).
        self.update(plain(line), layout=False)
