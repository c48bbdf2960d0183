"""What the related-passages engine knows of one passage: its features and figures.

Features, each a string with a kind prefix:

- ``w:`` a content word after stop words, stemming and synonyms ("w:troop" for
  "troops", "forces", "boots"; "w:withdraw" for "withdrawal", "pulling out");
- ``e:`` an entity cluster ("e:ent-org-syrian-democratic-forces" for "SDF" too); the
  words a mention spans count only as the entity, so "Syrian Democratic Forces" is not
  also "forces";
- ``x:`` the very word, beside its synonym group's ``w:``, so the same word ranks
  above a synonym;
- ``a:`` the question two opposite words answer ("withdraw" and "remain": presence),
  so a report of a withdrawal meets one of a decision to stay;
- ``p:`` two ``w:``/``e:`` features close together ("mission ... defeat", "civil war"):
  phrasing, in any order.

Each figure keeps the words around it (what it counts) and the places named near it
(where): "5,000 troops" in Iraq and "500 troops" in Syria count different things.

An organisation written as part of a person's title ("U.S. Army Col. Ryan Dillon") is
not a feature of its own: two colonels of one army are not one fact. A sentence whose
reporting verb has a pronoun for subject ("he said he was still determined…") is
flagged, so the index can credit the statement to the person last named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from syria_reader.annotations.linking.entities import EntityMatcher, Span, merge_spans
from syria_reader.annotations.linking.numbers import Figure, figures
from syria_reader.annotations.linking.text import TITLE_WORDS, Token, axis, exact, terms, tokens

WORD = "w:"
ENTITY = "e:"
AXIS = "a:"  # the question two opposite words answer ("withdraw"/"remain": presence)
EXACT = "x:"  # the very word, beside its synonym group's feature
PAIR = "p:"  # two features close together: "mission ... defeat", "civil war"
PAIR_REACH = 2  # a feature pairs with this many that follow it
# Words before a figure, and after it, that say what it counts: "troops in Syria,
# roughly 500", "some 2,000 ISIS fighters". One after: the unit; further words after it
# are the rest of the sentence ("two sets of forces" counts sets, not forces).
FIGURE_BEFORE, FIGURE_AFTER = 3, 1
_LOCATIVES = frozenset("in into at from across inside throughout near within around "
                       "outside toward towards".split())
_PLACE_ADJECTIVES = frozenset("the northern southern eastern western central northeast "
                              "northwest southeast southwest neighbouring neighboring "
                              "northeastern northwestern southeastern southwestern".split())
PLACE_REACH = 8  # tokens either side of a figure where a named place says where it is
_REPORTING = (r"said|says|added|adds|told|tells|tweeted|wrote|writes|claimed|claims|warned|"
              r"argued|insisted|stated|announced|explained|noted|vowed|promised")
# "he said", "said he", "adding he", "the President tweeted": someone named before.
_PRONOUN_SPEAKER = re.compile(
    rf"\b(?:he|she|the\s+president)\s+(?:\w+\s+)?(?:{_REPORTING})\b"
    rf"|\b(?:{_REPORTING}|adding|saying),?\s+(?:that\s+)?(?:he|she)\b",
    re.IGNORECASE,
)


@dataclass
class Analysis:
    features: list[str]  # distinct, in text order
    surfaces: dict[str, str]  # feature -> how the passage writes it (first occurrence)
    # Each figure, the word features saying what it counts, the place features near it.
    figures: list[tuple[Figure, frozenset[str], frozenset[str]]] = field(default_factory=list)
    comparable: str = ""  # the features as words, for rapidfuzz's token scorers
    pronoun_speaker: bool = False  # "he said": the statement is the last-named person's
    text: str = ""


def analyse(
    text: str, matcher: EntityMatcher, offset: int = 0, known: list[Span] | None = None
) -> Analysis:
    """Features of ``text``; ``known`` are entity spans (offsets in the article, which
    ``text`` starts at ``offset``) from the recogniser, completed by name look-up."""
    words = tokens(text)
    named = [(s + offset, e + offset, c) for s, e, c in matcher.named_spans(words)]
    spans = merge_spans(known or [], named)
    titles = _titles(spans, words, offset)
    ordered: list[tuple[int, str, str]] = []  # (position, feature, surface)
    span_at = 0
    covered: set[int] = set()
    for index, token in enumerate(words):
        begin = token.start + offset
        while span_at < len(spans) and spans[span_at][1] <= begin:
            span_at += 1
        if span_at < len(spans) and spans[span_at][0] <= begin < spans[span_at][1]:
            covered.add(index)
    for start, end, cluster in spans:
        if (start, end) in titles:
            continue  # its words are part of a title: neither an entity nor words
        position = next((i for i, t in enumerate(words) if t.start + offset >= start), len(words))
        ordered.append((position, ENTITY + cluster, text[start - offset : end - offset]))
    uncovered = [(i, t) for i, t in enumerate(words) if i not in covered]
    kept = [t for _, t in uncovered]
    for first, last, feature in terms(kept):
        surface = text[kept[first].start : kept[last].end]
        ordered.append((uncovered[first][0], WORD + feature, surface))
        question = axis(feature)
        if question is not None:
            ordered.append((uncovered[first][0], AXIS + question, surface))
        same = exact(kept[first].norm) if first == last else None
        if same is not None:
            ordered.append((uncovered[first][0], EXACT + same, surface))
    ordered.sort(key=lambda item: item[0])
    main = [(feature, surface) for _, feature, surface in ordered
            if feature.startswith((WORD, ENTITY))]
    features: list[str] = []
    surfaces: dict[str, str] = {}
    for _, feature, surface in [*ordered, *_pairs(main)]:
        if feature not in surfaces:
            surfaces[feature] = surface
            features.append(feature)
    places = [(position, feature) for position, feature, _ in ordered
              if feature.startswith(ENTITY) and matcher.is_place(feature[len(ENTITY):])
              and _locative(words, position)]
    return Analysis(
        features=features,
        surfaces=surfaces,
        figures=_figures_in_context(text, words, ordered, places),
        comparable=" ".join(feature[2:] for feature, _ in main),
        pronoun_speaker=bool(_PRONOUN_SPEAKER.search(text)),
        text=text,
    )


def _locative(words: list[Token], position: int) -> bool:
    """Whether the place at token ``position`` says where ("troops in Syria", "Iraq,
    where…"), not who ("the US has 2,000 troops")."""
    before = position - 1
    while before >= 0 and words[before].norm in _PLACE_ADJECTIVES:
        before -= 1
    if before >= 0 and words[before].norm in _LOCATIVES:
        return True
    after = next((t for t in words[position + 1 :] if not t.capitalised), None)
    return after is not None and after.norm == "where"


def _titles(spans: list[Span], words: list[Token], offset: int) -> set[tuple[int, int]]:
    """The spans followed by a title ("U.S. Army" in "U.S. Army Col. Ryan Dillon")."""
    starts = [token.start + offset for token in words]
    found = set()
    for start, end, _ in spans:
        after = next((i for i, begin in enumerate(starts) if begin >= end), None)
        if after is not None and words[after].norm in TITLE_WORDS:
            found.add((start, end))
    return found


def _pairs(main: list[tuple[str, str]]) -> list[tuple[int, str, str]]:
    """Each feature with the next ``PAIR_REACH`` ones, in either order."""
    found = []
    for index, (feature, surface) in enumerate(main):
        for other, other_surface in main[index + 1 : index + 1 + PAIR_REACH]:
            if other != feature:
                low, high = sorted((feature, other))
                found.append((index, f"{PAIR}{low}|{high}", f"{surface} … {other_surface}"))
    return found


def _figures_in_context(
    text: str, words: list[Token], ordered: list[tuple[int, str, str]],
    places: list[tuple[int, str]],
) -> list[tuple[Figure, frozenset[str], frozenset[str]]]:
    # Only words say what a figure counts: "2,000 troops", not "Syria".
    ordered = [item for item in ordered if item[1].startswith(WORD)]
    found = []
    for figure in figures(text):
        first = next((i for i, t in enumerate(words) if t.end > figure.start), len(words))
        last = next((i for i, t in enumerate(words) if t.start >= figure.end), len(words))
        before = [f for position, f, _ in ordered if position < first][-FIGURE_BEFORE:]
        after = [f for position, f, _ in ordered if position >= last][:FIGURE_AFTER]
        near = frozenset(f for position, f in places
                         if first - PLACE_REACH <= position < last + PLACE_REACH)
        found.append((figure, frozenset(before + after), near))
    return found
