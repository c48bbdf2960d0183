"""Finding an annotation again after its article's text changed.

Exact first: every occurrence of the quote, ranked by how well its context matches the
stored prefix and suffix and by how far it moved. Then fuzzy: rapidfuzz aligns the quote
with the text near its old place (then anywhere), and the best alignment is scored on
quote, prefix, suffix and distance together. What scores too low is orphaned.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from syria_reader.annotations.store.model import Annotation, anchor_fields
from syria_reader.corpus import Article

FUZZY_ACCEPT = 75.0
_WINDOW = 2000  # characters around the old place searched first
_MAX_EXACT = 200  # occurrences of a quote worth ranking


@dataclass(frozen=True)
class Anchoring:
    annotation: Annotation
    status: str  # "unchanged" | "exact" | "fuzzy" | "orphaned"
    score: float


def _context_score(text: str, start: int, end: int, ann: Annotation) -> float:
    prefix = text[max(start - len(ann.prefix), 0) : start]
    suffix = text[end : end + len(ann.suffix)]
    scores = [fuzz.ratio(prefix, ann.prefix) if ann.prefix else 100.0,
              fuzz.ratio(suffix, ann.suffix) if ann.suffix else 100.0]
    return sum(scores) / 2


def _distance_penalty(start: int, ann: Annotation, length: int) -> float:
    return 10.0 * abs(start - ann.start) / max(length, 1)


def _exact(text: str, ann: Annotation) -> tuple[int, float] | None:
    best: tuple[float, int] | None = None
    position = text.find(ann.quote)
    seen = 0
    while position >= 0 and seen < _MAX_EXACT:
        score = _context_score(text, position, position + len(ann.quote), ann)
        score -= _distance_penalty(position, ann, len(text))
        if best is None or score > best[0]:
            best = (score, position)
        position = text.find(ann.quote, position + 1)
        seen += 1
    return (best[1], best[0]) if best else None


def _to_word_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen an alignment to whole words: it is as long as the old quote, so an edit
    that lengthened the text would otherwise cut the first or last word short."""
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    return start, end


def _fuzzy(text: str, ann: Annotation) -> tuple[int, int, float] | None:
    windows = [(max(ann.start - _WINDOW, 0), ann.end + _WINDOW), (0, len(text))]
    best: tuple[float, int, int] | None = None
    for low, high in windows:
        alignment = fuzz.partial_ratio_alignment(ann.quote, text[low:high])
        if alignment is None:
            continue
        start, end = _to_word_bounds(text, low + alignment.dest_start,
                                     low + alignment.dest_end)
        quote_score = alignment.score
        score = 0.7 * quote_score + 0.3 * _context_score(text, start, end, ann)
        score -= _distance_penalty(start, ann, len(text))
        if best is None or score > best[0]:
            best = (score, start, end)
        if best[0] >= 90:
            break
    return (best[1], best[2], best[0]) if best else None


def reanchor(ann: Annotation, article: Article) -> Anchoring:
    """Where ``ann`` is in the current text of ``article``.

    Found exactly, the annotation is ``exact`` (in its place) or ``moved``; found by a
    fuzzy alignment, it is ``changed`` and keeps the text it was tagged on in
    ``original_quote`` (the analyst accepts the new text, or detaches it, in the
    reader); not found, ``orphaned``. A change is never silent.
    """
    if ann.article_sha256 == article.sha256:
        # On this very text: found (or, orphaned, looked for or detached) already.
        return Anchoring(ann, "unchanged", 0.0 if ann.orphaned else 100.0)
    if not ann.quote:  # nothing to look for (an orphan imported without its quote)
        return Anchoring(replace(ann, orphaned=True, anchor="orphaned",
                                 article_sha256=article.sha256), "orphaned", 0.0)
    text = article.text
    exact = _exact(text, ann)
    if exact is not None:
        start, score = exact
        # Its quote found as it is now: still "changed" from the text as tagged, if it
        # was (an orphan found again included), else in place or moved.
        anchor = "changed" if ann.original_quote else (
            "exact" if start == ann.start else "moved")
        moved = replace(ann, orphaned=False, anchor=anchor,
                        **_fields(article, start, start + len(ann.quote)))
        return Anchoring(moved, "exact", score)
    fuzzy = _fuzzy(text, ann) if ann.quote.strip() else None
    if fuzzy is not None and fuzzy[2] >= FUZZY_ACCEPT:
        start, end, score = fuzzy
        original = ann.original_quote or ann.quote
        now = text[start:end]
        moved = replace(ann, orphaned=False, **_fields(article, start, end),
                        anchor="moved" if now == original else "changed",
                        original_quote="" if now == original else original)
        return Anchoring(moved, "fuzzy", score)
    # Orphaned on this text: looked for again only when the text changes again.
    orphan = replace(ann, orphaned=True, anchor="orphaned", article_sha256=article.sha256)
    return Anchoring(orphan, "orphaned", fuzzy[2] if fuzzy else 0.0)


def _fields(article: Article, start: int, end: int) -> dict[str, object]:
    fields = anchor_fields(article, start, end)
    del fields["article_id"]
    return fields
