"""The annotation database: one TinyDB file per corpus, safe against crashes and rivals.

Every change runs inside ``transaction()``: a file lock shared with other processes,
a reload when another process wrote the file, then TinyDB's read-modify-write.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import platformdirs
from filelock import FileLock, Timeout
from tinydb import TinyDB
from tinydb.table import Table

from annotations.storage import AtomicJSONStorage, StoreCorruptError, StoreError, StoreWriteError

APP_NAME = "syria-reader"
SCHEMA_VERSION = 1
LOCK_TIMEOUT_SECONDS = 10.0
TABLES = ("annotations", "links", "entity_corrections")
_SLUG = re.compile(r"[^A-Za-z0-9_-]+")


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
        self._check_schema()

    @classmethod
    def for_corpus(cls, corpus_root: Path, db: Path | None = None) -> AnnotationStore:
        return cls(db if db is not None else default_db_path(corpus_root))

    def _new_db(self) -> TinyDB:
        storage = self._storage
        return TinyDB(storage=lambda: storage)

    def _check_schema(self) -> None:
        data = self._storage.read()
        if not data:
            with self.transaction():
                self._db.table("meta").insert({"app": APP_NAME, "schema_version": SCHEMA_VERSION})
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
        backup = self.path.with_name(f"{self.path.name}.schema{version}.bak")
        shutil.copy2(self.path, backup)
        with self.transaction():
            meta = self._db.table("meta")
            meta.update({"schema_version": SCHEMA_VERSION})

    @contextmanager
    def transaction(self) -> Iterator[TinyDB]:
        """Hold the file lock; the yielded database is current with the file."""
        try:
            with self._lock:
                self._storage.read()  # reload if another process wrote meanwhile
                if self._storage.reloads != self._seen_reloads:
                    # Table objects cache ids and query results of the old contents.
                    self._seen_reloads = self._storage.reloads
                    self._db = self._new_db()
                yield self._db
        except Timeout as error:
            raise StoreWriteError(
                f"{self.path} is locked by another syria-reader process "
                f"(waited {LOCK_TIMEOUT_SECONDS:.0f} s); try again when it is done"
            ) from error
        except PermissionError as error:
            raise StoreWriteError(f"cannot lock {self.path}: {error.strerror}") from error

    def table(self, name: str) -> Table:
        """A table for reading; reads are current with the file."""
        with self.transaction() as db:
            return db.table(name)

    def close(self) -> None:
        self._db.close()


__all__ = ["AnnotationStore", "StoreCorruptError", "StoreError", "StoreWriteError"]
