"""Links between claims, passages and entities; rejected suggestions.

A link record lives in the TinyDB table ``links`` (see ``AnnotationBook.add_link``), so
the same transaction, undo and redo cover it as cover claims.

What a link's ``source`` and ``target`` name (a *ref*):

- an annotation id (a uuid4): a claim, note or entity annotation;
- an entity cluster id (``ent-...``);
- a passage ``passage:ARTICLE:START-END``: a sentence (or any span) that is no claim.

Confirmed links join annotations or clusters: accepting a suggestion for a plain
sentence first makes it a claim (``accept`` does it; the reader may do the same with
``new_annotation`` + ``book.add`` then ``book.add_link``), so a link always shows on
both sides and follows its claims when a text changes. Passage refs appear in records
of ``origin == "rejected"``: a suggestion the analyst turned down, kept so that it is
never suggested again, without making a claim of a sentence nobody wanted.

Two ends have one record at most: linking them with another relation, or rejecting a
linked pair, changes the record they have (``relink``) rather than adding a second,
contradictory one. ``same`` and ``contradicts`` read the same either way round;
``supports`` and ``updates`` have a direction (source supports / updates target), so
the same relation asked the other way round reverses the link: a change, not a repeat.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from syria_reader.annotations.store.book import AnnotationBook, UnknownRecordError
from syria_reader.annotations.store.model import Annotation, new_annotation, now
from syria_reader.annotations.store.records import RecordError
from syria_reader.annotations.vocabulary import (
    ANNOTATIONS,
    CLUSTER,
    LINKS,
    ORIGINS,
    PASSAGE,
    RELATIONS,
    passage_ref,
)
from syria_reader.corpus import Corpus

_SPAN = re.compile(r"^(\d+)-(\d+)$")

# The relations that read the same either way round; the others have a direction.
SYMMETRIC = frozenset({"same", "contradicts"})


def directed(relation: str) -> bool:
    """Whether ``relation`` has a direction (a rejection, ``""``, has none)."""
    return relation in RELATIONS and relation not in SYMMETRIC


def as_asked(link: Link, relation: str, source_names: set[str]) -> bool:
    """Whether ``link`` already is ``relation`` from the end ``source_names`` names (every
    ref of it, ``refs_of``): a symmetric relation is the same link either way round."""
    return (not link.rejected and link.relation == relation
            and (not directed(relation) or link.source in source_names))


@dataclass(frozen=True)
class PassageRef:
    article_id: str
    start: int
    end: int

    def __str__(self) -> str:
        return passage_ref(self.article_id, self.start, self.end)


def parse_passage(ref: str) -> PassageRef | None:
    """The article and span of a passage ref, or None if ``ref`` is none.

    The span is read from the last colon, so an article id may itself hold colons.
    """
    if not ref.startswith(PASSAGE):
        return None
    article_id, _, span = ref[len(PASSAGE) :].rpartition(":")
    match = _SPAN.match(span)
    if not article_id or match is None:
        return None
    start, end = int(match.group(1)), int(match.group(2))
    return PassageRef(article_id, start, end) if start < end else None


def ref_kind(ref: str) -> str:
    """``passage``, ``entity`` (a cluster) or ``annotation``."""
    if ref.startswith(PASSAGE):
        return "passage"
    return "entity" if ref.startswith(CLUSTER) else "annotation"


@dataclass(frozen=True)
class Link:
    """One link (or one rejected suggestion) between two refs."""

    source: str
    target: str
    relation: str = "same"
    score: float | None = None
    origin: str = "confirmed"
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    created: str = field(default_factory=now)

    def __post_init__(self) -> None:
        if self.origin not in ORIGINS:
            raise ValueError(f"unknown link origin '{self.origin}'; one of {', '.join(ORIGINS)}")
        # A rejection asserts no relation; anything else must name one.
        if self.relation not in RELATIONS and not (self.origin == "rejected" and
                                                    not self.relation):
            raise ValueError(
                f"unknown relation '{self.relation}'; one of {', '.join(RELATIONS)}"
            )
        if self.source == self.target:
            raise ValueError("a link needs two different ends")

    @property
    def rejected(self) -> bool:
        return self.origin == "rejected"

    def other(self, ref: str) -> str:
        """The end of the link that is not ``ref``."""
        return self.target if ref == self.source else self.source

    def to_record(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Link:
        names = cls.__dataclass_fields__
        return cls(**{k: v for k, v in record.items() if k in names})


def new_link(
    source: str | Annotation, target: str | Annotation, relation: str = "same",
    score: float | None = None, origin: str = "confirmed",
) -> Link:
    """A new link; annotations are named by their id."""
    return Link(_ref(source), _ref(target), relation, score, origin)


def _ref(end: str | Annotation) -> str:
    return end.id if isinstance(end, Annotation) else end


def refs_of(end: str | Annotation, book: AnnotationBook | None = None) -> set[str]:
    """Every ref that names ``end``: an annotation is also the passage it spans, and
    (with ``book``) a passage is also each annotation on exactly that span."""
    if isinstance(end, Annotation):
        return {end.id, passage_ref(end.article_id, end.start, end.end)}
    names = {end}
    passage = parse_passage(end)
    if book is not None and passage is not None:
        names |= {a.id for a in book.annotations(passage.article_id)
                  if (a.start, a.end) == (passage.start, passage.end)}
    elif book is not None and ref_kind(end) == "annotation":
        # A link may outlive its annotation: it is still named by the id.
        with suppress(LookupError):
            names |= refs_of(book.annotation(end))
    return names


def all_links(book: AnnotationBook, include_rejected: bool = False) -> list[Link]:
    links = []
    for record in book.links():
        try:
            links.append(Link.from_record(record))
        except ValueError as error:  # an unknown relation or origin, both ends the same
            raise book.corrupt("link", record, RecordError(str(error))) from error
    kept = [link for link in links if include_rejected or not link.rejected]
    return sorted(kept, key=lambda link: (link.created, link.id))


def links_of(
    book: AnnotationBook, end: str | Annotation, include_rejected: bool = False
) -> list[Link]:
    """The links with ``end`` (an annotation, its id, a passage or a cluster) at either end."""
    names = refs_of(end, book)
    return [
        link for link in all_links(book, include_rejected)
        if link.source in names or link.target in names
    ]


def rejected_refs(book: AnnotationBook, end: str | Annotation) -> set[str]:
    """The refs never to suggest again for ``end``, read from ``book``."""
    return rejected_among(all_links(book, include_rejected=True), end,
                          lambda one: refs_of(one, book))


def rejected_among(links: Iterable[Link], end: str | Annotation,
                   names_of: Callable[[str | Annotation], set[str]]) -> set[str]:
    """The refs never to suggest again for ``end``, among ``links``: a claim and the
    passage it spans count as one on either side (``names_of`` gives every ref of an
    end), so a sentence rejected as a passage stays rejected once it becomes a claim,
    and a rejected claim's sentence is not offered instead."""
    names = names_of(end)
    found: set[str] = set()
    for link in links:
        if link.rejected and (link.source in names or link.target in names):
            found |= names_of(link.other(link.source if link.source in names
                                         else link.target))
    return found


