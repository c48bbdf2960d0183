"""The figures a passage states, as quantities: value (a range for "hundreds"), unit
and the words that say what is counted ("about 2,000 troops": 2,000, troops)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from syria_reader.annotations.linking.entities import EntityMatcher
from syria_reader.annotations.linking.features import WORD, analyse
from syria_reader.annotations.linking.numbers import Figure, display, figures
from syria_reader.annotations.linking.results import figure_pairs


@dataclass(frozen=True)
class Quantity:
    figure: Figure
    subject: frozenset[str]  # word features: "troop", "fighter"
    places: frozenset[str]  # entity features of the places it is said to be in

    @property
    def value(self) -> str:
        """As written, without its hedge: "about 2,000" -> "2,000"."""
        return display(self.figure)

    @property
    def what(self) -> str:
        """The words that say what it counts, for a label: "troop"."""
        return " ".join(sorted(self.subject))

    def to_dict(self) -> dict[str, object]:
        return {"text": self.figure.text, "value": self.value, "low": self.figure.low,
                "high": self.figure.high, "unit": self.figure.unit,
                "vague": self.figure.vague, "counts": sorted(self.subject)}


@cache
def _matcher() -> EntityMatcher:
    # Names are not needed to read a figure; places said by name still count (analyse
    # looks them up in the index's mentions when there is one).
    return EntityMatcher(None)


def quantities(text: str) -> tuple[Quantity, ...]:
    """The quantities of ``text`` (a claim's quote)."""
    if not figures(text):  # most passages: no analysis at all
        return ()
    found = analyse(text, _matcher()).figures
    return tuple(Quantity(figure, frozenset(w[len(WORD):] for w in words if w.startswith(WORD)),
                          places) for figure, words, places in found)


def differing(ours: tuple[Quantity, ...], theirs: tuple[Quantity, ...]
              ) -> list[tuple[Quantity, Quantity]]:
    """Pairs that count the same thing (words in common, one unit, like magnitude, no
    two different places) and disagree."""
    by_figure = {id(q.figure): q for q in (*ours, *theirs)}
    pairs = figure_pairs([(q.figure, q.subject, q.places) for q in ours],
                         [(q.figure, q.subject, q.places) for q in theirs])
    return [(by_figure[id(one)], by_figure[id(other)]) for one, other, _ in pairs
            if not one.agrees(other)]


def comparable(one: Quantity, other: Quantity) -> bool:
    """Whether two quantities count one thing (the test ``differing`` applies)."""
    return bool(figure_pairs([(one.figure, one.subject, one.places)],
                             [(other.figure, other.subject, other.places)]))
