"""``l`` in the reader: related passages, accepted with a relation or rejected; ``L``."""

from __future__ import annotations

from pathlib import Path

import pytest

from syria_reader.annotations.linking.links import all_links
from syria_reader.annotations.store.book import AnnotationBook
from syria_reader.annotations.store.database import AnnotationStore
from syria_reader.annotations.vocabulary import RELATIONS
from syria_reader.corpus import load_corpus
from syria_reader.tui.app import ReaderApp
from syria_reader.tui.screens.links_screen import LinksScreen
from syria_reader.tui.screens.suggestions_screen import SuggestionsScreen
from syria_reader.tui.widgets.inspector import Inspector
from tests.conftest import screen_text

TROOPS = "The US has about 2,000 troops on the ground in the country"


@pytest.fixture
def store(tmp_path: Path) -> AnnotationStore:
    return AnnotationStore(tmp_path / "db.json")


async def ready(app: ReaderApp, pilot: object) -> None:
    await pilot.pause()  # type: ignore[attr-defined]
    await app.workers.wait_for_complete()
    await pilot.pause()  # type: ignore[attr-defined]
    assert app.workspace is not None and app.workspace.related is not None


async def open_suggestions(app: ReaderApp, pilot: object) -> SuggestionsScreen:
    left = app.panes[0].view
    left.cursor = left.article.text.index(TROOPS)
    await pilot.press("l")  # type: ignore[attr-defined]
    assert isinstance(app.screen, SuggestionsScreen)
    return app.screen


async def test_l_lists_counterparts_and_enter_links_them(store: AnnotationStore) -> None:
    app = ReaderApp(load_corpus(), store=store, recognise=False)
    async with app.run_test(size=(140, 44)) as pilot:
        await ready(app, pilot)
        screen = await open_suggestions(app, pilot)
        texts = [result.text for result in screen.results]
        best = next(i for i, t in enumerate(texts) if "roughly 500" in t)
        assert best < 5
        assert any("numbers differ" in reason for reason in screen.results[best].reasons)
        for _ in range(best):
            await pilot.press("down")
        await pilot.press("enter", "3")  # contradicts
        await pilot.press("escape")
        links = all_links(AnnotationBook(AnnotationStore(store.path)))
        assert [link.relation for link in links] == ["contradicts"]
        claims = {a.id: a for a in AnnotationBook(AnnotationStore(store.path)).annotations()}
        assert {claims[links[0].source].quote[:20], claims[links[0].target].quote[:15]} >= {
            TROOPS[:20]}
        left = app.panes[0].view
        assert links[0].source in left._linked  # the claim carries the link marker
        inspector = str(app.query_one(Inspector).render())
        # A passage linked from the list: named so, not "claim " with an empty label;
        # each link with its relation and the other passage's article and first words.
        assert "linked passage, 1 link (L shows each in turn, o picks one)" in inspector
        other = claims[links[0].target]
        assert f"1. contradicts → {other.article_id[:11]}… “{other.quote[:10]}" in inspector


async def test_x_rejects_for_good_and_u_undoes_a_link(store: AnnotationStore) -> None:
    app = ReaderApp(load_corpus(), store=store, recognise=False)
    async with app.run_test(size=(140, 44)) as pilot:
        await ready(app, pilot)
        screen = await open_suggestions(app, pilot)
        rejected = screen.results[0]
        await pilot.press("x", "escape")
        screen = await open_suggestions(app, pilot)
        await pilot.press("enter", "²")  # a digit int() refuses: no relation, no crash
        assert app.is_running and all_links(AnnotationBook(AnnotationStore(store.path))) == []
        assert (rejected.article, rejected.start) not in {
            (r.article, r.start) for r in screen.results}
        await pilot.press("enter", "1", "escape")
        book = AnnotationBook(AnnotationStore(store.path))
        assert [link.relation for link in all_links(book)] == ["same"]
        await pilot.press("u")  # the link goes first
        assert all_links(AnnotationBook(AnnotationStore(store.path))) == []


