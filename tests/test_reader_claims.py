"""Tagging claims from the keyboard: c, a number, n, d, u, ctrl+r, C."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from syria_reader.annotations.store.book import AnnotationBook
from syria_reader.annotations.store.database import AnnotationStore
from syria_reader.annotations.store.model import new_annotation
from syria_reader.corpus import load_corpus
from syria_reader.tui.app import ReaderApp
from syria_reader.tui.screens.claims_screen import ClaimsScreen
from syria_reader.tui.text_wrap import line_of


def open_reader(store: AnnotationStore, corpus_dir: Path | None = None) -> ReaderApp:
    return ReaderApp(load_corpus(corpus_dir), store=store, recognise=False)


@pytest.fixture
def store(tmp_path: Path) -> AnnotationStore:
    return AnnotationStore(tmp_path / "db.json")


def screen_rows(app: ReaderApp) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


def stored(store: AnnotationStore) -> list[tuple[str, str, str, str]]:
    reopened = AnnotationBook(AnnotationStore(store.path))
    return [(a.kind, a.label, a.quote, a.note) for a in reopened.annotations()]


async def test_c_then_a_number_tags_the_sentence(store: AnnotationStore) -> None:
    app = open_reader(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("j", "c")
        await pilot.pause()
        view = app.panes[0].view
        sentence = view.sentence_at(view.cursor)
        assert view.menu_open
        # The menu is drawn under the sentence being tagged, which stays in sight.
        rows = screen_rows(app)
        title = next(y for y, row in enumerate(rows) if "Tag as a claim:" in row)
        last_line = line_of(view._line_starts, sentence[1] - 1) - int(view.scroll_y)
        assert title > view.scrollable_content_region.y + last_line
        assert " 1  figure" in rows[title + 1] and "escape cancels" in "\n".join(rows)
        await pilot.press("j", "tab")  # the menu takes every key: nothing moves
        assert view.has_focus and view.menu_open and view.sentence_at(view.cursor) == sentence
        await pilot.press("1")
        await pilot.pause()
        assert not view.menu_open
        assert not any("Tag as a claim:" in row for row in screen_rows(app))
        sentence = view.sentence_at(view.cursor)
        quote = view.article.text[sentence[0] : sentence[1]]
        assert stored(store) == [("claim", "figure", quote, "")]
        assert view.claim_at(view.cursor).label == "figure"  # drawn in the text


async def test_a_new_claim_redraws_its_lines_and_keeps_the_rest(store: AnnotationStore) -> None:
    app = open_reader(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("j", "j")
        await pilot.pause()
        view = app.panes[0].view
        start, end = view.sentence_at(view.cursor)
        claim_lines = {index for index, (first, last) in enumerate(view.lines)
                       if first < end and last > start}
        before = dict(view._strips)
        assert len(before) > len(claim_lines) + 10
        await pilot.press("c", "1")
        await pilot.pause()
        assert view.claim_at(start).label == "figure"
        kept = [index for index, strip in before.items() if view._strips.get(index) is strip]
        assert sorted(kept) == sorted(before.keys() - claim_lines)  # only its lines redrawn
        await pilot.press("j")  # away from the lit sentence: the claim's own tint shows
        await pilot.pause()
        tints = {segment.style.bgcolor for segment in view._strips[min(claim_lines)]
                 if segment.style}
        assert view._claim_styles["figure"].bgcolor in tints


async def test_claim_tints_follow_the_theme(store: AnnotationStore) -> None:
    app = open_reader(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("c", "1", "j")  # tag the first sentence, then look at it unlit
        await pilot.pause()
        view = app.panes[0].view
        dark = view._claim_styles["figure"].bgcolor
        assert dark in {segment.style.bgcolor for segment in view.render_line(0)}
        app.theme = "textual-light"
        await pilot.pause()
        light = view._claim_styles["figure"].bgcolor
        assert light != dark
        shown = {segment.style.bgcolor for segment in view.render_line(0)}
        assert light in shown and dark not in shown


async def test_a_selection_is_tagged_and_relabelled(store: AnnotationStore) -> None:
    app = open_reader(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("v", "w", "w", "c", "3")
        assert stored(store) == [("claim", "policy", "Planning is u", "")]
        await pilot.press("b", "c")
        await pilot.pause()
        shown = "\n".join(screen_rows(app))
        assert "Change the label of" in shown and "policy (now)" in shown
        await pilot.press("4")
        assert stored(store) == [("claim", "statement", "Planning is u", "")]


async def test_escape_in_the_picker_tags_nothing(store: AnnotationStore) -> None:
    app = open_reader(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("c", "escape")
        await pilot.pause()
        view = app.panes[0].view
        assert stored(store) == [] and not view.menu_open
        await pilot.press("c")
        await pilot.click(app.panes[1].view)  # a click elsewhere closes it too
        await pilot.pause()
        assert not view.menu_open and stored(store) == []


async def test_n_writes_a_note_on_the_claim(store: AnnotationStore) -> None:
    app = open_reader(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("c", "1", "n", *"CNN, 2018", "enter")
        _, label, _, note = stored(store)[0]
        assert (label, note) == ("figure", "CNN, 2018")


async def test_n_on_plain_text_makes_a_note(store: AnnotationStore) -> None:
    app = open_reader(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("j", "n", *"check this", "enter")
        kind, label, _, note = stored(store)[0]
        assert (kind, label, note) == ("note", "", "check this")


async def test_delete_undo_redo_and_undo_after_a_restart(store: AnnotationStore) -> None:
    app = open_reader(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("c", "2", "d")
        assert stored(store) == []
        await pilot.press("u")
        assert [row[1] for row in stored(store)] == ["event"]
        await pilot.press("ctrl+r")
        assert stored(store) == []
        await pilot.press("u")
    again = open_reader(AnnotationStore(store.path))
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        view = again.panes[0].view
        assert view.claim_at(0) is not None  # the claim is drawn after a restart
        await pilot.press("u")  # undoes the tagging itself, from the last session
        assert stored(store) == []


async def test_claims_list_jumps_to_a_claim(store: AnnotationStore) -> None:
    corpus = load_corpus()
    article = corpus.get("003")
    start = article.text.index("The MaT regularly performs")
    AnnotationBook(store).add(new_annotation(article, start, start + 30, label="event"))
    app = open_reader(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("C")
        assert isinstance(app.screen, ClaimsScreen)
        await pilot.press("enter")
        left = app.panes[0]
        assert left.article.id.startswith("003") and left.view.cursor == start


async def test_a_failed_write_is_shown_and_loses_nothing(
    store: AnnotationStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_reader(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("c", "1")
        before = store.path.read_bytes()

        def disk_full(*args: object) -> None:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(os, "fsync", disk_full)
        await pilot.press("j", "c", "2")
        await pilot.pause()
        assert any("No space left" in n.message for n in app._notifications)
        monkeypatch.undo()
        assert store.path.read_bytes() == before
        assert app.is_running
        assert [c.label for c in app.workspace.annotations()] == ["figure"]


async def test_claims_on_a_changed_text_are_reanchored_or_orphaned(
    store: AnnotationStore, tmp_path: Path
) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    text = "The US has about 2,000 troops. They train local forces. Officials said so.\n"
    (folder / "one.txt").write_text(text)
    article = load_corpus(folder).get("one")
    book = AnnotationBook(store)
    kept = book.add(new_annotation(article, 31, 55, label="event"))  # "They train local forces."
    lost = book.add(new_annotation(article, 0, 30, label="figure"))
    (folder / "one.txt").write_text("Intro.\n\nThey train local forces. Officials said so.\n")
    app = open_reader(store, folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()  # the workers start after the first frame
        await app.workers.wait_for_complete()
        await pilot.pause()
        by_id = {a.id: a for a in app.workspace.annotations()}
        assert not by_id[kept.id].orphaned
        view = app.panes[0].view
        assert view.article.text[by_id[kept.id].start : by_id[kept.id].end] == kept.quote
        assert by_id[lost.id].orphaned
        await pilot.press("C")
        assert "orphaned" in str(app.screen.query_one("Label").render())


async def test_a_corpus_brings_its_own_labels(store: AnnotationStore, tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "one.txt").write_text("The US has about 2,000 troops. They stay.\n")
    (folder / "labels.toml").write_text(
        '[[label]]\nname = "troops"\ncolour = "#ff0000"\n\n'
        '[[label]]\nname = "withdrawal"\ncolour = "#00aa00"\n'
    )
    app = open_reader(store, folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        shown = "\n".join(screen_rows(app))
        assert " 1  troops" in shown and " 2  withdrawal" in shown and "figure" not in shown
        await pilot.press("2")
        assert stored(store)[0][1] == "withdrawal"


def test_a_broken_labels_file_is_one_clear_error(tmp_path: Path) -> None:
    from syria_reader.annotations.labels import LabelsError, load_labels

    (tmp_path / "labels.toml").write_text("[[label]]\ncolour = 3\n")
    with pytest.raises(LabelsError, match="label 1 has no name"):
        load_labels(tmp_path)


async def test_the_label_menu_is_always_in_sight_and_closes_cleanly(store: AnnotationStore) -> None:
    app = open_reader(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        view = app.panes[0].view
        view.scroll_to(y=25, animate=False)  # the wheel: the cursor's sentence off screen
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert view._menu is not None and view.scroll_y <= view._menu.top
        assert view._menu.top + len(view._menu.rows) <= view.scroll_y + view.size.height
        assert any("Tag as a claim:" in row for row in screen_rows(app))
        view.scroll_to(y=view.scroll_y + 5, animate=False)  # scrolled away: it closes
        await pilot.pause()
        assert not view.menu_open and stored(store) == []
        await pilot.press("c")
        await pilot.pause()
        await pilot.resize_terminal(110, 40)  # drawn for the old width: it closes
        await pilot.pause()
        assert not view.menu_open and stored(store) == []
        await pilot.press("c", "2")  # the closed menus tag nothing, now or later
        await pilot.pause()
        assert [label for _, label, _, _ in stored(store)] == ["event"]


async def test_a_selection_stays_lit_in_the_menu_and_a_click_picks_a_label(
    store: AnnotationStore,
) -> None:
    app = open_reader(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        view = app.panes[0].view
        await pilot.press("v", "w", "c", "escape")
        await pilot.pause()
        assert view.selection is not None  # cancelled: the selection is still there
        await pilot.press("c")
        await pilot.pause()
        menu = view._menu
        assert menu is not None and view.selection is not None
        row, start, _, name = menu.hits[2]  # the third label's row
        await pilot.click(view, offset=(menu.x + start + 2, menu.top + row - int(view.scroll_y)))
        await pilot.pause()
        assert stored(store) == [("claim", name, "Planning i", "")]  # up to the cursor
        assert view.selection is None and not view.menu_open


async def test_a_small_terminal_shows_every_label(store: AnnotationStore) -> None:
    app = open_reader(store)
    async with app.run_test(size=(80, 24)) as pilot:  # the panes stacked, a few lines each
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        shown = "\n".join(screen_rows(app))
        assert " 1  figure" in shown and " 6  opinion" in shown and "escape cancels" in shown
        await pilot.press("6")
        await pilot.pause()
        assert stored(store)[0][1] == "opinion"


async def test_a_digit_typed_with_c_in_one_burst_picks_the_label(store: AnnotationStore) -> None:
    # A fast typist (or tmux send-keys "c2") gives both keys before the menu is open:
    # the digit went past the view to the screen, hid an entity type and saved that.
    from textual import events

    app = open_reader(store)
    async with app.run_test(size=(120, 40)) as pilot:
        while app.workspace is None:
            await pilot.pause(0.05)
        hidden = set(app.reading.hidden)
        view = app.panes[0].view
        sentence = view.sentence_at(view.cursor)
        for key in ("c", "2"):  # both queued before either is handled
            app.post_message(events.Key(key, key))
        await pilot.pause()
        await pilot.pause()
        assert not view.menu_open
        assert set(app.reading.hidden) == hidden
        label = app.labels[1].name
        assert stored(store) == [("claim", label, view.article.text[slice(*sentence)], "")]
