"""``l``: the passages of the other articles related to a claim or sentence.

enter accepts the highlighted one (a number picks the relation), ``x`` rejects it for
good, escape closes. Accepting and rejecting are done by the app (through callbacks),
so the screen knows nothing of the store.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from syria_reader.annotations.linking.results import RelatedResult
from syria_reader.annotations.vocabulary import RELATIONS
from syria_reader.tui.plain_content import markup
from syria_reader.tui.text_wrap import clip

# A relation links, None rejects, "" takes back the link or rejection already made.
Decide = Callable[[RelatedResult, str | None], bool]


def _prompt(result: RelatedResult, title: str, verdict: str = "") -> Content:
    mark = "[b reverse] $verdict [/] " if verdict else ""
    return markup(f"{mark}[b]{result.score:.2f}[/b] [dim]$article · $title[/dim]\n"
                  "  $text\n  [i]$reasons[/i]",
                  verdict=verdict, article=result.article, title=clip(title, 50),
                  text=clip(result.text, 150), reasons="; ".join(result.reasons))


class SuggestionsScreen(ModalScreen[None]):
    """The ranked counterparts; enter then 1-4 links, x rejects."""

    AUTO_FOCUS = "#suggestions-list"
    BINDINGS = [
        Binding("escape", "close", "Close", id="suggestions.close"),
        Binding("x", "reject", "Reject", id="suggestions.reject",
                tooltip="Not a counterpart: never suggest it again"),
        Binding("d", "unlink", "Unlink", id="suggestions.unlink",
                tooltip="Take back the link (or rejection) made with this passage"),
    ]

    def __init__(self, quote: str, results: list[RelatedResult], titles: dict[str, str],
                 decide: Decide, verdicts: dict[int, str] | None = None) -> None:
        super().__init__()
        self.quote = quote
        self.results = results
        self.titles = titles
        self.decide = decide
        # Results linked (or rejected) already, by position: their mark.
        self.verdicts = dict(verdicts or {})
        self.choosing: int | None = None  # the result whose relation is being picked

    # Built whole in compose, not finished in on_mount: keys typed fast (l, escape)
    # can close the dialog before its mount handler runs, when its widgets are gone.
    def compose(self) -> ComposeResult:
        with Vertical(id="suggestions-box"):
            yield Label(markup("Related to “$quote”", quote=clip(self.quote, 90)),
                        id="suggestions-title")
            found = OptionList(
                *(Option(_prompt(r, self.titles.get(r.article, r.article),
                                 self.verdicts.get(i, "")), id=str(i))
                  for i, r in enumerate(self.results)),
                id="suggestions-list",
            )
            if self.results:
                found.highlighted = 0
            yield found
            relations = "  ".join(f"{n} {name}" for n, name in enumerate(RELATIONS, start=1))
            hint = (f"enter, then a relation: {relations} · x rejects · escape closes"
                    if self.results else
                    "No related passages in the other articles · escape closes")
            yield Label(hint, id="suggestions-hint", classes="hint")

    @on(OptionList.OptionSelected, "#suggestions-list")
    def choose_relation(self, event: OptionList.OptionSelected) -> None:
        self.choosing = int(str(event.option.id))
        relations = "  ".join(f"[b]{n}[/b] {name}" for n, name in enumerate(RELATIONS, start=1))
        self.query_one("#suggestions-hint", Label).update(
            markup(f"Relation: {relations} · escape cancels"))

    def on_key(self, event: events.Key) -> None:
        if self.choosing is None:
            return
        event.stop()
        index, self.choosing = self.choosing, None
        self._hint()
        if event.character and event.character.isdigit():
            number = int(event.character)
            if 1 <= number <= len(RELATIONS):
                self._settle(index, RELATIONS[number - 1])

    def _hint(self) -> None:
        relations = "  ".join(f"{n} {name}" for n, name in enumerate(RELATIONS, start=1))
        self.query_one("#suggestions-hint", Label).update(
            f"enter, then a relation: {relations} · x rejects · d unlinks · escape closes")

    def action_reject(self) -> None:
        found = self.query_one("#suggestions-list", OptionList)
        if found.highlighted is not None and self.results:
            self._settle(found.highlighted, None)

    def action_unlink(self) -> None:
        found = self.query_one("#suggestions-list", OptionList)
        if found.highlighted is None or not self.results:
            return
        if found.highlighted not in self.verdicts:
            self.notify("Not linked: nothing to take back", timeout=2)
            return
        self._settle(found.highlighted, "")

    def _settle(self, index: int, relation: str | None) -> None:
        result = self.results[index]
        if self.decide(result, relation):
            verdict = "rejected" if relation is None else relation
            if verdict:
                self.verdicts[index] = verdict
            else:
                self.verdicts.pop(index, None)
            found = self.query_one("#suggestions-list", OptionList)
            found.replace_option_prompt_at_index(
                index, _prompt(result, self.titles.get(result.article, ""), verdict))

    def action_close(self) -> None:
        if self.choosing is not None:
            self.choosing = None
            self._hint()
        else:
            self.dismiss(None)