async def test_L_follows_the_link_and_links_survive_a_restart(store: AnnotationStore) -> None:
    app = ReaderApp(load_corpus(), store=store, recognise=False)
    async with app.run_test(size=(140, 44)) as pilot:
        await ready(app, pilot)
        screen = await open_suggestions(app, pilot)
        target = screen.results[0]
        await pilot.press("enter", "2", "escape")
    again = ReaderApp(load_corpus(), store=AnnotationStore(store.path), recognise=False)
    async with again.run_test(size=(140, 44)) as pilot:
        await ready(again, pilot)
        left, right = again.panes
        left.view.cursor = left.article.text.index(TROOPS)
        assert left.view._linked  # loaded from the store
        await pilot.press("L")
        assert right.article.id == target.article
        assert right.view.cursor == target.start


async def test_o_lists_the_links_and_a_digit_shows_that_one(store: AnnotationStore) -> None:
    app = ReaderApp(load_corpus(), store=store, recognise=False)
    async with app.run_test(size=(140, 44)) as pilot:
        await ready(app, pilot)
        screen = await open_suggestions(app, pilot)
        first, second = screen.results[0], screen.results[1]
        await pilot.press("enter", "2", "down", "enter", "3", "escape")  # two links
        left, right = app.panes
        left.view.focus()
        left.view.cursor = left.article.text.index(TROOPS)
        await pilot.press("o")
        links = app.screen
        assert isinstance(links, LinksScreen)
        shown = screen_text(app)
        assert "2 links of “The US has about 2,000 troops" in shown, shown
        assert "1. supports → " in shown and "2. contradicts → " in shown, shown
        assert "1-2 or enter shows" in shown
        await pilot.press("²", "9")  # a digit int() refuses, a number with no link
        assert app.screen is links and app.is_running
        await pilot.press("escape")  # nothing shown
        assert not isinstance(app.screen, LinksScreen)
        before = (right.article.id, right.view.cursor)
        assert before != (second.article, second.start)
        await pilot.press("o", "2")
        await pilot.pause()
        assert not isinstance(app.screen, LinksScreen)
        assert (right.article.id, right.view.cursor) == (second.article, second.start)
        await pilot.press("L")  # L goes on from the one picked: the first again
        assert (right.article.id, right.view.cursor) == (first.article, first.start)
        await pilot.press("o", "down", "enter")
        await pilot.pause()
        assert (right.article.id, right.view.cursor) == (second.article, second.start)
        await pilot.press("o", "١")  # an Arabic keyboard's 1
        await pilot.pause()
        assert (right.article.id, right.view.cursor) == (first.article, first.start)


def toasts(app: ReaderApp) -> list[str]:
    return [notification.message for notification in app._notifications]


def first_words(text: str) -> str:
    words = " ".join(text.split())
    return words if len(words) <= 40 else words[:40].rstrip() + "…"


async def test_another_relation_relinks_the_pair_and_u_takes_it_back(
    store: AnnotationStore,
) -> None:
    app = ReaderApp(load_corpus(), store=store, recognise=False)
    async with app.run_test(size=(140, 44), notifications=True) as pilot:
        await ready(app, pilot)
        screen = await open_suggestions(app, pilot)
        suggested = screen.results[0].relation
        other = "contradicts" if suggested != "contradicts" else "same"
        await pilot.press("enter", "enter")  # the suggested relation
        first, = all_links(AnnotationBook(AnnotationStore(store.path)))
        await pilot.press("enter", str(RELATIONS.index(other) + 1))  # the same row again
        # One link, its relation changed: never a second, contradictory one.
        relinked, = all_links(AnnotationBook(AnnotationStore(store.path)))
        assert (relinked.id, relinked.relation) == (first.id, other)
        assert f"Relinked: {suggested} → {other} (u undoes)" in toasts(app)
        assert screen.verdicts == {0: other}
        await pilot.press("enter", str(RELATIONS.index(other) + 1))  # the same again
        assert all_links(AnnotationBook(AnnotationStore(store.path))) == [relinked]
        await pilot.press("escape", "u")
        back, = all_links(AnnotationBook(AnnotationStore(store.path)))
        assert (back.id, back.relation) == (first.id, suggested)
        assert toasts(app)[-1] == (f"Undone: relink {suggested} → {other} "
                                   f"“{first_words(screen.results[0].text)}”")
        await pilot.press("l")  # the dialog marks the pair with the one relation it has
        assert isinstance(app.screen, SuggestionsScreen)
        assert app.screen.verdicts == {0: suggested}


