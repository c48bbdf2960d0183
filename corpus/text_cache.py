"""Splitting a long text into sentences on every core.

Splitting 50 MB into sentences takes syntok about 40 s on one core; the lines are
independent (a sentence never crosses a line end), so a long text is cut into blocks
of lines, split in worker processes and the spans put back in place. What is split is
kept with the text's other facts (corpus/facts_cache.py), so it is done once per text.
"""

from __future__ import annotations

import os
from array import array

from syria_reader.corpus.sentences import Span, split_sentences

PARALLEL_FROM = 2_000_000  # characters: below, starting processes costs more than it saves
BLOCK = 1_000_000  # characters a worker is sent at a time


def split_everywhere(text: str, workers: int | None = None) -> list[Span]:
    """``split_sentences(text)``, on every core for a long text: its lines are cut into
    one block per core, split apart, and the spans put back in place."""
    workers = workers or os.cpu_count() or 1
    if len(text) < PARALLEL_FROM or workers < 2:
        return split_sentences(text)
    # Imported here: a short text, the most common, needs no processes.
    from concurrent.futures.process import BrokenProcessPool

    from syria_reader.corpus.processes import spawn_pool

    # Blocks of about 1 MB, not one per core: each is pickled to a worker in one call
    # that holds the reader's interpreter; small ones leave it free for a key between.
    blocks = _blocks(text, max(workers, len(text) // BLOCK))
    try:
        with spawn_pool(workers) as pool:
            parts = list(pool.map(_split_block, (text[start:end] for start, end in blocks)))
    except (OSError, BrokenProcessPool):  # no processes to be had: on this one, slower
        return split_sentences(text)
    spans: list[Span] = []
    for (offset, _), raw in zip(blocks, parts, strict=True):
        offsets = array("I")
        offsets.frombytes(raw)
        spans += zip([start + offset for start in offsets[0::2]],
                     [end + offset for end in offsets[1::2]], strict=True)
    return spans


def _split_block(text: str) -> bytes:
    """A worker's part: the spans as packed integers. Sent back as a list of tuples,
    they were unpickled in one call that held the reader's interpreter for a moment
    (a key pressed then waited); bytes come back in a copy."""
    return array("I", (offset for span in split_sentences(text) for offset in span)).tobytes()


def _blocks(text: str, count: int) -> list[Span]:
    """``count`` spans of about equal length covering ``text``, cut after line ends."""
    size = len(text) // count + 1
    blocks: list[Span] = []
    start = 0
    while start < len(text):
        cut = text.find("\n", start + size)
        end = len(text) if cut < 0 else cut + 1
        blocks.append((start, end))
        start = end
    return blocks
