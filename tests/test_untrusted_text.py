"""Text we did not write is only ever shown: no markup action, no terminal escape.

The hostile corpus (tests/hostile.py) puts markup that would quit the reader or write
a file, links, stray close tags, terminal sequences and control characters in a file
name, a title, a source, the text, a label and a note. Every screen that shows them is
driven here as a user would, and must show the literal text, send no control character
and run nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot

from syria_reader.annotations.store.book import AnnotationBook
from syria_reader.annotations.store.database import AnnotationStore
from syria_reader.annotations.store.model import new_annotation
from syria_reader.corpus import Corpus, load_corpus
from syria_reader.tui.app import ReaderApp
from syria_reader.tui.screens.claims_screen import ClaimsScreen
from syria_reader.tui.screens.export_screen import ExportScreen
from syria_reader.tui.screens.help_screen import HelpScreen
from syria_reader.tui.screens.note_screen import NoteScreen
from syria_reader.tui.screens.search_screen import SearchScreen
from syria_reader.tui.screens.suggestions_screen import SuggestionsScreen
from syria_reader.tui.untrusted import visible
from syria_reader.tui.widgets.article_list import ArticleList
from tests import hostile


@pytest.fixture
def corpus(tmp_path: Path) -> Corpus:
    # The folder's name too: the header shows it.
    return load_corpus(hostile.make_corpus(tmp_path / f"corpus {hostile.WINDOW_TITLE}"))


@pytest.fixture
def store(tmp_path: Path, corpus: Corpus) -> AnnotationStore:
    """The hostile article's first sentence tagged with the hostile label and note."""
    store = AnnotationStore(tmp_path / "db.json")
    article = hostile_article(corpus)
    end = article.text.index("today.") + len("today.")
    AnnotationBook(store).add(
        new_annotation(article, 0, end, label=hostile.LABEL, note=hostile.NOTE))
    return store


def hostile_article(corpus: Corpus):
    return next(article for article in corpus.articles if article.id != "plain")


