"""The analyst's annotations and links, with a persisted undo/redo history.

Every change is one transaction on the store: the record and its history entry are
written together, so undo and redo survive a restart and a crash.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from syria_reader.annotations.anchoring import Anchoring, reanchor
from syria_reader.annotations.errors import StoreCorruptError
from syria_reader.annotations.model import Annotation
from syria_reader.annotations.records import (
    RecordError,
    check_annotation,
    check_history_entry,
    check_link,
    check_on_text,
    describe,
    located,
)
from syria_reader.annotations.store import AnnotationStore, record_key
from syria_reader.annotations.vocabulary import ANNOTATIONS, HISTORY, LINKS
from syria_reader.corpus import Corpus
from tinydb import Query, TinyDB
from tinydb.table import Document, Table

HISTORY_LIMIT = 1000  # changes that can be undone; older ones are forgotten
Record = dict[str, Any]


class UnknownRecordError(LookupError):
    """No annotation or link with that id."""


class AnnotationBook:
    """Annotations and links of one store; ``undo``/``redo`` cover every change."""

    def __init__(self, store: AnnotationStore) -> None:
        self.store = store
        # What the last change, undo or redo did: for each record touched, its table and
        # the record before and after (None: absent), so a view can follow without
        # reading everything again.
        self.last_changes: list[Record] = []

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

    def delete(self, annotation_id: str) -> Annotation:
        """Delete an annotation and the links to it, as one change (one undo)."""
        before = self.annotation(annotation_id)
        dangling = [dict(r) for r in self.store.table(LINKS).all()
                    if annotation_id in (r.get("source"), r.get("target"))]
        self._change_all([(LINKS, link, None) for link in dangling]
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
        self._change_all([(table, before, after)])

    def _change_all(self, steps: list[tuple[str, Record | None, Record | None]]) -> None:
        """Apply the steps and record them as one history entry, in one transaction."""
        changes = [{"table": table, "before": before, "after": after}
                   for table, before, after in steps]
        with self.store.transaction() as db:
            history = db.table(HISTORY)
            history.remove(Query().undone == True)  # noqa: E712 - a new change ends redo
            for change in changes:
                _apply(db, change["table"], change["before"], change["after"])
            seq = _next_seq(history)
            history.insert(Document({"seq": seq, "changes": changes, "undone": False},
                                    doc_id=seq))
            if len(history) > HISTORY_LIMIT:
                history.remove(doc_ids=[seq - HISTORY_LIMIT])
        self.last_changes = changes

    def reanchor_all(self, corpus: Corpus) -> list[Anchoring]:
        """Find every annotation again in the current texts; save what moved.

        Not an undoable change: it follows the texts, not the analyst. Annotations of
        articles no longer in the corpus are left as they are.
        """
        results = []
        for annotation in self.annotations():
            try:
                article = corpus.get(annotation.article_id)
            except LookupError:
                continue
            try:
                check_on_text(annotation.to_record(), article)
            except RecordError as error:
                raise self.corrupt("annotation", annotation.to_record(), error) from error
            results.append(reanchor(annotation, article))
        moved = [r.annotation for r in results if r.status != "unchanged"]
        if moved:
            with self.store.transaction() as db:
                table = db.table(ANNOTATIONS)
                for annotation in moved:
                    table.update(annotation.to_record(), doc_ids=[record_key(annotation.id)])
        return results

    # -- history -----------------------------------------------------------------------

    def undo(self) -> Record | None:
        """Undo the latest change; returns its history entry, or None if none is left."""
        return self._step(lambda done, undone: max(done, key=_seq, default=None), undo=True)

    def redo(self) -> Record | None:
        """Redo the change undone last; returns its entry, or None if none is left."""
        return self._step(lambda done, undone: min(undone, key=_seq, default=None), undo=False)

    def _step(
        self, pick: Callable[[list[Record], list[Record]], Record | None], undo: bool
    ) -> Record | None:
        with self.store.transaction() as db:
            history = db.table(HISTORY)
            entries = [dict(e) for e in history.all()]
            for record in entries:
                try:
                    check_history_entry(record)
                except RecordError as error:
                    raise self.corrupt("history entry", record, error) from error
            entry = pick([e for e in entries if not e["undone"]],
                         [e for e in entries if e["undone"]])
            if entry is None:
                return None
            changes = _changes_of(entry)
            if undo:  # backwards, each change reversed
                changes = [{"table": c["table"], "before": c["after"], "after": c["before"]}
                           for c in reversed(changes)]
            for change in changes:
                _apply(db, change["table"], change["before"], change["after"])
            history.update({"undone": undo}, doc_ids=[entry["seq"]])
        self.last_changes = changes
        return entry


def _changes_of(entry: Record) -> list[Record]:
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
        table.update(after, doc_ids=[doc_id])
    else:
        table.insert(Document(after, doc_id=doc_id))
