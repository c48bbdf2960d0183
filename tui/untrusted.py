"""Text our code did not write, made safe to show: no byte of it can control a terminal.

Articles, front matter, file names, notes, labels, imported files and config come from
other people. A control character in them is shown as a visible stand-in of the same
length (``corpus/visible.py``: the table, shared with the reports the headless layers
write). Pure Python, no Textual: the command line uses it before anything is imported.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from syria_reader.corpus.visible import KEPT, REPLACEMENT, STAND_INS, visible

__all__ = ["KEPT", "LINE_BREAK", "REPLACEMENT", "STAND_INS", "TAB", "VisibleStream",
           "json_text", "one_line", "print_json", "unfiltered", "visible", "visible_output"]

# In an output of one record a line, a line break or tab inside a field would fake a row
# or a column: there they too are control pictures, one character for one as the rest
# of the table (so offsets still count), "␊" for a line break and "␉" for a tab. U+2028
# and U+2029 split lines for many readers of our output (str.splitlines): "␊" too.
LINE_BREAK, TAB = "\u240a", "\u2409"
_ONE_LINE = {**STAND_INS, 0x0A: LINE_BREAK, 0x09: TAB, 0x2028: LINE_BREAK,
             0x2029: LINE_BREAK}

# In JSON the exact text must survive: a control is escaped (\u001b), never replaced.
# The encoders escape C0 themselves; DEL, C1 and lone surrogates they write raw.
_JSON_RAW = re.compile("[" + "".join(chr(code) for code in STAND_INS if code >= 0x7F) + "]")


def json_text(payload: object) -> str:
    """``payload`` as indented JSON that holds no raw control character: parsed back,
    every string is exactly what it was."""
    import orjson  # here: the reader's first frame does not wait for it

    try:
        text = orjson.dumps(payload, option=orjson.OPT_INDENT_2).decode("utf-8")
    except TypeError:  # a lone surrogate, which orjson refuses: the standard library's
        text = json.dumps(payload, ensure_ascii=False, indent=2)
    return _JSON_RAW.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


def one_line(text: object) -> str:
    """``text`` for one field of a one-record-a-line output: every control character,
    line break and tab a visible stand-in, so the record stays on its line."""
    return str(text).translate(_ONE_LINE)


def print_json(payload: object) -> None:
    # json_text leaves no control character but the line breaks: written as it is,
    # not filtered a second time (a 10 MB answer would pay twice).
    stream = unfiltered(sys.stdout)
    stream.write(json_text(payload) + "\n")
    stream.flush()


class VisibleStream:
    """A text stream that shows every control character written to it visibly.

    The command line puts it in front of stdout and stderr, so no output of ours (a
    table, an error naming a file, argparse echoing an argument) can pass a terminal
    sequence through; ``unfiltered`` is for our own control output (a progress line
    rewritten with a carriage return).
    """

    def __init__(self, stream: TextIO) -> None:
        self.unfiltered = stream

    def write(self, text: str) -> int:
        self.unfiltered.write(visible(text))
        return len(text)

    def writelines(self, lines: list[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> object:  # flush, isatty, fileno, encoding, ...
        return getattr(self.unfiltered, name)


@contextmanager
def visible_output() -> Iterator[None]:
    """``VisibleStream`` in front of stdout and stderr while the block runs."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = (
        stream if stream is None or isinstance(stream, VisibleStream) else VisibleStream(stream)
        for stream in saved
    )
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def unfiltered(stream: TextIO) -> TextIO:
    """The stream under a ``VisibleStream``, or ``stream`` itself."""
    return stream.unfiltered if isinstance(stream, VisibleStream) else stream
