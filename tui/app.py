"""The reader: the article list and article panes side by side."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Footer, Header

from corpus import Corpus
from tui.messages import ArticleChosen
from tui.screens.help_screen import HelpScreen
from tui.widgets.article_list import ArticleList
from tui.widgets.article_pane import ArticlePane


class ReaderApp(App[None]):
    """Two articles side by side, everything on the keyboard."""

    TITLE = "syria-reader"
    CSS_PATH = "styles/app.tcss"
    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit", tooltip="Quit syria-reader"),
        Binding("question_mark", "help", "Help", id="app.help", tooltip="Show every key"),
        Binding("a", "toggle_list", "Articles", id="app.toggle_list",
                tooltip="Show or hide the article list"),
        Binding("tab", "app.focus_next", "Next pane", show=False, id="app.next_pane"),
        Binding("shift+tab", "app.focus_previous", "Prev pane", show=False, id="app.prev_pane"),
    ]

    def __init__(self, corpus: Corpus) -> None:
        super().__init__()
        self.corpus = corpus

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="main"):
            yield ArticleList(self.corpus.articles, id="article-list")
            yield ArticlePane(self.corpus.articles, 0, id="pane-left", classes="pane")
            yield ArticlePane(self.corpus.articles, 1, id="pane-right", classes="pane")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"{len(self.corpus.articles)} articles · {self.corpus.root}"
        self.query_one("#pane-left", ArticlePane).focus()

    def action_toggle_list(self) -> None:
        article_list = self.query_one(ArticleList)
        article_list.display = not article_list.display
        if article_list.display:
            article_list.focus()

    def action_help(self) -> None:
        rows = [
            (binding.key_display or self.get_key_display(binding), binding.description)
            for (_, binding, _, _) in self.active_bindings.values()
            if binding.description
        ]
        self.push_screen(HelpScreen(rows))

    def on_article_chosen(self, message: ArticleChosen) -> None:
        panes = list(self.query(ArticlePane))
        target = next((p for p in panes if p.has_focus), panes[0])
        target.show_article(message.article_id)
        target.focus()
