"""A pane: one article's header (title, source, date) above its text.

What the pane draws over the text comes from the reading screen, bound to its
reactives (``data_bind``): the claims of every article, the linked ones, the entities,
the hidden entity types, the labels and the title, source and date the analyst gave
articles (the header shows them over the file's). A pane opened later, or showing another
article, draws the same state as every other pane, with nothing to push by hand.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive, var
from textual.widgets import Static

from syria_reader.annotations.labels import Label
from syria_reader.annotations.store.model import Annotation
from syria_reader.corpus import Article
from syria_reader.tui.plain_content import plain
from syria_reader.tui.widgets.article_view import ArticleView

if TYPE_CHECKING:  # the entities load after the first frame, in a worker
    from syria_reader.annotations.entities.index import EntityIndex

Claims = Mapping[str, tuple[Annotation, ...]]  # article id -> its claims and notes
ARTICLE_KEYS = Binding.Group("Article")


class ArticlePane(Vertical):
    """Shows one article of the corpus; ``[`` and ``]`` step through the corpus."""

    BINDINGS = [
        # One footer entry for both ("[ ] Article"), each its own palette entry.
        Binding("left_square_bracket", "step(-1)", "Previous article", id="pane.prev_article",
                group=ARTICLE_KEYS, tooltip="Show the previous article in this pane"),
        Binding("right_square_bracket", "step(1)", "Next article", id="pane.next_article",
                group=ARTICLE_KEYS, tooltip="Show the next article in this pane"),
    ]

    article_index: reactive[int] = reactive(0, init=False)
    # Bound from the reading screen.
    claims: var[Claims] = var(dict, init=False)
    linked: var[frozenset[str]] = var(frozenset, init=False)
    entities: var[EntityIndex | None] = var(None, init=False)
    hidden: var[frozenset[str]] = var(frozenset, init=False)
    labels: var[tuple[Label, ...]] = var(tuple, init=False)
    # The articles with the analyst's title, source or date, by id: the header shows them.
    metadata: var[Mapping[str, Article]] = var(dict, init=False)
    # The compact layout of a small terminal: the header is one line, the source and
    # date before the title.
    compact: var[bool] = var(False, init=False)

    class Shown(Message):
        """The pane shows another article."""

        def __init__(self, pane: ArticlePane) -> None:
            super().__init__()
            self.pane = pane

    def __init__(
        self, articles: list[Article], index: int = 0, cursor: int = 0, **kwargs: object
    ) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.articles = articles
        self.initial_cursor = cursor
        self.set_reactive(ArticlePane.article_index, index % len(articles))
        # Made now, not in compose: a key typed right after `+` (a digit toggling an
        # entity type, E showing an entity here) reaches the pane before it is mounted.
        self._view = ArticleView(self.article)
        self._header = Static(self._header_text(), classes="pane-header", markup=False)

    @property
    def article(self) -> Article:
        return self.articles[self.article_index]

    @property
    def view(self) -> ArticleView:
        return self._view

    def compose(self) -> ComposeResult:
        yield self._header
        yield self._view

    def on_mount(self) -> None:
        # The bound values arrived before the view was mounted: draw them now.
        self._draw_claims()
        self._draw_mentions()
        self.view.set_hidden_classes(set(self.hidden))
        self.view.labels = self.labels
        if self.initial_cursor:
            self.view.show(self.article, self.initial_cursor)

    def _header_text(self) -> Content:
        article = self.metadata.get(self.article.id, self.article)
        facts = " · ".join(part for part in (article.source, article.date) if part)
        if not facts:
            return plain(article.title)
        # Compact, on one line: the source and date first, where a long title's
        # ellipsis cannot take them.
        return plain(f"{facts} · {article.title}" if self.compact else
                     f"{article.title}\n{facts}")

    # -- the bound state ---------------------------------------------------------------

    def watch_claims(self) -> None:
        self._draw_claims()

    def watch_linked(self) -> None:
        self._draw_claims()

    def watch_entities(self) -> None:
        self._draw_mentions()

    def watch_hidden(self, hidden: frozenset[str]) -> None:
        self.view.set_hidden_classes(set(hidden))

    def watch_metadata(self) -> None:
        self._header.update(self._header_text())

    def watch_compact(self) -> None:
        self._header.update(self._header_text())

    def watch_labels(self, labels: tuple[Label, ...]) -> None:
        self.view.labels = labels
        self._draw_claims()

    def _draw_claims(self) -> None:
        colours = {label.name: label.colour for label in self.labels}
        self.view.set_claims(list(self.claims.get(self.article.id, ())), colours, self.linked)

    def _draw_mentions(self) -> None:
        entities = self.entities
        self.view.set_mentions(entities.mentions(self.article.id) if entities else [])

    # -- the article shown -------------------------------------------------------------

    def watch_article_index(self) -> None:
        self._display(0)

    def _display(self, cursor: int) -> None:
        self._header.update(self._header_text())
        self.view.show(self.article, cursor)
        self._draw_claims()
        self._draw_mentions()
        self.post_message(self.Shown(self))

    def show_article(self, article_id: str, cursor: int = 0) -> None:
        """Show the article ``article_id`` with the cursor at ``cursor``."""
        for index, article in enumerate(self.articles):
            if article.id == article_id:
                self.set_reactive(ArticlePane.article_index, index)
                self._display(cursor)

    def action_step(self, delta: int) -> None:
        self.article_index = (self.article_index + delta) % len(self.articles)

    # The focused pane's header comes from the class "-focused", not ":focus-within":
    # Textual restyles every node under a :focus-within rule at each focus change (the
    # pane, its header, its view with 13 component classes and its scrollbars), about
    # half of what `tab` cost (bench/keystroke_bench.py). Only the header's style
    # depends on the class, so only the header is restyled: three lines, where a
    # border colour was every line of both panes. After the next frame, so that frame
    # has the lit sentence and nothing else.

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.call_after_refresh(self._show_focus)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        self.call_after_refresh(self._show_focus)

    def _show_focus(self) -> None:
        if not self.is_attached:
            return  # closed meanwhile
        focused = self.view.has_focus  # now, not when asked: focus may have moved since
        if self.has_class("-focused") != focused:
            self.set_class(focused, "-focused", update=False)
            self.app.stylesheet.update_nodes([self._header], animate=False)

    def focus(self, scroll_visible: bool = True) -> ArticlePane:
        self.view.focus(scroll_visible)
        return self