def screen_text(app: ReaderApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def wait_for_text(pilot, app: ReaderApp, text: str) -> None:
    for _ in range(100):
        if text in screen_text(app):
            return
        await pilot.pause(0.05)


def assert_shown_safely(app: ReaderApp, *literals: str) -> str:
    """Each literal is on screen as text (controls as stand-ins), and no control
    character is in what would be sent to the terminal."""
    shown = screen_text(app)
    assert hostile.controls_in(shown) == []
    for literal in literals:
        assert visible(literal) in shown, f"{literal!r} is not shown as text:\n{shown}"
    return shown


def assert_nothing_ran(app: ReaderApp, corpus: Corpus) -> None:
    assert app.is_running and app.return_code is None, "a markup action quit the reader"
    assert not (corpus.root / "notes.txt").exists(), "a markup action wrote a file"


async def test_the_panes_and_inspector_show_the_text_as_it_is(corpus, store) -> None:
    app = ReaderApp(corpus, store=store, recognise=False)
    async with app.run_test(size=(160, 45)) as pilot:
        await wait_for_text(pilot, app, "claim [@click")  # the claims load after the text
        shown = assert_shown_safely(
            app, f"corpus {hostile.WINDOW_TITLE}",
            "[@click=app.quit]Read the full report[/]", hostile.CLIPBOARD,
            "[link=file:///etc/passwd]the source[/link]", hostile.WINDOW_TITLE,
            hostile.BACKSPACES, hostile.C1_CSI, hostile.CLEAR, "Wire [/]")
        # the inspector names the claim under the cursor by its (hostile) label
        assert f"claim {hostile.LABEL}" in shown
        for x, y in ((3, 1), (10, 4), (20, 5)):  # on the title, the source, the text
            await pilot.click("#pane-left", (x, y))
        assert_nothing_ran(app, corpus)


async def test_the_article_list_shows_titles_and_sources_as_text(corpus, store) -> None:
    app = ReaderApp(corpus, store=store, recognise=False)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        assert app.query_one(ArticleList).has_focus
        assert_shown_safely(app, "[@click=app.quit]Read the", "Wire [/]", "('notes.")
        for y in range(1, 8):  # click every line of the first entries: nothing may run
            await pilot.click(ArticleList, (4, y))
            await pilot.click(ArticleList, (20, y))
        assert_nothing_ran(app, corpus)


async def opened(app: ReaderApp, pilot: Pilot[None]) -> None:
    """Wait for the annotations, opened just after the first frame, as a user would:
    a key that needs them before then is told they are still opening."""
    while app.workspace is None:
        await pilot.pause(0.05)


async def test_the_claims_list_shows_labels_and_notes_as_text(corpus, store) -> None:
    app = ReaderApp(corpus, store=store, recognise=False)
    async with app.run_test(size=(160, 45)) as pilot:
        await opened(app, pilot)
        await pilot.press("C")
        await pilot.pause()
        assert isinstance(app.screen, ClaimsScreen)
        assert_shown_safely(app, hostile.LABEL, "[@click=app.quit]Read the full report[/] "
                            "[link=file:///etc/passwd]the source[/link]", hostile.CLIPBOARD)
        await pilot.click("#claims-list", (10, 3))  # on the note: it jumps to the claim
        assert_nothing_ran(app, corpus)
        assert not isinstance(app.screen, ClaimsScreen)


async def test_the_note_dialog_shows_the_quote_and_note_as_text(corpus, store) -> None:
    app = ReaderApp(corpus, store=store, recognise=False)
    async with app.run_test(size=(160, 45)) as pilot:
        await opened(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NoteScreen)
        assert_shown_safely(app, "Officials said [link", "[@click=app.quit]Read")
        await pilot.click("#note-input", (5, 0))
        await pilot.press("escape")
        assert_nothing_ran(app, corpus)


async def test_search_shows_titles_and_snippets_as_text(corpus, store) -> None:
    app = ReaderApp(corpus, store=store, recognise=False)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.press("slash", *"troops")
        await pilot.pause(0.3)
        assert isinstance(app.screen, SearchScreen)
        assert_shown_safely(app, "Search “[@click=app.quit]Read the full report[/]",
                            "troops [/] remain")
        assert_nothing_ran(app, corpus)


async def test_related_passages_show_the_other_article_as_text(corpus, store) -> None:
    app = ReaderApp(corpus, store=store, recognise=False)
    async with app.run_test(size=(160, 45)) as pilot:
        while app.workspace is None or app.workspace.related is None:  # built after the first frame
            await pilot.pause(0.05)
        await pilot.press("tab", "j", "l")  # from the plain article to the hostile one
        await pilot.pause()
        assert isinstance(app.screen, SuggestionsScreen)
        assert_shown_safely(app, "troops [/] remain in Syria", "[@click=app.quit]Read the")
        await pilot.click("#suggestions-list", (10, 1))
        assert_nothing_ran(app, corpus)


async def test_export_shows_paths_and_results_as_text(
    corpus, store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = tmp_path / f"out [b]{hostile.WINDOW_TITLE}"
    folder.mkdir()
    monkeypatch.chdir(folder)
    app = ReaderApp(corpus, store=store, recognise=False)
    async with app.run_test(size=(160, 45)) as pilot:
        await opened(app, pilot)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        assert_shown_safely(app, f"out [b]{hostile.WINDOW_TITLE}")
        await pilot.press("3", "enter")  # csv, into that folder
        await wait_for_text(pilot, app, "Written")
        assert_shown_safely(app, "Written:", "[b]")
        assert_nothing_ran(app, corpus)
    assert list(folder.glob("*.csv"))


async def test_the_label_menu_shows_labels_and_the_quote_as_text(corpus, store) -> None:
    app = ReaderApp(corpus, store=store, recognise=False)
    async with app.run_test(size=(160, 45)) as pilot:
        await opened(app, pilot)
        await pilot.press("j", "c")
        await pilot.pause()
        assert app.panes[0].view.menu_open
        assert_shown_safely(app, f"1  {hostile.LABEL}", "2  [/]", "About 2,000 troops [/]")
        await pilot.press("2")
        assert_nothing_ran(app, corpus)
    labels = [a.label for a in AnnotationBook(store).annotations()]
    assert sorted(labels) == sorted([hostile.LABEL, "[/]"])


async def test_help_and_toasts_show_config_and_labels_as_text(corpus, store) -> None:
    from syria_reader.tui.config import Settings

    settings = Settings(keys={"view.next_sentence": "j,down"})
    app = ReaderApp(corpus, settings, store=store, recognise=False)
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        while app.workspace is None:  # opened just after the first frame
            await pilot.pause(0.05)
        await pilot.press("j", "c", "1")  # the toast names the hostile label
        await wait_for_text(pilot, app, "Tagged as")
        assert_shown_safely(app, f"Tagged as {hostile.LABEL}")
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert_shown_safely(app, "syria-reader keys", "j ↓")
        assert_nothing_ran(app, corpus)


async def test_a_digit_right_after_plus_toggles_the_type_in_the_new_pane_too() -> None:
    app = ReaderApp(load_corpus(), recognise=False)
    async with app.run_test(size=(160, 45)) as pilot:
        # Typed quickly, both keys reach the reader before the new pane is mounted.
        for key, character in (("plus", "+"), ("1", "1")):
            app._driver.send_message(events.Key(key, character))  # type: ignore[union-attr]
        await pilot.pause(0.2)
        assert app.is_running
        assert len(app.panes) == 3
        assert all(pane.view.hidden_classes == {"person"} for pane in app.panes)
