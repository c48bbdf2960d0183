"""What a long text's sentences and words are, kept per text like the recognition results.

Splitting 50 MB into sentences takes syntok about 40 s on one core; the spans and the
word count depend on the text alone, so they are computed once (on every core, the
lines being independent: a sentence never crosses a line end) and kept in the user
cache folder, keyed by the text's sha256 and the splitter's version. Short texts are
split in a moment and are not cached. The cache is an optimisation only: a file that
cannot be read or makes no sense is a miss, a write that fails is forgotten.

A file: one JSON header line (format, text sha256, version, length, counts), then the
sentence offsets as little-endian unsigned 32-bit integers, start and end in turn.
"""

from __future__ import annotations

import json
import os
import sys
from array import array
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from syria_reader.corpus import app_dirs
from syria_reader.corpus.atomic import atomic_write
from syria_reader.corpus.processes import spawn_pool
from syria_reader.corpus.sentences import Span, split_sentences

CACHE_FORMAT = 1
PARALLEL_FROM = 2_000_000  # characters: below, starting processes costs more than it saves
BLOCK = 1_000_000  # characters a worker is sent at a time
_SPLITTER = "lines+titles+fragments-2"  # bump when corpus/sentences.py changes what it returns


@dataclass(frozen=True)
class TextFacts:
    sentence_count: int
    words: int


def cache_dir() -> Path:
    """``<user cache dir>/syria-reader/text`` (``$XDG_CACHE_HOME`` on Linux)."""
    return app_dirs.cache_dir() / "text"


@cache
def splitter_version() -> str:
    try:
        syntok = version("syntok")
    except PackageNotFoundError:
        syntok = "unknown"
    return f"{_SPLITTER}/syntok-{syntok}"


def _path(text_sha256: str, folder: Path | None) -> Path:
    return (folder or cache_dir()) / f"{text_sha256}.sentences"


def read_facts(text_sha256: str, length: int, folder: Path | None = None) -> TextFacts | None:
    """The counts of a cached text (its header only), or None."""
    header = _read_header(_path(text_sha256, folder), text_sha256, length)
    return None if header is None else TextFacts(header["sentences"], header["words"])


def read_sentences(text_sha256: str, length: int,
                   folder: Path | None = None) -> list[Span] | None:
    """The cached sentence spans of a text, or None."""
    try:
        raw = _path(text_sha256, folder).read_bytes()
    except OSError:
        return None
    first, _, body = raw.partition(b"\n")
    header = _checked_header(first, text_sha256, length)
    if header is None:
        return None
    offsets = array("I")
    offsets.frombytes(body[: len(body) // offsets.itemsize * offsets.itemsize])
    if sys.byteorder != "little":
        offsets.byteswap()
    if len(offsets) != 2 * header["sentences"]:
        return None
    return list(zip(offsets[0::2], offsets[1::2], strict=True))


def _read_header(path: Path, text_sha256: str, length: int) -> dict[str, int] | None:
    try:
        with path.open("rb") as file:
            first = file.readline()
    except OSError:
        return None
    return _checked_header(first, text_sha256, length)


def _checked_header(first: bytes, text_sha256: str, length: int) -> dict[str, int] | None:
    """The header line, if it is of this cache format, text and splitter."""
    try:
        header = json.loads(first)
    except ValueError:
        return None
    expected = {"format": CACHE_FORMAT, "text_sha256": text_sha256,
                "version": splitter_version(), "length": length}
    if not isinstance(header, dict) or any(header.get(k) != v for k, v in expected.items()):
        return None
    if not all(isinstance(header.get(k), int) for k in ("sentences", "words")):
        return None
    return header


def write(text_sha256: str, length: int, sentences: list[Span], words: int,
          folder: Path | None = None) -> None:
    header = {"format": CACHE_FORMAT, "text_sha256": text_sha256,
              "version": splitter_version(), "length": length,
              "sentences": len(sentences), "words": words}
    offsets = array("I", (offset for span in sentences for offset in span))
    if sys.byteorder != "little":
        offsets.byteswap()
    path = _path(text_sha256, folder)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, json.dumps(header).encode() + b"\n" + offsets.tobytes())
    except OSError:
        pass  # a cache that cannot be written only costs the next run the split again


def split_everywhere(text: str, workers: int | None = None) -> list[Span]:
    """``split_sentences(text)``, on every core for a long text: its lines are cut into
    one block per core, split apart, and the spans put back in place."""
    workers = workers or os.cpu_count() or 1
    if len(text) < PARALLEL_FROM or workers < 2:
        return split_sentences(text)
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
