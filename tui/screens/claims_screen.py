"""``C``: every claim of the corpus; enter jumps to it. Orphaned claims are listed too."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from syria_reader.annotations.store.model import Annotation
from syria_reader.tui.plain_content import markup
from syria_reader.tui.text_wrap import clip


def _row(claim: Annotation, title: str) -> Content:
    flag = " [b red]orphaned[/]" if claim.orphaned else ""
    note = "\n   [i]$note[/i]" if claim.note else ""
    return markup(f"[b]$label[/b]{flag} [dim]$title[/dim]\n   “$quote”{note}",
                  label=claim.label or claim.kind, title=title, quote=clip(claim.quote, 80),
                  note=clip(claim.note, 200))


class ClaimsScreen(ModalScreen[Annotation | None]):
    """The claims of the corpus in article order."""

    BINDINGS = [Binding("escape,C", "dismiss(None)", "Close", id="claims.close")]

    def __init__(self, claims: list[Annotation], titles: dict[str, str]) -> None:
        super().__init__()
        self.claims = claims
        self.titles = titles

    def compose(self) -> ComposeResult:
        with Vertical(id="claims-box"):
            orphaned = sum(1 for claim in self.claims if claim.orphaned)
            extra = f", {orphaned} orphaned (their text changed)" if orphaned else ""
            yield Label(f"{len(self.claims)} claims{extra} — enter jumps, escape closes")
            yield OptionList(
                # A title of up to 70 characters fits the row beside its label (the
                # dialog is 88 wide at 100 columns); cut at 40, most titles were.
                *(Option(_row(c, clip(self.titles.get(c.article_id, c.article_id), 70)),
                         id=c.id)
                  for c in self.claims),
                id="claims-list",
            )

    @on(OptionList.OptionSelected, "#claims-list")
    def jump(self, event: OptionList.OptionSelected) -> None:
        chosen = next(c for c in self.claims if c.id == event.option.id)
        self.dismiss(chosen)
