"""The analyst's annotations and links, with a persisted undo/redo history.

Every change is one transaction on the store: the record and its history entry are
written together, so undo and redo survive a restart and a crash.

Each entry names the session that made it (a reader window, one command): undo and
redo take back only their own session's changes, never another window's or a
script's, and refuse when another session has changed the same records since.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any

from tinydb import Query, TinyDB
from tinydb.table import Document, Table

from syria_reader.annotations.store.anchoring import Anchoring, reanchor
from syria_reader.annotations.store.database import AnnotationStore, record_key
from syria_reader.annotations.store.errors import StoreCorruptError
from syria_reader.annotations.store.model import Annotation
from syria_reader.annotations.store.records import (
    RecordError,
    check_annotation,
    check_history_entry,
    check_link,
    check_on_text,
    describe,
    located,
)
from syria_reader.annotations.vocabulary import (
    ANNOTATIONS,
    ARTICLE_METADATA,
    ENTITY_CORRECTIONS,
    HISTORY,
    LINKS,
    PASSAGE,
)
from syria_reader.corpus import Corpus

HISTORY_LIMIT = 1000  # changes that can be undone; older ones are forgotten
# What re-anchoring changes in a record: where it is, never what the analyst wrote.
ANCHORING_FIELDS = ("article_sha256", "start", "end", "quote", "prefix", "suffix",
                    "orphaned", "anchor", "original_quote")
Record = dict[str, Any]


class UnknownRecordError(LookupError):
    """No annotation or link with that id."""


class UndoRefusedError(LookupError):
    """The change to undo (or redo) was built on since, in another session."""


def new_session() -> str:
    return uuid.uuid4().hex


class AnnotationBook:
    """Annotations and links of one store; ``undo``/``redo`` cover this session's
    changes (``session``: a reader window's id; a new one by default)."""

    def __init__(self, store: AnnotationStore, session: str | None = None) -> None:
        self.store = store
        self.session = session or new_session()
        # What the changes, undos and redos did, not yet taken by ``take_journal``: for
        # each record touched, its table and the record before and after (None: absent),
        # so a view can follow without reading everything again.
        self._journal: list[Record] = []
        # What the last ``reanchor_all`` moved to another article id: old id -> new.
        self.rehomed: dict[str, str] = {}

    # -- reading -----------------------------------------------------------------------

    def annotations(self, article_id: str | None = None) -> list[Annotation]:
        table = self.store.table(ANNOTATIONS)
        records = table.all() if article_id is None else table.search(
            Query().article_id == article_id
        )
        found = [self._parse(dict(r)) for r in records]
        return sorted(found, key=lambda a: (a.article_id, a.start, a.end, a.created))

    def _parse(self, record: Record) -> Annotation:
        """A stored record as an annotation; a malformed one is a corrupt database."""
        try:
            return Annotation.from_record(check_annotation(record))
        except RecordError as error:
            raise self.corrupt("annotation", record, error) from error

    def corrupt(self, kind: str, record: Record, error: RecordError) -> StoreCorruptError:
        """The error for a stored record that is not what this program writes."""
        where = located(describe(kind, record), error)
        return StoreCorruptError(f"{self.store.path}: corrupt database: {where}; the file "
                                 "was left as it is")

    def annotation(self, annotation_id: str) -> Annotation:
        record = self.store.table(ANNOTATIONS).get(doc_id=record_key(annotation_id))
        if record is None:
            raise UnknownRecordError(f"no annotation {annotation_id}")
        return self._parse(dict(record))  # type: ignore[arg-type]

    def links(self) -> list[Record]:
        """The link records, each checked like an annotation's."""
        found = [dict(r) for r in self.store.table(LINKS).all()]
        for record in found:
            try:
                check_link(record)
            except RecordError as error:
                raise self.corrupt("link", record, error) from error
        return found

    # -- changes -----------------------------------------------------------------------

    def add(self, annotation: Annotation) -> Annotation:
        self._change(ANNOTATIONS, None, annotation.to_record())
        return annotation

    def update(self, annotation: Annotation) -> Annotation:
        before = self.annotation(annotation.id)
        self._change(ANNOTATIONS, before.to_record(), annotation.to_record())
        return annotation

    def edit(self, annotation_id: str, **changes: object) -> Annotation:
        """Change these fields of the annotation as it is stored now, in one transaction:
        another window's edit of other fields since this one read it is kept."""
        with self.store.transaction():
            before = self.annotation(annotation_id)
            after = before.edited(**changes)
            self._change(ANNOTATIONS, before.to_record(), after.to_record())
        return after

    def delete(self, annotation_id: str) -> Annotation:
        """Delete an annotation and the links to it, as one change (one undo)."""
        before = self.annotation(annotation_id)
        dangling = [dict(r) for r in self.store.table(LINKS).all()
                    if annotation_id in (r.get("source"), r.get("target"))]
        self.change_all([(LINKS, link, None) for link in dangling]
                         + [(ANNOTATIONS, before.to_record(), None)])
        return before

    def add_link(self, link: Record) -> Record:
        self._change(LINKS, None, link)
        return link

    def delete_link(self, link_id: str) -> Record:
        record = self.store.table(LINKS).get(doc_id=record_key(link_id))
        if record is None:
            raise UnknownRecordError(f"no link {link_id}")
        self._change(LINKS, dict(record), None)  # type: ignore[arg-type]
        return dict(record)  # type: ignore[arg-type]

    def _change(self, table: str, before: Record | None, after: Record | None) -> None:
        self.change_all([(table, before, after)])

    def change_all(self, steps: list[tuple[str, Record | None, Record | None]]) -> None:
        """Apply the steps (table, record before, record after; None: absent) and record
        them as one history entry, in one transaction: one undo takes them all back."""
        changes = [{"table": table, "before": before, "after": after}
                   for table, before, after in steps]
        with self.store.transaction() as db:
            history = db.table(HISTORY)
            # A new change ends this session's redo (and that of entries older than
            # sessions, which belong to whoever undoes them).
            mine = (Query().session == self.session) | ~Query().session.exists()
            history.remove(mine & (Query().undone == True))  # noqa: E712
            for change in changes:
                _apply(db, change["table"], change["before"], change["after"])
            seq = _next_seq(history)
            history.insert(Document({"seq": seq, "session": self.session, "changes": changes,
                                     "undone": False}, doc_id=seq))
            if len(history) > HISTORY_LIMIT:
                history.remove(doc_ids=[seq - HISTORY_LIMIT])
        self._journal.extend(changes)

    def reanchor_all(self, corpus: Corpus) -> list[Anchoring]:
        """Find every annotation again in the current texts; save where they are now.

        Not an undoable change: it follows the texts, not the analyst. One transaction:
        nothing another window writes meanwhile is overwritten; and only the anchoring
        fields are saved. An article id no longer in the corpus, whose annotations' text
        one article alone has under another id that has none of its own (the file
        renamed, or given a longer id when another file took its name), moves to that id
        everywhere: annotations, links to its passages, the analyst's title, source and
        date, entity corrections and the undo history (``rehomed``; status
        ``"rehomed"``). Otherwise the annotations are returned as they are.
        """
        with self.store.transaction() as db:
            annotations = self.annotations()
            # Read-only: nothing moves (the links and details could not move with it);
            # the annotations are said to be on an article not in the corpus.
            described = {str(d.get("id")) for d in db.table(ARTICLE_METADATA).all()}
            rehomed = {} if self.store.read_only else _rehoming(annotations, corpus,
                                                                described)
            results = []
            for annotation in annotations:
                if annotation.article_id in rehomed:
                    moved = replace(annotation, article_id=rehomed[annotation.article_id])
                    results.append(Anchoring(moved, "rehomed", 100.0))
                    continue
                article = corpus.find(annotation.article_id)
                if article is None:
                    results.append(Anchoring(annotation, "unchanged", 0.0))
                    continue
                try:
                    check_on_text(annotation.to_record(), article)
                except RecordError as error:
                    raise self.corrupt("annotation", annotation.to_record(), error) from error
                results.append(reanchor(annotation, article))
            moved = [r.annotation for r in results if r.status not in ("unchanged", "rehomed")]
            if not self.store.read_only:  # a read-only one: found again in memory
                table = db.table(ANNOTATIONS)
                for annotation in moved:
                    record = annotation.to_record()
                    table.update({name: record[name] for name in ANCHORING_FIELDS},
                                 doc_ids=[record_key(annotation.id)])
                if rehomed:
                    _move_article_ids(db, rehomed)
        self.rehomed = rehomed
        return results

    def take_journal(self) -> list[Record]:
        """The record changes written since the last call, in order."""
        taken, self._journal = self._journal, []
        return taken

    # -- history -----------------------------------------------------------------------

    def undo(self) -> Record | None:
        """Undo this session's latest change; returns its history entry, or None if it
        has none left. ``UndoRefusedError`` if another session changed its records since."""
        return self._step(undo=True)

    def redo(self) -> Record | None:
        """Redo the change this session undid last; returns its entry, or None."""
        return self._step(undo=False)

    def others_changes(self) -> int:
        """How many changes that could be undone were made in other sessions."""
        entries = [dict(e) for e in self.store.table(HISTORY).all()]
        return sum(1 for e in entries if not e.get("undone") and not self._mine(e))

    def _mine(self, entry: Record) -> bool:
        # Entries written before sessions existed belong to whoever undoes them.
        return entry.get("session", self.session) == self.session

    def _step(self, undo: bool) -> Record | None:
        with self.store.transaction() as db:
            history = db.table(HISTORY)
            entries = [dict(e) for e in history.all()]
            for record in entries:
                try:
                    check_history_entry(record)
                except RecordError as error:
                    raise self.corrupt("history entry", record, error) from error
            # undo: the latest change still done; redo: the one undone last (the lowest)
            candidates = [e for e in entries if self._mine(e) and e["undone"] != undo]
            entry = (max if undo else min)(candidates, key=_seq, default=None)
            if entry is None:
                return None
            self._refuse_if_built_on(entry, entries)
            changes = changes_of(entry)
            if undo:  # backwards, each change reversed
                changes = [{"table": c["table"], "before": c["after"], "after": c["before"]}
                           for c in reversed(changes)]
            self._refuse_if_changed(db, changes)
            for change in changes:
                _apply(db, change["table"], change["before"], change["after"])
            history.update({"undone": undo}, doc_ids=[entry["seq"]])
        self._journal.extend(changes)
        return entry

    def _refuse_if_built_on(self, entry: Record, entries: list[Record]) -> None:
        touched = _record_ids(entry)
        for later in entries:
            if (_seq(later) > _seq(entry) and not later["undone"] and not self._mine(later)
                    and touched & _record_ids(later)):
                raise UndoRefusedError(
                    "not undone: another window or a command changed it since "
                    "(undo there first)")

    def _refuse_if_changed(self, db: TinyDB, changes: list[Record]) -> None:
        """Each record must be as the step expects to find it (its ``before``): else
        another window, a command or an import changed it since, and the step would
        throw that change away. Compared by existence and by the analyst's last edit
        (``modified``; links by relation), not by re-anchoring."""
        for change in changes:
            expected = change["before"]
            record = change["after"] or expected
            found = db.table(change["table"]).get(doc_id=record_key(str(record["id"])))
            if (found is None) != (expected is None) or (expected is not None and any(
                    found.get(name) != expected.get(name)  # type: ignore[union-attr]
                    for name in ("modified", "relation", "origin", "label", "note"))):
                raise UndoRefusedError(
                    "not undone: another window, a command or an import changed it since "
                    "(undo there first)")


def _record_ids(entry: Record) -> set[str]:
    """The records an entry changed, and the ends of the links it changed: a link made
    to a claim builds on that claim."""
    ids = set()
    for change in changes_of(entry):
        record = change["after"] or change["before"]
        ids.add(str(record["id"]))
        if change["table"] == LINKS:
            ids.update(str(record.get(end, "")) for end in ("source", "target"))
    return ids


def changes_of(entry: Record) -> list[Record]:
    """The changes of a history entry (entries of one change have no list)."""
    if "changes" in entry:
        return list(entry["changes"])
    return [{"table": entry["table"], "before": entry["before"], "after": entry["after"]}]


def _seq(entry: Record) -> int:
    return int(entry["seq"])


def _next_seq(history: Table) -> int:
    return max((entry.doc_id for entry in history), default=0) + 1


def _apply(db: TinyDB, table_name: str, before: Record | None, after: Record | None) -> None:
    """Turn the record ``before`` into ``after`` (None: absent) in the table."""
    table = db.table(table_name)
    doc_id = record_key(str((after or before or {})["id"]))
    exists = table.contains(doc_id=doc_id)
    if after is None:
        if exists:
            table.remove(doc_ids=[doc_id])
    elif exists:
        # Replaced whole, not merged: a field the change added (a relink's "modified")
        # must go again when it is undone, or the redo finds the record changed.
        def become(document: dict[str, Any]) -> None:
            document.clear()
            document.update(after)

        table.update(become, doc_ids=[doc_id])
    else:
        table.insert(Document(after, doc_id=doc_id))


def _rehoming(annotations: list[Annotation], corpus: Corpus,
              described: set[str]) -> dict[str, str]:
    """Old article id -> new, for the ids the corpus no longer has whose annotations'
    text (all of one text) one article alone has, under an id with no annotations and no
    title, source or date of the analyst's (``described``) of its own, and that no other
    old id goes to: a move, never a merge of two articles' work."""
    gone: dict[str, set[str]] = {}
    for annotation in annotations:
        if corpus.find(annotation.article_id) is None:
            gone.setdefault(annotation.article_id, set()).add(annotation.article_sha256)
    if not gone:
        return {}
    by_text: dict[str, list[str]] = {}
    for article in corpus.articles:
        by_text.setdefault(article.sha256, []).append(article.id)
    taken = {annotation.article_id for annotation in annotations} | described
    planned = {}
    for old, texts in gone.items():
        twins = by_text.get(next(iter(texts)), []) if len(texts) == 1 else []
        if len(twins) == 1 and twins[0] not in taken:
            planned[old] = twins[0]
    targets = list(planned.values())
    return {old: new for old, new in planned.items() if targets.count(new) == 1}


def _moved_record(table: str, record: Record, rehomed: dict[str, str]) -> Record:
    """``record`` of ``table`` with its references to a moved article id changed, field
    by field, and nothing else (a note, a quote, a source's name are text): an
    annotation's ``article_id``, a link's ends that are passages, the mentions of an
    entity correction, an article's own record (keyed by the article id)."""
    moved = dict(record)
    if table == ANNOTATIONS and record.get("article_id") in rehomed:
        moved["article_id"] = rehomed[record["article_id"]]
    elif table == LINKS:
        for end in ("source", "target"):
            ref = record.get(end)
            if isinstance(ref, str) and ref.startswith(PASSAGE):
                article_id, _, span = ref[len(PASSAGE):].rpartition(":")
                if article_id in rehomed:
                    moved[end] = f"{PASSAGE}{rehomed[article_id]}:{span}"
    elif table == ENTITY_CORRECTIONS:
        moved = _moved_mentions(record, rehomed)
    elif table == ARTICLE_METADATA and record.get("id") in rehomed:
        moved["id"] = moved["article_id"] = rehomed[record["id"]]
    return moved


def _moved_mentions(value: Any, rehomed: dict[str, str]) -> Any:
    """An entity correction with each mention's ``article`` moved (mentions sit in
    lists and fields of their own, by the kind of correction)."""
    if isinstance(value, list):
        return [_moved_mentions(item, rehomed) for item in value]
    if not isinstance(value, dict):
        return value
    return {key: rehomed[item] if key == "article" and isinstance(item, str)
            and item in rehomed else _moved_mentions(item, rehomed)
            for key, item in value.items()}


def _move_article_ids(db: TinyDB, rehomed: dict[str, str]) -> None:
    """Every record that names a moved article id, changed to the new id (in the
    transaction the caller holds), the undo history's too."""
    for name in (ANNOTATIONS, LINKS, ENTITY_CORRECTIONS):
        table = db.table(name)
        for document in table.all():
            moved = _moved_record(name, dict(document), rehomed)
            if moved != document:
                table.update(moved, doc_ids=[document.doc_id])
    history = db.table(HISTORY)
    for entry in history.all():
        changes = changes_of(dict(entry))
        moved_changes = [{**change, **{side: _moved_record(change["table"], change[side],
                                                           rehomed)
                                       for side in ("before", "after") if change[side]}}
                         for change in changes]
        if moved_changes != changes:
            history.update({"changes": moved_changes}, doc_ids=[entry.doc_id])
    articles = db.table(ARTICLE_METADATA)
    for document in articles.all():
        moved = _moved_record(ARTICLE_METADATA, dict(document), rehomed)
        if moved != document:  # keyed by the article id: the record under the new key
            articles.remove(doc_ids=[document.doc_id])
            articles.insert(Document(moved, doc_id=record_key(moved["id"])))
