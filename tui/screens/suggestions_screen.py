"""``l``: the passages of the other articles related to a claim or sentence.

Each passage shows the relation suggested for it; a weak one (its score under the one
most look-alikes fall under) is dimmed and says "weak". enter on the highlighted one
asks for the relation: enter again takes the suggested one, a number picks another.
``x`` rejects it for good, ``d`` takes back the link, escape closes. Accepting and
rejecting are done by the app (through callbacks), so the screen knows nothing of the
store.
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
from syria_reader.tui.digit_keys import digit_choice
from syria_reader.tui.plain_content import markup
from syria_reader.tui.text_wrap import clip

# A relation links, None rejects, "" takes back the link or rejection already made.
Decide = Callable[[RelatedResult, str | None], bool]


def _prompt(result: RelatedResult, title: str, verdict: str = "") -> Content:
    mark = "[b reverse] $verdict [/] " if verdict else ""
    # Weak: dimmed, and said in words, so it is not told by colour alone.
    strength = "weak · " if result.weak else ""
    template = (f"{mark}[b]{result.score:.2f}[/b] {strength}suggested: [b]$relation[/b]"
                "  [dim]$article · $title[/dim]\n  $text\n  [i]$reasons[/i]")
    if result.weak:
        template = f"[dim]{template}[/dim]"
    return markup(template, verdict=verdict, relation=result.relation,
                  article=result.article, title=clip(title, 50),
                  text=clip(result.text, 150), reasons="; ".join(result.reasons))


def _numbered(bold: bool = False) -> str:
    """``1 same  2 supports  3 contradicts  4 updates`` (numbers in bold: markup)."""
    number = "[b]{}[/b]" if bold else "{}"
    return "  ".join(f"{number.format(n)} {name}" for n, name in enumerate(RELATIONS, start=1))


HINT = (f"enter, then enter for the suggested relation or {_numbered()}"
        " · x rejects · d unlinks · escape closes")


class SuggestionsScreen(ModalScreen[None]):
    """The ranked counterparts; enter then enter (the suggestion) or 1-4 links, x rejects."""

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
            hint = (HINT if self.results else
                    "No related passages in the other articles · escape closes")
            yield Label(hint, id="suggestions-hint", classes="hint")

    @on(OptionList.OptionSelected, "#suggestions-list")
    def choose_relation(self, event: OptionList.OptionSelected) -> None:
        index = int(str(event.option.id))
        if self.choosing == index:
            # The same option selected again while its relation is asked: a second
            # enter that reached the list's binding before on_key saw the first one
            # settled (keys typed fast), or a second click. Either accepts the
            # suggestion, as enter does in on_key.
            self.choosing = None
            self._hint()
            self._settle(index, self.results[index].relation)
            return
        self.choosing = index
        self.query_one("#suggestions-hint", Label).update(markup(
            f"Relation: [b]enter[/b] $relation (suggested) · {_numbered(bold=True)}"
            " · escape cancels", relation=self.results[index].relation))

    def on_key(self, event: events.Key) -> None:
        if self.choosing is None:
            return
        # Stopped here, the key never reaches the bindings: enter does not select the
        # option again (which would ask for its relation once more), escape cancels
        # the choice without closing.
        event.stop()
        index, self.choosing = self.choosing, None
        self._hint()
        if event.key == "enter":
            self._settle(index, self.results[index].relation)
        elif (chosen := digit_choice(event.character, len(RELATIONS))) is not None:
            self._settle(index, RELATIONS[chosen])

    def _hint(self) -> None:
        self.query_one("#suggestions-hint", Label).update(HINT)

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
                index, _prompt(result, self.titles.get(result.article, result.article), verdict))

    def action_close(self) -> None:
        if self.choosing is not None:
            self.choosing = None
            self._hint()
        else:
            self.dismiss(None)
