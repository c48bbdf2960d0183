"""Saved web pages (.html), through trafilatura: the article's main text without menus,
adverts or comments, and its title, site, date and address as the page gives them."""

from __future__ import annotations

import logging

from syria_reader.corpus.dates import parse_date
from syria_reader.corpus.decoding import UndecodableError, decode
from syria_reader.corpus.formats import Extracted, one_line
from syria_reader.corpus.metadata import Metadata


def convert(data: bytes, encoding: str | None) -> Extracted:
    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)  # it logs to the screen
    page: bytes | str = data
    decoded = None
    if encoding is not None:
        decoded = decode(data, encoding)  # the user knows better than the page's header
        page = decoded.text
    try:
        document = trafilatura.bare_extraction(
            page, include_comments=False, include_tables=True, with_metadata=True)
    except Exception as error:  # a damaged page: any of its parsers' errors
        raise UndecodableError(f"not a readable web page ({one_line(error)})") from None
    found = document.as_dict() if document is not None and not isinstance(document, dict) \
        else document
    text = (found or {}).get("text") or ""
    if not text.strip():
        raise UndecodableError("no article text found in the web page")
    assert found is not None
    written = _field(found, "date")
    metadata = Metadata(
        title=_field(found, "title"),
        source=_field(found, "sitename") or _field(found, "hostname"),
        date=(parse_date(written) or written) if written else None,
        url=_field(found, "url"),
    )
    return Extracted(text.strip() + "\n", metadata,
                     decoded.encoding if decoded else "utf-8", False)


def _field(found: dict[str, object], name: str) -> str | None:
    value = found.get(name)
    text = " ".join(value.split()) if isinstance(value, str) else ""
    return text or None