def between(book: AnnotationBook, one: str | Annotation, other: str | Annotation,
            ) -> list[Link]:
    """The links and rejections between two ends, either way round (a claim and the
    passage it spans count as one end), confirmed links first."""
    first, second = refs_of(one, book), refs_of(other, book)
    found = [link for link in all_links(book, include_rejected=True)
             if {link.source, link.target} & first and {link.source, link.target} & second]
    return sorted(found, key=lambda link: link.rejected)  # stable: by creation within


def relink(book: AnnotationBook, link: Link, relation: str, score: float | None = None,
           origin: str = "confirmed", reverse: bool = False) -> Link:
    """Change the relation (and origin) of a stored link, and with ``reverse`` swap its
    source and target: one undoable change, which undo takes back to the relation and
    direction it had."""
    changed = replace(link, relation=relation, origin=origin,
                      score=link.score if score is None else score)
    if reverse:
        changed = replace(changed, source=link.target, target=link.source)
    stored = next((r for r in book.links() if r.get("id") == link.id), None)
    if stored is None:
        raise UnknownRecordError(f"no link {link.id}")
    # The stored record, not ``link.to_record()``: fields an import kept are kept.
    after = {**stored, **{k: v for k, v in changed.to_record().items()
                          if k in ("relation", "origin", "score", "source", "target")},
             "modified": now()}  # when it last changed: an import's newer-wins reads it
    book.change_all([(LINKS, stored, after)])
    return changed


