"""Finding text: exact hits in one article, fuzzy hits in sentences across the corpus."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from syria_reader.corpus.article import Article

FUZZY_CUTOFF = 70.0


@dataclass(frozen=True)
class SearchHit:
    article_id: str
    start: int
    end: int
    text: str  # the matched text (exact search) or the whole sentence (fuzzy search)
    # start/end: the matched words (fuzzy: the best-matching window of the sentence)
    score: float


def find_in_article(article: Article, query: str, limit: int = 500) -> list[SearchHit]:
    """Case-insensitive exact occurrences of ``query`` in ``article``, in text order."""
    if not query.strip():
        return []
    pattern = re.compile(re.escape(query), re.IGNORECASE)
    hits = []
    for match in pattern.finditer(article.text):
        hits.append(SearchHit(article.id, match.start(), match.end(), match.group(), 100.0))
        if len(hits) >= limit:
            break
    return hits


def _sentences(articles: Iterable[Article]) -> Iterator[tuple[Article, int, int]]:
    for article in articles:
        for start, end in article.sentences:
            yield article, start, end


def find_in_corpus(
    articles: Iterable[Article], query: str, limit: int = 50, cutoff: float = FUZZY_CUTOFF
) -> list[SearchHit]:
    """Sentences across the corpus that contain ``query`` or something close to it.

    Scored by rapidfuzz's ``partial_ratio`` (the best-matching window of the sentence),
    so a misspelt name or a variant spelling still finds its sentences.
    """
    if not query.strip():
        return []
    from rapidfuzz import fuzz, process, utils  # here: the reader starts without it

    places = list(_sentences(articles))
    choices = [article.text[start:end] for article, start, end in places]
    found = process.extract(
        query, choices, scorer=fuzz.partial_ratio, processor=utils.default_process,
        score_cutoff=cutoff, limit=limit,
    )
    hits = []
    for text, score, index in found:
        article, start, _ = places[index]
        # Point at the best-matching words of the sentence, not at its start.
        aligned = fuzz.partial_ratio_alignment(
            utils.default_process(query), text.lower(), score_cutoff=0
        )
        low, high = (aligned.dest_start, aligned.dest_end) if aligned else (0, len(text))
        hits.append(SearchHit(article.id, start + low, start + high, text, float(score)))
    return hits


class QuoteNotFoundError(LookupError):
    """The quote is not in the article (or not that many times)."""


def locate(article: Article, quote: str, occurrence: int = 1) -> tuple[int, int]:
    """The span of the ``occurrence``-th (1-based) exact occurrence of ``quote``."""
    if not quote:
        raise QuoteNotFoundError("the quote is empty")
    if occurrence < 1:
        raise QuoteNotFoundError(f"occurrence {occurrence}: the first occurrence is 1")
    position = -1
    for seen in range(occurrence):
        position = article.text.find(quote, position + 1)
        if position < 0:
            if not seen:
                raise QuoteNotFoundError(f"“{quote}” is not in {article.id}")
            raise QuoteNotFoundError(
                f"“{quote}” occurs {seen} time{'s' if seen > 1 else ''} in {article.id}; "
                f"there is no occurrence {occurrence}"
            )
    return position, position + len(quote)
