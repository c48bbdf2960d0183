"""``tag`` and ``claims``: the analyst's claims from the command line (headless)."""

from __future__ import annotations

import argparse

from syria_reader.tui.cli.common import Commands, add_command, open_corpus, open_workspace
from syria_reader.tui.text_wrap import clip
from syria_reader.tui.untrusted import one_line, print_json


class LabelError(ValueError):
    """A label that is not in the corpus's label set."""


class NoteKeptError(ValueError):
    """``tag --note`` on a claim that exists with another note: the note was not saved."""


def cmd_tag(args: argparse.Namespace) -> int:
    """Checks the article, label and quote first: a mistake opens no database."""
    from syria_reader.annotations.labels import load_labels
    from syria_reader.corpus.search import locate

    corpus = open_corpus(args)
    article = corpus.get(args.article)
    labels = [label.name for label in load_labels(corpus.root)]
    if args.label not in labels:
        raise LabelError(f"unknown label '{args.label}'; one of {', '.join(labels)}")
    start, end = locate(article, args.quote, args.occurrence)
    workspace = open_workspace(args, corpus, writes=True)
    claim, created = workspace.tag(article, start, end, args.label, args.note or "")
    if not created and args.note and args.note != claim.note:
        # The claim stands as it was: its note is the analyst's work and tag never
        # replaces it, but a note the user typed is not dropped without a word either.
        kept = f"keeps its note “{clip(claim.note, 40)}”" if claim.note else "has no note"
        raise NoteKeptError(
            f"claim {claim.id} is tagged already with this label and {kept}; the new "
            "note was not saved: change a claim's note in the reader (n on the claim)")
    if args.json:
        print_json(claim.to_record())
    else:
        again = "" if created else "  (tagged already: the same claim)"
        print(one_line(f"{claim.id}  {claim.label}  {article.id}:{start}-{end}  "
                       f"“{claim.quote}”{again}"))
    return 0


def cmd_claims(args: argparse.Namespace) -> int:
    # The stand-alone notes too, as the reader's C lists them: each record says its
    # kind, and the text marks a note where a claim has its label.
    found = open_workspace(args).annotations()
    if args.json:
        print_json({"claims": [claim.to_record() for claim in found]})
        return 0
    # One record a line: a line break in a quote or note is shown ("␊"), so a note
    # cannot fake a row of its own.
    for claim in found:
        flag = {"orphaned": " ORPHANED", "changed": " CHANGED", "moved": " moved"}.get(
            claim.anchor, "")
        if claim.anchor == "changed":
            flag += f" (tagged as “{claim.original_quote}”)"
        note = f"  — {claim.note}" if claim.note else ""
        label = claim.label if claim.kind == "claim" else "(note)"
        print(one_line(f"{claim.id}  {label:<10} {claim.article_id}:{claim.start}-"
                       f"{claim.end}{flag}  “{claim.quote}”{note}"))
    return 0


def cmd_delete(args: argparse.Namespace) -> int:
    workspace = open_workspace(args, writes=True)
    annotation = workspace.annotation(args.annotation)  # an id or a unique prefix
    workspace.delete(annotation)
    print(one_line(f"deleted {annotation.kind} {annotation.id}  {annotation.article_id}:"
                   f"{annotation.start}-{annotation.end}  “{annotation.quote}” (and its links)"))
    return 0


def register(commands: Commands) -> None:
    tag = add_command(
        commands, "tag", "tag a quote of an article as a claim",
        "Stores a claim on the exact text QUOTE of ARTICLE, with a label and a note. "
        "The same quote, label and author tagged again is the same claim, unchanged: "
        "given with a --note other than the claim's own, the note is not saved and the "
        "command says so on stderr and exits 2 (a note is changed in the reader, n).",
    )
    tag.add_argument("article", metavar="ARTICLE", help="article id or unique prefix")
    tag.add_argument("quote", metavar="QUOTE", help="exact text of the article")
    tag.add_argument("--label", required=True, help="figure, event, policy, statement, ...")
    tag.add_argument("--note", help="a note on a new claim (an existing one keeps its own)")
    tag.add_argument("--occurrence", type=int, default=1, metavar="N",
                     help="the N-th occurrence of QUOTE in the article (default 1)")
    tag.add_argument("--json", action="store_true", help="print the record as JSON")
    tag.set_defaults(handler=cmd_tag)

    claims = add_command(
        commands, "claims", "list the tagged claims and notes",
        "Every claim with its label, place and quote, and every note on a passage (marked "
        "'(note)'; in JSON, \"kind\": \"note\"); re-anchored first if a text changed.",
    )
    claims.add_argument("--json", action="store_true", help="print JSON")
    claims.set_defaults(handler=cmd_claims)

    delete = add_command(
        commands, "delete", "delete a claim or note, and its links",
        "Deletes the annotation ID (an id as 'claims' lists it, or a unique prefix) and "
        "the links to it.",
    )
    delete.add_argument("annotation", metavar="ID", help="annotation id or unique prefix")
    delete.set_defaults(handler=cmd_delete)
