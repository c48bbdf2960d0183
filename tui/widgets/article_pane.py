"""One article, scrollable, with its title, source and date above it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.widgets import Static

from corpus import Article


class ArticlePane(VerticalScroll, can_focus=True):
    """Shows one article of the corpus; ``[`` and ``]`` step through the corpus."""

    BINDINGS = [
        Binding("left_square_bracket", "step(-1)", "Prev article", id="pane.prev_article",
                tooltip="Show the previous article in this pane"),
        Binding("right_square_bracket", "step(1)", "Next article", id="pane.next_article",
                tooltip="Show the next article in this pane"),
        Binding("j,down", "scroll_down", "Down", show=False, id="pane.down"),
        Binding("k,up", "scroll_up", "Up", show=False, id="pane.up"),
    ]

    article_index: reactive[int] = reactive(0)

    def __init__(self, articles: list[Article], index: int = 0, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.articles = articles
        self.set_reactive(ArticlePane.article_index, index % len(articles))

    @property
    def article(self) -> Article:
        return self.articles[self.article_index]

    def compose(self) -> ComposeResult:
        yield Static(id="pane-header", classes="pane-header", markup=False)
        yield Static(id="pane-text", classes="pane-text", markup=False)

    def on_mount(self) -> None:
        self._show()

    def watch_article_index(self) -> None:
        if self.is_mounted:
            self._show()

    def _show(self) -> None:
        article = self.article
        facts = " · ".join(part for part in (article.source, article.date) if part)
        header = article.title + (f"\n{facts}" if facts else "")
        self.query_one("#pane-header", Static).update(header)
        self.query_one("#pane-text", Static).update(article.text)
        self.scroll_home(animate=False)

    def show_article(self, article_id: str) -> None:
        for index, article in enumerate(self.articles):
            if article.id == article_id:
                self.article_index = index

    def action_step(self, delta: int) -> None:
        self.article_index = (self.article_index + delta) % len(self.articles)
