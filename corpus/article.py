"""The article record: one document of a corpus, exactly as loaded."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from syria_reader.corpus.sentences import Span, split_sentences

_WORD = re.compile(r"\w+(?:[-'’.]\w+)*")
_LONG = 200_000  # characters: text_cache.CACHED_FROM, without importing it for short texts


def text_sha256(text: str) -> str:
    """The hex sha256 of ``text`` encoded as UTF-8: the identity of a text version."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(eq=False, repr=False)
class Article:
    """One article. Offsets everywhere are ``str`` indices into ``text``, half-open."""

    id: str
    title: str
    text: str
    source: str | None = None
    date: str | None = None
    path: Path | None = None
    encoding: str = "utf-8"

    def __repr__(self) -> str:
        # Not the text: a worker's description, a log or a traceback would copy 50 MB.
        return f"Article(id={self.id!r}, {len(self.text)} characters)"

    @cached_property
    def sha256(self) -> str:
        """The text's identity, computed on first use: for a 50 MB text that is after
        the reader's first frame, in the worker that loads the annotations."""
        return text_sha256(self.text)

    @cached_property
    def sentences(self) -> list[Span]:
        """Sentence spans, computed on first use; a long text's are read from the cache
        (corpus/text_cache.py), or split on every core and cached."""
        if len(self.text) < _LONG:
            return split_sentences(self.text)
        from syria_reader.corpus import text_cache

        cached = text_cache.read_sentences(self.sha256, len(self.text))
        if cached is not None:
            return cached
        spans = text_cache.split_everywhere(self.text)
        text_cache.write(self.sha256, len(self.text), spans, self.word_count)
        return spans

    @property
    def sentence_count(self) -> int:
        """How many sentences: a long text's count is read from the cache, not split."""
        if self.sentences_ready or len(self.text) < _LONG:
            return len(self.sentences)
        from syria_reader.corpus import text_cache

        facts = text_cache.read_facts(self.sha256, len(self.text))
        return facts.sentence_count if facts else len(self.sentences)

    @property
    def sentences_ready(self) -> bool:
        """Whether ``sentences`` is computed (reading it then costs nothing)."""
        return "sentences" in self.__dict__

    @cached_property
    def word_count(self) -> int:
        if len(self.text) >= _LONG:
            from syria_reader.corpus import text_cache

            facts = text_cache.read_facts(self.sha256, len(self.text))
            if facts is not None:
                return facts.words
        return sum(1 for _ in _WORD.finditer(self.text))

    def summary(self) -> dict[str, object]:
        """The row that ``syria-reader articles --json`` prints for this article."""
        return {
            "id": self.id,
            "title": self.title,
            "source": self.source,
            "date": self.date,
            "words": self.word_count,
            "sentences": self.sentence_count,
            "sha256": self.sha256,
        }
