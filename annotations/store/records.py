"""What a stored or imported record must hold before it becomes an annotation or a link.

The database and an imported file are both files someone could have edited: a string
where an offset belongs, a negative or reversed span, a float. The same checks guard
both, and each problem is one ``RecordError`` line saying which field is wrong and how;
the caller adds which file and which record.
"""

from __future__ import annotations

from typing import Any

from syria_reader.annotations.store.model import ANCHORS, KINDS
from syria_reader.annotations.vocabulary import ORIGINS, RELATIONS
from syria_reader.corpus import Article

# Every field an annotation record may carry, with its type. ``bool`` is an ``int`` to
# Python, never an offset to us; an absent optional field takes the model's default.
ANNOTATION_TYPES: dict[str, type] = {
    "id": str, "kind": str, "article_id": str, "article_sha256": str, "start": int,
    "end": int, "quote": str, "prefix": str, "suffix": str, "label": str, "note": str,
    "author": str, "created": str, "modified": str, "orphaned": bool, "anchor": str,
    "original_quote": str,
}
ANNOTATION_REQUIRED = ("id", "kind", "article_id", "article_sha256", "start", "end", "quote",
                       "prefix", "suffix")
LINK_TYPES: dict[str, type | tuple[type, ...]] = {
    "id": str, "source": str, "target": str, "relation": str, "origin": str, "created": str,
    "score": (int, float, type(None)),
}
LINK_REQUIRED = ("id", "source", "target", "relation")
_TYPE_NAMES = {str: "a string", int: "an integer", bool: "true or false"}


class RecordError(ValueError):
    """One field of a record is missing or wrong; the message says which and how."""


def check_types(
    raw: object, types: dict[str, type] | dict[str, type | tuple[type, ...]],
    required: tuple[str, ...],
) -> dict[str, Any]:
    """``raw`` if it is an object with every ``required`` field and each field of
    ``types`` it holds of that type; else ``RecordError``."""
    if not isinstance(raw, dict):
        raise RecordError(f"is not a JSON object but {type(raw).__name__}")
    missing = [name for name in required if name not in raw]
    if missing:
        raise RecordError(f"has no {', '.join(repr(name) for name in missing)}")
    for name, expected in types.items():
        if name not in raw:
            continue
        value = raw[name]
        wrong_bool = isinstance(value, bool) and expected in (int, (int, float, type(None)))
        if wrong_bool or not isinstance(value, expected):
            wanted = _TYPE_NAMES.get(expected, "a number or null")  # type: ignore[arg-type]
            raise RecordError(f"{name!r} should be {wanted}, not {type(value).__name__}")
    if "id" in types and not raw["id"]:
        raise RecordError("'id' is empty")
    return raw


def check_annotation(raw: object) -> dict[str, Any]:
    """An annotation record whose fields and offsets make sense on their own."""
    record = check_types(raw, ANNOTATION_TYPES, ANNOTATION_REQUIRED)  # type: ignore[arg-type]
    if record["kind"] not in KINDS:
        raise RecordError(f"unknown kind {record['kind']!r}; one of {', '.join(KINDS)}")
    if record.get("anchor", "exact") not in ANCHORS:
        raise RecordError(f"unknown anchor {record['anchor']!r}; one of {', '.join(ANCHORS)}")
    start, end = record["start"], record["end"]
    orphaned = record.get("orphaned", False)
    # An orphan (its text is gone) may have an empty span; anything else covers text.
    if start < 0 or end < start or (end == start and not orphaned):
        raise RecordError(f"offsets {start}-{end} are not a span of text")
    if not record["quote"] and not orphaned:
        raise RecordError("'quote' is empty: an annotation quotes the text it is on")
    return record


def check_on_text(record: dict[str, Any], article: Article) -> None:
    """A record made on this very text (same sha256) must hold its quote at its offsets;
    one made on another version is found again by re-anchoring instead."""
    if record["article_sha256"] != article.sha256 or record.get("orphaned", False):
        return
    start, end = record["start"], record["end"]
    if end > len(article.text):
        raise RecordError(f"offsets {start}-{end} are outside article '{article.id}' "
                          f"({len(article.text)} characters)")
    if article.text[start:end] != record["quote"]:
        raise RecordError(f"the quote is not the text of article '{article.id}' "
                          f"at {start}-{end}")


def check_link(raw: object) -> dict[str, Any]:
    """A link record with the fields, types and values a link needs."""
    record = check_types(raw, LINK_TYPES, LINK_REQUIRED)  # type: ignore[arg-type]
    origin = record.get("origin", "confirmed")
    if origin not in ORIGINS:
        raise RecordError(f"unknown origin {origin!r}; one of {', '.join(ORIGINS)}")
    # A rejected suggestion asserts no relation; every other link names one.
    if record["relation"] not in RELATIONS and not (origin == "rejected"
                                                    and record["relation"] == ""):
        raise RecordError(f"unknown relation {record['relation']!r}; "
                          f"one of {', '.join(RELATIONS)}")
    if record["source"] == record["target"]:
        raise RecordError("a link needs two different ends")
    return record


_CHECKS_BY_TABLE = {"annotations": check_annotation, "links": check_link}


def check_history_entry(raw: object) -> dict[str, Any]:
    """An undo history entry: its number, whether it is undone, and each change's
    table and records before and after (None: absent), each checked like the table's."""
    entry = check_types(raw, {"seq": int, "undone": bool}, ("seq", "undone"))
    changes = entry.get("changes", [{name: entry.get(name) for name in ("table", "before",
                                                                         "after")}])
    if not isinstance(changes, list) or not changes:
        raise RecordError("'changes' should be a list of changes")
    for number, change in enumerate(changes, start=1):
        if not isinstance(change, dict) or change.get("table") not in _CHECKS_BY_TABLE:
            raise RecordError(f"change {number} names no table of annotations or links")
        check = _CHECKS_BY_TABLE[change["table"]]
        if change.get("before") is None and change.get("after") is None:
            raise RecordError(f"change {number} has neither a 'before' nor an 'after'")
        try:
            ids = {check(change[side])["id"] for side in ("before", "after")
                   if change.get(side) is not None}
        except RecordError as error:
            raise RecordError(f"change {number}: {error}") from error
        if len(ids) != 1:
            raise RecordError(f"change {number} turns one record into another")
    return entry


def located(where: str, error: RecordError) -> str:
    """``where`` and the problem as one line: "annotation 2 (x) has no 'kind'",
    "annotation 2 (x): 'start' should be an integer, not str"."""
    text = str(error)
    return f"{where} {text}" if text.startswith(("has no", "is not a JSON")) else f"{where}: {text}"


def describe(kind: str, raw: object, index: int | None = None) -> str:
    """'annotation 3 (8c1e…)': which record, for a message."""
    identifier = raw.get("id") if isinstance(raw, dict) else None
    where = kind if index is None else f"{kind} {index}"
    return where + (f" ({identifier})" if isinstance(identifier, str) else "")
