from __future__ import annotations

import tomllib
from pathlib import Path

from syria_reader.corpus import load_corpus
from syria_reader.tui.app import ReaderApp
from syria_reader.tui.config import Settings, config_path, load_settings
from syria_reader.tui.screens.search_screen import SearchScreen
from syria_reader.tui.widgets.article_pane import ArticlePane
from syria_reader.tui.widgets.inspector import Inspector
from syria_reader.tui.widgets.legend import Legend
from tests.conftest import screen_text


async def test_search_jumps_to_a_hit_in_the_article() -> None:
    app = ReaderApp(load_corpus(), recognise=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash")
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"Hajin")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        assert not isinstance(app.screen, SearchScreen)
        left = app.query_one("#pane-left", ArticlePane)
        text = left.article.text
        assert left.view.cursor == text.index("Hajin")


async def test_corpus_wide_fuzzy_search_opens_another_article() -> None:
    app = ReaderApp(load_corpus(), recognise=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"Jefrey")  # misspelt: only fuzzy matching finds it
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("down", "enter")
        left = app.query_one("#pane-left", ArticlePane)
        assert left.article.id.startswith("001")
        sentence = left.view.sentence_at(left.view.cursor)
        assert sentence is not None
        assert "Jeffrey" in left.article.text[sentence[0] : sentence[1]]


async def test_escape_closes_search_without_moving() -> None:
    app = ReaderApp(load_corpus(), recognise=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"Syria", "escape")
        assert not isinstance(app.screen, SearchScreen)
        assert app.query_one("#pane-left", ArticlePane).view.cursor == 0


async def test_plus_opens_a_third_pane_and_minus_closes_one() -> None:
    app = ReaderApp(load_corpus(), recognise=False)
    async with app.run_test(size=(150, 40)) as pilot:
        await pilot.press("plus")
        await pilot.pause()
        panes = app.panes
        assert [p.article.id[:3] for p in panes] == ["000", "001", "002"]
        assert panes[2].view.has_focus
        await pilot.press("plus")
        assert len(app.panes) == 3
        await pilot.press("minus")
        await pilot.pause()
        assert len(app.panes) == 2
        await pilot.press("minus")
        await pilot.pause()
        await pilot.press("minus")
        await pilot.pause()
        assert len(app.panes) == 1


async def test_panes_stack_below_100_columns() -> None:
    app = ReaderApp(load_corpus(), recognise=False)
    async with app.run_test(size=(90, 40)) as pilot:
        await pilot.pause()
        left, right = app.panes
        assert left.region.x == right.region.x and right.region.y > left.region.y
        await pilot.resize_terminal(130, 40)
        await pilot.pause()
        assert right.region.x > left.region.x and right.region.y == left.region.y


