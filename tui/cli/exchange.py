"""``export`` and ``import``: the annotation set in other tools' formats, and back
(headless: the format modules load when a command runs)."""

from __future__ import annotations

import argparse
import sys

from syria_reader.tui.cli.common import PROG, Commands, add_command, open_workspace
from syria_reader.tui.cli.entities import entity_index
from syria_reader.tui.cli.progress import progress


def cmd_export(args: argparse.Namespace) -> int:
    """Prints the path written."""
    from syria_reader.annotations.formats import spec

    format = args.format
    wanted = spec(format)  # an unknown format: one line, before recognising anything
    workspace = open_workspace(args, load=False)
    if wanted.needs_entities and not args.no_entities:
        entity_index(workspace)
    def replaced(names: list[str]) -> None:
        shown = ", ".join(names[:8]) + (f" and {len(names) - 8} more" if len(names) > 8 else "")
        print(f"{PROG}: note: replaced {len(names)} files an earlier export wrote: {shown}",
              file=sys.stderr)

    print(workspace.export(format, args.output,
                           on_progress=progress("exporting"), on_replaced=replaced))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """Prints "added N, updated N, unchanged N"."""
    print(open_workspace(args, load=False, writes=True).import_file(args.file))
    return 0


def register(commands: Commands) -> None:
    from syria_reader.annotations.formats import FORMATS, spec  # cheap: the registry only

    exporting = add_command(
        commands, "export", "export the annotations (json, jsonl, csv, w3c, brat)",
        "Writes the annotations, links and entity corrections in one of these formats: "
        + "; ".join(f"{name}: {spec(name).description}" for name in FORMATS)
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
