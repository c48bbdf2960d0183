"""A small terminal: the text keeps at least half of the rows, the legend waits behind
`i`, and the label menu shows every label."""

from __future__ import annotations

from pathlib import Path

from syria_reader.annotations.store.database import AnnotationStore
from syria_reader.corpus import load_corpus
from syria_reader.tui.app import ReaderApp
from syria_reader.tui.widgets.legend import Legend
from tests.conftest import claims_drawn, screen_text


def text_rows(app: ReaderApp) -> int:
    return sum(pane.view.scrollable_content_region.height for pane in app.panes)


async def test_at_60_by_20_the_text_has_half_the_rows(tmp_path: Path) -> None:
    app = ReaderApp(load_corpus(), store=AnnotationStore(tmp_path / "db.json"),
                    recognise=False)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        assert text_rows(app) >= 10
        assert all(pane.query_one(".pane-header").region.height == 1 for pane in app.panes)
        legend = app.query_one(Legend)
        assert not legend.display
        await pilot.press("i")
        await pilot.pause()
        assert legend.display and legend.region.height >= 1
        await pilot.press("i")
        await pilot.pause()
        assert not legend.display
        while app.workspace is None:
            await pilot.pause(0.05)
        await pilot.press("c")
        await pilot.pause()
        shown = screen_text(app)
        assert app.panes[0].view.menu_open
        assert all(label.name in shown for label in app.labels), shown


async def test_a_roomy_terminal_keeps_the_full_layout(tmp_path: Path) -> None:
    app = ReaderApp(load_corpus(), store=AnnotationStore(tmp_path / "db.json"),
                    recognise=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert app.query_one(Legend).display
        assert app.panes[0].query_one(".pane-header").region.height > 1
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert not app.query_one(Legend).display and text_rows(app) >= 10


async def test_a_compact_header_folds_source_and_date_onto_the_title_line(
    tmp_path: Path,
) -> None:
    long_title = "Planning is underway for a full and rapid withdrawal of US troops from Syria"
    for name, source, title in (("one", "Reuters", "Troops stay"), ("two", "CNN", long_title)):
        (tmp_path / f"{name}.txt").write_text(
            f"---\ntitle: {title}\nsource: {source}\ndate: 2018-09-07\n---\n"
            "The US stays in Syria.\n", encoding="utf-8")
    app = ReaderApp(load_corpus(tmp_path), store=AnnotationStore(tmp_path / "db.json"),
                    recognise=False)
    async with app.run_test(size=(120, 24)) as pilot:
        await pilot.pause()
        shown = screen_text(app)
        assert "Reuters · 2018-09-07 · Troops stay" in shown, shown
        # A title longer than the pane is cut, not the source and date.
        assert "CNN · 2018-09-07 · Planning is underway" in shown, shown
        assert "…" in shown and "from Syria" not in shown, shown
        assert all(pane.query_one(".pane-header").region.height == 1 for pane in app.panes)
        await pilot.resize_terminal(120, 36)  # roomy again: the facts on a line of their own
        await pilot.pause()
        shown = screen_text(app)
        assert "· Troops stay" not in shown and "Reuters · 2018-09-07" in shown, shown


async def test_the_lit_sentence_is_in_sight_to_its_end(tmp_path: Path) -> None:
    # At 60x20 a pane shows a few lines: stepping with j scrolled only to the
    # sentence's first line, and the rest of it (which c would tag) was out of sight.
    from syria_reader.tui.text_wrap import line_of

    app = ReaderApp(load_corpus(), store=AnnotationStore(tmp_path / "db.json"),
                    recognise=False)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        view = app.panes[0].view
        checked = 0
        for _ in range(12):
            await pilot.press("j")
            await pilot.pause()
            start, end = view.sentence_at(view.cursor)
            first, last = line_of(view._line_starts, start), line_of(view._line_starts, end - 1)
            top, height = int(view.scroll_y), view.scrollable_content_region.height
            if last - first < height:  # a sentence that fits is seen whole
                assert top <= first and last < top + height, (first, last, top, height)
                checked += 1
        assert checked >= 8


async def test_at_60_by_20_a_claim_s_note_is_read_in_the_status_line(tmp_path: Path) -> None:
    # The status line was one row: it ended "claim policy · not…", and the note could
    # only be read by opening it with n. It takes up to three rows now, the text still
    # at least half of them.
    from syria_reader.annotations.store.book import AnnotationBook
    from syria_reader.annotations.store.model import new_annotation
    from syria_reader.tui.widgets.inspector import Inspector

    corpus = load_corpus()
    article = corpus.articles[0]
    start, end = article.sentences[0]
    store = AnnotationStore(tmp_path / "db.json")
    AnnotationBook(store).add(new_annotation(
        article, start, end, label="policy",
        note="not confirmed by the Pentagon: check the Post's figure"))
    app = ReaderApp(corpus, store=store, recognise=False)
    async with app.run_test(size=(60, 20)) as pilot:
        while app.workspace is None:
            await pilot.pause(0.05)
        view = app.panes[0].view
        await claims_drawn(view, pilot)
        await pilot.press("j")
        await pilot.pause()
        assert app.query_one(Inspector).region.height == 1  # a short line: one row
        view.cursor = start + 3
        await pilot.pause()
        shown = " ".join(line.strip() for line in screen_text(app).splitlines())
        assert "claim policy · note “not confirmed by the Pentagon: check the Post's " \
               "figure” (n edits)" in shown, shown
        assert 1 < app.query_one(Inspector).region.height <= 3
        assert text_rows(app) >= 10
