from __future__ import annotations

from pathlib import Path

from syria_reader.corpus import load_corpus
from syria_reader.corpus.entities import Mention
from syria_reader.tui.app import ReaderApp
from syria_reader.tui.text_wrap import wrap_text
from syria_reader.tui.widgets.article_pane import ArticlePane
from syria_reader.tui.widgets.article_view import LARGE_TEXT, ArticleView


def left_view(app: ReaderApp) -> ArticleView:
    return app.query_one("#pane-left", ArticlePane).view


def sentence_under_cursor(view: ArticleView) -> str:
    span = view.sentence_at(view.cursor)
    assert span is not None
    return view.article.text[span[0] : span[1]]


async def test_j_and_k_move_by_sentence() -> None:
    app = ReaderApp(load_corpus(), recognise=False)
    async with app.run_test(size=(120, 40)) as pilot:
        view = left_view(app)
        assert view.cursor == 0
        assert sentence_under_cursor(view).startswith("Planning is underway")
        await pilot.press("j")
        assert sentence_under_cursor(view).startswith("The decision, which would be")
        await pilot.press("j", "j")
        assert sentence_under_cursor(view).startswith("Even though the US")
        await pilot.press("k")
        assert sentence_under_cursor(view).startswith("On Wednesday morning")
        await pilot.press("down", "up", "up")
        assert sentence_under_cursor(view).startswith("The decision")


async def test_w_and_b_move_by_word() -> None:
    app = ReaderApp(load_corpus(), recognise=False)
    async with app.run_test(size=(120, 40)) as pilot:
        view = left_view(app)
        text = view.article.text
        await pilot.press("w")
        assert text[view.cursor :].startswith("is underway")
        await pilot.press("w", "w")
        assert text[view.cursor :].startswith("for a")
        await pilot.press("b")
        assert text[view.cursor :].startswith("underway")


async def test_top_bottom_and_pages() -> None:
    app = ReaderApp(load_corpus(), recognise=False)
    async with app.run_test(size=(100, 20)) as pilot:
        view = left_view(app)
        await pilot.press("G")
        assert view.cursor == len(view.article.text) - 1
        assert view.scroll_y > 0
        await pilot.press("g")
        assert view.cursor == 0 and view.scroll_y == 0
        await pilot.press("pagedown")
        assert view.cursor > 0
        assert view.cursor == view.lines[view.scrollable_content_region.height - 1][0]


async def test_page_down_lands_on_a_sentence_that_c_can_tag(tmp_path: Path) -> None:
    paragraphs = [article.text.strip() for article in load_corpus().articles]
    (tmp_path / "paragraphs.txt").write_text("\n\n".join(paragraphs) + "\n",
                                             encoding="utf-8")
    app = ReaderApp(load_corpus(tmp_path), recognise=False)
    async with app.run_test(size=(100, 20)) as pilot:
        view = left_view(app)
        text = view.article.text
        blank_lines = [span for span in view.lines if not text[span[0] : span[1]].strip()]
        assert len(blank_lines) > 5  # page down could stop between two paragraphs
        while view.cursor < view.lines[-1][0]:
            before = view.cursor
            await pilot.press("pagedown")
            if view.cursor == before:
                break
            assert text[view.cursor].strip() and view.sentence_at(view.cursor) is not None


async def test_page_up_in_a_pane_two_lines_high_never_sticks(tmp_path: Path) -> None:
    paragraphs = load_corpus().articles[0].text.strip().split("\n")
    (tmp_path / "paragraphs.txt").write_text("\n\n".join(paragraphs) + "\n",
                                             encoding="utf-8")
    app = ReaderApp(load_corpus(tmp_path), recognise=False)
    # 12 rows, compact (no borders, headers of one line): three stacked panes of two lines
    async with app.run_test(size=(80, 12)) as pilot:
        await pilot.press("plus", "plus")  # three panes, stacked: each shows a line or two
        view = app.focused
        assert isinstance(view, ArticleView)
        assert view.scrollable_content_region.height <= 2
        await pilot.press("G")
        text = view.article.text
        while view.cursor > 0:
            before = view.cursor
            await pilot.press("pageup")
            assert view.cursor < before, "page up stayed where it was"
            assert text[view.cursor].strip()