async def test_a_link_from_l_and_its_claims_are_one_undo_step(store: AnnotationStore) -> None:
    app = ReaderApp(load_corpus(), store=store, recognise=False)
    async with app.run_test(size=(140, 44), notifications=True) as pilot:
        await ready(app, pilot)
        screen = await open_suggestions(app, pilot)
        result = screen.results[0]
        await pilot.press("enter", "enter", "escape")
        book = AnnotationBook(AnnotationStore(store.path))
        assert len(all_links(book)) == 1 and len(book.annotations()) == 2
        named = f"link {result.relation} “{first_words(result.text)}”"
        await pilot.press("u")  # the link and both claims made for it
        book = AnnotationBook(AnnotationStore(store.path))
        assert all_links(book) == [] and book.annotations() == []
        assert toasts(app)[-1] == f"Undone: {named}"
        await pilot.press("ctrl+r")
        book = AnnotationBook(AnnotationStore(store.path))
        assert len(all_links(book)) == 1 and len(book.annotations()) == 2
        assert toasts(app)[-1] == f"Redone: {named}"
        await pilot.press("u", "u")
        assert toasts(app)[-1].startswith("Nothing to undo in this window")
        assert not any("“”" in toast for toast in toasts(app))


async def test_the_same_directed_relation_from_the_other_end_turns_the_link_round(
    store: AnnotationStore,
) -> None:
    # "Linked already" was said while the link was turned round.
    app = ReaderApp(load_corpus(), store=store, recognise=False)
    async with app.run_test(size=(140, 44), notifications=True) as pilot:
        await ready(app, pilot)
        screen = await open_suggestions(app, pilot)
        supports = str(RELATIONS.index("supports") + 1)
        await pilot.press("enter", supports)
        link, = all_links(AnnotationBook(AnnotationStore(store.path)))
        assert app.workspace is not None
        app.workspace.link(link.target, link.source, "supports")  # the other way round
        await pilot.press("enter", supports)  # from this passage again
        turned, = all_links(AnnotationBook(AnnotationStore(store.path)))
        assert (turned.id, turned.source) == (link.id, link.source)
        assert "Turned round: supports from this passage (u undoes)" in toasts(app)
        assert screen.verdicts == {0: "supports"}


async def test_a_selection_on_a_linked_claim_is_that_claim_for_the_toast(
    store: AnnotationStore,
) -> None:
    # Selected exactly, the claim is a passage ref: the toast looked for the link's end
    # among the passage's own names only, and said "Turned round" where nothing changed.
    app = ReaderApp(load_corpus(), store=store, recognise=False)
    async with app.run_test(size=(140, 44), notifications=True) as pilot:
        await ready(app, pilot)
        await open_suggestions(app, pilot)
        supports = str(RELATIONS.index("supports") + 1)
        await pilot.press("enter", supports, "escape")
        link, = all_links(AnnotationBook(AnnotationStore(store.path)))
        left = app.panes[0].view
        claim = left.claim_at(left.cursor)
        assert claim is not None and claim.id == link.source
        left.anchor, left.cursor = claim.start, claim.end - 1  # the claim, selected
        await pilot.pause()
        await pilot.press("l")
        screen = app.screen
        assert isinstance(screen, SuggestionsScreen)
        await pilot.press("enter", supports)
        assert all_links(AnnotationBook(AnnotationStore(store.path))) == [link]
        assert toasts(app)[-1] == "Linked already: supports"
