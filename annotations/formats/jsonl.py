"""JSON Lines: one annotation a line, for ``jq``, pandas and line-by-line scripts.

Each line is the annotation's record plus ``article_title``, ``linked_ids`` (the other
annotations it is linked to, either direction) and ``links`` (each link seen from this
annotation: id, relation, direction, the other end, origin and score). Links themselves
get no lines of their own: every line stays one annotation.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from syria_reader.annotations.formats.common import ExportData, LinkEnd, Progress, read_head
from syria_reader.annotations.store.model import Annotation


def _link(end: LinkEnd) -> dict[str, Any]:
    return {
        "id": end.link.get("id"),
        "relation": end.relation,
        "direction": "out" if end.outgoing else "in",
        "other": end.other,
        "origin": end.link.get("origin"),
        "score": end.link.get("score"),
    }


def line(data: ExportData, annotation: Annotation) -> dict[str, Any]:
    ends = data.links_of(annotation.id)
    return {
        **annotation.to_record(),
        "article_title": data.title(annotation.article_id),
        # Entity-cluster ends are links too, but not annotations: only these are ids here.
        "linked_ids": sorted({e.other for e in ends if data.annotation(e.other) is not None}),
        "links": [_link(end) for end in ends],
    }


# orjson escapes control characters but writes these three raw; str.splitlines() (and
# so many line readers) would break a record at them. Their escapes are equal JSON.
_LINE_BREAKS = ((b"\xc2\x85", b"\\u0085"), (b"\xe2\x80\xa8", b"\\u2028"),
                (b"\xe2\x80\xa9", b"\\u2029"))


def encode_line(record: dict[str, Any]) -> bytes:
    encoded = orjson.dumps(record)
    for raw, escaped in _LINE_BREAKS:
        encoded = encoded.replace(raw, escaped)
    return encoded + b"\n"


def write(data: ExportData, path: Path, progress: Progress) -> None:
    with path.open("wb") as stream:
        for annotation in data.annotations:
            stream.write(encode_line(line(data, annotation)))
            progress.advance()
    progress.advance(len(data.links))


def wrote(path: Path) -> bool:
    """Whether ``path`` is a JSON Lines export of ours: empty (no annotation at all), or
    its first line an annotation record."""
    head = read_head(path)
    if not head:
        return head is not None
    try:
        record = orjson.loads(head.split(b"\n", 1)[0])
    except orjson.JSONDecodeError:
        return False
    return isinstance(record, dict) and {"id", "kind", "article_id", "quote"} <= set(record)
