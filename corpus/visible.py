"""Control characters made visible: the one table every output of other people's text
goes through (the reader, the command line, the reports a comparison writes).

A control character (ESC starting a sequence that sets a terminal's title or clipboard,
a backspace hiding text, a BEL) becomes a visible stand-in of the same length, one
character for one, so offsets and wrapping never move: C0 controls as the Unicode
control pictures (ESC as "␛"), DEL as "␡", C1 controls and lone surrogates (undecodable
file names) as "�". Tab and newline stay, as text layout.
"""

from __future__ import annotations

KEPT = {0x09, 0x0A}  # tab and newline: layout, not control
REPLACEMENT = 0xFFFD


def _stand_ins() -> dict[int, int]:
    table = {code: 0x2400 + code for code in range(0x20) if code not in KEPT}
    table[0x7F] = 0x2421  # ␡
    for code in (*range(0x80, 0xA0), *range(0xD800, 0xE000)):
        table[code] = REPLACEMENT
    return table


STAND_INS = _stand_ins()


def visible(text: str) -> str:
    """``text`` with every control character replaced by its visible stand-in."""
    return text.translate(STAND_INS)
