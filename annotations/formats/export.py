"""Writing an export: pick the format, the path, and replace the target only when done.

The exporter writes a temporary file (or folder) beside the target, which is renamed
into place at the end: an export that fails or is interrupted leaves no half file, and
a previous export at that path stays as it was.
"""

from __future__ import annotations

import os
import shutil
import uuid
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from syria_reader.annotations.formats import UnknownFormatError, spec
from syria_reader.annotations.formats.common import Progress, ProgressCallback, read_snapshot
from syria_reader.annotations.store.database import AnnotationStore
from syria_reader.corpus import Corpus

if TYPE_CHECKING:
    from syria_reader.annotations.entities.index import EntityIndex

BASENAME = "syria-reader-export"
BRAT_MARKER = "annotation.conf"  # a folder holding it is a brat export we may replace


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
    path = Path(out_path).expanduser()
    if not spec(format).folder and path.is_dir():
        return path / default_name(format, moment)
    return path if path.is_absolute() else Path.cwd() / path


def check_format(format: str) -> None:
    try:
        spec(format)
    except UnknownFormatError as error:
        raise ExportError(str(error)) from None


def export(
    format: str,
    store: AnnotationStore,
    corpus: Corpus,
    out_path: Path | str | None = None,
    entities: EntityIndex | None = None,
    on_progress: ProgressCallback | None = None,
) -> Path:
    """Write the store's annotations in ``format``; returns the path written.

    ``entities`` (an entity index) adds entity mentions to brat; other formats ignore
    it. ``on_progress(done, total)`` counts the annotations and links written.
    """
    target = target_path(format, out_path)
    if not target.parent.is_dir():
        raise ExportError(f"cannot write {target}: folder {target.parent} does not exist")
    if spec(format).folder:
        _check_brat_target(target)
    elif target.is_dir():
        raise ExportError(f"cannot write {target}: it is a folder")
    data = read_snapshot(store, corpus, entities)
    progress = Progress(data.total, on_progress)
    temporary = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        spec(format).exporter()(data, temporary, progress)
        progress.finish()
        _move_into_place(temporary, target)
    except OSError as error:
        raise ExportError(f"cannot write {target}: {error.strerror or error}") from error
    finally:
        _remove(temporary)
    return target


def _check_brat_target(target: Path) -> None:
    if target.exists() and not target.is_dir():
        raise ExportError(f"cannot write {target}: a file is in the way (brat writes a folder)")
    if target.is_dir() and any(target.iterdir()) and not (target / BRAT_MARKER).exists():
        raise ExportError(f"cannot write {target}: the folder is not empty and holds no "
                          "brat export; choose a new folder")


def _move_into_place(temporary: Path, target: Path) -> None:
    if not temporary.is_dir():
        os.replace(temporary, target)
        return
    old = None
    if target.exists():  # an earlier brat export (checked above): swap, then delete
        old = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.old")
        os.replace(target, old)
    os.replace(temporary, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
