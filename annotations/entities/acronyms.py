"""Acronyms: which mentions are acronyms, the initials of a name, and the acronyms an
article defines itself ("Syrian Democratic Forces (SDF)").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

_MIN_LETTERS, _MAX_LETTERS = 2, 8
_LETTERS = re.compile(r"[A-Za-z&]+")
_DEFINED = re.compile(r"\(\s*([A-Za-z][A-Za-z.&]{1,15})\s*\)")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_WINDOW = 160  # characters before "(" searched for the expansion
_MAX_WORDS = 12


@lru_cache(maxsize=100_000)
def acronym_form(surface: str) -> str | None:
    """The letters of an acronym mention ("U.S." -> "US", "MaT"), or None for a word.

    An acronym is one short token, at least two capitals and at least half capitals:
    "MaT" and "DoD" are acronyms, "McGurk" and "Iran" are not.
    """
    text = re.sub(r"['’]s$", "", surface.strip()).replace(".", "")
    if not _LETTERS.fullmatch(text) or not _MIN_LETTERS <= len(text) <= _MAX_LETTERS:
        return None
    capitals = sum(ch.isupper() for ch in text)
    return text if capitals >= 2 and capitals * 2 >= len(text) else None


def _name_words(name: str) -> list[str]:
    # Hyphens split words so "al-Thawra" gives two initials, "a" and "T".
    return _WORD.findall(name)


def initials(name: str) -> tuple[str, str]:
    """Two readings of a name's initials: every word's first letter with its case
    ("Maghawir al-Thawra" -> "MaT") and the capitalised words' only ("MT")."""
    words = _name_words(name)
    every = "".join(word[0] for word in words)
    capitals = "".join(word[0] for word in words if word[0].isupper())
    return every, capitals


def matches_initials(acronym: str, name: str) -> bool:
    every, capitals = initials(name)
    return acronym in (every, capitals) or (acronym.isupper() and acronym == every.upper())


def _expansion_before(text: str, end: int, acronym: str) -> str | None:
    """The fewest words ending at ``end`` whose initials spell ``acronym``."""
    window_start = max(0, end - _WINDOW)
    line_start = text.rfind("\n", window_start, end) + 1
    words = list(_WORD.finditer(text, max(window_start, line_start), end))
    for count in range(1, min(len(words), _MAX_WORDS) + 1):
        first = words[-count]
        if not first.group()[0].isupper():
            continue
        candidate = text[first.start() : words[-1].end()]
        if matches_initials(acronym, candidate):
            return candidate
    return None


def defined_acronyms(texts: Iterable[str]) -> dict[str, set[str]]:
    """Acronym -> expansions that the texts define as "Long Name (LN)"."""
    found: dict[str, set[str]] = {}
    for text in texts:
        for match in _DEFINED.finditer(text):
            acronym = acronym_form(match.group(1))
            if acronym is None:
                continue
            expansion = _expansion_before(text, match.start(), acronym)
            if expansion is not None:
                found.setdefault(acronym, set()).add(expansion)
    return found


def definitions_from(texts: Mapping[str, str] | None) -> dict[str, set[str]]:
    return defined_acronyms(texts.values()) if texts else {}
