"""What the workspace tells its listeners: typed changes to the analyst's state.

A listener (the reader's screen, a test) gets one event per change, whoever made it:
this session, its undo or redo, or another process writing the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from syria_reader.annotations.store.model import Annotation

if TYPE_CHECKING:
    from syria_reader.annotations.entities.index import EntityIndex
    from syria_reader.annotations.linking.links import Link
    from syria_reader.annotations.linking.related import RelatedIndex

# Who made a change: this session, its undo or redo, another process, or the first load.
Origin = Literal["here", "undo", "redo", "elsewhere", "load"]


@dataclass(frozen=True)
class AnnotationsChanged:
    """Claims and notes that went (``removed``: their old versions) and came
    (``added``: their new ones); an edit is in both."""

    removed: tuple[Annotation, ...]
    added: tuple[Annotation, ...]
    origin: Origin

    @property
    def articles(self) -> frozenset[str]:
        return frozenset(a.article_id for a in (*self.removed, *self.added))


@dataclass(frozen=True)
class LinksChanged:
    """Links (rejections included) that went and came."""

    removed: tuple[Link, ...]
    added: tuple[Link, ...]
    origin: Origin


@dataclass(frozen=True)
class EntitiesReady:
    """The entity clusters are built (recognised or read from the cache)."""

    entities: EntityIndex


@dataclass(frozen=True)
class RelatedReady:
    """The related-passages index is built: ``l`` can answer."""

    index: RelatedIndex


@dataclass(frozen=True)
class ArticleMetaChanged:
    """The analyst set or cleared the title, source or date of these articles."""

    articles: frozenset[str]
    origin: Origin


Event = AnnotationsChanged | LinksChanged | EntitiesReady | RelatedReady | ArticleMetaChanged
