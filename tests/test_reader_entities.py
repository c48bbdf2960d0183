"""The reader with recognised entities: colours, the inspector, ``e`` and ``E``."""

from __future__ import annotations

import threading

import pytest

from syria_reader.corpus import load_corpus
from syria_reader.tui.app import ReaderApp
from syria_reader.tui.widgets.inspector import Inspector
from syria_reader.tui.widgets.legend import Legend


async def test_entities_arrive_from_the_cache_and_colour_the_text(cached: None) -> None:
    app = ReaderApp(load_corpus())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()  # the workers start after the first frame
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.reading.entities is not None
        left = app.panes[0].view
        texts = {m.text for m in left._mentions}
        assert {"Donald Trump", "Syria", "CNN"} <= texts
        assert "entities" in app.query_one(Legend).status
        strip = left.render_line(left.lines.index(next(
            line for line in left.lines if "Donald Trump" in left.article.text[line[0]:line[1]]
        )) - int(left.scroll_y))
        styles = {segment.text: segment.style for segment in strip if segment.text.strip()}
        assert styles["Donald Trump"] != styles.get(" who has long signalled his desire to get ")


async def test_e_then_E_shows_the_same_entity_in_the_other_pane(cached: None) -> None:
    app = ReaderApp(load_corpus())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()  # the workers start after the first frame
        await app.workers.wait_for_complete()
        await pilot.pause()
        left, right = app.panes
        text = left.article.text
        left.view.cursor = text.index("Donald Trump")
        await pilot.press("E")
        assert right.article.id.startswith("001")
        mention = right.view.mention_at(right.view.cursor)
        assert mention is not None and "Trump" in mention.text
        inspector = str(app.query_one(Inspector).render())
        assert "PERSON Donald Trump" in inspector and "articles" in inspector


async def test_E_finds_an_article_that_mentions_the_entity(cached: None) -> None:
    app = ReaderApp(load_corpus())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()  # the workers start after the first frame
        await app.workers.wait_for_complete()
        await pilot.pause()
        left, right = app.panes
        left.view.cursor = left.article.text.index("Hajin")  # only article 000 names it
        await pilot.press("E")
        assert right.article.id.startswith("001")  # nowhere else to go: the pane stays
        left.view.cursor = left.article.text.index("At Tanf")
        await pilot.press("E")
        assert right.article.id.startswith("003")
        assert right.article.text[right.view.cursor :].startswith("At Tanf")


async def test_first_start_shows_text_at_once_and_entities_later() -> None:
    app = ReaderApp(load_corpus())
    async with app.run_test(size=(120, 40)) as pilot:
        left = app.panes[0].view
        assert left.lines and not left._mentions  # text first, no recognition yet
        await pilot.pause()  # the workers start after the first frame
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert left._mentions
        assert app.query_one(Legend).status.endswith("entities")


async def test_a_stored_index_is_decoded_only_for_the_articles_on_screen(
    cached: None,
) -> None:
    """From the cache the index decodes lazily: the legend's count, the status line on
    an entity and the arrival of the entities decode no cluster, and only the shown
    articles' mentions (on 1,000 articles the legend alone decoded every mention)."""
    from syria_reader.annotations.entities.stored import StoredEntityIndex

    app = ReaderApp(load_corpus())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        entities = app.reading.entities
        assert isinstance(entities, StoredEntityIndex)
        shown = {pane.article.id for pane in app.panes}
        assert set(entities._decoded) == shown
        assert f"{entities.cluster_count} entities" in app.query_one(Legend).status
        left = app.panes[0].view
        left.cursor = left.article.text.index("Donald Trump")
        await pilot.pause()
        inspector = str(app.query_one(Inspector).render())
        summary = next(s for s in entities.summaries() if s.name == "Donald Trump")
        assert (f"PERSON Donald Trump: {summary.size} mentions in {summary.articles} of 5 "
                "articles") in inspector
        assert not entities._made and entities._all is None  # no cluster was built
        assert set(entities._decoded) == shown


async def test_the_shown_articles_mentions_are_decoded_in_the_worker(
    cached: None, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The entities' arrival decodes nothing on the reader's thread: the shown
    articles' mentions were decoded in the worker that loaded them."""
    from syria_reader.annotations.entities.stored import StoredEntityIndex

    decoded_in: dict[str, str] = {}
    article = StoredEntityIndex._article

    def recording_article(index: StoredEntityIndex, article_id: str) -> object:
        if article_id not in index._decoded:
            decoded_in.setdefault(article_id, threading.current_thread().name)
        return article(index, article_id)

    monkeypatch.setattr(StoredEntityIndex, "_article", recording_article)
    app = ReaderApp(load_corpus())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.reading.entities, StoredEntityIndex)
        assert app.panes[0].view._mentions
        main = threading.main_thread().name
        shown = {pane.article.id for pane in app.panes}
        assert shown <= set(decoded_in)
        assert all(decoded_in[article_id] != main for article_id in shown), decoded_in
