"""``M`` in the reader: the title, source and date of the article in the focused pane,
set by the analyst (kept in the database, never in the file), shown in the pane's
header, here and in another window."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Label

from syria_reader.annotations.article_meta import load_article_meta
from syria_reader.annotations.store.database import AnnotationStore
from syria_reader.annotations.workspace import Workspace
from syria_reader.corpus import load_corpus
from syria_reader.tui.app import ReaderApp
from syria_reader.tui.screens.article_meta_screen import ArticleMetaScreen
from syria_reader.tui.screens.reading_screen import ReadingScreen
from syria_reader.tui.untrusted import visible
from tests import hostile
from tests.conftest import screen_text

SIZE = (140, 40)


@pytest.fixture
def store(tmp_path: Path) -> AnnotationStore:
    return AnnotationStore(tmp_path / "db.json")


def header_text(app: ReaderApp, index: int = 0) -> str:
    return str(app.panes[index]._header.render())


async def ready(app: ReaderApp, pilot: Pilot) -> None:
    for _ in range(200):
        await pilot.pause()
        if app.workspace is not None:
            break
    await pilot.pause()
    assert app.workspace is not None


def field(app: ReaderApp, name: str) -> Input:
    return app.screen.query_one(f"#meta-{name}", Input)


async def test_M_shows_the_analysts_values_over_the_files_placeholders(
        store: AnnotationStore) -> None:
    corpus = load_corpus()
    workspace = Workspace(corpus, store)
    workspace.load()
    cnn = corpus.get("000")
    workspace.set_article_meta(cnn.id, source="CNN Wire")
    app = ReaderApp(corpus, store=AnnotationStore(store.path), recognise=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        assert app.panes[0].article.id == cnn.id
        assert "CNN Wire" in header_text(app)  # the analyst's source, from the start
        await pilot.press("M")
        assert isinstance(app.screen, ArticleMetaScreen)
        assert field(app, "title").has_focus
        assert (field(app, "title").value, field(app, "title").placeholder) == ("", cnn.title)
        assert (field(app, "source").value, field(app, "source").placeholder) == (
            "CNN Wire", "CNN")
        assert (field(app, "date").value, field(app, "date").placeholder) == (
            "", "YYYY-MM-DD (the file has none)")
        assert "Article details: 000_6437c01467f5b919" in screen_text(app)
        await pilot.press("escape")
        assert isinstance(app.screen, ReadingScreen)


async def test_enter_saves_and_the_pane_header_shows_it(store: AnnotationStore) -> None:
    app = ReaderApp(load_corpus(), store=store, recognise=False)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await ready(app, pilot)
        article = app.panes[1].article
        await pilot.press("tab", "M")  # the focused pane's article
        await pilot.press(*"Officials: ISIS defeated", "tab", *"The Post", "tab",
                          *"Dec. 19, 2018", "enter")
        assert isinstance(app.screen, ReadingScreen)
        assert "Article details saved" in screen_text(app)
        assert header_text(app, 1) == "Officials: ISIS defeated\nThe Post · 2018-12-19"
        assert header_text(app, 0) == app.panes[0].article.title + "\nCNN"  # untouched
        saved = load_article_meta(AnnotationStore(store.path))[article.id]
        assert (saved.title, saved.source, saved.date) == (
            "Officials: ISIS defeated", "The Post", "2018-12-19")
        assert article.path is not None and "The Post" not in article.path.read_text()

        await pilot.press("M")  # again: the fields hold what was saved; emptied, unset
        assert field(app, "source").value == "The Post"
        await pilot.press("tab", "home", "ctrl+k", "enter")
        assert header_text(app, 1) == "Officials: ISIS defeated\n2018-12-19"
        assert load_article_meta(AnnotationStore(store.path))[article.id].source is None


async def test_a_date_that_is_not_one_is_said_and_the_dialog_stays(
        store: AnnotationStore) -> None:
    app = ReaderApp(load_corpus(), store=store, recognise=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("M", "tab", "tab", *"sometime soon", "enter")
        assert isinstance(app.screen, ArticleMetaScreen)
        error = str(app.screen.query_one("#meta-error", Label).render())
        assert error == ("Not saved: not a full date: 'sometime soon' (e.g. 2018-12-19 or "
                         "Dec. 19, 2018)")
        assert "Not saved: not a full date: 'sometime soon'" in screen_text(app)
        assert field(app, "date").value == "sometime soon"  # kept, to be corrected
        await pilot.press("escape")
        assert isinstance(app.screen, ReadingScreen)
        assert app.workspace is not None and app.workspace.article_meta(
            app.panes[0].article.id) is None


async def test_the_header_follows_another_window(store: AnnotationStore) -> None:
    app = ReaderApp(load_corpus(), store=store, recognise=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        other = Workspace(load_corpus(), AnnotationStore(store.path))  # another process
        other.load()
        other.set_article_meta(app.panes[0].article.id, date="2018-12-19")
        for _ in range(100):  # the reader looks twice a second
            if "CNN · 2018-12-19" in header_text(app):
                break
            await pilot.pause(0.05)
        assert header_text(app).endswith("\nCNN · 2018-12-19")


async def test_hostile_titles_are_shown_as_text_in_the_dialog_and_header(
        tmp_path: Path) -> None:
    corpus = load_corpus(hostile.make_corpus(tmp_path / "corpus"))
    app = ReaderApp(corpus, store=AnnotationStore(tmp_path / "db.json"), recognise=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        pane = next(p for p in app.panes if p.article.id != "plain")
        pane.focus()
        await pilot.pause()
        await pilot.press("M")
        shown = screen_text(app)
        assert hostile.controls_in(shown) == []
        assert visible(hostile.CLICK) in shown  # the file's title, as placeholder
        assert visible(hostile.SOURCE) in shown
        await pilot.press(*"[b]mine[/b] ", "enter")
        assert "[b]mine[/b]" in header_text(app, app.panes.index(pane))
        assert app.is_running and app.return_code is None
