"""Writing a comparison report to a file: never over a file we did not write.

A report goes to a new file, or replaces an earlier report of the same kind (which
says so in its first bytes) that is still exactly what we wrote (annotations/
written_files.py); a folder gets the default name inside it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from syria_reader.annotations import written_files
from syria_reader.annotations.compare import html, markdown
from syria_reader.annotations.compare.stories import Comparison
from syria_reader.corpus.atomic import atomic_write, create_new

_HEAD = 2048  # bytes of a file read to tell an earlier report of ours


@dataclass(frozen=True)
class ReportKind:
    extension: str
    render: Callable[[Comparison], str]
    ours: Callable[[bytes], bool]  # whether a file's head is an earlier report of this kind


KINDS = {
    "md": ReportKind(".md", markdown.report,
                     lambda head: head.startswith(markdown.MARKER.encode())),
    "html": ReportKind(".html", html.report,
                       lambda head: f'content="{html.GENERATOR}"'.encode() in head),
}


def default_name(kind: str) -> str:
    return f"syria-reader-compare-{datetime.now():%Y%m%d-%H%M%S}{KINDS[kind].extension}"


def write_report(kind: str, comparison: Comparison, path: Path | None) -> Path:
    """Write the report; returns its path. ``ValueError`` (one line) for a path that is
    someone else's file or not a regular file."""
    spec = KINDS[kind]
    target = path if path is not None else Path(default_name(kind))
    if target.is_dir():
        target = target / default_name(kind)
    payload = spec.render(comparison).encode("utf-8")
    if target.is_symlink() or (target.exists() and not target.is_file()):
        raise ValueError(f"{target}: not a regular file; choose another name")
    if target.exists():
        with target.open("rb") as stream:
            head = stream.read(_HEAD)
        if not spec.ours(head):
            raise ValueError(f"{target} exists and is not an earlier compare report; "
                             "choose another name")
        if not written_files.unchanged(target):
            raise ValueError(f"{target} changed since syria-reader wrote it here (or was "
                             "written elsewhere); choose another name")
        atomic_write(target, payload)
        written_files.remember({target: written_files.digest_bytes(payload)})  # not re-read
        return target
    try:
        create_new(target, payload)
    except FileExistsError:  # appeared meanwhile: someone else's
        raise ValueError(f"{target} exists and is not an earlier compare report; "
                         "choose another name") from None
    written_files.remember({target: written_files.digest_bytes(payload)})
    return target
