"""``syria-reader entities`` and ``correct``, run as a user runs them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from syria_reader.corpus import load_corpus
from tests.conftest import RunResult

Cli = Callable[..., RunResult]


def clusters(cli: Cli, *args: str) -> list[dict]:
    result = cli("entities", "--json", *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["clusters"]


def cluster_with(found: list[dict], text: str) -> dict:
    return next(c for c in found if any(m["text"] == text for m in c["mentions"]))


def test_entities_json_shape_and_offsets(cli: Cli, cached: None) -> None:
    found = clusters(cli)
    corpus = load_corpus()
    assert found and set(found[0]) == {"id", "name", "type", "mentions"}
    for cluster in found:
        for mention in cluster["mentions"]:
            text = corpus.get(mention["article"]).text
            assert text[mention["start"] : mention["end"]] == mention["text"]


def test_public_examples(cli: Cli, cached: None) -> None:
    found = clusters(cli)
    jeffery = cluster_with(found, "James Jeffery")
    assert "Jeffrey" in {m["text"] for m in jeffery["mentions"]}
    netanyahu = cluster_with(found, "Benyamin Netanyahu")
    assert {"Binyamin Netanyahu", "Netanyahu"} <= {m["text"] for m in netanyahu["mentions"]}
    sdf = cluster_with(found, "Syrian Democratic Forces")
    assert "SDF" in {m["text"] for m in sdf["mentions"]}
    trump = cluster_with(found, "Donald Trump")
    assert trump["type"] == "PERSON" and "Trump" in {m["text"] for m in trump["mentions"]}
    assert cluster_with(found, "Iran") is not cluster_with(found, "Iraq")
    assert cluster_with(found, "John Kelly") is not cluster_with(found, "John Bolton")
    assert cluster_with(found, "Syria") is not sdf


def test_a_warm_cache_means_no_recognition(cli: Cli, cached: None) -> None:
    result = cli("entities")
    assert result.returncode == 0
    assert "recognising" not in result.stderr
    assert result.stdout.splitlines()[0].split()[:4] == ["ID", "TYPE", "MENTIONS", "ARTICLES"]


def test_a_cold_cache_reports_progress(cli: Cli) -> None:
    result = cli("entities", "--json")
    assert result.returncode == 0, result.stderr
    assert "recognising entities: 5/5 articles" in result.stderr
    assert json.loads(result.stdout)["clusters"]


def test_corrections_are_stored_and_applied_on_every_load(
    cli: Cli, cached: None, tmp_path: Path
) -> None:
    db = str(tmp_path / "db.json")
    assert cli("correct", "merge", "Iran", "Iraq", "--db", db).returncode == 0
    merged = cluster_with(clusters(cli, "--db", db), "Iran")
    assert "Iraq" in {m["text"] for m in merged["mentions"]}

    assert cli("correct", "retype", "CNN", "PERSON", "--db", db).returncode == 0
    assert cluster_with(clusters(cli, "--db", db), "CNN")["type"] == "PERSON"

    assert cli("correct", "split", "004", "Netanyahu", "--occurrence", "2",
               "--db", db).returncode == 0
    found = clusters(cli, "--db", db)
    netanyahu = cluster_with(found, "Benyamin Netanyahu")
    assert len([m for m in netanyahu["mentions"] if m["text"] == "Netanyahu"]) == 0

    assert cli("correct", "remove", "000", "Hajin", "--db", db).returncode == 0
    assert not any(m["text"] == "Hajin" for c in clusters(cli, "--db", db)
                   for m in c["mentions"])

    listing = json.loads(cli("correct", "list", "--json", "--db", db).stdout)["corrections"]
    assert [c["kind"] for c in listing] == ["merge", "retype", "split", "remove"]
    assert cli("correct", "delete", listing[0]["id"], "--db", db).returncode == 0
    assert cluster_with(clusters(cli, "--db", db), "Iran") is not None
    assert "Iraq" not in {m["text"] for m in cluster_with(clusters(cli, "--db", db),
                                                          "Iran")["mentions"]}


def test_a_merged_entity_takes_the_fullest_name(
    cli: Cli, cached: None, tmp_path: Path
) -> None:
    db = str(tmp_path / "db.json")
    assert cli("correct", "merge", "Post", "Washington Post", "--db", db).returncode == 0
    merged = cluster_with(clusters(cli, "--db", db), "Post")
    assert {m["text"] for m in merged["mentions"]} >= {"Post", "The Washington Post"}
    assert merged["name"] == "Washington Post"


def test_rename_gives_an_entity_the_name_chosen(
    cli: Cli, cached: None, tmp_path: Path
) -> None:
    db = str(tmp_path / "db.json")
    result = cli("correct", "rename", "Post", "The  Washington\tPost", "--db", db)
    assert result.returncode == 0, result.stderr
    renamed = cluster_with(clusters(cli, "--db", db), "Post")
    assert renamed["name"] == "The Washington Post"  # its spaces made one
    listing = cli("correct", "list", "--db", db).stdout
    assert "rename to “The Washington Post”" in listing
    record = json.loads(cli("correct", "list", "--json", "--db", db).stdout)["corrections"][0]
    assert (record["kind"], record["name"]) == ("rename", "The Washington Post")
    assert "empty" in cli("correct", "rename", "Post", "  ", "--db", db).stderr
    assert "rename" in cli("correct", "--help").stdout
    exported, other_db = tmp_path / "export.json", str(tmp_path / "other.json")
    assert cli("export", "--format", "json", "-o", str(exported), "--db", db).returncode == 0
    assert cli("import", str(exported), "--db", other_db).returncode == 0
    assert cluster_with(clusters(cli, "--db", other_db), "Post")["name"] == (
        "The Washington Post")  # kept through an export and an import


def test_add_a_missed_mention(cli: Cli, cached: None, tmp_path: Path) -> None:
    db = str(tmp_path / "db.json")
    result = cli("correct", "add", "000", "terror group", "ORG", "--db", db)
    assert result.returncode == 0, result.stderr
    found = clusters(cli, "--db", db)
    added = cluster_with(found, "terror group")
    assert added["type"] == "ORG"
    assert len(added["mentions"]) >= 2  # the ruler finds its other occurrences too


def test_correction_errors_are_one_line(cli: Cli, cached: None, tmp_path: Path) -> None:
    db = str(tmp_path / "db.json")
    for args, message in (
        (("merge", "Atlantis", "Iran"), "no entity 'Atlantis'"),
        (("add", "000", "not in the text", "ORG"), "is not in 000_6437c01467f5b919"),
        (("retype", "CNN", "ANIMAL"), "unknown type 'ANIMAL'"),
        (("remove", "000", "Planning"), "no entity mention at"),
    ):
        result = cli("correct", *args, "--db", db)
        assert result.returncode == 2
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert message in result.stderr


def test_merging_an_entity_with_itself_is_refused(cli: Cli, cached: None, tmp_path: Path) -> None:
    result = cli("correct", "merge", "Syria", "Syria", "--db", str(tmp_path / "db.json"))
    assert result.returncode == 2
    assert "one entity already" in result.stderr
