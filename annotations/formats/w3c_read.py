"""Reading W3C Web Annotation documents back: ours, and other tools' where they fit.

Accepted: an AnnotationCollection with embedded pages, an AnnotationPage, one
Annotation, or a JSON list of Annotations. Each annotation must target a passage of
an article of this corpus (``urn:syria-reader:article:ID``, or any IRI whose last
segment is an article id or file name) through a TextPositionSelector and/or a
TextQuoteSelector. Where the position holds the quote, the annotation sits there;
otherwise (the text changed, or a tool sent only the quote) it is re-anchored by its
quote and context, exactly as the reader re-anchors its own, and orphaned if not found.

A link (motivation ``linking``) goes from its target to its linking body (a
SpecificResource or an IRI), as exports write it now; a link with two targets and no
such body, as exports wrote it before, goes from the first target to the second.

Foreign annotations without ids or times get deterministic ones (a uuid5 of their
content, the epoch), so importing the same file twice still changes nothing.
"""

from __future__ import annotations

import re
import uuid
from typing import Any
from urllib.parse import unquote, urlparse

import orjson

from syria_reader.annotations.formats.common import ORIGINS, RELATIONS, Record
from syria_reader.annotations.formats.validation import (
    EPOCH,
    Incoming,
    articles_by_id,
    check_annotation,
    check_link,
    check_unique,
    describe,
    fail,
    find_article,
)
from syria_reader.annotations.formats.w3c import (
    ANCHOR,
    ARTICLE_IRI,
    CONTEXT,
    MOTIVATIONS,
    ORIGINAL_QUOTE,
    id_from_iri,
)
from syria_reader.annotations.store.anchoring import reanchor
from syria_reader.annotations.store.model import ANCHORS, Annotation, anchor_fields
from syria_reader.corpus import Article, Corpus

CONTEXTS = (CONTEXT, "https://www.w3.org/ns/anno.jsonld")
KIND_OF = {motivation: kind for kind, motivation in MOTIVATIONS.items()}
LABEL_PURPOSES = ("tagging", "classifying", "identifying")
_EPOCH = EPOCH.isoformat()
_DESCRIBING = re.compile(r"(origin|score):\s*([^;]+)")


def has_context(document: object) -> bool:
    """Whether ``document`` declares the Web Annotation context (a list: its first item)."""
    if isinstance(document, list):
        return bool(document) and has_context(document[0])
    if not isinstance(document, dict):
        return False
    context = document.get("@context")
    contexts = context if isinstance(context, list) else [context]
    return any(c in CONTEXTS for c in contexts)


def _types(node: dict[str, Any]) -> list[str]:
    value = node.get("type", node.get("@type"))
    return value if isinstance(value, list) else [value]


def _as_list(value: object) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def items_of(document: object) -> list[Any]:
    """The annotations of a collection (every embedded page), a page, or a list."""
    if isinstance(document, list):
        return document
    if not isinstance(document, dict):
        raise fail("not a W3C Web Annotation document")
    types = _types(document)
    if "AnnotationCollection" in types:
        page, items = document.get("first"), []
        while page is not None:
            if not isinstance(page, dict):
                raise fail("the collection's pages are not embedded in the file "
                           "(only a self-contained collection can be imported)")
            items.extend(_page_items(page))
            page = page.get("next")
        return items
    if "AnnotationPage" in types:
        return _page_items(document)
    if "Annotation" in types:
        return [document]
    raise fail(f"not an Annotation, AnnotationPage or AnnotationCollection (type {types!r})")


def _page_items(page: dict[str, Any]) -> list[Any]:
    items = page.get("items")
    if not isinstance(items, list):
        raise fail("an AnnotationPage has no 'items' list")
    return items


def read(document: object, corpus: Corpus) -> Incoming:
    articles = articles_by_id(corpus)
    incoming = Incoming()
    for index, item in enumerate(items_of(document), start=1):
        where = describe("annotation", index, item)
        if not isinstance(item, dict):
            raise fail(f"{where} is not a JSON object")
        if "linking" in _as_list(item.get("motivation")):
            incoming.links.append(check_link(_link(item, where), where))
        else:
            record = _annotation(item, where, articles, corpus).to_record()
            incoming.annotations.append(check_annotation(record, where, articles, corpus))
    check_unique(incoming.annotations, "annotation")
    check_unique(incoming.links, "link")
    return incoming


# --- annotations ----------------------------------------------------------------------


