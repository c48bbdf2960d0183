"""The analyst's work is never hidden, silently changed, duplicated or destroyed, and
nothing is written where it must not be. Each case as a user meets it."""

from __future__ import annotations

import json
import os
import shutil
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from syria_reader.annotations.store.book import AnnotationBook
from syria_reader.annotations.store.database import AnnotationStore
from syria_reader.corpus import load_corpus
from syria_reader.tui.app import ReaderApp
from syria_reader.tui.widgets.inspector import Inspector
from tests.conftest import RunResult

Run = Callable[..., RunResult]
DOCK = "The port employs about 400 dock workers, the manager said."


def one_error_line(result: RunResult) -> str:
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def small_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "port.txt").write_text(f"Port report\n\n{DOCK} Ships wait.\n", encoding="utf-8")
    (folder / "city.txt").write_text("City report\n\nAbout 450 dock workers struck.\n",
                                     encoding="utf-8")
    return folder


def data_folder() -> Path:
    return Path(os.environ["XDG_DATA_HOME"]) / "syria-reader" / "db"


# -- hidden after a reinstall, or a move ----------------------------------------------

def test_the_bundled_corpus_keeps_its_annotations_across_installs(cli: Run) -> None:
    """An earlier version named the database after the install path of the bundled
    corpus: another install (or the editable one) found an empty database."""
    tagged = cli("tag", "002", "roughly 500", "--label", "figure", "--json")
    assert tagged.returncode == 0, tagged.stderr
    database = data_folder() / "bundled-corpus.json"
    assert database.is_file()
    earlier = data_folder() / "articles-0123456789.json"  # as the old install named it
    data = json.loads(database.read_text())
    for meta in data["meta"].values():
        meta.pop("corpus")  # an earlier version recorded no corpus
    earlier.write_text(json.dumps(data))
    database.unlink()
    claims = cli("claims", "--json")
    assert claims.returncode == 0, claims.stderr
    assert [c["id"] for c in json.loads(claims.stdout)["claims"]] == [
        json.loads(tagged.stdout)["id"]]
    assert f"were in {earlier}" in claims.stderr and database.is_file()
    assert not earlier.exists()
    again = cli("claims")
    assert "were in" not in again.stderr  # moved once


def test_a_moved_corpus_folder_finds_its_annotations(cli: Run, tmp_path: Path) -> None:
    first = small_corpus(tmp_path / "reports")
    assert cli("tag", "port", "about 400 dock workers", "--label", "figure",
               "--corpus", str(first)).returncode == 0
    moved = tmp_path / "elsewhere" / "reports-2018"
    moved.parent.mkdir()
    shutil.move(first, moved)
    claims = cli("claims", "--corpus", str(moved))
    assert "about 400 dock workers" in claims.stdout
    assert "were in" in claims.stderr


def test_a_database_is_never_taken_from_a_corpus_still_in_its_place(
    cli: Run, tmp_path: Path,
) -> None:
    """Two folders with the same file names are two corpora: neither takes the other's
    annotations (the first version of the lookup swapped them back and forth)."""
    first = small_corpus(tmp_path / "a")
    second = small_corpus(tmp_path / "b")
    (second / "port.txt").write_text("Another port\n\nNothing like it.\n", encoding="utf-8")
    assert cli("tag", "port", "about 400 dock workers", "--label", "figure",
               "--corpus", str(first)).returncode == 0
    other = cli("claims", "--json", "--corpus", str(second))
    assert json.loads(other.stdout)["claims"] == [] and "were in" not in other.stderr
    mine = cli("claims", "--json", "--corpus", str(first))
    assert len(json.loads(mine.stdout)["claims"]) == 1


