"""What every command needs to know about a corpus's files, kept between runs.

Loading 1,000 articles converted each file, read its front matter, parsed dates and
looked for a source line (about 0.1 s), and listing them split every text into sentences
(about 3 s); nothing was kept, so every command paid again. Here, in one SQLite file in
the user cache folder:

- ``files``: per article file, keyed by the sha256 of its bytes with its suffix, the
  ``--encoding`` named and the version of what derives facts from it (``files_version``):
  the converted text's sha256 and length, the encoding and whether it was guessed, the
  front matter's title, source and date and what the text itself gives for those (or why
  the file is skipped). Keyed by content, not by name or modification time: a command
  reads every file anyway (1,000 small files in a few ms) and hashes it (about 1 GB/s),
  and no clock, copy or racy edit can make it trust stale facts.
- ``texts``: per text (its sha256 and ``texts_version``): the word count, the sentence
  count and the sentence offsets, filled in when a command first needs them. The counts
  come with the ``files`` rows; the offsets are read only for the article whose
  sentences are asked for.

The cache is an optimisation only: a file that cannot be opened or read is a miss, a
write that fails is forgotten, a damaged file of ours is made anew. A file that is not
ours (another program's database, a text, a symbolic link) is left as it is and the
cache done without. Two processes at once are SQLite's business (write-ahead log, a
busy timeout).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
import threading
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from stat import S_ISREG

from syria_reader.corpus import app_dirs
from syria_reader.corpus.sentences import Span

FORMAT = 1  # the file's tables; a file of another format is emptied
# Bump when corpus/formats, decoding, metadata, dates or the loader derive other facts
# from the same bytes, or corpus/sentences.py or the word count other spans or counts.
_FILES = "files-4"
_TEXTS = "texts-1/lines+titles+fragments+datelines-3"
# The libraries whose results are kept: a reinstall or upgrade rewrites their files.
_LIBRARIES = ("syntok", "dateutil", "charset_normalizer", "markdown_it", "trafilatura",
              "pypdf", "docx")
# This package's modules that make the facts, fingerprinted like the libraries: an
# upgrade or an edit that forgets to bump the versions above still reads no stale facts
# (a text converted otherwise than its cached sha256 says would misplace annotations).
_OWN = ("file_facts.py", "article.py", "decoding.py", "metadata.py", "dates.py",
        "sentences.py", "formats")
_APPLICATION_ID = 0x53524643  # "SRFC": this file is syria-reader's facts cache
_BUSY_MS = 2000  # another process writing: wait this long, then do without
_CHUNK = 500  # keys per query, below SQLite's limit on parameters
_SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    key TEXT PRIMARY KEY, error TEXT, text_sha256 TEXT, length INTEGER,
    encoding TEXT, detected INTEGER, title TEXT, source TEXT, date TEXT,
    derived_title TEXT, derived_source TEXT, derived_date TEXT
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS texts (
    sha256 TEXT, version TEXT, length INTEGER, words INTEGER, sentences INTEGER,
    offsets BLOB, PRIMARY KEY (sha256, version)
) WITHOUT ROWID;
"""


@dataclass(frozen=True)
class FileFacts:
    """What one article file's bytes give, before the manifest and the id have a say.
    A ``derived_*`` field is what the text shows, looked for only when the front matter
    has no such field (otherwise it is never used, whatever the manifest says)."""

    text_sha256: str
    length: int
    encoding: str
    detected: bool
    title: str | None  # from the front matter
    source: str | None
    date: str | None
    derived_title: str | None
    derived_source: str | None
    derived_date: str | None
    words: int | None = None  # of the text, when a command has counted them
    sentences: int | None = None


# What a file's bytes gave: its facts, or the reason it is skipped.
FileEntry = FileFacts | str


def default_path() -> Path:
    """``<user cache dir>/syria-reader/facts.sqlite3``."""
    return app_dirs.cache_dir() / "facts.sqlite3"


def _own_files() -> list[str]:
    """The files of ``_OWN`` (a folder: its modules)."""
    here = os.path.dirname(__file__)
    found = []
    for name in _OWN:
        path = os.path.join(here, name)
        if name.endswith(".py"):
            found.append(path)
            continue
        try:
            found.extend(sorted(entry.path for entry in os.scandir(path)
                                if entry.name.endswith(".py")))
        except OSError:
            found.append(path)
    return found


def _identity(name: str, path: str | None) -> str:
    try:
        status = os.stat(path) if path else None
    except OSError:
        status = None
    return f"{name}:{status.st_ino}:{status.st_size}:{status.st_mtime_ns}" if status else name


