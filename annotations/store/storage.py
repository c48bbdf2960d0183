"""A TinyDB storage that never leaves a torn file and keeps the data in memory.

TinyDB's JSONStorage rewrites its file in place, so a crash mid-write tears it. This
storage writes a temporary file in the same folder, fsyncs it, renames it over the old
one and fsyncs the folder: a kill at any moment leaves the old or the new file. Between
writes the data stays in memory; it is read again only when the file changed on disk
(another process wrote it), which a stat tells cheaply.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from syria_reader.annotations.store.errors import StoreCorruptError, StoreError, StoreWriteError
from syria_reader.corpus.atomic import atomic_write

__all__ = ["AtomicJSONStorage", "StoreCorruptError", "StoreError", "StoreWriteError"]

Tables = dict[str, dict[str, Any]]


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    return info.st_ino, info.st_size, info.st_mtime_ns


def parse_tables(path: Path, raw: bytes) -> Tables | None:
    """The tables in ``raw``, or ``StoreCorruptError`` saying what is wrong."""
    if not raw.strip():
        return None
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        if isinstance(error.__cause__, UnicodeDecodeError) or "UTF-8" in str(error):
            raise StoreCorruptError(
                f"{path}: not a syria-reader database (not UTF-8 text)"
            ) from error
        raise StoreCorruptError(
            f"{path}: corrupt or truncated database "
            f"(invalid JSON at line {error.lineno}, column {error.colno})"
        ) from error
    if not isinstance(data, dict) or not all(
        isinstance(table, dict) and all(isinstance(doc, dict) for doc in table.values())
        for table in data.values()
    ):
        raise StoreCorruptError(f"{path}: not a syria-reader database (not TinyDB tables)")
    for name, table in data.items():
        key = next((key for key in table if not key.isdecimal()), None)
        if key is not None:
            raise StoreCorruptError(f"{path}: corrupt database: table {name!r} keys a record "
                                    f"by {key!r}, not by a number")
    return data


class AtomicJSONStorage(Storage):
    """TinyDB storage: atomic writes, in-memory reads, reload when the file changes."""

    def __init__(self, path: Path | str, shown_as: Path | None = None,
                 read_only: bool = False) -> None:
        self.path = Path(path)
        self.shown_as = shown_as or self.path  # the name the user gave (a symlink's)
        self.read_only = read_only
        self._data: Tables | None = None
        self._stamp: tuple[int, int, int] | None = None
        self.reloads = 0
        self.writes = 0
        # Inside a batch, TinyDB's writes only change memory; the batch writes the file
        # once at its end (one table operation is one write, a change is several).
        self._batch_depth = 0
        self._dirty = False
        self._load()

    def _load(self) -> None:
        stamp = _stamp(self.path)
        if stamp is None:
            if self._data is not None:
                # Read before, gone now (moved or deleted while open): not an empty
                # database to write a new one into.
                raise StoreError(f"{self.shown_as} is gone (moved or deleted while open); "
                                 "nothing was written: open it again")
            self._data, self._stamp = None, None
            return
        try:
            raw = self.path.read_bytes()
        except OSError as error:
            raise StoreError(f"{self.path}: cannot read ({error.strerror})") from error
        self._data = parse_tables(self.path, raw)
        self._stamp = stamp
        self.reloads += 1

    def changed_on_disk(self) -> bool:
        return _stamp(self.path) != self._stamp

    def read(self) -> Tables | None:
        if self.changed_on_disk():
            self._load()
        return self._data

    def write(self, data: Tables) -> None:
        self._data = data
        if self._batch_depth:
            self._dirty = True
        else:
            self._flush()

    def begin(self) -> None:
        """Start a batch: writes stay in memory until ``commit``."""
        self._batch_depth += 1

    def commit(self) -> None:
        """End a batch; the outermost one writes the file if anything changed."""
        self._batch_depth -= 1
        if self._batch_depth == 0 and self._dirty:
            self._dirty = False
            self._flush()

    def rollback(self) -> None:
        """End a batch that failed: memory goes back to what the file holds."""
        self._batch_depth -= 1
        if self._batch_depth == 0 and self._dirty:
            self._dirty = False
            self._load()

    def _flush(self) -> None:
        if self._data is None or "meta" not in self._data:
            self._load()
            raise StoreWriteError(f"{self.shown_as}: would be written without its meta "
                                  "record; nothing was written")
        if self.read_only:
            self._load()  # TinyDB changed the tables in memory: back to what the file holds
            raise StoreWriteError(
                f"{self.shown_as} is read-only: nothing was written (its permissions, or a "
                "command that only reads)")
        # orjson: a 10,000-annotation file serialises in a tenth of json.dumps's time
        payload = orjson.dumps(self._data)
        try:
            atomic_write(self.path, payload)
        except OSError as error:
            # TinyDB changed our in-memory tables before calling write: go back to disk.
            self._load()
            raise StoreWriteError(
                f"could not save to {self.shown_as}: {error.strerror or error}; "
                "nothing was lost, the file holds the last saved state"
            ) from error
        self._stamp = _stamp(self.path)
        self.writes += 1

    def remove_stale_temporaries(self) -> int:
        """Delete temp files of writers that were killed mid-write (hold the lock)."""
        removed = 0
        for leftover in self.path.parent.glob(f".{self.path.name}.*.tmp"):
            leftover.unlink(missing_ok=True)
            removed += 1
        return removed

    def close(self) -> None:
        pass
