"""What every command shares: the parser's shape, opening the corpus and the
workspace, and printing a table. Loads no store, no Textual, no spaCy."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from syria_reader.corpus import Corpus, load_corpus
from syria_reader.corpus.formats import KINDS

if TYPE_CHECKING:
    from syria_reader.annotations.workspace import Workspace

PROG = "syria-reader"
Commands = argparse._SubParsersAction


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, not usage plus error
        self.exit(2, f"{self.prog}: error: {message} (see {PROG} --help)\n")


def add_common_options(parser: argparse.ArgumentParser, default: object) -> None:
    # Each parser gets its own actions: shared ones would share their defaults, and a
    # subcommand's default would then overwrite an option given before the subcommand.
    parser.add_argument(
        "--corpus", metavar="DIR", default=default,
        help=f"folder of articles: {KINDS} (default: the bundled corpus)",
    )
    parser.add_argument(
        "--encoding", metavar="NAME", default=default,
        help="the encoding of articles that are not UTF-8, e.g. cp1252 or latin-1 "
             "(default: Windows-1252 when the text reads as it, else detected)",
    )
    parser.add_argument(
        "--db", metavar="FILE", default=default,
        help="annotation database (default: one per corpus in the user data folder)",
    )


def add_command(commands: Commands, name: str, help: str,
                description: str) -> argparse.ArgumentParser:
    command: argparse.ArgumentParser = commands.add_parser(
        name, help=help, description=description)
    add_common_options(command, argparse.SUPPRESS)
    return command


def open_corpus(args: argparse.Namespace) -> Corpus:
    corpus = load_corpus(Path(args.corpus) if args.corpus else None,
                         getattr(args, "encoding", None))
    for skipped in corpus.skipped:
        print(f"{PROG}: skipped {skipped.path}: {skipped.reason}", file=sys.stderr)
    for notice in corpus.notices:
        print(f"{PROG}: note: {notice.path}: {notice.message}", file=sys.stderr)
    return corpus


def db_path(args: argparse.Namespace) -> Path | None:
    return Path(args.db) if getattr(args, "db", None) else None


def open_workspace(args: argparse.Namespace, corpus: Corpus | None = None,
                   load: bool = True, writes: bool = False) -> Workspace:
    """The workspace of the command's corpus and database, loaded unless asked not.

    A command that only reads (``writes=False``) creates no database: a missing one
    reads as empty.
    """
    from syria_reader.annotations.workspace import Workspace

    workspace = Workspace.open(corpus or open_corpus(args), db_path(args), create=writes)
    for notice in workspace.notices:
        print(f"{PROG}: note: {notice}", file=sys.stderr)
    if load:
        workspace.load()
    return workspace


def print_table(rows: list[dict[str, object]], columns: list[str]) -> None:
    cells = [[("" if row[c] is None else str(row[c])) for c in columns] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    print("  ".join(c.upper().ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip())
    for row in cells:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())


def positive(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: '{text}'") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value
