"""File and folder names that are not UTF-8 (a Latin-1 "café" from an old archive):
the corpus works, each such article's id is text ("caf%E9"), and every export writes.
One such file used to break every command on its corpus."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from syria_reader.corpus.file_names import name_text
from syria_reader.tui.crash_log import write_crash_log
from tests.conftest import RunResult

Run = Callable[..., RunResult]
LATIN1_FILE = os.fsdecode(b"caf\xe9")  # a lone surrogate stands for the byte 0xE9
LATIN1_FOLDER = os.fsdecode(b"corp\xe9")


def test_names_become_text_and_stay_apart() -> None:
    assert name_text(LATIN1_FILE) == "caf%E9"
    assert name_text(os.fsdecode(b"caf\xe8")) == "caf%E8"
    assert name_text("café 100%") == "café 100%"  # UTF-8 names are left as they are


def test_a_corpus_with_latin1_names_tags_lists_and_exports(cli: Run, tmp_path: Path) -> None:
    folder = tmp_path / LATIN1_FOLDER
    folder.mkdir()
    (folder / f"{LATIN1_FILE}.txt").write_text("Delta text. More here.\n", encoding="utf-8")
    (folder / "ok.txt").write_text("Other text.\n", encoding="utf-8")
    db = str(tmp_path / "db.json")

    def run(*args: str) -> RunResult:
        return cli(*args, "--corpus", str(folder), "--db", db)

    tagged = run("tag", "caf", "Delta", "--label", "event")
    assert tagged.returncode == 0, tagged.stderr
    assert "caf%E9:0-5" in tagged.stdout
    assert "its id is 'caf%E9': its name is not UTF-8" in tagged.stderr
    claims = run("claims")
    assert claims.returncode == 0 and "caf%E9:0-5" in claims.stdout, claims.stderr
    for format in ("json", "jsonl", "csv", "w3c", "brat", "prodigy", "labelstudio"):
        exported = run("export", "--format", format, "--no-entities",
                       "-o", str(tmp_path / f"out-{format}"))
        assert exported.returncode == 0, (format, exported.stderr)
    assert (tmp_path / "out-brat" / "caf%E9.ann").read_text(encoding="utf-8")
    assert "annotations of corp%E9" in (tmp_path / "out-w3c").read_text(encoding="utf-8")
    again = run("import", str(tmp_path / "out-json"))
    assert again.returncode == 0 and "unchanged 1" in again.stdout, again.stderr


def test_add_writes_into_a_folder_named_in_latin1(cli: Run, tmp_path: Path) -> None:
    folder = tmp_path / LATIN1_FOLDER
    folder.mkdir()
    source = tmp_path / "report.txt"
    source.write_text("Troops stay\n\nThe US will keep its troops in Syria.\n", encoding="utf-8")
    added = cli("add", str(source), "--corpus", str(folder))
    assert added.returncode == 0, added.stderr
    [added_file] = folder.iterdir()
    assert "The US will keep its troops in Syria." in added_file.read_text(encoding="utf-8")


def test_a_crash_log_is_written_whatever_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "argv", ["syria-reader", "--corpus", LATIN1_FOLDER])
    log = write_crash_log(ValueError(f"no article {LATIN1_FILE}"), tmp_path)
    assert "corp\\udce9" in log.read_text(encoding="utf-8")
