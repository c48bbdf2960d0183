"""The reader's worker threads give the interpreter back quickly, for the keys."""

from __future__ import annotations

import sys

import pytest

from syria_reader.tui.cli import build_parser
from syria_reader.tui.cli.reader import KEY_THREAD_SWITCH_SECONDS, cmd_read


def test_the_reader_runs_with_a_short_thread_switch_interval(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Recognition, splitting and the related index run in threads of the reader; at
    Python's 5 ms a key waited for them several times over (bench/terminal_keys.py)."""
    from syria_reader.tui.app import ReaderApp

    seen: list[float] = []
    monkeypatch.setattr(ReaderApp, "run", lambda app: seen.append(sys.getswitchinterval()))
    before = sys.getswitchinterval()
    try:
        assert cmd_read(build_parser().parse_args([])) == 0
    finally:
        sys.setswitchinterval(before)
    assert seen == [KEY_THREAD_SWITCH_SECONDS] and KEY_THREAD_SWITCH_SECONDS <= 0.001