def test_a_strange_file_in_the_database_folder_is_passed_over(cli: Run) -> None:
    data_folder().mkdir(parents=True)
    (data_folder() / "odd.json").write_text('{"meta": [1], "annotations": {"1": 5}}')
    (data_folder() / "broken.json").write_text("{not json")
    result = cli("claims", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["claims"] == []


def test_paths_names_every_location_and_creates_nothing(cli: Run) -> None:
    shown = cli("paths", "--json")
    assert shown.returncode == 0, shown.stderr
    paths = json.loads(shown.stdout)
    assert set(paths) == {"database", "cache", "config", "state"}
    assert paths["database"]["path"].endswith("bundled-corpus.json")
    assert not paths["database"]["exists"] and not data_folder().exists()
    assert not paths["cache"]["exists"]  # not even the facts cache of the corpus


# -- silently changed ------------------------------------------------------------------

def test_a_claim_whose_text_changed_keeps_what_was_tagged(cli: Run, tmp_path: Path) -> None:
    corpus = small_corpus(tmp_path / "reports")
    tagged = cli("tag", "port", "about 400 dock workers", "--label", "figure", "--json",
                 "--corpus", str(corpus))
    before = json.loads(tagged.stdout)
    port = corpus / "port.txt"
    port.write_text(port.read_text().replace("400", "450"), encoding="utf-8")
    claims = json.loads(cli("claims", "--json", "--corpus", str(corpus)).stdout)["claims"]
    assert len(claims) == 1
    claim = claims[0]
    assert claim["anchor"] == "changed" and claim["orphaned"] is False
    assert claim["original_quote"] == "about 400 dock workers"
    assert claim["quote"] == "about 450 dock workers"
    assert claim["modified"] == before["modified"]  # not the analyst's edit, but flagged
    plain = cli("claims", "--corpus", str(corpus)).stdout
    assert "CHANGED (tagged as “about 400 dock workers”)" in plain
    exported = tmp_path / "export.csv"
    assert cli("export", "-f", "csv", "-o", str(exported), "--corpus", str(corpus)
               ).returncode == 0
    assert ",changed,about 400 dock workers," in exported.read_text(encoding="utf-8-sig")


async def test_the_reader_shows_a_changed_claim_and_a_key_settles_it(tmp_path: Path) -> None:
    from syria_reader.annotations.store.model import new_annotation

    corpus_dir = small_corpus(tmp_path / "reports")
    store = AnnotationStore(tmp_path / "db.json")
    article = load_corpus(corpus_dir).get("port")
    start = article.text.index("about 400")
    AnnotationBook(store).add(new_annotation(article, start, start + 22, label="figure"))
    port = corpus_dir / "port.txt"
    port.write_text(port.read_text().replace("400", "450"), encoding="utf-8")
    app = ReaderApp(load_corpus(corpus_dir), store=store, recognise=False)
    async with app.run_test(size=(160, 45)) as pilot:
        while app.workspace is None:
            await pilot.pause(0.05)
        await pilot.press("right_square_bracket")  # the port report (city comes first)
        view = app.panes[0].view
        view.cursor = view.article.text.index("about 450")
        await pilot.pause()
        line = app.query_one(Inspector).line
        assert "text changed: tagged as “about 400 dock workers”" in line
        assert "now “about 450 dock workers”" in line
        await pilot.press("A")
        await pilot.pause()
        assert [c.anchor for c in view.claims] == ["exact"]
        await pilot.press("u")
        await pilot.pause()
        assert [c.anchor for c in view.claims] == ["changed"]
        await pilot.press("D")
        await pilot.pause()
        assert view.claims == []  # detached: kept, listed as orphaned, not drawn
    kept = AnnotationBook(AnnotationStore(store.path)).annotations()
    assert [(a.anchor, a.quote) for a in kept] == [("orphaned", "about 400 dock workers")]


# -- duplicated --------------------------------------------------------------------------

def test_tagging_and_linking_twice_is_one_claim_and_one_link(cli: Run) -> None:
    first = json.loads(cli("tag", "002", "roughly 500", "--label", "figure", "--json").stdout)
    again = cli("tag", "002", "roughly 500", "--label", "figure")
    assert again.stdout.startswith(first["id"]) and "the same claim" in again.stdout
    other = json.loads(cli("tag", "000", "Planning is underway", "--label", "event",
                           "--json").stdout)
    made = cli("link", first["id"][:8], other["id"][:8], "--relation", "contradicts")
    assert made.returncode == 0, made.stderr
    twice = cli("link", other["id"][:8], first["id"][:8], "--relation", "contradicts")
    assert "the same link" in twice.stdout
    assert len(json.loads(cli("claims", "--json").stdout)["claims"]) == 2
    assert len(json.loads(cli("links", "--json").stdout)["links"]) == 1


# -- no way back ------------------------------------------------------------------------

def test_links_and_claims_can_be_deleted_by_id_prefix(cli: Run) -> None:
    first = json.loads(cli("tag", "002", "roughly 500", "--label", "figure", "--json").stdout)
    other = json.loads(cli("tag", "000", "Planning is underway", "--label", "event",
                           "--json").stdout)
    link = json.loads(cli("link", first["id"], other["id"], "--relation", "same",
                          "--json").stdout)
    unlinked = cli("unlink", link["id"][:6])
    assert unlinked.returncode == 0 and unlinked.stdout.startswith(f"unlinked {link['id']}")
    assert json.loads(cli("links", "--json").stdout)["links"] == []
    deleted = cli("delete", other["id"][:8])
    assert deleted.returncode == 0, deleted.stderr
    assert [c["id"] for c in json.loads(cli("claims", "--json").stdout)["claims"]] == [
        first["id"]]
    assert "no annotation zzz" in one_error_line(cli("delete", "zzz"))


async def test_the_related_list_marks_links_and_takes_them_back(tmp_path: Path) -> None:
    from syria_reader.tui.screens.suggestions_screen import SuggestionsScreen

    store = AnnotationStore(tmp_path / "db.json")
    app = ReaderApp(load_corpus(), store=store, recognise=False)
    async with app.run_test(size=(160, 45)) as pilot:
        while app.workspace is None or app.workspace.related is None:
            await pilot.pause(0.05)
        view = app.panes[0].view
        view.cursor = view.article.text.index("2,000")
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, SuggestionsScreen)
        await pilot.press("enter", "3")  # the first suggestion: contradicts
        await pilot.pause()
        await pilot.press("escape")
        await pilot.press("l")
        await pilot.pause()
        assert app.screen.verdicts == {0: "contradicts"}  # marked when shown again
        await pilot.press("d")
        await pilot.pause()
        assert app.screen.verdicts == {}
        await pilot.press("escape")
    assert [link["relation"] for link in AnnotationBook(AnnotationStore(store.path)).links()
            ] == []


