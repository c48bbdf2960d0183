"""The ``syria-reader`` command line: the reader, and headless subcommands.

Headless subcommands never import Textual or spaCy, so scripts that call them in a
loop pay only for what they use.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from syria_reader.annotations.errors import StoreError
from syria_reader.corpus import Corpus, CorpusError, load_corpus
from syria_reader.tui.untrusted import print_json, visible_output

if TYPE_CHECKING:
    from syria_reader.annotations.store import AnnotationStore

PROG = "syria-reader"


class UserError(Exception):
    """A mistake the user can fix; printed as one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, not usage plus error
        self.exit(2, f"{self.prog}: error: {message} (see {PROG} --help)\n")


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


def _open_corpus(args: argparse.Namespace) -> Corpus:
    corpus = load_corpus(Path(args.corpus) if args.corpus else None)
    for skipped in corpus.skipped:
        print(f"{PROG}: skipped {skipped.path}: {skipped.reason}", file=sys.stderr)
    for notice in corpus.notices:
        print(f"{PROG}: note: {notice.path}: {notice.message}", file=sys.stderr)
    return corpus


def _open_store(args: argparse.Namespace, corpus: Corpus) -> AnnotationStore:
    from syria_reader.annotations.store import AnnotationStore

    return AnnotationStore.for_corpus(corpus.root, Path(args.db) if args.db else None)


def _print_table(rows: list[dict[str, object]], columns: list[str]) -> None:
    cells = [[("" if row[c] is None else str(row[c])) for c in columns] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    print("  ".join(c.upper().ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip())
    for row in cells:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())


def cmd_articles(args: argparse.Namespace) -> int:
    corpus = _open_corpus(args)
    rows = [article.summary() for article in corpus.articles]
    if args.json:
        print_json({"articles": rows})
    else:
        from syria_reader.tui.text_wrap import clip

        for row in rows:
            row["sha256"] = str(row["sha256"])[:12]
            row["title"] = clip(str(row["title"]), 60)
        _print_table(rows, ["id", "title", "source", "date", "words", "sentences", "sha256"])
    return 0


def cmd_sentences(args: argparse.Namespace) -> int:
    article = _open_corpus(args).get(args.article)
    rows = [
        {"start": start, "end": end, "text": article.text[start:end]}
        for start, end in article.sentences
    ]
    if args.json:
        print_json({"article": article.id, "sentences": rows})
    else:
        for row in rows:
            print(f"{row['start']:>7} {row['end']:>7}  {row['text']}")
    return 0


def cmd_entities(args: argparse.Namespace) -> int:
    from syria_reader.tui.cli_entities import entities  # keeps the other commands' start-up light

    corpus = _open_corpus(args)
    return entities(args, corpus, _open_store(args, corpus))


def cmd_correct(args: argparse.Namespace) -> int:
    from syria_reader.tui.cli_entities import correct

    corpus = _open_corpus(args)
    return correct(args, corpus, _open_store(args, corpus))


def cmd_tag(args: argparse.Namespace) -> int:
    from syria_reader.tui.cli_claims import tag

    corpus = _open_corpus(args)
    return tag(args, corpus, lambda: _open_store(args, corpus))


def cmd_claims(args: argparse.Namespace) -> int:
    from syria_reader.tui.cli_claims import claims

    corpus = _open_corpus(args)
    return claims(args, corpus, _open_store(args, corpus))


def cmd_read(args: argparse.Namespace) -> int:
    from syria_reader.tui.heap import built_without_collections

    # Textual and the corpus live as long as the reader: collecting them while they
    # load cost the first frame about 60 ms (see tui/heap.py).
    with built_without_collections():
        corpus = _open_corpus(args)
        from syria_reader.tui.app import ReaderApp  # lazily: only the reader pays for Textual

        app = ReaderApp(corpus, db=Path(args.db) if args.db else None, freeze_loaded=True)
    app.run()
    if app.crash is not None:
        from syria_reader.tui.crash_log import report_crash

        return report_crash(app.crash)
    if app.fatal_error:
        # The database is opened in the reader's worker, so the text shows first; one
        # that cannot be opened ends the reader, untouched, with this one line.
        print(f"{PROG}: error: {app.fatal_error}", file=sys.stderr)
        return 2
    return app.return_code or 0


def _add_common_options(parser: argparse.ArgumentParser, default: object) -> None:
    # Each parser gets its own actions: shared ones would share their defaults, and a
    # subcommand's default would then overwrite an option given before the subcommand.
    parser.add_argument(
        "--corpus", metavar="DIR", default=default,
        help="folder of .txt/.md articles (default: the bundled corpus)",
    )
    parser.add_argument(
        "--db", metavar="FILE", default=default,
        help="annotation database (default: one per corpus in the user data folder)",
    )


def _add_command(
    commands: argparse._SubParsersAction, name: str, help: str, description: str
) -> argparse.ArgumentParser:
    command: argparse.ArgumentParser = commands.add_parser(
        name, help=help, description=description
    )
    _add_common_options(command, argparse.SUPPRESS)
    return command


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="Read news reports side by side and annotate their claims.",
        epilog=f"Run '{PROG}' alone to open the reader on the bundled corpus.",
    )
    _add_common_options(parser, None)
    parser.add_argument("--version", action=_VersionAction, help="show the version and exit")
    parser.set_defaults(handler=cmd_read)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=_Parser)

    articles = _add_command(
        commands, "articles", "list the articles of the corpus",
        "One row per article: id, title, source, date, words, sentences, sha256.",
    )
    articles.add_argument("--json", action="store_true", help="print JSON")
    articles.set_defaults(handler=cmd_articles)

    sentences = _add_command(
        commands, "sentences", "list an article's sentences with their offsets",
        "One row per sentence: start and end offsets into the text, and the text.",
    )
    sentences.add_argument("article", metavar="ARTICLE", help="article id or unique prefix")
    sentences.add_argument("--json", action="store_true", help="print JSON")
    sentences.set_defaults(handler=cmd_sentences)

    entities = _add_command(
        commands, "entities", "list the entities, clustered across the articles",
        "People, organisations, places, groups, dates and numbers, one row per real-world "
        "entity with its mentions in every article. The first run recognises them (in a "
        "separate process, shown on stderr); later runs read the cache.",
    )
    entities.add_argument("--json", action="store_true", help="print JSON")
    entities.set_defaults(handler=cmd_entities)

    _add_correct_command(commands)

    from syria_reader.tui.cli_export import register as register_export  # cheap: format names only

    register_export(commands, _add_command)

    from syria_reader.tui.cli_related import (
        register as register_related,  # loads no Textual, no spaCy
    )

    register_related(commands, _add_command)

    tag = _add_command(
        commands, "tag", "tag a quote of an article as a claim",
        "Stores a claim on the exact text QUOTE of ARTICLE, with a label and a note.",
    )
    tag.add_argument("article", metavar="ARTICLE", help="article id or unique prefix")
    tag.add_argument("quote", metavar="QUOTE", help="exact text of the article")
    tag.add_argument("--label", required=True, help="figure, event, policy, statement, ...")
    tag.add_argument("--note", help="a note on the claim")
    tag.add_argument("--occurrence", type=int, default=1, metavar="N",
                     help="the N-th occurrence of QUOTE in the article (default 1)")
    tag.add_argument("--json", action="store_true", help="print the new record as JSON")
    tag.set_defaults(handler=cmd_tag)

    claims = _add_command(
        commands, "claims", "list the tagged claims",
        "Every claim with its label, place and quote; re-anchored first if a text changed.",
    )
    claims.add_argument("--json", action="store_true", help="print JSON")
    claims.set_defaults(handler=cmd_claims)
    return parser