@cache
def _fingerprint() -> str:
    """The Python, the installed libraries and this package's modules that facts depend
    on, as their files are on disk: reading versions would import importlib.metadata
    (20 ms at every command), hashing the modules would read them."""
    parts = [sys.version]
    for name in _LIBRARIES:
        spec = find_spec(name)
        parts.append(_identity(name, spec.origin if spec else None))
    parts.extend(_identity(os.path.basename(path), path) for path in _own_files())
    return ",".join(parts)


def files_version() -> str:
    return f"{_FILES}|{_fingerprint()}"


def texts_version() -> str:
    return f"{_TEXTS}|{_fingerprint()}"


def file_key(data: bytes, suffix: str, encoding: str | None) -> str:
    """A file's key: what its facts are a function of."""
    digest = hashlib.sha256(f"{files_version()}\0{suffix.lower()}\0{encoding or ''}\0"
                            .encode())
    digest.update(data)
    return digest.hexdigest()


class FactsCache:
    """One cache file, shared by the threads of a process (its connection is guarded)."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection
        self._lock = threading.Lock()

    def files(self, keys: Sequence[str]) -> dict[str, FileEntry]:
        """The entries known for ``keys``, with the counts of their texts if known."""
        found: dict[str, FileEntry] = {}
        query = ("SELECT f.key, f.error, f.text_sha256, f.length, f.encoding, f.detected, "
                 "f.title, f.source, f.date, f.derived_title, f.derived_source, "
                 "f.derived_date, t.words, t.sentences FROM files f LEFT JOIN texts t "
                 "ON t.sha256 = f.text_sha256 AND t.version = ? AND t.length = f.length "
                 "WHERE f.key IN ({})")
        for start in range(0, len(keys), _CHUNK):
            chunk = keys[start : start + _CHUNK]
            rows = self._read(query.format(",".join("?" * len(chunk))),
                              (texts_version(), *chunk))
            for key, error, *facts in rows:
                entry = _entry(error, facts)
                if entry is not None:
                    found[key] = entry
        return found

    def put_files(self, entries: dict[str, FileEntry]) -> None:
        rows = [(key, entry, None, None, None, None, None, None, None, None, None, None)
                if isinstance(entry, str) else
                (key, None, entry.text_sha256, entry.length, entry.encoding,
                 int(entry.detected), entry.title, entry.source, entry.date,
                 entry.derived_title, entry.derived_source, entry.derived_date)
                for key, entry in entries.items()]
        self._write("INSERT OR REPLACE INTO files VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows)

    def sentences(self, text_sha256: str, length: int) -> list[Span] | None:
        """The sentence spans of a text, if kept."""
        rows = self._read("SELECT sentences, offsets FROM texts WHERE sha256 = ? AND "
                          "version = ? AND length = ?", (text_sha256, texts_version(), length))
        if not rows or not isinstance(rows[0][1], bytes) or not isinstance(rows[0][0], int):
            return None
        count, raw = rows[0]
        offsets = array("I")
        if len(raw) != 2 * count * offsets.itemsize:
            return None
        offsets.frombytes(raw)
        if sys.byteorder != "little":
            offsets.byteswap()
        return list(zip(offsets[0::2], offsets[1::2], strict=True))

    def put_text(self, text_sha256: str, length: int, words: int,
                 sentences: list[Span] | None = None) -> None:
        """Keep a text's word count, and its sentences when given (what is kept of the
        other stays)."""
        blob = None
        if sentences is not None:
            offsets = array("I", (offset for span in sentences for offset in span))
            if sys.byteorder != "little":
                offsets.byteswap()
            blob = offsets.tobytes()
        self._write(
            "INSERT INTO texts VALUES (?,?,?,?,?,?) ON CONFLICT (sha256, version) DO UPDATE "
            "SET length = excluded.length, words = excluded.words, "
            "sentences = coalesce(excluded.sentences, sentences), "
            "offsets = coalesce(excluded.offsets, offsets)",
            [(text_sha256, texts_version(), length, words,
              None if sentences is None else len(sentences), blob)])

    def close(self) -> None:
        with self._lock:
            self._connection.close()

    def _read(self, query: str, parameters: tuple[object, ...]) -> list[tuple[object, ...]]:
        try:
            with self._lock:
                return self._connection.execute(query, parameters).fetchall()
        except sqlite3.Error:
            return []  # locked too long, damaged meanwhile: a miss

    def _write(self, query: str, rows: Iterable[tuple[object, ...]]) -> None:
        try:
            with self._lock, self._connection:  # one transaction
                self._connection.executemany(query, rows)
        except sqlite3.Error:
            pass  # forgotten: the next command computes these facts again


def _entry(error: object, facts: list[object]) -> FileEntry | None:
    """A row as an entry, or None when it makes no sense (a miss)."""
    if isinstance(error, str):
        return error
    text_sha256, length, encoding, detected, *fields, words, sentences = facts
    if not (isinstance(text_sha256, str) and isinstance(length, int)
            and isinstance(encoding, str) and detected in (0, 1)
            and all(value is None or isinstance(value, str) for value in fields)
            and all(value is None or isinstance(value, int) for value in (words, sentences))):
        return None
    title, source, date, derived_title, derived_source, derived_date = fields
    return FileFacts(text_sha256, length, encoding, bool(detected), title, source, date,
                     derived_title, derived_source, derived_date, words, sentences)


_opened: dict[Path, FactsCache | None] = {}
_opening = threading.Lock()
_KEEP_OPEN = 4  # caches open at once (a test suite opens one per test's user folders)


def open_cache(path: Path | None = None) -> FactsCache | None:
    """The cache at ``path`` (the default one if None), opened once per process; None
    when it cannot be had (a folder that cannot be written, a file that is not ours)."""
    path = path or default_path()
    with _opening:
        if path not in _opened:
            while len(_opened) >= _KEEP_OPEN:  # the oldest: its articles' reads then miss
                oldest = _opened.pop(next(iter(_opened)))
                if oldest is not None:
                    oldest.close()
            _opened[path] = _open(path)
        return _opened[path]


def _open(path: Path) -> FactsCache | None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    if not _plain_files(path):
        return None
    for attempt in range(2):
        try:
            connection = _connect(path)
        except sqlite3.OperationalError:
            return None  # cannot be opened or is locked: do without
        except sqlite3.DatabaseError:  # not a database any more (a torn copy of ours?)
            if attempt or not _is_ours(path) or not _remove(path):
                return None  # a file we did not write stays as it is
            continue
        return FactsCache(connection) if connection else None
    return None


def _names(path: Path) -> list[Path]:
    """The cache file and the journal files SQLite keeps beside it."""
    return [path.with_name(path.name + tail) for tail in ("", "-wal", "-shm", "-journal")]


def _plain_files(path: Path) -> bool:
    """Whether the cache file and its journals are absent or regular files. SQLite
    follows a symbolic link, so a link put there would have it write (and a damaged
    target, delete) a file that is not ours: then the cache is done without."""
    for name in _names(path):
        try:
            status = os.lstat(name)
        except FileNotFoundError:
            continue
        except OSError:
            return False
        if not S_ISREG(status.st_mode):
            return False
    return True


def _is_ours(path: Path) -> bool:
    """Whether an unreadable file is a facts cache: SQLite's header with our
    application id (bytes 68-71), which a torn copy keeps; anything else is a file
    somebody else put there, never deleted."""
    try:
        with path.open("rb") as file:
            header = file.read(100)
    except OSError:
        return False
    return (header.startswith(b"SQLite format 3\x00")
            and header[68:72] == _APPLICATION_ID.to_bytes(4, "big"))


def _connect(path: Path) -> sqlite3.Connection | None:
    """A connection with the tables in place, or None when the file is someone else's
    SQLite database (it is left alone)."""
    connection = sqlite3.connect(path, timeout=_BUSY_MS / 1000, isolation_level=None,
                                 check_same_thread=False)
    try:
        application, version = (connection.execute(f"PRAGMA {name}").fetchone()[0]
                                for name in ("application_id", "user_version"))
        if application not in (0, _APPLICATION_ID) or (
                application == 0 and _has_tables(connection)):
            connection.close()
            return None
        if (application, version) != (_APPLICATION_ID, FORMAT):
            _create(connection)
    except BaseException:
        connection.close()
        raise
    # Commits that do not wait for the disk: a cache lost in a power cut is rebuilt.
    connection.execute("PRAGMA synchronous = NORMAL")
    connection.isolation_level = "DEFERRED"  # ``with connection``: one transaction
    return connection


def _has_tables(connection: sqlite3.Connection) -> bool:
    return connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0


def _create(connection: sqlite3.Connection) -> None:
    """This format's empty tables, in a file that is new or ours of another format."""
    connection.execute("PRAGMA journal_mode = WAL")  # readers never wait for a writer
    with connection:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("DROP TABLE IF EXISTS files")
        connection.execute("DROP TABLE IF EXISTS texts")
        for statement in _SCHEMA.split(";"):
            if statement.strip():
                connection.execute(statement)
        connection.execute(f"PRAGMA application_id = {_APPLICATION_ID}")
        connection.execute(f"PRAGMA user_version = {FORMAT}")


def _remove(path: Path) -> bool:
    """Delete a damaged cache file with its journal files (ours, in our cache folder)."""
    try:
        for name in _names(path):
            name.unlink(missing_ok=True)
    except OSError:
        return False
    return True
