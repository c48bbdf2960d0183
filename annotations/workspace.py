"""The analyst's state for one corpus, and the one way to read and change it.

A ``Workspace`` owns the corpus, the store, the claims and notes, the links, the
entity clusters and the related-passages index. The command line, the tests and the
reader all go through it: every change is one undoable step of this session (a reader
window, one command), and every change, whoever made it, reaches the listeners as a
typed event (``annotations/events.py``). Another process's writes are found by
``refresh``, which the reader calls on a timer.

Loading the entities and the related index is slow (recognition, clustering): the
reader calls ``load_entities`` and ``build_related`` in a worker; their events are
published from that thread.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TypeVar

from syria_reader.annotations.article_meta import FIELDS as META_FIELDS
from syria_reader.annotations.article_meta import (
    ArticleMeta,
    check_value,
    load_article_meta,
    save_article_meta,
    with_article_meta,
)
from syria_reader.annotations.events import (
    AnnotationsChanged,
    ArticleMetaChanged,
    EntitiesReady,
    Event,
    LinksChanged,
    Origin,
    RelatedReady,
)
from syria_reader.annotations.linking import links as linking
from syria_reader.annotations.linking.links import Link
from syria_reader.annotations.store.anchoring import reanchor
from syria_reader.annotations.store.book import (
    AnnotationBook,
    Record,
    UnknownRecordError,
    changes_of,
)
from syria_reader.annotations.store.database import AnnotationStore
from syria_reader.annotations.store.location import Location, corpus_record, find_database
from syria_reader.annotations.store.model import Annotation, claim_key, new_annotation
from syria_reader.annotations.vocabulary import ANNOTATIONS, LINKS, passage_ref
from syria_reader.corpus import Article, Corpus, ids_for

if TYPE_CHECKING:
    from syria_reader.annotations.compare.stories import Comparison
    from syria_reader.annotations.entities.corrections import EntityCorrection
    from syria_reader.annotations.entities.index import EntityIndex
    from syria_reader.annotations.formats.importing import ImportReport
    from syria_reader.annotations.linking.related import RelatedIndex
    from syria_reader.annotations.linking.results import RelatedResult
    from syria_reader.corpus.model_name import ModelChoice

Listener = Callable[[Event], None]
Progress = Callable[[int, int], None]
T = TypeVar("T")
V = TypeVar("V")


class AmbiguousIdError(LookupError):
    """An id prefix that names no record, or several."""


class Workspace:
    """One corpus and its annotation database, for one session."""

    def __init__(
        self, corpus: Corpus, store: AnnotationStore, session: str | None = None,
    ) -> None:
        self.corpus = corpus
        self.store = store
        self.book = AnnotationBook(store, session)
        self.entities: EntityIndex | None = None
        self.related: RelatedIndex | None = None
        self.orphaned = 0  # annotations whose text could not be found at the last load
        self._annotations: dict[str, Annotation] = {}
        self._links: dict[str, Link] = {}
        self._article_meta: dict[str, ArticleMeta] = {}
        self._listeners: list[Listener] = []
        self._reloads_seen = -1  # the store's reloads from disk this state has taken in
        self.notices: list[str] = []  # what the user should know about the database
        # The spaCy pipeline to recognise with (--model, the config file; None: the
        # default), asked only when the entities load: a command that shows none never
        # reads the config file for it.
        self.model_choice: Callable[[], ModelChoice | None] = lambda: None

    @classmethod
    def open(cls, corpus: Corpus, db: Path | None = None, session: str | None = None,
             create: bool = True) -> Workspace:
        """The workspace on ``db``, or on the corpus's own database (found again under
        an earlier name, and moved, if need be: ``notices`` says so). ``create=False``:
        a command that only reads; a missing database is an empty one, never made."""
        return cls.at(corpus, find_database(corpus, db), session, create)

    @classmethod
    def at(cls, corpus: Corpus, location: Location, session: str | None = None,
           create: bool = True) -> Workspace:
        """The workspace on a database ``find_database`` found (the reader finds it
        first, to claim its session there); its notice, if any, in ``notices``."""
        workspace = cls(corpus, AnnotationStore(location.path, create), session)
        if location.notice:
            workspace.notices.append(location.notice)
        return workspace

    @property
    def session(self) -> str:
        return self.book.session

    # -- listening -------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` with every event from now on; returns the unsubscribe."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def _publish(self, event: Event) -> None:
        for listener in list(self._listeners):
            listener(event)

    # -- loading ---------------------------------------------------------------------

    def load(self) -> AnnotationsChanged:
        """Read the annotations (found again in changed texts, and saved where they
        moved) and the links; the event lists every annotation as added."""
        # Annotations of articles no longer in the corpus go with their text to its new
        # id, or come back as they are: either way the analyst is told.
        found = [anchoring.annotation for anchoring in self.book.reanchor_all(self.corpus)]
        self.notices.extend(_rehomed_notices(found, self.book.rehomed, self.corpus))
        self.orphaned = sum(1 for a in found if a.orphaned)
        self._annotations = {a.id: a for a in found}
        self._links = {link.id: link for link in linking.all_links(self.book, True)}
        self._article_meta = load_article_meta(self.store)
        # Only once every record was read and checked: a corrupt file is never written.
        self.store.remember_corpus(corpus_record(self.corpus))
        self._reloads_seen = self.store.reloads
        event = AnnotationsChanged((), tuple(found), "load")
        self._publish(event)
        self._publish(LinksChanged((), tuple(self._links.values()), "load"))
        if self._article_meta:
            self._publish(ArticleMetaChanged(frozenset(self._article_meta), "load"))
        return event

    def load_entities(
        self, on_progress: Progress | None = None, cancelled: Callable[[], bool] | None = None,
    ) -> EntityIndex:
        """Recognise (or read from the cache), correct and cluster the entities."""
        from syria_reader.annotations.entities.index import build_entity_index

        self.entities = build_entity_index(self.corpus, self.store, on_progress=on_progress,
                                           cancelled=cancelled, model=self.model_choice())
        self._publish(EntitiesReady(self.entities))
        return self.entities

    def build_related(self) -> RelatedIndex:
        """The related-passages index (cached per corpus), with the current claims."""
        from syria_reader.annotations.linking.related import RelatedIndex

        self.related = RelatedIndex.build(self.corpus, self.entities, self.claims())
        self._relearn()
        self._publish(RelatedReady(self.related))
        return self.related

    def refresh(self) -> bool:
        """Take in what another process wrote to the database since; True if anything.

        Cheap when nothing changed (one ``stat``): the reader calls it on a timer.
        """
        if not self.store.changed_on_disk() and self.store.reloads == self._reloads_seen:
            return False  # (a write of ours may have read another's first: reloads)
        return self.reload("elsewhere")

    def reload(self, origin: Origin) -> bool:
        """Read the annotations and links again and publish what differs."""
        fresh = {}
        for annotation in self.book.annotations():
            known = self._annotations.get(annotation.id)
            if known is not None and known.modified == annotation.modified and (
                    known.article_sha256 == annotation.article_sha256):
                fresh[annotation.id] = known  # as found again here: no need to redo it
            else:
                fresh[annotation.id] = self._found_again(annotation)
        links = {link.id: link for link in linking.all_links(self.book, True)}
        self._reloads_seen = self.store.reloads
        changed = self._replace_annotations(fresh, origin)
        changed |= self._replace_links(links, origin)
        changed |= self._replace_article_meta(load_article_meta(self.store), origin)
        return changed

    def _replace_article_meta(self, fresh: dict[str, ArticleMeta], origin: Origin) -> bool:
        changed = frozenset(key for key in {*fresh, *self._article_meta}
                            if fresh.get(key) != self._article_meta.get(key))
        self._article_meta = fresh
        if changed:
            self._publish(ArticleMetaChanged(changed, origin))
        return bool(changed)

    def _found_again(self, annotation: Annotation) -> Annotation:
        article = self.corpus.find(annotation.article_id)
        return annotation if article is None else reanchor(annotation, article).annotation

    def _replace_annotations(self, fresh: dict[str, Annotation], origin: Origin) -> bool:
        removed, added = _differences(self._annotations, fresh)
        self._annotations = fresh
        if removed or added:
            self._follow_in_related(removed, added)
            self._publish(AnnotationsChanged(removed, added, origin))
        return bool(removed or added)

    def _replace_links(self, fresh: dict[str, Link], origin: Origin) -> bool:
        removed, added = _differences(self._links, fresh)
        self._links = fresh
        if removed or added:
            self._relearn()
            self._publish(LinksChanged(removed, added, origin))
        return bool(removed or added)

    def _relearn(self) -> None:
        """Re-weight the related ranking from the links and rejections made so far."""
        if self.related is None:
            return
        from syria_reader.annotations.linking import learning

        made = learning.decisions(self._links.values(), self._annotations)
        learning.relearn(self.related, made,
                         learning.corpus_key(a.id for a in self.corpus.articles))

    def _follow_in_related(self, removed: Iterable[Annotation],
                           added: Iterable[Annotation]) -> None:
        if self.related is None:
            return
        for annotation in removed:
            self.related.remove_claim(annotation.id)
        for annotation in added:
            self.related.add_claim(annotation)

    # -- reading ---------------------------------------------------------------------

    def annotations(self, article_id: str | None = None) -> list[Annotation]:
        """Claims and notes, orphaned ones included, by article and place."""
        found = (a for a in self._annotations.values()
                 if article_id is None or a.article_id == article_id)
        return sorted(found, key=lambda a: (a.article_id, a.start, a.end, a.created, a.id))

    def claims(self) -> list[Annotation]:
        return [a for a in self.annotations() if a.kind == "claim"]

    def annotation(self, key: str) -> Annotation:
        """The annotation whose id is ``key`` or uniquely starts with it."""
        return self._unique(key, self._annotations, "annotation")

    def links(self, include_rejected: bool = False) -> list[Link]:
        return _by_creation(link for link in self._links.values()
                            if include_rejected or not link.rejected)

    def link_by_id(self, key: str) -> Link:
        """The link whose id is ``key`` or uniquely starts with it."""
        return self._unique(key, self._links, "link")

    def links_of(self, annotation: Annotation) -> list[Link]:
        """The confirmed links with ``annotation`` (or the passage it spans) at an end."""
        ends = self._names_of(annotation)
        # Filtered, then sorted: the reader asks on every cursor move onto a claim.
        return _by_creation(link for link in self._links.values()
                            if not link.rejected and {link.source, link.target} & ends)

    def link_between(self, one: str | Annotation, other: str | Annotation,
                     include_rejected: bool = True, relation: str | None = None,
                     ) -> Link | None:
        """The link (or rejection) between two ends, either way round, with
        ``relation`` if given: a claim and the passage it spans count as one end.
        Whichever way it points: ``link`` tells a directed relation's reversal apart."""
        first, second = self._names_of(one), self._names_of(other)
        for link in self.links(include_rejected):
            ends = {link.source, link.target}
            if ends & first and ends & second and relation in (None, link.relation):
                return link
        return None

    def _names_of(self, end: str | Annotation) -> set[str]:
        if isinstance(end, str) and end in self._annotations:
            end = self._annotations[end]
        if isinstance(end, Annotation):
            return {end.id, passage_ref(end.article_id, end.start, end.end)}
        passage = linking.parse_passage(end)
        names = {end}
        if passage is not None:
            names |= {a.id for a in self.annotations(passage.article_id)
                      if (a.start, a.end) == (passage.start, passage.end)}
        return names

    def linked_ids(self) -> frozenset[str]:
        """Every annotation id and passage ref at an end of a confirmed link."""
        return frozenset(linking.linked_refs(self.links()))

    @staticmethod
    def _unique(key: str, records: dict[str, T], kind: str) -> T:
        matches = ids_for(key, records)
        if len(matches) == 1:
            return records[matches[0]]
        if not matches:
            raise UnknownRecordError(f"no {kind} {key}")
        raise AmbiguousIdError(f"'{key}' starts {len(matches)} {kind} ids; give more of it")

    # -- changes (each one undoable step of this session) ------------------------------

    def tag(self, article: Article, start: int, end: int, label: str,
            note: str = "") -> tuple[Annotation, bool]:
        """The claim on ``[start, end)`` with ``label``: the same span, label and author
        already tagged is that claim (a repeated command makes no second one). Returns
        it and whether it is new."""
        claim = new_annotation(article, start, end, label=label, note=note)
        key = claim_key(claim)
        for existing in self.annotations(article.id):
            if claim_key(existing) == key:
                return existing, False
        self._write(lambda: self.book.add(claim))
        return claim, True

    def relabel(self, annotation: Annotation, label: str) -> Annotation:
        return self._write(lambda: self.book.edit(annotation.id, label=label, kind="claim"))

    def set_note(self, annotation: Annotation, note: str) -> Annotation:
        return self._write(lambda: self.book.edit(annotation.id, note=note))

    def add_note(self, article: Article, start: int, end: int, note: str) -> Annotation:
        passage = new_annotation(article, start, end, kind="note", note=note)
        self._write(lambda: self.book.add(passage))
        return passage

    def accept_text(self, annotation: Annotation) -> Annotation:
        """A ``changed`` claim takes the text it is now on as its own."""
        return self._write(lambda: self.book.edit(annotation.id, anchor="exact",
                                                  original_quote=""))

    def detach(self, annotation: Annotation) -> Annotation:
        """A ``changed`` claim keeps the text it was tagged on and leaves the new one:
        it is listed as orphaned, with its original quote."""
        return self._write(lambda: self.book.edit(
            annotation.id, anchor="orphaned", orphaned=True, original_quote="",
            quote=annotation.original_quote or annotation.quote))

    def delete(self, annotation: Annotation) -> Annotation:
        """Delete a claim or note and the links to it, as one step."""
        self._write(lambda: self.book.delete(annotation.id))
        return annotation

    def link(self, source: str | Annotation, target: str | Annotation, relation: str,
             score: float | None = None) -> tuple[Link, bool]:
        """Confirm a link (a passage end becomes a claim first), as one undoable step.
        Two ends have one link: the same link again (the same relation, either way
        round if it is ``same`` or ``contradicts``, the same way round if it has a
        direction) is that link, and nothing is written (False); a link or rejection
        between them with another relation, or the other direction, is changed to
        ``relation`` from ``source`` to ``target`` (True; undo takes it back to the old
        relation and direction), never doubled."""
        existing = self.link_between(source, target, include_rejected=False,
                                     relation=relation)
        if existing is not None and linking.as_asked(existing, relation,
                                                     self._names_of(source)):
            return existing, False
        made = self._write(lambda: linking.accept(self.book, self.corpus, source, target,
                                                  relation, score))
        return made, True

    def reject(self, source: str | Annotation, target: str | Annotation,
               score: float | None = None) -> Link:
        """Never suggest ``target`` for ``source`` again (undoable); a link between the
        two becomes the rejection, and a rejection already made is kept as it is."""
        return self._write(lambda: linking.reject(self.book, source, target, score))

    def unlink(self, link: Link) -> Link:
        self._write(lambda: self.book.delete_link(link.id))
        return link

    def undo(self) -> Record | None:
        """Take back this session's latest change (None: it has none)."""
        return self._write(self.book.undo, "undo")

    def redo(self) -> Record | None:
        return self._write(self.book.redo, "redo")

    def describe(self, entry: Record) -> str:
        """A history entry as the undo and redo toasts name it, with the first words of
        its passage: "link same “The US has about 2,000 troops…”", "relink same →
        contradicts “…”", "figure “…”". A change with no text is named without
        quotation marks, never with an empty “”."""
        changes = changes_of(entry)
        last = changes[-1] if changes else {"table": "", "before": None, "after": None}
        before, after = last["before"], last["after"]
        record = after or before or {}
        if last["table"] == LINKS:
            # A link, or the link and the claims made for it (the link comes last).
            link = Link.from_record(record)
            what = _link_change(before, after)
            quote = (self._quote_of(link.target, changes)
                     or self._quote_of(link.source, changes))
        else:
            what = str(record.get("label") or record.get("kind") or "change")
            quote = str(record.get("quote") or "")
        words = _first_words(quote)
        return f"{what} “{words}”" if words else what

    def _quote_of(self, ref: str, changes: list[Record]) -> str:
        """The text a link end names: a claim as the entry wrote it (an undo has just
        removed it from the state), as it is now, or a passage's text."""
        for change in changes:
            record = change["after"] or change["before"]
            if change["table"] == ANNOTATIONS and record and record.get("id") == ref:
                return str(record.get("quote") or "")
        if ref in self._annotations:
            return self._annotations[ref].quote
        passage = linking.parse_passage(ref)
        article = self.corpus.find(passage.article_id) if passage else None
        if passage is None or article is None:
            return ""  # an entity cluster, or an article no longer in the corpus
        return article.text[passage.start : passage.end]

    def _write(self, change: Callable[[], T], origin: Origin = "here") -> T:
        """Run a change on the book, then follow every step it wrote (accepting a link
        for a passage adds a claim, then the link), even if a later step failed."""
        try:
            return change()
        finally:
            self._follow(self.book.take_journal(), origin)

    def _follow(self, changes: list[Record], origin: Origin) -> None:
        """Bring the state in memory to what the changes wrote, and publish them."""
        annotations = dict(self._annotations)
        links = dict(self._links)
        for change in changes:
            before, after = change["before"], change["after"]
            key = str((after or before)["id"])
            if change["table"] == ANNOTATIONS:
                if after is None:
                    annotations.pop(key, None)
                else:
                    annotations[key] = self._found_again(Annotation.from_record(after))
            elif change["table"] == LINKS:
                if after is None:
                    links.pop(key, None)
                else:
                    links[key] = Link.from_record(after)
        self._replace_annotations(annotations, origin)
        self._replace_links(links, origin)

    # -- related passages -------------------------------------------------------------

    def related_to(self, article: Article, start: int, end: int,
                   existing: Annotation | None = None, limit: int = 8,
                   in_article: str | None = None,
                   other_articles_only: bool = True) -> list[RelatedResult]:
        """The passages most related to ``[start, end)`` (or to the claim ``existing``),
        best first: of the other articles (or all), or of ``in_article``; rejected
        suggestions are left out."""
        if self.related is None:
            self.build_related()
        assert self.related is not None
        source: str | Annotation = existing or passage_ref(article.id, start, end)
        # From the links in memory: an `l` press reads nothing from the disk.
        rejected = linking.rejected_among(self._links.values(), source, self._names_of)
        own = article.id if other_articles_only and not in_article else None
        return self.related.query_span(article.id, start, end, exclude_article=own,
                                       limit=limit, in_article=in_article,
                                       exclude_refs=rejected)

    # -- article metadata ------------------------------------------------------------------

    def article(self, article_id: str) -> Article:
        """The article with the analyst's title, source and date over its own."""
        article = self.corpus.get(article_id)
        meta = self._article_meta.get(article.id)
        return meta.applied(article) if meta else article

    def articles(self) -> list[Article]:
        """Every article as ``article`` gives it, in the corpus's order."""
        return with_article_meta(self.corpus, self._article_meta).articles

    def article_meta(self, article_id: str) -> ArticleMeta | None:
        """What the analyst set for the article, if anything."""
        return self._article_meta.get(article_id)

    def set_article_meta(self, article_id: str, **values: str | None) -> ArticleMeta | None:
        """Set the named fields (``title``, ``source``, ``date``; "" or None unsets one),
        keeping the others; ``ValueError`` with one line if a value cannot be one. Returns
        what is kept (None: nothing, the article's own values stand)."""
        unknown = set(values) - set(META_FIELDS)
        if unknown:
            raise ValueError(f"no article field {sorted(unknown)[0]!r}; one of "
                             f"{', '.join(META_FIELDS)}")
        article = self.corpus.get(article_id)
        checked = {name: check_value(name, value) for name, value in values.items()}
        save_article_meta(self.store, article.id, checked)
        self._replace_article_meta(load_article_meta(self.store), "here")
        return self._article_meta.get(article.id)

    # -- comparing the reports ------------------------------------------------------------

    def compare(self) -> Comparison:
        """The stories the confirmed links make of the claims, their discrepancies and
        silences, over the articles in date order (``annotations/compare``)."""
        from syria_reader.annotations.compare.stories import compare

        return compare(self.articles(), self.annotations(), self.links())

    # -- corrections, exports and imports ------------------------------------------------

    def corrections(self) -> list[EntityCorrection]:
        from syria_reader.annotations.entities.corrections import load_corrections

        return load_corrections(self.store)

    def add_correction(self, correction: EntityCorrection) -> None:
        """Save an entity correction; it applies from the next ``load_entities``."""
        from syria_reader.annotations.entities.corrections import save_correction

        save_correction(self.store, correction)

    def delete_correction(self, correction_id: str) -> bool:
        from syria_reader.annotations.entities.corrections import delete_correction

        return delete_correction(self.store, correction_id)

    def export(self, format: str, path: Path | str | None = None,
               on_progress: Progress | None = None,
               on_replaced: Callable[[list[str]], None] | None = None,
               raw_csv: bool = False) -> Path:
        """Write the annotation set in ``format`` (with the entities, if loaded, for the
        formats that carry them); returns the path written. ``raw_csv``: CSV cells as
        written, not defused for spreadsheets."""
        from syria_reader.annotations.formats.export import export

        return export(format, self.store, self.corpus, path, entities=self.entities,
                      on_progress=on_progress, on_replaced=on_replaced, raw_csv=raw_csv)

    def export_to_stream(self, format: str, stream: BinaryIO,
                         on_progress: Progress | None = None, raw_csv: bool = False) -> None:
        """Write a single-file format's export to ``stream`` (standard output)."""
        from syria_reader.annotations.formats.export import export_to_stream

        export_to_stream(format, self.store, self.corpus, stream, entities=self.entities,
                         on_progress=on_progress, raw_csv=raw_csv)

    def import_file(self, path: Path | str) -> ImportReport:
        """Merge an export into the database; what it changed is published."""
        from syria_reader.annotations.formats.importing import import_file

        report = import_file(path, self.store, self.corpus)
        self.reload("here")
        return report


