"""The status lines, as the user reads them: the inspector's words and the legend's
count, on a wide terminal and a narrow one."""

from __future__ import annotations

import shutil
from pathlib import Path

from syria_reader.annotations.store.book import AnnotationBook
from syria_reader.annotations.store.database import AnnotationStore
from syria_reader.annotations.store.model import new_annotation
from syria_reader.corpus import Corpus, load_corpus
from syria_reader.tui.app import ReaderApp
from syria_reader.tui.widgets.inspector import Inspector
from syria_reader.tui.widgets.legend import Legend
from tests.conftest import claims_drawn, screen_text


async def _settled(app: ReaderApp, pilot: object) -> None:
    """The database open and recognition (from the cache, if any) done."""
    while app.workspace is None:
        await pilot.pause(0.02)  # type: ignore[attr-defined]
    await app.workers.wait_for_complete()
    await pilot.pause()  # type: ignore[attr-defined]


async def test_a_sentence_s_own_note_says_note_once(tmp_path: Path) -> None:
    # It read "· note · note “…”": the kind, then the note part.
    corpus = load_corpus()
    article = corpus.articles[0]
    start, end = article.sentences[0]
    store = AnnotationStore(tmp_path / "db.json")
    AnnotationBook(store).add(new_annotation(article, start, end, kind="note",
                                             note="whose count?"))
    app = ReaderApp(corpus, store=store, recognise=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await _settled(app, pilot)
        view = app.panes[0].view
        await claims_drawn(view, pilot)
        view.cursor = start + 3
        await pilot.pause()
        shown = screen_text(app)
        assert "sentence 1/19 · note “whose count?” (n edits)" in shown, shown
        assert shown.count("note") == shown.count("note “whose count?”"), shown


async def _entity_status(app: ReaderApp, pilot: object, name: str) -> str:
    """The status line with the cursor on the first mention of ``name``."""
    view = app.panes[0].view
    view.cursor = view.article.text.index(name)
    await pilot.pause()  # type: ignore[attr-defined]
    return screen_text(app)


def _named_once(app: ReaderApp) -> str:
    """An entity of the left article mentioned once in the whole corpus."""
    entities = app.reading.entities
    assert entities is not None
    for mention in app.panes[0].view._mentions:
        summary = entities.summary_of(mention)
        if summary is not None and summary.size == 1:
            return summary.name
    raise AssertionError("no entity named once")


async def test_an_entity_named_once_is_one_mention(cached: None, tmp_path: Path) -> None:
    app = ReaderApp(load_corpus(), store=AnnotationStore(tmp_path / "db.json"))
    async with app.run_test(size=(160, 40)) as pilot:
        await _settled(app, pilot)
        name = _named_once(app)
        shown = await _entity_status(app, pilot, name)
        assert f"{name}: 1 mention in 1 of 5 articles" in shown, shown
        assert "1 mentions" not in shown, shown


async def test_a_corpus_of_one_article_says_1_article(cached: None, tmp_path: Path) -> None:
    # One bundled article with the corpus's patterns: recognition is the warm cache's.
    bundled = load_corpus()
    folder = tmp_path / "one"
    folder.mkdir()
    shutil.copy(bundled.articles[0].path, folder)
    shutil.copy(bundled.root / "patterns.jsonl", folder)
    corpus: Corpus = load_corpus(folder)
    app = ReaderApp(corpus, store=AnnotationStore(tmp_path / "db.json"))
    async with app.run_test(size=(160, 40)) as pilot:
        await _settled(app, pilot)
        name = _named_once(app)
        shown = await _entity_status(app, pilot, name)
        assert f"{name}: 1 mention in 1 of 1 article " in shown + " ", shown


async def test_the_legend_count_shows_from_100_columns(tmp_path: Path) -> None:
    # At 100 columns the seven types fill the line: the count (or recognition's
    # progress) after them was never shown; the legend now takes a second line.
    app = ReaderApp(load_corpus(), store=AnnotationStore(tmp_path / "db.json"),
                    recognise=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        legend = app.query_one(Legend)
        for size, status in (((100, 30), "recognising entities 2/5…"),
                             ((110, 30), "1234 entities"), ((104, 30), "1234 entities")):
            await pilot.resize_terminal(*size)
            legend.status = status
            await pilot.pause()
            shown = screen_text(app)
            assert status in shown, (size, shown)
            assert "7 events, other" in shown, (size, shown)
        await pilot.resize_terminal(160, 36)  # room for all: one line again
        await pilot.pause()
        assert "events, other   1234 entities" in screen_text(app)
        assert legend.region.height == 1


async def test_a_short_status_line_keeps_one_row_and_a_long_one_wraps(
    tmp_path: Path,
) -> None:
    corpus = load_corpus()
    article = corpus.articles[0]
    start, end = article.sentences[0]
    note = "Check against the Pentagon's figure of 2,000 troops and the Post's account " \
           "of the withdrawal timetable"
    store = AnnotationStore(tmp_path / "db.json")
    AnnotationBook(store).add(new_annotation(article, start, end, label="policy", note=note))
    app = ReaderApp(corpus, store=store, recognise=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await _settled(app, pilot)
        inspector = app.query_one(Inspector)
        view = app.panes[0].view
        await pilot.press("j")
        await pilot.pause()
        assert inspector.region.height == 1  # the wide layout's one line
        view.cursor = start + 3
        await pilot.pause()
        assert inspector.region.height == 2
        assert "withdrawal timetable” (n edits)" in screen_text(app)
        await pilot.press("j")
        await pilot.pause()
        assert inspector.region.height == 1


async def test_a_line_longer_than_three_rows_ends_in_an_ellipsis(tmp_path: Path) -> None:
    corpus = load_corpus()
    article = corpus.articles[0]
    start, end = article.sentences[0]
    note = " ".join(f"word{number}" for number in range(40))
    store = AnnotationStore(tmp_path / "db.json")
    AnnotationBook(store).add(new_annotation(article, start, end, label="policy", note=note))
    app = ReaderApp(corpus, store=store, recognise=False)
    async with app.run_test(size=(60, 20)) as pilot:
        await _settled(app, pilot)
        view = app.panes[0].view
        await claims_drawn(view, pilot)
        view.cursor = start + 3
        await pilot.pause()
        inspector = app.query_one(Inspector)
        assert inspector.region.height == 3
        rows = screen_text(app).splitlines()[inspector.region.y:inspector.region.bottom]
        assert rows[0].strip().startswith("000_6437c01467f5b919 · sentence 1/19"), rows
        assert rows[-1].rstrip().endswith("…"), rows
        assert "word30" not in "".join(rows), rows
