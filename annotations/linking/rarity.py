"""How telling a word is in English at large, from ``wordfreq``'s frequency list.

Five articles, or fifty, give every word an IDF that says little: in the bundled
corpus "said" is as rare as "vacuum". General English frequencies correct that: a
word's weight is its IDF in the corpus times ``rarity``, low for words every report
uses ("said", "official"), high for the ones that identify a fact ("Hajin", "pullout").
"""

from __future__ import annotations

import math
from functools import cache, lru_cache

COMMON_ZIPF = 4.0  # a word this frequent (once per 10,000 words) keeps its weight
PER_ZIPF = 0.4  # and each step of frequency (x10) above or below moves it this much
LOWEST, HIGHEST = 0.5, 1.5
# The engine's stems are not always words ("criticiz"): these endings make them one.
_ENDINGS = ("", "e", "s", "y", "ed", "ing", "al")


@cache
def _frequencies() -> dict[str, float]:
    import wordfreq  # here: importing the engine must not load the word list

    return wordfreq.get_frequency_dict("en", wordlist="small")


def zipf(word: str) -> float:
    """The word's Zipf frequency (log10 of uses per billion words), 0 if unlisted."""
    table = _frequencies()
    for ending in _ENDINGS:
        found = table.get(word + ending)
        if found:
            return math.log10(found * 1e9)
    return 0.0


@lru_cache(maxsize=200_000)
def rarity(word: str) -> float:
    """A weight multiplier for ``word`` (a stem or a word): 0.5 for the commonest words,
    1 for one use in 10,000, up to 1.5 for the rare and the unlisted."""
    found = zipf(word.lower())
    if not found:
        return HIGHEST
    return min(max(1.0 + (COMMON_ZIPF - found) * PER_ZIPF, LOWEST), HIGHEST)
