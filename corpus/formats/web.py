"""Saved web pages (.html), through trafilatura: the article's main text without menus,
adverts or comments, and its title, site, date and address as the page gives them.

A page that says what it is encoded in (``<meta charset>``, an XML declaration) is left
to trafilatura to decode; one that does not, and is not UTF-8, is decoded as any text
file is (``decoding``: Windows-1252 when plausible, then detection), with the guess
reported.
"""

from __future__ import annotations

import logging

from syria_reader.corpus.dates import parse_date
from syria_reader.corpus.decoding import Decoded, UndecodableError, decode
from syria_reader.corpus.formats import Extracted, one_line
from syria_reader.corpus.metadata import Metadata

_DECLARATION_REACH = 4096  # bytes from the start where a page declares its encoding


def convert(data: bytes, encoding: str | None) -> Extracted:
    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)  # it logs to the screen
    decoded = _decoded(data, encoding)
    try:
        document = trafilatura.bare_extraction(
            decoded.text if decoded else data, include_comments=False,
            include_tables=True, with_metadata=True)
    except Exception as error:  # a damaged page: any of its parsers' errors
        raise UndecodableError(f"not a readable web page ({one_line(error)})") from None
    found = document.as_dict() if document is not None else {}
    text = found.get("text") or ""
    if not text.strip():
        raise UndecodableError("no article text found in the web page")
    written = _field(found, "date")
    metadata = Metadata(
        title=_field(found, "title"),
        source=_field(found, "sitename") or _field(found, "hostname"),
        date=(parse_date(written) or written) if written else None,
        url=_field(found, "url"),
    )
    return Extracted(text.strip() + "\n", metadata,
                     decoded.encoding if decoded else "utf-8",
                     decoded.detected if decoded else False)


def _decoded(data: bytes, encoding: str | None) -> Decoded | None:
    """The page as text when we decode it, None when trafilatura should."""
    if encoding is not None:
        return decode(data, encoding)  # the user (or the server) knows better
    head = data[:_DECLARATION_REACH].lower()
    if b"charset" in head or b"encoding=" in head:
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return decode(data)
    return None


def _field(found: dict[str, object], name: str) -> str | None:
    value = found.get(name)
    text = " ".join(value.split()) if isinstance(value, str) else ""
    return text or None
