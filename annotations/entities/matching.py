"""Pairwise rules: when two normalised names are spelling variants of one name.

No single scorer separates true variants from false ones ("Russia"~"Russian" scores 92
with fuzz.ratio, above most true pairs), so a pair needs a small edit distance (OSA:
none up to 5 letters, one up to 11, two from 12) on its joined or compact form AND
must pass guards: digits equal, no demonym ending, no consonant changed in a short
word. Candidate pairs come from ``rapidfuzz.process.cdist`` inside blocks (same type
family and first letter, lengths at most two apart), never from all pairs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from rapidfuzz import process
from rapidfuzz.distance import OSA

from syria_reader.annotations.entities.names import (
    NAME_SUFFIXES,
    PARTICLES,
    NameForm,
    compact_token,
    demonym_pair,
    is_article,
)

if TYPE_CHECKING:
    from nicknames import NickNamer

EXACT_UP_TO = 5  # "Iran"/"Iraq", "Syria"/"Sirya": at this length one letter is another name
LONG_FROM = 12  # from this compact length two edits are still one name
MAX_EDITS = 2
_CHUNK = 512  # cdist rows per call: bounds the distance matrix in memory
_MIN_FUZZY_GIVEN = 5  # "Benyamin"/"Binyamin" yes, "Mark"/"Mary" no
_MIN_FUZZY_SURNAME = 6  # "Jeffery"/"Jeffrey" yes, "Kelly"/"Kerry" no


@cache
def _nicknames() -> NickNamer:
    # The nicknames package (Old Dominion University's given-name data): "Bill" and
    # "William", "Kate" and "Katherine", about 1,000 names. Loaded on first use.
    from nicknames import NickNamer

    return NickNamer()


def nickname_pair(a: str, b: str) -> bool:
    """Whether one given name is a nickname of the other (lowercase names)."""
    namer = _nicknames()
    return b in namer.nicknames_of(a) or a in namer.nicknames_of(b)


def allowed_edits(length: int) -> int:
    """Edits (OSA: substitution, insertion, deletion, adjacent swap) a name may differ by."""
    if length <= EXACT_UP_TO:
        return 0
    return 1 if length < LONG_FROM else MAX_EDITS


def _consonants(word: str) -> str:
    return "".join(ch for ch in compact_token(word) if ch not in "aeiouy")


def _changes_short_word(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """With the same number of words, a changed short word may only change its vowels:
    "Iran Army"/"Iraq Army" differ in a consonant of a four-letter word, "Deir al-Zour"/
    "Deir ez-Zor" in articles and vowels."""
    if len(a) != len(b):
        return False
    return any(
        min(len(x), len(y)) < EXACT_UP_TO and _consonants(x) != _consonants(y)
        and not (is_article(x) and is_article(y))
        for x, y in zip(a, b, strict=True)
    )


def _within(a: str, b: str) -> bool:
    distance = OSA.distance(a, b, score_cutoff=MAX_EDITS)
    return distance <= allowed_edits(min(len(a), len(b)))


def similar_names(a: NameForm, b: NameForm) -> bool:
    """The composite rule for two names that are not people.

    Close on the joined form ("Rusisa"/"Russia": a swap) or on the compact one
    ("Maghaweer"/"Maghawir"), then every guard must pass.
    """
    if not a.compact or not b.compact:
        return False
    if a.compact == b.compact:
        return a.digits == b.digits
    if not (_within(a.joined, b.joined) or _within(a.compact, b.compact)):
        return False
    return (
        a.digits == b.digits
        and not demonym_pair(a.tokens, b.tokens)
        and not _changes_short_word(a.tokens, b.tokens)
    )


def _close_rows(queries: list[str], choices: list[str]) -> Iterator[tuple[int, int]]:
    """(query index, choice index) of every pair within MAX_EDITS."""
    try:
        import numpy  # noqa: F401  (cdist needs it; rapidfuzz does not depend on it)
    except ImportError:
        for row, query in enumerate(queries):
            hits = process.extract(
                query, choices, scorer=OSA.distance, score_cutoff=MAX_EDITS, limit=None
            )
            yield from ((row, column) for _choice, _distance, column in hits)
        return
    for offset in range(0, len(queries), _CHUNK):
        matrix = process.cdist(
            queries[offset : offset + _CHUNK],
            choices,
            scorer=OSA.distance,
            score_cutoff=MAX_EDITS,
            dtype="int8",
        )
        rows, columns = (matrix <= MAX_EDITS).nonzero()
        yield from zip((offset + rows).tolist(), columns.tolist(), strict=True)


def similar_pairs(
    forms: Sequence[NameForm], blocks: Sequence[Hashable]
) -> Iterator[tuple[int, int]]:
    """Index pairs (i < j) of ``forms`` that ``similar_names`` accepts, each once.

    ``blocks[i]`` is the block of form i (the caller's type family). Equal compact forms
    are grouped by a dict; near ones come from cdist, run on the joined and on the
    compact spelling, within the same block and first letter and only against strings
    at most MAX_EDITS longer: the work grows with the block sizes, not the corpus squared.
    """
    seen: set[tuple[int, int]] = set()
    candidates = [
        *_equal_pairs(forms, blocks),
        *_near_pairs(forms, blocks, lambda form: form.joined),
        *_near_pairs(forms, blocks, lambda form: form.compact),
    ]
    for pair in candidates:
        if pair not in seen:
            seen.add(pair)
            if similar_names(forms[pair[0]], forms[pair[1]]):
                yield pair


def _equal_pairs(
    forms: Sequence[NameForm], blocks: Sequence[Hashable]
) -> Iterator[tuple[int, int]]:
    first_of: dict[tuple[Hashable, str], int] = {}
    for index, form in enumerate(forms):
        if form.compact:
            first = first_of.setdefault((blocks[index], form.compact), index)
            if first != index:
                yield first, index


def _near_pairs(
    forms: Sequence[NameForm],
    blocks: Sequence[Hashable],
    spelling: Callable[[NameForm], str],
) -> Iterator[tuple[int, int]]:
    buckets: dict[tuple[Hashable, str], dict[int, list[int]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for index, form in enumerate(forms):
        text = spelling(form)
        if len(text) > EXACT_UP_TO:  # shorter ones only join equal forms
            buckets[(blocks[index], text[0])][len(text)].append(index)
    for by_length in buckets.values():
        for length, members in sorted(by_length.items()):
            choices = [i for size in range(length, length + MAX_EDITS + 1)
                       for i in by_length.get(size, ())]
            rows = _close_rows([spelling(forms[i]) for i in members],
                               [spelling(forms[i]) for i in choices])
            for row, column in rows:
                first, second = members[row], choices[column]
                if first < second:
                    yield first, second
                elif second < first and len(spelling(forms[second])) > length:
                    yield second, first


@dataclass(frozen=True)
class PersonName:
    """A person's name split into given names and surname (particles and suffixes aside)."""

    given: tuple[str, ...]
    surname: str
    suffix: tuple[str, ...]

    @property
    def is_lone(self) -> bool:
        return not self.given


def person_name(tokens: tuple[str, ...]) -> PersonName | None:
    suffix = tuple(token for token in tokens if token in NAME_SUFFIXES)
    core = [token for token in tokens if token not in PARTICLES and token not in NAME_SUFFIXES]
    if not core or any(token.isdigit() for token in core):
        return None
    return PersonName(given=tuple(core[:-1]), surname=core[-1], suffix=suffix)


def _one_edit(a: str, b: str, min_length: int) -> bool:
    """Equal up to doubled letters, or one edit apart as written or compacted."""
    short_a, short_b = compact_token(a), compact_token(b)
    if short_a == short_b:
        return True
    return any(
        min(len(x), len(y)) >= min_length and OSA.distance(x, y, score_cutoff=1) <= 1
        for x, y in ((a, b), (short_a, short_b))
    )


def surnames_match(a: str, b: str) -> bool:
    """Equal, or one edit apart when both are long ("Jeffery"/"Jeffrey")."""
    return a == b or (_one_edit(a, b, _MIN_FUZZY_SURNAME) and not demonym_pair((a,), (b,)))


def given_names_match(a: str, b: str) -> bool:
    if a == b or nickname_pair(a, b):
        return True
    if len(a) == 1 or len(b) == 1:  # an initial: "J. Mattis"
        return a[0] == b[0]
    return _one_edit(a, b, _MIN_FUZZY_GIVEN)


def same_person(a: PersonName, b: PersonName) -> bool:
    """Two full names of one person: surname matches, given names agree as far as both
    go ("Donald J. Trump" = "Donald Trump"), same suffix ("Jr." is someone else)."""
    if a.is_lone or b.is_lone or a.suffix != b.suffix:
        return False
    if not surnames_match(a.surname, b.surname):
        return False
    return all(given_names_match(x, y) for x, y in zip(a.given, b.given, strict=False))


def surname_pairs(surnames: Sequence[str]) -> Iterator[tuple[int, int]]:
    """Index pairs of distinct surnames that ``surnames_match`` accepts, via cdist blocks."""
    forms = [NameForm(s, (s,), s, compact_token(s), (), s) for s in surnames]
    blocks = [0] * len(surnames)
    for first, second in similar_pairs(forms, blocks):
        if surnames_match(surnames[first], surnames[second]):
            yield first, second
