"""The files our exports and reports wrote, each with the sha256 of what was written.

A later export or report replaces a file of ours only while it is byte for byte what we
wrote: edited since (a brat annotation corrected, a CSV fixed by hand, notes added to a
report), it is the analyst's work and is left alone. A file shaped like ours with no
record here (written on another machine, by a colleague, or before this record) is not
replaced either: nothing shows it unchanged.

One JSON file in the user state folder, ``{path: sha256}``, read and rewritten whole
under a lock. Its size is bounded by the exported files still on disk: the entry of a
file that no longer exists is dropped at each write (a brat export of a large corpus
still adds two entries an article). An export reads it once (``load``), however many
files it checks, and records all its files in one write (``remember``).

A key is the resolved path itself when it is valid UTF-8, else ``hex:`` and the path's
bytes: either gives the real path back, so pruning tests the file, not a look-alike
(a folder named ``caf\\xe9`` is still found, where a ``%E9`` spelling is not).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import orjson

from syria_reader.corpus import app_dirs
from syria_reader.corpus.atomic import atomic_write

_LOCK_WAIT = 10.0  # seconds: another export recording its files
_BYTES_KEY = "hex:"  # never starts a resolved (absolute) path


def record_path() -> Path:
    return app_dirs.state_dir() / "written-files.json"


def _key(path: Path) -> str:
    resolved = str(path.resolve())
    try:
        resolved.encode("utf-8")  # an undecodable name holds surrogates: not UTF-8
    except UnicodeEncodeError:
        return _BYTES_KEY + os.fsencode(resolved).hex()
    return resolved


def _path(key: str) -> Path | None:
    """The real path a key names; None for a key no version of ours writes."""
    if not key.startswith(_BYTES_KEY):
        return Path(key)
    try:
        return Path(os.fsdecode(bytes.fromhex(key[len(_BYTES_KEY):])))
    except ValueError:
        return None


def digest_bytes(payload: bytes) -> str:
    return hashlib.sha256(payload).hexdigest()


def digest_file(path: Path) -> str | None:
    """The sha256 of what ``path`` holds; None if it cannot be read."""
    try:
        with path.open("rb") as stream:
            return hashlib.file_digest(stream, "sha256").hexdigest()
    except OSError:
        return None


def _read() -> dict[str, str]:
    try:
        recorded = orjson.loads(record_path().read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return {}  # none yet, or damaged: then no file is known unchanged
    if not isinstance(recorded, dict):
        return {}
    return {key: value for key, value in recorded.items()
            if isinstance(key, str) and isinstance(value, str)}


@dataclass(frozen=True)
class Record:
    """The record as read once: an export checks all its files against one reading."""

    known: Mapping[str, str]

    def unchanged(self, path: Path) -> bool:
        """Whether ``path`` holds exactly what an export or report of ours wrote there."""
        recorded = self.known.get(_key(path))
        return recorded is not None and recorded == digest_file(path)


def load() -> Record:
    return Record(_read())


def unchanged(path: Path) -> bool:
    """Whether ``path`` holds exactly what we wrote there (one file: for many, ``load``)."""
    return load().unchanged(path)


def remember(written: Mapping[Path, str | None]) -> None:
    """Record each path with the sha256 of what we wrote there (``digest_bytes`` of the
    payload, ``digest_file`` of the temporary file before its move): not what is at the
    path afterwards, which may already be someone's edit. None records nothing. A
    record that cannot be written only means the files will not be replaced later:
    never an error here."""
    from filelock import FileLock, Timeout

    record = record_path()
    try:
        record.parent.mkdir(parents=True, exist_ok=True)
        with FileLock(str(record) + ".lock", timeout=_LOCK_WAIT):
            known = dict(_prune(_read().items()))
            for path, digest in written.items():
                if digest is not None:
                    known[_key(path)] = digest
            atomic_write(record, orjson.dumps(known, option=orjson.OPT_INDENT_2))
    except (OSError, Timeout):
        pass


def _prune(entries: Iterable[tuple[str, str]]) -> Iterable[tuple[str, str]]:
    """The entries whose file still exists (tested at its real path)."""
    for key, value in entries:
        path = _path(key)
        try:
            exists = path is not None and path.exists()
        except ValueError:  # a NUL in a damaged record's key: no such file
            exists = False
        if exists:
            yield key, value
