"""Pinned pictures of the main screen (also compact, and in a light theme), the help
screen and search.

Regenerate after a deliberate change of the look: pytest tests/test_snapshots.py
--snapshot-update, then look at the SVGs before committing them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from syria_reader.annotations.store.database import AnnotationStore
from syria_reader.corpus import load_corpus
from syria_reader.tui.app import ReaderApp
from syria_reader.tui.config import Settings

SIZE = (120, 36)


@pytest.fixture
def reader(warm_cache: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> ReaderApp:
    monkeypatch.setenv("XDG_CACHE_HOME", str(warm_cache))
    return ReaderApp(load_corpus(), Settings(), store=AnnotationStore(tmp_path / "db.json"))


async def settle(pilot: object) -> None:
    app = pilot.app  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    await app.workers.wait_for_complete()
    await pilot.pause()  # type: ignore[attr-defined]
    app.clear_notifications()


def test_main_screen(snap_compare: object, reader: ReaderApp) -> None:
    assert snap_compare(reader, terminal_size=SIZE, run_before=settle,  # type: ignore[operator]
                        press=["j", "j", "e"])


def test_help_screen(snap_compare: object, reader: ReaderApp) -> None:
    assert snap_compare(reader, terminal_size=SIZE, run_before=settle,  # type: ignore[operator]
                        press=["question_mark"])


def test_search_screen(snap_compare: object, reader: ReaderApp) -> None:
    async def search(pilot: object) -> None:
        await settle(pilot)
        for key in ["slash", *"troops"]:
            await pilot.press(key)  # type: ignore[attr-defined]
        await pilot.app.workers.wait_for_complete()  # type: ignore[attr-defined]
        await pilot.pause()  # type: ignore[attr-defined]

    assert snap_compare(reader, terminal_size=SIZE, run_before=search)  # type: ignore[operator]


def test_compact_layout(snap_compare: object, reader: ReaderApp) -> None:
    """60x20: headers of one line, no pane borders, the legend behind `i`."""
    assert snap_compare(reader, terminal_size=(60, 20), run_before=settle,  # type: ignore[operator]
                        press=["j"])


def test_light_theme(snap_compare: object, warm_cache: Path, monkeypatch: pytest.MonkeyPatch,
                     tmp_path: Path) -> None:
    """textual-light, where dates were white on light grey."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(warm_cache))
    app = ReaderApp(load_corpus(), Settings(theme="textual-light"),
                    store=AnnotationStore(tmp_path / "db.json"))
    assert snap_compare(app, terminal_size=SIZE, run_before=settle,  # type: ignore[operator]
                        press=["j", "j", "e"])
