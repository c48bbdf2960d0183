from __future__ import annotations

import gc

from textual.widgets import Static

from syria_reader.corpus import load_corpus
from syria_reader.tui.app import ReaderApp
from syria_reader.tui.screens.help_screen import HelpScreen
from syria_reader.tui.widgets.article_list import ArticleList
from syria_reader.tui.widgets.article_pane import ArticlePane


def pane_header(app: ReaderApp, pane_id: str) -> str:
    return str(app.query_one(f"#{pane_id} .pane-header", Static).render())


async def test_opens_two_articles_side_by_side() -> None:
    app = ReaderApp(load_corpus(), recognise=False)
    async with app.run_test(size=(120, 40)):
        left = app.query_one("#pane-left", ArticlePane)
        right = app.query_one("#pane-right", ArticlePane)
        assert left.article.id.startswith("000") and right.article.id.startswith("001")
        assert left.view.has_focus
        assert "Planning is underway" in pane_header(app, "pane-left")
        assert "State Dept. Officials" in pane_header(app, "pane-right")


async def test_brackets_step_through_articles_in_the_focused_pane() -> None:
    app = ReaderApp(load_corpus(), recognise=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("right_square_bracket")
        assert app.query_one("#pane-left", ArticlePane).article.id.startswith("001")
        await pilot.press("left_square_bracket", "left_square_bracket")
        assert app.query_one("#pane-left", ArticlePane).article.id.startswith("004")
        await pilot.press("tab", "right_square_bracket")
        assert app.query_one("#pane-right", ArticlePane).article.id.startswith("002")
        assert "The Pentagon isn’t planning" in pane_header(app, "pane-right")


async def test_article_list_opens_the_chosen_article() -> None:
    app = ReaderApp(load_corpus(), recognise=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        article_list = app.query_one(ArticleList)
        assert article_list.display and article_list.has_focus
        await pilot.press("down", "down", "down", "enter")
        left = app.query_one("#pane-left", ArticlePane)
        assert left.article.id.startswith("003") and left.view.has_focus
        assert not article_list.display
        await pilot.press("a")
        assert article_list.display
        await pilot.press("a")
        assert not article_list.display and left.view.has_focus


async def test_help_lists_the_keys_and_closes() -> None:
    app = ReaderApp(load_corpus(), recognise=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        rows = {keys: action for _, keys, action in app.screen.rows}
        assert rows["j ↓"] == "Move the cursor to the next sentence"
        assert rows["q"] == "Save your place and quit"
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_q_quits() -> None:
    app = ReaderApp(load_corpus(), recognise=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_the_loaded_workspace_is_frozen_out_of_the_collector_when_asked() -> None:
    gc.unfreeze()
    app = ReaderApp(load_corpus(), recognise=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.workspace is not None and gc.get_freeze_count() == 0  # tests start many
    app = ReaderApp(load_corpus(), recognise=False, freeze_loaded=True)  # as the command
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app.workspace is not None and gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
