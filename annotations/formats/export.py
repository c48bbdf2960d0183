"""Writing an export: pick the format, the path, and replace the target only when done.

The exporter writes a temporary file (or folder) beside the target, which is renamed
into place at the end: an export that fails or is interrupted leaves no half file, and
a previous export at that path stays as it was. ``export_to_stream`` writes a
single-file format to a stream instead (the command line's ``-o -``, standard output).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from syria_reader.annotations import written_files
from syria_reader.annotations.formats import UnknownFormatError, spec
from syria_reader.annotations.formats.common import Progress, ProgressCallback, read_snapshot
from syria_reader.annotations.store.database import AnnotationStore
from syria_reader.corpus import Corpus
from syria_reader.corpus.atomic import atomic_write

if TYPE_CHECKING:
    from syria_reader.annotations.entities.index import EntityIndex

BASENAME = "syria-reader-export"
# The files a folder export wrote, kept in the folder: a later export replaces these
# and nothing else.
MANIFEST = ".syria-reader-export"
STDOUT = "-"  # the command line's name for standard output, never a file name here


class ExportError(ValueError):
    """An export that cannot be written; the message is one line for the user."""


def default_name(format: str, moment: datetime | None = None) -> str:
    """``syria-reader-export-20250101-120000.json``; brat's folder ends in ``-brat``."""
    stamp = (moment or datetime.now()).strftime("%Y%m%d-%H%M%S")
    return f"{BASENAME}-{stamp}{spec(format).extension or '-' + format}"


def target_path(format: str, out_path: Path | str | None = None,
                moment: datetime | None = None) -> Path:
    """Where an export goes: ``out_path``; inside it if it is a folder (file formats);
    the default name in the current folder if none is given."""
    check_format(format)
    if out_path is None or str(out_path) == "":
        return Path.cwd() / default_name(format, moment)
    if str(out_path) == STDOUT:  # a file named "-" is what nobody asking for "-" wants
        raise ExportError("'-' means standard output (syria-reader export -o -); for a "
                          "file of that name, write ./-")
    path = Path(out_path).expanduser()
    if not spec(format).folder and path.is_dir():
        return path / default_name(format, moment)
    return path if path.is_absolute() else Path.cwd() / path


def check_format(format: str) -> None:
    try:
        spec(format)
    except UnknownFormatError as error:
        raise ExportError(str(error)) from None


def check_streamable(format: str) -> None:
    """A format that can go to a stream: one file, not a folder."""
    check_format(format)
    if spec(format).folder:
        raise ExportError(f"{format} writes a folder of files, which cannot go to standard "
                          f"output (-o -); give a folder: -o PATH")


def export(
    format: str,
    store: AnnotationStore,
    corpus: Corpus,
    out_path: Path | str | None = None,
    entities: EntityIndex | None = None,
    on_progress: ProgressCallback | None = None,
    on_replaced: Callable[[list[str]], None] | None = None,
    raw_csv: bool = False,
) -> Path:
    """Write the store's annotations in ``format``; returns the path written.

    Nothing the export did not write is overwritten or deleted: a file target must be
    new or an earlier export of this format; a folder target (brat) new, empty, or an
    earlier export, whose files alone are replaced; the database, its lock and its
    backups are refused. ``entities`` adds entity mentions to brat; other formats
    ignore it. ``on_progress(done, total)`` counts the annotations and links written;
    ``on_replaced(names)`` hears which files of an earlier folder export were replaced.
    ``raw_csv`` writes CSV cells as they are (by default a cell a spreadsheet would run
    as a formula is defused; see csv_format).
    """
    target = target_path(format, out_path)
    wanted = spec(format)
    if not target.parent.is_dir():
        raise ExportError(f"cannot write {target}: folder {target.parent} does not exist")
    _refuse_the_database(target, store)
    if wanted.folder:
        earlier = _earlier_folder_export(target)
    else:
        _check_file_target(target, format)
    data = read_snapshot(store, corpus, entities, raw_csv=raw_csv)
    progress = Progress(data.total, on_progress)
    temporary = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        wanted.exporter()(data, temporary, progress)
        progress.finish()
        if wanted.folder:
            replaced = _merge_folder(temporary, target, earlier)
            if replaced and on_replaced is not None:
                on_replaced(replaced)
        else:
            _check_file_target(target, format)  # again: an edit made while we exported
            ours = target.exists()  # checked just now: an earlier export of ours
            digest = written_files.digest_file(temporary)  # what we wrote, not what is there later
            _move_into_place(temporary, target, format, ours)
            written_files.remember({target: digest})
    except OSError as error:
        raise ExportError(f"cannot write {target}: {error.strerror or error}") from error
    finally:
        _remove(temporary)
    return target


def export_to_stream(
    format: str,
    store: AnnotationStore,
    corpus: Corpus,
    stream: BinaryIO,
    entities: EntityIndex | None = None,
    on_progress: ProgressCallback | None = None,
    raw_csv: bool = False,
) -> None:
    """Write a single-file format to ``stream``, byte for byte what ``export`` would put
    in the file; a folder format (brat) is refused before anything is read."""
    check_streamable(format)
    wanted = spec(format)
    data = read_snapshot(store, corpus, entities, raw_csv=raw_csv)
    progress = Progress(data.total, on_progress)
    # The exporters write files: one in a private temporary folder, then copied whole.
    with tempfile.TemporaryDirectory(prefix="syria-reader-export-") as folder:
        written = Path(folder) / f"export{wanted.extension}"
        wanted.exporter()(data, written, progress)
        progress.finish()
        with written.open("rb") as file:
            shutil.copyfileobj(file, stream)
    stream.flush()


