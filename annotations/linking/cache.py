"""The related-passages index on disk: one file per corpus state, in the user cache.

The file name is a digest of the engine (its version and the code that makes the
features and their weights, with wordfreq's version), every article's id and sha256
and the entity clusters the features came from, so a changed article, a corrected
entity or a new release never reads a stale index. The file holds the index's
structures ready-made (``related_store``) behind a checksum; a file that cannot be
read, fails its checksum or is not what its name says is ignored (and replaced on the
next save): it is a cache, never the only copy of anything.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from syria_reader.annotations import cache_files
from syria_reader.annotations.entities.index import EntityIndex
from syria_reader.corpus import app_dirs

KEEP = 4  # cache files kept per folder: a few corpora or versions, not every one ever


def cache_dir() -> Path:
    return app_dirs.cache_dir() / "related"


def entity_fingerprint(entities: EntityIndex | None) -> str:
    """A digest of which mention belongs to which cluster: the features depend on it
    (``EntityIndex.fingerprint``: a cached index has it stored)."""
    return "none" if entities is None else entities.fingerprint


@cache
def code_digest() -> str:
    """A digest of the modules that make the features and their weights (and of the
    word list the weights read): an edit to any of them is a new engine, whether or not
    its version number was bumped."""
    from syria_reader.annotations.linking import entities, features, numbers, rarity, text

    digest = hashlib.sha256()
    for module in (text, numbers, entities, features, rarity):
        digest.update(Path(str(module.__file__)).read_bytes())
    try:
        digest.update(importlib.metadata.version("wordfreq").encode())
    except importlib.metadata.PackageNotFoundError:
        digest.update(b"no wordfreq")
    return digest.hexdigest()


def cache_key(version: int, articles: Iterable[tuple[str, str]], entities: str) -> str:
    digest = hashlib.sha256(f"related-v{version}\x1e{code_digest()}\x1e{entities}\x1e".encode())
    for article_id, sha256 in sorted(articles):
        digest.update(f"{article_id}\x1f{sha256}\x1e".encode())
    return digest.hexdigest()[:32]


_MAGIC = b"syria-reader related index\n"
_SUFFIX = ".pickle"


def load(key: str, folder: Path | None = None) -> dict[str, Any] | None:
    """The saved state for ``key``, or None when absent, damaged or not ours."""
    data = cache_files.read((folder or cache_dir()) / f"{key}{_SUFFIX}", _MAGIC)
    if not isinstance(data, dict) or data.get("key") != key:
        return None
    return data


def save(key: str, data: dict[str, Any], folder: Path | None = None) -> Path | None:
    """Write atomically (temp file, then rename); a cache that cannot be written is
    skipped, not an error: the index works the same without it."""
    folder = folder or cache_dir()
    path = folder / f"{key}{_SUFFIX}"
    try:
        for old in folder.glob("*.json"):  # the former format, which nothing reads
            old.unlink(missing_ok=True)
        cache_files.write(path, _MAGIC, {**data, "key": key}, KEEP)
    except OSError:
        return None
    return path
