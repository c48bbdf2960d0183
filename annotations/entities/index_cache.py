"""Finished entity indexes on disk: one file per corpus state, beside the NER cache.

A file's name is ``index_key``: the digest of what the typed mentions depend on
(``corpus.mention_key``: articles, model, patterns, raw entities, the fixes' code),
the user's corrections, and this package's code, so any change to any of them reads
another file. The cache is an optimisation only: a file that is missing, damaged
(its checksum fails) or not what its name says is a miss, and the index is built
again; a write that fails is forgotten. Files are replaced whole (temporary file,
then rename), so two processes at once each see a whole file or none.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from syria_reader.annotations import cache_files
from syria_reader.annotations.entities.corrections import EntityCorrection
from syria_reader.annotations.entities.index import EntityIndex
from syria_reader.corpus import app_dirs
from syria_reader.corpus.article import Article
from syria_reader.corpus.ner_cache import NerCache

FORMAT = 1  # bump when the stored form (``stored``) changes
_MAGIC = b"syria-reader entity index\n"
KEEP = 4  # files kept: a few corpora or states, not every one ever
_FOLDER = "entity-index"


@cache
def code_digest() -> str:
    """This package's code: an edit to the clustering is a new key."""
    digest = hashlib.sha256(f"entity-index-v{FORMAT}\x1e".encode())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\x1f" + path.read_bytes() + b"\x1e")
    return digest.hexdigest()


def index_key(mentions_key: str, corrections: Sequence[EntityCorrection]) -> str:
    """The file name of the index built from those mentions with those corrections."""
    digest = hashlib.sha256(f"{code_digest()}\x1e{mentions_key}\x1e".encode())
    for correction in corrections:  # in the order they apply
        digest.update(repr(sorted(correction.to_record().items())).encode() + b"\x1e")
    return digest.hexdigest()[:40]


class IndexCache:
    """A folder of cached entity indexes; ``hits`` and ``writes`` count this run's."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder if folder is not None else app_dirs.cache_dir() / _FOLDER
        self.hits = 0
        self.writes = 0

    @classmethod
    def beside(cls, ner_cache: NerCache) -> IndexCache:
        """The folder next to the recognition cache's (the user cache by default)."""
        return cls(ner_cache.directory.parent / _FOLDER)

    def path_for(self, key: str) -> Path:
        return self.folder / f"{key}.pickle"

    def load(self, key: str, articles: Sequence[Article]) -> EntityIndex | None:
        """The index stored under ``key``, or None (a miss, whatever the reason)."""
        from syria_reader.annotations.entities.stored import StoredEntityIndex

        data = cache_files.read(self.path_for(key), _MAGIC)
        if not isinstance(data, dict) or data.get("key") != key:
            return None
        try:
            known = {article.id for article in articles}
            if any(article_id not in known for article_id, _count, _blob in data["articles"]):
                return None
            index = StoredEntityIndex(data)
        except Exception:  # whatever a damaged file raises is a miss
            return None
        self.hits += 1
        return index

    def save(self, key: str, index: EntityIndex) -> Path | None:
        """Store ``index`` under ``key``; None when it cannot be written (no matter)."""
        from syria_reader.annotations.entities.stored import encode

        path = self.path_for(key)
        try:
            cache_files.write(path, _MAGIC, {**encode(index), "key": key}, KEEP)
        except OSError:
            return None
        self.writes += 1
        return path
