"""An export or report replaces only what it wrote, as it wrote it: an edit made while
it runs survives, a failed export still knows its own files, names that are not UTF-8
are remembered, and a large folder is checked against one reading of the record."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest

from syria_reader.annotations import written_files
from syria_reader.annotations.formats import export as export_module
from syria_reader.annotations.formats.export import MANIFEST, ExportError
from syria_reader.annotations.workspace import Workspace
from syria_reader.corpus import load_corpus

EDIT = b"my edit, made by hand\n"
Replace = Callable[..., None]


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return Workspace.open(load_corpus(), tmp_path / "db.json")


def _patch_replace(monkeypatch: pytest.MonkeyPatch,
                   around: Callable[[Replace, Path, Path], None]) -> None:
    """``os.replace`` as the export module calls it, through ``around(real, src, dst)``."""
    real = os.replace

    def replace(src: str | Path, dst: str | Path) -> None:
        around(real, Path(src), Path(dst))

    monkeypatch.setattr(export_module.os, "replace", replace)


def _moving_into(folder: Path, src: Path) -> bool:
    """A move out of the export's temporary folder beside ``folder``."""
    return src.parent.name.startswith(f".{folder.name}.")


# -- 1. an edit made while an export runs ---------------------------------------------

def test_a_file_edited_while_it_is_exported_keeps_the_edit(
    workspace: Workspace, tmp_path: Path,
) -> None:
    target = tmp_path / "claims.csv"
    workspace.export("csv", target)

    def edit(done: int, total: int) -> None:
        target.write_bytes(target.read_bytes() + EDIT)  # after the export's first check

    with pytest.raises(ExportError, match="changed since syria-reader exported it"):
        workspace.export("csv", target, on_progress=edit)
    assert target.read_bytes().endswith(EDIT)
    assert not list(tmp_path.glob(".claims.csv.*"))  # no temporary file left


