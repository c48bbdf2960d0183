"""``export`` and ``import``: the annotation set in other tools' formats, and back
(headless: the format modules load when a command runs)."""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, BinaryIO

from syria_reader.tui.cli.common import PROG, Commands, add_command, open_workspace
from syria_reader.tui.cli.entities import entity_index
from syria_reader.tui.cli.progress import progress
from syria_reader.tui.untrusted import one_line, unfiltered

if TYPE_CHECKING:
    from syria_reader.annotations.workspace import Workspace



def cmd_export(args: argparse.Namespace) -> int:
    """Prints the path written; with ``-o -`` the export itself, and nothing else."""
    from syria_reader.annotations.formats import spec
    from syria_reader.annotations.formats.export import STDOUT, check_streamable

    format = args.format
    wanted = spec(format)  # an unknown format: one line, before recognising anything
    to_stdout = args.output == STDOUT
    if to_stdout:
        check_streamable(format)  # brat: one line, before reading anything
    workspace = open_workspace(args, load=False)
    if wanted.needs_entities and not args.no_entities:
        entity_index(workspace)
    if to_stdout:
        _write_stdout(lambda stream: _stream(workspace, format, stream, args.raw_csv))
        return 0

    def replaced(names: list[str]) -> None:
        shown = ", ".join(names[:8]) + (f" and {len(names) - 8} more" if len(names) > 8 else "")
        print(one_line(f"{PROG}: note: replaced {len(names)} files an earlier export wrote: "
                       f"{shown}"), file=sys.stderr)

    # The path written, on one line whatever the folder's name holds.
    print(one_line(workspace.export(format, args.output, on_progress=progress("exporting"),
                                    on_replaced=replaced, raw_csv=args.raw_csv)))
    return 0


def _stream(workspace: Workspace, format: str, stream: BinaryIO, raw_csv: bool) -> None:
    workspace.export_to_stream(format, stream, on_progress=progress("exporting"),
                               raw_csv=raw_csv)


def _write_stdout(write: Callable[[BinaryIO], None]) -> None:
    """The export's bytes on standard output, exactly, for a pipe or a file; on a
    terminal its text with every control character shown visibly (the export holds
    other people's text: no byte of it may drive the terminal)."""
    out = unfiltered(sys.stdout)
    binary = getattr(out, "buffer", None)
    if binary is not None and not out.isatty():
        out.flush()
        write(binary)
        binary.flush()
        return
    buffer = io.BytesIO()
    write(buffer)
    text = buffer.getvalue().decode("utf-8", "replace").replace("\r\n", "\n")
    sys.stdout.write(text)  # through the filter that shows control characters
    sys.stdout.flush()


def cmd_import(args: argparse.Namespace) -> int:
    """Prints "added N, updated N, unchanged N"."""
    print(open_workspace(args, load=False, writes=True).import_file(args.file))
    return 0


def register(commands: Commands) -> None:
    from syria_reader.annotations.formats import FORMATS, spec  # cheap: the registry only

    exporting = add_command(
        commands, "export", f"export the annotations ({', '.join(FORMATS)})",
        "Writes the annotations, links and entity corrections in one of these formats: "
        + "; ".join(f"{name}: {spec(name).description}" for name in FORMATS)
        + ". Prints the path written.",
    )
    exporting.add_argument("--format", "-f", choices=FORMATS, default="json", metavar="FMT",
                           help=f"one of {', '.join(FORMATS)} (default: json)")
    exporting.add_argument(
        "-o", "--output", metavar="PATH",
        help="file (a folder for brat) to write; a folder puts the default name in it; "
             "- writes a single-file format to standard output "
             "(default: syria-reader-export-YYYYMMDD-HHMMSS.EXT in the current folder)",
    )
    exporting.add_argument("--no-entities", action="store_true",
                           help="brat: leave out the entity mentions (no recognition run)")
    exporting.add_argument(
        "--raw-csv", action="store_true",
        help="csv: write every cell as it is; by default a cell that starts with = + - @, "
             "a tab or a carriage return gets a ' in front, so no spreadsheet runs it as "
             "a formula")
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
