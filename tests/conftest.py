"""Shared fixtures: every test runs with its own user folders, never the real ones."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from syria_reader.annotations.entities.index import EntityIndex, build_entity_index
from syria_reader.annotations.linking.related import RelatedIndex
from syria_reader.corpus import Corpus, load_corpus
from syria_reader.corpus.ner_cache import NerCache

if TYPE_CHECKING:  # a subprocess probe imports this module: no Textual here
    from textual.app import App
    from textual.pilot import Pilot

    from syria_reader.tui.widgets.article_view import ArticleView

REPO = Path(__file__).resolve().parent.parent
# The installed command sits beside the interpreter that runs the tests.
COMMAND = Path(sys.executable).parent / "syria-reader"


@pytest.fixture(autouse=True)
def user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point platformdirs' XDG folders at a fresh temporary home."""
    home = tmp_path_factory.mktemp("home")
    for variable, folder in (
        ("XDG_DATA_HOME", "data"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_STATE_HOME", "state"),
    ):
        (home / folder).mkdir()
        monkeypatch.setenv(variable, str(home / folder))
    return home


@pytest.fixture(scope="session")
def warm_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An XDG cache folder holding the bundled corpus's recognition results (made once)."""
    from syria_reader.annotations.entities.index import build_entity_index
    from syria_reader.corpus import load_corpus
    from syria_reader.corpus.ner_cache import NerCache

    home = tmp_path_factory.mktemp("cache-home")
    build_entity_index(load_corpus(), cache=NerCache(home / "syria-reader" / "ner"))
    return home


@pytest.fixture
def cached(warm_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Recognition answered from the warm cache, for tests that are not about it."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(warm_cache))


RunResult = subprocess.CompletedProcess[str]


@pytest.fixture
def cli() -> Callable[..., RunResult]:
    """Run the installed ``syria-reader`` command as a user would."""
    assert COMMAND.exists(), f"install the project first: {COMMAND} is missing"

    def run(*args: str, input: str | None = None) -> RunResult:
        return subprocess.run(
            [str(COMMAND), *args],
            capture_output=True,
            text=True,
            input=input,
            env=os.environ.copy(),
            timeout=120,
        )

    return run


# -- the bundled corpus and its related-passages index, once per test module ------------

@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus()


@pytest.fixture(scope="module")
def entities(corpus: Corpus, tmp_path_factory: pytest.TempPathFactory) -> EntityIndex:
    return build_entity_index(corpus, cache=NerCache(tmp_path_factory.mktemp("ner")))


@pytest.fixture(scope="module")
def index(corpus: Corpus, entities: EntityIndex) -> RelatedIndex:
    return RelatedIndex.build(corpus, entities, cache=False)


def span_of(corpus: Corpus, prefix: str, quote: str) -> tuple[str, int, int]:
    """(article id, start, end) of ``quote`` in the article with id prefix ``prefix``."""
    article = corpus.get(prefix)
    start = article.text.index(quote)
    return article.id, start, start + len(quote)


def screen_text(app: App[object]) -> str:
    """What the terminal shows now, as text (a Pilot test reads what the user sees)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def claims_drawn(view: ArticleView, pilot: Pilot[object]) -> None:
    """Wait until the view draws the stored claims (they arrive after the first frame)."""
    for _ in range(50):
        if view.claims:
            return
        await pilot.pause(0.02)
