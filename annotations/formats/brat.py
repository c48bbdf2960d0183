"""brat standoff: a folder with ``ID.txt`` and ``ID.ann`` per article, and the configs.

- ``ID.txt`` is the article text exactly (UTF-8); offsets count code points, as brat's
  do (brat is Python too).
- ``T`` lines: entity mentions (when an entity index is given) typed PERSON, ORG, ...;
  claims typed by their label; notes typed ``Note``. A span across line breaks becomes
  fragments ``START END;START END`` without the breaks (an .ann line cannot hold one),
  its text the fragments joined by a space, as brat writes them.
- ``R`` lines: links between two claims of one article.
- ``#`` AnnotatorNotes: one per T line, holding the claim's note and its links to
  claims in other articles. brat relations live within one document, so a cross-article
  link cannot be an R line; it is written on both ends as ``contradicts → ARTICLE T7
  “quote”`` (``←`` on the target's end), so nothing is lost and brat shows it. Entity
  mentions get their cluster's name and id there, the cross-article entity.
- Annotations whose text is gone (orphaned, or their article left the corpus) have no
  span to mark and are left out; ``annotation.conf`` says how many.
- ``annotation.conf`` names the entity types, labels and relations; ``visual.conf``
  gives the labels the reader's colours.
- ``SHA256SUMS`` holds each ``.txt`` file's sha256 (the article text's, which the
  offsets count in), in the form ``sha256sum -c`` checks.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from syria_reader.annotations.formats.common import RELATIONS, ExportData, Progress
from syria_reader.annotations.labels import load_labels
from syria_reader.annotations.store.model import Annotation
from syria_reader.corpus import Article
from syria_reader.corpus.entities import ENTITY_TYPES, Mention
from syria_reader.corpus.file_names import name_text

# Every character str.splitlines() breaks at: none may appear in an .ann line.
_LINE_BREAKS = re.compile("[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]+")
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")
ENTITY, CLAIM, NOTE = "Entity", "Claim", "Note"
SHA256SUMS = "SHA256SUMS"
Fragment = tuple[int, int]


@dataclass
class Span:
    """One T line to be: what it marks and where."""

    type: str
    start: int
    end: int
    annotation: Annotation | None = None
    mention: Mention | None = None
    tid: str = ""
    notes: list[str] = field(default_factory=list)


def fragments(text: str, start: int, end: int) -> list[Fragment]:
    """``[start, end)`` without its line breaks, as brat's discontinuous fragments."""
    pieces, position = [], start
    for match in _LINE_BREAKS.finditer(text, start, end):
        if match.start() > position:
            pieces.append((position, match.start()))
        position = match.end()
    if position < end:
        pieces.append((position, end))
    return pieces


def one_line(text: str) -> str:
    """A note as one .ann line: breaks and tabs (the field separator) become spaces."""
    return _LINE_BREAKS.sub(" ", text).replace("\t", " ").strip()


class TypeNames:
    """brat type names (letters, digits, - and _) for entity types and claim labels."""

    def __init__(self, entity_types: list[str]) -> None:
        self.entity_types = entity_types
        self._labels: dict[str, str] = {}
        self._taken = {*entity_types, ENTITY, CLAIM, NOTE}

    def label(self, label: str) -> str:
        if label not in self._labels:
            name = _UNSAFE.sub("_", label).strip("_") or CLAIM
            if name[0].isdigit():
                name = f"L_{name}"
            base, number = name, 1
            while name in self._taken:  # "ORG" as a label must not merge with ORG mentions
                number += 1
                name = f"{base}_claim" if number == 2 else f"{base}_claim{number}"
            self._taken.add(name)
            self._labels[label] = name
        return self._labels[label]

    @property
    def labels(self) -> dict[str, str]:
        return dict(self._labels)

    def of(self, annotation: Annotation) -> str:
        if annotation.kind == "note":
            return NOTE
        if annotation.kind == "entity":
            return annotation.label if annotation.label in self.entity_types else ENTITY
        return self.label(annotation.label) if annotation.label else CLAIM


def _entity_types(data: ExportData) -> list[str]:
    seen = {m.type for c in (data.entities.clusters if data.entities else [])
            for m in c.mentions}
    return [*ENTITY_TYPES, *sorted(seen - set(ENTITY_TYPES))]


@dataclass
class Plan:
    """Every article's spans numbered, so links can name T ids in other documents."""

    spans: dict[str, list[Span]]
    by_annotation: dict[str, tuple[str, Span]]
    relations: dict[str, list[tuple[str, Span, Span]]]
    names: TypeNames
    orphaned: int


def plan(data: ExportData, progress: Progress) -> Plan:
    names = TypeNames(_entity_types(data))
    for label in load_labels(data.corpus.root):  # the corpus's labels first, in order
        names.label(label.name)
    spans: dict[str, list[Span]] = defaultdict(list)
    by_annotation: dict[str, tuple[str, Span]] = {}
    orphaned = 0
    for annotation in data.annotations:
        placed = data.placed(annotation)
        progress.advance()
        if placed is None:
            orphaned += 1
            continue
        span = Span(names.of(placed), placed.start, placed.end, annotation=placed)
        spans[placed.article_id].append(span)
        by_annotation[placed.id] = (placed.article_id, span)
        if placed.note:
            span.notes.append(one_line(placed.note))
        if placed.anchor == "changed":
            span.notes.append(f"anchor: changed; tagged as “{one_line(placed.original_quote)}”")
    if data.entities is not None:
        for article in data.corpus.articles:
            for mention in data.entities.mentions(article.id):
                span = Span(mention.type, mention.start, mention.end, mention=mention)
                cluster = data.entities.cluster_of(mention)
                if cluster is not None:
                    span.notes.append(f"entity: {one_line(cluster.name)} [{cluster.id}]")
                spans[article.id].append(span)
    for article_id, found in spans.items():
        text = data.article(article_id).text  # type: ignore[union-attr]
        kept = [s for s in found if fragments(text, s.start, s.end)]  # not only breaks
        kept.sort(key=lambda s: (s.start, s.end, s.type))
        for number, span in enumerate(kept, start=1):
            span.tid = f"T{number}"
        spans[article_id] = kept
    return Plan(dict(spans), by_annotation, _relations(data, by_annotation, progress),
                names, orphaned)


