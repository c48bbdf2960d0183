"""What a related-passages query returns, and the reasons it gives for each passage."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from syria_reader.annotations.linking.numbers import Figure, display
from syria_reader.annotations.vocabulary import passage_ref

# A figure, the word features saying what it counts, the place features near it.
FigureInContext = tuple[Figure, frozenset[int], frozenset[int]]
K = TypeVar("K")
REASON_ITEMS = 4  # entities or words named per reason
# A claim inside a sentence shows instead of it when it scores at least this share of
# the sentence's score: it is what the analyst tagged there, unless it is about
# something else than the query.
CLAIM_SHARE = 0.6


@dataclass(frozen=True)
class RelatedResult:
    """One related passage. ``score`` is in 0..1; ``claim_id`` is set for a claim."""

    article: str
    start: int
    end: int
    text: str
    score: float
    reasons: tuple[str, ...]
    claim_id: str | None = None
    relation: str = "supports"  # the suggested relation: one of vocabulary.RELATIONS
    weak: bool = False  # under the score that most look-alikes fall under

    @property
    def ref(self) -> str:
        """What a link to this passage names: the claim, else the passage."""
        return self.claim_id or passage_ref(self.article, self.start, self.end)

    def to_dict(self) -> dict[str, Any]:
        """The row of ``syria-reader related --json``."""
        return {"article": self.article, "start": self.start, "end": self.end,
                "text": self.text, "score": round(self.score, 3),
                "relation": self.relation, "weak": self.weak,
                "reasons": list(self.reasons)}


@dataclass
class Candidate:
    """A scored passage before the results are chosen."""

    score: float
    number: int  # the passage's place in the index
    article: str
    start: int
    end: int
    claim_id: str | None


def choose(candidates: list[Candidate], limit: int) -> list[Candidate]:
    """The best ``limit`` candidates (sorted best first), a claim standing in for the
    sentence it lies in when it scores nearly as well, so the two never both show."""
    kept: list[Candidate] = []
    for candidate in candidates:
        enclosing = next((k for k in kept if _inside(candidate, k)), None)
        if candidate.claim_id and enclosing is not None and enclosing.claim_id is None:
            if candidate.score >= CLAIM_SHARE * enclosing.score:
                kept[kept.index(enclosing)] = Candidate(
                    enclosing.score, candidate.number, candidate.article, candidate.start,
                    candidate.end, candidate.claim_id)
            continue
        if candidate.claim_id is None and any(
            k.claim_id and _inside(k, candidate) for k in kept
        ):
            continue  # its claim already stands for it
        if len(kept) < limit:
            kept.append(candidate)
    return kept


def _inside(inner: Candidate, outer: Candidate) -> bool:
    return (inner.article == outer.article and outer.start <= inner.start
            and inner.end <= outer.end and inner is not outer)


def figure_pairs(
    ours: Sequence[tuple[Figure, frozenset[K], frozenset[K]]],
    theirs: Sequence[tuple[Figure, frozenset[K], frozenset[K]]],
) -> list[tuple[Figure, Figure, frozenset[K]]]:
    """(our figure, their figure, the words both count) for figures (with the words
    around them and their places, as feature ids or names) that count the same
    thing: words in common, one unit, a like magnitude, and no two different places
    ("5,000 troops" in Iraq, "500 troops" in Syria); precise agreeing pairs first, since
    agreement is the stronger evidence of one fact."""
    pairs = [(figure, other, context & other_context)
             for figure, context, places in ours
             for other, other_context, other_places in theirs
             if context & other_context and figure.comparable(other)
             and (not places or not other_places or places & other_places)]
    pairs.sort(key=lambda pair: (not pair[0].agrees(pair[1]), pair[0].vague or pair[1].vague))
    return pairs


def figure_reason(ours: Figure, theirs: Figure, unit: str) -> str:
    what = f" ({unit})" if unit else ""
    if ours.identical(theirs) and not (ours.vague or theirs.vague):
        return f"same figure: {display(ours)}{what}"
    if ours.agrees(theirs) and not (ours.vague or theirs.vague):
        # Near but not equal: both figures, so the analyst sees how near.
        return f"figures close: {display(ours)} vs {display(theirs)}{what}"
    if ours.agrees(theirs):
        return f"figures compatible: {display(ours)} vs {display(theirs)}{what}"
    return f"numbers differ: {display(ours)} vs {display(theirs)}{what}"


def listed(label: str, items: list[str]) -> list[str]:
    """``["label: a, b"]`` with duplicates (any case) dropped, or nothing."""
    seen: set[str] = set()
    distinct = []
    for item in items:
        if item.lower() not in seen:
            seen.add(item.lower())
            distinct.append(item)
    return [f"{label}: {', '.join(distinct[:REASON_ITEMS])}"] if distinct else []
