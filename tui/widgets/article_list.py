"""The list of the corpus's articles: title, source, date and counts."""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from syria_reader.corpus import Article
from syria_reader.tui.messages import ArticleChosen
from syria_reader.tui.plain_content import markup


def _prompt(article: Article) -> Content:
    facts = " · ".join(
        part for part in (article.source, article.date, f"{article.word_count} words") if part
    )
    return markup("$title\n[dim]$facts[/dim]", title=article.title, facts=facts)


class ArticleList(OptionList):
    """Articles of the corpus; enter opens the highlighted one in the focused pane."""

    BINDINGS = [
        Binding("enter", "select", "Open", id="article_list.open", tooltip="Open in the pane"),
    ]

    def __init__(self, articles: list[Article], **kwargs: object) -> None:
        super().__init__(*(Option(_prompt(a), id=a.id) for a in articles), **kwargs)  # type: ignore[arg-type]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(ArticleChosen(event.option.id))
