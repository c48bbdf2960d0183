"""The recognition cache: the raw entities of one text, one JSON file per text and version.

A file is keyed by the sha256 of the text plus the recogniser's version (model, spaCy,
patterns, cache format), so a changed text, model or pattern set simply misses. What is
cached is the raw model + ruler output, not the corpus-wide type fixes: those depend on
the other articles and are recomputed on every load (see ``corpus.entity_types``).
The cache is an optimisation only: a file that cannot be read or makes no sense is a
miss, and a write that fails is forgotten; neither ever stops recognition.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

from syria_reader.corpus import app_dirs
from syria_reader.corpus.atomic import atomic_write
from syria_reader.corpus.entity_types import RawEntity

CACHE_FORMAT = 1  # bump when the file layout or the meaning of the cached entities changes


def default_cache_dir() -> Path:
    """``<user cache dir>/syria-reader/ner`` (``$XDG_CACHE_HOME`` on Linux)."""
    return app_dirs.cache_dir() / "ner"


class NerCache:
    """Raw entities per text. ``hits``, ``misses`` and ``writes`` count this run's work."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory if directory is not None else default_cache_dir()
        self.hits = 0
        self.misses = 0
        self.writes = 0

    def path_for(self, text_sha256: str, version: str) -> Path:
        key = hashlib.sha256(f"{CACHE_FORMAT}\n{text_sha256}\n{version}".encode()).hexdigest()
        return self.directory / f"{key}.json"

    def get(self, text_sha256: str, version: str, text_length: int) -> list[RawEntity] | None:
        """The cached entities, or ``None`` when missing, unreadable or not for this text."""
        entities = self._read(text_sha256, version, text_length)
        if entities is None:
            self.misses += 1
        else:
            self.hits += 1
        return entities

    def put(self, text_sha256: str, version: str, entities: Sequence[RawEntity]) -> None:
        """Store atomically: readers see the old file or the new one, never a torn one."""
        record = {
            "format": CACHE_FORMAT,
            "text_sha256": text_sha256,
            "version": version,
            "entities": [list(entity) for entity in entities],
        }
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            atomic_write(self.path_for(text_sha256, version), json.dumps(record).encode("utf-8"))
        except OSError:
            return  # a read-only or full disk costs a recomputation next time, nothing more
        self.writes += 1

    def _read(self, text_sha256: str, version: str, text_length: int) -> list[RawEntity] | None:
        try:
            record = json.loads(self.path_for(text_sha256, version).read_text(encoding="utf-8"))
        except (OSError, ValueError):  # missing, unreadable, not JSON, not UTF-8
            return None
        if not isinstance(record, dict) or (
            record.get("format"), record.get("text_sha256"), record.get("version")
        ) != (CACHE_FORMAT, text_sha256, version):
            return None
        return _parse_entities(record.get("entities"), text_length)


def _parse_entities(data: object, text_length: int) -> list[RawEntity] | None:
    """Validate what a file claims; a bad offset would corrupt every mention downstream."""
    if not isinstance(data, list):
        return None
    entities = []
    for item in data:
        if not (isinstance(item, list) and len(item) == 3):
            return None
        start, end, label = item
        if not (isinstance(start, int) and isinstance(end, int) and isinstance(label, str)):
            return None
        if not 0 <= start < end <= text_length:
            return None
        entities.append(RawEntity(start, end, label))
    return entities


