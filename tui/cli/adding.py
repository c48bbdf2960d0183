"""``add``: web addresses and files made articles of a corpus folder (headless)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from syria_reader.corpus.formats import KINDS
from syria_reader.tui.cli.common import PROG, Commands, add_command
from syria_reader.tui.untrusted import one_line


def cmd_add(args: argparse.Namespace) -> int:
    """Prints the path of each article written; a line per article on stderr; exits 1
    when any source could not be added."""
    from syria_reader.corpus import bundled_corpus_dir
    from syria_reader.corpus.adding import Added, AddError, add_articles
    from syria_reader.corpus.decoding import check_encoding

    if not getattr(args, "corpus", None):
        raise ValueError("name the corpus folder to add to with --corpus DIR")
    folder = Path(args.corpus).expanduser()
    if folder.resolve().is_relative_to(bundled_corpus_dir().resolve()):
        raise ValueError("the bundled corpus is not changed; name your own folder with --corpus")
    if folder.exists() and not folder.is_dir():
        raise ValueError(f"not a folder: {folder}")
    encoding = getattr(args, "encoding", None)
    if encoding:
        encoding = check_encoding(encoding)

    def report(number: int, total: int, source: str, outcome: Added | AddError) -> None:
        if isinstance(outcome, AddError):
            line = f"failed: {outcome}"
        elif outcome.new:
            line = f"added '{outcome.title}' as {outcome.path.name}"
            if outcome.unread_date:
                line += f" (its date '{outcome.unread_date}' is not a full date; left out)"
            print(one_line(outcome.path), flush=True)
        else:
            line = f"{source}: already in the corpus as {outcome.path.name}; not added again"
        print(f"{PROG}: [{number}/{total}] {one_line(line)}", file=sys.stderr, flush=True)

    outcomes = add_articles(args.sources, folder, encoding, on_progress=report)
    return 1 if any(isinstance(outcome, AddError) for outcome in outcomes) else 0


def register(commands: Commands) -> None:
    adding = add_command(
        commands, "add", "add web pages and files to a corpus folder as articles",
        f"Fetches each web address (http or https) or reads each file ({KINDS}), "
        "extracts its plain text and writes it into the --corpus folder as "
        "a .txt article with front matter (title, source, date, url). Never writes over a "
        "file; an article the folder already has (same address or same text) is not "
        "added again. Prints the path of each article written.",
    )
    adding.add_argument("sources", nargs="+", metavar="URL|FILE",
                        help="web addresses and files to add")
    adding.set_defaults(handler=cmd_add)
