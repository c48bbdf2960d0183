"""Sentence boundaries with character offsets.

Segmentation is syntok's (linear time, abbreviation aware); rules are layered on top of
it: every line is segmented on its own, so a headline or caption line is always a
sentence of its own; a wire dateline opening a line ("KESTREL (Reuters) - The …") is
part of the sentence it opens, not one of its own; a sentence that ends with a title
abbreviation syntok does not know ("State Dept.") is joined to the next one; and a
fragment of one word that closes a quotation after a sentence of the same line ("…
would not tolerate “an attack. Period.”") belongs to it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from syria_reader.corpus.metadata import DATELINE_TO_AGENCY

Span = tuple[int, int]

# Abbreviations that precede a name or noun and so never end a sentence in news text.
_TITLE_ABBREVIATIONS = frozenset(
    (
        "adm brig capt cmdr col cpl dept det dr gen gov lt maj messrs mr mrs ms prof rep rev "
        "sen sgt sr jr st supt"
    ).split()
)
_LAST_WORD = re.compile(r"(\w+)\.\s*$")
_WORD = re.compile(r"[^\W\d_]+")
FRAGMENT_WORDS = 1  # a "sentence" of at most this many words may be a fragment of the last
_CLOSING_QUOTES = ("”", "’", '"', "'", "»")
# A wire dateline at a line's start, up to its agency ("KOBANI, Syria (AP)"), as the
# metadata reads one: the dash or text after it (—, –, -, --, or none) is syntok's next
# sentence, which the dateline opens.
_DATELINE = re.compile(r"\s*" + DATELINE_TO_AGENCY)


def _ends_with_title(sentence: str) -> bool:
    match = _LAST_WORD.search(sentence)
    return bool(match) and match.group(1).lower() in _TITLE_ABBREVIATIONS


def _line_spans(line: str) -> Iterator[Span]:
    from syntok import segmenter  # here: loading a corpus must not wait for it

    for paragraph in segmenter.analyze(line):
        for sentence in paragraph:
            tokens = list(sentence)
            if tokens:
                yield tokens[0].offset, tokens[-1].offset + len(tokens[-1].value)


def _is_fragment(sentence: str) -> bool:
    """One word that closes a quotation ("Period.”") or starts in lower case: the tail
    of the sentence before, not a sentence ("Second." is one)."""
    if len(_WORD.findall(sentence)) > FRAGMENT_WORDS:
        return False
    return sentence.rstrip().endswith(_CLOSING_QUOTES) or sentence.lstrip()[:1].islower()


def _merge_dateline(line: str, spans: list[Span]) -> list[Span]:
    """Join the spans that hold no more than a dateline opening ``line`` to the sentence
    after them. A span running past the dateline ("BEIRUT (AP)." or the sentence itself)
    is left alone, and a dateline alone on its line has nothing after it to join."""
    match = _DATELINE.match(line)
    if not match:
        return spans
    spans = list(spans)
    while len(spans) > 1 and spans[0][1] <= match.end():
        spans[:2] = [(spans[0][0], spans[1][1])]
    return spans


def _merge_fragments(line: str, spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for span in spans:
        if merged and (_ends_with_title(line[merged[-1][0] : merged[-1][1]])
                       or _is_fragment(line[span[0] : span[1]])):
            merged[-1] = (merged[-1][0], span[1])
        else:
            merged.append(span)
    return merged


def _trim(line: str, start: int, end: int) -> Span:
    # syntok counts some white space (no-break spaces) as part of a token.
    while start < end and line[start].isspace():
        start += 1
    while end > start and line[end - 1].isspace():
        end -= 1
    return start, end


def split_sentences(text: str) -> list[Span]:
    """Return the half-open ``[start, end)`` spans of the sentences of ``text``.

    Spans never include leading or trailing white space and never cross a line end.
    """
    spans: list[Span] = []
    line_start = 0
    for line in text.split("\n"):
        if line.strip():
            line_spans = _merge_dateline(line, list(_line_spans(line)))
            for start, end in _merge_fragments(line, line_spans):
                start, end = _trim(line, start, end)
                if start < end:
                    spans.append((line_start + start, line_start + end))
        line_start += len(line) + 1
    return spans


def line_sentences(text: str, offset: int) -> list[Span]:
    """The sentences of the line holding ``offset``, as offsets into ``text``: what
    ``split_sentences(text)`` gives for that line (a sentence never crosses a line
    end), at the cost of the line alone."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    end = len(text) if end < 0 else end
    return [(start + low, start + high) for low, high in split_sentences(text[start:end])]
