"""The relation a related passage most likely bears to the query: same, supports,
contradicts or updates (``vocabulary.RELATIONS``).

From what the engine already knows, in this order:

- figures for the same thing that differ: the later report updates the earlier one
  (when both articles are dated), else they contradict;
- the two answers to one question ("withdraw" and "remain", "increase" and "reduce"):
  likewise an update when dated, else a contradiction;
- one of the two denies what the other says (a negation on one side only, in passages
  that share most of their meaning): contradicts;
- the same figure, or nearly all of the query's meaning: the same fact;
- otherwise the passage supports the query.

It is a suggestion: the analyst accepts it with the key that links, or picks another.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from syria_reader.annotations.linking.numbers import Figure
from syria_reader.annotations.linking.text import squeezed

SAME_SCORE = 0.6  # a passage scoring this much says the same thing
NEGATED_SCORE = 0.3  # below this, a negation on one side is about something else
_NEGATION = re.compile(
    r"\b(?:not|no|never|none|nothing|nobody|neither|nor|deny|denies|denied|false|refused|"
    r"refuses|rejects|rejected)\b|n[’']t\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Evidence:
    """What the scoring found between a query and one passage."""

    score: float
    figure_pairs: list[tuple[Figure, Figure]]
    opposed: bool  # the two answer one question the two opposite ways
    query_text: str
    passage_text: str
    query_date: str | None = None
    passage_date: str | None = None


def negated(text: str) -> bool:
    return bool(_NEGATION.search(text))


def suggest(evidence: Evidence) -> str:
    dated = bool(evidence.query_date and evidence.passage_date
                 and evidence.query_date != evidence.passage_date)
    change = "updates" if dated else "contradicts"
    precise = [(a, b) for a, b in evidence.figure_pairs if not (a.vague or b.vague)]
    if any(not a.agrees(b) for a, b in precise):
        return change
    if evidence.opposed:
        return change
    if squeezed(evidence.query_text) in squeezed(evidence.passage_text):
        return "same"
    if (evidence.score >= NEGATED_SCORE
            and negated(evidence.query_text) != negated(evidence.passage_text)):
        return "contradicts"
    if precise or evidence.score >= SAME_SCORE:
        return "same"
    return "supports"
