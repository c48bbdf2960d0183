"""Dates as newsrooms write them ("Dec. 19, 2018", "19 December 2018", "2018-12-19",
"Wednesday, December 19, 2018 3:04 PM"), read by ``dateutil`` and given as ISO dates.

Only a date with a year, a month and a day is a date here: "2018" or "December" alone
says too little to sort reports by, and a figure ("5 troops") is never read as a day.
"""

from __future__ import annotations

import re
import warnings
from datetime import date, datetime
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dateutil.parser import parserinfo

# Two defaults that differ in every field: a field the text leaves out comes out
# different from the two, so what the text really says is told apart.
_DEFAULTS = (datetime(1904, 1, 1), datetime(1908, 2, 2))
_EARLIEST, _LATEST = 1900, 2100
_FOUR_DIGITS = re.compile(r"\d{4}")  # a year: only a line with one is parsed
_ISO_DATE = re.compile(r"(\d{4})-(\d\d)-(\d\d)", re.ASCII)  # not "٢٠١٨-١٢-١٩"


def parse_date(text: str) -> str | None:
    """The ISO date ``text`` is, when it is exactly a real full date; else None. An ISO
    date it gives is read back as itself."""
    if _ISO_DATE.fullmatch(text):  # most written dates, and every one this gives
        try:
            found = date.fromisoformat(text)
        except ValueError:  # "2018-02-30"
            return None
        return text if _EARLIEST <= found.year <= _LATEST else None
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
        if not _FOUR_DIGITS.search(line):
            continue  # no year: most header lines, and no parse at all
        words = line.replace("|", " ").split()
        for start in range(len(words)):
            size = _date_shape(words[start:start + 3])
            if size and (found := parse_date(" ".join(words[start : start + size]))):
                return found
    return None


def _date_shape(words: list[str]) -> int:
    """How many of ``words`` a date written from the first one would span: one numeric
    word ("2018-12-19", "12/19/2018"), or a month with its day and year in either order
    ("Dec. 19, 2018", "19 December 2018"); 0 if none. A month with only a year and a
    figure ("March 2018, 12 people") is no date."""
    first = words[0]
    if _numeric(first):
        return 1
    if len(words) < 3 or not _year(words[2]):
        return 0
    if (_month(first) and _day(words[1])) or (_day(first) and _month(words[1])):
        return 3
    return 0


def _bare(word: str) -> str:
    return word.strip(",.").lower()


def _numeric(word: str) -> bool:
    bare = _bare(word).split("t")[0]  # an ISO time after the date: "2018-12-19T10:00Z"
    return (any(separator in bare for separator in "-/.") and bool(_FOUR_DIGITS.search(bare))
            and all(c.isdigit() or c in "-/." for c in bare))


def _year(word: str) -> bool:
    bare = _bare(word)
    return len(bare) == 4 and bare.isdigit()


def _day(word: str) -> bool:
    bare = _bare(word)
    for ending in ("st", "nd", "rd", "th"):
        bare = bare.removesuffix(ending)
    return bare.isdigit() and len(bare) <= 2 and 1 <= int(bare) <= 31


def _month(word: str) -> bool:
    return _names().month(_bare(word)) is not None


@cache
def _names() -> parserinfo:
    from dateutil.parser import parserinfo

    return parserinfo()


# -- a day without its year ---------------------------------------------------------------
# A dateline ("WASHINGTON, Dec. 19 —") gives the month and the day only. Kept as ISO 8601
# writes a date without a year ("--12-19") until a year is known for it; an article's
# date is never such a string (corpus/dateline_years.py completes it, or drops it).

_PARTIAL = re.compile(r"--(\d\d)-(\d\d)")


def month_day(month: str, day: str) -> str | None:
    """``"--MM-DD"`` for a month's name ("Dec.", "March") and a day, if they name one."""
    number = _names().month(_bare(month))
    if number is None or not _day(day):
        return None
    partial = f"--{number:02d}-{int(day):02d}"
    return partial if any(with_year(partial, year) for year in (2000, 2001)) else None


def is_partial(date: str | None) -> bool:
    return date is not None and _PARTIAL.fullmatch(date) is not None


def with_year(partial: str, year: int) -> str | None:
    """The ISO date of ``partial`` in ``year``; None when that year has no such day
    (February 29 in 2018)."""
    found = _PARTIAL.fullmatch(partial)
    if found is None:
        return None
    try:
        return date(year, int(found.group(1)), int(found.group(2))).isoformat()
    except ValueError:
        return None


def year_among(partial: str, earliest: str, latest: str) -> int | None:
    """The one year that puts ``partial`` between ``earliest`` and ``latest`` (ISO
    dates), counting every year from the first to the last. None when no year or several
    do: a year is never guessed (one date, or dates of one year, fix only the days
    between them)."""
    fitting = [year for year in range(int(earliest[:4]), int(latest[:4]) + 1)
               if (made := with_year(partial, year)) and earliest <= made <= latest]
    return fitting[0] if len(fitting) == 1 else None


def real_date(text: str) -> bool:
    """Whether ``text`` is an ISO date that exists, in a year a report can carry (a
    manifest's date is taken as written: "2108-12-19" is a typo, not a bound)."""
    found = parse_date(text) if _ISO_DATE.fullmatch(text) else None
    return found is not None and plausible_year(int(found[:4]))


def plausible_year(year: int) -> bool:
    """A year a report can carry: from 1900 up to this one."""
    return _EARLIEST <= year <= date.today().year
