"""Replacing a file all or nothing: temp file in the same folder, fsync, rename, fsync.

A kill at any moment leaves the old file or the new one, never a torn one. No
dependencies, so settings and state files use it without loading the store.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path


def atomic_write(path: Path, payload: bytes) -> None:
    """Replace ``path`` with ``payload``: all or nothing, durable once this returns."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(handle, _mode_for(path))  # mkstemp's 0600 would replace the file's own
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _fsync_folder(path.parent)


def create_new(path: Path, payload: bytes) -> None:
    """Write ``path``, which must not exist: whole or not at all, and never over a file
    (``FileExistsError`` if one appeared meanwhile)."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(handle, _NEW_FILE_MODE)
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        try:
            os.link(temporary, path)  # unlike a rename, fails when the name is taken
        except OSError as error:
            if error.errno not in _NO_LINKS:
                raise
            _create_exclusively(path, payload)  # FAT, exFAT, some SMB and FUSE mounts
    finally:
        Path(temporary).unlink(missing_ok=True)
    _fsync_folder(path.parent)


# What os.link fails with where a file system has no hard links.
_NO_LINKS = frozenset({errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS,
                       errno.EMLINK})


def _create_exclusively(path: Path, payload: bytes) -> None:
    """The name taken first (``O_EXCL``), then filled; removed again if filling fails,
    so no torn file stays (a reader may glimpse it while it is written)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _NEW_FILE_MODE)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def _read_umask() -> int:
    # Read once, at import: setting and restoring it later could race another thread.
    umask = os.umask(0)
    os.umask(umask)
    return umask


_NEW_FILE_MODE = 0o666 & ~_read_umask()


def _mode_for(path: Path) -> int:
    """The file's current permissions, or what a new file gets under the umask."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        return _NEW_FILE_MODE


def _fsync_folder(folder: Path) -> None:
    # The rename is durable only once the folder's entry is on disk.
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
