"""``syria-reader export`` and ``import`` as a user or a script runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import RunResult

Run = Callable[..., RunResult]

@pytest.fixture
def run(cli: Run) -> Run:
    return cli


def _tag(run: Run, db: Path, article: str, quote: str, note: str = "") -> dict[str, object]:
    result = run("tag", article, quote, "--label", "figure", "--note", note, "--db", str(db),
                 "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_export_then_import_elsewhere(run: Run, tmp_path: Path) -> None:
    mine, theirs = tmp_path / "mine.json", tmp_path / "theirs.json"
    _tag(run, mine, "002", "roughly 500", note='low, "very" low\nsays Dorrian')
    _tag(run, mine, "000", "withdrawal")
    exported = run("export", "--format", "json", "-o", str(tmp_path / "out.json"),
                   "--db", str(mine))
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout == f"{tmp_path / 'out.json'}\n"
    first = run("import", str(tmp_path / "out.json"), "--db", str(theirs))
    assert (first.returncode, first.stdout) == (0, "added 2, updated 0, unchanged 0\n")
    again = run("import", str(tmp_path / "out.json"), "--db", str(theirs))
    assert again.stdout == "added 0, updated 0, unchanged 2\n"
    claims = [json.loads(run("claims", "--json", "--db", str(db)).stdout)["claims"]
              for db in (mine, theirs)]
    assert sorted(claims[0], key=str) == sorted(claims[1], key=str)


def test_every_format_writes_where_asked(run: Run, tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    _tag(run, db, "002", "roughly 500")
    written = {}
    for name in ("json", "jsonl", "csv", "w3c"):
        result = run("export", "--format", name, "-o", str(tmp_path), "--db", str(db))
        assert result.returncode == 0, result.stderr
        written[name] = Path(result.stdout.strip())
        assert written[name].parent == tmp_path and written[name].is_file()
    assert [p.suffix for p in written.values()] == [".json", ".jsonl", ".csv", ".jsonld"]
    brat = run("export", "--format", "brat", "--no-entities", "-o", str(tmp_path / "brat"),
               "--db", str(db))
    assert brat.returncode == 0, brat.stderr
    assert (tmp_path / "brat" / "annotation.conf").is_file()
    assert "\tfigure " in (tmp_path / "brat" / "002_802f6b2f44435b78.ann").read_text()
    w3c = run("import", str(written["w3c"]), "--db", str(tmp_path / "w3c-db.json"))
    assert w3c.stdout == "added 1, updated 0, unchanged 0\n"


def _one_error_line(result: RunResult) -> str:
    assert result.returncode == 2 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


def test_errors_are_one_line(run: Run, tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    _tag(run, db, "002", "roughly 500")
    before = db.read_bytes()
    assert "invalid choice: 'xml'" in _one_error_line(
        run("export", "--format", "xml", "--db", str(db)))
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "syria-reader", "version": 1, "annotations": [{"id": "x"}]}')
    line = _one_error_line(run("import", str(bad), "--db", str(db)))
    assert line.startswith(f"syria-reader: error: {bad}: annotation 1 (x) has no 'kind'")
    assert "not a JSON file" in _one_error_line(
        run("import", str(tmp_path / "db.json.lock"), "--db", str(db)))
    assert "cannot read it" in _one_error_line(
        run("import", str(tmp_path / "missing.json"), "--db", str(db)))
    assert db.read_bytes() == before


def test_headless_neither_textual_nor_spacy(tmp_path: Path) -> None:
    """Entity mentions for brat are recognised in another process (or read from the
    cache): this one imports neither Textual nor spaCy, whatever it exports."""
    db, out = tmp_path / "db.json", tmp_path / "out"
    out.mkdir()
    probe = (
        "import contextlib, io, sys\n"
        "import syria_reader.tui.cli as cli\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert cli.main(['tag', '002', 'roughly 500', '--label', 'figure', "
        f"'--db', {str(db)!r}]) == 0\n"
        f"    for name in ('json', 'jsonl', 'csv', 'w3c', 'brat'):\n"
        f"        assert cli.main(['export', '-f', name, '-o', {str(out)!r} + '/' + name, "
        f"'--db', {str(db)!r}]) == 0\n"
        f"    assert cli.main(['import', {str(out)!r} + '/w3c', '--db', {str(db)!r}]) == 0\n"
        "heavy = [m for m in ('textual', 'spacy', 'thinc') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            env=os.environ.copy(), timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
    ann = (out / "brat" / "002_802f6b2f44435b78.ann").read_text(encoding="utf-8")
    assert "\tPERSON " in ann and "\tGPE " in ann and "\tfigure " in ann  # recognised