# -- destroyed ---------------------------------------------------------------------------

def test_a_brat_export_never_deletes_a_folder_it_did_not_write(
    cli: Run, tmp_path: Path,
) -> None:
    project = tmp_path / "brat-project"
    project.mkdir()
    (project / "annotation.conf").write_text("[entities]\nMine\n")
    (project / "doc.txt").write_text("someone's text")
    (project / "sub").mkdir()
    result = cli("export", "-f", "brat", "-o", str(project), "--no-entities")
    assert "not empty and no syria-reader export wrote it" in one_error_line(result)
    assert sorted(p.name for p in project.iterdir()) == ["annotation.conf", "doc.txt", "sub"]
    ours = tmp_path / "ours"
    assert cli("export", "-f", "brat", "-o", str(ours), "--no-entities").returncode == 0
    (ours / "my-notes.md").write_text("mine")
    again = cli("export", "-f", "brat", "-o", str(ours), "--no-entities")
    assert again.returncode == 0, again.stderr
    assert "replaced" in again.stderr and (ours / "my-notes.md").read_text() == "mine"


def test_an_export_never_overwrites_the_database_or_a_strangers_file(
    cli: Run, tmp_path: Path,
) -> None:
    db = tmp_path / "db.json"
    assert cli("tag", "002", "roughly 500", "--label", "figure", "--db", str(db)
               ).returncode == 0
    before = db.read_bytes()
    for target in (db, Path(str(db) + ".lock")):
        line = one_error_line(cli("export", "-o", str(target), "--db", str(db)))
        assert "it is the annotation database" in line
    assert db.read_bytes() == before
    stranger = tmp_path / "report.csv"
    stranger.write_text("my own spreadsheet\n")
    line = one_error_line(cli("export", "-f", "csv", "-o", str(stranger), "--db", str(db)))
    assert "exists and is no csv export" in line and stranger.read_text() == "my own spreadsheet\n"
    mine = tmp_path / "mine.csv"
    assert cli("export", "-f", "csv", "-o", str(mine), "--db", str(db)).returncode == 0
    assert cli("export", "-f", "csv", "-o", str(mine), "--db", str(db)).returncode == 0


