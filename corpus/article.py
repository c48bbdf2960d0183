"""The article record: one document of a corpus, exactly as loaded."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from syria_reader.corpus.sentences import Span, split_sentences

if TYPE_CHECKING:
    from syria_reader.corpus.text_cache import TextFacts

_WORD = re.compile(r"\w+(?:[-'’.]\w+)*")
# Characters from which a text's sentences are cached (corpus/text_cache.py): below,
# splitting takes less than reading a file.
_LONG = 200_000


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
    encoding_guessed: bool = False  # not UTF-8 and not named by the user: detected

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

    @cached_property
    def _cached_facts(self) -> TextFacts | None:
        """A long text's counts from the cache file's header (read once), or None."""
        if len(self.text) < _LONG:
            return None
        from syria_reader.corpus import text_cache

        return text_cache.read_facts(self.sha256, len(self.text))

    @property
    def sentence_count(self) -> int:
        """How many sentences: a long text's count is read from the cache, not split."""
        facts = None if self.sentences_ready else self._cached_facts
        return facts.sentence_count if facts else len(self.sentences)

    @property
    def sentences_ready(self) -> bool:
        """Whether ``sentences`` is computed (reading it then costs nothing)."""
        return "sentences" in self.__dict__

    @cached_property
    def word_count(self) -> int:
        facts = self._cached_facts
        return facts.words if facts else sum(1 for _ in _WORD.finditer(self.text))

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
