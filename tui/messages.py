"""Messages that travel up from widgets to the app."""

from __future__ import annotations

from textual.message import Message


class ArticleChosen(Message):
    """The user picked an article in the list: show it in the focused pane."""

    def __init__(self, article_id: str) -> None:
        super().__init__()
        self.article_id = article_id
