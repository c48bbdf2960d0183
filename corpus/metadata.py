"""Metadata of an article: front matter when the file has it, else what the text shows.

Nothing is invented: a field the text does not support stays ``None``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from syria_reader.corpus.dates import find_date, month_day, parse_date, plausible_year, with_year

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.DOTALL)
_FIELD = re.compile(r"^([A-Za-z_]+)\s*:\s*(.*?)\s*$")
_SENTENCE_END = ('.', '!', '?', '"', '”', '’', "'", ':', ';', ',')
_HEADLINE_MAX = 160
_TITLE_MAX = 90
_SOURCE_LINE = re.compile(r"^\s*(?:\d{1,2}:\d{2}\s*-\s*)?Source:\s*(.+?)\s*$", re.MULTILINE)
_DATELINE = re.compile(r"^\s*([A-Z][A-Za-z.&' ]{1,40}?)\s*[—–]\s*$", re.MULTILINE)
# A wire story's dateline: "KESTREL (Reuters) —", "AMMAN, Jordan (AP) -", "WASHINGTON
# (CNN)The". The place opens in capitals (three or more), so "The Syrian Democratic
# Forces (SDF) —" is no dateline; without a dash the text must follow at once. The dash
# is on the same line, and a hyphen is followed by a space: "SDF (Syrian Democratic
# Forces)-led" is a compound, and "- " on the next line a list's item.
# Up to the agency, its group: corpus/sentences.py keeps such a dateline with the
# sentence it opens.
DATELINE_TO_AGENCY = (r"[A-Z][A-Z'’.-]{2,}(?:[ ,]+[A-Za-z0-9'’.-]+){0,5}\s*"
                      r"\(([A-Z][A-Za-z.&' ]{0,30}[A-Za-z.])\)")
_AGENCY_DATELINE = re.compile(
    r"^\s*" + DATELINE_TO_AGENCY + r"(?:[^\S\n]*[—–]|[^\S\n]*--?(?=\s|$)|(?=[A-Z]))",
    re.MULTILINE)
# A dateline with the day: "WASHINGTON, Dec. 19 —", "KOBANI, Syria, Dec. 19 (AP) -". The
# place in capitals, then up to three words (a country), a month's name and a day, an
# agency perhaps, and the dash as above. Looked for in the header lines only: a
# timeline further down ("KEY DATES, March 23 —") is not the report's date.
_DAY_DATELINE = re.compile(
    r"^\s*[A-Z][A-Z'’.-]{2,}(?:[ ,]+[A-Za-z'’.-]+){0,3}?,\s*([A-Z][a-z]{2,8}\.?)\s+(\d{1,2})"
    r"(?:[^\S\n]*\([^()\n]{1,40}\))?(?:[^\S\n]*[—–]|[^\S\n]*--?(?=\s|$))", re.MULTILINE)
# The file's own copyright notice, among its last lines: "© 2018 The Associated Press",
# "Copyright (c) 2018 Reuters", "(c) Copyright Thomson Reuters 2018". One year in the
# line: not a range ("© 2010–2024") or a list ("Copyright 2017, 2018"); a notice, not a
# credit inside a line ("Photo: © 2016 AFP") or a caption's at the top.
_COPYRIGHT = re.compile(r"^\s*(?:©|\(c\)|copyright\b)", re.IGNORECASE)
_YEARS = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_NOTICE_LINES = 3  # the last lines of a text where its copyright notice is looked for
_TAIL = 2000  # characters they are looked for in (the text's end, not the whole text)
_HEADER_LINES = 6
_SOURCE_SEARCH_LINES = 40


@dataclass(frozen=True)
class Metadata:
    title: str | None = None
    source: str | None = None
    # ISO when it could be read; else as written, to be named in a note, never used as a
    # date ("2018-02-30": parse_date tells the two apart).
    date: str | None = None
    url: str | None = None


def split_front_matter(text: str) -> tuple[Metadata | None, str]:
    """Return the front matter's fields (if any) and the body that follows it."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return None, text
    fields: dict[str, str] = {}
    for line in match.group(1).split("\n"):
        field = _FIELD.match(line)
        if field:
            fields[field.group(1).lower()] = _unquote(field.group(2))
    written = fields.get("date") or None
    meta = Metadata(
        title=fields.get("title") or None,
        source=fields.get("source") or None,
        date=(parse_date(written) or written) if written else None,
        url=fields.get("url") or None,
    )
    return meta, text[match.end() :]


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def derive_title(text: str, first_sentence: Callable[[], str | None]) -> str | None:
    """The headline, else the lead sentence shortened.

    ``first_sentence`` is called only when the text has no headline: finding it means
    segmenting, which a corpus with headlines (or a manifest) never pays for.
    """
    title = headline(text)
    if title is None:
        sentence = first_sentence()
        title = short_title(sentence) if sentence else None
    return title