def _record_id(item: dict[str, Any]) -> str:
    iri = item.get("id", item.get("@id"))
    if isinstance(iri, str) and iri:
        return id_from_iri(iri)
    # No id: derive one from the content, so the same file twice gives the same record.
    return str(uuid.uuid5(uuid.NAMESPACE_URL, orjson.dumps(item, option=orjson.OPT_SORT_KEYS)
                          .decode()))


def _article_of(source: object, where: str, articles: dict[str, Article],
                corpus: Corpus) -> Article:
    if isinstance(source, dict):
        source = source.get("id", source.get("@id"))
    if not isinstance(source, str) or not source:
        raise fail(f"{where}: the target names no source article")
    if source.startswith(ARTICLE_IRI):
        return find_article(articles, unquote(source[len(ARTICLE_IRI):]), where, corpus)
    # Another tool's IRI (a file: or http: URL): its last segment, without a suffix.
    try:
        path = urlparse(source).path
    except ValueError as error:  # "http://[::1": not a URL at all
        raise fail(f"{where}: the source {source!r} is not an IRI ({error})") from error
    name = unquote(path.rstrip("/").rsplit("/", 1)[-1])
    for candidate in (name, name.rsplit(".", 1)[0]):
        if candidate in articles:
            return articles[candidate]
    raise fail(f"{where}: the source {source!r} is no article of the corpus at {corpus.root}")


def _selectors(target: dict[str, Any], where: str) -> tuple[dict[str, Any] | None,
                                                          tuple[int, int] | None]:
    quote_selector, position = None, None
    for selector in _as_list(target.get("selector")):
        if not isinstance(selector, dict):
            continue
        kinds = _types(selector)
        if "TextQuoteSelector" in kinds and quote_selector is None:
            if not isinstance(selector.get("exact"), str) or not selector["exact"]:
                raise fail(f"{where}: a TextQuoteSelector without its 'exact' text")
            quote_selector = selector
        elif "TextPositionSelector" in kinds and position is None:
            start, end = selector.get("start"), selector.get("end")
            if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)):
                raise fail(f"{where}: a TextPositionSelector needs integer start and end")
            position = (start, end)
    if quote_selector is None and position is None:
        raise fail(f"{where}: the target has neither a TextQuoteSelector nor a "
                   "TextPositionSelector")
    return quote_selector, position


def _text(selector: dict[str, Any] | None, name: str) -> str:
    value = selector.get(name, "") if selector else ""
    return value if isinstance(value, str) else ""


def _bodies(item: dict[str, Any]) -> tuple[str, str]:
    """The label (tagging body) and the note (commenting or purpose-less bodies)."""
    labels, notes = [], []
    for body in _as_list(item.get("body")):
        if not isinstance(body, dict) or not isinstance(body.get("value"), str):
            continue  # an IRI body (a tag vocabulary term, a web page) carries no text here
        purposes = _as_list(body.get("purpose"))
        (labels if any(p in LABEL_PURPOSES for p in purposes) else notes).append(body["value"])
    return (labels[0] if labels else ""), "\n\n".join(notes)


def _author(item: dict[str, Any]) -> str:
    creator = _as_list(item.get("creator"))
    first = creator[0] if creator else None
    if isinstance(first, dict):
        first = first.get("name", first.get("nickname", first.get("id")))
    return first if isinstance(first, str) else ""


def _kind(item: dict[str, Any]) -> str:
    for motivation in _as_list(item.get("motivation")):
        if isinstance(motivation, str) and motivation in KIND_OF:
            return KIND_OF[motivation]
    return "claim"


def _time(item: dict[str, Any], name: str, fallback: str) -> str:
    value = item.get(name)
    return value if isinstance(value, str) and value else fallback