def _reversed(link: Link, relation: str, source_names: set[str]) -> bool:
    """Whether ``link`` must be turned round to be ``relation`` from ``source_names``."""
    return directed(relation) and link.source not in source_names


def reject(
    book: AnnotationBook, source: str | Annotation, target: str | Annotation,
    score: float | None = None,
) -> Link:
    """Record that ``target`` is no counterpart of ``source`` (undoable, like any link).
    Rejecting twice is the one rejection; a link between the two becomes the rejection."""
    existing = between(book, source, target)
    if existing and existing[-1].rejected:
        return existing[-1]
    if existing:
        return relink(book, existing[0], "", score, origin="rejected")
    link = new_link(source, target, relation="", score=score, origin="rejected")
    book.add_link(link.to_record())
    return link


def _claim_or_new(
    book: AnnotationBook, corpus: Corpus, end: str | Annotation, label: str = ""
) -> tuple[str, Annotation | None]:
    """The ref to link ``end`` by, and the claim to make for it (None: none needed)."""
    if isinstance(end, Annotation):
        return end.id, None
    passage = parse_passage(end)
    if passage is None:
        return end, None
    article = corpus.get(passage.article_id)
    for existing in book.annotations(article.id):
        if existing.kind == "claim" and (existing.start, existing.end) == (
                passage.start, passage.end):
            return existing.id, None
    claim = new_annotation(article, passage.start, passage.end, label=label)
    return claim.id, claim


def claim_for(
    book: AnnotationBook, corpus: Corpus, end: str | Annotation, label: str = ""
) -> str:
    """The ref to link: a passage becomes a new claim (added to the book) first."""
    ref, claim = _claim_or_new(book, corpus, end, label)
    if claim is not None:
        book.add(claim)
    return ref


def accept(
    book: AnnotationBook, corpus: Corpus, source: str | Annotation,
    target: str | Annotation, relation: str, score: float | None = None,
) -> Link:
    """Confirm a suggestion: passages become claims, and the link is added, all as one
    change in the book's history (one undo takes back the link and the claims made for
    it). Two ends already linked keep their one link: the same relation again (the
    same way round, if it has a direction) is that link, unchanged; another relation,
    the other direction or a rejection is changed to this one, source to target."""
    if relation not in RELATIONS:
        raise ValueError(f"unknown relation '{relation}'; one of {', '.join(RELATIONS)}")
    existing = between(book, source, target)
    source_names = refs_of(source, book)
    same = next((link for link in existing if as_asked(link, relation, source_names)), None)
    if same is not None:
        return same
    if existing:
        return relink(book, existing[0], relation, score,
                      reverse=_reversed(existing[0], relation, source_names))
    (source_ref, source_claim), (target_ref, target_claim) = (
        _claim_or_new(book, corpus, source), _claim_or_new(book, corpus, target))
    link = new_link(source_ref, target_ref, relation, score, "confirmed")
    made = [claim for claim in (source_claim, target_claim) if claim is not None]
    book.change_all([(ANNOTATIONS, None, claim.to_record()) for claim in made]
                    + [(LINKS, None, link.to_record())])
    return link


def linked_refs(links: Iterable[Link]) -> set[str]:
    """Every ref at an end of ``links``: what the reader marks as linked."""
    return {ref for link in links for ref in (link.source, link.target)}