def _refuse_the_database(target: Path, store: AnnotationStore) -> None:
    database = store.file.resolve()
    resolved = target.resolve()
    ours = {database, database.with_name(database.name + ".lock")}
    if resolved in ours or (resolved.parent == database.parent and resolved.name.startswith(
            database.name + ".")):
        raise ExportError(f"cannot write {target}: it is the annotation database (or its "
                          "lock or backup); choose another name")


def _check_file_target(target: Path, format: str) -> None:
    """A file target is new, or an earlier export of this very format (replaced)."""
    if target.is_symlink() or (target.exists() and not target.is_file()):
        raise ExportError(f"cannot write {target}: it is not a regular file")
    if target.exists() and not spec(format).wrote(target):
        raise ExportError(f"cannot write {target}: the file exists and is no {format} export "
                          "of syria-reader; choose a new name")
    if target.exists() and not written_files.unchanged(target):
        raise ExportError(f"cannot write {target}: it changed since syria-reader exported it "
                          "here (or was exported elsewhere); choose a new name")


def _move_into_place(temporary: Path, target: Path, format: str, ours: bool) -> None:
    """Put the export at ``target``: an earlier export of ours (``ours``, checked just
    before) is replaced; a new target is created exclusively, so a file that appeared
    there since the last check (someone else's) is never replaced."""
    if ours:
        os.replace(temporary, target)
        return
    try:
        os.link(temporary, target)  # fails, atomically, if the name was taken meanwhile
    except FileExistsError:
        raise ExportError(f"cannot write {target}: a file appeared there while exporting; "
                          "choose a new name") from None
    except OSError:  # no hard links on this file system: the last check stands
        _check_file_target(target, format)
        os.replace(temporary, target)


def _earlier_folder_export(target: Path) -> set[str]:
    """The files an earlier export wrote into ``target`` (none for a new or empty
    folder); a folder holding anything else is refused."""
    if target.exists() and not target.is_dir():
        raise ExportError(f"cannot write {target}: a file is in the way (brat writes a folder)")
    if not target.exists() or not any(target.iterdir()):
        return set()
    manifest = target / MANIFEST
    try:
        written = set(manifest.read_text(encoding="utf-8").split("\n")) - {""}
    except (OSError, UnicodeDecodeError):
        raise ExportError(f"cannot write {target}: the folder is not empty and no "
                          "syria-reader export wrote it; choose a new or empty folder") \
            from None
    return written


def _merge_folder(temporary: Path, target: Path, earlier: set[str]) -> list[str]:
    """Move the new export's files into ``target``: new files, and files an earlier
    export wrote. Every destination is checked before anything moves: one that is not
    an earlier export's regular file (a file it did not write, a folder, a link) stops
    the export with the folder as it was. Each is checked again just before its move
    (an edit made while we exported stops it there); whatever moved, even when a later
    move fails, is recorded and on the manifest, so the next export knows it as ours."""
    names = sorted(path.name for path in temporary.iterdir())
    record = written_files.load()  # once: reading it per file is quadratic in large folders
    if target.exists():
        for name in [*names, MANIFEST]:
            _check_destination(target, name, earlier, record, moved=0)
    else:
        target.mkdir()
    replaced = [name for name in names if (target / name).exists()]
    moved: dict[Path, str | None] = {}
    try:
        for name in names:
            _check_destination(target, name, earlier, record, moved=len(moved))
            digest = written_files.digest_file(temporary / name)  # what we wrote
            os.replace(temporary / name, target / name)
            moved[target / name] = digest
    finally:
        if moved:
            written_files.remember(moved)  # first: it never raises
            listed = sorted((earlier | {path.name for path in moved}) - {MANIFEST})
            manifest = "\n".join([*listed, MANIFEST]) + "\n"
            atomic_write(target / MANIFEST, manifest.encode("utf-8"))  # replaces, never follows
    return replaced


def _check_destination(target: Path, name: str, earlier: set[str],
                       record: written_files.Record, moved: int) -> None:
    """``target / name`` is free, or an earlier export's file still as it wrote it."""
    destination = target / name
    if not (destination.exists() or destination.is_symlink()):
        return
    done = "nothing was written" if not moved else \
        f"{moved} file{'s' if moved != 1 else ''} of the new export written before it"
    if name not in earlier and name != MANIFEST:
        raise ExportError(f"cannot write {target}: {name} is there and no export wrote it; "
                          f"{done}; choose a new or empty folder")
    if destination.is_symlink() or not destination.is_file():
        raise ExportError(f"cannot write {target}: {name} is no longer the file an export "
                          f"wrote (a folder or a link now); {done}")
    if name != MANIFEST and not record.unchanged(destination):
        raise ExportError(f"cannot write {target}: {name} changed since syria-reader "
                          f"exported it here (or was exported elsewhere); {done}; choose a "
                          "new or empty folder")


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
