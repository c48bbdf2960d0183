"""``x`` in the reader: the export dialog, from the keyboard alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from syria_reader.annotations.store.book import AnnotationBook
from syria_reader.annotations.store.database import AnnotationStore
from syria_reader.annotations.store.model import new_annotation
from syria_reader.corpus import load_corpus
from syria_reader.tui.app import ReaderApp
from syria_reader.tui.screens.export_screen import ExportScreen


@pytest.fixture
def store(tmp_path: Path) -> AnnotationStore:
    store = AnnotationStore(tmp_path / "db.json")
    article = load_corpus().get("002")
    start = article.text.index("roughly 500")
    AnnotationBook(store).add(new_annotation(article, start, start + 11, label="figure",
                                             note="Dorrian, 2017"))
    return store


async def export_with_keys(store: AnnotationStore, keys: list[str]) -> ReaderApp:
    app = ReaderApp(load_corpus(), store=store, recognise=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("x")
        assert isinstance(app.screen, ExportScreen)
        await pilot.press(*keys)
        await app.workers.wait_for_complete()
        await pilot.pause()
        status = str(app.screen.query_one("#export-status").render())
        app.status_after_export = status  # type: ignore[attr-defined]
    return app


async def test_export_native_json_to_the_default_path(
    store: AnnotationStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = await export_with_keys(store, ["1", "enter"])
    written = sorted(tmp_path.glob("syria-reader-export-*.json"))
    assert len(written) == 1
    assert str(written[0]) in app.status_after_export  # type: ignore[attr-defined]
    data = json.loads(written[0].read_text())
    assert [a["quote"] for a in data["annotations"]] == ["roughly 500"]


async def test_export_csv_to_a_typed_path(store: AnnotationStore, tmp_path: Path) -> None:
    target = tmp_path / "claims.csv"
    keys = ["3", "ctrl+a", "ctrl+k", *str(target), "enter"]
    await export_with_keys(store, keys)
    assert "Dorrian, 2017" in target.read_text(encoding="utf-8-sig")


async def test_a_bad_path_is_reported_in_the_dialog(
    store: AnnotationStore, tmp_path: Path
) -> None:
    target = tmp_path / "no" / "such" / "folder" / "out.json"
    app = await export_with_keys(store, ["1", "ctrl+a", "ctrl+k", *str(target), "enter"])
    assert "Not exported" in app.status_after_export  # type: ignore[attr-defined]
    assert "does not exist" in app.status_after_export  # type: ignore[attr-defined]
