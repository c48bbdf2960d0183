"""Cache files of ours: plain data pickled, behind a magic line and a checksum.

The entity index and the related-passages index are cached this way. A file holds
builtins only (str, int, tuple, list, dict, bytes) and is read with an unpickler that
refuses any class, so a damaged or planted file can fail to load but never run code.
A file is written whole (temporary file, then rename), so two processes at once each
see a whole file or none; a folder keeps only its newest few.
"""

from __future__ import annotations

import io
import pickle
import zlib
from pathlib import Path
from typing import Any

from syria_reader.corpus.atomic import atomic_write

_CHECKSUM = 4  # bytes of the crc32 after the magic line


class _DataOnly(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"not plain data: {module}.{name}")


def loads(data: bytes) -> Any:
    """Unpickle builtins only."""
    return _DataOnly(io.BytesIO(data)).load()


def dumps(value: object) -> bytes:
    return pickle.dumps(value, protocol=5)


def read(path: Path, magic: bytes) -> Any | None:
    """The data in ``path``, or None when it is absent, not ours, damaged (its
    checksum fails: a torn copy, a bad sector, an edit) or not plain data."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    header = len(magic) + _CHECKSUM
    if not raw.startswith(magic) or len(raw) < header:
        return None
    body = memoryview(raw)[header:]
    if zlib.crc32(body) != int.from_bytes(raw[len(magic):header], "big"):
        return None
    try:
        return loads(bytes(body))
    except Exception:  # whatever a damaged file raises is a miss
        return None


def write(path: Path, magic: bytes, value: object, keep: int) -> None:
    """Write ``value`` to ``path`` whole, then remove all but the ``keep`` newest files
    of its kind in its folder (``OSError``: it could not be written)."""
    body = dumps(value)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, magic + zlib.crc32(body).to_bytes(_CHECKSUM, "big") + body)
    prune(path, keep)


def prune(kept: Path, keep: int) -> None:
    """Keep ``kept`` and the newest others of its suffix in its folder, ``keep`` in
    all: another process may have removed some meanwhile."""
    found = []
    for path in kept.parent.glob(f"*{kept.suffix}"):
        try:
            found.append((path.stat().st_mtime, path))
        except OSError:
            continue
    found.sort(reverse=True)
    for _mtime, old in [item for item in found if item[1] != kept][keep - 1:]:
        old.unlink(missing_ok=True)
