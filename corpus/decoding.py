"""Bytes to text: UTF-8 (with or without BOM) first, or UTF-16 or UTF-32 when a
byte-order mark says so, then the encoding the user named, then Windows-1252 when the
text reads as Western European in it, then detection.

Detection alone guesses wrong on short Western text: charset-normalizer read a
Windows-1252 "€12" as cp852's "Ç12" and Latin-1's "naïve" as cp1250's "naďve". Most
single-byte news text is Windows-1252 (a superset of Latin-1's letters), so it is tried
first and kept when plausible: no byte it leaves undefined, no control character, and
the non-ASCII characters it gives are few and read as letters or punctuation in words.
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass

_BINARY_SAMPLE = 8192
# UTF-32's little-endian mark starts with UTF-16's: it is looked for first.
_BYTE_ORDER_MARKS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# What text never holds, and other bytes read as UTF-16 soon do (besides U+0000): code
# points no character is assigned to, and private use.
_NOT_TEXT = frozenset({"Cn", "Co"})
WESTERN = "cp1252"
# Share of non-ASCII letters among the letters above which Windows-1252 is not
# trusted: German runs to 5-20% (short texts), Cyrillic or Greek read in it to 90%+.
_MOST_NON_ASCII = 0.3


class UndecodableError(ValueError):
    """The bytes are binary, or in no encoding that could be detected."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    detected: bool  # True when the encoding was guessed (not UTF-8, not named)


def check_encoding(name: str) -> str:
    """The codec's canonical name; a ``ValueError`` naming it when there is none."""
    try:
        codec = codecs.lookup(name)
    except LookupError:
        raise ValueError(f"unknown encoding '{name}'") from None
    if not codec._is_text_encoding:  # rot13, base64, hex: bytes to bytes, not text
        raise ValueError(f"'{name}' is not a text encoding")
    return codec.name


def looks_binary(data: bytes) -> bool:
    """NUL bytes never occur in text of any 8-bit encoding or UTF-8."""
    return b"\x00" in data[:_BINARY_SAMPLE]


def _marked(data: bytes) -> Decoded | None:
    """``data`` as the UTF-16 or UTF-32 text its byte-order mark says it is; None
    without a mark. A mark followed by bytes that are no such text is a binary file,
    not text in another encoding."""
    codec = next((name for mark, name in _BYTE_ORDER_MARKS if data.startswith(mark)), None)
    if codec is None:
        return None
    problem = UndecodableError(f"binary file (no {codec.upper()} text after its "
                               "byte-order mark)")
    try:
        text = data.decode(codec)  # the codec drops the mark
    except UnicodeDecodeError:  # a lone surrogate, an odd byte at the end
        raise problem from None
    sample = text[:_BINARY_SAMPLE]
    if "\x00" in sample or any(unicodedata.category(char) in _NOT_TEXT for char in sample):
        raise problem
    return Decoded(_normalise_newlines(text), codec, detected=False)


def decode(data: bytes, encoding: str | None = None) -> Decoded:
    """Decode ``data`` to text with universal newlines (CRLF and CR become LF).

    ``encoding``: what the user says text that is not UTF-8 is in (instead of guessing).
    """
    marked = _marked(data)  # the mark says what the text is in, whatever was named
    if marked is not None:
        return marked
    if looks_binary(data):
        raise UndecodableError("binary file (NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
        return Decoded(_normalise_newlines(text), "utf-8", detected=False)
    except UnicodeDecodeError:
        pass
    if encoding is not None:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as error:
            raise UndecodableError(f"not {encoding} text ({error.reason} at byte "
                                   f"{error.start})") from None
        return Decoded(_normalise_newlines(text.removeprefix("\ufeff")), encoding, False)
    western = _western(data)
    if western is not None:
        return Decoded(_normalise_newlines(western), WESTERN, detected=True)
    # Imported here: only files that are neither pay for detection.
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise UndecodableError("not text in any encoding that could be detected")
    text = str(best).removeprefix("\ufeff")
    return Decoded(_normalise_newlines(text), best.encoding, detected=True)


def _western(data: bytes) -> str | None:
    """``data`` read as Windows-1252 when it reads as Western European text."""
    try:
        text = data.decode(WESTERN)
    except UnicodeDecodeError:  # 0x81, 0x8D, 0x8F, 0x90, 0x9D: not Windows-1252
        return None
    letters = non_ascii = 0  # non-ASCII letters
    for index, char in enumerate(text):
        if char.isascii():
            letters += char.isalpha()
            continue
        category = unicodedata.category(char)
        if category.startswith("L"):
            letters += 1
            non_ascii += 1
        elif category[0] not in "PSZ" or (category in ("No", "Sk", "So") and _in_word(text, index)):
            return None  # a control, or "³" or "¨" inside a word: another code page's letter
    return text if non_ascii <= _MOST_NON_ASCII * max(letters, 1) else None


def _in_word(text: str, index: int) -> bool:
    before = text[index - 1] if index else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    return before.isalpha() and after.isalpha()


def _normalise_newlines(text: str) -> str:
    if "\r" not in text:  # most files: no copy of a 50 MB text for nothing
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")
