"""Evidence about names beyond one sentence of the model: places from the gazetteer, a
name found at each of its occurrences, captions glued to their credits, and common
words the model took for a person.

Each pass works on the spans of one article (``EntitySpan``) and, where it needs the
corpus, on the names and types ``entity_types`` gathered from every article. Generic
rules and data, no word lists of this corpus:

- a caption run into its credit ("Revolutionary GuardsReuters") is two names;
- a capitalised run of words that is, whole, a place of the gazetteer and is not the
  first word of its line or sentence is a place mention ("in Kobani"); a place the
  model typed as a person counts as a place vote, and so does a name after "in",
  "near", "town of"...;
- once a name is an entity anywhere, each other occurrence of it, written the same
  way, is a mention too;
- a person whose first word is a common English word and no given name ("Tweet
  McGurk") is the rest of the name, when that is a person elsewhere; a lone common word
  typed as a person ("Prophet") with no person of that surname is no person.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from itertools import accumulate

# A run of capitalised words (hyphenated parts and inner apostrophes allowed, with the
# lowercase particles of place names between them: "Deir ez-Zor", "Ayn al Arab").
_RUN = re.compile(
    r"(?<![\w’'-])[A-Z][\w’'-]*(?:[ \u00a0]+(?:(?:al|el|ez|as|ar|ad|de|of)[ \u00a0-]+)?"
    r"[A-Z][\w’'-]*)*"
)
_GLUED = re.compile(r"(?<=[a-z]{3})(?=[A-Z][a-z]{2})")  # "GuardsReuters": where they meet
# No "the" between: "in the White House" is an organisation's building, "in Kestrel" a town.
_LOCATIVE = re.compile(
    r"(?:\b(?:in|near|outside|around|across|town of|city of|village of|province of|"
    r"region of|district of|governorate of|capital of)[ \u00a0]+)$"
)
_SENTENCE_END = ".!?:;\"“”"
COMMON_ZIPF = 3.5  # a word this frequent in English (wordfreq) is a common word
LOCATIVE_VOTES = 2  # "in Kestrel" outweighs the model's guess at the one occurrence
GAZETTEER_VOTES = 2  # so does a name GeoNames knows as a place ("to Ar Raqqah" PERSON)
PLACE_LABEL = "GPE"
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


@dataclass
class EntitySpan:
    start: int
    end: int
    label: str
    titled: bool = False  # follows a person's title: strong evidence for PERSON


# -- captions ---------------------------------------------------------------------------


def split_glued(text: str, spans: list[EntitySpan]) -> list[EntitySpan]:
    """Spans cut where a caption runs into its credit at the end of its line, within one
    word ("GuardsReuters" -> "Guards" | "Reuters"); "McGurk", "YouTube", "WhatsApp"
    and "DeSantis" stay whole."""
    found: list[EntitySpan] = []
    for span in spans:
        # A credit closes its caption's line: "WhatsApp" or "BlackRock" mid-text is a name.
        at_line_end = span.end == len(text) or text[span.end] == "\n"
        cut = _GLUED.search(text, span.start, span.end) if at_line_end else None
        if cut is None:
            found.append(span)
            continue
        found.append(EntitySpan(span.start, cut.start(), span.label, span.titled))
        found.append(EntitySpan(cut.start(), span.end, "ORG"))  # a credit is an agency
    return found


# -- places ---------------------------------------------------------------------------


def runs(text: str) -> Iterable[tuple[int, int]]:
    """Offsets of the runs of capitalised words of ``text``."""
    for match in _RUN.finditer(text):
        yield match.start(), match.end()


def opens_sentence(text: str, start: int) -> bool:
    """Whether ``start`` is the first word of its line or sentence (where any word is
    capitalised: "Reading the report", "Nice work")."""
    before = text[max(0, start - 3) : start].rstrip(" \u00a0\t")
    return not before or before.endswith("\n") or before[-1] in _SENTENCE_END


def locative(text: str, start: int) -> bool:
    """Whether the name at ``start`` follows "in", "near", "the town of"..."""
    return bool(_LOCATIVE.search(text[max(0, start - 30) : start]))


def place_candidates(text: str, spans: list[EntitySpan]) -> list[tuple[int, int]]:
    """Runs no span touches, not opening a sentence: the names a gazetteer may make
    places (a leading "The" aside)."""
    taken = Taken(spans)
    found = []
    for start, end in runs(text):
        if text.startswith("The ", start):
            start += 4
        if end - start < 4 or opens_sentence(text, start) or taken.overlaps(start, end):
            continue
        found.append((start, end))
    return found


class Taken:
    """The spans of an article, asked whether a range overlaps one (in log time: a book
    has thousands)."""

    def __init__(self, spans: Iterable[EntitySpan]) -> None:
        ordered = sorted((span.start, span.end) for span in spans)
        self.starts = [start for start, _ in ordered]
        # The furthest end among the spans up to each one (spans may nest or overlap).
        self.reach = list(accumulate((end for _, end in ordered), max))

    def overlaps(self, start: int, end: int) -> bool:
        before = bisect_left(self.starts, end)  # spans starting before ``end``
        return before > 0 and self.reach[before - 1] > start


# -- common words -----------------------------------------------------------------------


@cache
def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en", wordlist="small")


@cache
def _given_names() -> frozenset[str]:
    from nicknames import NickNamer

    namer = NickNamer()
    names = set(namer._nickname_lookup) | set(namer._canonical_lookup)
    return frozenset(names)


def is_common_word(word: str) -> bool:
    """A frequent English word that is no given name ("tweet", "prophet"; not "mark")."""
    lower = word.lower()
    return lower.isalpha() and _zipf(lower) >= COMMON_ZIPF and lower not in _given_names()


def person_repairs(full_names: Mapping[str, int], lone: Mapping[str, bool]
                   ) -> dict[str, str | None]:
    """Names the model took for people wrongly, and their repair.

    ``full_names``: each multi-word PERSON name and how often it occurs; a name whose
    first word is a common English word, where the same surname has another given name
    that is a rarer word ("Tweet McGurk" beside "Brett McGurk"), is the rest of the name.
    ``lone``: each one-word PERSON name, and whether every occurrence follows "the"
    ("the Prophet"): a common word always after "the" and no one's surname is no one.
    """
    by_surname: dict[str, list[str]] = {}
    for name in full_names:
        by_surname.setdefault(name.split()[-1], []).append(name.split()[0])
    repairs: dict[str, str | None] = {}
    for name in full_names:
        first, rest = name.split()[0], " ".join(name.split()[1:])
        others = [g for g in by_surname[name.split()[-1]] if g != first]
        if others and is_common_word(first) and all(
                _zipf(first.lower()) > _zipf(g.lower()) + 0.2 for g in others):
            repairs[name] = rest
    surnames = {_bare_surname(name) for name in full_names} | set(by_surname)
    for name, after_the in lone.items():
        if after_the and is_common_word(name) and name not in surnames:
            repairs[name] = None
    return repairs


def _bare_surname(name: str) -> str:
    """The surname without an Arabic article: "al-Assad" is also "Assad"."""
    last = name.split()[-1]
    return last[3:] if last[:3].lower() in ("al-", "el-") else last


def occurrences(text: str, names: Mapping[str, str]) -> Iterable[tuple[int, int, str]]:
    """(start, end, type) of each occurrence of a known name inside the capitalised runs
    of ``text``, longest names first, written exactly as the name is."""
    longest = max((len(name.split()) for name in names), default=0)
    for start, end in runs(text):
        words = [(m.start() + start, m.end() + start)
                 for m in re.finditer(r"\S+", text[start:end])]
        index = 0
        while index < len(words):
            for size in range(min(longest, len(words) - index), 0, -1):
                first, last = words[index][0], words[index + size - 1][1]
                label = names.get(text[first:last])
                if label is not None:
                    yield first, last, label
                    index += size
                    break
            else:
                index += 1


def place_label(label: str) -> bool:
    return label in _PLACE_LABELS
