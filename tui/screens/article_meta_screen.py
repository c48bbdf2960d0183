"""``M``: the title, source and date of the article in the focused pane, as the analyst
sets them (kept with the annotations, never written into the article's file).

Each field holds the analyst's value; its placeholder is the file's, which an empty
field keeps. enter saves, escape cancels; a value that cannot be one (a date that is
not a full date) is said on one line and the dialog stays open. The saving is done by
the reading screen (through a callback), so this screen knows nothing of the store.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from syria_reader.annotations.vocabulary import ARTICLE_FIELDS
from syria_reader.tui.plain_content import markup
from syria_reader.tui.text_wrap import clip
from syria_reader.tui.textual_overrides import VisibleInput
from syria_reader.tui.untrusted import visible

# Saves the values (field -> text, "" unsets it); returns the one-line error, or None.
SaveMeta = Callable[[dict[str, str]], str | None]


class ArticleMetaScreen(ModalScreen[bool]):
    """Three fields; enter in any of them saves all three."""

    AUTO_FOCUS = "#meta-title"
    BINDINGS = [Binding("escape", "dismiss(False)", "Cancel", id="article_meta.cancel")]

    def __init__(self, article_id: str, ours: dict[str, str | None],
                 files: dict[str, str | None], save: SaveMeta) -> None:
        """``ours``: the analyst's values (None: unset); ``files``: the file's."""
        super().__init__()
        self.article_id = article_id
        self.ours = ours
        self.files = files
        self.save = save

    def compose(self) -> ComposeResult:
        with Vertical(id="meta-box"):
            yield Label(markup("Article details: [b]$article[/b]",
                               article=clip(self.article_id, 60)))
            for name in ARTICLE_FIELDS:
                found = self.files.get(name)
                placeholder = (clip(found, 200) if found else
                               "YYYY-MM-DD (the file has none)" if name == "date"
                               else "(the file has none)")
                with Horizontal(classes="meta-field"):
                    yield Label(name.capitalize(), classes="meta-name")
                    yield VisibleInput(self.ours.get(name) or "", placeholder=visible(placeholder),
                                       id=f"meta-{name}")
            yield Label("", id="meta-error")
            yield Label("enter saves · an empty field keeps the file's (dimmed) · tab: next "
                        "field · escape cancels", classes="hint")

    @on(Input.Submitted)
    def _save(self) -> None:
        values = {name: self.query_one(f"#meta-{name}", Input).value for name in ARTICLE_FIELDS}
        error = self.save(values)
        if error is None:
            self.dismiss(True)
        else:
            self.query_one("#meta-error", Label).update(
                markup("[b red]Not saved:[/] $error", error=error))
