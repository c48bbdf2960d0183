"""The annotation database: one TinyDB file per corpus, safe against crashes and rivals.

Every change runs inside ``transaction()``: a file lock shared with other processes,
a reload when another process wrote the file, then TinyDB's read-modify-write.
"""

from __future__ import annotations

import copy
import hashlib
import re
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import platformdirs
from filelock import FileLock, Timeout
from tinydb import TinyDB
from tinydb.table import Table

from syria_reader.annotations.store.storage import (
    AtomicJSONStorage,
    StoreCorruptError,
    StoreError,
    StoreWriteError,
)

APP_NAME = "syria-reader"
# 1: TinyDB's own sequential document ids.
# 2: annotations and links keyed by a hash of their id, history by its sequence number,
#    so finding a record is a look-up, not a scan (see ``record_key``).
SCHEMA_VERSION = 2
LOCK_TIMEOUT_SECONDS = 10.0
TABLES = ("annotations", "links", "entity_corrections")
_SLUG = re.compile(r"[^A-Za-z0-9_-]+")


def record_key(record_id: str) -> int:
    """The TinyDB document id of the record whose own id is ``record_id``."""
    return int.from_bytes(hashlib.blake2b(record_id.encode(), digest_size=7).digest(), "big")


def _rekey_by_id(data: dict[str, dict[str, Any]]) -> None:
    """Schema 1 to 2: documents keyed by their id's hash, history by its sequence."""
    for name in ("annotations", "links"):
        table = data.get(name, {})
        if any("id" not in doc for doc in table.values()):
            raise StoreCorruptError(f"a record of table {name} has no id")
        data[name] = {str(record_key(str(doc["id"]))): doc for doc in table.values()}
    if "history" in data:
        data["history"] = {str(doc["seq"]): doc for doc in data["history"].values()}


MIGRATIONS: dict[int, Callable[[dict[str, dict[str, Any]]], None]] = {1: _rekey_by_id}


def default_db_path(corpus_root: Path) -> Path:
    """One database per corpus folder, in the user data folder."""
    root = corpus_root.resolve()
    digest = hashlib.sha1(str(root).encode()).hexdigest()[:10]
    name = _SLUG.sub("-", root.name).strip("-") or "corpus"
    return Path(platformdirs.user_data_dir(APP_NAME)) / "db" / f"{name}-{digest}.json"


class AnnotationStore:
    """The TinyDB database of one corpus. Use ``transaction()`` around every change."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path).expanduser()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(f"cannot create {self.path.parent}: {error.strerror}") from error
        if self.path.is_dir():
            raise StoreCorruptError(f"{self.path}: is a folder, not a database file")
        self._lock = FileLock(str(self.path) + ".lock", timeout=LOCK_TIMEOUT_SECONDS)
        self._storage = AtomicJSONStorage(self.path)
        self._seen_reloads = self._storage.reloads
        self._db = self._new_db()
        self.migrated_from: int | None = None
        self._check_schema()
        with self.transaction():  # the lock: no other writer is mid-write now
            self._storage.remove_stale_temporaries()

    @classmethod
    def for_corpus(cls, corpus_root: Path, db: Path | None = None) -> AnnotationStore:
        return cls(db if db is not None else default_db_path(corpus_root))

    def _new_db(self) -> TinyDB:
        storage = self._storage
        return TinyDB(storage=lambda: storage)

    def _check_schema(self) -> None:
        with self.transaction() as db:  # under the lock: two first opens write one meta
            data = self._storage.read()
            if not data:
                db.table("meta").insert({"app": APP_NAME, "schema_version": SCHEMA_VERSION})
                return
        meta = list(data.get("meta", {}).values())
        if not meta or meta[0].get("app") != APP_NAME:
            raise StoreCorruptError(f"{self.path}: not a syria-reader database (no meta record)")
        version = meta[0].get("schema_version")
        if not isinstance(version, int):
            raise StoreCorruptError(f"{self.path}: unreadable schema version {version!r}")
        if version > SCHEMA_VERSION:
            raise StoreCorruptError(
                f"{self.path}: written by a newer syria-reader (schema {version}; "
                f"this version reads up to {SCHEMA_VERSION}); upgrade syria-reader"
            )
        if version < SCHEMA_VERSION:
            self._migrate(version)

    def _migrate(self, version: int) -> None:
        """Bring an older file up to date; the original is kept beside it."""
        backup = self.path.with_name(f"{self.path.name}.schema{version}.bak")
        shutil.copy2(self.path, backup)
        with self.transaction():
            data = copy.deepcopy(self._storage.read() or {})
            try:
                for step in range(version, SCHEMA_VERSION):
                    MIGRATIONS[step](data)
            except StoreCorruptError as error:
                raise StoreCorruptError(f"{self.path}: cannot migrate: {error}") from error
            for meta in data["meta"].values():
                meta["schema_version"] = SCHEMA_VERSION
            self._storage.write(data)
        self._db = self._new_db()
        self.migrated_from = version

    @contextmanager
    def transaction(self) -> Iterator[TinyDB]:
        """Hold the file lock; the yielded database is current with the file.

        Everything changed inside is written to the file once, at the end, or not at
        all if the block raises.
        """
        try:
            with self._lock:
                self._storage.read()  # reload if another process wrote meanwhile
                if self._storage.reloads != self._seen_reloads:
                    # Table objects cache ids and query results of the old contents.
                    self._seen_reloads = self._storage.reloads
                    self._db = self._new_db()
                self._storage.begin()
                try:
                    yield self._db
                except BaseException:
                    self._storage.rollback()
                    raise
                self._storage.commit()
        except Timeout as error:
            raise StoreWriteError(
                f"{self.path} is locked by another syria-reader process "
                f"(waited {LOCK_TIMEOUT_SECONDS:.0f} s); try again when it is done"
            ) from error
        except PermissionError as error:
            raise StoreWriteError(f"cannot lock {self.path}: {error.strerror}") from error

    def changed_on_disk(self) -> bool:
        """Whether another process wrote the file since this store last read it."""
        return self._storage.changed_on_disk()

    @property
    def reloads(self) -> int:
        """How many times the file was read from disk (a change by another process)."""
        return self._storage.reloads

    def table(self, name: str) -> Table:
        """A table for reading; reads are current with the file."""
        with self.transaction() as db:
            return db.table(name)

    def close(self) -> None:
        self._db.close()


__all__ = ["AnnotationStore", "StoreCorruptError", "StoreError", "StoreWriteError"]
