"""The year of a dateline's day ("WASHINGTON, Dec. 19 —"), which the text leaves out.

Known from the file when a folder is named by the year ("2018/kestrel.txt") or the
file's name opens with it and names no other ("2018-12_kestrel.txt"), else from the
corpus when only one year puts the day among the other articles' dates (see
``dates.year_among``). Otherwise the article has no date: a year is never guessed. A
number elsewhere in a name is no year ("all-2000-us-troops.txt"). The file's copyright
notice gives the year earlier, with the facts (``metadata.dated``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from syria_reader.corpus.article import Article
from syria_reader.corpus.dates import plausible_year, real_date, with_year, year_among

_YEAR = re.compile(r"(?:19|20)\d\d")
# A file name that opens with a year and goes on with no other: "2018-12-19_x", not a
# range ("2017-2018_review").
_NAME_YEAR = re.compile(r"((?:19|20)\d\d)(?=[-_. ])(?!.*(?<!\d)(?:19|20)\d\d(?!\d))")


def complete_days(articles: Sequence[Article], root: Path) -> None:
    """Give each article with a dateline's day and no date the ISO date in the year
    known for it, if one is."""
    days = [article for article in articles if article.dateline_day and not article.date]
    if not days:
        return
    dates = sorted(article.date for article in articles
                   if article.date and real_date(article.date))
    for article in days:
        assert article.dateline_day is not None
        day = article.dateline_day
        year = _year_in_name(article.path, root) or (
            year_among(day, dates[0], dates[-1]) if dates else None)
        article.date = with_year(day, year) if year else None


def _year_in_name(path: Path | None, root: Path) -> int | None:
    """The one year that names a folder of the file's path below ``root`` or opens the
    file's name."""
    if path is None:
        return None
    try:
        folders = path.relative_to(root).parts[:-1]
    except ValueError:
        folders = ()
    years = {int(folder) for folder in folders if _YEAR.fullmatch(folder)}
    if found := _NAME_YEAR.match(path.name):
        years.add(int(found.group(1)))
    year = years.pop() if len(years) == 1 else None
    return year if year is not None and plausible_year(year) else None
