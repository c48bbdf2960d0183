"""Prodigy's span JSONL, which doccano's sequence-labelling import reads too.

One line per article of the corpus (an article without annotations too: a text still
to annotate)::

    {"text": "the article's text, exactly as loaded",
     "spans": [{"start": 10, "end": 21, "label": "figure", "text": "roughly 500",
                "id": "<annotation id>", "note": "the analyst's note, if any"}],
     "label": [[10, 21, "figure"]],
     "meta": {"article_id", "title", "source", "date", "sha256"}}

- ``text`` + ``spans`` (character offsets, ``text[start:end]`` is the span's ``text``)
  is Prodigy's input format for ``ner.manual`` / ``spans.manual`` and ``db-in``
  (https://prodi.gy/docs/api-loaders); ``meta`` is shown under each task.
- ``text`` + ``label`` (``[start, end, label]`` triples) is doccano's JSONL for a
  sequence-labelling project; doccano keeps the other keys as the document's metadata.
  Prodigy uses a top-level ``label`` for text classification only; a recipe that
  objects to it can be fed ``jq -c 'del(.label)'``.
- ``meta.sha256`` is the sha256 of ``text`` (UTF-8): the text the offsets count in.
Offsets are code points (Python's, Prodigy's and doccano's server's count). Spans are
the annotations of ``spans.py``: re-anchored to the current text, orphans left out.
Links are not carried (both tools keep relations within one text, with token indices):
use the json or w3c export for them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from syria_reader.annotations.formats.common import ExportData, Progress
from syria_reader.annotations.formats.jsonl import encode_line
from syria_reader.annotations.formats.spans import (
    ARTICLE_FIELDS,
    Span,
    article_fields,
    article_spans,
    has_article_fields,
)
from syria_reader.corpus import Article

KEYS = ("text", "spans", "label", "meta")
FIRST_LINE_LIMIT = 1 << 26  # an article's line may be long; a stranger's file no longer


def span(found: Span) -> dict[str, Any]:
    annotation = found.annotation
    record: dict[str, Any] = {"start": found.start, "end": found.end, "label": found.label,
                              "text": annotation.quote, "id": annotation.id}
    if annotation.note:
        record["note"] = annotation.note
    return record


def line(article: Article, spans: list[Span]) -> dict[str, Any]:
    return {
        "text": article.text,
        "spans": [span(found) for found in spans],
        "label": [[found.start, found.end, found.label] for found in spans],
        "meta": article_fields(article),
    }


def write(data: ExportData, path: Path, progress: Progress) -> None:
    spans = article_spans(data, progress)
    with path.open("wb") as stream:
        for article in data.corpus.articles:
            stream.write(encode_line(line(article, spans.get(article.id, []))))


def wrote(path: Path) -> bool:
    """Whether ``path`` is a Prodigy export of ours: empty (a corpus without articles),
    or its first line one of our article lines. A file Prodigy or doccano wrote back
    (answers, hashes, ids added) is not, and is never replaced."""
    try:
        with path.open("rb") as file:
            first = file.readline(FIRST_LINE_LIMIT)
    except OSError:
        return False
    if not first:
        return True
    try:
        record = orjson.loads(first)
    except orjson.JSONDecodeError:
        return False
    return (isinstance(record, dict) and tuple(record) == KEYS
            and has_article_fields(record["meta"])
            and tuple(record["meta"]) == ARTICLE_FIELDS)
