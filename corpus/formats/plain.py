"""Plain text (.txt): decoded, with front matter if it has any."""

from __future__ import annotations

from syria_reader.corpus.decoding import decode
from syria_reader.corpus.formats import Extracted
from syria_reader.corpus.metadata import split_front_matter


def convert(data: bytes, encoding: str | None) -> Extracted:
    decoded = decode(data, encoding)
    front, body = split_front_matter(decoded.text)
    return Extracted(body, front, decoded.encoding, decoded.detected)
