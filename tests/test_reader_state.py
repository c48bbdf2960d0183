"""Every pane, window and command sees the same work: the bugs that came from copies of
the analyst's state drifting apart, driven as a user meets them."""

from __future__ import annotations

import asyncio
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from syria_reader.annotations.store.book import AnnotationBook
from syria_reader.annotations.store.database import AnnotationStore
from syria_reader.annotations.store.model import new_annotation
from syria_reader.corpus import load_corpus
from syria_reader.tui.app import ReaderApp
from syria_reader.tui.widgets.inspector import Inspector
from tests.conftest import REPO, RunResult, claims_drawn


async def loaded(app: ReaderApp, pilot: object) -> None:
    while app.workspace is None:
        await pilot.pause(0.02)  # type: ignore[attr-defined]


def inspector(app: ReaderApp) -> str:
    return app.query_one(Inspector).line


async def test_a_pane_opened_with_plus_shows_the_claims_of_its_article(tmp_path: Path) -> None:
    store = AnnotationStore(tmp_path / "db.json")
    article = load_corpus().get("002")
    first = article.sentences[0]
    AnnotationBook(store).add(new_annotation(article, *first, label="figure"))
    app = ReaderApp(load_corpus(), store=store, recognise=False)
    async with app.run_test(size=(160, 45)) as pilot:
        await loaded(app, pilot)
        await pilot.press("plus")  # the third pane shows 002
        await pilot.pause()
        third = app.panes[2]
        assert third.article.id == article.id and third.view.has_focus
        assert [c.label for c in third.view.claims] == ["figure"]
        await pilot.press("c")
        await pilot.pause()
        assert third.view.menu_open  # on the claim: relabel, not a second claim
        await pilot.press("2")
        await pilot.pause()
    assert [(a.label, a.start) for a in AnnotationBook(store).annotations()] == [
        ("event", first[0])]


async def test_the_status_line_follows_the_article_and_a_relabel(tmp_path: Path) -> None:
    app = ReaderApp(load_corpus(), store=AnnotationStore(tmp_path / "db.json"),
                    recognise=False)
    async with app.run_test(size=(160, 45)) as pilot:
        await loaded(app, pilot)
        assert inspector(app).startswith("000_")
        await pilot.press("right_square_bracket")
        assert inspector(app).startswith("001_")  # before any cursor move
        await pilot.press("c", "1")
        await pilot.pause()
        assert "claim figure" in inspector(app)
        await pilot.press("c", "2")
        await pilot.pause()
        assert "claim event" in inspector(app) and "figure" not in inspector(app)


async def test_a_claim_tagged_by_the_command_line_appears_and_is_not_undone_here(
    cli: Callable[..., RunResult], tmp_path: Path,
) -> None:
    db = tmp_path / "db.json"
    app = ReaderApp(load_corpus(), store=AnnotationStore(db), recognise=False)
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await loaded(app, pilot)
        view = app.panes[0].view
        await pilot.press("j", "j")
        cursor = view.cursor
        tagged = await asyncio.to_thread(cli, "tag", "000", "Planning is underway",
                                         "--label", "policy", "--db", str(db))
        assert tagged.returncode == 0, tagged.stderr
        written = time.monotonic()
        while not view.claims and time.monotonic() - written < 3:
            await pilot.pause(0.05)
        assert time.monotonic() - written < 1.0, "the reader saw it within a second"
        assert [c.label for c in view.claims] == ["policy"]
        assert view.cursor == cursor  # nothing moved under the analyst
        await pilot.press("u")
        await pilot.pause()
        assert [c.label for c in view.claims] == ["policy"]
        messages = [n.message for n in app._notifications]
        assert any(m.startswith("Nothing to undo in this window; 1 changes") for m in messages)
    assert [a.label for a in AnnotationBook(AnnotationStore(db)).annotations()] == ["policy"]


async def test_texts_from_the_facts_cache_are_made_in_the_worker(tmp_path: Path) -> None:
    """A corpus read from the facts cache makes each text when first read: the reader
    makes those that [ and ] lead to in a worker, so no key converts one (a PDF could
    take seconds), and not the others (every PDF of a corpus at every start)."""
    folder = tmp_path / "corpus"
    shutil.copytree(REPO / "corpus" / "articles", folder)
    first = ReaderApp(load_corpus(folder), store=AnnotationStore(tmp_path / "db.json"),
                      recognise=False)
    async with first.run_test(size=(120, 36)) as pilot:  # facts and related index cached
        await pilot.pause()
        await first.workers.wait_for_complete()
    corpus = load_corpus(folder)
    assert all("_make_text" in vars(article) for article in corpus.articles)
    app = ReaderApp(corpus, store=AnnotationStore(tmp_path / "db.json"), recognise=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        made = {article.id[:3] for article in corpus.articles
                if "_make_text" not in vars(article)}
        assert made == {"004", "000", "001", "002"}  # the panes' (000, 001) and theirs
        await pilot.press("tab", "right_square_bracket")  # the right pane shows 002
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert not any("_make_text" in vars(article) for article in corpus.articles)


async def test_a_note_is_marked_in_the_text_and_said_in_the_status_line(
        tmp_path: Path) -> None:
    """A claim's note shows in the reading view: its first character is marked, and
    the status line says the note when the cursor is on the claim."""
    corpus = load_corpus()
    article = corpus.articles[0]
    start = article.text.index("Planning is underway")
    store = AnnotationStore(tmp_path / "db.json")
    AnnotationBook(store).add(new_annotation(
        article, start, start + len("Planning is underway"), label="figure",
        note="Check against\nthe Pentagon's figure"))
    app = ReaderApp(corpus, store=store, recognise=False)
    async with app.run_test(size=(160, 45)) as pilot:
        await loaded(app, pilot)
        view = app.panes[0].view
        await claims_drawn(view, pilot)
        view.cursor = start + 3
        await pilot.pause()
        assert "note “Check against the Pentagon's figure” (n edits)" in inspector(app)
        line = view.render_line(0)
        styles = [segment.style for segment in line if segment.text.strip()]
        marked = view.get_component_rich_style("article-view--note-mark", partial=True)
        assert styles and marked.underline and styles[0] != styles[1]