def _add_correct_command(commands: argparse._SubParsersAction) -> None:
    correct = _add_command(
        commands, "correct", "correct the entities: merge, split, retype, add, remove",
        "Corrections are stored in the annotation database and applied on every load.",
    )
    kinds = correct.add_subparsers(title="corrections", metavar="CORRECTION", required=True,
                                   dest="correction", parser_class=_Parser)
    merge = kinds.add_parser("merge", help="make two entities one")
    merge.add_argument("entity", metavar="ENTITY", help="entity id or name (kept)")
    merge.add_argument("other", metavar="OTHER", help="entity id or name (merged into ENTITY)")
    retype = kinds.add_parser("retype", help="change an entity's type")
    retype.add_argument("entity", metavar="ENTITY", help="entity id or name")
    retype.add_argument("type", metavar="TYPE", help="PERSON, ORG, GPE, LOC, NORP, ...")
    for name, help_text in (
        ("split", "make one mention an entity of its own"),
        ("add", "add a mention the recogniser missed"),
        ("remove", "remove a mention that is no entity"),
    ):
        kind = kinds.add_parser(name, help=help_text)
        kind.add_argument("article", metavar="ARTICLE", help="article id or unique prefix")
        kind.add_argument("quote", metavar="QUOTE", help="the mention's exact text")
        if name == "add":
            kind.add_argument("type", metavar="TYPE", help="PERSON, ORG, GPE, LOC, NORP, ...")
        kind.add_argument("--occurrence", type=int, default=1, metavar="N",
                          help="the N-th occurrence of QUOTE in the article (default 1)")
    listing = kinds.add_parser("list", help="list the corrections")
    listing.add_argument("--json", action="store_true", help="print JSON")
    delete = kinds.add_parser("delete", help="delete a correction")
    delete.add_argument("correction_id", metavar="ID")
    for parser in (merge, retype, listing, delete, *kinds.choices.values()):
        parser.set_defaults(handler=cmd_correct)
        if "corpus" not in {a.dest for a in parser._actions}:
            _add_common_options(parser, argparse.SUPPRESS)


def main(argv: Sequence[str] | None = None) -> int:
    # Every plain line we print may quote a file name, a title or a note: shown
    # visibly, so none can send a terminal sequence (see tui/untrusted.py).
    with visible_output():
        args = build_parser().parse_args(argv)
        handler: Callable[[argparse.Namespace], int] = args.handler
        return _run(handler, args)


def _run(handler: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    try:
        return handler(args)
    except (CorpusError, LookupError, StoreError, UserError, ValueError) as error:
        print(f"{PROG}: error: {_message(error)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader of our output went away (| head): not an error worth a traceback.
        sys.stderr.close()
        return 0
    except OSError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
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
