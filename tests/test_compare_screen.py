"""``S`` in the reader: the compare screen on the bundled corpus, as the analyst sees it.

The 2,000 / 500 troop claims (000, 002) linked as a contradiction, the "full and rapid"
withdrawal (000) updated by "we're no longer pulling out" (001), and a third story on
which the reports agree (Mattis and McGurk, 003 and 004): two stories with their flags
first, a column per article in date order (dates set in the reader's own dialog),
the filters, enter opening the passages in the panes, the timeline of the troops, and
what someone hostile wrote shown as text.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from syria_reader.annotations.entities.stored import StoredEntityIndex
from syria_reader.annotations.store.database import AnnotationStore
from syria_reader.annotations.store.model import Annotation
from syria_reader.corpus import Corpus, load_corpus
from syria_reader.tui.app import ReaderApp
from syria_reader.tui.screens.article_meta_screen import ArticleMetaScreen
from syria_reader.tui.screens.compare_screen import (
    CompareScreen,
    EntityPicker,
    LabelPicker,
    short_ids,
)
from syria_reader.tui.screens.help_screen import HelpScreen
from syria_reader.tui.screens.reading_screen import ReadingScreen
from syria_reader.tui.untrusted import visible
from syria_reader.tui.widgets.story_grid import StoryGrid, wrapped
from syria_reader.tui.widgets.timeline_chart import Bar, TimelineChart, bar_text, chart_lines
from tests import hostile
from tests.conftest import screen_text

TROOPS_2000 = ("000", "The US has about 2,000 troops on the ground in the country")
TROOPS_500 = ("002", "the U.S. has only a small number of troops in Syria, roughly 500")
WITHDRAWAL = ("000", 'Planning is underway for a "full" and "rapid" withdrawal of US troops '
                     "from Syria")
STAYING = ("001", "new policy\xa0is we’re no longer pulling out by the end of the year")
RESIGNED = ("004", "the resignation of Secretary of Defense James Mattis and Brett McGurk, "
                   "the US envoy for the war against ISIS")
MATTIS = ("003", "what Secretary of Defense James Mattis told reporters at the Pentagon Monday")
DATES = (("002", "2017-05-05"), ("001", "2018-09-07"), ("000", "2018-12-19"))
SIZE = (160, 50)


@pytest.fixture
def store(tmp_path: Path) -> AnnotationStore:
    return AnnotationStore(tmp_path / "db.json")


def grid_lines(app: ReaderApp) -> list[str]:
    grid = app.screen.query_one(StoryGrid)
    return [grid.render_line(y).text for y in range(grid.size.height)]


async def ready(app: ReaderApp, pilot: Pilot) -> None:
    for _ in range(200):
        await pilot.pause()
        if app.workspace is not None:
            break
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert app.workspace is not None


def tag(app: ReaderApp, side: tuple[str, str], label: str, note: str = "") -> Annotation:
    assert app.workspace is not None
    article = app.corpus.get(side[0])
    start = article.text.index(side[1])
    return app.workspace.tag(article, start, start + len(side[1]), label, note)[0]


def link_stories(app: ReaderApp, agreeing: bool = False) -> dict[str, Annotation]:
    """The two stories of the issue (and the agreeing one), through the workspace."""
    assert app.workspace is not None
    claims = {"2000": tag(app, TROOPS_2000, "figure"), "500": tag(app, TROOPS_500, "figure"),
              "withdrawal": tag(app, WITHDRAWAL, "policy"),
              "staying": tag(app, STAYING, "policy")}
    app.workspace.link(claims["2000"], claims["500"], "contradicts")
    app.workspace.link(claims["staying"], claims["withdrawal"], "updates")
    if agreeing:
        claims["resigned"] = tag(app, RESIGNED, "event")
        claims["mattis"] = tag(app, MATTIS, "statement")
        app.workspace.link(claims["resigned"], claims["mattis"], "supports")
    return claims


async def compared(app: ReaderApp, pilot: Pilot, before: object = None) -> CompareScreen:
    """The compare screen once its comparison (a newer one than ``before``) is shown."""
    for _ in range(300):
        await pilot.pause()
        screen = app.screen
        if isinstance(screen, CompareScreen) and screen.comparison is not None and (
                screen.comparison is not before):
            await app.workers.wait_for_complete()
            await pilot.pause()
            return screen
        await pilot.pause(0.01)
    raise AssertionError("the comparison never came")


async def open_compare(app: ReaderApp, pilot: Pilot) -> CompareScreen:
    await pilot.press("S")
    return await compared(app, pilot)


async def set_date(app: ReaderApp, pilot: Pilot, prefix: str, date: str) -> None:
    """The date of an article, set as the analyst does: its pane, M, the date field."""
    pane = app.panes[0]
    pane.show_article(app.corpus.get(prefix).id)
    pane.focus()
    await pilot.pause()
    await pilot.press("M")
    assert isinstance(app.screen, ArticleMetaScreen)
    await pilot.press("tab", "tab", *date, "enter")
    await pilot.pause()
    assert isinstance(app.screen, ReadingScreen)


def header_order(app: ReaderApp) -> list[str]:
    """The articles' short ids in the order of the grid's columns."""
    header = grid_lines(app)[0]
    return sorted((p for p in ("000", "001", "002", "003", "004") if p in header),
                  key=header.index)


async def test_two_stories_with_their_flags_and_the_articles_by_date(
        store: AnnotationStore) -> None:
    app = ReaderApp(load_corpus(), store=store, recognise=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        assert "S Compare" in screen_text(app)  # in the footer
        link_stories(app)
        await open_compare(app, pilot)
        shown = screen_text(app)
        assert "2 stories · 3 of 5 articles, undated: in corpus order" in shown
        lines = grid_lines(app)
        assert lines[1].count("undated") == 3  # no article of the bundled five has a date
        assert header_order(app) == ["000", "001", "002"]  # corpus order
        await pilot.press("escape")

        for prefix, date in DATES:
            await set_date(app, pilot, prefix, date)
        assert "CNN · 2018-12-19" in screen_text(app)  # 000's pane says its new date
        await open_compare(app, pilot)
        assert header_order(app) == ["002", "001", "000"]
        lines = grid_lines(app)
        assert lines[1].index("2017-05-05") < lines[1].index("2018-09-07") < (
            lines[1].index("2018-12-19"))
        shown = screen_text(app)
        assert "2 stories · 3 of 5 articles, by date, undated ones last" in shown
        # A row per story: the troops first (two flags), then the withdrawal (one).
        rows = lines[2:]
        assert "figures differ" in rows[0] and "contradicts" in rows[1]
        assert "updated" in rows[3]
        assert rows[0].split("│")[2].strip() == "3"  # silent: 001, 003, 004
        # The cells: label, then the quote; 001 says nothing on the troops.
        troops = [line.split("│")[3:6] for line in rows[0:3]]
        assert troops[0][0].strip() == "figure" and troops[0][1].strip() == ""
        assert "the U.S. has" in troops[1][0] and "The US has about" in troops[1][2]
        withdrawal = [line.split("│")[3:6] for line in rows[3:6]]
        assert withdrawal[0][0].strip() == "" and withdrawal[0][1].strip() == "policy"
        assert "new policy is we’re" in withdrawal[1][1]  # the no-break space, shown
        # The story under the cursor, in full.
        assert "figures differ · contradicts" in shown
        assert "500 vs 2,000 (troop): 002 vs 000" in shown
        assert "000 “The US has about 2,000 troops…” contradicts 002" in shown
        assert "Silent: 001 State Dept." in shown


async def test_a_narrow_window_brings_the_other_articles_in_with_the_arrows(
        store: AnnotationStore) -> None:
    app = ReaderApp(load_corpus(), store=store, recognise=False)
    async with app.run_test(size=(84, 40)) as pilot:
        await ready(app, pilot)
        link_stories(app)
        screen = await open_compare(app, pilot)
        assert header_order(app) == ["000", "001"]
        assert grid_lines(app)[0].rstrip().endswith("▶")  # more on the right
        await pilot.press("right")
        assert header_order(app) == ["001", "002"]
        assert "◀ 001" in grid_lines(app)[0]
        await pilot.press("right")  # the last column stays at the right edge
        assert header_order(app) == ["001", "002"] and screen.grid.first_column == 1
        await pilot.press("left")
        assert header_order(app) == ["000", "001"]


async def test_the_screen_follows_new_links_and_dates(store: AnnotationStore) -> None:
    app = ReaderApp(load_corpus(), store=store, recognise=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        screen = await open_compare(app, pilot)
        assert "No stories yet" in screen_text(app)
        assert app.workspace is not None
        before = screen.comparison
        link_stories(app)  # as another window would: the screen is open meanwhile
        screen = await compared(app, pilot, before)
        assert len(screen.stories) == 2
        before = screen.comparison
        app.workspace.set_article_meta(app.corpus.get("002").id, date="2017-05-05")
        await compared(app, pilot, before)
        assert header_order(app) == ["002", "000", "001"]  # the dated first
        assert grid_lines(app)[1].count("undated") == 2


async def test_filters_disagreements_label_entity_and_all(
        cached: None, store: AnnotationStore) -> None:
    app = ReaderApp(load_corpus(), store=store)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        for _ in range(400):  # the entities come from the warm cache
            if app.workspace is not None and app.workspace.entities is not None:
                break
            await pilot.pause(0.02)
        link_stories(app, agreeing=True)
        screen = await open_compare(app, pilot)
        assert [s.flags for s in screen.stories] == [
            ("figures differ", "contradicts"), ("updated",), ()]
        assert "3 stories · 5 of 5 articles" in screen_text(app)

        await pilot.press("d")
        assert [s.flags for s in screen.stories] == [("figures differ", "contradicts"),
                                                    ("updated",)]
        assert "2 of 3 stories · 3 of 5 articles" in screen_text(app)
        assert "filter: disagreements (a clears)" in screen_text(app)
        await pilot.press("d")  # again: every story
        assert len(screen.stories) == 3

        await pilot.press("l")
        assert isinstance(app.screen, LabelPicker)
        shown = screen_text(app)
        assert "event" in shown and "1 story" in shown
        labels = [name for name, _ in app.screen.labels]
        assert labels == ["event", "figure", "policy", "statement"]
        await pilot.press(str(labels.index("policy") + 1))
        assert app.screen is screen
        assert [s.title for s in screen.stories] == [WITHDRAWAL[1]]  # undated: corpus order
        assert header_order(app) == ["000", "001"]  # only the articles of the story shown
        assert "filter: label policy" in screen_text(app)

        await pilot.press("a", "e")
        assert isinstance(app.screen, EntityPicker)
        entities = app.workspace.entities
        assert isinstance(entities, StoredEntityIndex)
        assert entities._all is None  # listed from the summaries: no cluster decoded
        await pilot.press(*"mcgurk")
        assert "Brett McGurk" in screen_text(app) and "in 1 story" in screen_text(app)
        await pilot.press("enter")
        assert app.screen is screen
        assert [s.title for s in screen.stories] == [MATTIS[1]]  # 003 before 004
        assert "filter: about Brett McGurk" in screen_text(app)
        assert header_order(app) == ["003", "004"]

        await pilot.press("d")  # and no disagreement is about him
        assert screen.stories == []
        assert "No story matches the filters: a shows every story." in screen_text(app)
        await pilot.press("a")
        assert len(screen.stories) == 3


async def test_enter_opens_the_passages_side_by_side(store: AnnotationStore) -> None:
    app = ReaderApp(load_corpus(), store=store, recognise=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        claims = link_stories(app)
        await open_compare(app, pilot)
        await pilot.press("down", "enter")  # the withdrawal: 000, then 001 (corpus order)
        assert isinstance(app.screen, ReadingScreen)
        left, right = app.panes
        assert (left.article.id[:3], left.view.cursor) == ("000", claims["withdrawal"].start)
        assert (right.article.id[:3], right.view.cursor) == ("001", claims["staying"].start)
        assert left.view.has_focus

        screen = await open_compare(app, pilot)  # where the analyst left it
        assert screen.grid.cursor == 1
        await pilot.press("up", "enter")  # the troops
        left, right = app.panes
        assert (left.article.id[:3], left.view.cursor) == ("000", claims["2000"].start)
        assert (right.article.id[:3], right.view.cursor) == ("002", claims["500"].start)


async def test_more_articles_than_panes_open_the_first_three(store: AnnotationStore) -> None:
    app = ReaderApp(load_corpus(), store=store, recognise=False)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await ready(app, pilot)
        places = [(article.id, 10 * n) for n, article in enumerate(app.corpus.articles)]
        app.reading.show_passages(places)
        await pilot.pause()
        assert [(p.article.id, p.view.cursor) for p in app.panes] == places[:3]
        assert "The story is in 5 articles: the first 3 are in the panes" in screen_text(app)


async def test_the_timeline_draws_500_and_2000_by_date(store: AnnotationStore) -> None:
    app = ReaderApp(load_corpus(), store=store, recognise=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        link_stories(app)
        for prefix, date in DATES:
            await set_date(app, pilot, prefix, date)
        await open_compare(app, pilot)
        chart = app.screen.query_one(TimelineChart)
        assert chart.display
        lines = chart.render().plain.splitlines()
        assert lines[0] == "Timeline of the figure (troop), by article date (undated last)"
        first, second = lines[1:]
        assert first.startswith("2017-05-05 002") and first.rstrip().endswith(" 500")
        assert second.startswith("2018-12-19 000 CNN") and second.rstrip().endswith(" 2,000")
        assert first.count("█") * 4 == pytest.approx(second.count("█"), abs=4)
        assert "2,000" in screen_text(app)  # on screen, under the story
        await pilot.press("down")  # the withdrawal states no figure: no chart
        assert not chart.display


async def test_help_and_the_palette_list_the_compare_keys(store: AnnotationStore) -> None:
    app = ReaderApp(load_corpus(), store=store, recognise=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await open_compare(app, pilot)
        shown = screen_text(app)
        for words in ("Open in panes", "Disagreements", "Label", "Entity", "All stories"):
            assert words in shown  # the footer
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        rows = app.screen.rows
        assert ("Everywhere", "S", "Compare the reports: the stories your links make, where "
                "the articles agree, disagree and stay silent") in rows
        assert ("Everywhere", "M", "Set the title, source and date of the article in the "
                "focused pane") in rows
        assert ("Compare (S)", "d", "Only the stories where the reports part (again: every "
                "story)") in rows
        assert {"app.compare", "app.article_meta", "compare.disagreements",
                "compare.later_articles", "article_meta.cancel"} <= app._binding_ids()
        await pilot.press("escape", "ctrl+p", *"disagree")
        for _ in range(50):
            if "Only the stories where the reports part" in screen_text(app):
                break
            await pilot.pause(0.02)
        assert "Disagreements" in screen_text(app)
        assert "Only the stories where the reports part" in screen_text(app)


async def test_hostile_titles_labels_and_notes_are_shown_as_text(tmp_path: Path) -> None:
    corpus: Corpus = load_corpus(hostile.make_corpus(tmp_path / "corpus"))
    app = ReaderApp(corpus, store=AnnotationStore(tmp_path / "db.json"), recognise=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        assert app.workspace is not None
        bad = next(article for article in corpus.articles if article.id != "plain")
        plain = corpus.get("plain")
        start = bad.text.index("About 2,000")
        one = app.workspace.tag(bad, start, start + 40, hostile.LABEL, hostile.NOTE)[0]
        start = plain.text.index("About 2,000")
        other = app.workspace.tag(plain, start, start + 30, "[/]")[0]
        app.workspace.link(one, other, "same")
        await open_compare(app, pilot)
        shown = screen_text(app)
        assert hostile.controls_in(shown) == []
        for literal in (hostile.LABEL, "[@click=app.quit]Read the full report[/]",
                        "[link=file:///etc/passwd]the source[/link]", hostile.CLIPBOARD,
                        "Wire [/]", "About 2,000 troops [/]"):
            assert visible(literal) in shown, literal
        for y in range(2, 12):  # clicks on every cell: nothing may run
            await pilot.click(StoryGrid, (30, y))
            await pilot.click("#compare-detail", (10, y))
        assert app.is_running and app.return_code is None
        assert not (corpus.root / "notes.txt").exists()


def test_short_ids_are_the_shortest_unique_prefixes() -> None:
    assert short_ids(["000_6437c01467f5b919", "001_bbe71e4facf1fbc5"]) == {
        "000_6437c01467f5b919": "000", "001_bbe71e4facf1fbc5": "001"}
    assert short_ids(["report-a", "report-b", "x"]) == {
        "report-a": "report-a", "report-b": "report-b", "x": "x"}


def test_cells_wrap_clip_and_show_controls() -> None:
    assert wrapped("one two three four", 9, 2) == ("one two", "three…")
    assert wrapped(f"a{hostile.CLEAR}b", 20, 1) == (visible(f"a{hostile.CLEAR}b"),)


def test_bars_are_as_long_as_their_values() -> None:
    assert bar_text(500, 500, 2000, 8) == ("██", "")
    assert bar_text(2000, 2000, 2000, 8) == ("█" * 8, "")
    assert bar_text(1, 1, 2000, 8) == ("▏", "")  # above nothing is never nothing
    assert bar_text(200, 900, 900, 9) == ("██", "░" * 7)  # "hundreds": a range
    lines = chart_lines((Bar("2017-05-05", "002", 500, 500, "500"),
                         Bar("undated", f"[b]{hostile.CLEAR}", 2000, 2000, "2,000")), 60)
    assert [line.cell_len for line in lines] == [60, 60]
    assert lines[1].plain.startswith("undated    [b]␛[2J")
