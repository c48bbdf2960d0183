"""``/``: search the article in the pane, and the whole corpus with fuzzy matching."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from syria_reader.corpus import Article
from syria_reader.corpus.search import SearchHit, find_in_article, find_in_corpus
from syria_reader.tui.plain_content import markup, plain
from syria_reader.tui.text_wrap import clip
from syria_reader.tui.textual_overrides import VisibleInput

_SNIPPET = 70


@dataclass(frozen=True)
class SearchTarget:
    article_id: str
    offset: int


def _snippet(article: Article, hit: SearchHit) -> str:
    text = article.text
    start = max(hit.start - 20, 0)
    piece = clip(text[start : start + _SNIPPET], _SNIPPET + 1)
    return ("…" if start else "") + piece + "…"


class SearchScreen(ModalScreen[SearchTarget | None]):
    """Type to search; the list shows hits here first, then across the corpus."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Close search", id="search.close"),
        Binding("down", "focus_results", "Results", show=False, id="search.results"),
    ]

    def __init__(self, articles: list[Article], current: Article, query: str = "") -> None:
        super().__init__()
        self.articles = articles
        self.by_id = {article.id: article for article in articles}
        self.current = current
        self.initial_query = query

    def compose(self) -> ComposeResult:
        with Vertical(id="search-box"):
            title = clip(self.current.title, 50)
            yield Label(markup("Search “$title” and the corpus", title=title), id="search-title")
            yield VisibleInput(self.initial_query, placeholder="words, names, numbers…",
                        id="search-input")
            yield OptionList(id="search-results")
            yield Label("", id="search-status")

    def on_mount(self) -> None:
        if self.initial_query:
            self.search(self.initial_query)

    @on(Input.Changed, "#search-input")
    def query_changed(self, event: Input.Changed) -> None:
        self.search(event.value)

    @on(Input.Submitted, "#search-input")
    def open_first(self) -> None:
        results = self._results()
        if results is None:
            return  # enter pressed twice fast: the first one opened a hit and closed this
        for index in range(results.option_count):
            option = results.get_option_at_index(index)
            if option.id:
                self.dismiss(self._target(option.id))
                return

    def _results(self) -> OptionList | None:
        """The list of hits, or None once the search is closed (keys typed fast)."""
        return next(self.query("#search-results").results(OptionList), None)

    @work(thread=True, exclusive=True)
    def search(self, query: str) -> None:
        local = find_in_article(self.current, query, limit=100)
        others = [a for a in self.articles if a is not self.current]
        fuzzy = find_in_corpus(others, query, limit=50) if len(query.strip()) >= 3 else []
        self.app.call_from_thread(self._show, query, local, fuzzy)

    def _show(self, query: str, local: list[SearchHit], fuzzy: list[SearchHit]) -> None:
        results = self._results()
        if results is None:
            return  # the search was closed while it ran
        results.clear_options()
        options: list[Option | None] = []
        if local:
            options.append(Option(markup(f"[b]In this article[/b] ({len(local)})"),
                                  disabled=True))
            options += [
                Option(plain(_snippet(self.current, hit)), id=f"{hit.article_id}:{hit.start}")
                for hit in local
            ]
        if fuzzy:
            options.append(Option(markup(f"[b]Across the corpus[/b] ({len(fuzzy)})"),
                                  disabled=True))
            options += [
                Option(
                    markup(f"[dim]$article {hit.score:3.0f}[/dim]  $snippet",
                           article=hit.article_id[:12],
                           snippet=_snippet(self.by_id[hit.article_id], hit)),
                    id=f"{hit.article_id}:{hit.start}",
                )
                for hit in fuzzy
            ]
        results.add_options(options)
        status = self.query_one("#search-status", Label)
        status.update(
            f"{len(local)} here, {len(fuzzy)} elsewhere — enter opens, ↓ to the list"
            if query.strip() else "Type to search"
        )

    def _target(self, option_id: str) -> SearchTarget:
        article_id, _, offset = option_id.rpartition(":")
        return SearchTarget(article_id, int(offset))

    @on(OptionList.OptionSelected, "#search-results")
    def choose(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.dismiss(self._target(event.option.id))

    def action_focus_results(self) -> None:
        results = self._results()
        if results is None:
            return
        results.focus()
        if results.highlighted is None:
            results.action_first()
