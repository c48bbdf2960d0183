"""W3C Web Annotation (JSON-LD): an AnnotationCollection with one embedded page.

Naming things with IRIs:
- an article is ``urn:syria-reader:article:ID`` (ID percent-encoded). Not a ``file:``
  URI: the path differs on every analyst's machine (the bundled corpus lives inside the
  installed package), while article ids are stable slugs of the file names, so two
  analysts' exports name the same article the same way. The namespace is not
  registered; it is a name, never fetched.
- an annotation or link is ``urn:uuid:ID`` (ids are uuid4); an id that is not a uuid
  is kept if it is already an IRI, else ``urn:syria-reader:annotation:ID``.
- the passage an annotation marks (its target) is ``urn:syria-reader:passage:ID``, so a
  linking annotation can name the same passages as its targets.

Each annotation: motivation ``tagging`` (claim), ``commenting`` (note) or
``identifying`` (entity); bodies are TextualBody with purpose ``tagging`` (the label)
and ``commenting`` (the note); the target has a TextQuoteSelector (exact, prefix,
suffix) and a TextPositionSelector counted in Unicode code points, as the model
requires (Python str indices are code points; JavaScript's are UTF-16 units, which
differ after any character outside the Basic Multilingual Plane, such as an emoji).
Positions are into the articles' current texts: an annotation made on an older version
is re-anchored first; one whose text is gone (orphaned) gets the quote selector only.

Each positioned target also carries ``syria:sha256``, the sha256 of the article text
(UTF-8) its TextPositionSelector counts in.

A link from passage A to passage B is an annotation with motivation ``linking``, as the
model describes linking: its target is A (the passage the link starts from) and its
body is B, a SpecificResource with purpose ``linking`` (an entity cluster at an end:
``urn:syria-reader:entity:ID``, the body's ``source``). Its relation is a ``tagging``
body, its origin and score a ``describing`` body ("origin: confirmed; score: 0.87").
The direction is in the roles, not in an order JSON-LD processors need not keep.
(Exports before this version wrote a link as two targets, source first; ``import``
reads both.) Suggestions the analyst rejected are no links and are left out (the
native format keeps them).
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import orjson

from syria_reader.annotations.formats.common import (
    ENTITY_REF,
    ExportData,
    Progress,
    Record,
    read_json,
)
from syria_reader.annotations.store.model import Annotation
from syria_reader.corpus.file_names import name_text

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
# Our own terms, for what the model has no word for: how an annotation was found in
# the current text, and the text it was tagged on when that changed.
OWN_TERMS = {"syria": "https://syria-reader.invalid/ns#"}
ANCHOR, ORIGINAL_QUOTE = "syria:anchor", "syria:originalQuote"
SHA256 = "syria:sha256"  # of the text a TextPositionSelector counts in
ARTICLE_IRI = "urn:syria-reader:article:"
PASSAGE_IRI = "urn:syria-reader:passage:"
ANNOTATION_IRI = "urn:syria-reader:annotation:"
ENTITY_IRI = "urn:syria-reader:entity:"
REF_IRI = "urn:syria-reader:ref:"
UUID_IRI = "urn:uuid:"
MOTIVATIONS = {"claim": "tagging", "note": "commenting", "entity": "identifying"}
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_OWN_PREFIXES = (PASSAGE_IRI, ANNOTATION_IRI, ENTITY_IRI, REF_IRI)


def article_iri(article_id: str) -> str:
    return ARTICLE_IRI + quote(article_id, safe="")


def record_iri(record_id: str) -> str:
    """The IRI of an annotation or link; ``id_from_iri`` gives the id back, whatever it is."""
    if _is_uuid(record_id):
        return UUID_IRI + record_id
    if _SCHEME.match(record_id) and not record_id.startswith((UUID_IRI, *_OWN_PREFIXES)):
        return record_id  # already an IRI (an annotation imported from another tool)
    return ANNOTATION_IRI + quote(record_id, safe="")


def _is_uuid(text: str) -> bool:
    try:
        return str(uuid.UUID(text)) == text  # canonical form only, so it reads back equal
    except ValueError:
        return False


def passage_iri(annotation_id: str) -> str:
    return PASSAGE_IRI + quote(annotation_id, safe="")


def id_from_iri(iri: str) -> str:
    """The record id an IRI of ours names; a foreign IRI is its own id."""
    if iri.startswith(UUID_IRI):
        return iri[len(UUID_IRI):]
    for prefix in _OWN_PREFIXES:
        if iri.startswith(prefix):
            return unquote(iri[len(prefix):])
    return iri


def _selectors(annotation: Annotation, positioned: bool) -> list[dict[str, Any]]:
    quote_selector: dict[str, Any] = {"type": "TextQuoteSelector", "exact": annotation.quote}
    if annotation.prefix:
        quote_selector["prefix"] = annotation.prefix
    if annotation.suffix:
        quote_selector["suffix"] = annotation.suffix
    selectors = [quote_selector]
    if positioned:
        selectors.append({"type": "TextPositionSelector", "start": annotation.start,
                          "end": annotation.end})
    return selectors


def passage(data: ExportData, annotation: Annotation) -> dict[str, Any]:
    placed = data.placed(annotation)
    made = {
        "id": passage_iri(annotation.id),
        "type": "SpecificResource",
        "source": article_iri(annotation.article_id),
        "selector": _selectors(placed or annotation, positioned=placed is not None),
    }
    article = data.article(annotation.article_id)
    if placed is not None and article is not None:
        made[SHA256] = article.sha256
    return made


def annotation_item(data: ExportData, annotation: Annotation) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": record_iri(annotation.id),
        "type": "Annotation",
        "motivation": MOTIVATIONS[annotation.kind],
        "created": annotation.created,
        "modified": annotation.modified,
    }
    if annotation.author:
        item["creator"] = {"type": "Person", "name": annotation.author}
    bodies = []
    if annotation.label:
        bodies.append({"type": "TextualBody", "purpose": "tagging", "value": annotation.label})
    if annotation.note:
        bodies.append({"type": "TextualBody", "purpose": "commenting",
                       "value": annotation.note, "format": "text/plain"})
    if bodies:
        item["body"] = bodies
    item["target"] = passage(data, annotation)
    item[ANCHOR] = annotation.anchor
    if annotation.original_quote:
        item[ORIGINAL_QUOTE] = annotation.original_quote
    return item


def _ref_iri(end_id: str) -> str:
    prefix = ENTITY_IRI if end_id.startswith(ENTITY_REF) else REF_IRI
    return prefix + quote(end_id, safe="")


def _link_end(data: ExportData, end_id: str) -> dict[str, Any] | str:
    """The passage a link starts from; an entity cluster (or any other ref) by its IRI."""
    annotation = data.annotation(end_id)
    return passage(data, annotation) if annotation is not None else _ref_iri(end_id)


def _linked(data: ExportData, end_id: str) -> dict[str, Any]:
    """The passage (or entity) a link goes to, as the linking body."""
    annotation = data.annotation(end_id)
    if annotation is not None:
        return {**passage(data, annotation), "purpose": "linking"}
    return {"type": "SpecificResource", "purpose": "linking", "source": _ref_iri(end_id)}


def describing(link: Record) -> str:
    parts = [f"origin: {link.get('origin') or 'confirmed'}"]
    if isinstance(link.get("score"), int | float):
        parts.append(f"score: {link['score']!r}")
    return "; ".join(parts)


def link_item(data: ExportData, link: Record) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": record_iri(str(link["id"])),
        "type": "Annotation",
        "motivation": "linking",
        "created": link.get("created"),
    }
    if link.get("modified"):
        item["modified"] = link["modified"]
    item["body"] = [
        _linked(data, str(link.get("target"))),
        {"type": "TextualBody", "purpose": "tagging", "value": link.get("relation")},
        {"type": "TextualBody", "purpose": "describing", "value": describing(link)},
    ]
    item["target"] = _link_end(data, str(link.get("source")))
    return item


def collection(data: ExportData, progress: Progress) -> dict[str, Any]:
    items = []
    for annotation in data.annotations:
        items.append(annotation_item(data, annotation))
        progress.advance()
    for link in data.links:
        if link.get("origin") != "rejected":  # a turned-down suggestion is no link
            items.append(link_item(data, link))
        progress.advance()
    collection_id = UUID_IRI + str(uuid.uuid4())
    page_id = UUID_IRI + str(uuid.uuid4())
    return {
        "@context": [CONTEXT, OWN_TERMS],
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": f"syria-reader annotations of {name_text(data.corpus.root.name)}",
        "total": len(items),
        "generated": data.exported,
        "generator": {"type": "Software", "name": "syria-reader"},
        "first": {
            "id": page_id,
            "type": "AnnotationPage",
            "partOf": collection_id,
            "startIndex": 0,
            "items": items,
        },
        "last": page_id,
    }


def write(data: ExportData, path: Path, progress: Progress) -> None:
    path.write_bytes(orjson.dumps(collection(data, progress), option=orjson.OPT_INDENT_2))


def wrote(path: Path) -> bool:
    """Whether ``path`` is a W3C export of ours: a document we name as its generator."""
    document = read_json(path)
    generator = document.get("generator") if isinstance(document, dict) else None
    return isinstance(generator, dict) and generator.get("name") == "syria-reader"
