"""The ``syria-reader`` command line: the reader, and headless subcommands.

One module per command group, each adding its commands with ``register``; this one
builds the parser from them and runs the command. Headless commands never import
Textual or spaCy, so scripts that call them in a loop pay only for what they use.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from syria_reader.annotations.store.errors import StoreError
from syria_reader.corpus import CorpusError
from syria_reader.tui.cli import (
    adding,
    articles,
    claims,
    compare,
    entities,
    exchange,
    linking,
    meta,
    paths,
    serve,
)
from syria_reader.tui.cli.common import PROG, Parser, add_common_options
from syria_reader.tui.cli.reader import cmd_read
from syria_reader.tui.untrusted import one_line, visible_output

COMMAND_GROUPS = (articles, adding, meta, entities, exchange, linking, claims, compare, paths,
                  serve)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version  # 30 ms: only for --version

    try:
        return version("syria-reader")
    except PackageNotFoundError:
        return "unknown"


class _VersionAction(argparse.Action):
    """``--version``, looked up only when asked for."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, **kwargs)  # type: ignore[arg-type]

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> NoReturn:
        print(f"{PROG} {_version()}")
        parser.exit(0)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog=PROG,
        description="Read news reports side by side and annotate their claims.",
        epilog=f"Run '{PROG}' alone to open the reader on the bundled corpus.",
    )
    add_common_options(parser, None)
    parser.add_argument("--version", action=_VersionAction, help="show the version and exit")
    parser.set_defaults(handler=cmd_read)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=Parser)
    for group in COMMAND_GROUPS:
        group.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # Every plain line we print may quote a file name, a title or a note: shown
    # visibly, so none can send a terminal sequence (see tui/untrusted.py).
    with visible_output():
        try:
            args = build_parser().parse_args(argv)
        except KeyboardInterrupt:  # Ctrl-C while the commands load
            return _interrupted()
        handler: Callable[[argparse.Namespace], int] = args.handler
        return _run(handler, args)


def _interrupted() -> int:
    # One line, and no more: whatever the command had already saved stays saved (each
    # change is written whole), so a line saying "nothing was changed" would be wrong.
    print(f"{PROG}: interrupted", file=sys.stderr)
    return 130  # 128 + SIGINT, as a shell reports it


def _run(handler: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    try:
        return handler(args)
    except (CorpusError, LookupError, StoreError, ValueError) as error:
        # One line, even when the message quotes a name that holds a line break.
        print(f"{PROG}: error: {one_line(_message(error))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return _interrupted()
    except BrokenPipeError:
        # The reader of our output went away (| head): not an error worth a traceback.
        sys.stderr.close()
        return 0
    except OSError as error:
        print(f"{PROG}: error: {one_line(error)}", file=sys.stderr)
        return 1
    except Exception as error:  # a bug: one line naming the log of its traceback
        if os.environ.get("SYRIA_READER_DEBUG"):
            raise
        from syria_reader.tui.crash_log import report_crash

        return report_crash(error)


def _message(error: Exception) -> str:
    return str(error.args[0]) if isinstance(error, LookupError) and error.args else str(error)


def run() -> NoReturn:
    sys.exit(main())
