"""Entity names made comparable: case, accents, punctuation, titles, possessives, aliases.

Every rule that decides whether two mentions name one thing compares the forms built
here, never raw text, so "the U.S.", "US" and "U.S.’s" are one key before any scorer runs.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Values (dates, numbers, amounts) only ever join identical text: two different numbers
# are two different facts, however similar their spelling.
VALUE_TYPES = frozenset(
    {"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"}
)
# Places of any kind may merge with each other: the model flips between GPE, LOC and FAC
# for one town ("Deir Ezzor" is GPE in one sentence, LOC in the next).
_TYPE_GROUPS = {"GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE"}
PERSON = "PERSON"
NORP = "NORP"
PLACE = "PLACE"

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'", "′": "'"})
_DASHES = re.compile(r"[‐‑‒–—―−]")
_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])\s*$", re.IGNORECASE)
_NON_WORD = re.compile(r"[^0-9a-z]+")
_DOUBLED = re.compile(r"(.)\1+")
_FINAL_H = re.compile(r"(?<=a)h$")  # Raqqah ~ Raqqa, Thawrah ~ Thawra: transliteration
_DIGITS = re.compile(r"\d+")


def type_group(label: str) -> str:
    """The family a type belongs to; names only merge freely within one family."""
    return _TYPE_GROUPS.get(label, label)


def is_value_type(label: str) -> bool:
    return label in VALUE_TYPES


def _titles(*phrases: str) -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(phrase.split()) for phrase in phrases)


# Titles stripped before a name of any type: none of them begins an organisation or a
# place name, so "President Trump" typed ORG still loses "President" (and becomes a
# person, see ``titled``). Abbreviations that do begin such names ("DR Congo", "MS-13")
# and plain nouns ("Minister", "Governor") are stripped before PERSON mentions only.
TITLES = _titles(
    "the", "former", "retired", "ret", "late", "acting", "then",
    "president", "vice president", "president elect",
    "secretary of defense", "secretary of defence", "secretary of state",
    "defense secretary", "defence secretary", "secretary general",
    "prime minister", "foreign minister", "defense minister", "defence minister",
    "chief of staff", "white house chief of staff",
    "national security adviser", "national security advisor", "special envoy",
    "col", "lt col", "army col", "gen", "lt gen", "maj gen", "brig gen",
    "vice adm", "rear adm", "sen", "senator", "gov", "mr", "mrs",
)
_NOT_TITLES = frozenset({"the", "former", "retired", "ret", "late", "acting", "then"})
# Words that are titles before a person but may start an organisation or place
# ("General Motors", "King Fahd Airport", "US Army"): stripped for PERSON mentions only.
PERSON_TITLES = TITLES | _titles(
    "general", "colonel", "major", "captain", "lieutenant", "commander", "admiral",
    "sergeant", "king", "queen", "prince", "princess", "sheikh", "ayatollah", "emir",
    "secretary", "state secretary", "minister", "pm", "envoy", "special representative",
    "ambassador", "spokesman", "spokeswoman", "spokesperson", "governor", "representative",
    "rep", "dr", "ms", "pres", "vp", "adm", "sgt", "capt", "cmdr", "maj", "lt",
    "president of the united states", "us", "army", "navy", "marine", "air force",
    "defense", "state", "foreign", "israeli", "russian", "syrian", "turkish", "iranian",
)
_MAX_TITLE = max(len(title) for title in PERSON_TITLES)
# Trailing words that say what kind of place a name is; "Deir ez-Zur province" is found
# as "Deir Ezzor" elsewhere.
PLACE_DESIGNATORS = frozenset(
    {"province", "governorate", "region", "district", "city", "river", "town", "village"}
)
# Name particles: not a given name, not a word that must be capitalised.
PARTICLES = frozenset(
    {"al", "el", "ad", "ar", "as", "ash", "az", "ez", "bin", "ibn", "bint", "de", "del",
     "della", "di", "da", "du", "van", "von", "der", "den", "la", "le", "of", "and", "the"}
)
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


@dataclass(frozen=True)
class NameForm:
    """A surface form reduced for comparison.

    ``key`` is the normalised text (equal keys are the same name); ``joined`` is the key
    without spaces, so hyphen/space variants compare equal; ``compact`` also drops the
    Arabic article (names that are not people) and collapses doubled letters ("Ezzor"/
    "Ezor") and a final "ah"/"a"; ``display`` is the surface without titles, leading
    "the" or possessive, for naming.
    """

    key: str
    tokens: tuple[str, ...]
    joined: str
    compact: str
    digits: tuple[str, ...]
    display: str
    titled: bool = False  # a person's title was stripped: "President Trump", "Col. Dillon"


def fold(text: str) -> str:
    """Unicode to plain lower-case ASCII-ish text: apostrophes, dashes, accents, case."""
    if text.isascii():  # the common case, and five times cheaper
        return text.translate(_APOSTROPHES).lower()
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES)
    text = _DASHES.sub("-", text)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def word_tokens(word: str) -> list[str]:
    """Tokens of one whitespace-separated word: periods and apostrophes vanish ("U.S." ->
    "us", "Ma'arat" -> "maarat"), any other punctuation or hyphen splits ("ez-Zur")."""
    flat = fold(word).replace(".", "").replace("'", "")
    return [token for token in _NON_WORD.split(flat) if token]


def _title_length(tokens: list[str], start: int, titles: frozenset[tuple[str, ...]]) -> int:
    """How many tokens from ``start`` form the longest title, 0 if none does."""
    for size in range(min(_MAX_TITLE, len(tokens) - start), 0, -1):
        if tuple(tokens[start : start + size]) in titles:
            return size
    return 0


def _leading_title_words(words: list[list[str]], titles: frozenset[tuple[str, ...]]) -> int:
    """How many leading words are titles (or "the"), matching whole words only.

    At least one word always stays, so a mention that is only a title ("Col") keeps it.
    """
    flat = [token for word_toks in words for token in word_toks]
    ends = []  # token index at which each word ends
    total = 0
    for word_toks in words:
        total += len(word_toks)
        ends.append(total)
    position, stripped_words = 0, 0
    while stripped_words < len(words) - 1:
        size = _title_length(flat, position, titles)
        if not size or position + size not in ends:
            break
        if ends.index(position + size) + 1 >= len(words):
            break
        position += size
        stripped_words = ends.index(position) + 1
        # Words without tokens (a lone "-") are swallowed with the title before them.
        while stripped_words < len(words) - 1 and not words[stripped_words]:
            stripped_words += 1
    return stripped_words


def _first_letter(match: re.Match[str]) -> str:
    return match.group(1)  # a function: cheaper than re-reading a "\\1" template each call


def compact_token(token: str) -> str:
    """A token with doubled letters collapsed and a final "ah" made "a"."""
    collapsed = _DOUBLED.sub(_first_letter, token)
    return _FINAL_H.sub("", collapsed) if len(collapsed) > 3 else collapsed


# The Arabic article, kept by one writer and dropped or assimilated by another:
# "al-Qaeda"/"Qaeda", "Deir al-Zour"/"Deir ez-Zor", "At Tanf"/"al-Tanf"/"Tanf".
_ARTICLES = frozenset({"al", "el", "ez", "az", "ash", "ath", "adh"})
_LEADING_ARTICLES = _ARTICLES | {"as", "at", "an", "ad", "ar"}  # English words inside


def is_article(token: str) -> bool:
    return token in _LEADING_ARTICLES


def _without_articles(tokens: tuple[str, ...]) -> tuple[str, ...]:
    kept = tuple(
        token for position, token in enumerate(tokens)
        if token not in (_LEADING_ARTICLES if position == 0 else _ARTICLES)
    )
    return kept or tokens


def _compact(tokens: tuple[str, ...], group: str) -> str:
    # People keep their "al": it may be all that tells two names apart.
    if group != PERSON and len(tokens) > 1:
        tokens = _without_articles(tokens)
    # Collapse again across word boundaries: "ez zur" and "ezzor" both give "ezur".
    return _DOUBLED.sub(_first_letter, "".join(compact_token(token) for token in tokens))


@lru_cache(maxsize=200_000)
def name_form(surface: str, label: str) -> NameForm:
    """Normalise the surface of a name mention of type ``label`` (PERSON, ORG, GPE...)."""
    group = type_group(label)
    text = _POSSESSIVE.sub("", fold(surface).strip()) if surface.strip() else ""
    raw_words = _POSSESSIVE.sub("", surface.strip()).split()
    words = [word_tokens(word) for word in text.split()]
    if len(raw_words) != len(words):  # folding changed the spacing: name from the fold
        raw_words = text.split()
    titles = PERSON_TITLES if group == PERSON else TITLES
    skip = _leading_title_words(words, titles)
    kept = [token for word_toks in words[skip:] for token in word_toks]
    if group == PLACE and len(kept) > 1 and kept[-1] in PLACE_DESIGNATORS:
        kept = kept[:-1]
    tokens = tuple(kept)
    key = " ".join(tokens)
    return NameForm(
        key=key,
        tokens=tokens,
        joined="".join(tokens),
        compact=_compact(tokens, group),
        digits=tuple(_DIGITS.findall(key)),
        display=" ".join(raw_words[skip:]),
        titled=_has_person_title(words[:skip], raw_words[skip:]),
    )


def _has_person_title(stripped: list[list[str]], rest: list[str]) -> bool:
    """A title of office stripped before a capitalised word: the model's ORG or GPE for
    "President Trump" is a person. "the" and "former" alone say nothing of the kind."""
    tokens = {token for word in stripped for token in word}
    return bool(tokens - _NOT_TITLES) and bool(rest) and rest[0][:1].isupper()


@lru_cache(maxsize=200_000)
def value_key(surface: str) -> str:
    """Dates and numbers: case, spacing, "the" and thousands separators only."""
    text = " ".join(fold(surface).split())
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text)
    return text.removeprefix("the ").strip() or text


# What no string rule can see. Keys are normalised keys. Demonyms ("american") are
# deliberately absent: a nationality is not its country.
ALIASES: tuple[frozenset[str], ...] = tuple(
    frozenset(group)
    for group in (
        {"us", "usa", "united states", "united states of america", "america"},
        {"isis", "isil", "is", "islamic state", "daesh", "daish",
         "islamic state of iraq and syria", "islamic state of iraq and the levant"},
        {"un", "united nations"},
        {"uk", "britain", "great britain", "united kingdom"},
        {"eu", "european union"},
        {"uae", "united arab emirates"},
        {"nato", "north atlantic treaty organization"},
        {"ussr", "soviet union"},
        {"russia", "russian federation"},
        {"pentagon", "dod", "department of defense", "defense department"},
        {"state department", "department of state"},
        {"irgc", "revolutionary guards", "revolutionary guard", "revolutionary guard corps",
         "islamic revolutionary guard corps"},
        {"ypg", "peoples protection units", "people s protection units"},
        {"pkk", "kurdistan workers party"},
    )
)
_ALIAS_OF = {key: min(group, key=len) for group in ALIASES for key in group}
_SHORT_ALIAS = 3  # "IS", "US", "UN": only as capitals, never the words "is", "us"


def alias_of(key: str, surface: str) -> str | None:
    """The alias group a name belongs to, or None; short keys only when written in capitals."""
    group = _ALIAS_OF.get(key)
    if group is None:
        return None
    if len(key) <= _SHORT_ALIAS:
        letters = [ch for ch in surface if ch.isalpha()]
        if not letters or not all(ch.isupper() for ch in letters):
            return None
    return group


def is_alias_key(key: str) -> bool:
    return key in _ALIAS_OF


# Endings that turn a place into its people or adjective: "Syria"/"Syrian",
# "Iraq"/"Iraqi", "Iran"/"Iranian", "Kurd"/"Kurdish", plus their plurals.
_DEMONYM_ENDINGS = frozenset(
    ending + plural
    for ending in ("n", "an", "ian", "i", "ese", "ish", "ic", "ite")
    for plural in ("", "s")
)


def _demonym_variant(short: str, long: str) -> bool:
    return long.startswith(short) and long[len(short) :] in _DEMONYM_ENDINGS


def demonym_pair(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """True when ``a`` and ``b`` differ by a demonym ending, as wholes or word by word."""
    joined_a, joined_b = "".join(a), "".join(b)
    if _demonym_variant(joined_a, joined_b) or _demonym_variant(joined_b, joined_a):
        return True
    if len(a) != len(b):
        return False
    return any(
        _demonym_variant(x, y) or _demonym_variant(y, x) for x, y in zip(a, b, strict=True)
    )
