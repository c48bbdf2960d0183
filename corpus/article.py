"""The article record: one document of a corpus, exactly as loaded."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from syria_reader.corpus.sentences import Span, split_sentences

_WORD = re.compile(r"\w+(?:[-'’.]\w+)*")


def text_sha256(text: str) -> str:
    """The hex sha256 of ``text`` encoded as UTF-8: the identity of a text version."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(eq=False)
class Article:
    """One article. Offsets everywhere are ``str`` indices into ``text``, half-open."""

    id: str
    title: str
    text: str
    source: str | None = None
    date: str | None = None
    path: Path | None = None
    encoding: str = "utf-8"
    sha256: str = field(init=False)

    def __post_init__(self) -> None:
        self.sha256 = text_sha256(self.text)

    @cached_property
    def sentences(self) -> list[Span]:
        """Sentence spans, computed on first use (a large article takes a moment)."""
        return split_sentences(self.text)

    @property
    def sentences_ready(self) -> bool:
        """Whether ``sentences`` is computed (reading it then costs nothing)."""
        return "sentences" in self.__dict__

    @cached_property
    def word_count(self) -> int:
        return sum(1 for _ in _WORD.finditer(self.text))

    def summary(self) -> dict[str, object]:
        """The row that ``syria-reader articles --json`` prints for this article."""
        return {
            "id": self.id,
            "title": self.title,
            "source": self.source,
            "date": self.date,
            "words": self.word_count,
            "sentences": len(self.sentences),
            "sha256": self.sha256,
        }
