"""Importing an export: the native format or W3C Web Annotation, merged into a store.

The whole file is read and checked first; only then is it merged, in one transaction:
a file that is not valid changes nothing, and neither does a failure mid-merge.

Merging, per record id (annotations, links, entity corrections):
- not in the store: added;
- in the store and equal: unchanged (so importing a file twice changes nothing);
- different: the newer ``modified`` (``created`` for records without one) wins; the
  record is taken whole, so an annotation keeps the author who made it. On a tie the
  store's version stays: without a later edit there is no reason to prefer the file.

A record new by its id may still be one the store has, made by ``tag`` or ``link`` in
another database: those are already there, not added (so no import makes a duplicate
that ``tag`` and ``link`` would not; one earlier in the file counts as in the store):
- a claim on the same article, span (where both are in the current text), label and
  author as a claim in the store (the rule of ``Workspace.tag``), unless its note says
  something the store's claim does not; the file's links to it go to the store's claim;
- a link with the same two ends (a claim and the passage it spans are one end) as a
  link or rejection in the store: two ends have one link (the rule of
  ``Workspace.link``). The same relation (either way round for ``same`` and
  ``contradicts``, the same way round for the directed ones) and origin is already
  there; otherwise it is that link changed, and the newer wins as above: a newer file
  sets the store's link to its relation, origin and direction (under the store's id,
  updated), an older one leaves it (unchanged). Two links of the file between the
  same ends are one too: the newer stands, the other is already there.

A link to an annotation that is neither in the file nor in the store is refused, and so
is a label that ``labels.toml`` would refuse as a name (a control character, too long).
Labels not in the corpus's ``labels.toml`` are welcome: another analyst's, another tool's.

An import is not an undoable change: it may touch thousands of records, and the
analyst's own undo history stays as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
from tinydb.table import Document, Table

from syria_reader.annotations.formats import importable
from syria_reader.annotations.formats.common import ANNOTATIONS, CORRECTIONS, LINKS, Record
from syria_reader.annotations.formats.validation import (
    Incoming,
    InvalidImportError,
    articles_by_id,
    fail,
    stamp,
)
from syria_reader.annotations.labels import name_problem
from syria_reader.annotations.linking.links import Link, as_asked, parse_passage, ref_kind
from syria_reader.annotations.store import records
from syria_reader.annotations.store.anchoring import reanchor
from syria_reader.annotations.store.database import AnnotationStore, record_key
from syria_reader.annotations.store.model import Annotation, ClaimKey, claim_key
from syria_reader.annotations.vocabulary import ARTICLE_METADATA, passage_ref
from syria_reader.corpus import Article, Corpus

__all__ = ["Counts", "ImportReport", "InvalidImportError", "import_file", "read_file"]

Span = tuple[str, int, int]  # article, start, end


@dataclass(frozen=True)
class Counts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    already: int = 0  # new ids, but the same claim or link as one in the store


@dataclass(frozen=True)
class ImportReport:
    """How many records were added, updated and left unchanged, and how many were
    already there under another id, in all and per table."""

    added: int
    updated: int
    unchanged: int
    format: str = ""
    tables: dict[str, Counts] = field(default_factory=dict)
    already: int = 0

    def __str__(self) -> str:
        counts = f"added {self.added}, updated {self.updated}, unchanged {self.unchanged}"
        # Only when there are some: scripts read the three counts as they always were.
        return counts + (f", already there {self.already}" if self.already else "")


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
                incoming = reader.read(document, corpus)
                _check_labels(incoming.annotations, numbered=format.name == "json")
                return format.name, incoming
        raise fail("not a syria-reader export (no \"format\": \"syria-reader\") nor a W3C "
                   "Web Annotation document (no @context http://www.w3.org/ns/anno.jsonld)")
    except InvalidImportError as error:
        raise InvalidImportError(f"{path}: {error}") from error


def import_file(path: Path | str, store: AnnotationStore, corpus: Corpus) -> ImportReport:
    """Merge the export at ``path`` into ``store``; ``InvalidImportError`` if not valid."""
    format, incoming = read_file(path, corpus)
    with store.transaction() as db:  # one write for the whole import, or none
        try:  # against the store as it is now, under its lock; a refusal writes nothing
            annotations, links, already = _already_there(
                db.table(ANNOTATIONS), db.table(LINKS), incoming, corpus,
                numbered=format == "json")
        except InvalidImportError as error:
            raise InvalidImportError(f"{path}: {error}") from error
        tables = {
            ANNOTATIONS: _merge(db.table(ANNOTATIONS), annotations, keyed=True,
                                already=already[ANNOTATIONS]),
            LINKS: _merge(db.table(LINKS), links, keyed=True, already=already[LINKS]),
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
        already=sum(c.already for c in tables.values()),
    )


def _where(kind: str, index: int, record: Record, numbered: bool) -> str:
    """'annotation 3 (id)': numbered as in the file where its sections are (the native
    format); a W3C file mixes annotations and links, so there the id alone names it."""
    return records.describe(kind, record, index if numbered else None)


def _check_labels(annotations: list[Record], numbered: bool) -> None:
    """Each label as ``labels.toml`` checks a label's name (stripped, as it is there):
    no control character to break a line of ``claims`` or set a terminal's colours, no
    more characters than a menu shows. An empty label is a claim's without one, or a
    note's."""
    for index, record in enumerate(annotations, start=1):
        label = record.get("label", "")
        if not label:
            continue
        name = label.strip()
        problem = name_problem(name) if name else f"{label!r} is only white space"
        if problem is not None:
            raise fail(f"{_where('annotation', index, record, numbered)}: 'label' {problem}")
        record["label"] = name


