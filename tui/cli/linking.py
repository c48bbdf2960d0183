"""``related``, ``link`` and ``links``: counterparts in the other articles, and the links
between claims (headless: no Textual, no spaCy)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from syria_reader.annotations.vocabulary import RELATIONS
from syria_reader.tui.cli.common import Commands, add_command, open_workspace, positive
from syria_reader.tui.untrusted import one_line, print_json

if TYPE_CHECKING:
    from syria_reader.annotations.linking.results import RelatedResult
    from syria_reader.annotations.store.model import Annotation
    from syria_reader.corpus import Article

# Typographic characters a user types plainly; each maps to one character, so offsets
# found in the folded text are offsets in the real one.
_PLAIN = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " ",
                        "\u2009": " ", "\u202f": " ", "–": "-", "—": "-"})


def find_quote(article: Article, quote: str) -> tuple[int, int] | None:
    """The span of ``quote`` in the article: exact, else with typographic quotes, dashes
    and no-break spaces read as the plain ones; None if it is not there."""
    if not quote.strip():
        return None
    start = article.text.find(quote)
    if start < 0:
        start = article.text.translate(_PLAIN).find(quote.translate(_PLAIN))
    return (start, start + len(quote)) if start >= 0 else None


def cmd_related(args: argparse.Namespace) -> int:
    from syria_reader.tui.cli.entities import entity_index

    workspace = open_workspace(args)
    corpus = workspace.corpus
    article = corpus.get(args.article)
    within = corpus.get(args.in_article).id if args.in_article else None
    entity_index(workspace)
    index = workspace.build_related()
    span = find_quote(article, args.quote)
    if span is None:  # not the article's text: a free query, still about that article
        results = index.query(args.quote, article_id=article.id, in_article=within,
                              limit=args.limit)
    else:
        claim = next((c for c in workspace.claims() if c.article_id == article.id
                      and (c.start, c.end) == span and not c.orphaned), None)
        results = workspace.related_to(article, *span, existing=claim, limit=args.limit,
                                       in_article=within, other_articles_only=False)
    if args.json:
        print_json({"results": [result.to_dict() for result in results]})
    else:
        _print_results(results)
    return 0


def _print_results(results: list[RelatedResult]) -> None:
    """One line per passage: rank, score, the suggested relation ("(weak)" after it when
    the score is under the one most look-alikes fall under), where, the text; then its
    reasons. Printed through the command's visible stream, like all its output."""
    for rank, result in enumerate(results, 1):
        claim = f"  claim {result.claim_id}" if result.claim_id else ""
        weak = " (weak)" if result.weak else ""
        print(one_line(f"{rank}. {result.score:.2f}  {result.relation}{weak}  "
                       f"{result.article}:{result.start}-{result.end}{claim}  “{result.text}”"))
        if result.reasons:
            print(one_line(f"   {'; '.join(result.reasons)}"))


def cmd_link(args: argparse.Namespace) -> int:
    workspace = open_workspace(args, writes=True)
    source = workspace.annotation(args.source)  # an unknown id: LookupError, one line
    target = workspace.annotation(args.target)
    made, created = workspace.link(source, target, args.relation)
    if args.json:
        print_json(made.to_record())
    else:
        again = "" if created else "  (linked already: the same link)"
        print(one_line(f"{made.id}  {made.relation}  {_where(source)} -> {_where(target)}"
                       f"{again}"))
    return 0


def _where(annotation: Annotation) -> str:
    return f"{annotation.article_id}:{annotation.start}-{annotation.end} “{annotation.quote}”"


def cmd_unlink(args: argparse.Namespace) -> int:
    workspace = open_workspace(args, writes=True)
    link = workspace.link_by_id(args.link)  # an id or a unique prefix
    workspace.unlink(link)
    print(one_line(f"unlinked {link.id}  {link.relation or '-'}  {link.source} -> "
                   f"{link.target}"))
    return 0


def cmd_links(args: argparse.Namespace) -> int:
    workspace = open_workspace(args)
    found = workspace.links(include_rejected=args.all)
    if args.json:
        print_json({"links": [link.to_record() for link in found]})
        return 0
    annotations = {annotation.id: annotation for annotation in workspace.annotations()}
    for one in found:
        origin = "" if one.origin == "confirmed" else f" ({one.origin})"
        ends = (_where(annotations[ref]) if ref in annotations else ref
                for ref in (one.source, one.target))
        # One link a line: a line break in a quote is shown, never a row of its own.
        print(one_line(f"{one.id}  {one.relation or '-'}{origin}  {' -> '.join(ends)}"))
    return 0


def register(commands: Commands) -> None:
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
    found.add_argument("--limit", type=positive, default=5, metavar="K",
                       help="how many passages (default 5)")
    found.add_argument("--json", action="store_true", help="print JSON")
    found.set_defaults(handler=cmd_related)

    made = add_command(
        commands, "link", "link two claims",
        "Stores a confirmed link from claim SOURCE_ID to claim TARGET_ID (ids as 'claims' "
        "lists them, or unique prefixes of them) with a relation. The same link twice is "
        "one link.",
    )
    made.add_argument("source", metavar="SOURCE_ID", help="annotation id or unique prefix")
    made.add_argument("target", metavar="TARGET_ID", help="annotation id or unique prefix")
    made.add_argument("--relation", required=True, choices=RELATIONS,
                      help="how TARGET relates to SOURCE")
    made.add_argument("--json", action="store_true", help="print the record as JSON")
    made.set_defaults(handler=cmd_link)

    listed = add_command(
        commands, "links", "list the links between claims",
        "Every confirmed or suggested link with its relation and both ends.",
    )
    listed.add_argument("--json", action="store_true", help="print JSON")
    listed.add_argument("--all", action="store_true",
                        help="also the suggestions rejected in the reader")
    listed.set_defaults(handler=cmd_links)

    unlinked = add_command(
        commands, "unlink", "delete a link",
        "Deletes the link LINK_ID (an id as 'links' lists it, or a unique prefix); a "
        "rejected suggestion deleted so may be suggested again.",
    )
    unlinked.add_argument("link", metavar="LINK_ID", help="link id or unique prefix")
    unlinked.set_defaults(handler=cmd_unlink)
