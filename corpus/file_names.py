"""File and folder names as text that can be stored, compared and written anywhere.

A name that is not UTF-8 (a Latin-1 "café" from an old archive) reaches Python with each
undecodable byte as a lone surrogate (PEP 383), which JSON, the database and a file
name written back cannot hold: one such article file broke every command on its corpus.
"""

from __future__ import annotations

_SURROGATE_BYTES = range(0xDC80, 0xDD00)  # os.fsdecode's stand-ins for bytes 0x80-0xFF


def name_text(name: str) -> str:
    """``name`` with each undecodable byte written as ``%XX`` ("caf\\udce9" gives
    "caf%E9"): valid text, and two names that differ in those bytes stay apart."""
    if name.isascii() or not any(ord(c) in _SURROGATE_BYTES for c in name):
        return name
    return "".join(f"%{ord(c) - 0xDC00:02X}" if ord(c) in _SURROGATE_BYTES else c
                   for c in name)
