"""Which of a list's first nine choices a typed digit picks, in every dialog alike."""

from __future__ import annotations

import unicodedata


def digit_choice(character: str | None, count: int) -> int | None:
    """The index ``character`` picks among ``count`` choices: "1" the first, up to "9"
    (the digits of any script count: "١" is 1 on an Arabic keyboard). None for
    anything else: "0", a digit past ``count``, or "²", a digit int() refuses."""
    if character is None or len(character) != 1:
        return None
    number = unicodedata.decimal(character, None)
    return number - 1 if number is not None and 1 <= number <= min(count, 9) else None
