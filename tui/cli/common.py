"""What every command shares: the parser's shape, opening the corpus and the
workspace, and printing a table. Loads no store, no Textual, no spaCy."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from syria_reader.corpus import Corpus, load_corpus
from syria_reader.corpus.formats import KINDS
from syria_reader.corpus.model_name import ModelChoice, model_package_name
from syria_reader.tui.untrusted import one_line

if TYPE_CHECKING:
    from syria_reader.annotations.workspace import Workspace

PROG = "syria-reader"
Commands = argparse._SubParsersAction


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, not usage plus error
        # One line even when it quotes an argument holding a line break.
        self.exit(2, f"{self.prog}: error: {one_line(message)} (see {PROG} --help)\n")


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
        "--model", metavar="NAME", type=model_name, default=default,
        help="the spaCy pipeline that recognises the entities, if installed, e.g. "
             "en_core_web_md, en_core_web_lg or en_core_web_trf (default: 'model' in the "
             "config file, else the small English model)",
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


def open_corpus(args: argparse.Namespace, cache: bool = True) -> Corpus:
    """The corpus the options name; ``cache``: keep and read its files' facts (the facts
    cache), which a command that only needs the corpus's place should not create."""
    corpus = load_corpus(Path(args.corpus) if args.corpus else None,
                         getattr(args, "encoding", None), cache=cache)
    for skipped in corpus.skipped:
        print(one_line(f"{PROG}: skipped {skipped.path}: {skipped.reason}"), file=sys.stderr)
    for notice in corpus.notices:
        print(one_line(f"{PROG}: note: {notice.path}: {notice.message}"), file=sys.stderr)
    return corpus


def model_name(text: str) -> str:
    """An argparse type: the name of a spaCy pipeline package (installed or not)."""
    try:
        return model_package_name(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def model_choice(args: argparse.Namespace) -> ModelChoice | None:
    """The spaCy pipeline a command recognises with: ``--model``, else the config file's
    ``model``; ``None``, the default. A problem with the setting is a note on stderr
    (the default is used); a model that is not installed is an error when recognition
    needs it."""
    if getattr(args, "model", None):
        return ModelChoice(args.model, "--model")
    from syria_reader.tui.config import config_path, load_model_setting

    path = config_path()
    model, problem = load_model_setting(path)
    if problem:
        print(one_line(f"{PROG}: note: {problem}"), file=sys.stderr)
    return ModelChoice(model, f"'model' in {path}") if model else None


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
    workspace.model_choice = lambda: model_choice(args)  # read when entities load
    if load:
        workspace.load()  # may add notices: annotations gone with their text elsewhere
    for notice in workspace.notices:
        print(one_line(f"{PROG}: note: {notice}"), file=sys.stderr)
    return workspace


def print_table(rows: list[dict[str, object]], columns: list[str]) -> None:
    """One row a line: a line break or tab in a cell (a file name, a title) is shown as
    its stand-in, never a row or column of its own."""
    cells = [[("" if row[c] is None else one_line(row[c])) for c in columns] for row in rows]
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
