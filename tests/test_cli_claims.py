"""``syria-reader tag`` and ``claims`` as a script would call them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.conftest import RunResult

Cli = Callable[..., RunResult]


def test_tag_then_list(cli: Cli, tmp_path: Path) -> None:
    db = str(tmp_path / "db.json")
    result = cli("tag", "002", "roughly 500", "--label", "figure", "--note", "Dorrian",
                 "--db", db, "--json")
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["quote"] == "roughly 500" and record["label"] == "figure"
    assert record["article_id"] == "002_802f6b2f44435b78" and len(record["id"]) == 36
    listed = json.loads(cli("claims", "--json", "--db", db).stdout)["claims"]
    assert [c["id"] for c in listed] == [record["id"]]
    plain = cli("claims", "--db", db).stdout
    assert "“roughly 500”" in plain and "Dorrian" in plain


def test_occurrence_picks_a_repeated_quote(cli: Cli, tmp_path: Path) -> None:
    db = str(tmp_path / "db.json")
    first = json.loads(cli("tag", "002", "U.S.", "--label", "event", "--db", db,
                           "--json").stdout)
    second = json.loads(cli("tag", "002", "U.S.", "--label", "event", "--occurrence", "2",
                            "--db", db, "--json").stdout)
    assert second["start"] > first["start"]


def test_tag_errors(cli: Cli, tmp_path: Path) -> None:
    db = str(tmp_path / "db.json")
    for args, message in (
        (("002", "not there", "--label", "figure"), "is not in 002_802f6b2f44435b78"),
        (("002", "roughly 500", "--label", "gossip"), "unknown label 'gossip'"),
        (("9", "x", "--label", "figure"), "no article '9'"),
    ):
        result = cli("tag", *args, "--db", db)
        assert result.returncode == 2 and len(result.stderr.splitlines()) == 1, result.stderr
        assert message in result.stderr


def test_a_corrupt_database_is_refused_and_kept(cli: Cli, tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    db.write_text('{"meta": {"1": {"app": "syria-rea')
    result = cli("claims", "--db", str(db))
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"syria-reader: error: {db}: corrupt or truncated database "
        "(invalid JSON at line 1, column 34)"
    )
    assert db.read_text() == '{"meta": {"1": {"app": "syria-rea'
    reader = cli("--db", str(db))
    assert reader.returncode == 2 and "corrupt or truncated" in reader.stderr


def test_occurrence_zero_is_a_clear_error(cli: Cli, tmp_path: Path) -> None:
    result = cli("tag", "002", "U.S.", "--label", "event", "--occurrence", "0",
                 "--db", str(tmp_path / "db.json"))
    assert result.returncode == 2
    assert result.stderr.strip().endswith("occurrence 0: the first occurrence is 1")


def test_claims_lists_the_stand_alone_notes_too(cli: Cli, tmp_path: Path) -> None:
    """A note on a passage (the reader's n) is listed as the reader's C lists it."""
    from syria_reader.annotations.store.database import AnnotationStore
    from syria_reader.annotations.workspace import Workspace
    from syria_reader.corpus import load_corpus

    db = tmp_path / "db.json"
    corpus = load_corpus()
    article = corpus.get("002")
    start = article.text.index("roughly 500")
    workspace = Workspace(corpus, AnnotationStore(db))
    workspace.load()
    workspace.add_note(article, start, start + len("roughly 500"), "check the count")
    cli("tag", "002", "U.S.", "--label", "event", "--db", str(db))
    listed = json.loads(cli("claims", "--json", "--db", str(db)).stdout)["claims"]
    assert sorted((c["kind"], c["quote"]) for c in listed) == [
        ("claim", "U.S."), ("note", "roughly 500")]
    plain = cli("claims", "--db", str(db)).stdout
    assert "(note)" in plain and "“roughly 500”  — check the count" in plain


def test_tagging_again_with_another_note_keeps_the_note_and_says_so(
    cli: Cli, tmp_path: Path
) -> None:
    """The claim stands; the note typed is not thrown away without a word: one line on
    stderr naming the claim and the note it keeps, exit 2, nothing changed."""
    db = str(tmp_path / "db.json")
    first = json.loads(cli("tag", "002", "roughly 500", "--label", "figure", "--note",
                           "Dorrian", "--db", db, "--json").stdout)
    saved = (tmp_path / "db.json").read_bytes()
    other = cli("tag", "002", "roughly 500", "--label", "figure", "--note", "a new note",
                "--db", db)
    assert other.returncode == 2 and other.stdout == ""
    assert other.stderr.splitlines() == [
        f"syria-reader: error: claim {first['id']} is tagged already with this label and "
        "keeps its note “Dorrian”; the new note was not saved: change a claim's note in "
        "the reader (n on the claim)"]
    assert (tmp_path / "db.json").read_bytes() == saved
    listed = json.loads(cli("claims", "--json", "--db", db).stdout)["claims"]
    assert [c["note"] for c in listed] == ["Dorrian"]
    for same in (("--note", "Dorrian"), ()):  # its own note, or none: the same claim
        again = cli("tag", "002", "roughly 500", "--label", "figure", *same, "--db", db)
        assert again.returncode == 0 and again.stderr == ""
        assert "(tagged already: the same claim)" in again.stdout
    bare = cli("tag", "002", "U.S.", "--label", "event", "--db", db)
    assert bare.returncode == 0
    noted = cli("tag", "002", "U.S.", "--label", "event", "--note", "x", "--db", db)
    assert noted.returncode == 2 and "has no note; the new note was not saved" in noted.stderr
    assert "exits 2" in cli("tag", "--help").stdout
