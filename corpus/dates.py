"""Dates as newsrooms write them ("Dec. 19, 2018", "19 December 2018", "2018-12-19",
"Wednesday, December 19, 2018 3:04 PM"), read by ``dateutil`` and given as ISO dates.

Only a date with a year, a month and a day is a date here: "2018" or "December" alone
says too little to sort reports by, and a figure ("5 troops") is never read as a day.
"""

from __future__ import annotations

import warnings
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dateutil.parser import parserinfo

# Two defaults that differ in every field: a field the text leaves out comes out
# different from the two, so what the text really says is told apart.
_DEFAULTS = (datetime(1904, 1, 1), datetime(1908, 2, 2))
_WINDOW = 5  # words in the longest written date: "Wednesday, 19 December, 2018"
_EARLIEST, _LATEST = 1900, 2100


def parse_date(text: str) -> str | None:
    """The ISO date ``text`` is, when it is exactly a full date; else None."""
    from dateutil import parser  # 15 ms, and only for articles without an ISO date

    found = []
    for default in _DEFAULTS:
        try:
            with warnings.catch_warnings():  # "tzname ET identified but not understood"
                warnings.simplefilter("ignore")
                found.append(parser.parse(text, default=default).date())
        except (ValueError, OverflowError, parser.ParserError):
            return None
    first, second = found
    if first != second or not _EARLIEST <= first.year <= _LATEST:
        return None  # a field was missing, so the two defaults showed through
    return first.isoformat()


def find_date(lines: list[str]) -> str | None:
    """The first full date written in ``lines`` (a header: "By Jane Doe | Dec. 19, 2018")."""
    for line in lines:
        words = line.replace("|", " ").split()
        if not _has_year(words):
            continue  # most header lines: no parse at all
        for start in range(len(words)):
            if not _may_begin(words[start]):
                continue
            for size in range(min(_WINDOW, len(words) - start), 0, -1):
                found = parse_date(" ".join(words[start : start + size]))
                if found is not None:
                    return found
    return None


def _has_year(words: list[str]) -> bool:
    """Whether a word is, or holds, four digits ("2018,", "2018-12-19", "12/19/2018")."""
    for word in words:
        for separator in "-/.,T":
            word = word.replace(separator, " ")
        if any(len(part) == 4 and part.isdigit() for part in word.split()):
            return True
    return False


def _may_begin(word: str) -> bool:
    # A date begins with a digit, a month or a weekday (dateutil's own names for them):
    # no other word is tried, so a long header costs a few parses, not one per word.
    if not word:
        return False
    if word[0].isdigit():
        return True
    name = word.strip(".,")
    return _names().month(name) is not None or _names().weekday(name) is not None


@cache
def _names() -> parserinfo:
    from dateutil.parser import parserinfo

    return parserinfo()