def _placed(record: Record, articles: dict[str, Article]) -> Annotation | None:
    """The annotation where it is in its article's current text (None: a record not
    readable, or of an article not in the corpus): ``tag`` compares claims there."""
    try:
        annotation = Annotation.from_record(records.check_annotation(dict(record)))
    except (records.RecordError, TypeError, ValueError):
        return None  # the store's own problem, reported where it is read; no match here
    article = articles.get(annotation.article_id)
    return None if article is None else reanchor(annotation, article).annotation


def _already_there(
    stored_annotations: Table, stored_links: Table, incoming: Incoming, corpus: Corpus,
    numbered: bool,
) -> tuple[list[Record], list[Record], dict[str, int]]:
    """The file's annotations and links less those the store (or the file, earlier)
    has under another id, its links pointed at the store's claims; how many were left
    out per table. ``InvalidImportError`` for a link to an annotation found nowhere."""
    articles = articles_by_id(corpus)
    stored = {str(d.get("id")): dict(d) for d in stored_annotations.all()}
    known = set(stored) | {str(record["id"]) for record in incoming.annotations}
    for index, link in enumerate(incoming.links, start=1):
        for end in ("source", "target"):
            if ref_kind(link[end]) == "annotation" and link[end] not in known:
                raise fail(f"{_where('link', index, link, numbered)}: its {end} "
                           f"'{link[end]}' is no annotation of the file or the database")
    spans: dict[str, Span] = {}  # annotation id: where it is now, to name its passage
    claims: dict[ClaimKey, Record] = {}
    for record in sorted(stored.values(), key=lambda r: (str(r.get("created")),
                                                         str(r.get("id")))):
        _register(record, _placed(record, articles), spans, claims)
    annotations: list[Record] = []
    same_as: dict[str, str] = {}  # the file's claim id: the claim already there
    for record in incoming.annotations:
        if record["id"] in stored:  # merged by id
            annotations.append(record)
            continue
        placed = _placed(record, articles)
        key = claim_key(placed) if placed is not None else None
        existing = claims.get(key) if key is not None else None
        # The same claim, unless the file's note would be lost with it.
        if existing is not None and record["note"] in ("", existing.get("note")):
            same_as[record["id"]] = str(existing["id"])
            continue
        _register(record, placed, spans, claims)
        annotations.append(record)
    links = [{**link, "source": same_as.get(link["source"], link["source"]),
              "target": same_as.get(link["target"], link["target"])}
             for link in incoming.links]
    kept, already = _one_link_a_pair(links, [dict(d) for d in stored_links.all()], spans)
    return annotations, kept, {ANNOTATIONS: len(same_as), LINKS: already}


