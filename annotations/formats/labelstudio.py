"""Label Studio JSON tasks: one task per article, its annotations as one annotation.

::

    [{"data": {"text", "article_id", "title", "source", "date", "sha256"},
      "annotations": [{"result": [
          {"id": "<annotation id>", "from_name": "label", "to_name": "text",
           "type": "labels", "value": {"start", "end", "text", "labels": ["figure"]}},
          {"id": "<the same id>", "from_name": "note", "to_name": "text",
           "type": "textarea", "value": {"start", "end", "text": ["the note"]}},
          {"from_id", "to_id", "type": "relation", "direction": "right",
           "labels": ["contradicts"]}]}],
      "meta": {"links": [...]}}]

This is Label Studio's task format with annotations (https://labelstud.io/guide/task_format,
the Text tag's results): ``value.start``/``value.end`` are character
offsets into ``data.text`` and ``value.text == text[start:end]``. Offsets count code
points, as Label Studio has stored them since it fixed astral characters (emoji); much
older versions counted UTF-16 units. ``data.sha256`` is the sha256 of ``data.text``
(UTF-8), the text the offsets count in. Spans are those of ``spans.py`` (re-anchored to
the current text, orphans left out). A note is a per-region ``textarea`` result with its
region's id. A link between two passages of one article is a ``relation`` result
(``right``: from the source to the target); Label Studio relations stay within one
task, so a link to another article (or to an entity) is listed in the task's
``meta.links`` instead. An article without annotations is a task with none.

A project that shows these needs a labeling config naming the same controls::

    <View>
      <Labels name="label" toName="text"> <Label value="figure"/> ... </Labels>
      <Text name="text" value="$text"/>
      <TextArea name="note" toName="text" perRegion="true" editable="true"/>
      <Relations> <Relation value="contradicts"/> ... </Relations>
    </View>
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from syria_reader.annotations.formats.common import ExportData, LinkEnd, Progress, read_json
from syria_reader.annotations.formats.spans import (
    Span,
    article_fields,
    article_spans,
    has_article_fields,
)
from syria_reader.corpus import Article

FROM_NAME, TO_NAME, NOTE_NAME = "label", "text", "note"
TASK_KEYS = {"data", "annotations", "meta"}


def regions(found: Span) -> list[dict[str, Any]]:
    """The labels result of a span, and its note as a per-region textarea result."""
    annotation = found.annotation
    where = {"start": found.start, "end": found.end}
    results: list[dict[str, Any]] = [{
        "id": annotation.id, "from_name": FROM_NAME, "to_name": TO_NAME, "type": "labels",
        "value": {**where, "text": annotation.quote, "labels": [found.label]},
    }]
    if annotation.note:
        results.append({"id": annotation.id, "from_name": NOTE_NAME, "to_name": TO_NAME,
                        "type": "textarea", "value": {**where, "text": [annotation.note]}})
    return results


def _relation(end: LinkEnd, source: str) -> dict[str, Any]:
    return {"from_id": source, "to_id": end.other, "type": "relation", "direction": "right",
            "labels": [end.relation]}


def _far_link(data: ExportData, end: LinkEnd, here: str) -> dict[str, Any]:
    other = data.annotation(end.other)
    return {"id": end.link.get("id"), "region": here, "relation": end.relation,
            "direction": "out" if end.outgoing else "in", "other": end.other,
            "other_article": other.article_id if other else None,
            "other_text": other.quote if other else None}


def task(data: ExportData, article: Article, spans: list[Span]) -> dict[str, Any]:
    here = {found.annotation.id for found in spans}
    result: list[dict[str, Any]] = []
    far: list[dict[str, Any]] = []
    for found in spans:
        result.extend(regions(found))
    for found in spans:
        for end in data.links_of(found.annotation.id):
            if end.other in here:
                if end.outgoing:  # each link once, from its source
                    result.append(_relation(end, found.annotation.id))
            else:
                far.append(_far_link(data, end, found.annotation.id))
    made: dict[str, Any] = {
        "data": {"text": article.text, **article_fields(article)},
        "annotations": [{"result": result}] if result else [],
    }
    if far:
        made["meta"] = {"links": far}
    return made


def write(data: ExportData, path: Path, progress: Progress) -> None:
    spans = article_spans(data, progress)
    tasks = [task(data, article, spans.get(article.id, [])) for article in data.corpus.articles]
    path.write_bytes(orjson.dumps(tasks, option=orjson.OPT_INDENT_2))


def wrote(path: Path) -> bool:
    """Whether ``path`` is a Label Studio export of ours: a list of our tasks. A file
    Label Studio exported (task ids, times, annotators added) is not, and is never
    replaced."""
    document = read_json(path)
    return isinstance(document, list) and all(
        isinstance(one, dict) and set(one) <= TASK_KEYS and has_article_fields(one.get("data"))
        for one in document)