async def test_v_and_shift_arrows_select() -> None:
    app = ReaderApp(load_corpus(), recognise=False)
    async with app.run_test(size=(120, 40)) as pilot:
        view = left_view(app)
        await pilot.press("v", "w", "w")
        assert view.selection is not None
        start, end = view.selection
        assert view.article.text[start:end] == "Planning is u"
        await pilot.press("escape")
        assert view.selection is None
        await pilot.press("shift+right", "shift+right")
        assert view.selection == (view.cursor - 2, view.cursor + 1)


async def test_e_jumps_to_the_next_entity() -> None:
    app = ReaderApp(load_corpus(), recognise=False)
    async with app.run_test(size=(120, 40)) as pilot:
        view = left_view(app)
        text = view.article.text
        syria = text.index("Syria")
        cnn = text.index("CNN")
        view.set_mentions([
            Mention(view.article.id, syria, syria + 5, "Syria", "GPE"),
            Mention(view.article.id, cnn, cnn + 3, "CNN", "ORG"),
        ])
        await pilot.press("e")
        assert view.cursor == syria
        assert view.mention_at(view.cursor).text == "Syria"
        await pilot.press("e")
        assert view.cursor == cnn
        view.set_hidden_classes({"org"})
        await pilot.press("g", "e", "e")
        assert view.cursor == syria  # hidden types are skipped


async def test_click_places_the_cursor() -> None:
    app = ReaderApp(load_corpus(), recognise=False)
    async with app.run_test(size=(120, 40)) as pilot:
        view = left_view(app)
        await pilot.click(view, offset=(5, 1))
        start, _ = view.lines[1]
        assert view.cursor == start + 5


async def test_a_very_large_article_shows_its_start_at_once(tmp_path: Path) -> None:
    paragraph = load_corpus().get("004").text
    (tmp_path / "huge.txt").write_text(paragraph * (LARGE_TEXT // len(paragraph) + 2))
    (tmp_path / "small.txt").write_text("A short one.\n")
    app = ReaderApp(load_corpus(tmp_path), recognise=False)
    async with app.run_test(size=(120, 40)) as pilot:
        view = left_view(app)
        assert view.article.id == "huge"
        assert len(view.lines) > 0  # the start is shown at once
        await pilot.pause()  # the workers start after the first frame
        await app.workers.wait_for_complete()
        await pilot.pause()
        width = view.scrollable_content_region.width
        assert view.lines == wrap_text(view.article.text, width)
        await pilot.press("j")
        assert view.cursor == view.article.sentences[1][0]


async def test_resize_down_to_40x10_and_back() -> None:
    app = ReaderApp(load_corpus(), recognise=False)
    async with app.run_test(size=(120, 40)) as pilot:
        view = left_view(app)
        await pilot.press("j", "j")
        cursor = view.cursor
        for size in ((40, 10), (60, 15), (120, 40)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            assert view.cursor == cursor
            assert view.lines == wrap_text(view.article.text, view.scrollable_content_region.width)


async def test_long_lines_rtl_emoji_and_tabs_render_whole(tmp_path: Path) -> None:
    text = (
        "عاجل: القوات الأمريكية في سوريا\n"
        "Troops 🇺🇸 left\tthe base 😀 at dawn.\n"
        + "x" * 500 + "\n"
        + "日本語のテキストも表示されます。\n"
    )
    (tmp_path / "mixed.txt").write_text(text, encoding="utf-8")
    (tmp_path / "other.txt").write_text("Plain.\n")
    app = ReaderApp(load_corpus(tmp_path), recognise=False)
    async with app.run_test(size=(60, 30)) as pilot:
        await pilot.pause()
        view = left_view(app)
        shown = "".join(
            segment.text for y in range(len(view.lines)) for segment in view.render_line(y)
        ).replace(" ", "")
        for piece in ("عاجل", "🇺🇸", "😀", "x" * 40, "日本語のテキスト"):
            assert piece in shown
        width = view.scrollable_content_region.width
        assert all(view.render_line(y).cell_length == width for y in range(len(view.lines)))
        await pilot.press("j", "j", "w", "G", "g")
        for size in ((40, 10), (100, 30)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