def _register(record: Record, placed: Annotation | None, spans: dict[str, Span],
              claims: dict[ClaimKey, Record]) -> None:
    """Remember where an annotation is, and it as the claim its key names (the first)."""
    if placed is None:
        return
    spans[placed.id] = (placed.article_id, placed.start, placed.end)
    key = claim_key(placed)
    if key is not None:
        claims.setdefault(key, record)


def _one_link_a_pair(links: list[Record], stored: list[Record],
                     spans: dict[str, Span]) -> tuple[list[Record], int]:
    """The links to merge by id: each of ``links`` under its own id, or under the id of
    the link the store (or an earlier one of them) has between its two ends, so that no
    pair ends up with two; and how many were left out as already there."""
    on_span: dict[Span, list[str]] = {}
    for annotation_id, span in spans.items():
        on_span.setdefault(span, []).append(annotation_id)

    def names(end: str) -> set[str]:
        """Every ref naming ``end``: a claim is also the passage it spans, and a passage
        each annotation on exactly that span (as ``Workspace.link_between`` has it)."""
        found = {end}
        if end in spans:
            found.add(passage_ref(*spans[end]))
        passage = parse_passage(end)
        if passage is not None:
            found.update(on_span.get((passage.article_id, passage.start, passage.end), ()))
        return found

    by_end: dict[str, list[Record]] = {}

    def index(link: Record) -> None:
        for end in ("source", "target"):
            by_end.setdefault(str(link.get(end)), []).append(link)

    for link in stored:
        index(link)
    stored_ids = {str(link.get("id")) for link in stored}
    kept: dict[str, Record] = {}  # id: the record to merge under it (the newest offered)
    already = 0
    for link in links:
        if link["id"] in stored_ids:  # merged by id
            record = link
        # Two copies of one claim in the file, linked: their link would join the claim
        # already there to itself, which is no link.
        elif link["source"] == link["target"]:
            already += 1
            continue
        else:
            source = names(link["source"])
            pair = _pair_of(link, source, by_end, names)
            if pair is None:
                index(link)
                record = link
            elif _same_link(pair, link, source):
                already += 1
                continue
            else:  # that link changed: merged as a version of it, the newer wins
                record = _as_version_of(pair, link)
        held = kept.get(record["id"])
        if held is not None:  # two of the file's links are one link: the newer stands
            already += 1
            if stamp(record) <= stamp(held):
                continue
        kept[record["id"]] = record
    return list(kept.values()), already


def _pair_of(link: Record, source: set[str], by_end: dict[str, list[Record]],
             names: Callable[[str], set[str]]) -> Record | None:
    """The link or rejection ``by_end`` holds between ``link``'s two ends, either way
    round (``source``: every name of its source), if any."""
    target = names(link["target"])
    for name in source:
        for other in by_end.get(name, []):
            ends = {str(other.get("source")), str(other.get("target"))}
            if ends & source and ends & target:
                return other
    return None


def _same_link(other: Record, link: Record, source: set[str]) -> bool:
    """Whether ``other`` is ``link`` already: a rejected suggestion only the same as a
    rejected suggestion, a link as ``Workspace.link`` has it (``as_asked``)."""
    if link.get("origin") == "rejected":
        return other.get("origin") == "rejected"
    return as_asked(Link.from_record(other), link["relation"], source)


def _as_version_of(other: Record, link: Record) -> Record:
    """``link`` as a later (or earlier) version of ``other``: its relation, origin and
    direction under ``other``'s id and creation, stamped with when ``link`` was last
    changed, so that ``_merge`` keeps the newer of the two."""
    version = {**link, "id": other["id"], "created": other.get("created", link["created"])}
    when = link.get("modified") or link.get("created")
    if when:
        version["modified"] = when
    return version


def _merge(table: Table, records: list[Record], keyed: bool, already: int = 0) -> Counts:
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
    return Counts(added, updated, unchanged, already)
