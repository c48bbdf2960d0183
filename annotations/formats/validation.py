"""Checking imported records before anything is written.

Every check raises ``InvalidImportError`` with one line that says which record is wrong
and why; the importer adds the file name. Nothing reaches the store unless the whole
file passed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from syria_reader.annotations.article_meta import ArticleMeta
from syria_reader.annotations.entities.corrections import EntityCorrection
from syria_reader.annotations.formats.common import Record
from syria_reader.annotations.store import records
from syria_reader.annotations.store.model import Annotation
from syria_reader.corpus import Article, Corpus

# Fields a native annotation record must carry: the exporter writes them all, and a
# record without its author or times could not be merged correctly.
ANNOTATION_FIELDS = {name: records.ANNOTATION_TYPES[name] for name in (
    *records.ANNOTATION_REQUIRED, "label", "note", "author", "created", "modified")}
LINK_FIELDS = {name: records.LINK_TYPES[name] for name in (*records.LINK_REQUIRED, "created")}
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class InvalidImportError(ValueError):
    """A file that cannot be imported; the store was not touched."""


@dataclass
class Incoming:
    """Checked records, ready to merge."""

    annotations: list[Record] = field(default_factory=list)
    links: list[Record] = field(default_factory=list)
    corrections: list[Record] = field(default_factory=list)
    article_metadata: list[Record] = field(default_factory=list)


def fail(message: str) -> InvalidImportError:
    return InvalidImportError(message)


def parse_time(value: object) -> datetime | None:
    """An ISO 8601 time, made aware (UTC when it names no zone); None if unreadable."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def stamp(record: Record) -> datetime:
    """When a record last changed: ``modified``, else ``created``; unreadable is oldest."""
    return parse_time(record.get("modified")) or parse_time(record.get("created")) or EPOCH


def describe(kind: str, index: int, raw: object) -> str:
    """'annotation 3 (8c1e…)': where a problem is, for the message."""
    return records.describe(kind, raw, index)


def _check_fields(raw: object, where: str, fields: dict[str, type]) -> dict[str, Any]:
    """Every field present and of its type (the same checks as the database's), and
    real times: an export carries them all."""
    try:
        record = records.check_types(raw, fields, tuple(fields))  # type: ignore[arg-type]
    except records.RecordError as error:
        raise fail(records.located(where, error)) from error
    for name in ("created", "modified"):
        if name in fields and parse_time(record[name]) is None:
            raise fail(f"{where}: {name!r} is not an ISO 8601 time: {record[name]!r}")
    return record


def articles_by_id(corpus: Corpus) -> dict[str, Article]:
    # Exact ids only: Corpus.get also accepts a prefix, which could pick the wrong article.
    return {article.id: article for article in corpus.articles}


def find_article(articles: dict[str, Article], article_id: str, where: str,
                 corpus: Corpus) -> Article:
    article = articles.get(article_id)
    if article is None:
        raise fail(f"{where}: article '{article_id}' is not in the corpus at {corpus.root} "
                   "(import into the database of the corpus it was made on: --corpus DIR)")
    return article


def check_annotation(raw: object, where: str, articles: dict[str, Article],
                     corpus: Corpus) -> Record:
    record = _check_fields(raw, where, ANNOTATION_FIELDS)
    try:
        records.check_annotation(record)
        article = find_article(articles, record["article_id"], where, corpus)
        # Made on this very text: the offsets must hold the quote. Made on another
        # version: the text moved, and re-anchoring finds the quote again on load.
        records.check_on_text(record, article)
    except records.RecordError as error:
        raise fail(records.located(where, error)) from error
    return Annotation.from_record(record).to_record()


def check_link(raw: object, where: str) -> Record:
    record = _check_fields(raw, where, LINK_FIELDS)
    try:  # origin, relation, score, two ends: as the database's links are checked
        records.check_link(record)
    except records.RecordError as error:
        raise fail(records.located(where, error)) from error
    if "modified" in record and parse_time(record["modified"]) is None:
        raise fail(f"{where}: 'modified' is not an ISO 8601 time: {record['modified']!r}")
    # Kept whole: fields this version does not know survive the round trip.
    return dict(record)


def check_article_meta(raw: object, where: str, articles: Mapping[str, object]) -> Record:
    if not isinstance(raw, dict):
        raise fail(f"{where} is not a JSON object")
    try:
        meta = ArticleMeta.from_record(raw)
    except (TypeError, ValueError) as error:
        raise fail(f"{where}: {error}") from error
    if meta.article_id not in articles:
        raise fail(f"{where}: no article '{meta.article_id}' in this corpus")
    if parse_time(meta.modified) is None:
        raise fail(f"{where}: 'modified' is not an ISO 8601 time: {meta.modified!r}")
    return meta.to_record()


def check_correction(raw: object, where: str) -> Record:
    if not isinstance(raw, dict):
        raise fail(f"{where} is not a JSON object")
    try:
        correction = EntityCorrection.from_record(raw)
    except KeyError as error:
        raise fail(f"{where} has no {error}") from error
    except (TypeError, ValueError, AttributeError) as error:
        raise fail(f"{where}: {error}") from error
    if parse_time(correction.created) is None:
        raise fail(f"{where}: 'created' is not an ISO 8601 time: {correction.created!r}")
    return correction.to_record()


def check_unique(records: Iterable[Record], kind: str) -> None:
    seen: set[str] = set()
    for record in records:
        if record["id"] in seen:
            raise fail(f"two {kind}s have the id {record['id']}")
        seen.add(record["id"])