def _relations(
    data: ExportData, by_annotation: dict[str, tuple[str, Span]], progress: Progress
) -> dict[str, list[tuple[str, Span, Span]]]:
    """R lines per article; cross-article links go into both ends' notes instead."""
    relations: dict[str, list[tuple[str, Span, Span]]] = defaultdict(list)
    for link in data.links:
        progress.advance()
        if link.get("origin") == "rejected":
            continue  # a suggestion turned down: no relation to show
        relation = _UNSAFE.sub("_", str(link.get("relation", "")))
        source = by_annotation.get(str(link.get("source")))
        target = by_annotation.get(str(link.get("target")))
        if source is None or target is None:
            _note_entity_link(data, relation, source, str(link.get("target")))
            _note_entity_link(data, relation, target, str(link.get("source")), incoming=True)
            continue
        (source_article, source_span), (target_article, target_span) = source, target
        if not source_span.tid or not target_span.tid:
            continue  # a span of line breaks only: nothing brat could mark
        if source_article == target_article:
            relations[source_article].append((relation, source_span, target_span))
            continue
        source_span.notes.append(_cross_note(relation, "→", target_article, target_span))
        target_span.notes.append(_cross_note(relation, "←", source_article, source_span))
    return dict(relations)


def _cross_note(relation: str, arrow: str, article_id: str, span: Span) -> str:
    quote = one_line(span.annotation.quote) if span.annotation else ""
    return f"{relation} {arrow} {article_id} {span.tid} “{quote}”"


def _note_entity_link(data: ExportData, relation: str, end: tuple[str, Span] | None,
                      other: str, incoming: bool = False) -> None:
    """A link from a claim to an entity cluster: named in the claim's note."""
    cluster = data.entities.cluster(other) if data.entities is not None else None
    if end is not None and cluster is not None:
        arrow = "←" if incoming else "→"
        end[1].notes.append(f"{relation} {arrow} entity {one_line(cluster.name)} [{cluster.id}]")


def ann_text(article: Article, spans: list[Span],
             relations: list[tuple[str, Span, Span]]) -> str:
    lines = []
    for span in spans:
        pieces = fragments(article.text, span.start, span.end)
        offsets = ";".join(f"{start} {end}" for start, end in pieces)
        covered = " ".join(article.text[start:end] for start, end in pieces)
        lines.append(f"{span.tid}\t{span.type} {offsets}\t{covered}")
    for number, (relation, source, target) in enumerate(relations, start=1):
        lines.append(f"R{number}\t{relation} Arg1:{source.tid} Arg2:{target.tid}")
    notes = [(span.tid, " | ".join(span.notes)) for span in spans if span.notes]
    for number, (tid, note) in enumerate(notes, start=1):
        lines.append(f"#{number}\tAnnotatorNotes {tid}\t{note}")
    return "".join(f"{line}\n" for line in lines)


def annotation_conf(data: ExportData, layout: Plan) -> str:
    relations = [*RELATIONS, *sorted({r for found in layout.relations.values()
                                      for r, _, _ in found} - set(RELATIONS))]
    lines = [
        f"# syria-reader export of {name_text(data.corpus.root.name)}, {data.exported}.",
        "# Links between claims of different articles are in the claims' AnnotatorNotes:",
        "# brat relations stay within one document.",
    ]
    if layout.orphaned:
        lines.append(f"# {layout.orphaned} annotation(s) left out: their text (or article) "
                     "is no longer in the corpus (orphaned).")
    lines += ["[entities]", ENTITY, *(f"\t{t}" for t in layout.names.entity_types), CLAIM,
              *(f"\t{t}" for t in layout.names.labels.values()), NOTE, "", "[relations]"]
    lines += [f"{r}\tArg1:<ENTITY>, Arg2:<ENTITY>" for r in relations]
    # Claims overlap entity mentions and each other; brat refuses overlaps unless told.
    lines += ["<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>", "",
              "[events]", "", "[attributes]", ""]
    return "\n".join(lines)


def visual_conf(data: ExportData, layout: Plan) -> str:
    colours = {label.name: label.colour for label in load_labels(data.corpus.root)}
    lines = ["[labels]", "", "[drawing]"]
    lines += [f"{name}\tbgColor:{colours[label]}" for label, name in layout.names.labels.items()
              if label in colours]
    return "\n".join(lines) + "\n"


def write(data: ExportData, folder: Path, progress: Progress) -> None:
    layout = plan(data, progress)
    folder.mkdir()
    for article in data.corpus.articles:
        (folder / f"{article.id}.txt").write_bytes(article.text.encode("utf-8"))
        text = ann_text(article, layout.spans.get(article.id, []),
                        layout.relations.get(article.id, []))
        (folder / f"{article.id}.ann").write_bytes(text.encode("utf-8"))
    (folder / "annotation.conf").write_bytes(annotation_conf(data, layout).encode("utf-8"))
    (folder / "visual.conf").write_bytes(visual_conf(data, layout).encode("utf-8"))
    sums = "".join(f"{article.sha256}  {article.id}.txt\n" for article in data.corpus.articles)
    (folder / SHA256SUMS).write_bytes(sums.encode("utf-8"))
