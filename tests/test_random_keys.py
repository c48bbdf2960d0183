"""Thousands of keys, the reader's own and random characters, with the terminal resized
between 20x5 and 200x60: the reader never raises. (Seeded, so a failure replays.)"""

from __future__ import annotations

import random
import string
import unicodedata
from pathlib import Path

import pytest
from textual import events
from textual.app import App
from textual.binding import Binding
from textual.keys import _character_to_key, _get_unicode_name_from_key

from syria_reader.annotations.store.database import AnnotationStore
from syria_reader.corpus import load_corpus
from syria_reader.tui.app import ReaderApp
from syria_reader.tui.screens.article_meta_screen import ArticleMetaScreen
from syria_reader.tui.screens.claims_screen import ClaimsScreen
from syria_reader.tui.screens.compare_screen import CompareScreen, EntityPicker, LabelPicker
from syria_reader.tui.screens.export_screen import ExportScreen
from syria_reader.tui.screens.help_screen import HelpScreen
from syria_reader.tui.screens.note_screen import NoteScreen
from syria_reader.tui.screens.search_screen import SearchScreen
from syria_reader.tui.screens.suggestions_screen import SuggestionsScreen
from syria_reader.tui.widgets.article_list import ArticleList
from syria_reader.tui.widgets.article_pane import ArticlePane
from syria_reader.tui.widgets.article_view import ArticleView
from syria_reader.tui.widgets.story_grid import StoryGrid

KEYS_IN_ALL = 3000
BATCH = 30
OWNERS = (ReaderApp, ArticleView, ArticlePane, ArticleList, HelpScreen, ClaimsScreen,
          ExportScreen, NoteScreen, SearchScreen, SuggestionsScreen, CompareScreen, StoryGrid,
          LabelPicker, EntityPicker, ArticleMetaScreen)
EXTRA = ["enter", "escape", "tab", "shift+tab", "backspace", "delete", "up", "down", "left",
         "right", "home", "end", "pageup", "pagedown", "ctrl+p", "space", "²", "é", "ß", "€"]


def reader_keys() -> list[str]:
    keys = {key.strip() for owner in OWNERS for binding in owner.BINDINGS
            if isinstance(binding, Binding) for key in binding.key.split(",")}
    return sorted(keys)


def random_key(rng: random.Random, bound: list[str]) -> str:
    roll = rng.random()
    if roll < 0.55:
        return rng.choice(bound)
    if roll < 0.8:
        return rng.choice(string.ascii_letters + string.digits + string.punctuation)
    if roll < 0.9:
        # Often back to the text: the keys are not all spent typing into the search or
        # the command palette, where each one searches the corpus.
        return "escape"
    return rng.choice(EXTRA)


def key_event(key: str) -> events.Key:
    """The event a terminal sends for ``key``, as Textual's pilot builds it."""
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    try:
        character: str | None = unicodedata.lookup(_get_unicode_name_from_key(key))
    except KeyError:
        character = key if len(key) == 1 else None
    return events.Key(key, character)


def type_fast(app: App[None], keys: list[str]) -> None:
    """Keys as a fast typist or a paste delivers them: queued all at once, each handled
    by whatever has the focus when its turn comes (the pilot waits 40 ms a key)."""
    assert app._driver is not None
    for key in keys:
        app._driver.send_message(key_event(key))


async def test_thousands_of_random_keys_and_resizes_raise_nothing(
    cached: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)  # an export or screenshot the keys ask for lands here
    rng = random.Random(20261126)
    bound = reader_keys()
    corpus = load_corpus()
    pressed = restarts = 0
    while pressed < KEYS_IN_ALL:
        app = ReaderApp(corpus, store=AnnotationStore(tmp_path / "db.json"))
        app.animation_level = "none"  # the pilot waits out every scroll animation
        restarts += 1
        async with app.run_test(size=(120, 40)) as pilot:
            while pressed < KEYS_IN_ALL and app.is_running:
                batch = [random_key(rng, bound) for _ in range(BATCH)]
                type_fast(app, batch)
                await pilot.pause()
                pressed += len(batch)
                await pilot.resize_terminal(rng.randint(20, 200), rng.randint(5, 60))
                await pilot.pause()
    assert pressed >= KEYS_IN_ALL
    assert restarts < KEYS_IN_ALL // BATCH  # the keys did more than quit at once
