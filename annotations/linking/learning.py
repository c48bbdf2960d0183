"""The analyst's decisions as training examples for the related-passages ranking.

A confirmed link says "this passage answers that one"; a rejection says it does not.
Both ends are resolved to spans (a claim by its anchor, a passage by its ref); links to
entity clusters and to orphaned claims teach nothing and are skipped. The weights
fitted on a set of decisions are kept beside the related cache (``ranking``), so a
command or a window that opens on the same decisions does not fit them again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping

import numpy as np

from syria_reader.annotations.linking import ranking
from syria_reader.annotations.linking.links import Link, parse_passage
from syria_reader.annotations.linking.related import RelatedIndex
from syria_reader.annotations.store.model import Annotation
from syria_reader.annotations.vocabulary import passage_ref

SpanRef = tuple[str, int, int]
Decision = tuple[SpanRef, SpanRef, bool]


def decisions(links: Iterable[Link], annotations: Mapping[str, Annotation]) -> list[Decision]:
    """(source span, target span, linked) for every confirmed link and rejection."""
    found = []
    for link in links:
        if link.origin not in ("confirmed", "rejected"):
            continue
        source, target = _span(link.source, annotations), _span(link.target, annotations)
        if source is not None and target is not None:
            found.append((source, target, not link.rejected))
    return sorted(found)


def _span(ref: str, annotations: Mapping[str, Annotation]) -> SpanRef | None:
    passage = parse_passage(ref)
    if passage is not None:
        return passage.article_id, passage.start, passage.end
    annotation = annotations.get(ref)
    if annotation is None or annotation.orphaned:
        return None
    return annotation.article_id, annotation.start, annotation.end


def corpus_key(article_ids: Iterable[str]) -> str:
    """The corpus a set of weights belongs to: its articles, whatever their text."""
    return hashlib.sha256("\x1e".join(sorted(article_ids)).encode()).hexdigest()[:32]


def relearn(index: RelatedIndex, made: list[Decision], corpus: str) -> np.ndarray:
    """Give ``index`` the weights for ``made``: kept ones if fitted before, else fitted
    now and kept."""
    digest = ranking.decisions_digest(
        [(passage_ref(*source), passage_ref(*target), linked) for source, target, linked in made])
    kept = ranking.load_weights(corpus, digest, index.cache_folder)
    if kept is not None:
        index.weights = kept
        return kept
    weights = index.learn(made)
    if made:
        ranking.save_weights(corpus, digest, weights, index.cache_folder)
    return weights