def _annotation(item: dict[str, Any], where: str, articles: dict[str, Article],
                corpus: Corpus) -> Annotation:
    targets = _as_list(item.get("target"))
    if len(targets) != 1 or not isinstance(targets[0], dict):
        raise fail(f"{where}: one target passage expected (a SpecificResource with "
                   f"selectors), found {len(targets)} target(s)")
    target = targets[0]
    article = _article_of(target.get("source"), where, articles, corpus)
    quote_selector, position = _selectors(target, where)
    exact = _text(quote_selector, "exact")
    if position is not None:
        start, end = position
        if not 0 <= start < end <= len(article.text):
            raise fail(f"{where}: offsets {start}-{end} are outside article '{article.id}' "
                       f"({len(article.text)} characters)")
    label, note = _bodies(item)
    created = _time(item, "created", _EPOCH)
    common: dict[str, Any] = {
        "id": _record_id(item), "kind": _kind(item), "label": label, "note": note,
        "author": _author(item), "created": created,
        "modified": _time(item, "modified", created),
    }
    anchor, original = item.get(ANCHOR), item.get(ORIGINAL_QUOTE)
    if anchor in ANCHORS and anchor != "orphaned":
        common["anchor"] = anchor
    if isinstance(original, str) and original and anchor == "changed":
        common["original_quote"] = original
    if position is not None and (not exact or article.text[position[0]:position[1]] == exact):
        return Annotation(**common, **anchor_fields(article, *position))
    # The position does not hold the quote (another text version), or there is none.
    start, end = position or (0, 0)
    draft = Annotation(**common, article_id=article.id, article_sha256="", start=start,
                       end=end, quote=exact, prefix=_text(quote_selector, "prefix"),
                       suffix=_text(quote_selector, "suffix"))
    return reanchor(draft, article).annotation


# --- links ----------------------------------------------------------------------------


def _end_id(end: object, where: str, which: str) -> str:
    """The record id a link end names: a passage's id; an entity (a SpecificResource
    without an id of its own) by its source; a bare IRI."""
    if isinstance(end, dict):
        iri = end.get("id", end.get("@id"))
        if iri is None and "SpecificResource" in _types(end):
            iri = end.get("source")
    else:
        iri = end
    if not isinstance(iri, str) or not iri:
        raise fail(f"{where}: the link's {which} has no id naming an annotation")
    return id_from_iri(iri)


def _is_linked_body(body: object) -> bool:
    """The body a link goes to: an IRI, or a resource that is no TextualBody."""
    if isinstance(body, str):
        return True
    return isinstance(body, dict) and "TextualBody" not in _types(body) and (
        "linking" in _as_list(body.get("purpose")) or "SpecificResource" in _types(body))


def _ends(item: dict[str, Any], where: str) -> tuple[str, str]:
    """(source, target): the target passage and the linking body; or, in exports before
    links kept their direction in their roles, two targets, source first."""
    targets = _as_list(item.get("target"))
    linked = [body for body in _as_list(item.get("body")) if _is_linked_body(body)]
    if linked:
        if len(targets) != 1 or len(linked) != 1:
            raise fail(f"{where}: a link needs one target (the passage it starts from) and "
                       f"one linking body (the passage it goes to), found {len(targets)} "
                       f"target(s) and {len(linked)} linking bod(ies)")
        return _end_id(targets[0], where, "target"), _end_id(linked[0], where, "body")
    if len(targets) != 2:
        raise fail(f"{where}: a link needs a target and a linking body (or two targets), "
                   f"found {len(targets)} target(s) and no linking body")
    return _end_id(targets[0], where, "first target"), _end_id(targets[1], where,
                                                                 "second target")


def _link(item: dict[str, Any], where: str) -> Record:
    source, target = _ends(item, where)
    relation, details = "", {}
    for body in _as_list(item.get("body")):
        if not isinstance(body, dict) or not isinstance(body.get("value"), str):
            continue
        purposes = _as_list(body.get("purpose"))
        if "tagging" in purposes and body["value"] in RELATIONS:
            relation = body["value"]
        elif "describing" in purposes:
            details = dict(_DESCRIBING.findall(body["value"]))
    if not relation:
        raise fail(f"{where}: a link needs a tagging body naming its relation, one of "
                   f"{', '.join(RELATIONS)}")
    origin = details.get("origin", "confirmed").strip()
    created = _time(item, "created", _EPOCH)
    record: Record = {
        "id": _record_id(item),
        "source": source,
        "target": target,
        "relation": relation,
        "score": _score(details.get("score"), where),
        "origin": origin if origin in ORIGINS else "confirmed",
        "created": created,
    }
    if isinstance(item.get("modified"), str):
        record["modified"] = item["modified"]
    return record


def _score(text: str | None, where: str) -> float | None:
    if text is None:
        return None
    try:
        value = orjson.loads(text.strip())  # the JSON number as written: 1 stays an int
    except orjson.JSONDecodeError:
        value = None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise fail(f"{where}: unreadable score {text.strip()!r}")
    return value


recognises = has_context  # the registry's name for it (annotations/formats/__init__.py)
