"""The ``export`` and ``import`` subcommands (headless: no Textual, no spaCy here).

``register`` adds both to the command line; ``tui/cli.py`` calls it from
``build_parser``. The format modules are imported when a command runs, not when the
parser is built, so other commands do not pay for them.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING

from syria_reader.tui.cli_progress import progress, recognition_progress

if TYPE_CHECKING:
    from syria_reader.annotations.entity_index import EntityIndex
    from syria_reader.annotations.store import AnnotationStore
    from syria_reader.corpus import Corpus

PROG = "syria-reader"
AddCommand = Callable[[argparse._SubParsersAction, str, str, str], argparse.ArgumentParser]


def _entities(corpus: Corpus, store: AnnotationStore) -> EntityIndex:
    """Entity mentions for brat: from the cache, or recognised in another process."""
    from syria_reader.annotations.entity_index import build_entity_index

    return build_entity_index(corpus, store, on_progress=recognition_progress())


def export(args: argparse.Namespace, corpus: Corpus, store: AnnotationStore) -> int:
    """``syria-reader export --format FMT [-o PATH] [--no-entities]``: prints the path."""
    from syria_reader.annotations.formats.export import check_format
    from syria_reader.annotations.formats.export import export as write_export

    format = getattr(args, "format", None) or "json"
    check_format(format)  # before recognising entities for nothing
    entities = None
    if format == "brat" and not getattr(args, "no_entities", False):
        entities = _entities(corpus, store)
    path = write_export(format, store, corpus, getattr(args, "output", None),
                        entities=entities, on_progress=progress("exporting"))
    print(path)
    return 0


def import_(args: argparse.Namespace, corpus: Corpus, store: AnnotationStore) -> int:
    """``syria-reader import FILE``: prints "added N, updated N, unchanged N"."""
    from syria_reader.annotations.formats.importing import import_file

    print(import_file(args.file, store, corpus))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from syria_reader.tui.cli import _open_corpus, _open_store  # tui.cli imports this module

    corpus = _open_corpus(args)
    return export(args, corpus, _open_store(args, corpus))


def cmd_import(args: argparse.Namespace) -> int:
    from syria_reader.tui.cli import _open_corpus, _open_store

    corpus = _open_corpus(args)
    return import_(args, corpus, _open_store(args, corpus))


def register(commands: argparse._SubParsersAction, add_command: AddCommand) -> None:
    """Add ``export`` and ``import`` with ``add_command`` (tui.cli._add_command)."""
    from syria_reader.annotations.formats import DESCRIPTIONS, FORMATS  # cheap: names only

    exporting = add_command(
        commands, "export", "export the annotations (json, jsonl, csv, w3c, brat)",
        "Writes the annotations, links and entity corrections in one of these formats: "
        + "; ".join(f"{name}: {text}" for name, text in DESCRIPTIONS.items())
        + ". Prints the path written.",
    )
    exporting.add_argument("--format", "-f", choices=FORMATS, default="json", metavar="FMT",
                           help=f"one of {', '.join(FORMATS)} (default: json)")
    exporting.add_argument(
        "-o", "--output", metavar="PATH",
        help="file (a folder for brat) to write; a folder puts the default name in it "
             "(default: syria-reader-export-YYYYMMDD-HHMMSS.EXT in the current folder)",
    )
    exporting.add_argument("--no-entities", action="store_true",
                           help="brat: leave out the entity mentions (no recognition run)")
    exporting.set_defaults(handler=cmd_export)

    importing = add_command(
        commands, "import", "import an export (native json or W3C) into the database",
        "Merges a native (json) or W3C Web Annotation export into the database: new "
        "records are added; where one exists with the same id, the newer 'modified' "
        "wins. Importing a file twice changes nothing. A file that is not valid is "
        "refused and the database left untouched.",
    )
    importing.add_argument("file", metavar="FILE", help="the export file to import")
    importing.set_defaults(handler=cmd_import)
