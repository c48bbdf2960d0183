"""The annotation database: one TinyDB file per corpus, safe against crashes and rivals.

Every change runs inside ``transaction()``: a file lock shared with other processes,
a reload when another process wrote the file, then TinyDB's read-modify-write.
"""

from __future__ import annotations

import copy
import hashlib
import os
import re
import shutil
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from tinydb import TinyDB
from tinydb.table import Table

from syria_reader.annotations.store.storage import (
    AtomicJSONStorage,
    StoreCorruptError,
    StoreError,
    StoreWriteError,
)
from syria_reader.corpus import app_dirs
from syria_reader.corpus.app_dirs import APP_NAME

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


def db_folder() -> Path:
    return app_dirs.data_dir() / "db"


def default_db_path(corpus_root: Path, bundled: bool = False) -> Path:
    """One database per corpus in the user data folder: the bundled corpus's by a name
    that survives reinstalls, a user corpus's by its folder's path."""
    if bundled:
        return db_folder() / "bundled-corpus.json"
    root = corpus_root.resolve()
    digest = hashlib.sha1(os.fsencode(root)).hexdigest()[:10]  # a name's bytes, UTF-8 or not
    return db_folder() / f"{folder_slug(root)}-{digest}.json"


def folder_slug(corpus_root: Path) -> str:
    """The corpus folder's name as a database's name starts with it."""
    return _SLUG.sub("-", corpus_root.resolve().name).strip("-") or "corpus"


def _where_the_bytes_are(path: Path) -> Path:
    """``path``, or the file a symlink at ``path`` points to: writes go there, and the
    link stays a link."""
    return path.resolve() if path.is_symlink() else path


def _kind_of(path: Path) -> str | None:
    """What ``path`` is when it is not a regular file (None when it is, or is not)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return None
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _read_only(path: Path) -> bool:
    """Not writable by us, or marked read-only by its owner (no write bit at all: even
    root, whom the permissions do not stop, leaves such a file alone)."""
    return not os.access(path, os.W_OK) or not path.stat().st_mode & 0o222


class AnnotationStore:
    """The TinyDB database of one corpus. Use ``transaction()`` around every change.

    The file is taken as the user set it: a symlink is followed (the target is
    written, the link kept), a read-only file is read and never written, anything but
    a regular file is refused. With ``create=False`` (the commands that only read) a
    missing database is an empty one, and nothing is created: no file, no folder.
    """

    def __init__(self, path: Path, create: bool = True) -> None:
        self.path = Path(path).expanduser()
        self.file = _where_the_bytes_are(self.path)
        kind = _kind_of(self.file)
        if kind is not None:
            raise StoreCorruptError(f"{self.path}: is {kind}, not a database file")
        self.missing = not self.file.exists()
        self.ephemeral = self.missing and not create  # read as empty, never written
        if not self.ephemeral:
            try:
                self.file.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise StoreError(f"cannot create {self.file.parent}: {error.strerror}") \
                    from error
        self.read_only = self.ephemeral or (not self.missing and _read_only(self.file))
        self._lock = FileLock(str(self.file) + ".lock", timeout=LOCK_TIMEOUT_SECONDS)
        self._storage = AtomicJSONStorage(self.file, shown_as=self.path,
                                          read_only=self.read_only)
        self._seen_reloads = self._storage.reloads
        self._db = self._new_db()
        self.migrated_from: int | None = None
        self._check_schema()
        if not self.read_only:
            with self.transaction():  # the lock: no other writer is mid-write now
                self._storage.remove_stale_temporaries()

    def _new_db(self) -> TinyDB:
        storage = self._storage
        return TinyDB(storage=lambda: storage)

    def _check_schema(self) -> None:
        with self.transaction() as db:  # under the lock: two first opens write one meta
            data = self._storage.read()
            if not data:
                if not self.read_only:
                    db.table("meta").insert({"app": APP_NAME,
                                             "schema_version": SCHEMA_VERSION})
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
        if self.read_only:
            raise StoreWriteError(f"{self.path}: written by an older syria-reader (schema "
                                  f"{version}) and read-only: it cannot be brought up to date")
        backup = self.file.with_name(f"{self.file.name}.schema{version}.bak")
        shutil.copy2(self.file, backup)
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
        if self.ephemeral:  # nothing on disk, nothing to lock: an empty database
            yield self._db
            return
        try:
            with self._locked():
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

    def remember_corpus(self, record: dict[str, Any]) -> None:
        """Record which corpus (folder, articles) this database is for, so that it is
        found again when the folder moves (annotations/store/location.py)."""
        if self.read_only:
            return
        with self.transaction() as db:
            meta = db.table("meta")
            first = next(iter(meta.all()), None)
            if first is not None and first.get("corpus") != record:
                meta.update({"corpus": record}, doc_ids=[first.doc_id])

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """The file lock; a read-only database in a folder where no lock file can be made
        is read without one (no process can write there either)."""
        try:
            self._lock.acquire()
        except PermissionError:
            if not self.read_only:
                raise
            yield
            return
        try:
            yield
        finally:
            self._lock.release()

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
