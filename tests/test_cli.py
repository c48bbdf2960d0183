from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from tests.conftest import RunResult

Cli = Callable[..., RunResult]


def test_help_lists_the_commands(cli: Cli) -> None:
    result = cli("--help")
    assert result.returncode == 0
    assert "usage: syria-reader" in result.stdout
    assert "articles" in result.stdout and "--corpus DIR" in result.stdout


def test_version(cli: Cli) -> None:
    result = cli("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("syria-reader 0.")


def test_articles_table(cli: Cli) -> None:
    result = cli("articles")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["ID", "TITLE", "SOURCE", "DATE", "WORDS", "SENTENCES", "SHA256"]
    assert len(lines) == 6
    assert lines[1].startswith("000_6437c01467f5b919")


def test_articles_json(cli: Cli) -> None:
    result = cli("articles", "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)["articles"]
    assert len(rows) == 5
    assert set(rows[0]) == {"id", "title", "source", "date", "words", "sentences", "sha256"}
    first = rows[0]
    assert first["id"] == "000_6437c01467f5b919" and first["source"] == "CNN"
    assert first["date"] is None and first["words"] > 400 and first["sentences"] > 10
    assert len(first["sha256"]) == 64


def test_articles_of_a_user_corpus_reports_skipped_files(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text("A report.\n", encoding="utf-8")
    (tmp_path / "blank.txt").write_bytes(b"")
    (tmp_path / "data.txt").write_bytes(b"\x00\x01\x02binary")
    result = cli("articles", "--json", "--corpus", str(tmp_path))
    assert result.returncode == 0
    assert [row["id"] for row in json.loads(result.stdout)["articles"]] == ["one"]
    assert result.stderr.splitlines() == [
        f"syria-reader: skipped {tmp_path / 'blank.txt'}: empty file",
        f"syria-reader: skipped {tmp_path / 'data.txt'}: binary file (NUL bytes)",
    ]


def test_corpus_option_before_the_command(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text("A report.\n", encoding="utf-8")
    result = cli("--corpus", str(tmp_path), "articles", "--json")
    assert result.returncode == 0
    assert json.loads(result.stdout)["articles"][0]["id"] == "one"


def test_sentences_of_an_article(cli: Cli) -> None:
    result = cli("sentences", "001", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["article"] == "001_bbe71e4facf1fbc5"
    first = data["sentences"][0]
    assert first["start"] == 0 and first["text"].startswith("State Dept. Officials:")


def one_error_line(result: RunResult) -> str:
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


def test_user_errors_are_one_line_without_traceback(cli: Cli, tmp_path: Path) -> None:
    assert "corpus folder not found" in one_error_line(
        cli("articles", "--corpus", str(tmp_path / "missing"))
    )
    assert "unrecognized arguments: --bogus" in one_error_line(cli("articles", "--bogus"))
    assert "no article 'zzz'" in one_error_line(cli("sentences", "zzz"))
    assert "invalid choice" in one_error_line(cli("frobnicate"))


def test_nothing_loads_exits_2(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    result = cli("articles", "--corpus", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == (
        f"syria-reader: error: no readable article (.txt, .md, .html, .pdf, .docx) in {tmp_path}"
    )


def loaded_after(code: str, modules: tuple[str, ...]) -> list[str]:
    """Which of ``modules`` a fresh interpreter has loaded after running ``code``."""
    probe = f"import sys, io, contextlib\n{code}\nprint(','.join(m for m in {modules!r} " \
            "if m in sys.modules))\n"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    return [name for name in result.stdout.strip().split(",") if name]


def test_headless_commands_import_neither_textual_nor_spacy() -> None:
    code = (
        "from syria_reader.tui.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['articles', '--json'])\n"
        "    main(['sentences', '000'])\n"
        "    main(['entities', '--json'])"
    )
    assert loaded_after(code, ("textual", "spacy", "thinc")) == []


def test_starting_the_reader_loads_no_store_or_linking_code() -> None:
    # Every module loaded before the reader's first frame delays it; the store, the
    # linking engine and their libraries load in the reader's workers instead.
    code = "from syria_reader.tui.cli import build_parser\nbuild_parser().parse_args([])"
    heavy = ("numpy", "tinydb", "rapidfuzz", "orjson", "syria_reader.annotations.store.database",
             "syria_reader.annotations.linking.related", "syria_reader.annotations.store.book")
    assert loaded_after(code, heavy) == []


def test_the_reader_reads_its_settings_without_tomlkit() -> None:
    # tomlkit keeps the file's comments when the reader saves it; reading takes only
    # tomllib, and importing tomlkit cost every start 4 ms before its first frame.
    code = ("from syria_reader.corpus import load_corpus\n"
            "from syria_reader.tui.app import ReaderApp\nReaderApp(load_corpus())")
    assert loaded_after(code, ("tomlkit",)) == []


def _interrupted_in(target: str, *args: str) -> RunResult:
    """The command with ``target`` (module:Class.method or module:function) running as
    it does, then a real SIGINT (Ctrl-C) arriving before the command ends."""
    module, name = target.split(":")
    owner, _, attribute = name.rpartition(".")
    place = f"{module}.{owner}" if owner else module
    code = (f"import os, signal, sys, time, {module}\n"
            f"original = {place}.{attribute}\n"
            "def interrupted(*a, **k):\n"
            "    result = original(*a, **k)\n"
            "    os.kill(os.getpid(), signal.SIGINT)\n"
            "    time.sleep(30)  # the KeyboardInterrupt comes first\n"
            "    return result\n"
            f"{place}.{attribute} = interrupted\n"
            "from syria_reader.tui.cli import main\nsys.exit(main(sys.argv[1:]))\n")
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True,
                          text=True, timeout=60)


def test_ctrl_c_is_one_line_and_exit_130_and_what_was_saved_stays(
    cli: Cli, tmp_path: Path
) -> None:
    db = str(tmp_path / "db.json")
    tagged = _interrupted_in("syria_reader.annotations.workspace:Workspace.tag",
                             "tag", "002", "roughly 500", "--label", "figure", "--db", db)
    assert tagged.returncode == 130
    assert tagged.stderr == "syria-reader: interrupted\n" and tagged.stdout == ""
    listed = json.loads(cli("claims", "--json", "--db", db).stdout)["claims"]
    assert [claim["quote"] for claim in listed] == ["roughly 500"]  # saved before ctrl-c
    reading = _interrupted_in("syria_reader.tui.cli.articles:open_corpus", "articles")
    assert (reading.returncode, reading.stderr) == (130, "syria-reader: interrupted\n")
