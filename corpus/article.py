"""The article record: one document of a corpus, exactly as loaded."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from syria_reader.corpus.sentences import Span, split_sentences

if TYPE_CHECKING:
    from syria_reader.corpus.facts_cache import FactsCache

_WORD = re.compile(r"\w+(?:[-'’.]\w+)*")
# Characters from which the sentences of a text that came with no facts (an article
# made in code, not loaded) are cached anyway: below, splitting takes less than a query.
_LONG = 200_000


def text_sha256(text: str) -> str:
    """The hex sha256 of ``text`` encoded as UTF-8: the identity of a text version."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class TextFacts:
    """What the loader knew of an article's text without reading it (from the facts
    cache, corpus/facts_cache.py): its identity and size, the counts when a command has
    made them, and the cache where its sentences are kept."""

    sha256: str
    length: int
    words: int | None = None
    sentence_count: int | None = None
    cache: FactsCache | None = None

    def __getstate__(self) -> dict[str, object]:
        return {**self.__dict__, "cache": None}  # a connection stays in its process


class _Text:
    """``Article.text``: the text given, or made on first read by the loader's callable
    (the file's bytes, read at load time, converted): a command that never reads an
    article's text never converts it."""

    def __get__(self, article: Article | None, owner: type | None = None) -> str:
        if article is None:
            raise AttributeError("text")  # so that the dataclass field has no default
        state = article.__dict__
        text = state.get("_text")
        if text is None:  # two threads may both convert: the same text, no harm
            make = state.get("_make_text")
            if make is None:  # another thread made it since (then let the bytes go)
                return state["_text"]
            text = make()
            state["_text"] = text
            state.pop("_make_text", None)  # the bytes are not needed any more
        return text

    def __set__(self, article: Article, text: str) -> None:
        article.__dict__["_text"] = text


@dataclass(eq=False, repr=False)
class Article:
    """One article. Offsets everywhere are ``str`` indices into ``text``, half-open."""

    id: str
    title: str
    text: str = _Text()  # type: ignore[assignment]
    source: str | None = None
    date: str | None = None
    path: Path | None = None
    encoding: str = "utf-8"
    encoding_guessed: bool = False  # not UTF-8 and not named by the user: detected
    facts: TextFacts | None = field(default=None, repr=False)
    # A dateline's day ("--12-19") when the text gave no year: the loader completes the
    # date from the corpus if it can (corpus/dateline_years.py).
    dateline_day: str | None = field(default=None, repr=False)

    @classmethod
    def deferred(cls, make_text: Callable[[], str], facts: TextFacts,
                 **fields: Any) -> Article:
        """An article whose text ``make_text`` makes when first read; ``facts`` are
        those of that text."""
        article = cls(text="", facts=facts, **fields)
        del article.__dict__["_text"]
        article.__dict__["_make_text"] = make_text
        return article

    def __repr__(self) -> str:
        # Not the text: a worker's description, a log or a traceback would copy 50 MB.
        return f"Article(id={self.id!r}, {self.length} characters)"

    @property
    def length(self) -> int:
        """The text's length in characters, known without making the text."""
        return self.facts.length if self.facts else len(self.text)

    @cached_property
    def sha256(self) -> str:
        """The text's identity: known from the facts cache, else computed on first use
        (for a 50 MB text that is after the reader's first frame)."""
        return self.facts.sha256 if self.facts else text_sha256(self.text)

    @cached_property
    def sentences(self) -> list[Span]:
        """Sentence spans, computed on first use: read from the facts cache when kept
        there, else split (a long text on every core) and kept."""
        cache = self._cache()
        cached = cache.sentences(self.sha256, self.length) if cache else None
        if cached is not None:
            return cached
        if cache is None and len(self.text) < _LONG:
            return split_sentences(self.text)
        from syria_reader.corpus.text_cache import split_everywhere

        spans = split_everywhere(self.text)
        self._keep(spans, cache)
        return spans

    def keep_sentences(self, spans: list[Span]) -> None:
        """Take ``spans``, split elsewhere from this very text, as its sentences."""
        self.__dict__["sentences"] = spans
        self._keep(spans, self._cache())

    def _keep(self, spans: list[Span], cache: FactsCache | None) -> None:
        """Keep the sentences in the cache, with the word count (counted now if not yet:
        one row written, not two)."""
        if cache is None:
            return
        words = self.__dict__.get("word_count")
        if words is None:
            words = self.__dict__["word_count"] = self._count_words()
        cache.put_text(self.sha256, self.length, words, spans)

    def _cache(self) -> FactsCache | None:
        """Where this text's sentences and counts are kept: the loader's cache, or for a
        long text made in code the default one; None for a short one (not worth it)."""
        if self.facts is not None:
            return self.facts.cache
        if len(self.text) < _LONG:
            return None
        from syria_reader.corpus.facts_cache import open_cache

        return open_cache()

    @property
    def sentence_count(self) -> int:
        """How many sentences: read from the facts when known, not split."""
        known = self.facts.sentence_count if self.facts else None
        return len(self.sentences) if known is None or self.sentences_ready else known

    @property
    def sentences_cached(self) -> bool:
        """Whether ``sentences`` is a read, not a split: computed, or its offsets kept in
        the facts cache (kept with the count). The reader lights the cursor's sentence
        in its first frame only then: a split imported syntok before that frame."""
        return self.sentences_ready or (self.sentence_count_known
                                        and self.facts is not None and self.facts.cache is not None)

    @property
    def sentence_count_known(self) -> bool:
        """Whether ``sentence_count`` costs nothing (split, or counted before)."""
        return self.sentences_ready or (self.facts is not None
                                        and self.facts.sentence_count is not None)

    @property
    def sentences_ready(self) -> bool:
        """Whether ``sentences`` is computed (reading it then costs nothing)."""
        return "sentences" in self.__dict__

    @cached_property
    def word_count(self) -> int:
        if self.facts is not None and self.facts.words is not None:
            return self.facts.words
        words = self._count_words()
        cache = self._cache()
        if cache is not None:
            cache.put_text(self.sha256, self.length, words)
        return words

    def _count_words(self) -> int:
        return sum(1 for _ in _WORD.finditer(self.text))

    def summary(self) -> dict[str, object]:
        """The row that ``syria-reader articles --json`` prints for this article."""
        sentences = self.sentence_count  # first: splitting keeps the word count with it
        return {
            "id": self.id,
            "title": self.title,
            "source": self.source,
            "date": self.date,
            "words": self.word_count,
            "sentences": sentences,
            "sha256": self.sha256,
        }
