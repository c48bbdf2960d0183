"""The ``tag`` and ``claims`` subcommands (headless)."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from syria_reader.annotations.book import AnnotationBook
from syria_reader.annotations.labels import load_labels
from syria_reader.annotations.model import new_annotation
from syria_reader.annotations.store import AnnotationStore
from syria_reader.corpus import Corpus
from syria_reader.corpus.search import locate
from syria_reader.tui.untrusted import print_json


class LabelError(ValueError):
    """A label that is not in the corpus's label set."""


def tag(
    args: argparse.Namespace, corpus: Corpus, open_store: Callable[[], AnnotationStore]
) -> int:
    """Checks the article, label and quote first: a mistake opens no database."""
    article = corpus.get(args.article)
    labels = [label.name for label in load_labels(corpus.root)]
    if args.label not in labels:
        raise LabelError(f"unknown label '{args.label}'; one of {', '.join(labels)}")
    start, end = locate(article, args.quote, args.occurrence)
    claim = new_annotation(article, start, end, label=args.label, note=args.note or "")
    AnnotationBook(open_store()).add(claim)
    if args.json:
        print_json(claim.to_record())
    else:
        print(f"{claim.id}  {claim.label}  {article.id}:{start}-{end}  “{claim.quote}”")
    return 0


def claims(args: argparse.Namespace, corpus: Corpus, store: AnnotationStore) -> int:
    book = AnnotationBook(store)
    results = book.reanchor_all(corpus)
    found = [result.annotation for result in results if result.annotation.kind == "claim"]
    if args.json:
        payload = {"claims": [claim.to_record() for claim in found]}
        print_json(payload)
        return 0
    for claim in found:
        flag = " ORPHANED" if claim.orphaned else ""
        note = f"  — {claim.note}" if claim.note else ""
        print(f"{claim.id}  {claim.label:<10} {claim.article_id}:{claim.start}-{claim.end}"
              f"{flag}  “{claim.quote}”{note}")
    return 0