async def test_number_keys_toggle_entity_types_and_are_remembered() -> None:
    app = ReaderApp(load_corpus(), recognise=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("1", "6")
        assert app.query_one(Legend).hidden == {"person", "number"}
        assert all(p.view.hidden_classes == {"person", "number"} for p in app.panes)
        await pilot.press("6")
        assert app.query_one(Legend).hidden == {"person"}
    settings, problem = load_settings()
    assert problem is None and settings.hidden_entities == ["person"]


async def test_theme_choice_is_saved_in_the_config() -> None:
    app = ReaderApp(load_corpus(), recognise=False)
    async with app.run_test(size=(120, 40)) as pilot:
        app.theme = "textual-light"
        await pilot.pause()
    saved = tomllib.loads(config_path().read_text())
    assert saved["theme"] == "textual-light"
    again = ReaderApp(load_corpus(), recognise=False)
    async with again.run_test(size=(120, 40)):
        assert again.theme == "textual-light"


async def test_a_broken_config_is_reported_and_ignored() -> None:
    config_path().parent.mkdir(parents=True, exist_ok=True)
    config_path().write_text("theme = [unclosed")
    app = ReaderApp(load_corpus(), recognise=False)
    async with app.run_test(size=(120, 40)):
        assert app.settings == Settings()
        assert app.settings_message and "ignored" in app.settings_message


async def test_keys_can_be_remapped_in_the_config() -> None:
    app = ReaderApp(load_corpus(), Settings(keys={"view.next_sentence": "n"}), recognise=False)
    async with app.run_test(size=(120, 40)) as pilot:
        view = app.panes[0].view
        await pilot.press("n")
        assert view.cursor == view.article.sentences[1][0]


async def test_q_saves_the_place_and_the_next_start_restores_it(tmp_path: Path) -> None:
    app = ReaderApp(load_corpus(), recognise=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("right_square_bracket", "right_square_bracket", "j", "j")
        cursor = app.panes[0].view.cursor
        await pilot.press("q")
    again = ReaderApp(load_corpus(), recognise=False)
    async with again.run_test(size=(120, 40)):
        left = again.panes[0]
        assert left.article.id.startswith("002") and left.view.cursor == cursor


async def test_inspector_names_the_sentence_under_the_cursor() -> None:
    app = ReaderApp(load_corpus(), recognise=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("j", "j")
        shown = str(app.query_one(Inspector).render())
        assert "sentence 3/19" in shown and "000_6437c01467f5b919" in shown


async def test_command_palette_runs_any_key_action() -> None:
    app = ReaderApp(load_corpus(), recognise=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"next article")
        for _ in range(50):
            if "Next article  ]" in screen_text(app):
                break
            await pilot.pause(0.02)
        # Its own key, ]: not "Article [/]", as if [ were next too. The footer groups
        # the two as "[ ] Article".
        assert "Next article  ]" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert app.panes[0].article.id.startswith("001")  # the entry runs ], the next


async def test_the_palette_shows_each_command_s_key() -> None:
    """Found in the palette, a command shows the key that does it, the user's own
    where the config file changed it, shown as written."""
    settings = Settings(keys={"view.claim": "x"})
    app = ReaderApp(load_corpus(), settings, recognise=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Sentence")
        for _ in range(50):
            if "Sentence  j" in screen_text(app):
                break
            await pilot.pause(0.02)
        assert "Sentence  j" in screen_text(app)
        await pilot.press(*["backspace"] * 8, *"Claim")
        for _ in range(50):
            if "Claim  x" in screen_text(app):
                break
            await pilot.pause(0.02)
        assert "Claim  x" in screen_text(app)


# How the reader names each export format (annotations/formats FORMATS): help and the
# palette list them all; a new format fails this test until it is named there too.
FORMAT_NAMES = {"json": "JSON", "jsonl": "JSONL", "csv": "CSV", "w3c": "W3C", "brat": "brat",
                "prodigy": "Prodigy", "labelstudio": "Label Studio"}


def _said(text: str) -> list[str]:
    """The format names listed in ``text``'s parenthesis after "Export the annotations"."""
    listed = text.split("Export the annotations (", 1)[1].split(")", 1)[0]
    return [" ".join(name.split()) for name in listed.split(",")]


async def test_help_and_palette_name_every_export_format() -> None:
    from syria_reader.annotations.formats import FORMATS

    assert set(FORMAT_NAMES) == set(FORMATS)
    expected = [FORMAT_NAMES[name] for name in FORMATS]
    app = ReaderApp(load_corpus(), recognise=False)
    async with app.run_test(size=(160, 120)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Export")
        for _ in range(50):
            if "Export the annotations" in screen_text(app):
                break
            await pilot.pause(0.02)
        assert _said(screen_text(app)) == expected, screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        lines = screen_text(app).splitlines()
        row = next(i for i, line in enumerate(lines) if "Export the annotations" in line)
        column = lines[row].index("Export the annotations")
        # The help row wraps in its column: read the column down to the closing ")".
        said = ""
        for line in lines[row:row + 4]:
            said += " " + line[column:].split("│")[0].strip()
            if ")" in said:
                break
        assert _said(said) == expected, said


async def test_the_claims_list_shows_long_titles_to_70_characters(tmp_path: Path) -> None:
    from syria_reader.annotations.store.book import AnnotationBook
    from syria_reader.annotations.store.database import AnnotationStore
    from syria_reader.annotations.store.model import new_annotation
    from syria_reader.tui.screens.claims_screen import ClaimsScreen

    title = ("Planning is underway for a full and rapid withdrawal of US troops from "
             "Syria, officials say")
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "one.txt").write_text(
        f"---\ntitle: {title}\nsource: CNN\n---\nThe US stays in Syria.\n", encoding="utf-8")
    corpus = load_corpus(tmp_path / "corpus")
    article = corpus.articles[0]
    store = AnnotationStore(tmp_path / "db.json")
    AnnotationBook(store).add(new_annotation(article, 0, len("The US stays"), label="figure"))
    app = ReaderApp(corpus, store=store, recognise=False)
    async with app.run_test(size=(100, 30)) as pilot:
        while app.workspace is None:
            await pilot.pause(0.02)
        await pilot.press("C")
        await pilot.pause()
        assert isinstance(app.screen, ClaimsScreen)
        shown = screen_text(app)
        # Cut at 40 it ended "…US troops"; the dialog has room for 70, with an ellipsis.
        assert f"figure {title[:69]}…" in shown, shown


async def test_the_footer_keeps_help_in_sight_at_120_columns() -> None:
    # "[/] Previous / next article" once pushed "? Help" off the footer's end.
    app = ReaderApp(load_corpus(), recognise=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert "[ ] Article" in footer and "? Help" in footer, footer


async def test_the_title_counts_one_article_in_the_singular(tmp_path: Path) -> None:
    (tmp_path / "only.txt").write_text("The US stays.\n", encoding="utf-8")
    app = ReaderApp(load_corpus(tmp_path), recognise=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "1 article · " in screen_text(app).splitlines()[0]
