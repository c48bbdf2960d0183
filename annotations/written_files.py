"""The files our exports and reports wrote, each with the sha256 of what was written.

A later export or report replaces a file of ours only while it is byte for byte what we
wrote: edited since (a brat annotation corrected, a CSV fixed by hand, notes added to a
report), it is the analyst's work and is left alone. A file shaped like ours with no
record here (written on another machine, by a colleague, or before this record) is not
replaced either: nothing shows it unchanged.

One small JSON file in the user state folder, ``{path: sha256}``, read and rewritten
whole under a lock (a few hundred entries at most: the paths that no longer exist are
dropped at each write).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

import orjson

from syria_reader.corpus import app_dirs
from syria_reader.corpus.atomic import atomic_write
from syria_reader.corpus.file_names import name_text

_LOCK_WAIT = 10.0  # seconds: another export recording its files


def record_path() -> Path:
    return app_dirs.state_dir() / "written-files.json"


def _key(path: Path) -> str:
    return name_text(str(path.resolve()))  # valid text, whatever the file system's names


def _digest(path: Path) -> str | None:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as stream:
            while chunk := stream.read(1 << 20):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def _read() -> dict[str, str]:
    try:
        recorded = orjson.loads(record_path().read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return {}  # none yet, or damaged: then no file is known unchanged
    if not isinstance(recorded, dict):
        return {}
    return {key: value for key, value in recorded.items()
            if isinstance(key, str) and isinstance(value, str)}


def unchanged(path: Path) -> bool:
    """Whether ``path`` holds exactly what an export or report of ours wrote there."""
    recorded = _read().get(_key(path))
    return recorded is not None and recorded == _digest(path)


def remember(paths: Iterable[Path]) -> None:
    """Record what ``paths`` hold now, as written by us. A record that cannot be
    written only means the files will not be replaced later: never an error here."""
    from filelock import FileLock, Timeout

    record = record_path()
    try:
        record.parent.mkdir(parents=True, exist_ok=True)
        with FileLock(str(record) + ".lock", timeout=_LOCK_WAIT):
            known = {key: value for key, value in _read().items() if Path(key).exists()}
            for path in paths:
                digest = _digest(path)
                if digest is not None:
                    known[_key(path)] = digest
            atomic_write(record, orjson.dumps(known, option=orjson.OPT_INDENT_2))
    except (OSError, Timeout):
        pass
