"""Article metadata the analyst sets: a date, source or title for an article, kept with
the annotations as the analyst's work and never written into the article's file.

The bundled reports say nowhere when they were published; an analyst who knows sets
it here, and the compare view orders the reports by it. A value set here stands over
what the file (or its manifest) says; a field left unset keeps the file's. One record
per article, keyed by its id, in the table ``article_metadata``; exported and imported
with the annotations (the newer ``modified`` wins, as for every record).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from tinydb.table import Document

from syria_reader.annotations.store.database import AnnotationStore, record_key
from syria_reader.annotations.store.errors import StoreCorruptError
from syria_reader.annotations.store.model import default_author, now
from syria_reader.annotations.vocabulary import ARTICLE_FIELDS, ARTICLE_METADATA
from syria_reader.corpus import Article, Corpus
from syria_reader.corpus.dates import parse_date

TABLE = ARTICLE_METADATA
FIELDS = ARTICLE_FIELDS
_LONGEST = 300  # characters of a title or source


@dataclass(frozen=True)
class ArticleMeta:
    article_id: str
    title: str | None = None
    source: str | None = None
    date: str | None = None  # ISO
    author: str = field(default_factory=default_author)
    modified: str = field(default_factory=now)

    def to_record(self) -> dict[str, Any]:
        return {"id": self.article_id, "article_id": self.article_id, "title": self.title,
                "source": self.source, "date": self.date, "author": self.author,
                "modified": self.modified}

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> ArticleMeta:
        """The record's metadata; ``ValueError`` naming the field that is wrong."""
        article_id = record.get("article_id")
        if not isinstance(article_id, str) or not article_id:
            raise ValueError("'article_id' should be a non-empty string")
        if record.get("id") != article_id:
            raise ValueError("'id' should be the article's id")
        values = {name: check_value(name, record.get(name)) for name in FIELDS}
        for name in ("author", "modified"):
            if not isinstance(record.get(name), str):
                raise ValueError(f"{name!r} should be a string")
        return cls(article_id, author=record["author"], modified=record["modified"],
                   **values)

    def applied(self, article: Article) -> Article:
        """``article`` with these values over its own (the text is the same object)."""
        return replace(article, title=self.title or article.title,
                       source=self.source or article.source, date=self.date or article.date)


def with_article_meta(corpus: Corpus, metadata: dict[str, ArticleMeta]) -> Corpus:
    """``corpus`` with the analyst's values over its articles' own (the same corpus when
    none is set)."""
    if not metadata:
        return corpus
    articles = [metadata[a.id].applied(a) if a.id in metadata else a for a in corpus.articles]
    return replace(corpus, articles=articles)


def check_value(name: str, value: object) -> str | None:
    """A field's value as kept: None to unset it, a date as ISO; ``ValueError`` with
    one line for the user when it cannot be one."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{name!r} should be a string or null, not {type(value).__name__}")
    text = " ".join(value.split())
    if not text:
        return None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: bytes a terminal could not decode
        raise ValueError(f"{name} is not valid text (undecodable bytes)") from None
    if name == "date":
        date = parse_date(text)
        if date is None:
            raise ValueError(f"not a full date: '{value}' (e.g. 2018-12-19 or Dec. 19, 2018)")
        return date
    if len(text) > _LONGEST:
        raise ValueError(f"{name} is longer than {_LONGEST} characters")
    return text


def load_article_meta(store: AnnotationStore) -> dict[str, ArticleMeta]:
    found = {}
    for record in store.table(TABLE).all():
        try:
            meta = ArticleMeta.from_record(dict(record))
        except (TypeError, ValueError) as error:
            raise StoreCorruptError(f"{store.path}: corrupt database: article metadata "
                                    f"{record.get('id')!r}: {error}; the file was left as it "
                                    "is") from error
        found[meta.article_id] = meta
    return found


def save_article_meta(store: AnnotationStore, article_id: str,
                      values: dict[str, str | None]) -> ArticleMeta | None:
    """Set the fields of ``values`` (checked: ``check_value``) over what the database
    holds now, under its lock, so a field another window set meanwhile is kept. All
    fields unset: the record goes, the article's own values stand. Returns what is kept."""
    with store.transaction() as db:
        table = db.table(TABLE)
        key = record_key(article_id)
        found = table.get(doc_id=key)
        old = ArticleMeta.from_record(dict(found)) if found else ArticleMeta(article_id)
        meta = replace(old, **values, author=default_author(), modified=now())
        if found is not None:
            table.remove(doc_ids=[key])
        if not any(getattr(meta, name) for name in FIELDS):
            return None
        table.insert(Document(meta.to_record(), doc_id=key))
        return meta
