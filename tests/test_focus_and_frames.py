"""What the first frame shows, and what moving focus between panes redraws."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.color import Color
from textual.geometry import Region
from textual.screen import Screen
from textual.widgets._footer import FooterKey

from syria_reader.annotations.store.database import AnnotationStore
from syria_reader.corpus import load_corpus
from syria_reader.tui.app import ReaderApp
from syria_reader.tui.reading_state import PanePlace, save_places
from syria_reader.tui.text_wrap import line_of
from syria_reader.tui.widgets.article_pane import ArticlePane
from syria_reader.tui.widgets.article_view import ArticleView


def first_frame_recorder(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The text of every screen update, in order, from the next app started."""
    frames: list[str] = []
    refresh = Screen._compositor_refresh

    def recording_refresh(screen: Screen) -> None:
        refresh(screen)
        frames.append("\n".join(strip.text for strip in screen._compositor.render_strips()))

    monkeypatch.setattr(Screen, "_compositor_refresh", recording_refresh)
    return frames


def view_of(app: ReaderApp, pane_id: str) -> ArticleView:
    return app.query_one(f"#{pane_id}", ArticlePane).view


def record_view_refreshes(monkeypatch: pytest.MonkeyPatch,
                          view: ArticleView) -> list[tuple[Region, ...]]:
    """The regions of each refresh the view asks for from now on (none: all of it)."""
    redrawn: list[tuple[Region, ...]] = []
    view_refresh = view.refresh

    def recording_view_refresh(*regions: Region, **kwargs: bool) -> ArticleView:
        redrawn.append(regions)
        return view_refresh(*regions, **kwargs)

    monkeypatch.setattr(view, "refresh", recording_view_refresh)
    return redrawn


def lit_background(view: ArticleView) -> Color | None:
    """The background of the cursor's sentence, one character after the cursor."""
    line = view.render_line(0)
    characters = 0
    for segment in line:
        characters += len(segment.text)
        if characters >= 2 and segment.style is not None:
            return segment.style.bgcolor
    return None


async def test_the_first_frame_shows_the_article_text(monkeypatch: pytest.MonkeyPatch) -> None:
    frames = first_frame_recorder(monkeypatch)
    app = ReaderApp(load_corpus(), recognise=False)
    async with app.run_test(size=(120, 36)):
        pass
    # The body, not only the title: the text is wrapped before the first resize event.
    assert "told CNN on Wednesday" in frames[0]
    assert "The United States appears to be changing its focus" in frames[0]


