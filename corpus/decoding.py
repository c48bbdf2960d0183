"""Bytes to text: UTF-8 (with or without BOM) first, then charset detection."""

from __future__ import annotations

from dataclasses import dataclass

_BINARY_SAMPLE = 8192


class UndecodableError(ValueError):
    """The bytes are binary, or in no encoding that could be detected."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    detected: bool  # True when the encoding was guessed by detection, not declared


def looks_binary(data: bytes) -> bool:
    """NUL bytes never occur in text of any 8-bit encoding or UTF-8."""
    sample = data[:_BINARY_SAMPLE]
    if b"\x00" in sample:
        return not _is_utf16(sample)
    return False


def _is_utf16(sample: bytes) -> bool:
    return sample.startswith((b"\xff\xfe", b"\xfe\xff"))


def decode(data: bytes) -> Decoded:
    """Decode ``data`` to text with universal newlines (CRLF and CR become LF)."""
    if looks_binary(data):
        raise UndecodableError("binary file (NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
        return Decoded(_normalise_newlines(text), "utf-8", detected=False)
    except UnicodeDecodeError:
        pass
    # Imported here: only files that are not UTF-8 pay for detection.
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise UndecodableError("not text in any encoding that could be detected")
    text = str(best)
    if text.startswith("\ufeff"):
        text = text[1:]
    return Decoded(_normalise_newlines(text), best.encoding, detected=True)


def _normalise_newlines(text: str) -> str:
    if "\r" not in text:  # most files: no copy of a 50 MB text for nothing
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")
