"""A bug never exits 0: one line on stderr naming the log of its traceback, the
database as it was. Driven with a bug planted in a copy of the command."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from syria_reader.tui.crash_log import EXIT_CRASH, crash_folder
from tests import test_terminal as terminal
from tests.conftest import RunResult

BUG = "boom \x1b]0;pwned\x07"  # the message of the bug, with a title sequence in it


def run_with_bug(target: str, *args: str) -> RunResult:
    """The command with ``target`` (module:function) replaced by a function that fails."""
    module, function = target.split(":")
    code = (f"import sys, {module}\n"
            f"def broken(*a, **k):\n    raise RuntimeError({BUG!r})\n"
            f"{module}.{function} = broken\n"
            "from syria_reader.tui.cli import main\nsys.exit(main(sys.argv[1:]))\n")
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          env=os.environ.copy(), timeout=60)


def test_a_bug_in_a_command_is_logged_and_exits_non_zero(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    tagged = run_with_bug("syria_reader.tui.cli.claims:cmd_claims", "tag", "000",
                          "Planning is underway", "--label", "figure", "--db", str(db))
    assert tagged.returncode == 0, tagged.stderr
    before = db.read_bytes()
    result = run_with_bug("syria_reader.tui.cli.claims:cmd_claims", "claims", "--db", str(db))
    assert result.returncode == EXIT_CRASH
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "\x1b" not in result.stderr
    assert lines[0].startswith("syria-reader: internal error: RuntimeError: boom ␛]0;pwned␇")
    logs = list(crash_folder().glob("crash-*.log"))
    assert len(logs) == 1 and str(logs[0]) in lines[0]
    log = logs[0].read_text()
    assert "Traceback (most recent call last)" in log and "in broken" in log
    assert db.read_bytes() == before


def test_the_reader_crashing_exits_non_zero_with_one_line(
    terminal_env: list[str], tmp_path: Path,
) -> None:
    """In a real terminal: the bug is in ``?``; the reader stops, the shell sees the
    exit status and one line, and the terminal gets no traceback."""
    code = ("import sys, syria_reader.tui.app\n"
            f"def broken(self):\n    raise RuntimeError({BUG!r})\n"
            "syria_reader.tui.app.ReaderApp.action_help = broken\n"
            "from syria_reader.tui.cli import main\nsys.exit(main(sys.argv[1:]))\n")
    script = tmp_path / "buggy.py"
    script.write_text(code)
    status = tmp_path / "status"
    shell = f"{sys.executable} {script} --db {tmp_path / 'db.json'}; echo $? > {status}"
    terminal.tmux("new-session", "-d", "-s", terminal.SESSION, "-x", "120", "-y", "35",
                  "env", "-u", "COLUMNS", "-u", "LINES", *terminal_env,
                  "TERM=xterm-256color", "sh", "-c", f"{shell}; sleep 30")
    terminal.wait_for("Quit")
    terminal.tmux("send-keys", "-t", terminal.SESSION, "?")
    deadline = time.monotonic() + 15
    while not status.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert status.read_text().strip() == str(EXIT_CRASH)
    shown = terminal.screen()
    assert "syria-reader: internal error: RuntimeError: boom ␛]0;pwned␇" in shown
    assert "Traceback" not in shown
    logs = list(crash_folder().glob("crash-*.log"))
    assert len(logs) == 1 and "action_help" not in shown
    assert "RuntimeError" in logs[0].read_text()


@pytest.fixture
def terminal_env(user_dirs: Path) -> list[str]:
    if terminal.shutil.which("tmux") is None:
        if os.environ.get("CI"):
            pytest.fail("tmux is not installed: .ci/run must install it")
        pytest.skip("tmux is not installed (apt-get install tmux to run this test)")
    if terminal.session_alive():
        terminal.tmux("kill-session", "-t", terminal.SESSION)
    yield [f"{k}={os.environ[k]}" for k in os.environ if k.startswith("XDG_")]
    if terminal.session_alive():
        terminal.tmux("kill-session", "-t", terminal.SESSION)


async def test_a_bug_in_a_worker_is_logged_as_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    from textual.worker import WorkerFailed

    from syria_reader.corpus import load_corpus
    from syria_reader.tui.app import ReaderApp

    def broken(*args: object) -> None:
        raise RuntimeError("in the related-passages worker")

    from syria_reader.annotations.workspace import Workspace

    monkeypatch.setattr(Workspace, "build_related", broken)
    app = ReaderApp(load_corpus(), recognise=False)
    with pytest.raises(WorkerFailed):
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause(0.5)
    assert isinstance(app.crash, RuntimeError)  # what the log will hold, not the wrapper


async def test_a_note_with_control_characters_keeps_the_cursor_where_it_is_drawn() -> None:
    from textual.app import App, ComposeResult

    from syria_reader.tui.textual_overrides import VisibleInput

    value = "\x07" * 50 + "end"

    class OneInput(App[None]):
        def compose(self) -> ComposeResult:
            yield VisibleInput(value)

    app = OneInput()
    async with app.run_test(size=(40, 5)) as pilot:
        field = app.query_one(VisibleInput)
        field.cursor_position = len(value)
        await pilot.pause()
        assert field._cursor_offset == len(value) + 1  # each stand-in is one cell
        assert field._cell_offset_to_index(10 - field.scroll_offset.x) == 10
