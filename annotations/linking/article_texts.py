"""The articles' texts by id for the related-passages index, each made only when read."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, MutableMapping

from syria_reader.corpus import Article


class ArticleTexts(MutableMapping[str, str]):
    """The articles' texts by id, each made only when read: a corpus from the facts
    cache converts a text when first read, and an index restored from its cache reads
    few (building it read every one, every PDF of a corpus at each start)."""

    def __init__(self, articles: Iterable[Article]) -> None:
        self._articles = {article.id: article for article in articles}
        self._given: dict[str, str] = {}

    def __getitem__(self, article_id: str) -> str:
        given = self._given.get(article_id)
        return given if given is not None else self._articles[article_id].text

    def __setitem__(self, article_id: str, text: str) -> None:
        self._given[article_id] = text

    def __delitem__(self, article_id: str) -> None:
        self._given.pop(article_id, None)
        del self._articles[article_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._articles.keys() | self._given.keys())

    def __len__(self) -> int:
        return len(self._articles.keys() | self._given.keys())

    def length(self, article_id: str) -> int:
        """The text's length in characters, without making it (KeyError: none)."""
        given = self._given.get(article_id)
        return len(given) if given is not None else self._articles[article_id].length