async def test_the_first_frame_shows_a_restored_place(monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = load_corpus()
    article = corpus.articles[0]
    last = article.sentences[-1]
    save_places(corpus.root, [PanePlace(article.id, last[0])])
    frames = first_frame_recorder(monkeypatch)
    app = ReaderApp(load_corpus(), recognise=False)
    async with app.run_test(size=(120, 36)):
        pass
    words = article.text[last[0] : last[1]].split()[:4]
    assert " ".join(words) in frames[0]  # at once, not the top of the article first
    assert "told CNN on Wednesday" not in frames[0]


async def test_tab_moves_the_lit_sentence_and_keeps_the_other_lines() -> None:
    app = ReaderApp(load_corpus(), recognise=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        # The annotations load after the first frame and redraw the panes when they
        # come: on a busy machine that fell after the lines below were kept.
        await app.workers.wait_for_complete()
        await pilot.pause()
        left, right = view_of(app, "pane-left"), view_of(app, "pane-right")
        focused_tint, unfocused_tint = lit_background(left), lit_background(right)
        assert focused_tint is not None and unfocused_tint is not None
        assert focused_tint != unfocused_tint
        kept = {view: dict(view._strips) for view in (left, right)}
        await pilot.press("tab")
        await pilot.pause()
        assert right.has_focus and not left.has_focus
        assert lit_background(right) == focused_tint
        assert lit_background(left) == unfocused_tint
        for view, before in kept.items():
            cursor_lines = {0, 1, 2}  # the first sentence, which focus relights
            survivors = [index for index, strip in before.items()
                         if index not in cursor_lines and view._strips.get(index) is strip]
            assert survivors, "focus must not render every line again"
        await pilot.press("tab")
        await pilot.pause()
        assert lit_background(left) == focused_tint and lit_background(right) == unfocused_tint


async def test_the_footer_changes_only_when_its_keys_do() -> None:
    app = ReaderApp(load_corpus(), recognise=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        keys = list(app.query(FooterKey))
        assert "Claim" in {key.description for key in keys}
        await pilot.press("tab")
        await pilot.pause()
        assert list(app.query(FooterKey)) == keys  # the same widgets, not rebuilt
        # The label menu says its keys itself: the footer stays, not rebuilt twice.
        await pilot.press("c")
        await pilot.pause()
        assert app.panes[1].view.menu_open
        assert list(app.query(FooterKey)) == keys
        await pilot.press("escape")
        await pilot.pause()
        assert not app.panes[1].view.menu_open
        assert list(app.query(FooterKey)) == keys
        await pilot.press("a")  # the article list has other keys
        await pilot.pause()
        shown = {key.description for key in app.query(FooterKey)}
        assert "Open" in shown and "Claim" not in shown
        await pilot.press("a")
        await pilot.pause()
        assert "Claim" in {key.description for key in app.query(FooterKey)}


def header_background(app: ReaderApp, pane_id: str) -> tuple[int, int, int] | None:
    """The background of a pane header's first character, as drawn on screen."""
    header = app.query_one(f"#{pane_id} .pane-header")
    region = header.region
    line = app.screen._compositor.render_strips()[region.y]
    characters = 0
    for segment in line:
        if characters + len(segment.text) > region.x:
            colour = segment.style.bgcolor if segment.style else None
            return None if colour is None else tuple(colour.get_truecolor())
        characters += len(segment.text)
    return None


async def test_the_focused_pane_has_a_lit_header_and_tab_redraws_only_a_few_lines(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The focused pane is shown by its header: a border's colour is on every line of
    the pane, and tab drew both panes again to change it."""
    app = ReaderApp(load_corpus(), recognise=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        plain = header_background(app, "pane-right")
        assert header_background(app, "pane-left") != plain

        def lit(pane_id: str) -> bool:
            return header_background(app, pane_id) != plain

        assert lit("pane-left")
        restyled: list[object] = []
        apply = app.stylesheet.apply

        def counting_apply(node: object, **kwargs: object) -> None:
            restyled.append(node)
            apply(node, **kwargs)  # type: ignore[arg-type]

        dirty_lines: set[int] = set()
        compositor_refresh = Screen._compositor_refresh

        def recording_refresh(screen: Screen) -> None:
            for region in screen._compositor._dirty_regions:
                dirty_lines.update(region.line_range)
            compositor_refresh(screen)

        monkeypatch.setattr(app.stylesheet, "apply", counting_apply)
        monkeypatch.setattr(Screen, "_compositor_refresh", recording_refresh)
        await pilot.press("tab")
        await pilot.pause()
        await pilot.pause()
        assert lit("pane-right") and not lit("pane-left")
        # Only the headers' looks change, not the panes, views or scrollbars...
        assert restyled and all("pane-header" in node.classes for node in restyled)  # type: ignore[attr-defined]
        # ... and the screen lines drawn again are theirs and the lit sentences', not
        # every line of both panes (34 of the 40).
        assert len(dirty_lines) <= 12, sorted(dirty_lines)
        await pilot.press("a")  # the article list takes focus: no pane is lit
        await pilot.pause()
        assert not lit("pane-left") and not lit("pane-right")


async def test_the_label_menu_redraws_only_the_lines_under_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    """`c` and the number that picks a label redraw the menu's lines and the claim's:
    never the whole view, nor the whole screen as a dialog did."""
    app = ReaderApp(load_corpus(), store=AnnotationStore(tmp_path / "db.json"), recognise=False)
    full_repaints: list[bool] = []
    compositor_refresh = Screen._compositor_refresh

    def recording_refresh(screen: Screen) -> None:
        full_repaints.append(screen._repaint_required)
        compositor_refresh(screen)

    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        view = view_of(app, "pane-left")
        redrawn = record_view_refreshes(monkeypatch, view)
        monkeypatch.setattr(Screen, "_compositor_refresh", recording_refresh)
        await pilot.press("c")
        await pilot.pause()
        menu = view._menu
        assert menu is not None
        await pilot.press("1")
        await pilot.pause()
        monkeypatch.undo()
        assert view._claims, "the claim is drawn"
        assert full_repaints and not any(full_repaints)
        claim = view._claims[0]
        claim_lines = range(line_of(view._line_starts, claim.start),
                            line_of(view._line_starts, claim.end - 1) + 1)
        allowed = set(menu.lines) | set(claim_lines) | {0, 1, 2}  # the lit first sentence
        assert redrawn and all(regions for regions in redrawn), "never the whole view"
        for regions in redrawn:
            for region in regions:
                assert set(range(region.y, region.bottom)) <= allowed
        assert [claim.label for claim in view._claims] == ["figure"]  # tagged once


async def test_a_sentence_key_redraws_the_two_sentences_not_the_view(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`j` redraws the lines of the sentence it leaves and the one it lights; the
    cursor's reactive no longer repaints the whole view."""
    app = ReaderApp(load_corpus(), recognise=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        view = view_of(app, "pane-left")
        redrawn = record_view_refreshes(monkeypatch, view)
        left = view.sentence_at(0)
        await pilot.press("j")
        await pilot.pause()
        lit = view.sentence_at(view.cursor)
        assert left and lit and int(view.scroll_y) == 0  # moved, and did not scroll
        assert redrawn and all(regions for regions in redrawn), "never the whole view"
        assert len(redrawn) == 1  # one call: each clears the view's cached sizes and styles
        lines = {y for regions in redrawn for region in regions
                 for y in range(region.y, region.bottom)}
        touched = set(range(line_of(view._line_starts, left[0]),
                            line_of(view._line_starts, lit[1] - 1) + 1))
        assert lines <= touched and len(touched) < view.scrollable_content_region.height


async def test_page_down_finds_the_next_page_drawn_ahead(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """While no key waits, the pages above and below are drawn ahead, so page down
    renders only the lines the cursor changed, not a page of new ones."""
    app = ReaderApp(load_corpus(), recognise=False)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.pause()
        view = view_of(app, "pane-left")
        height = view.scrollable_content_region.height
        assert len(view.lines) > 2 * height  # a page below the first one
        assert set(range(height, 2 * height)) <= set(view._strips)
        rendered: list[int] = []
        segments = view._segments

        def counting_segments(start: int, end: int, base: object) -> object:
            rendered.append(start)
            return segments(start, end, base)  # type: ignore[arg-type]

        await pilot.press("pagedown")  # to the last line shown: nothing scrolls yet
        await pilot.pause()
        monkeypatch.setattr(view, "_segments", counting_segments)
        await pilot.press("pagedown")
        await pilot.pause()
        assert int(view.scroll_y) > height // 2
        shown = set(range(int(view.scroll_y), int(view.scroll_y) + height))
        drawn_now = {line_of(view._line_starts, start) for start in rendered} & shown
        assert len(drawn_now) <= 6, sorted(drawn_now)  # the lit sentence and the cursor


async def test_page_down_draws_the_new_page_in_the_key_s_own_frame(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The scroll is immediate: deferred, the key's frame showed the old page with the
    cursor gone from it, and the new page came a frame later."""
    app = ReaderApp(load_corpus(), recognise=False)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        view = view_of(app, "pane-left")
        await pilot.press("pagedown")  # to the last line shown: nothing scrolls yet
        await pilot.pause()
        assert int(view.scroll_y) == 0
        scrolled_at_frames: list[int] = []
        compositor_refresh = Screen._compositor_refresh

        def recording_refresh(screen: Screen) -> None:
            scrolled_at_frames.append(int(view.scroll_y))
            compositor_refresh(screen)

        monkeypatch.setattr(Screen, "_compositor_refresh", recording_refresh)
        await pilot.press("pagedown")
        await pilot.pause()
        assert scrolled_at_frames and scrolled_at_frames[0] > 0, scrolled_at_frames


def test_a_warm_first_frame_lights_the_sentence_without_splitting(tmp_path: Path) -> None:
    """The sentences kept in the facts cache are read for the first frame: splitting
    the cursor's line imported syntok (and regex) before it, about 10 ms."""
    import subprocess
    import sys

    warm = "from syria_reader.corpus import load_corpus\n" \
           "[article.sentences for article in load_corpus().articles]\n"
    subprocess.run([sys.executable, "-c", warm], check=True)
    probe = '''
import asyncio, sys
from textual.screen import Screen
from syria_reader.corpus import load_corpus
from syria_reader.tui.app import ReaderApp

seen = []
refresh = Screen._compositor_refresh
def recording(screen):
    refresh(screen)
    view = screen.app.panes[0].view if screen.app.panes else None
    lit = view is not None and view.sentence_at(view.cursor, wait=False) is not None
    seen.append(("syntok" in sys.modules, lit))
Screen._compositor_refresh = recording

async def main():
    corpus = load_corpus()
    assert all(article.sentences_cached for article in corpus.articles)
    app = ReaderApp(corpus, recognise=False)
    async with app.run_test(size=(120, 36)):
        pass
    print(seen[0])
asyncio.run(main())
'''
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "(False, True)"


async def test_the_next_page_is_drawn_ahead_again_after_a_theme_change() -> None:
    """A theme renders every line again: the pages above and below are drawn ahead
    again too, not left for page down to render."""
    app = ReaderApp(load_corpus(), recognise=False)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.pause()
        view = view_of(app, "pane-left")
        height = view.scrollable_content_region.height
        next_page = set(range(height, 2 * height))
        assert next_page <= set(view._strips)
        drawn = {index: view._strips[index] for index in next_page}
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        for _ in range(3):
            await pilot.pause()
        assert next_page <= set(view._strips), sorted(next_page - set(view._strips))
        assert all(view._strips[index] is not drawn[index] for index in next_page)