def test_an_edit_right_after_the_move_is_not_recorded_as_ours(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / "claims.csv"
    workspace.export("csv", target)  # then the next export replaces it (os.replace)

    def edit_after(real: Replace, src: Path, dst: Path) -> None:
        real(src, dst)
        if dst == target:
            with target.open("ab") as stream:
                stream.write(EDIT)

    with monkeypatch.context() as patch:
        _patch_replace(patch, edit_after)
        workspace.export("csv", target)
    edited = target.read_bytes()
    with pytest.raises(ExportError, match="changed since syria-reader exported it"):
        workspace.export("csv", target)
    assert target.read_bytes() == edited


def test_a_brat_file_edited_during_the_moves_keeps_the_edit(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    ours = tmp_path / "ours"
    workspace.export("brat", ours)
    last = sorted(ours.glob("*.ann"))[-1]

    def edit_on_first_move(real: Replace, src: Path, dst: Path) -> None:
        if _moving_into(ours, src) and not last.read_bytes().endswith(EDIT):
            with last.open("ab") as stream:
                stream.write(EDIT)  # after every destination was checked
        real(src, dst)

    _patch_replace(monkeypatch, edit_on_first_move)
    with pytest.raises(ExportError, match=f"{last.name} changed since") as raised:
        workspace.export("brat", ours)
    assert "of the new export written before it" in str(raised.value)
    assert last.read_bytes().endswith(EDIT)


def test_a_report_is_recorded_as_written_not_as_found_afterwards(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from syria_reader.annotations.compare import output

    report = tmp_path / "report.md"
    real = output.atomic_write

    def write_then_edit(path: Path, payload: bytes) -> None:
        real(path, payload)
        with path.open("ab") as stream:
            stream.write(EDIT)

    output.write_report("md", workspace.compare(), report)
    with monkeypatch.context() as patch:
        patch.setattr(output, "atomic_write", write_then_edit)
        output.write_report("md", workspace.compare(), report)  # replaces ours, then edited
    edited = report.read_bytes()
    with pytest.raises(ValueError, match="changed since syria-reader wrote it"):
        output.write_report("md", workspace.compare(), report)
    assert report.read_bytes() == edited


# -- 2. names that are not UTF-8 ------------------------------------------------------

def test_an_export_in_a_folder_named_in_latin1_is_replaced_later(
    workspace: Workspace, tmp_path: Path,
) -> None:
    folder = tmp_path / os.fsdecode(b"caf\xe9")
    folder.mkdir()
    target = folder / "y.csv"
    workspace.export("csv", target)
    workspace.export("csv", tmp_path / "other.csv")  # its write prunes the record
    workspace.export("csv", target)  # still known as ours
    assert written_files.unchanged(target)
    brat = tmp_path / os.fsdecode(b"brat-\xe9")
    workspace.export("brat", brat)
    workspace.export("csv", tmp_path / "other.csv")
    workspace.export("brat", brat)


def test_the_record_forgets_files_that_are_gone(workspace: Workspace, tmp_path: Path) -> None:
    gone = tmp_path / os.fsdecode(b"gone-\xe9.csv")
    workspace.export("csv", gone)
    gone.unlink()
    workspace.export("csv", tmp_path / "kept.csv")
    recorded = orjson.loads(written_files.record_path().read_bytes())
    assert list(recorded) == [str((tmp_path / "kept.csv").resolve())]


# -- 3. a brat export that fails half-way ---------------------------------------------

@pytest.mark.parametrize("earlier", [False, True], ids=["new folder", "over an export"])
def test_a_brat_export_failing_half_way_still_knows_its_files(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, earlier: bool,
) -> None:
    ours = tmp_path / "ours"
    if earlier:
        workspace.export("brat", ours)
    first = workspace.articles()[0]
    workspace.tag(first, 0, 3, "event")  # its .ann, moved first, now differs
    moves = 0

    def full_disk_on_the_fourth(real: Replace, src: Path, dst: Path) -> None:
        nonlocal moves
        if _moving_into(ours, src):
            moves += 1
            if moves == 4:
                raise OSError(28, "No space left on device")
        real(src, dst)

    with monkeypatch.context() as patch:
        _patch_replace(patch, full_disk_on_the_fourth)
        with pytest.raises(ExportError, match="No space left on device"):
            workspace.export("brat", ours)
    listed = (ours / MANIFEST).read_text(encoding="utf-8").split()
    moved = sorted(path.name for path in ours.iterdir() if path.name != MANIFEST)
    assert set(moved) <= set(listed)
    assert all(written_files.unchanged(ours / name) for name in moved)
    workspace.export("brat", ours)  # nobody edited anything: it replaces them all
    assert f"T1\tevent 0 3\t{first.text[:3]}" in (ours / f"{first.id}.ann").read_text()


# -- 4. one reading of the record per export ------------------------------------------

def test_a_brat_export_reads_the_record_once_to_check_its_files(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    ours = tmp_path / "ours"
    workspace.export("brat", ours)
    assert len(list(ours.iterdir())) > 10
    reads = 0
    real = written_files._read

    def counted() -> dict[str, str]:
        nonlocal reads
        reads += 1
        return real()

    monkeypatch.setattr(written_files, "_read", counted)
    workspace.export("brat", ours)
    assert reads <= 2  # one to check every file, one under the lock to add them


def test_a_file_appearing_at_a_new_target_at_the_last_moment_is_not_replaced(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Between the last check and the move, someone else's file takes the new name: the
    # export is created there exclusively, so theirs stays.
    target = tmp_path / "claims.csv"
    digest_file = written_files.digest_file

    def digest_then_theirs(path: Path) -> str:
        digest = digest_file(path)
        target.write_bytes(EDIT)  # theirs, after the last check
        return digest

    monkeypatch.setattr(written_files, "digest_file", digest_then_theirs)
    with pytest.raises(ExportError, match="a file appeared there while exporting"):
        workspace.export("csv", target)
    assert target.read_bytes() == EDIT
    assert not list(tmp_path.glob(".claims.csv.*"))  # no temporary file left
