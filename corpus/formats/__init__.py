"""Article files in the forms people keep them, made plain text: the reader shows that
text, and every offset and sha256 counts in it.

One module per form, each through a maintained library, loaded only when a file of its
form is read: ``plain`` (.txt), ``markdown`` (.md, rendered by markdown-it-py), ``web``
(saved pages, main text and metadata by trafilatura), ``pdf`` (pypdf) and ``word``
(.docx, python-docx). Each module's ``convert(data, encoding)`` returns ``Extracted``
or raises ``UndecodableError`` with one line for the user; a parser's own failure on a
damaged or hostile file is one line too, never a traceback.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from syria_reader.corpus.decoding import UndecodableError
from syria_reader.corpus.metadata import Metadata

# Suffix -> the module (in this package) that converts it.
FORMS: dict[str, str] = {
    ".txt": "plain",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "web",
    ".htm": "web",
    ".xhtml": "web",
    ".pdf": "pdf",
    ".docx": "word",
}


def _first_suffixes() -> str:
    first: dict[str, str] = {}
    for suffix, module in FORMS.items():
        first.setdefault(module, suffix)
    return ", ".join(first.values())


# The forms as the user knows them, in messages and help: each module's first suffix.
KINDS = _first_suffixes()


@dataclass(frozen=True)
class Extracted:
    text: str  # plain text: what the reader shows and offsets count in
    metadata: Metadata | None  # what the file itself says (front matter, page, properties)
    encoding: str = "utf-8"
    detected: bool = False  # the encoding was guessed, not UTF-8 nor named


Converter = Callable[[bytes, "str | None"], Extracted]


def is_article(suffix: str) -> bool:
    return suffix.lower() in FORMS


def convert(suffix: str, data: bytes, encoding: str | None = None) -> Extracted:
    """The plain text and metadata of a file of form ``suffix``."""
    name = FORMS.get(suffix.lower())
    if name is None:
        raise UndecodableError(f"not an article format ({suffix or 'no extension'}; "
                               f"articles are {KINDS})")
    convert_form: Converter = importlib.import_module(f"{__name__}.{name}").convert
    return convert_form(data, encoding)


def one_line(error: BaseException) -> str:
    """A library's error as one short line (its message may hold a file's bytes)."""
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= 160 else text[:159] + "…"


__all__ = ["FORMS", "KINDS", "Extracted", "UndecodableError", "convert", "is_article"]
