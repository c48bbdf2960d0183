"""Splitting a long text into sentences on every core.

Splitting 50 MB into sentences takes syntok about 40 s on one core; the lines are
independent (a sentence never crosses a line end), so a long text is cut into blocks
of lines, split in worker processes and the spans put back in place. What is split is
kept with the text's other facts (corpus/facts_cache.py), so it is done once per text.
"""

from __future__ import annotations

import os
from array import array
from typing import TYPE_CHECKING

from syria_reader.corpus.sentences import Span, split_sentences

if TYPE_CHECKING:
    from syria_reader.corpus.article import Article

PARALLEL_FROM = 2_000_000  # characters: below, starting processes costs more than it saves
BLOCK = 1_000_000  # characters a worker is sent at a time
# Characters from which one text is split in worker processes, even on one core: the
# reader splits a long article in a thread, where syntok held the interpreter, and so
# the keys, for about a second per 300,000 characters; a process starts in 0.2 s.
IN_PROCESSES_FROM = 200_000


def split_everywhere(text: str, workers: int | None = None) -> list[Span]:
    """``split_sentences(text)``, in worker processes for a long text (on every core):
    its lines are cut into blocks, split apart, and the spans put back in place."""
    workers = workers or os.cpu_count() or 1
    if len(text) < IN_PROCESSES_FROM:
        return split_sentences(text)
    # Imported here: a short text, the most common, needs no processes.
    from concurrent.futures.process import BrokenProcessPool

    from syria_reader.corpus.processes import spawn_pool

    # Blocks of about 1 MB, not one per core: each is pickled to a worker in one call
    # that holds the reader's interpreter; small ones leave it free for a key between.
    blocks = _blocks(text, max(workers, len(text) // BLOCK))
    try:
        with spawn_pool(min(workers, len(blocks))) as pool:
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


def split_articles(articles: list[Article], workers: int | None = None) -> None:
    """Split on every core the articles whose sentences were never counted, when they
    are enough to be worth the processes: listing 1,000 new articles took 3 s on one.
    Each long one is left to its own ``sentences`` (split in blocks on every core)."""
    workers = workers or os.cpu_count() or 1
    todo = [article for article in articles
            if not article.sentence_count_known and article.length < PARALLEL_FROM]
    if workers < 2 or sum(article.length for article in todo) < PARALLEL_FROM:
        return
    from concurrent.futures.process import BrokenProcessPool

    from syria_reader.corpus.processes import spawn_pool

    texts = [article.text for article in todo]
    try:
        with spawn_pool(workers) as pool:
            # Chunks of many short texts: one pickled call per text cost more than it.
            parts = list(pool.map(_split_block, texts,
                                  chunksize=max(1, len(texts) // (4 * workers))))
    except (OSError, BrokenProcessPool):
        return  # no processes to be had: each article splits its own, on this one
    for article, raw in zip(todo, parts, strict=True):
        offsets = array("I")
        offsets.frombytes(raw)
        article.keep_sentences(list(zip(offsets[0::2], offsets[1::2], strict=True)))


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
