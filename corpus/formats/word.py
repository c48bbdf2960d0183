"""Word (.docx), through python-docx: its paragraphs, a blank line between them, and
the title from the document's properties (not its author or dates: who made the file
and when, not the report's source and date, which are read from the text)."""

from __future__ import annotations

import io

from syria_reader.corpus.decoding import UndecodableError
from syria_reader.corpus.formats import Extracted, one_line
from syria_reader.corpus.metadata import Metadata


def convert(data: bytes, encoding: str | None) -> Extracted:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        paragraphs = [p.text.strip() for p in document.paragraphs]
        title = document.core_properties.title
    except Exception as error:  # a damaged file: any of its parsers' errors
        raise UndecodableError(f"not a readable Word document ({one_line(error)})") from None
    text = "\n\n".join(p for p in paragraphs if p)
    if not text:
        raise UndecodableError("a Word document with no text")
    named = _text(title)
    return Extracted(text + "\n", Metadata(title=named) if named else None)


def _text(value: str | None) -> str | None:
    text = " ".join(value.split()) if value else ""
    return text or None
