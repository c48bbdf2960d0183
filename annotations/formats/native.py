"""The native format: the whole annotation set, versioned and lossless.

```json
{"format": "syria-reader", "version": 1, "exported": "...",
 "annotations": [...], "links": [...], "entity_corrections": [...],
 "article_metadata": [...],
 "articles": [{"id", "title", "source", "date", "sha256"}]}
```
Records are the store's own; importing the file into an empty store gives the same
set. ``articles`` says which text version each ``article_sha256`` refers to.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from syria_reader.annotations.formats.common import ExportData, Progress, read_json
from syria_reader.annotations.formats.validation import (
    Incoming,
    articles_by_id,
    check_annotation,
    check_article_meta,
    check_correction,
    check_link,
    check_unique,
    describe,
    fail,
)
from syria_reader.corpus import Corpus

FORMAT = "syria-reader"
VERSION = 1


def document(data: ExportData, progress: Progress) -> dict[str, Any]:
    annotations = []
    for annotation in data.annotations:
        annotations.append(annotation.to_record())
        progress.advance()
    progress.advance(len(data.links))
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported": data.exported,
        "annotations": annotations,
        "links": data.links,
        "entity_corrections": data.corrections,
        "article_metadata": data.article_metadata,
        "articles": [
            {"id": a.id, "title": a.title, "source": a.source, "date": a.date,
             "sha256": a.sha256}
            for a in data.corpus.articles
        ],
    }


def write(data: ExportData, path: Path, progress: Progress) -> None:
    path.write_bytes(orjson.dumps(document(data, progress), option=orjson.OPT_INDENT_2))


def is_native(document: object) -> bool:
    return isinstance(document, dict) and document.get("format") == FORMAT


def read(document: dict[str, Any], corpus: Corpus) -> Incoming:
    """Checked records of a native document; ``InvalidImportError`` on the first problem."""
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise fail(f"no readable format version ({version!r})")
    if version > VERSION:
        raise fail(f"written by a newer syria-reader (format version {version}; this one "
                   f"reads up to {VERSION}); upgrade syria-reader")
    sections = {}
    for name, required in (("annotations", True), ("links", False),
                           ("entity_corrections", False), ("article_metadata", False)):
        value = document.get(name, None if required else [])
        if not isinstance(value, list):
            raise fail(f"'{name}' is missing or not a list")
        sections[name] = value
    articles = articles_by_id(corpus)
    incoming = Incoming(
        annotations=[check_annotation(raw, describe("annotation", n, raw), articles, corpus)
                     for n, raw in enumerate(sections["annotations"], start=1)],
        links=[check_link(raw, describe("link", n, raw))
               for n, raw in enumerate(sections["links"], start=1)],
        corrections=[check_correction(raw, describe("entity correction", n, raw))
                     for n, raw in enumerate(sections["entity_corrections"], start=1)],
        article_metadata=[check_article_meta(raw, describe("article metadata", n, raw), articles)
                          for n, raw in enumerate(sections["article_metadata"], start=1)],
    )
    check_unique(incoming.annotations, "annotation")
    check_unique(incoming.links, "link")
    check_unique(incoming.corrections, "entity correction")
    check_unique(incoming.article_metadata, "article metadata")
    return incoming


recognises = is_native  # the registry's name for it (annotations/formats/__init__.py)


def wrote(path: Path) -> bool:
    """Whether ``path`` is a native export of ours."""
    return is_native(read_json(path))
