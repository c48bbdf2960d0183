"""One article file's facts, from its bytes, and the article they make with its id and
its manifest entry. The loader keeps the facts (corpus/facts_cache.py); this module is
the one place they are computed and combined, so an article is the same with or without
the cache."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from syria_reader.corpus.article import Article, TextFacts, text_sha256
from syria_reader.corpus.dates import is_partial, parse_date
from syria_reader.corpus.decoding import UndecodableError
from syria_reader.corpus.facts_cache import FactsCache, FileFacts
from syria_reader.corpus.formats import convert
from syria_reader.corpus.metadata import Metadata, dated, derive_source, derive_title
from syria_reader.corpus.sentences import split_sentences

_FIRST_LINES = 4000  # characters enough to find a title sentence without segmenting it all


def first_sentence(text: str) -> str | None:
    """The lead sentence, for a title when the text has no headline."""
    head = text[:_FIRST_LINES]
    spans = split_sentences(head)
    return head[spans[0][0] : spans[0][1]] if spans else None


def read_facts(data: bytes, suffix: str, encoding: str | None) -> tuple[FileFacts, str]:
    """The facts of a file's bytes and its text; ``UndecodableError`` if it has none.
    What the text shows is looked for only where the front matter is silent: with it,
    the manifest or the front matter always has the answer."""
    if not data.strip():
        raise UndecodableError("empty file")
    extracted = convert(suffix, data, encoding)
    front, body = extracted.metadata or Metadata(), extracted.text
    if not body.strip():
        raise UndecodableError("empty file (no text after the front matter)")
    facts = FileFacts(
        text_sha256=text_sha256(body),
        length=len(body),
        encoding=extracted.encoding,
        detected=extracted.detected,
        title=front.title,
        source=front.source,
        date=front.date,
        derived_title=None if front.title else derive_title(body, lambda: first_sentence(body)),
        derived_source=None if front.source else derive_source(body),
        # Or a dateline's day without its year ("--12-19"): the loader finds the year.
        derived_date=None if front.date else _full_or_day(body),
    )
    return facts, body


def _full_or_day(text: str) -> str | None:
    full, day = dated(text)
    return full or day


@dataclass(frozen=True)
class FileText:
    """A file's text made from the bytes read when it was loaded (not read again: the
    file may have changed since, and the facts are those of these bytes)."""

    data: bytes
    suffix: str
    encoding: str | None

    def __call__(self) -> str:
        return convert(self.suffix, self.data, self.encoding).text


@dataclass(frozen=True)
class UnreadDate:
    """A date the manifest or the file gives that is no real full date ("2018-02-30")."""

    written: str
    in_manifest: bool  # else the file's own (front matter, a web page's metadata)


def given_date(facts: FileFacts, manifest: Metadata | None
               ) -> tuple[str | None, list[UnreadDate]]:
    """The manifest's date, else the file's own, the first that is a real full date; and
    those passed over for not being one. A date that cannot be read is passed over as a
    manifest's null is: it is never the date, and no date is derived from the text in
    its place (a typo the analyst made is said, not replaced by a guess)."""
    unread: list[UnreadDate] = []
    for written, in_manifest in ((manifest.date if manifest else None, True),
                                 (facts.date, False)):
        if not written:
            continue
        date = parse_date(written)  # an ISO date read back as itself, without dateutil
        if date is not None:
            return date, unread
        unread.append(UnreadDate(written, in_manifest))
    return None, unread


def make_article(facts: FileFacts, text: str | FileText, path: Path, article_id: str,
                 manifest: Metadata | None, cache: FactsCache | None = None) -> Article:
    """The article: the manifest's metadata over the front matter's over what the text
    shows. A manifest entry's null is an answer ("the text names none"), not derived
    again; a title is the id when nothing gives one. A date given that is no real full
    date is not used (``given_date``)."""
    given = [m for m in (manifest, Metadata(facts.title, facts.source, facts.date))
             if m is not None]
    title = next((m.title for m in given if m.title), None)
    source = next((m.source for m in given if m.source), None)
    # A front matter's date that is no date leaves no derived one either (read_facts).
    date, _ = given_date(facts, manifest)
    if not (date or manifest) and is_partial(facts.derived_date):
        date, day = None, facts.derived_date  # the loader looks for its year
    else:
        date, day = date if date or manifest else facts.derived_date, None
    fields: dict[str, Any] = {
        "id": article_id,
        "title": title or facts.derived_title or article_id,
        "source": source if source or manifest else facts.derived_source,
        "date": date,
        "dateline_day": day,
        "path": path,
        "encoding": facts.encoding,
        "encoding_guessed": facts.detected,
    }
    known = TextFacts(facts.text_sha256, facts.length, facts.words, facts.sentences, cache)
    if isinstance(text, FileText):
        return Article.deferred(text, known, **fields)
    return Article(text=text, facts=known, **fields)
