"""Labelled development set for entity recognition and clustering (issue 19).

What it is: four short invented news reports in bench/entity_set/ (a headline line, then
the text) telling one story: a ship chartered by the shipping company Baltic Freight Lines
carries flour from the small port town of Kestrel (in the fictional Hallin County) to
northeast Syria; the aid convoy reaches the city; the company's chief executive resigns; a
border crossing reopens. Nothing in it is real.

What it tests:

- the company under three names in three reports: "Baltic Freight Lines", "BFL" (01, 03),
  "Baltic Freight" (02, never with the full name in that report);
- the town "Kestrel" in three reports (01, 03, 04), each saying it is a town ("the small
  town of Kestrel", "In the town of Kestrel", "in Kestrel"), and "KESTREL" in a dateline;
- Syrian places spelled differently across reports and never paired in one text: "Raqqa"
  (01) / "Ar Raqqah" (02) / "Raqqah" (04); "Kobani" (01) / "Ayn al Arab" (04);
  "Deir ez-Zor" (02) / "Deir Ezzor" (03);
- given-name variants: "William Ortega" (01) / "Bill Ortega" and a lone "Ortega" (03);
  "Katherine Lund" (02) / "Kate Lund" (04), and "Ms. Lund" in both;
- a caption run into its photo credit ("wait near the Turkish borderReuters", 01) and a
  common noun before a name ("In a farewell Tweet Ortega wrote", 03);
- hard negatives: a given name that is a country ("Jordan Hale", 02, against "Jordan" the
  country, 04); a surname that is a city ("Sarah Lincoln", then "Lincoln told", 03);
  capitalised common words at a sentence start that are also towns ("Police", "Reading",
  "Mobile", "Nice", "Split", "Van") and "took a bath"; two people sharing a surname in
  different reports ("Anna Weiss" with a lone "Weiss" in 01, "David Weiss" with a lone
  "Weiss" in 03), who must stay apart.

The labels are exhaustive for the name types (PERSON, ORG, GPE, LOC, NORP, FAC): every
such name in the texts, headlines and datelines included, is a label, so precision can be
measured. Values (dates, numbers, money) are not labelled. A label is
``(surface, type, entity)`` or ``(surface, type, entity, occurrence)``:

- without an occurrence it stands for every occurrence of ``surface`` in the article as a
  whole word (case-sensitive) that a longer label has not already taken: "Weiss" is the
  lone "Weiss", not the one inside "Anna Weiss"; "Syria" is not the start of "Syrian";
- with an occurrence ``k`` it is the k-th (from 0) occurrence of ``surface`` as a plain
  substring, taken before the others: the only way to label "Reuters" inside
  "borderReuters".

A title is not part of a person's label ("Ms. Lund" is labelled "Lund"). ``entity`` names
the real-world thing: labels with the same entity, in any articles, are one expected
cluster; labels with different entities must never share one. APART lists the pairs of
entities that a careless clusterer would merge, with why. HARD_NEGATIVES are spans that no
recognised name may overlap: ``(surface, occurrence, why)`` with the occurrence counted as
for labels.

Run ``.venv/bin/python -m bench.entity_set`` to check the labels against the texts (every
label found, no two overlapping, the variant spellings never paired in one text, 150-350
words each) and to list the capitalised words that no label covers, for review.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

SET_DIR = Path(__file__).resolve().parent / "entity_set"

TYPES = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC")

Label = tuple[str, str, str] | tuple[str, str, str, int]

LABELS: dict[str, list[Label]] = {
    "01_kestrel_departure": [
        ("Baltic Freight Lines", "ORG", "bfl"),
        ("BFL", "ORG", "bfl"),
        ("Kestrel", "GPE", "kestrel"),
        ("KESTREL", "GPE", "kestrel"),  # the dateline
        ("Hallin County", "GPE", "hallin_county"),
        ("Reuters", "ORG", "reuters", 0),  # "(Reuters)" in the dateline
        ("Reuters", "ORG", "reuters", 1),  # the caption's credit: "borderReuters"
        ("Raqqa", "GPE", "raqqa"),
        ("Turkish", "NORP", "turkish"),
        ("Mersin", "GPE", "mersin"),
        ("Kobani", "GPE", "kobani"),
        ("William Ortega", "PERSON", "ortega"),
        ("Anna Weiss", "PERSON", "anna_weiss"),
        ("Weiss", "PERSON", "anna_weiss"),
        ("Syria", "GPE", "syria"),
        ("United Nations", "ORG", "un"),
    ],
    "02_convoy_reaches_city": [
        ("Ar Raqqah", "GPE", "raqqa"),
        ("Deir ez-Zor", "GPE", "deir_ez_zor"),
        ("GENEVA", "GPE", "geneva"),
        ("Baltic Freight", "ORG", "bfl"),
        ("World Food Programme", "ORG", "wfp"),
        ("Europe", "LOC", "europe"),
        ("Katherine Lund", "PERSON", "lund"),
        ("Lund", "PERSON", "lund"),  # "Ms. Lund"
        ("Syria", "GPE", "syria"),
        ("Euphrates", "LOC", "euphrates"),
        ("Jordan Hale", "PERSON", "hale"),
        ("Hale", "PERSON", "hale"),
        ("Syrian Democratic Forces", "ORG", "sdf"),
        ("Kurdish", "NORP", "kurdish"),
        ("Islamic State", "ORG", "islamic_state"),
    ],
    "03_chief_steps_down": [
        ("Baltic Freight Lines", "ORG", "bfl"),
        ("BFL", "ORG", "bfl"),
        ("Bill Ortega", "PERSON", "ortega"),
        ("Ortega", "PERSON", "ortega"),  # "In a farewell Tweet Ortega wrote"
        ("Syria", "GPE", "syria"),
        ("Kestrel", "GPE", "kestrel"),
        ("Sarah Lincoln", "PERSON", "lincoln"),
        ("Lincoln", "PERSON", "lincoln"),
        ("David Weiss", "PERSON", "david_weiss"),
        ("Weiss", "PERSON", "david_weiss"),
        ("Halden Partners", "ORG", "halden_partners"),
        ("Copenhagen", "GPE", "copenhagen"),
        ("World Food Programme", "ORG", "wfp"),
        ("Deir Ezzor", "GPE", "deir_ez_zor"),
    ],
    "04_crossing_to_reopen": [
        ("Ayn al Arab", "GPE", "kobani"),
        ("UN", "ORG", "un"),
        ("United Nations", "ORG", "un"),
        ("AMMAN", "GPE", "amman"),
        ("Raqqah", "GPE", "raqqa"),
        ("Kate Lund", "PERSON", "lund"),
        ("Lund", "PERSON", "lund"),  # "Ms. Lund", twice
        ("World Food Programme", "ORG", "wfp"),
        ("Syria", "GPE", "syria"),
        ("Jordan", "GPE", "jordan"),
        ("Iraq", "GPE", "iraq"),
        ("Jordanian", "NORP", "jordanian"),
        ("Kestrel", "GPE", "kestrel"),
        ("Turkey", "GPE", "turkey"),
        ("Turkish", "NORP", "turkish"),
    ],
}

HARD_NEGATIVES: dict[str, list[tuple[str, int, str]]] = {
    "01_kestrel_departure": [
        ("border", 1, "the caption's last word, run into its credit: 'borderReuters'"),
        ("Police", 0, "a sentence's first word; Police is a town in Poland"),
        ("Reading", 0, "the verb at a sentence start; Reading is an English town"),
    ],
    "02_convoy_reaches_city": [
        ("Mobile", 0, "'Mobile phone networks' at a sentence start; Mobile, Alabama"),
        ("Nice", 0, "the adjective at the start of a quote; Nice is a French city"),
    ],
    "03_chief_steps_down": [
        ("Tweet", 0, "a common noun before a name: 'In a farewell Tweet Ortega wrote'"),
        ("bath", 0, "'took a bath'; Bath is an English city"),
    ],
    "04_crossing_to_reopen": [
        ("Split", 0, "the verb at a sentence start; Split is a Croatian city"),
        ("Van", 0, "'Van drivers' at a sentence start; Van is a Turkish city"),
    ],
}

APART: list[tuple[str, str, str]] = [
    ("anna_weiss", "david_weiss", "two people sharing a surname, in different reports"),
    ("hale", "jordan", "a given name that is also a country ('Jordan Hale' / 'Jordan')"),
    ("jordanian", "jordan", "a demonym is not its country"),
    ("turkish", "turkey", "a demonym is not its country"),
    ("kestrel", "hallin_county", "a town is not its region (same dateline)"),
    ("raqqa", "deir_ez_zor", "two Syrian cities on the Euphrates"),
    ("un", "wfp", "an agency is not its parent organisation"),
]

# Spellings of one thing that no single text pairs (so only knowledge can link them).
NEVER_PAIRED: list[tuple[str, ...]] = [
    ("Raqqa", "Ar Raqqah", "Raqqah"),
    ("Kobani", "Ayn al Arab"),
    ("Deir ez-Zor", "Deir Ezzor"),
    ("William Ortega", "Bill Ortega"),
    ("Katherine Lund", "Kate Lund"),
    ("Baltic Freight Lines", "Baltic Freight"),
]


@dataclass(frozen=True)
class Span:
    """One labelled mention: ``text[start:end] == surface``."""

    article: str
    start: int
    end: int
    surface: str
    type: str
    entity: str


def article_text(article: str) -> str:
    return (SET_DIR / f"{article}.txt").read_text(encoding="utf-8")


def occurrences(text: str, surface: str) -> Iterator[int]:
    """Starts of ``surface`` in ``text`` as a plain substring, left to right."""
    start = text.find(surface)
    while start >= 0:
        yield start
        start = text.find(surface, start + 1)


def nth(text: str, surface: str, occurrence: int) -> int:
    """Where the ``occurrence``-th (from 0) plain occurrence of ``surface`` starts."""
    for index, start in enumerate(occurrences(text, surface)):
        if index == occurrence:
            return start
    raise ValueError(f"{surface!r} occurs fewer than {occurrence + 1} times")


def _whole_words(text: str, surface: str) -> Iterator[int]:
    for match in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", text):
        yield match.start()


def _overlaps(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    return any(start < other_end and other_start < end for other_start, other_end in taken)


def spans(article: str, text: str | None = None) -> list[Span]:
    """The labelled mentions of ``article``, in text order (see the module's docstring).
    Raises ``ValueError`` for a label that matches nothing or overlaps another."""
    text = article_text(article) if text is None else text
    found: list[Span] = []
    taken: list[tuple[int, int]] = []
    labels = LABELS[article]
    for label in labels:
        if len(label) != 4:
            continue
        surface, kind, entity, occurrence = label
        start = nth(text, surface, occurrence)
        if _overlaps(start, start + len(surface), taken):
            raise ValueError(f"{article}: {label} overlaps another label")
        taken.append((start, start + len(surface)))
        found.append(Span(article, start, start + len(surface), surface, kind, entity))
    for label in sorted((lb for lb in labels if len(lb) == 3), key=lambda lb: -len(lb[0])):
        surface, kind, entity = label[:3]
        mine = [s for s in _whole_words(text, surface)
                if not _overlaps(s, s + len(surface), taken)]
        if not mine:
            raise ValueError(f"{article}: {label} matches nothing")
        for start in mine:
            taken.append((start, start + len(surface)))
            found.append(Span(article, start, start + len(surface), surface, kind, entity))
    return sorted(found, key=lambda s: s.start)


def all_spans() -> list[Span]:
    return [span for article in LABELS for span in spans(article)]


def hard_negative_spans(article: str, text: str | None = None) -> list[tuple[int, int, str]]:
    """(start, end, why) of each hard negative of ``article``."""
    text = article_text(article) if text is None else text
    return [(start, start + len(surface), why)
            for surface, occurrence, why in HARD_NEGATIVES.get(article, [])
            for start in [nth(text, surface, occurrence)]]


def expected_clusters() -> dict[str, list[tuple[str, str]]]:
    """Entity -> its distinct (article, surface) forms: the clusters the set expects."""
    clusters: dict[str, list[tuple[str, str]]] = {}
    for span in all_spans():
        forms = clusters.setdefault(span.entity, [])
        if (span.article, span.surface) not in forms:
            forms.append((span.article, span.surface))
    return clusters


def _check() -> list[str]:
    """Problems with the labels (an empty list when the set is consistent)."""
    problems: list[str] = []
    files = sorted(path.stem for path in SET_DIR.glob("*.txt"))
    if files != sorted(LABELS):
        problems.append(f"articles {files} but labels for {sorted(LABELS)}")
    if len(files) < 4:
        problems.append("fewer than 4 articles")
    entities: set[str] = set()
    for article in LABELS:
        text = article_text(article)
        words = len(text.split())
        if not 150 <= words <= 350:
            problems.append(f"{article}: {words} words (150-350 wanted)")
        if "\n" not in text.strip() or not text.split("\n", 1)[0].strip():
            problems.append(f"{article}: no headline line")
        try:
            labelled = spans(article, text)
            negatives = hard_negative_spans(article, text)
        except ValueError as error:
            problems.append(str(error))
            continue
        for span in labelled:
            entities.add(span.entity)
            if span.type not in TYPES:
                problems.append(f"{article}: {span.surface!r} has type {span.type}")
            if text[span.start:span.end] != span.surface:
                problems.append(f"{article}: {span.surface!r} not at {span.start}")
        for start, end, why in negatives:
            if _overlaps(start, end, [(s.start, s.end) for s in labelled]):
                problems.append(f"{article}: hard negative {text[start:end]!r} ({why}) "
                                "overlaps a label")
        surfaces = {span.surface for span in labelled}
        for group in NEVER_PAIRED:
            if len(surfaces.intersection(group)) > 1:
                problems.append(f"{article}: pairs {sorted(surfaces.intersection(group))}")
    for first, second, _why in APART:
        for entity in (first, second):
            if entity not in entities:
                problems.append(f"APART names {entity!r}, which no label has")
    return problems


def _unlabelled_capitals() -> list[tuple[str, str]]:
    """Capitalised words outside every label and hard negative, for a reader to review:
    most start a sentence or a quote; a name among them is a missing label."""
    found = []
    for article in LABELS:
        text = article_text(article)
        taken = [(s.start, s.end) for s in spans(article, text)]
        taken += [(start, end) for start, end, _why in hard_negative_spans(article, text)]
        for match in re.finditer(r"\b[A-Z][\w'-]*", text):
            if not _overlaps(match.start(), match.end(), taken):
                found.append((article, match.group()))
    return found


def main() -> int:
    problems = _check()
    for problem in problems:
        print(f"PROBLEM: {problem}")
    labelled = all_spans()
    clusters = expected_clusters()
    pairs = sum(len(list(combinations(forms, 2))) for forms in clusters.values())
    print(f"{len(LABELS)} articles, {len(labelled)} labelled mentions of "
          f"{len(clusters)} entities; {sum(len(f) > 1 for f in clusters.values())} entities "
          f"with more than one form ({pairs} same-entity pairs of forms); "
          f"{sum(len(v) for v in HARD_NEGATIVES.values())} hard negatives; "
          f"{len(APART)} pairs that must stay apart")
    by_type: dict[str, int] = {}
    for span in labelled:
        by_type[span.type] = by_type.get(span.type, 0) + 1
    print("by type: " + ", ".join(f"{kind} {count}" for kind, count in sorted(by_type.items())))
    review = sorted({word for _article, word in _unlabelled_capitals()})
    print(f"capitalised words without a label (review): {', '.join(review)}")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