# -- written where it must not be -----------------------------------------------------

def test_a_read_only_database_is_never_written(cli: Run, tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    assert cli("tag", "002", "roughly 500", "--label", "figure", "--db", str(db)
               ).returncode == 0
    db.chmod(0o444)
    before = db.read_bytes()
    line = one_error_line(cli("tag", "000", "Planning is underway", "--label", "event",
                              "--db", str(db)))
    assert "read-only: nothing was written" in line
    assert db.read_bytes() == before and stat.S_IMODE(db.stat().st_mode) == 0o444
    assert cli("claims", "--db", str(db)).returncode == 0  # still readable


def test_a_database_that_is_a_symlink_is_written_through(cli: Run, tmp_path: Path) -> None:
    target = tmp_path / "real" / "annotations.json"
    target.parent.mkdir()
    link = tmp_path / "db.json"
    link.symlink_to(target)
    assert cli("tag", "002", "roughly 500", "--label", "figure", "--db", str(link)
               ).returncode == 0
    assert link.is_symlink() and target.is_file()
    assert "roughly 500" in target.read_text()


def test_a_fifo_or_device_is_refused_at_once(cli: Run, tmp_path: Path) -> None:
    fifo = tmp_path / "db.fifo"
    os.mkfifo(fifo)
    assert "is a FIFO (named pipe), not a database file" in one_error_line(
        cli("claims", "--db", str(fifo)))
    assert "is a device, not a database file" in one_error_line(
        cli("tag", "002", "roughly 500", "--label", "figure", "--db", "/dev/null"))


def test_a_read_command_creates_no_database(cli: Run, tmp_path: Path) -> None:
    missing = tmp_path / "no" / "such" / "db.json"
    for command in (["claims"], ["links"], ["correct", "list"],
                    ["export", "-o", str(tmp_path / "x.json")]):
        result = cli(*command, "--db", str(missing))
        assert result.returncode == 0, (command, result.stderr)
    assert not (tmp_path / "no").exists()
    assert json.loads((tmp_path / "x.json").read_text())["annotations"] == []


# -- the export dialog ----------------------------------------------------------------

async def test_the_export_dialog_twice_writes_each_format_under_its_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from syria_reader.tui.screens.export_screen import ExportScreen

    monkeypatch.chdir(tmp_path)
    app = ReaderApp(load_corpus(), store=AnnotationStore(tmp_path / "db.json"),
                    recognise=False)
    async with app.run_test(size=(120, 40)) as pilot:
        while app.workspace is None:
            await pilot.pause(0.05)
        for number, name in (("3", "first.csv"), ("2", "second.jsonl")):
            await pilot.press("x")
            await pilot.pause()
            assert isinstance(app.screen, ExportScreen)
            await pilot.press(number)
            field = app.screen.query_one("#export-path")
            field.value = ""  # type: ignore[attr-defined]
            await pilot.press(*name, "enter")
            for _ in range(50):
                if (tmp_path / name).exists():
                    break
                await pilot.pause(0.05)
            await pilot.press("escape")
    assert (tmp_path / "first.csv").read_text(encoding="utf-8-sig").startswith("id,")
    first_line = (tmp_path / "second.jsonl").read_text().splitlines()
    assert first_line == [] or json.loads(first_line[0])
    assert not list(tmp_path.glob("syria-reader-export-*"))  # nothing under another name


# -- what an independent review found -------------------------------------------------

def _two_windows(tmp_path: Path) -> tuple[object, object, object]:
    from syria_reader.annotations.workspace import Workspace

    corpus = load_corpus()
    first = Workspace.open(corpus, tmp_path / "db.json", "window-1")
    second = Workspace.open(corpus, tmp_path / "db.json", "window-2")
    first.load()
    claim, _ = first.tag(corpus.get("002"), 0, 3, "figure")
    second.load()
    return first, second, claim


def test_an_edit_keeps_what_another_window_changed_since(tmp_path: Path) -> None:
    first, second, claim = _two_windows(tmp_path)
    second.relabel(second.annotation(claim.id), "prediction")
    first.set_note(claim, "from the first window")  # its copy still says figure
    stored = AnnotationBook(AnnotationStore(tmp_path / "db.json")).annotation(claim.id)
    assert (stored.label, stored.note) == ("prediction", "from the first window")


def test_redo_never_throws_away_another_windows_undo(tmp_path: Path) -> None:
    from syria_reader.annotations.store.book import UndoRefusedError

    first, second, claim = _two_windows(tmp_path)
    first.relabel(claim, "event")
    second.refresh()
    second.set_note(second.annotation(claim.id), "a note")
    second.undo()
    first.refresh()
    assert first.undo() is not None  # the note was taken back: the relabel is on top
    with pytest.raises(UndoRefusedError):
        second.redo()  # would bring back the note on a state the first window undid
    stored = AnnotationBook(AnnotationStore(tmp_path / "db.json")).annotation(claim.id)
    assert (stored.label, stored.note) == ("figure", "")


def test_undo_never_throws_away_an_import(cli: Run, tmp_path: Path) -> None:
    from syria_reader.annotations.store.book import UndoRefusedError

    first, _, claim = _two_windows(tmp_path)
    first.relabel(claim, "event")
    export = tmp_path / "theirs.json"
    data = json.loads(first.export("json", export).read_text())
    record = data["annotations"][0]
    record.update(note="their note", modified="2099-01-01T00:00:00.000+00:00")
    export.write_text(json.dumps(data))
    assert cli("import", str(export), "--db", str(tmp_path / "db.json")).returncode == 0
    first.refresh()
    with pytest.raises(UndoRefusedError):
        first.undo()
    stored = AnnotationBook(AnnotationStore(tmp_path / "db.json")).annotation(claim.id)
    assert stored.note == "their note"


def test_a_database_moved_away_under_an_open_window_is_not_rewritten_empty(
    tmp_path: Path,
) -> None:
    from syria_reader.annotations.store.errors import StoreError

    first, _, claim = _two_windows(tmp_path)
    (tmp_path / "db.json").rename(tmp_path / "elsewhere.json")
    with pytest.raises(StoreError, match="is gone"):
        first.refresh()
    with pytest.raises(StoreError, match="is gone"):
        first.relabel(claim, "event")
    assert not (tmp_path / "db.json").exists()


def test_a_jsonl_target_must_be_an_export_all_through(cli: Run, tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("\nmy notes\n")
    assert "is no jsonl export" in one_error_line(
        cli("export", "-f", "jsonl", "-o", str(notes), "--db", str(tmp_path / "db.json")))
    assert notes.read_text() == "\nmy notes\n"


def test_a_brat_folder_changed_since_its_export_is_left_as_it_is(
    cli: Run, tmp_path: Path,
) -> None:
    ours = tmp_path / "ours"
    assert cli("tag", "002", "roughly 500", "--label", "figure").returncode == 0
    assert cli("export", "-f", "brat", "-o", str(ours), "--no-entities").returncode == 0
    edited = ours / "000_6437c01467f5b919.ann"
    edited.write_text("my edit\n")
    (ours / "001_bbe71e4facf1fbc5.txt").unlink()
    (ours / "001_bbe71e4facf1fbc5.txt").mkdir()  # a folder now, where a file was written
    outside = tmp_path / "outside.txt"
    outside.write_text("not ours")
    (ours / ".syria-reader-export").rename(tmp_path / "manifest")
    (ours / ".syria-reader-export").symlink_to(outside)
    refused = cli("export", "-f", "brat", "-o", str(ours), "--no-entities")
    assert refused.returncode == 2
    assert "no export wrote it" in refused.stderr.strip().splitlines()[-1]
    assert edited.read_text() == "my edit\n" and outside.read_text() == "not ours"


def test_a_file_an_export_wrote_that_became_a_folder_stops_the_next(
    cli: Run, tmp_path: Path,
) -> None:
    ours = tmp_path / "ours"
    assert cli("export", "-f", "brat", "-o", str(ours), "--no-entities").returncode == 0
    edited = ours / "000_6437c01467f5b919.ann"
    edited.write_text("my edit\n")
    (ours / "001_bbe71e4facf1fbc5.txt").unlink()
    (ours / "001_bbe71e4facf1fbc5.txt").mkdir()
    refused = cli("export", "-f", "brat", "-o", str(ours), "--no-entities")
    assert refused.returncode == 2 and "nothing was written" in refused.stderr
    assert edited.read_text() == "my edit\n"  # not replaced before the stop


def test_a_new_change_ends_the_redo_of_entries_older_than_sessions(tmp_path: Path) -> None:
    book = AnnotationBook(AnnotationStore(tmp_path / "db.json"), "window-1")
    article = load_corpus().get("002")
    from syria_reader.annotations.store.model import new_annotation

    claim = book.add(new_annotation(article, 0, 3, label="event"))
    book.edit(claim.id, label="policy")
    data = json.loads((tmp_path / "db.json").read_text())
    for entry in data["history"].values():
        entry.pop("session")  # as a version before sessions wrote them
    (tmp_path / "db.json").write_text(json.dumps(data))
    book = AnnotationBook(AnnotationStore(tmp_path / "db.json"), "window-1")
    book.undo()  # back to event
    book.edit(claim.id, note="new branch")
    assert book.redo() is None  # the old "policy" can no longer come back
    assert book.annotation(claim.id).label == "event"


async def test_the_reader_says_when_it_moved_the_database(cli: Run, tmp_path: Path) -> None:
    """The reader found the database once to claim its session there (moving it) and
    again to open it, where it no longer was under its earlier name: no notice."""
    from syria_reader.corpus import load_corpus
    from syria_reader.tui.app import ReaderApp

    first = small_corpus(tmp_path / "reports")
    assert cli("tag", "port", "about 400 dock workers", "--label", "figure",
               "--corpus", str(first)).returncode == 0
    moved = tmp_path / "elsewhere" / "reports-2018"
    moved.parent.mkdir()
    shutil.move(first, moved)
    app = ReaderApp(load_corpus(moved), recognise=False)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        while app.workspace is None:
            await pilot.pause(0.02)
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("were in" in m for m in messages), messages
        assert [c.quote for c in app.workspace.claims()] == ["about 400 dock workers"]


@pytest.mark.parametrize("format", ["json", "jsonl", "csv", "w3c"])
def test_each_file_format_replaces_its_own_export_and_no_other_file(
    format: str, tmp_path: Path,
) -> None:
    from syria_reader.annotations.formats import spec
    from syria_reader.annotations.formats.export import ExportError
    from syria_reader.annotations.workspace import Workspace
    from syria_reader.corpus import load_corpus

    workspace = Workspace.open(load_corpus(), tmp_path / "db.json")
    mine = tmp_path / f"mine{spec(format).extension}"
    workspace.export(format, mine)
    assert spec(format).wrote(mine)
    workspace.export(format, mine)  # again: our own export is replaced
    for stranger in (b'{"mine": true}\n', b"name,score\r\nme,1\r\n", b"a diary\n"):
        path = tmp_path / f"stranger{spec(format).extension}"
        path.write_bytes(stranger)
        with pytest.raises(ExportError, match=f"is no {format} export"):
            workspace.export(format, path)
        assert path.read_bytes() == stranger


@pytest.mark.parametrize("format", ["json", "jsonl", "csv", "w3c", "prodigy", "labelstudio"])
def test_an_export_edited_by_hand_is_never_replaced(
    cli: Run, tmp_path: Path, format: str,
) -> None:
    # Shaped like ours, but the analyst's work since: an export replaces only a file
    # that is still byte for byte what an export wrote.
    assert cli("tag", "002", "roughly 500", "--label", "figure").returncode == 0
    target = tmp_path / f"export.{format}"
    assert cli("export", "-f", format, "-o", str(target)).returncode == 0
    assert cli("export", "-f", format, "-o", str(target)).returncode == 0  # unchanged: ours
    edited = target.read_bytes() + b"\n"  # a line added by hand, the shape still ours
    target.write_bytes(edited)
    refused = cli("export", "-f", format, "-o", str(target))
    assert refused.returncode == 2
    assert "changed since syria-reader exported it" in one_error_line(refused)
    assert target.read_bytes() == edited


def test_a_brat_annotation_corrected_by_hand_stops_the_next_export(
    cli: Run, tmp_path: Path,
) -> None:
    ours = tmp_path / "ours"
    assert cli("tag", "002", "roughly 500", "--label", "figure").returncode == 0
    assert cli("export", "-f", "brat", "-o", str(ours), "--no-entities").returncode == 0
    corrected = next(ours.glob("002*.ann"))
    with corrected.open("a", encoding="utf-8") as stream:
        stream.write("T9\tfigure 0 3\tThe\n")  # a correction made in brat
    mine = corrected.read_text(encoding="utf-8")
    refused = cli("export", "-f", "brat", "-o", str(ours), "--no-entities")
    assert refused.returncode == 2
    assert "changed since syria-reader exported it" in refused.stderr.strip().splitlines()[-1]
    assert corrected.read_text(encoding="utf-8") == mine


def test_a_report_with_notes_added_is_never_replaced(cli: Run, tmp_path: Path) -> None:
    report = tmp_path / "report.md"
    assert cli("compare", "--format", "md", "-o", str(report)).returncode == 0
    with report.open("a", encoding="utf-8") as stream:
        stream.write("\nMy reading of it.\n")
    mine = report.read_text(encoding="utf-8")
    refused = cli("compare", "--format", "md", "-o", str(report))
    assert refused.returncode == 2 and "changed since syria-reader wrote it" in refused.stderr
    assert report.read_text(encoding="utf-8") == mine


def test_a_file_taking_an_articles_name_keeps_its_claims_with_their_text(
    cli: Run, tmp_path: Path,
) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text("Alpha report text. Troops in Syria.\n", encoding="utf-8")
    db = str(tmp_path / "db.json")
    tagged = cli("tag", "a", "Troops in Syria", "--label", "figure",
                 "--corpus", str(folder), "--db", db)
    assert tagged.returncode == 0, tagged.stderr
    (folder / "a.md").write_text("# Other\n\nBeta text.\n", encoding="utf-8")  # "a" taken
    claims = cli("claims", "--corpus", str(folder), "--db", db)
    assert claims.returncode == 0 and "a.txt:19-34" in claims.stdout, claims.stdout
    assert "went with its text to 'a.txt'" in claims.stderr
    again = cli("tag", "a.txt", "Troops in Syria", "--label", "figure",
                "--corpus", str(folder), "--db", db)
    assert "tagged already" in again.stdout + again.stderr  # the same claim, not a second
