"""Which undo history is this window's.

Undo takes back only the changes of its own session (``AnnotationBook``). A reader
window keeps its session across restarts, so ``u`` still undoes yesterday's last
claim, while two windows open at once never share one: each session id is held by a
lock file in the state folder while a window uses it, and a new window takes the most
recent free one, or a new one.
"""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path

from filelock import FileLock, Timeout

from syria_reader.corpus import app_dirs


def sessions_folder(db_path: Path) -> Path:
    digest = hashlib.sha1(str(db_path.resolve()).encode()).hexdigest()[:12]
    return app_dirs.state_dir() / "sessions" / digest


class Session:
    """A session id held by this process until ``release``."""

    def __init__(self, session_id: str, lock: FileLock | None) -> None:
        self.id = session_id
        self._lock = lock  # None: no lock could be made (an unwritable state folder)

    def release(self) -> None:
        if self._lock is not None:
            self._lock.release()


def claim_session(db_path: Path, folder: Path | None = None) -> Session:
    """The most recently used session of ``db_path`` that no open window holds, or a
    new one; held until released (or the process ends)."""
    try:
        return _claim(folder or sessions_folder(db_path))
    except OSError:
        return Session(uuid.uuid4().hex, None)  # this window's own, for its life


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _claim(folder: Path) -> Session:
    folder.mkdir(parents=True, exist_ok=True)
    known = sorted(folder.glob("*.lock"), key=_modified, reverse=True)
    for path in known:
        lock = FileLock(path, timeout=0, thread_local=False)
        try:
            lock.acquire()
        except Timeout:
            continue  # another window uses it
        path.touch()  # the most recent: the next start takes it first
        return Session(path.stem, lock)
    session_id = uuid.uuid4().hex
    lock = FileLock(folder / f"{session_id}.lock", timeout=0, thread_local=False)
    lock.acquire()
    return Session(session_id, lock)
