"""The list of the corpus's articles: title, source, date and the claims on each;
`/` filters it as you type (fuzzy, over title, source and id), `s` sorts it."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from syria_reader.corpus import Article
from syria_reader.tui.messages import ArticleChosen
from syria_reader.tui.plain_content import plain
from syria_reader.tui.untrusted import visible

# The orders `s` steps through, each with how it sorts (the folder's order first).
ORDERS: dict[str, Callable[[Article, int], tuple[object, ...]]] = {
    "folder": lambda article, claims: (),
    "date": lambda article, claims: (article.date is None, article.date or ""),
    "source": lambda article, claims: (article.source is None,
                                       (article.source or "").casefold()),
    "title": lambda article, claims: (article.title.casefold(),),
    "claims": lambda article, claims: (-claims,),
}
FILTER_CUTOFF = 75  # rapidfuzz's partial ratio per word, 0-100: "troop" finds "US troops"


def _prompt(article: Article, claims: int) -> Content:
    counted = f"{claims} claim{'s' if claims != 1 else ''}" if claims else "no claims"
    facts = " · ".join(part for part in (article.source, article.date, counted) if part)
    # Assembled, not parsed from markup: 1,000 rows in a few ms, the text as it is.
    return Content.assemble(visible(article.title), "\n", (visible(facts), "dim"))


class ArticleList(OptionList):
    """Articles of the corpus; enter opens the highlighted one in the focused pane."""

    BINDINGS = [
        Binding("enter", "select", "Open", id="article_list.open", tooltip="Open in the pane"),
        Binding("slash", "start_filter", "Filter", id="article_list.filter",
                tooltip="Filter the articles as you type: title, source or id (escape ends)"),
        Binding("s", "next_order", "Sort", id="article_list.sort",
                tooltip="Sort by date, source, title, claims, or as in the folder"),
        # As in the panes (while filtering, they are letters of the filter).
        Binding("j", "cursor_down", "Next article", show=False, id="article_list.down"),
        Binding("k", "cursor_up", "Previous article", show=False, id="article_list.up"),
    ]

    filter_text: reactive[str] = reactive("", init=False)
    order: reactive[str] = reactive("folder", init=False)

    def __init__(self, articles: list[Article], claims: Mapping[str, int] | None = None,
                 **kwargs: object) -> None:
        self.articles = articles
        self.claims: Mapping[str, int] = claims or {}
        self.filtering = False  # after `/`: the keys type the filter
        # id -> (what its row shows: claims, title, source, date; its row)
        self._rows: dict[str, tuple[tuple[object, ...], Content]] = {}
        super().__init__(*self._made_options(articles), **kwargs)  # type: ignore[arg-type]
        self._show_state()

    def _made_options(self, articles: list[Article]) -> list[Option]:
        # Each article's row made once, again only when what it shows changes (its
        # claims, or the title, source or date the analyst set): refilled at each key of
        # a filter, 1,000 rows made anew took most of the key.
        rows = self._rows
        made = []
        for article in articles:
            claims = self.claims.get(article.id, 0)
            shows = (claims, article.title, article.source, article.date)
            row = rows.get(article.id)
            if row is None or row[0] != shows:
                row = rows[article.id] = (shows, _prompt(article, claims))
            made.append(Option(row[1], id=article.id))
        return made

    def shown(self) -> list[Article]:
        """The articles listed: filtered (best match first), else in the chosen order."""
        if words := self.filter_text.casefold().split():
            from rapidfuzz import fuzz, process

            # Every word typed must match, each fuzzily: "report 27" keeps "Report 27"
            # and "Report 127", not every "Report" (the whole phrase, 7 of its 9
            # letters found, did). The best summed match first, then the folder's order.
            texts = {a.id: f"{a.title} {a.source or ''} {a.id}".casefold()
                     for a in self.articles}
            scores = dict.fromkeys(texts, 0.0)
            for word in words:  # each against the articles still in: none left, done
                found = process.extract(word, {key: texts[key] for key in scores},
                                        scorer=fuzz.partial_ratio, score_cutoff=FILTER_CUTOFF,
                                        limit=None)
                scores = {key: scores[key] + score for _text, score, key in found}
                if not scores:
                    break
            return sorted((a for a in self.articles if a.id in scores),
                          key=lambda a: -scores[a.id])
        if self.order == "folder":
            return list(self.articles)
        key = ORDERS[self.order]
        return sorted(self.articles, key=lambda a: key(a, self.claims.get(a.id, 0)))

    def set_claims(self, claims: Mapping[str, int]) -> None:
        """The number of claims on each article, as the panes show them."""
        if dict(claims) != dict(self.claims):
            self.claims = claims
            self._refill()

    def set_articles(self, articles: list[Article]) -> None:
        """The articles as the analyst described them (title, source and date): shown,
        filtered and sorted by those."""
        if articles != self.articles:
            self.articles = articles
            self._refill()

    def _refill(self) -> None:
        highlighted = self.highlighted_option.id if self.highlighted_option else None
        articles = self.shown()
        self.clear_options()
        self.add_options(self._made_options(articles))
        ids = [a.id for a in articles]
        if articles:
            self.highlighted = ids.index(highlighted) if highlighted in ids and not (
                self.filtering) else 0
        self._show_state()

    def _show_state(self) -> None:
        """The filter and the order, in the border: as text, as the user typed it."""
        if self.filtering or self.filter_text:
            shown = plain(f" filter: {self.filter_text}" + ("▏" if self.filtering else "")
                          + f" ({self.option_count} of {len(self.articles)}) ")
        else:
            shown = plain(f" by {self.order} (s) · / filters ")
        self.border_title = shown

    def watch_filter_text(self) -> None:
        self._refill()

    def watch_order(self) -> None:
        self._refill()

    def action_start_filter(self) -> None:
        self.filtering = True
        if self.filter_text:  # a new filter: the one before is cleared
            self.filter_text = ""
        self._show_state()

    def action_next_order(self) -> None:
        names = list(ORDERS)
        self.order = names[(names.index(self.order) + 1) % len(names)]

    def on_blur(self) -> None:
        # The typing ends when the list loses the focus (tab, a click, `a` after it):
        # shown again, its keys (`a`, `s`, `/`) are its own, not the filter's.
        if self.filtering:
            self.filtering = False
            self._show_state()

    def on_key(self, event: events.Key) -> None:
        if not self.filtering:
            return
        # While filtering, the list takes the typing; the arrows and enter still move
        # and open, escape ends the typing (the filter stays; / and backspace clear it).
        if event.key == "escape":
            self.filtering = False
            self._show_state()
        elif event.key == "backspace":
            self.filter_text = self.filter_text[:-1]
        elif event.is_printable and event.character:
            self.filter_text += event.character
        else:
            return
        event.stop()
        event.prevent_default()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.filtering:  # the typing ends, in the border too (no caret left in it)
            self.filtering = False
            self._show_state()
        if event.option.id is not None:
            self.post_message(ArticleChosen(event.option.id))
