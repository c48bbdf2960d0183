"""The article list: each article's source, date and claims; `/` filters it as you type
(fuzzy, over title, source and id); `s` sorts it by date, source, title or claims."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from syria_reader.annotations.store.book import AnnotationBook
from syria_reader.annotations.store.database import AnnotationStore
from syria_reader.annotations.store.model import new_annotation
from syria_reader.corpus import load_corpus
from syria_reader.tui.app import ReaderApp
from syria_reader.tui.widgets.article_list import ArticleList
from tests.conftest import screen_text


def listed(article_list: ArticleList) -> list[str]:
    return [str(article_list.get_option_at_index(i).id)[:3]
            for i in range(article_list.option_count)]

async def open_list(app: ReaderApp, pilot: Pilot[None]) -> ArticleList:
    """The list shown with `a`, once the database is open (the claims are counted)."""
    while app.workspace is None:
        await pilot.pause(0.05)
    await pilot.press("a")
    await pilot.pause()
    return app.query_one(ArticleList)



async def test_filter_as_you_type_sort_and_counts(tmp_path: Path) -> None:
    corpus = load_corpus()
    store = AnnotationStore(tmp_path / "db.json")
    target = corpus.get("003")
    for start in (0, 10):
        AnnotationBook(store).add(new_annotation(target, start, start + 5, label="figure"))
    app = ReaderApp(corpus, store=store, recognise=False)
    async with app.run_test(size=(140, 40)) as pilot:
        article_list = await open_list(app, pilot)
        assert article_list.has_focus and listed(article_list) == [
            "000", "001", "002", "003", "004"]
        shown = screen_text(app)
        assert "2 claims" in shown and "CNN" in shown  # source and claims on each row
        await pilot.press("s")  # by date: the undated last
        assert article_list.order == "date"
        dated = [a for a in corpus.articles if a.date]
        assert listed(article_list)[: len(dated)] == sorted(
            (a.id[:3] for a in dated), key=lambda i: corpus.get(i).date)
        await pilot.press("s", "s", "s")  # source, title, claims
        assert article_list.order == "claims" and listed(article_list)[0] == "003"
        await pilot.press("slash", *"pentagon")  # fuzzy over titles, sources, ids
        await pilot.pause()
        assert "filter: pentagon" in screen_text(app)
        matches = listed(article_list)
        assert matches and all("pentagon" in (corpus.get(i).title + " " + (
            corpus.get(i).source or "")).casefold() for i in matches[:1])
        assert len(matches) < 5
        await pilot.press("escape", "enter")  # typing ends; enter opens the best match
        assert app.panes[0].article.id[:3] == matches[0]


async def test_slash_starts_a_new_filter(tmp_path: Path) -> None:
    # Escape ends the typing and keeps the filter; `/` again starts a new one, so a
    # filter can be cleared without a backspace per letter.
    app = ReaderApp(load_corpus(), store=AnnotationStore(tmp_path / "db.json"),
                    recognise=False)
    async with app.run_test(size=(140, 40)) as pilot:
        article_list = await open_list(app, pilot)
        await pilot.press("slash", *"pentagon", "escape")
        assert article_list.filter_text == "pentagon" and not article_list.filtering
        assert article_list.option_count < 5
        await pilot.press("slash")
        await pilot.pause()
        assert article_list.filter_text == "" and article_list.filtering
        assert article_list.option_count == 5
        await pilot.press(*"cnn")
        assert article_list.filter_text == "cnn"


async def test_typing_ends_when_the_list_loses_the_focus(tmp_path: Path) -> None:
    # Filtering, tab to the pane, `a` hides the list and `a` shows it: a third `a`
    # hides it again, it is not typed into the filter.
    app = ReaderApp(load_corpus(), store=AnnotationStore(tmp_path / "db.json"),
                    recognise=False)
    async with app.run_test(size=(140, 40)) as pilot:
        article_list = await open_list(app, pilot)
        await pilot.press("slash", *"pent", "tab")
        await pilot.pause()
        assert not article_list.has_focus and not article_list.filtering
        assert "▏" not in str(article_list.border_title)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert article_list.display and article_list.has_focus
        await pilot.press("a")
        await pilot.pause()
        assert not article_list.display and article_list.filter_text == "pent"


async def test_the_list_shows_the_analysts_title_source_and_date(tmp_path: Path) -> None:
    # M sets an article's title, source and date: the list shows, filters and sorts by
    # them, as the pane's header shows them.
    corpus = load_corpus()
    app = ReaderApp(corpus, store=AnnotationStore(tmp_path / "db.json"), recognise=False)
    async with app.run_test(size=(140, 40)) as pilot:
        article_list = await open_list(app, pilot)
        last = corpus.articles[-1].id
        app.workspace.set_article_meta(last, title="Zebra crossing report",
                                       source="Kestrel Wire", date="1999-01-02")
        for _ in range(100):
            if "Zebra crossing report" in screen_text(app):
                break
            await pilot.pause(0.05)
        shown = screen_text(app)
        assert "Zebra crossing report" in shown and "Kestrel Wire · 1999-01-02" in shown
        await pilot.press("s")  # by date: the analyst's 1999 first
        assert listed(article_list)[0] == last[:3]
        await pilot.press("slash", *"zebra")
        assert listed(article_list) == [last[:3]]


async def test_enter_ends_the_typing_in_the_border_too(tmp_path: Path) -> None:
    app = ReaderApp(load_corpus(), store=AnnotationStore(tmp_path / "db.json"),
                    recognise=False)
    async with app.run_test(size=(140, 40)) as pilot:
        article_list = await open_list(app, pilot)
        await pilot.press("slash", *"pentagon", "enter")  # opens the best match
        await pilot.pause()
        await pilot.press("a")  # the list again: typing is over, and its border says so
        await pilot.pause()
        assert article_list.has_focus and not article_list.filtering
        assert "▏" not in str(article_list.border_title)
        assert "filter: pentagon" in str(article_list.border_title)


async def test_every_word_typed_narrows_the_filter(tmp_path: Path) -> None:
    # "report 27" keeps Report 27, not every "Report" (most of the phrase's letters
    # are in each of them); a typo in a word still finds it.
    folder = tmp_path / "corpus"
    folder.mkdir()
    for number in range(1, 31):
        (folder / f"r{number:02d}.txt").write_text(
            f"---\ntitle: Report {number}\n---\nThe US said so.\n", encoding="utf-8")
    app = ReaderApp(load_corpus(folder), store=AnnotationStore(tmp_path / "db.json"),
                    recognise=False)
    async with app.run_test(size=(140, 40)) as pilot:
        article_list = await open_list(app, pilot)
        await pilot.press("slash", *"report")
        assert article_list.option_count == 30
        await pilot.press(*" 27")
        await pilot.pause()
        assert listed(article_list) == ["r27"]
        assert "filter: report 27▏ (1 of 30)" in str(article_list.border_title)
        await pilot.press("escape", "slash", *"repotr 3")  # a typo; 3 in four titles
        await pilot.pause()
        assert listed(article_list) == ["r03", "r13", "r23", "r30"]


async def test_j_and_k_move_in_the_list_as_in_the_panes(tmp_path: Path) -> None:
    app = ReaderApp(load_corpus(), store=AnnotationStore(tmp_path / "db.json"),
                    recognise=False)
    async with app.run_test(size=(140, 40)) as pilot:
        article_list = await open_list(app, pilot)
        await pilot.press("j", "j", "k", "j")
        assert article_list.highlighted == 2
        await pilot.press("enter")
        assert app.panes[0].article.id[:3] == "002"
        await pilot.press("a", "slash", "j", "k")  # typing a filter: letters
        assert article_list.filter_text == "jk"