def _differences(old: dict[str, V], fresh: dict[str, V]) -> tuple[tuple[V, ...], tuple[V, ...]]:
    """What went (the old versions) and what came (the new ones); an edit is in both."""
    return (tuple(value for key, value in old.items() if fresh.get(key) != value),
            tuple(value for key, value in fresh.items() if old.get(key) != value))


def _link_change(before: Record | None, after: Record | None) -> str:
    """The link change named: link same, relink same → contradicts, unlink same."""
    def name(record: Record) -> str:
        return str(record.get("relation") or "") or "rejected"

    if before is not None and after is not None:
        if name(before) == name(after):  # the same relation the other way round
            return f"turn round {name(after)}"
        return f"relink {name(before)} → {name(after)}"
    record = after or before or {}
    if record.get("origin") == "rejected":
        return "rejection" if after is not None else "rejection taken back"
    return f"{'link' if after is not None else 'unlink'} {name(record)}"


def _first_words(text: str, limit: int = 40) -> str:
    """The start of ``text`` on one line, "…" where it was cut."""
    words = " ".join(text.split())
    return words if len(words) <= limit else words[:limit].rstrip() + "…"


def _by_creation(links: Iterable[Link]) -> list[Link]:
    return sorted(links, key=lambda link: (link.created, link.id))


def _rehomed_notices(found: list[Annotation], rehomed: dict[str, str],
                     corpus: Corpus) -> list[str]:
    """What the load did with annotations of article ids the corpus no longer has (a
    read-only database moves none: they are counted as on no article here)."""
    notices = [f"the annotations of '{old}', no longer an article id here, went with its "
               f"text to '{new}' (the file renamed, or another file took its name)"
               for old, new in sorted(rehomed.items())]
    missing: dict[str, int] = {}
    for annotation in found:
        if corpus.find(annotation.article_id) is None:
            missing[annotation.article_id] = missing.get(annotation.article_id, 0) + 1
    if missing:
        count = sum(missing.values())
        names = ", ".join(f"'{name}'" for name in sorted(missing)[:5])
        more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        what = "1 claim or note is" if count == 1 else f"{count} claims or notes are"
        notices.append(f"{what} on articles not in this corpus ({names}{more}): kept as "
                       "they are; `claims` lists them")
    return notices
