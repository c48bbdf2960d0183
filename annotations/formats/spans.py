"""Each article's annotations as labelled spans of its current text: what the span
annotation tools (Prodigy, doccano, Label Studio) read.

Offsets are Python str indices (Unicode code points) into the article's text exactly
as loaded, the text these formats ship; an annotation made on an older version of the
text is re-anchored first, and one whose text is gone (orphaned) has no span and is
left out, as brat leaves it out. A span's label is the claim's label (``Claim`` when
it has none), ``Note`` for a note on a passage, the type for an entity annotation.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from syria_reader.annotations.formats.common import ExportData, Progress
from syria_reader.annotations.store.model import Annotation
from syria_reader.corpus import Article

CLAIM, NOTE, ENTITY = "Claim", "Note", "Entity"
# What every one of these exports says about an article besides its text: the sha256
# is the text's, the one the offsets count in.
ARTICLE_FIELDS = ("article_id", "title", "source", "date", "sha256")


@dataclass(frozen=True)
class Span:
    """One annotation placed in its article's current text, with its tool label."""

    annotation: Annotation
    label: str

    @property
    def start(self) -> int:
        return self.annotation.start

    @property
    def end(self) -> int:
        return self.annotation.end


def label_of(annotation: Annotation) -> str:
    if annotation.kind == "note":
        return NOTE
    return annotation.label or (ENTITY if annotation.kind == "entity" else CLAIM)


def article_spans(data: ExportData, progress: Progress) -> dict[str, list[Span]]:
    """Every article's spans in text order; counts the annotations and links."""
    spans: dict[str, list[Span]] = defaultdict(list)
    for annotation in data.annotations:
        progress.advance()
        placed = data.placed(annotation)
        if placed is not None:
            spans[placed.article_id].append(Span(placed, label_of(placed)))
    progress.advance(len(data.links))
    for found in spans.values():
        found.sort(key=lambda s: (s.start, s.end, s.label, s.annotation.id))
    return dict(spans)


def article_fields(article: Article) -> dict[str, Any]:
    return {"article_id": article.id, "title": article.title, "source": article.source,
            "date": article.date, "sha256": article.sha256}


def has_article_fields(record: object) -> bool:
    """Whether ``record`` (a "meta" or "data" object) names an article as we write it."""
    return isinstance(record, dict) and set(ARTICLE_FIELDS) <= set(record) and isinstance(
        record.get("sha256"), str)


__all__ = ["ARTICLE_FIELDS", "CLAIM", "ENTITY", "NOTE", "Span", "article_fields",
           "article_spans", "has_article_fields", "label_of"]