def _lines(text: str, count: int, blank: bool = False) -> list[str]:
    """The first ``count`` lines of ``text`` (stripped; without the blank ones unless
    ``blank``), read from its start only: a 50 MB text is not split for its head."""
    found: list[str] = []
    start = 0
    while len(found) < count and start <= len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        line = text[start:end].strip()
        if line or blank:
            found.append(line)
        start = end + 1
    return found


def _header_lines(text: str) -> list[str]:
    return _lines(text, _HEADER_LINES)


def headline(text: str) -> str | None:
    """The first line when it reads as a headline: short, unpunctuated, not alone."""
    lines = _lines(text, 2)
    if len(lines) < 2:
        return None
    first = lines[0]
    if first.startswith("#"):
        return first.lstrip("#").strip() or None
    if len(first) <= _HEADLINE_MAX and not first.endswith(_SENTENCE_END):
        return first
    return None


def short_title(sentence: str) -> str:
    """A sentence cut at a word boundary to at most ``_TITLE_MAX`` characters."""
    sentence = " ".join(sentence.split()).rstrip(".")
    if len(sentence) <= _TITLE_MAX:
        return sentence
    cut = sentence.rfind(" ", 0, _TITLE_MAX)
    return sentence[: cut if cut > 0 else _TITLE_MAX].rstrip(",;:") + "…"


def derive_source(text: str) -> str | None:
    head = "\n".join(_lines(text, _SOURCE_SEARCH_LINES, blank=True))
    for pattern in (_SOURCE_LINE, _AGENCY_DATELINE, _DATELINE):
        match = pattern.search(head)
        if match:
            return match.group(1).strip().replace("\xa0", " ")
    return None


def derive_date(text: str) -> str | None:
    """The first full date in the header lines, as an ISO date; else a dateline's day in
    the year of the file's copyright line."""
    return dated(text)[0]


def dated(text: str) -> tuple[str | None, str | None]:
    """The full date the text gives (as ``derive_date``) or, failing that, the day of
    a dateline whose year the text does not give, as ``"--12-19"`` (the corpus may know
    it: corpus/dateline_years.py). A copyright year in which that day does not exist
    (February 29) leaves neither: the file's own year is not overruled."""
    found = find_date(_header_lines(text))
    if found is not None:
        return found, None
    day = dateline_day(text)
    if day is None:
        return None, None
    year = copyright_year(text)
    if year is None:
        return None, day
    return with_year(day, year), None


def dateline_day(text: str) -> str | None:
    """The month and day of a dateline ("WASHINGTON, Dec. 19 —") as ``"--12-19"``."""
    match = _DAY_DATELINE.search("\n".join(_header_lines(text)))
    return month_day(match.group(1), match.group(2)) if match else None


def copyright_year(text: str) -> int | None:
    """The year of the file's copyright notice, one of its last lines, when the notice
    names one year and that year has come."""
    lines = [line for line in text[-_TAIL:].splitlines() if line.strip()][-_NOTICE_LINES:]
    for line in lines:
        years = set(_YEARS.findall(line)) if _COPYRIGHT.match(line) else set()
        if len(years) == 1 and plausible_year(year := int(years.pop())):
            return year
    return None
