"""``compare``: where the reports agree, disagree and stay silent (headless)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from syria_reader.tui.cli.common import Commands, add_command, open_workspace
from syria_reader.tui.untrusted import one_line, print_json

if TYPE_CHECKING:
    from syria_reader.annotations.compare.stories import Comparison
    from syria_reader.annotations.workspace import Workspace


class UnknownLabelError(ValueError):
    """--label names a label neither the corpus nor any claim has."""


def cmd_compare(args: argparse.Namespace) -> int:
    from syria_reader.annotations.compare import stories as story_filters

    if args.json and args.format != "text":
        raise ValueError("--json prints JSON; leave out --format, or leave out --json")
    if args.json and args.output:
        raise ValueError("--json prints to standard output (> FILE to keep it); -o writes "
                         "a report: --format md or html")
    if args.output and args.format == "text" and not args.json:
        raise ValueError("-o writes a report: give --format md or --format html")
    workspace = open_workspace(args)
    if args.label:
        _check_label(workspace, args.label)
    comparison = workspace.compare()
    if args.disagreements:
        comparison.stories = story_filters.disagreeing(comparison.stories)
    if args.label:
        comparison.stories = story_filters.labelled(comparison.stories, args.label)
    if args.json:
        print_json(comparison.to_dict())
    elif args.format == "text":
        _print_text(comparison)
    else:
        _write(args.format, comparison, args.output)
    return 0


def _check_label(workspace: Workspace, label: str) -> None:
    """A label that is nowhere (a typo: 'figur') is an error, not "0 stories": one the
    corpus defines or a claim carries (an imported one, say) is known, used or not."""
    from syria_reader.annotations.labels import load_labels

    known = [found.name for found in load_labels(workspace.corpus.root)]
    known += sorted({claim.label for claim in workspace.annotations()
                     if claim.label and claim.label not in known})
    if label not in known:
        raise UnknownLabelError(f"unknown label '{label}'; the labels are {', '.join(known)}")


def _write(kind: str, comparison: Comparison, output: str | None) -> None:
    from syria_reader.annotations.compare.output import KINDS, write_report
    from syria_reader.annotations.formats.export import STDOUT

    if output == STDOUT:
        sys.stdout.write(KINDS[kind].render(comparison))  # through the visible filter
        return
    print(one_line(write_report(kind, comparison, Path(output) if output else None)))


def _print_text(comparison: Comparison) -> None:
    from syria_reader.annotations.compare.stories import short_quote

    columns = {c.id: c for c in comparison.columns}
    print(f"{len(comparison.stories)} stories across {len(comparison.columns)} articles"
          + (f" ({len(comparison.undated)} undated, listed last)" if comparison.undated else ""))
    # Each line below is one thing (a story, a passage, a difference): a line break or
    # tab in a title, source or label is shown as its stand-in, never a line of its own.
    for story in comparison.stories:
        flags = f"  [{', '.join(story.flags)}]" if story.flags else ""
        print()
        print(one_line(f"{story.id}  {story.title}{flags}"))
        for passage in story.passages:
            column = columns.get(passage.claim.article_id)
            source = (column.source or column.title) if column else passage.claim.article_id
            date = (column.date if column else None) or "undated"
            label = f" [{passage.claim.label}]" if passage.claim.label else ""
            note = f" — {' '.join(passage.claim.note.split())}" if passage.claim.note else ""
            gone = " (no longer in the article's text)" if passage.orphaned else ""
            print(one_line(f"  {source}, {date}{label}: "
                           f"“{' '.join(passage.claim.quote.split())}”{note}{gone}"))
        for difference in story.differences:
            print(one_line(f"  figures differ: {difference.describe()}"))
        quotes = {p.claim.id: p.claim.quote for p in story.passages}
        for link in story.links:
            if link.relation in ("contradicts", "updates"):
                print(one_line(f"  “{short_quote(quotes[link.source])}” {link.relation} "
                               f"“{short_quote(quotes[link.target])}”"))
        if story.silent_count:
            print(f"  silent: {story.silent_count} of {len(comparison.columns)} articles")
        if story.elsewhere:
            print(f"  and {story.elsewhere} in articles no longer in the corpus")


def register(commands: Commands) -> None:
    compare = add_command(
        commands, "compare", "where the reports agree, disagree and stay silent",
        "Groups the claims into stories by their confirmed links and shows, per story, "
        "each article's passages, the figures that differ, contradicting and updating "
        "links, and the articles that say nothing on it; the stories where the reports "
        "part come first, articles by date (undated last). --json for scripts; --format "
        "md or html writes a report (one self-contained HTML page, no script) to -o PATH "
        "(default: syria-reader-compare-YYYYMMDD-HHMMSS.EXT; '-': standard output).",
    )
    compare.add_argument("--json", action="store_true", help="print JSON")
    compare.add_argument("--format", "-f", choices=("text", "md", "html"), default="text",
                         help="text (default), md or html")
    compare.add_argument("-o", "--output", metavar="PATH",
                         help="the report's file (a folder puts the default name in it; "
                              "'-': standard output)")
    compare.add_argument("--disagreements", action="store_true",
                         help="only the stories where the reports part")
    compare.add_argument("--label", metavar="LABEL",
                         help="only stories with a claim of LABEL (a label neither the "
                              "corpus nor any claim has is an error, exit 2)")
    compare.set_defaults(handler=cmd_compare)
