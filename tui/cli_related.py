"""The ``related``, ``link`` and ``links`` subcommands (headless: no Textual, no spaCy).

``register(commands, add_command)`` adds them to the ``syria-reader`` parser; each
handler opens the corpus and the store the way the other subcommands do.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING

from syria_reader.annotations.vocabulary import RELATIONS, passage_ref
from syria_reader.tui.untrusted import print_json

if TYPE_CHECKING:  # loaded by the handlers: building the parser must stay cheap, since
    # the reader builds it too and every import here delays its first frame
    from syria_reader.annotations.book import AnnotationBook
    from syria_reader.annotations.model import Annotation
    from syria_reader.annotations.related import RelatedIndex, RelatedResult
    from syria_reader.annotations.store import AnnotationStore
    from syria_reader.corpus import Article, Corpus

# Typographic characters a user types plainly; each maps to one character, so offsets
# found in the folded text are offsets in the real one.
_PLAIN = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " ",
                        "\u2009": " ", "\u202f": " ", "–": "-", "—": "-"})
AddCommand = Callable[[argparse._SubParsersAction, str, str, str], argparse.ArgumentParser]


def find_quote(article: Article, quote: str) -> tuple[int, int] | None:
    """The span of ``quote`` in the article: exact, else with typographic quotes, dashes
    and no-break spaces read as the plain ones; None if it is not there."""
    if not quote.strip():
        return None
    start = article.text.find(quote)
    if start < 0:
        start = article.text.translate(_PLAIN).find(quote.translate(_PLAIN))
    return (start, start + len(quote)) if start >= 0 else None


def _claims(book: AnnotationBook) -> list[Annotation]:
    return [a for a in book.annotations() if a.kind == "claim" and not a.orphaned]


def _index(corpus: Corpus, store: AnnotationStore, claims: list[Annotation]) -> RelatedIndex:
    from syria_reader.annotations.related import RelatedIndex
    from syria_reader.tui.cli_entities import _index as entity_index  # its progress and stale notes

    return RelatedIndex.build(corpus, entity_index(corpus, store), claims)


def related(args: argparse.Namespace, corpus: Corpus, store: AnnotationStore) -> int:
    article = corpus.get(args.article)
    within = corpus.get(args.in_article).id if args.in_article else None
    if args.limit < 1:
        raise ValueError(f"--limit must be at least 1, not {args.limit}")
    from syria_reader.annotations.book import AnnotationBook
    from syria_reader.annotations.links import rejected_refs

    book = AnnotationBook(store)
    claims = _claims(book)
    index = _index(corpus, store, claims)
    span = find_quote(article, args.quote)
    if span is None:  # not the article's text: a free query, still about that article
        results = index.query(args.quote, article_id=article.id, in_article=within,
                              limit=args.limit)
    else:
        start, end = span
        claim = next((c for c in claims if c.article_id == article.id
                      and (c.start, c.end) == span), None)
        source: str | Annotation = claim or passage_ref(article.id, start, end)
        results = index.query_span(article.id, start, end, in_article=within,
                                   limit=args.limit, exclude_refs=rejected_refs(book, source))
    if args.json:
        payload = {"results": [result.to_dict() for result in results]}
        print_json(payload)
    else:
        _print_results(results)
    return 0


def _print_results(results: list[RelatedResult]) -> None:
    for rank, result in enumerate(results, 1):
        claim = f"  claim {result.claim_id}" if result.claim_id else ""
        print(f"{rank}. {result.score:.2f}  {result.article}:{result.start}-{result.end}"
              f"{claim}  “{result.text}”")
        if result.reasons:
            print(f"   {'; '.join(result.reasons)}")


def link(args: argparse.Namespace, corpus: Corpus, store: AnnotationStore) -> int:
    if args.relation not in RELATIONS:
        raise ValueError(f"unknown relation '{args.relation}'; one of {', '.join(RELATIONS)}")
    from syria_reader.annotations.book import AnnotationBook
    from syria_reader.annotations.links import new_link

    book = AnnotationBook(store)
    source = book.annotation(args.source)  # an unknown id: LookupError, one line
    target = book.annotation(args.target)
    made = new_link(source, target, relation=args.relation)
    book.add_link(made.to_record())
    if getattr(args, "json", False):
        print_json(made.to_record())
    else:
        print(f"{made.id}  {made.relation}  {_where(source)} -> {_where(target)}")
    return 0


def _where(annotation: Annotation) -> str:
    return f"{annotation.article_id}:{annotation.start}-{annotation.end} “{annotation.quote}”"


def links(args: argparse.Namespace, corpus: Corpus, store: AnnotationStore) -> int:
    from syria_reader.annotations.book import AnnotationBook
    from syria_reader.annotations.links import all_links

    book = AnnotationBook(store)
    found = all_links(book, include_rejected=getattr(args, "all", False))
    if args.json:
        print_json({"links": [link.to_record() for link in found]})
        return 0
    annotations = {annotation.id: annotation for annotation in book.annotations()}
    for one in found:
        origin = "" if one.origin == "confirmed" else f" ({one.origin})"
        print(f"{one.id}  {one.relation or '-'}{origin}  "
              f"{_end(one.source, annotations)} -> {_end(one.target, annotations)}")
    return 0


def _end(ref: str, annotations: dict[str, Annotation]) -> str:
    return _where(annotations[ref]) if ref in annotations else ref


# -- the parser -------------------------------------------------------------------------


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: '{text}'") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def _run(command: Callable[[argparse.Namespace, Corpus, AnnotationStore], int],
         args: argparse.Namespace) -> int:
    from syria_reader.tui.cli import (  # lazily: tui.cli imports this module
        _open_corpus,
        _open_store,
    )

    corpus = _open_corpus(args)
    return command(args, corpus, _open_store(args, corpus))


def cmd_related(args: argparse.Namespace) -> int:
    return _run(related, args)


def cmd_link(args: argparse.Namespace) -> int:
    return _run(link, args)


def cmd_links(args: argparse.Namespace) -> int:
    return _run(links, args)


def register(commands: argparse._SubParsersAction, add_command: AddCommand) -> None:
    """Add ``related``, ``link`` and ``links`` to the subcommands of ``syria-reader``."""
    found = add_command(
        commands, "related", "passages of the other articles related to a quote",
        "Ranks the sentences and claims of the other articles by how related they are to "
        "QUOTE (exact text of ARTICLE, or any text), with the reasons: shared entities, "
        "figures that differ, shared words. Scores are 0 to 1.",
    )
    found.add_argument("article", metavar="ARTICLE", help="article id or unique prefix")
    found.add_argument("quote", metavar="QUOTE", help="text of the article, or any text")
    found.add_argument("--in", dest="in_article", metavar="ARTICLE",
                       help="only passages of this article")
    found.add_argument("--limit", type=_positive, default=5, metavar="K",
                       help="how many passages (default 5)")
    found.add_argument("--json", action="store_true", help="print JSON")
    found.set_defaults(handler=cmd_related)

    made = add_command(
        commands, "link", "link two claims",
        "Stores a confirmed link from claim SOURCE_ID to claim TARGET_ID (ids as "
        "'claims' lists them) with a relation; undo in the reader takes it back.",
    )
    made.add_argument("source", metavar="SOURCE_ID", help="annotation id")
    made.add_argument("target", metavar="TARGET_ID", help="annotation id")
    made.add_argument("--relation", required=True, choices=RELATIONS,
                      help="how TARGET relates to SOURCE")
    made.add_argument("--json", action="store_true", help="print the new record as JSON")
    made.set_defaults(handler=cmd_link)

    listed = add_command(
        commands, "links", "list the links between claims",
        "Every confirmed or suggested link with its relation and both ends.",
    )
    listed.add_argument("--json", action="store_true", help="print JSON")
    listed.add_argument("--all", action="store_true",
                        help="also the rejected suggestions (never suggested again)")
    listed.set_defaults(handler=cmd_links)
