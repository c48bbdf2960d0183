"""Every input that configures or feeds the reader is checked: one clear line naming the
file and the field, a non-zero exit where the input cannot be used, nothing written."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.binding import Binding

from syria_reader.annotations.store.book import AnnotationBook
from syria_reader.annotations.store.database import AnnotationStore
from syria_reader.annotations.store.model import new_annotation
from syria_reader.corpus import bundled_corpus_dir, load_corpus
from syria_reader.tui.app import ReaderApp
from syria_reader.tui.config import config_path, load_settings
from tests.conftest import RunResult

Run = Callable[..., RunResult]


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in ("000_6437c01467f5b919.txt", "002_802f6b2f44435b78.txt"):
        shutil.copy(bundled_corpus_dir() / name, folder / name)
    return folder


def one_error_line(result: RunResult) -> str:
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("syria-reader: error: "), result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


# -- labels.toml --------------------------------------------------------------------

LABEL_FILES = {
    'label = 5\n': "'label' should be [[label]] tables, not a number",
    '[[label]]\nname = 5\n': "label 1: 'name' should be a string, not a number",
    '[[label]]\nname = "troops"\ncolour = 3\n': "label 1 ('troops'): 'colour' should be a "
                                                 "string, not a number",
    '[[label]]\nname = "a"\n[[label]]\nname = "A"\n': "label 2: the name 'A' is already "
                                                        "label 1's",
    '[[label]]\nname = "a"\ncolor = "red"\n': "label 1: unknown field 'color'",
    '[[label]]\nname = "a\\u001b]0;x"\n': "label 1: 'name' 'a\\x1b]0;x' holds a control",
    "".join(f'[[label]]\nname = "l{n}"\n' for n in range(10)): "10 labels; at most 9",
    'labels = []\n': "unknown key 'labels'",
}


@pytest.mark.parametrize(("content", "problem"), LABEL_FILES.items())
def test_a_bad_labels_file_stops_tag_with_one_line(
    cli: Run, corpus_dir: Path, tmp_path: Path, content: str, problem: str,
) -> None:
    (corpus_dir / "labels.toml").write_text(content)
    result = cli("tag", "000", "Planning is underway", "--label", "a", "--corpus",
                 str(corpus_dir), "--db", str(tmp_path / "db.json"))
    line = one_error_line(result)
    assert f"{corpus_dir / 'labels.toml'}: " in line and problem in line
    assert not (tmp_path / "db.json").exists()


def test_a_colour_the_reader_cannot_draw_stops_it_before_it_starts(
    cli: Run, corpus_dir: Path, tmp_path: Path,
) -> None:
    (corpus_dir / "labels.toml").write_text('[[label]]\nname = "troops"\ncolour = "notacolour"\n')
    line = one_error_line(cli("--corpus", str(corpus_dir), "--db", str(tmp_path / "db.json")))
    assert "label 1 ('troops'): 'colour' 'notacolour' is not a colour" in line


async def test_css_colours_draw(corpus_dir: Path, tmp_path: Path) -> None:
    (corpus_dir / "labels.toml").write_text(
        '[[label]]\nname = "a"\ncolour = "orange"\n[[label]]\nname = "b"\n'
        'colour = "hsl(200,50%,50%)"\n')
    app = ReaderApp(load_corpus(corpus_dir), store=AnnotationStore(tmp_path / "db.json"),
                    recognise=False)
    async with app.run_test(size=(120, 40)):
        assert [label.name for label in app.labels] == ["a", "b"]


# -- config.toml --------------------------------------------------------------------

CONFIGS = {
    'theme = 5\n': "'theme' should be a string, not int",
    'keys = "j"\n': "'keys' should be a table ([keys]), not str",
    '[keys]\n"view.next_sentence" = 5\n': "keys.'view.next_sentence' should be a string",
    '[keys]\n"view.next_sentence" = "j,\\u001b]0;x"\n': "is not a key name",
    'hidden_entities = ["person", "bogus"]\n': "'hidden_entities': 'bogus' is not one of",
    'colour = "x"\n': "unknown setting 'colour'",
}


@pytest.mark.parametrize(("content", "problem"), CONFIGS.items())
def test_each_config_problem_is_one_line_naming_the_field(content: str, problem: str) -> None:
    config_path().parent.mkdir(parents=True, exist_ok=True)
    config_path().write_text(content)
    _settings, message = load_settings()
    assert message is not None and message.startswith(f"{config_path()}: ")
    assert problem in message


async def test_the_reader_warns_of_unknown_keys_and_themes_and_keeps_what_it_does_not_know(
) -> None:
    config_path().parent.mkdir(parents=True, exist_ok=True)
    written = ('theme = "no-such-theme"\nhidden_entities = ["date"]\n'
               '[keys]\n"view.no_such_action" = "z"\n"view.next_sentence" = "j,n"\n')
    config_path().write_text(written)
    app = ReaderApp(load_corpus(), recognise=False)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause(0.2)
        messages = " ".join(n.message for n in app._notifications)
        assert "'theme' 'no-such-theme' is not a theme" in messages
        assert "keys.'view.no_such_action' is no key of the reader" in messages
        view = app.panes[0].view
        await pilot.press("n")  # what is valid in the file is used
        assert view.cursor == view.article.sentences[1][0]
        await pilot.press("6")  # a change the reader would save
        app.theme = "textual-light"
        await pilot.pause()
    # Saved in place: the choices made, and the binding the reader does not know kept.
    assert config_path().read_text() == written.replace(
        '"no-such-theme"', '"textual-light"').replace('["date"]', '["date", "number"]')


# -- manifest.json -----------------------------------------------------------------

def test_a_manifest_field_of_the_wrong_type_is_one_line(
    cli: Run, corpus_dir: Path, tmp_path: Path,
) -> None:
    manifest = {"articles": [{"id": "000_6437c01467f5b919", "title": ["not", "text"]}]}
    (corpus_dir / "manifest.json").write_text(json.dumps(manifest))
    line = one_error_line(cli("articles", "--corpus", str(corpus_dir)))
    assert "manifest.json: article 1 (000_6437c01467f5b919): 'title' should be a string " \
           "or null, not list" in line


# -- database records ----------------------------------------------------------------

def _stored_claim(db: Path) -> dict[str, object]:
    article = load_corpus().get("000")
    claim = new_annotation(article, 0, 20, label="figure")
    AnnotationBook(AnnotationStore(db)).add(claim)
    return claim.to_record()


def _rewrite_record(db: Path, table: str, change: Callable[[dict], None]) -> bytes:
    data = json.loads(db.read_text())
    for record in data[table].values():
        change(record)
    db.write_text(json.dumps(data))
    return db.read_bytes()


BAD_RECORDS = {
    "a string offset": (lambda r: r.update(start="0"), "'start' should be an integer, not str"),
    "a float offset": (lambda r: r.update(end=20.5), "'end' should be an integer, not float"),
    "a negative offset": (lambda r: r.update(start=-4), "offsets -4-20 are not a span"),
    "reversed offsets": (lambda r: r.update(start=30), "offsets 30-20 are not a span"),
    "out of range": (lambda r: r.update(end=10**7), "offsets 0-10000000 are outside article"),
    "not its quote": (lambda r: r.update(quote="something else"), "the quote is not the text"),
    "no kind": (lambda r: r.pop("kind"), "has no 'kind'"),
    "a bool offset": (lambda r: r.update(start=True), "'start' should be an integer, not bool"),
}


@pytest.mark.parametrize(("change", "problem"), BAD_RECORDS.values(), ids=BAD_RECORDS)
def test_a_malformed_annotation_is_the_corrupt_database_error(
    cli: Run, tmp_path: Path, change: Callable[[dict], None], problem: str,
) -> None:
    db = tmp_path / "db.json"
    claim = _stored_claim(db)
    before = _rewrite_record(db, "annotations", change)
    line = one_error_line(cli("claims", "--db", str(db)))
    assert f"{db}: corrupt database: annotation ({claim['id']})" in line and problem in line
    assert db.read_bytes() == before


async def test_the_reader_stops_on_a_malformed_record_and_leaves_the_file(
    tmp_path: Path,
) -> None:
    db = tmp_path / "db.json"
    _stored_claim(db)
    before = _rewrite_record(db, "annotations", lambda r: r.update(start="0"))
    app = ReaderApp(load_corpus(), store=AnnotationStore(db), recognise=False)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(100):
            if not app.is_running:
                break
            await pilot.pause(0.05)
    assert app.return_code == 2
    assert app.fatal_error and "'start' should be an integer, not str" in app.fatal_error
    assert db.read_bytes() == before


def test_a_malformed_link_or_correction_is_the_corrupt_database_error(
    cli: Run, tmp_path: Path,
) -> None:
    db = tmp_path / "db.json"
    claim = _stored_claim(db)
    other = cli("tag", "002", "roughly 500", "--label", "figure", "--db", str(db), "--json")
    linked = cli("link", str(claim["id"]), json.loads(other.stdout)["id"], "--relation",
                 "contradicts", "--db", str(db))
    assert linked.returncode == 0, linked.stderr
    _rewrite_record(db, "links", lambda r: r.update(relation="bogus"))
    assert "link (" in (line := one_error_line(cli("links", "--db", str(db))))
    assert "unknown relation 'bogus'" in line
    _rewrite_record(db, "links", lambda r: r.update(relation="same", score="high"))
    assert "'score' should be a number or null, not str" in one_error_line(
        cli("links", "--db", str(db)))


def test_an_import_is_checked_as_the_database_is(cli: Run, tmp_path: Path) -> None:
    db, export = tmp_path / "db.json", tmp_path / "export.json"
    _stored_claim(db)
    assert cli("export", "-o", str(export), "--db", str(db)).returncode == 0
    data = json.loads(export.read_text())
    data["annotations"][0]["start"] = "0"
    export.write_text(json.dumps(data))
    other = tmp_path / "other.json"
    line = one_error_line(cli("import", str(export), "--db", str(other)))
    assert "annotation 1" in line and "'start' should be an integer, not str" in line


@pytest.mark.parametrize("format", ["json", "jsonl", "csv", "w3c", "brat"])
def test_export_checks_the_records_it_reads(cli: Run, tmp_path: Path, format: str) -> None:
    db = tmp_path / "db.json"
    _stored_claim(db)
    before = _rewrite_record(db, "annotations", lambda r: r.update(start="0"))
    line = one_error_line(cli("export", "-f", format, "-o", str(tmp_path / "out"),
                              "--no-entities", "--db", str(db))
                          if format == "brat" else
                          cli("export", "-f", format, "-o", str(tmp_path / "out"),
                              "--db", str(db)))
    assert "corrupt database" in line and "'start' should be an integer, not str" in line
    assert db.read_bytes() == before and not (tmp_path / "out").exists()


def test_records_the_program_would_break_are_refused_on_import(
    cli: Run, tmp_path: Path,
) -> None:
    db, export = tmp_path / "db.json", tmp_path / "export.json"
    claim = _stored_claim(db)
    assert cli("export", "-o", str(export), "--db", str(db)).returncode == 0
    data = json.loads(export.read_text())
    data["annotations"][0].update(quote="", article_sha256="another version")
    export.write_text(json.dumps(data))
    line = one_error_line(cli("import", str(export), "--db", str(tmp_path / "other.json")))
    assert "'quote' is empty" in line
    data["annotations"][0].update(quote=claim["quote"], article_sha256=claim["article_sha256"])
    data["links"] = [{"id": "l1", "source": claim["id"], "target": claim["id"],
                      "relation": "same", "created": "2026-01-01T00:00:00+00:00"}]
    export.write_text(json.dumps(data))
    line = one_error_line(cli("import", str(export), "--db", str(tmp_path / "other.json")))
    assert "link 1 (l1): a link needs two different ends" in line


W3C_PROBLEMS = {
    "a motivation that is a list": ({"motivation": [["x"]]}, None),
    "a source that is no IRI": ({"target": {"source": "http://[::1"}}, "is not an IRI"),
}


@pytest.mark.parametrize(("change", "problem"), W3C_PROBLEMS.values(), ids=W3C_PROBLEMS)
def test_a_strange_w3c_file_is_one_line_or_imported(
    cli: Run, tmp_path: Path, change: dict, problem: str | None,
) -> None:
    db, export = tmp_path / "db.json", tmp_path / "export.jsonld"
    _stored_claim(db)
    assert cli("export", "-f", "w3c", "-o", str(export), "--db", str(db)).returncode == 0
    data = json.loads(export.read_text())
    item = data["items"][0] if "items" in data else data["first"]["items"][0]
    if "target" in change:
        item["target"]["source"] = change["target"]["source"]
    else:
        item.update(change)
    export.write_text(json.dumps(data))
    result = cli("import", str(export), "--db", str(tmp_path / "other.json"))
    if problem is None:
        assert result.returncode == 0, result.stderr
    else:
        assert problem in one_error_line(result)


def test_a_broken_undo_history_is_the_corrupt_database_error(tmp_path: Path) -> None:
    from syria_reader.annotations.store.errors import StoreCorruptError

    db = tmp_path / "db.json"
    _stored_claim(db)
    before = _rewrite_record(db, "history", lambda r: r.update(changes="x"))
    book = AnnotationBook(AnnotationStore(db))
    with pytest.raises(StoreCorruptError, match=r"history entry.*'changes' should be a list"):
        book.undo()
    _rewrite_record(db, "history", lambda r: r.update(changes=[
        {"table": "annotations", "before": None, "after": {"id": "x", "start": "0"}}]))
    with pytest.raises(StoreCorruptError, match="change 1: has no 'kind'"):
        book.undo()
    assert json.loads(db.read_text())["annotations"] == json.loads(before)["annotations"]


def test_a_database_keyed_by_other_than_numbers_is_refused(cli: Run, tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    _stored_claim(db)
    data = json.loads(db.read_text())
    data["annotations"] = {"abc": next(iter(data["annotations"].values()))}
    db.write_text(json.dumps(data))
    line = one_error_line(cli("claims", "--db", str(db)))
    assert f"{db}: corrupt database: table 'annotations' keys a record by 'abc'" in line


async def test_articles_with_one_name_get_unique_ids_and_open(
    cli: Run, tmp_path: Path,
) -> None:
    folder = tmp_path / "same names"
    for relative in ("x.txt", "x.md", "a b/x.txt", "a-b/x.txt"):
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_text(f"The text of {relative} about Syria.\n")
    listed = cli("articles", "--json", "--corpus", str(folder))
    ids = [row["id"] for row in json.loads(listed.stdout)["articles"]]
    assert sorted(ids) == ["a-b__x.txt", "a-b__x.txt~2", "x.md", "x.txt"]
    assert listed.stderr.count("another article is also named 'x'") == 4
    app = ReaderApp(load_corpus(folder), store=AnnotationStore(tmp_path / "db.json"),
                    recognise=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a", "down", "enter")  # the list used to crash on two ids 'x'
        assert app.panes[0].article.id == "a-b__x.txt~2"


def test_every_key_id_of_every_screen_and_widget_can_be_configured() -> None:
    # A dialog missing from the reader's list of key owners would have its keys'
    # ids reported as "no key of the reader" when the user rebinds them.
    import importlib
    import pkgutil

    import syria_reader.tui.screens
    import syria_reader.tui.widgets

    declared = set()
    for package in (syria_reader.tui.screens, syria_reader.tui.widgets):
        for module_info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{module_info.name}")
            for owner in vars(module).values():
                if isinstance(owner, type) and owner.__module__ == module.__name__:
                    declared |= {binding.id for binding in getattr(owner, "BINDINGS", [])
                                 if isinstance(binding, Binding) and binding.id}
    assert "links.close" in declared
    assert declared <= ReaderApp(load_corpus(), recognise=False)._binding_ids()
