"""The related index's sentences in the form they are cached in, and read back lazily.

A thousand articles make some 25,000 sentences and two million postings. Restoring
them one ``_append`` at a time cost more than the rest of a ``related`` command, so
the cache holds the index's structures ready-made: the postings as one array with an
offset per feature, each feature's document frequency, kind weight and signal, and
each sentence as a small pickled block that becomes a passage only when a query
scores it, its article is asked for, or the index is saved again.

Everything is builtins (str, int, float, bool, None, tuple, list, dict, bytes), read
with an unpickler that refuses any class (``annotations.cache_files.loads``).
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import numpy as np

from syria_reader.annotations.cache_files import dumps, loads
from syria_reader.annotations.linking.numbers import Figure
from syria_reader.annotations.linking.results import FigureInContext

T = TypeVar("T")

# A sentence's cached block: its features, its comparable text, its figures (each the
# figure's list, the ids of the words around it and of the places named with it).
Block = tuple[tuple[int, ...], str, list[list[Any]]]


class LazyList(Generic[T]):
    """A list whose first ``count`` items are made by ``make(n)`` when first read."""

    def __init__(self, count: int, make: Callable[[int], T]) -> None:
        self._items: list[T | None] = [None] * count
        self._make = make

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, number: int) -> T:
        item = self._items[number]
        if item is None:
            item = self._items[number] = self._make(number)
        return item

    def __iter__(self) -> Iterator[T]:
        for number in range(len(self._items)):
            yield self[number]

    def append(self, item: T) -> None:
        self._items.append(item)


def block(features: Sequence[int], comparable: str,
          figures: Sequence[FigureInContext]) -> bytes:
    return dumps((tuple(features), comparable,
                  [[*figure.to_list(), sorted(words), sorted(places)]
                   for figure, words, places in figures]))


def read_block(data: bytes, features_known: int
               ) -> tuple[tuple[int, ...], str, tuple[FigureInContext, ...]]:
    """A block's features, comparable text and figures; ``ValueError`` if it names a
    feature the index does not have."""
    features, comparable, raw_figures = loads(data)
    figures = tuple((Figure.from_list(raw[:7]), frozenset(map(int, raw[7])),
                     frozenset(map(int, raw[8]))) for raw in raw_figures)
    ids = [*features, *(f for _, words, places in figures for f in (*words, *places))]
    if any(not 0 <= int(f) < features_known for f in ids):
        raise ValueError("a cached sentence names an unknown feature")
    return tuple(int(f) for f in features), str(comparable), figures


def postings(features_by_passage: Sequence[Sequence[int]], features_known: int
             ) -> tuple[array[int], array[int], array[int]]:
    """(offsets, passage numbers, document frequencies): feature f's postings are
    ``numbers[offsets[f]:offsets[f + 1]]``, by passage number as ``_append`` makes them."""
    lengths = np.fromiter((len(f) for f in features_by_passage), dtype=np.int64,
                          count=len(features_by_passage))
    flat = np.fromiter((f for features in features_by_passage for f in features),
                       dtype=np.int64, count=int(lengths.sum()))
    numbers = np.repeat(np.arange(len(features_by_passage), dtype=np.int64), lengths)
    order = np.argsort(flat, kind="stable")  # stable: by passage within a feature
    counts = np.bincount(flat, minlength=features_known)
    offsets = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
    return (array("q", offsets.tobytes()), array("q", numbers[order].tobytes()),
            array("q", counts.astype(np.int64).tobytes()))


@dataclass(frozen=True)
class Stored:
    """A cached state's parts, checked to fit together and the texts."""

    articles: list[tuple[str, str]]  # (id, sha256); a passage's code is its position
    names: list[str]
    kinds: array[float]
    signals: array[int]
    df: array[int]
    offsets: array[int]
    numbers: array[int]
    codes: np.ndarray  # per passage
    spans: np.ndarray  # per passage, (start, end)
    blocks: list[bytes]


def read(data: Mapping[str, Any], length: Callable[[str], int]) -> Stored | None:
    """The parts of ``data`` (``RelatedIndex._dump``'s), or None if they do not fit:
    arrays of other lengths, postings or offsets out of range, a span outside its text."""
    try:
        articles = [(str(a), str(s)) for a, s in data["articles"]]
        stored = Stored(
            articles, [str(name) for name in data["features"]], array("d", data["kinds"]),
            array("b", data["signals"]), array("q", data["df"]), array("q", data["offsets"]),
            array("q", data["postings"]), np.frombuffer(data["codes"], dtype=np.int64),
            np.frombuffer(data["spans"], dtype=np.int64).reshape(-1, 2),
            [bytes(b) for b in data["passages"]])
        lengths = np.array([length(a) for a, _ in articles] + [0])  # KeyError: not ours
    except (KeyError, TypeError, ValueError):
        return None
    return stored if _fits(stored, lengths[:-1]) else None


def _fits(stored: Stored, lengths: np.ndarray) -> bool:
    known, count = len(stored.names), len(stored.blocks)
    if not (len(stored.kinds) == len(stored.signals) == len(stored.df) == known
            == len(stored.offsets) - 1 and len(stored.codes) == len(stored.spans) == count):
        return False
    offsets = np.frombuffer(stored.offsets, dtype=np.int64)
    numbers = np.frombuffer(stored.numbers, dtype=np.int64)
    if offsets[0] != 0 or offsets[-1] != len(numbers) or np.any(np.diff(offsets) < 0):
        return False
    if len(numbers) and not (numbers.min() >= 0 and numbers.max() < count):
        return False
    if not count:
        return True
    codes, spans = stored.codes, stored.spans
    if codes.min() < 0 or codes.max() >= len(lengths):
        return False
    return bool(np.all((spans[:, 0] >= 0) & (spans[:, 0] < spans[:, 1])
                       & (spans[:, 1] <= lengths[codes])))
