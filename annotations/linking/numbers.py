"""Figures in a passage: "about 2,000", "roughly 500", "5,000 to 10,000", "hundreds".

Two reports of one fact that give different figures are what an analyst looks for, so
the engine reads each figure as a range of values with the words around it, and two
figures are "about the same thing" when those words overlap ("2,000 troops" and
"troops in Syria, roughly 500").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "k": 1e3, "m": 1e6, "bn": 1e9}
_WORD_VALUES = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "dozen": 12,
}
# Vague plurals read as the range they usually mean in news text.
_VAGUE = {
    "dozens": (24.0, 99.0), "hundreds": (200.0, 999.0), "thousands": (2e3, 9999.0),
    "tens of thousands": (2e4, 99999.0), "hundreds of thousands": (2e5, 999999.0),
    "millions": (2e6, 9.99e8),
}
_APPROX = (
    r"about|around|roughly|some|approximately|nearly|almost|over|under|only|just|"
    r"estimated|more\s+than|less\s+than|fewer\s+than|up\s+to|at\s+least|at\s+most|"
    r"as\s+(?:high|many|much|few|low)\s+as"
)
_AMOUNT = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = r"thousand|million|billion|bn"
# Money: a symbol before the amount, or a word after it ("€12m", "12 million euros").
_CURRENCY_SIGNS = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP"}
_CURRENCY_WORDS = {"dollar": "USD", "dollars": "USD", "usd": "USD", "euro": "EUR",
                   "euros": "EUR", "eur": "EUR", "pound": "GBP", "pounds": "GBP",
                   "sterling": "GBP", "gbp": "GBP"}
_CURRENCY_AFTER = re.compile(
    r"\s*(?P<currency>" + "|".join(sorted(_CURRENCY_WORDS, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
_WORDS = "|".join(sorted(_WORD_VALUES, key=len, reverse=True))
_VAGUE_WORDS = "|".join(sorted(_VAGUE, key=len, reverse=True)).replace(" ", r"\s+")
_FIGURE = re.compile(
    rf"(?<![\w.,:/-])(?:(?P<approx>{_APPROX})\s+)?"
    rf"(?:(?P<vague>{_VAGUE_WORDS})"
    rf"|(?P<sign>US\$|[$€£])?\s*(?P<low>{_AMOUNT}|{_WORDS})"
    rf"(?:\s*(?P<scale1>{_SCALE})|(?<=\d)(?P<short>[mk])(?=\W|$))?"
    rf"(?:\s*(?:to|-|–|—|or)\s*(?P<high>{_AMOUNT})(?:\s*(?P<scale2>{_SCALE}))?)?)"
    rf"(?![\w:/]|[.,]\d)",
    re.IGNORECASE,
)
# Figures that count time, not things: "two weeks", "in 2018".
_TIME_AFTER = re.compile(
    r"\s*(?:-\s*)?(?:years?|months?|weeks?|days?|hours?|minutes?|seconds?|decades?|"
    r"centuries|century|percent|%|am|pm|a\.m\.|p\.m\.)\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"^(?:1[89]|20)\d\d$")
TOLERANCE = 0.1  # "about 2,000" and "2,100" are one figure; "2,400" is not
MAGNITUDES = 100.0  # figures further apart than this factor count different things


@dataclass(frozen=True)
class Figure:
    """A figure of a passage: its value range and where it stands (offsets in the text)."""

    start: int
    end: int
    text: str
    low: float
    high: float
    unit: str = ""  # a currency ("EUR"), or "" for a count of things
    vague: bool = False  # "hundreds", "dozens": a range, never "the same figure"

    def agrees(self, other: Figure) -> bool:
        """Whether the two can be one figure: ranges that overlap, or whose nearer ends
        are at most ``TOLERANCE`` of the lower one apart ("2,000" and "2,200" are,
        "2,000" and "2,400" are not). The tolerance is taken once, relative to one
        figure: widening both ranges made 10% accept about 22%."""
        lower, upper = sorted((self, other), key=lambda figure: (figure.low, figure.high))
        # The epsilon keeps a figure exactly 10% above from failing on rounding.
        return upper.low <= lower.high * (1 + TOLERANCE + 1e-9)

    def identical(self, other: Figure) -> bool:
        """The very same value or range (however written: "€12m", "12 million euros")."""
        return (self.low, self.high, self.unit) == (other.low, other.high, other.unit)

    def comparable(self, other: Figure) -> bool:
        """Whether the two can count one thing: the same unit, and within a factor of
        ``MAGNITUDES`` ("30 members" and "30,000 members" are not one count)."""
        if self.unit != other.unit:
            return False
        low, high = sorted((max(self.high, 1.0), max(other.high, 1.0)))
        return high / low < MAGNITUDES

    def to_list(self) -> list[object]:
        return [self.start, self.end, self.text, self.low, self.high, self.unit, self.vague]

    @classmethod
    def from_list(cls, data: list[object]) -> Figure:
        start, end, text, low, high, unit, vague = data
        return cls(int(start), int(end), str(text), float(low), float(high),  # type: ignore[arg-type]
                   str(unit), bool(vague))


def _value(amount: str, scale: str | None) -> float:
    word = amount.lower()
    number = float(_WORD_VALUES[word]) if word in _WORD_VALUES else float(word.replace(",", ""))
    return number * _SCALES.get((scale or "").lower(), 1.0)


def figures(text: str) -> list[Figure]:
    """The figures of ``text``; years, times and durations are not figures."""
    found = []
    for match in _FIGURE.finditer(text):
        if _TIME_AFTER.match(text, match.end()):
            continue
        unit, end = "", match.end()
        if match.group("vague"):
            low, high = _VAGUE[" ".join(match.group("vague").lower().split())]
        else:
            raw = match.group("low")
            sign = (match.group("sign") or "").lower()
            money = _CURRENCY_AFTER.match(text, end)
            if _YEAR.match(raw) and not match.group("high") and not sign:
                continue
            if match.group("short") and not sign:
                continue  # "10m" is ten metres unless it is money
            scale = match.group("scale1") or match.group("scale2") or match.group("short")
            low = _value(raw, scale)
            high = _value(match.group("high"), match.group("scale2") or scale) if match.group(
                "high") else low
            if high < low:  # "10 to 5": read as written, a range all the same
                low, high = high, low
            if sign:
                unit = _CURRENCY_SIGNS[sign]
            elif money:
                unit, end = _CURRENCY_WORDS[money.group("currency").lower()], money.end()
        found.append(Figure(match.start(), end, text[match.start():end], low, high, unit,
                            bool(match.group("vague"))))
    return found


def display(figure: Figure) -> str:
    """The figure as the text has it, without the hedge: "about 2,000" -> "2,000"."""
    text = re.sub(rf"^(?:{_APPROX})\s+", "", figure.text, flags=re.IGNORECASE)
    return " ".join(text.split())
