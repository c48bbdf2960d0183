"""End to end: the installed command in a real terminal (tmux), driven by keys."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator

import pytest

from tests.conftest import COMMAND

SESSION = "syria-reader-e2e"


def tmux(*args: str) -> str:
    return subprocess.run(
        ["tmux", *args], capture_output=True, text=True, check=True, timeout=10
    ).stdout


def screen() -> str:
    return tmux("capture-pane", "-p", "-t", SESSION)


def wait_for(text: str, timeout: float = 15.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        shown = screen()
        if text in shown:
            return shown
        time.sleep(0.1)
    raise AssertionError(f"{text!r} never appeared; the screen was:\n{screen()}")


def wait_for_gone(text: str, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if text not in screen():
            return
        time.sleep(0.1)
    raise AssertionError(f"{text!r} is still shown:\n{screen()}")


def session_alive() -> bool:
    probe = subprocess.run(["tmux", "has-session", "-t", SESSION], capture_output=True)
    return probe.returncode == 0


@pytest.fixture
def terminal(user_dirs: object) -> Iterator[None]:
    if shutil.which("tmux") is None:
        if os.environ.get("CI"):
            pytest.fail("tmux is not installed: .ci/run must install it")
        pytest.skip("tmux is not installed (apt-get install tmux to run this test)")
    if session_alive():
        tmux("kill-session", "-t", SESSION)
    environment = [f"{k}={os.environ[k]}" for k in os.environ if k.startswith("XDG_")]
    tmux(
        "new-session", "-d", "-s", SESSION, "-x", "120", "-y", "35",
        # pytest's plugins export COLUMNS/LINES, which would pin the reader to 80x24
        "env", "-u", "COLUMNS", "-u", "LINES", *environment, "TERM=xterm-256color",
        str(COMMAND),
    )
    tmux("resize-window", "-t", SESSION, "-x", "120", "-y", "35")
    try:
        yield
    finally:
        if session_alive():
            tmux("kill-session", "-t", SESSION)


def test_reader_in_a_real_terminal(terminal: None) -> None:
    wait_for("Quit")  # the footer
    shown = wait_for("Planning is underway")
    assert "State Dept. Officials" in shown  # the second pane
    tmux("send-keys", "-t", SESSION, "]")  # the left pane moves on to the next article
    wait_for_gone("Planning is underway")
    for _ in range(20):  # the annotation database opens just after the first frame
        tmux("send-keys", "-t", SESSION, "c")  # once the menu is open, it takes the key
        time.sleep(0.5)
        if "Tag as a claim" in screen():
            break
    wait_for("Tag as a claim")  # the label menu, under the first sentence
    tmux("send-keys", "-t", SESSION, "1")
    wait_for("Tagged as figure")
    wait_for_gone("Tag as a claim")
    tmux("send-keys", "-t", SESSION, "?")
    wait_for("syria-reader keys")
    tmux("send-keys", "-t", SESSION, "Escape")
    time.sleep(0.5)
    tmux("send-keys", "-t", SESSION, "q")
    deadline = time.monotonic() + 10
    while session_alive() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not session_alive(), "q did not quit the reader"
