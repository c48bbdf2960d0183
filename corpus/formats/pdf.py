"""PDF, through pypdf: the text of every page, a blank line between pages, and the
title from the document's properties. Not its author or dates: those are who made the
file and when (a saved page's print date), not the report's source and date, which
are read from the text as for any article."""

from __future__ import annotations

import io
import logging

from syria_reader.corpus.decoding import UndecodableError
from syria_reader.corpus.formats import Extracted, one_line
from syria_reader.corpus.metadata import Metadata


def convert(data: bytes, encoding: str | None) -> Extracted:
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings would hit the screen
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UndecodableError("an encrypted PDF (it needs a password)")
        pages = [(page.extract_text() or "").strip() for page in reader.pages]
        info = reader.metadata
    except UndecodableError:
        raise
    except Exception as error:  # a damaged file: any of pypdf's errors
        raise UndecodableError(f"not a readable PDF ({one_line(error)})") from None
    text = "\n\n".join(page for page in pages if page)
    if not text:
        raise UndecodableError("a PDF with no text (scanned pages need OCR first)")
    return Extracted(text + "\n", _metadata(info))


def _metadata(info: object) -> Metadata | None:
    title = getattr(info, "title", None) if info is not None else None
    text = " ".join(title.split()) if isinstance(title, str) else ""  # not a list, a number
    return Metadata(title=text) if text else None
