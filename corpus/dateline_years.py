"""The year of a dateline's day ("WASHINGTON, Dec. 19 —"), which the text leaves out.

Known from the file when its name or folder names one year ("2018/kestrel.txt"), else
from the corpus when only one year puts the day among the other articles' dates (see
``dates.year_among``). Otherwise the article has no date: a year is never guessed.
A copyright line in the text gives it earlier, with the facts (``metadata.derive_date``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from syria_reader.corpus.article import Article
from syria_reader.corpus.dates import is_partial, with_year, year_among

_YEAR = re.compile(r"(?<![0-9A-Za-z])((?:19|20)\d\d)(?![0-9A-Za-z])")


def complete_days(articles: Sequence[Article], root: Path) -> None:
    """Give each article whose date is a day without its year (``"--12-19"``) the ISO
    date in the year known for it, or no date."""
    days = [article for article in articles if is_partial(article.date)]
    if not days:
        return
    dates = [article.date for article in articles
             if article.date and not is_partial(article.date)]
    for article in days:
        assert article.date is not None
        year = _year_in_name(article.path, root) or year_among(article.date, dates)
        article.date = with_year(article.date, year) if year else None


def _year_in_name(path: Path | None, root: Path) -> int | None:
    """The one year written in the file's path below ``root``, if only one is."""
    if path is None:
        return None
    try:
        relative = path.relative_to(root).as_posix()
    except ValueError:
        relative = path.name
    years = {int(found) for found in _YEAR.findall(relative)}
    return years.pop() if len(years) == 1 else None
