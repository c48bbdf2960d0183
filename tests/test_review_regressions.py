"""Bugs found in review, pinned so they stay fixed."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from syria_reader.annotations.linking.links import all_links, new_link
from syria_reader.annotations.store.anchoring import reanchor
from syria_reader.annotations.store.book import AnnotationBook
from syria_reader.annotations.store.database import AnnotationStore
from syria_reader.annotations.store.model import new_annotation
from syria_reader.corpus import Article, load_corpus
from syria_reader.tui.app import ReaderApp
from syria_reader.tui.config import config_path


def test_fuzzy_reanchoring_keeps_whole_words() -> None:
    article = load_corpus().get("002")
    start = article.text.index("roughly 500, not nearly enough")
    claim = new_annotation(article, start, start + len("roughly 500, not nearly enough"))
    edited = Article(id=article.id, title=article.title,
                     text=article.text.replace("roughly 500", "roughly 5,000"))
    moved = reanchor(claim, edited).annotation
    assert moved.quote.startswith("roughly 5,000") and moved.quote.endswith("enough")


def test_deleting_a_claim_deletes_its_links_and_undo_restores_both(tmp_path: Path) -> None:
    article = load_corpus().get("002")
    book = AnnotationBook(AnnotationStore(tmp_path / "db.json"))
    first = book.add(new_annotation(article, 0, 10))
    second = book.add(new_annotation(article, 20, 30))
    book.add_link(new_link(first.id, second.id, "supports").to_record())
    book.delete(first.id)
    assert all_links(book) == [] and [a.id for a in book.annotations()] == [second.id]
    book.undo()
    assert len(all_links(book)) == 1 and len(book.annotations()) == 2


def test_writes_keep_the_database_files_permissions(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    AnnotationStore(path)
    path.chmod(0o664)
    book = AnnotationBook(AnnotationStore(path))
    book.add(new_annotation(load_corpus().get("000"), 0, 5))
    assert stat.S_IMODE(path.stat().st_mode) == 0o664


async def test_a_broken_config_is_never_overwritten() -> None:
    config_path().parent.mkdir(parents=True, exist_ok=True)
    config_path().write_text('theme = "nord"\n[keys\n')
    app = ReaderApp(load_corpus(), recognise=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("1")
    assert config_path().read_text() == 'theme = "nord"\n[keys\n'


async def test_closing_a_pane_at_once_does_not_crash(tmp_path: Path) -> None:
    app = ReaderApp(load_corpus(), recognise=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("minus")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(app.panes) == 1 and app.is_running


async def test_a_claim_deleted_by_another_window_is_reported_not_a_crash(
    tmp_path: Path,
) -> None:
    store = AnnotationStore(tmp_path / "db.json")
    article = load_corpus().get("000")
    claim = AnnotationBook(store).add(new_annotation(article, 0, 20, label="figure"))
    app = ReaderApp(load_corpus(), store=store, recognise=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        AnnotationBook(AnnotationStore(store.path)).delete(claim.id)  # the other window
        os.utime(store.path)
        await pilot.press("d")
        await pilot.pause()
        assert app.is_running
        assert app.panes[0].view.claim_at(0) is None
