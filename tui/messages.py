"""Messages that travel up from the widgets to the reading screen: one per intent.

A view says what the analyst asked for, with the article and span it was asked on
(the pane may show another article by the time the screen reads the message); the
screen does it through the workspace.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

from syria_reader.annotations.store.model import Annotation
from syria_reader.corpus import Article
from syria_reader.corpus.entities import Mention

if TYPE_CHECKING:
    from syria_reader.tui.widgets.article_view import ArticleView

Span = tuple[int, int]


class ArticleChosen(Message):
    """The user picked an article in the list: show it in the focused pane."""

    def __init__(self, article_id: str) -> None:
        super().__init__()
        self.article_id = article_id


class LabelChosen(Message):
    """A label was picked in the menu for ``span`` (the claim ``existing`` if it is
    one): tag it, or relabel the claim."""

    def __init__(self, article: Article, span: Span, existing: Annotation | None,
                 label: str) -> None:
        super().__init__()
        self.article = article
        self.span = span
        self.existing = existing
        self.label = label


class NoteRequested(Message):
    """``n``: write or edit the note on ``existing``, or on the passage ``span``."""

    def __init__(self, article: Article, span: Span, existing: Annotation | None) -> None:
        super().__init__()
        self.article = article
        self.span = span
        self.existing = existing


class DeleteRequested(Message):
    """``d``: delete the claim or note."""

    def __init__(self, annotation: Annotation) -> None:
        super().__init__()
        self.annotation = annotation


class ChangedTextDecided(Message):
    """``A`` or ``D`` on a claim whose text changed: take the new text (``accept``), or
    keep the text it was tagged on and leave the new one."""

    def __init__(self, claim: Annotation, accept: bool) -> None:
        super().__init__()
        self.claim = claim
        self.accept = accept


class RelatedRequested(Message):
    """``l``: the passages of the other articles related to ``span`` (or ``existing``)."""

    def __init__(self, view: ArticleView, article: Article, span: Span,
                 existing: Annotation | None) -> None:
        super().__init__()
        self.view = view
        self.article = article
        self.span = span
        self.existing = existing


class FollowLinkRequested(Message):
    """``L``: show the claim's next linked passage in another pane."""

    def __init__(self, view: ArticleView, claim: Annotation) -> None:
        super().__init__()
        self.view = view
        self.claim = claim


class LinksRequested(Message):
    """``o``: list the claim's links, to show the one picked in another pane."""

    def __init__(self, view: ArticleView, claim: Annotation) -> None:
        super().__init__()
        self.view = view
        self.claim = claim


class SameEntityRequested(Message):
    """``E``: show the entity under the cursor in another pane."""

    def __init__(self, view: ArticleView, mention: Mention) -> None:
        super().__init__()
        self.view = view
        self.mention = mention
