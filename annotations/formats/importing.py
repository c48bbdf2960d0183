"""Importing an export: the native format or W3C Web Annotation, merged into a store.

The whole file is read and checked first; only then is it merged, in one transaction:
a file that is not valid changes nothing, and neither does a failure mid-merge.

Merging, per record id (annotations, links, entity corrections):
- not in the store: added;
- in the store and equal: unchanged (so importing a file twice changes nothing);
- different: the newer ``modified`` (``created`` for records without one) wins; the
  record is taken whole, so an annotation keeps the author who made it. On a tie the
  store's version stays: without a later edit there is no reason to prefer the file.

An import is not an undoable change: it may touch thousands of records, and the
analyst's own undo history stays as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
from tinydb.table import Document, Table

from syria_reader.annotations.formats import importable
from syria_reader.annotations.formats.common import ANNOTATIONS, CORRECTIONS, LINKS, Record
from syria_reader.annotations.formats.validation import Incoming, InvalidImportError, fail, stamp
from syria_reader.annotations.store.database import AnnotationStore, record_key
from syria_reader.annotations.vocabulary import ARTICLE_METADATA
from syria_reader.corpus import Corpus

__all__ = ["Counts", "ImportReport", "InvalidImportError", "import_file", "read_file"]


@dataclass(frozen=True)
class Counts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass(frozen=True)
class ImportReport:
    """How many records were added, updated and left unchanged, in all and per table."""

    added: int
    updated: int
    unchanged: int
    format: str = ""
    tables: dict[str, Counts] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"added {self.added}, updated {self.updated}, unchanged {self.unchanged}"


def _parse(path: Path) -> Any:
    if path.is_dir():
        raise fail("is a folder; import reads a native (.json) or W3C (.jsonld) export file")
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise fail(f"cannot read it ({error.strerror or error})") from error
    raw = raw.removeprefix(b"\xef\xbb\xbf")  # a byte-order mark some editors add
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        first_line = raw.split(b"\n", 1)[0]
        if b"\n" in raw.strip() and _is_json(first_line):
            raise fail("is JSON Lines; import reads the native (json) and W3C (w3c) "
                       "exports") from error
        raise fail(f"not a JSON file (invalid at line {error.lineno}, column {error.colno}); "
                   "import reads the native (json) and W3C (w3c) exports") from error


def _is_json(raw: bytes) -> bool:
    try:
        orjson.loads(raw)
    except orjson.JSONDecodeError:
        return False
    return True


def read_file(path: Path | str, corpus: Corpus) -> tuple[str, Incoming]:
    """The file's format ("json" or "w3c") and its checked records; touches no store."""
    path = Path(path)
    try:
        document = _parse(path)
        for format in importable():
            reader = format.reading()
            if reader is not None and reader.recognises(document):
                return format.name, reader.read(document, corpus)
        raise fail("not a syria-reader export (no \"format\": \"syria-reader\") nor a W3C "
                   "Web Annotation document (no @context http://www.w3.org/ns/anno.jsonld)")
    except InvalidImportError as error:
        raise InvalidImportError(f"{path}: {error}") from error


def import_file(path: Path | str, store: AnnotationStore, corpus: Corpus) -> ImportReport:
    """Merge the export at ``path`` into ``store``; ``InvalidImportError`` if not valid."""
    format, incoming = read_file(path, corpus)
    with store.transaction() as db:  # one write for the whole import, or none
        tables = {
            ANNOTATIONS: _merge(db.table(ANNOTATIONS), incoming.annotations, keyed=True),
            LINKS: _merge(db.table(LINKS), incoming.links, keyed=True),
            CORRECTIONS: _merge(db.table(CORRECTIONS), incoming.corrections, keyed=False),
            ARTICLE_METADATA: _merge(db.table(ARTICLE_METADATA), incoming.article_metadata,
                                     keyed=True),
        }
    return ImportReport(
        added=sum(c.added for c in tables.values()),
        updated=sum(c.updated for c in tables.values()),
        unchanged=sum(c.unchanged for c in tables.values()),
        format=format,
        tables=tables,
    )


def _merge(table: Table, records: list[Record], keyed: bool) -> Counts:
    """Add and replace in two table operations: TinyDB rewrites the table on each one."""
    existing = {str(document.get("id")): document for document in table.all()}
    fresh: list[Record] = []
    replaced: list[int] = []
    added = updated = unchanged = 0
    for record in records:
        old = existing.get(record["id"])
        if old is None:
            added += 1
            fresh.append(record)
        elif dict(old) == record or stamp(record) <= stamp(old):
            unchanged += 1
        else:
            updated += 1
            replaced.append(old.doc_id)
            fresh.append(record)
    if replaced:
        table.remove(doc_ids=replaced)
    if fresh:
        # Annotations and links are keyed by their id's hash (store.record_key); entity
        # corrections take TinyDB's next free number, as save_correction gives them.
        table.insert_multiple(
            [Document(r, doc_id=record_key(r["id"])) for r in fresh] if keyed else fresh
        )
    return Counts(added, updated, unchanged)
