"""The relation suggested for each related passage, and its weak ones: in the ``l``
dialog (enter, enter accepts the suggestion) and in ``syria-reader related``."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from textual import events
from textual.widgets import OptionList

from syria_reader.annotations.linking.links import all_links
from syria_reader.annotations.linking.results import RelatedResult
from syria_reader.annotations.store.book import AnnotationBook
from syria_reader.annotations.store.database import AnnotationStore
from syria_reader.annotations.vocabulary import RELATIONS
from syria_reader.corpus import load_corpus
from syria_reader.tui.app import ReaderApp
from syria_reader.tui.screens.suggestions_screen import SuggestionsScreen, _prompt
from tests.conftest import RunResult, screen_text

# Its counterparts include one the engine says contradicts it ("roughly 500"), others
# it says support it, and weak look-alikes.
TROOPS = "The US has about 2,000 troops on the ground in the country"
DORRIAN = "roughly 500"


@pytest.fixture
def store(tmp_path: Path) -> AnnotationStore:
    return AnnotationStore(tmp_path / "db.json")


def hint(screen: SuggestionsScreen) -> str:
    return str(screen.query_one("#suggestions-hint").render())


def stored_relations(store: AnnotationStore) -> list[str | None]:
    return [link.relation for link in all_links(AnnotationBook(AnnotationStore(store.path)))]


async def open_suggestions(app: ReaderApp, pilot: object) -> SuggestionsScreen:
    await pilot.pause()  # type: ignore[attr-defined]
    await app.workers.wait_for_complete()
    await pilot.pause()  # type: ignore[attr-defined]
    assert app.workspace is not None and app.workspace.related is not None
    left = app.panes[0].view
    left.cursor = left.article.text.index(TROOPS)
    await pilot.press("l")  # type: ignore[attr-defined]
    assert isinstance(app.screen, SuggestionsScreen)
    return app.screen


def contradicting(screen: SuggestionsScreen) -> int:
    """The Dorrian passage: suggested as contradicting (2,000 vs 500 troops), so not
    the default relation nor the first one the digits offer."""
    index = next(i for i, r in enumerate(screen.results) if DORRIAN in r.text)
    assert screen.results[index].relation == "contradicts", screen.results[index]
    return index


async def test_enter_enter_links_with_the_suggested_relation(store: AnnotationStore) -> None:
    app = ReaderApp(load_corpus(), store=store, recognise=False)
    async with app.run_test(size=(140, 44), notifications=True) as pilot:
        screen = await open_suggestions(app, pilot)
        index = contradicting(screen)
        assert "suggested: contradicts" in screen_text(app)
        assert "enter, then enter for the suggested relation" in hint(screen)
        for _ in range(index):
            await pilot.press("down")
        await pilot.press("enter")
        assert screen.choosing == index
        assert hint(screen).startswith("Relation: enter contradicts (suggested) · 1 same")
        await pilot.press("enter")
        assert stored_relations(store) == ["contradicts"]
        assert app.screen is screen and screen.choosing is None  # not asked again
        assert screen.verdicts == {index: "contradicts"}
        assert "contradicts" in str(
            screen.query_one(OptionList).get_option_at_index(index).prompt)
        assert "Linked: contradicts" in [n.message for n in app._notifications]
        assert "enter, then enter for the suggested relation" in hint(screen)
        await pilot.press("escape")  # closes: the dialog is not left asking
        assert not isinstance(app.screen, SuggestionsScreen)
    assert stored_relations(store) == ["contradicts"]


async def test_a_digit_still_picks_another_relation(store: AnnotationStore) -> None:
    app = ReaderApp(load_corpus(), store=store, recognise=False)
    async with app.run_test(size=(140, 44)) as pilot:
        screen = await open_suggestions(app, pilot)
        for _ in range(contradicting(screen)):
            await pilot.press("down")
        await pilot.press("enter", "4")
        assert stored_relations(store) == ["updates"]
        await pilot.press("enter", "escape")  # escape cancels the choice: no link
        assert app.screen is screen and screen.choosing is None
        assert stored_relations(store) == ["updates"]


async def test_two_enters_typed_at_once_link_once(store: AnnotationStore) -> None:
    """Both enters are queued before the first is handled: the second may reach the
    list's select binding again; it still accepts the suggestion, once."""
    app = ReaderApp(load_corpus(), store=store, recognise=False)
    async with app.run_test(size=(140, 44)) as pilot:
        screen = await open_suggestions(app, pilot)
        suggested = screen.results[0].relation
        assert suggested in RELATIONS
        for _ in range(2):
            app.post_message(events.Key("enter", "\r"))
        await pilot.pause()
        await pilot.pause()
        assert stored_relations(store) == [suggested]
        assert screen.choosing is None and screen.verdicts == {0: suggested}
        await pilot.press("escape")
        assert not isinstance(app.screen, SuggestionsScreen)


async def test_a_weak_result_says_weak_and_is_dimmed(store: AnnotationStore) -> None:
    app = ReaderApp(load_corpus(), store=store, recognise=False)
    async with app.run_test(size=(140, 44)) as pilot:
        screen = await open_suggestions(app, pilot)
        found = screen.query_one(OptionList)
        weak = [i for i, r in enumerate(screen.results) if r.weak]
        strong = [i for i, r in enumerate(screen.results) if not r.weak]
        assert weak and strong, screen.results
        for index in weak:
            prompt = found.get_option_at_index(index).prompt
            first = prompt.plain.splitlines()[0]
            relation = screen.results[index].relation
            assert f"weak · suggested: {relation}" in first
            assert any(span.start == 0 and span.end == len(prompt.plain)
                       and span.style == "dim" for span in prompt.spans)
        for index in strong:
            prompt = found.get_option_at_index(index).prompt
            first = prompt.plain.splitlines()[0]
            assert "weak" not in first
            assert f"suggested: {screen.results[index].relation}" in first
            assert not any(span.start == 0 and span.end == len(prompt.plain)
                           for span in prompt.spans)


def test_the_prompt_keeps_untrusted_text_plain() -> None:
    hostile = RelatedResult("002[b]", 0, 9, "[@click=app.quit]x[/] $relation", 0.1,
                            ("[dim]shared: $title",), relation="supports", weak=True)
    prompt = _prompt(hostile, "[link=x]Title[/link]", "same")
    assert prompt.plain == (" same  0.10 weak · suggested: supports  002[b] · "
                            "[link=x]Title[/link]\n  [@click=app.quit]x[/] $relation\n"
                            "  [dim]shared: $title")


@pytest.mark.usefixtures("cached")
def test_related_plain_output_shows_the_relation_and_weak(
    cli: Callable[..., RunResult],
) -> None:
    # Enough passages to reach past the strong ones to weak look-alikes.
    query = ("related", "000", TROOPS, "--limit", "20")
    rows = json.loads(cli(*query, "--json").stdout)["results"]
    assert any(row["weak"] for row in rows) and not all(row["weak"] for row in rows), rows
    result = cli(*query)
    assert result.returncode == 0, result.stderr
    ranked = [line for line in result.stdout.splitlines() if line[:1].isdigit()]
    assert len(ranked) == len(rows)
    for rank, (line, row) in enumerate(zip(ranked, rows, strict=True), 1):
        weak = " (weak)" if row["weak"] else ""
        assert re.match(rf"{rank}\. \d\.\d\d  {row['relation']}{re.escape(weak)}  "
                        rf"{row['article']}:{row['start']}-{row['end']}  “", line), line
        assert ("(weak)" in line) == row["weak"]
    dorrian = next(line for line in ranked if DORRIAN in line)
    assert "  contradicts  " in dorrian
