"""What every exporter reads: one consistent snapshot of the store, plus small helpers.

The snapshot is read in one transaction, so an export never mixes the state before
and after a change another process made meanwhile.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from syria_reader.annotations.article_meta import load_article_meta, with_article_meta
from syria_reader.annotations.entities.corrections import load_corrections
from syria_reader.annotations.store.anchoring import reanchor
from syria_reader.annotations.store.book import AnnotationBook
from syria_reader.annotations.store.database import AnnotationStore
from syria_reader.annotations.store.model import Annotation
from syria_reader.annotations.vocabulary import (  # noqa: F401 - the formats import these from here
    ANNOTATIONS,
    CLUSTER,
    ENTITY_CORRECTIONS,
    LINKS,
    ORIGINS,
    RELATIONS,
)
from syria_reader.corpus import Article, Corpus

if TYPE_CHECKING:  # the entity index pulls in recognition code; only its type is needed
    from syria_reader.annotations.entities.index import EntityIndex

CORRECTIONS = ENTITY_CORRECTIONS
HEAD_BYTES = 1 << 16  # enough of a file to tell a line-based export by its first line
ENTITY_REF = CLUSTER  # link ends: annotation ids, entity clusters, ``passage:ART:S-E``
Record = dict[str, Any]
ProgressCallback = Callable[[int, int], None]


@dataclass(frozen=True)
class LinkEnd:
    """One link seen from one of its ends: ``other`` is the id at the far end."""

    link: Record
    other: str
    outgoing: bool  # True when this end is the link's source

    @property
    def relation(self) -> str:
        return str(self.link.get("relation", ""))


@dataclass
class ExportData:
    """Everything an exporter writes, sorted so that two exports of one store are equal."""

    corpus: Corpus
    annotations: list[Annotation]
    links: list[Record]  # all of them, rejected suggestions too (the native format)
    corrections: list[Record]
    entities: EntityIndex | None = None
    article_metadata: list[Record] = field(default_factory=list)  # the analyst's, per article
    exported: str = field(default_factory=lambda: datetime.now(UTC).isoformat(
        timespec="seconds"))
    raw_csv: bool = False  # CSV cells as they are, not defused against formulas

    def __post_init__(self) -> None:
        self._articles = {article.id: article for article in self.corpus.articles}
        self._annotations = {annotation.id: annotation for annotation in self.annotations}
        # A rejected suggestion is no link: only the native format carries it (so that it
        # is never suggested again after an import); the others show real links only.
        self.active_links = [r for r in self.links if r.get("origin") != "rejected"]
        ends: dict[str, list[LinkEnd]] = defaultdict(list)
        for link in self.active_links:
            source, target = str(link.get("source")), str(link.get("target"))
            ends[source].append(LinkEnd(link, target, outgoing=True))
            ends[target].append(LinkEnd(link, source, outgoing=False))
        self._ends = dict(ends)
        self._placed: dict[str, Annotation | None] = {}

    @property
    def total(self) -> int:
        """The records a progress bar counts: annotations and links."""
        return len(self.annotations) + len(self.links)

    def article(self, article_id: str) -> Article | None:
        return self._articles.get(article_id)

    def annotation(self, annotation_id: str) -> Annotation | None:
        return self._annotations.get(annotation_id)

    def links_of(self, annotation_id: str) -> list[LinkEnd]:
        return self._ends.get(annotation_id, [])

    def title(self, article_id: str) -> str:
        article = self.article(article_id)
        return article.title if article is not None else ""

    def placed(self, annotation: Annotation) -> Annotation | None:
        """The annotation where it is in the current text, or None if it cannot be found.

        Formats that ship or name the current texts (W3C positions, brat's .txt files)
        need offsets into those texts, not into the version the annotation was made on.
        Unchanged texts cost one hash comparison; nothing is saved.
        """
        if annotation.id not in self._placed:  # a link end is placed again: remember
            article = self.article(annotation.article_id)
            placed = reanchor(annotation, article).annotation if article else None
            self._placed[annotation.id] = None if placed is None or placed.orphaned else placed
        return self._placed[annotation.id]


def read_snapshot(
    store: AnnotationStore, corpus: Corpus, entities: EntityIndex | None = None,
    raw_csv: bool = False,
) -> ExportData:
    book = AnnotationBook(store)
    with store.transaction():  # one consistent state; every record checked as it is read
        annotations = book.annotations()
        links = book.links()
        corrections = [correction.to_record() for correction in load_corrections(store)]
        metadata = load_article_meta(store)
    annotations.sort(key=lambda a: (a.article_id, a.start, a.end, a.created, a.id))
    links.sort(key=lambda r: (str(r.get("created", "")), str(r.get("id", ""))))
    corrections.sort(key=lambda r: (str(r.get("created", "")), str(r.get("id", ""))))
    # Every format names the articles by the analyst's title, source and date, if set.
    corpus = with_article_meta(corpus, metadata)
    return ExportData(corpus, annotations, links, corrections, entities, raw_csv=raw_csv,
                      article_metadata=[metadata[key].to_record() for key in sorted(metadata)])


class Progress:
    """Counts records written and tells the callback about every percent or so.

    Calling back for every record of 10,000 would cost more than writing them.
    """

    def __init__(self, total: int, callback: ProgressCallback | None) -> None:
        self.total = total
        self.done = 0
        self._callback = callback
        self._step = max(total // 100, 1)
        if callback is not None:
            callback(0, total)

    def advance(self, count: int = 1) -> None:
        before = self.done
        self.done = min(self.done + count, self.total)
        if self._callback is not None and self.done != before and (
            self.done == self.total or self.done // self._step != before // self._step
        ):
            self._callback(self.done, self.total)

    def finish(self) -> None:
        if self.done < self.total:
            self.advance(self.total - self.done)


# -- recognising an earlier export (before writing over it) ------------------------------

def read_head(path: Path) -> bytes | None:
    """The first ``HEAD_BYTES`` of ``path``, None if it cannot be read."""
    try:
        with path.open("rb") as file:
            return file.read(HEAD_BYTES)
    except OSError:
        return None


def read_json(path: Path) -> object:
    """The JSON document in ``path``, None if it cannot be read or parsed."""
    try:
        return orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return None
