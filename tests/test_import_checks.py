"""``syria-reader import`` keeps to the rules ``tag``, ``link`` and ``labels.toml`` keep:
no duplicate claim or link, no link to nothing, no label that breaks a line. Each case
as a user meets it: two databases, an export, an import."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import RunResult

Run = Callable[..., RunResult]


def ok(result: RunResult) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


def one_error_line(result: RunResult) -> str:
    assert (result.returncode, result.stdout) == (2, ""), (result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


def tag(cli: Run, db: Path, article: str, quote: str, label: str = "figure",
        note: str = "") -> str:
    """The id of the claim ``tag`` made (or found)."""
    return json.loads(ok(cli("tag", article, quote, "--label", label, "--note", note,
                             "--db", str(db), "--json")))["id"]


def link(cli: Run, db: Path, source: str, target: str, relation: str = "same") -> None:
    ok(cli("link", source, target, "--relation", relation, "--db", str(db)))


def claims(cli: Run, db: Path) -> list[dict[str, Any]]:
    return json.loads(ok(cli("claims", "--json", "--db", str(db))))["claims"]


def links(cli: Run, db: Path) -> list[dict[str, Any]]:
    return json.loads(ok(cli("links", "--all", "--json", "--db", str(db))))["links"]


def export(cli: Run, db: Path, path: Path) -> dict[str, Any]:
    ok(cli("export", "-o", str(path), "--db", str(db)))
    return json.loads(path.read_text(encoding="utf-8"))


# -- the same claim or link, made in two databases ----------------------------------------

def test_claims_and_links_made_in_both_databases_are_already_there(
    cli: Run, tmp_path: Path
) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a_figure, b_figure = (tag(cli, db, "002", "roughly 500") for db in (a, b))
    a_event, b_event = (tag(cli, db, "000", "withdrawal", label="event") for db in (a, b))
    link(cli, a, a_figure, a_event)
    link(cli, b, b_event, b_figure)  # the other way round: the same link
    # Only in A: a claim, and a link from a claim B has too (under its own id).
    a_only = tag(cli, a, "001", "Iran", label="policy")
    link(cli, a, a_figure, a_only, "supports")
    path = tmp_path / "a-export.json"
    export(cli, a, path)

    report = ok(cli("import", str(path), "--db", str(b)))
    assert report == "added 2, updated 0, unchanged 0, already there 3\n"
    assert sorted(c["id"] for c in claims(cli, b)) == sorted([b_figure, b_event, a_only])
    ends = {(record["source"], record["target"], record["relation"])
            for record in links(cli, b)}
    # A's link from its copy of the claim now starts at B's own claim.
    assert ends == {(b_event, b_figure, "same"), (b_figure, a_only, "supports")}

    before = b.read_bytes()
    again = ok(cli("import", str(path), "--db", str(b)))
    assert again == "added 0, updated 0, unchanged 2, already there 3\n"
    assert b.read_bytes() == before


def test_a_claim_whose_note_says_more_is_kept(cli: Run, tmp_path: Path) -> None:
    """The same span, label and author, but a note B's claim lacks: dropping it would
    lose the other analyst's words."""
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    tag(cli, a, "002", "roughly 500", note="Dorrian's figure")
    tag(cli, b, "002", "roughly 500")
    path = tmp_path / "a-export.json"
    export(cli, a, path)
    assert ok(cli("import", str(path), "--db", str(b))) == "added 1, updated 0, unchanged 0\n"
    assert sorted(c["note"] for c in claims(cli, b)) == ["", "Dorrian's figure"]


def test_a_link_copied_under_a_new_id_is_not_added_again(cli: Run, tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    figure = tag(cli, db, "002", "roughly 500")
    event = tag(cli, db, "000", "withdrawal", label="event")
    link(cli, db, figure, event, "contradicts")
    path = tmp_path / "export.json"
    document = export(cli, db, path)
    [record] = document["links"]
    copy = {**record, "id": "copied-link", "source": event, "target": figure}
    document["links"] = [copy]
    path.write_text(json.dumps(document), encoding="utf-8")
    assert ok(cli("import", str(path), "--db", str(db))) == (
        "added 0, updated 0, unchanged 2, already there 1\n")
    assert [r["id"] for r in links(cli, db)] == [record["id"]]
    # Another relation between the same two claims is that link changed: not newer,
    # so the store's stands; newer, it takes the file's relation and direction.
    document["links"] = [{**copy, "relation": "updates"}]
    path.write_text(json.dumps(document), encoding="utf-8")
    assert ok(cli("import", str(path), "--db", str(db))) == (
        "added 0, updated 0, unchanged 3\n")
    assert [(r["id"], r["relation"]) for r in links(cli, db)] == [
        (record["id"], "contradicts")]
    document["links"] = [{**copy, "relation": "updates",
                          "modified": "2031-01-01T00:00:00+00:00"}]
    path.write_text(json.dumps(document), encoding="utf-8")
    assert ok(cli("import", str(path), "--db", str(db))) == (
        "added 0, updated 1, unchanged 2\n")
    assert [(r["id"], r["source"], r["relation"], r["target"]) for r in links(cli, db)] == [
        (record["id"], event, "updates", figure)]


def test_another_relation_between_claims_both_databases_have_is_one_link(
    cli: Run, tmp_path: Path,
) -> None:
    """The store links X and Y `contradicts`, the other analyst `same`, later: the one
    link takes the newer relation, never a second link beside it."""
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    b_x, b_y = tag(cli, b, "002", "roughly 500"), tag(cli, b, "000", "withdrawal")
    link(cli, b, b_x, b_y, "contradicts")
    [stored] = links(cli, b)
    a_x, a_y = tag(cli, a, "002", "roughly 500"), tag(cli, a, "000", "withdrawal")
    link(cli, a, a_x, a_y, "same")  # made after B's: the newer
    path = tmp_path / "a-export.json"
    document = export(cli, a, path)
    assert ok(cli("import", str(path), "--db", str(b))) == (
        "added 0, updated 1, unchanged 0, already there 2\n")
    assert [(r["id"], r["source"], r["relation"], r["target"]) for r in links(cli, b)] == [
        (stored["id"], b_x, "same", b_y)]
    again = ok(cli("import", str(path), "--db", str(b)))
    assert again == "added 0, updated 0, unchanged 0, already there 3\n"
    # A directed relation the other way round is the link reversed, when newer.
    [theirs] = document["links"]
    document["links"] = [{**theirs, "source": a_y, "target": a_x, "relation": "updates",
                          "modified": "2031-01-01T00:00:00+00:00"}]
    path.write_text(json.dumps(document), encoding="utf-8")
    ok(cli("import", str(path), "--db", str(b)))
    document["links"][0].update(source=a_x, target=a_y,
                                modified="2032-01-01T00:00:00+00:00")
    path.write_text(json.dumps(document), encoding="utf-8")
    assert ok(cli("import", str(path), "--db", str(b))) == (
        "added 0, updated 1, unchanged 0, already there 2\n")
    assert [(r["id"], r["source"], r["relation"], r["target"]) for r in links(cli, b)] == [
        (stored["id"], b_x, "updates", b_y)]
    # Two links of one file between the same claims are one: the newer stands.
    older = {**theirs, "id": "older", "relation": "supports",
             "created": "2020-01-01T00:00:00+00:00"}
    newer = {**theirs, "id": "newer", "relation": "contradicts",
             "modified": "2033-01-01T00:00:00+00:00"}
    document["links"] = [newer, older]
    path.write_text(json.dumps(document), encoding="utf-8")
    assert ok(cli("import", str(path), "--db", str(b))) == (
        "added 0, updated 1, unchanged 0, already there 3\n")
    assert [(r["id"], r["relation"]) for r in links(cli, b)] == [
        (stored["id"], "contradicts")]


def test_a_link_to_a_claim_found_nowhere_is_refused(cli: Run, tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    figure = tag(cli, db, "002", "roughly 500")
    event = tag(cli, db, "000", "withdrawal", label="event")
    path = tmp_path / "export.json"
    document = export(cli, db, path)
    gone = "0b9e1f5c-0000-4000-8000-000000000000"
    document["links"] = [
        {"id": "fine", "source": figure, "target": event, "relation": "same",
         "score": None, "origin": "confirmed", "created": "2025-01-01T00:00:00+00:00"},
        {"id": "to-nothing", "source": figure, "target": gone, "relation": "supports",
         "score": None, "origin": "confirmed", "created": "2025-01-01T00:00:00+00:00"},
    ]
    path.write_text(json.dumps(document), encoding="utf-8")
    before = db.read_bytes()
    line = one_error_line(cli("import", str(path), "--db", str(db)))
    assert line == (f"syria-reader: error: {path}: link 2 (to-nothing): its target '{gone}' "
                    "is no annotation of the file or the database")
    assert db.read_bytes() == before  # all or nothing: not even the fine link
    assert links(cli, db) == []


# -- labels ------------------------------------------------------------------------------

@pytest.mark.parametrize("label", ["[b]x[/b]\x1b[31m", "two words\tand\nnewline", "x" * 41])
def test_a_label_labels_toml_would_refuse_is_refused(
    cli: Run, tmp_path: Path, label: str
) -> None:
    mine, theirs = tmp_path / "mine.json", tmp_path / "theirs.json"
    tag(cli, mine, "002", "roughly 500")
    tag(cli, theirs, "000", "withdrawal", label="event")
    path = tmp_path / "export.json"
    document = export(cli, theirs, path)
    document["annotations"][0]["label"] = label
    path.write_text(json.dumps(document), encoding="utf-8")
    before = mine.read_bytes()
    line = one_error_line(cli("import", str(path), "--db", str(mine)))
    claim_id = document["annotations"][0]["id"]
    assert line.startswith(f"syria-reader: error: {path}: annotation 1 ({claim_id}): 'label' ")
    assert line.endswith(("holds a control character", "characters long; at most 40"))
    assert mine.read_bytes() == before
    assert [c["label"] for c in claims(cli, mine)] == ["figure"]


def test_a_bad_label_in_a_w3c_file_is_refused(cli: Run, tmp_path: Path) -> None:
    theirs, mine = tmp_path / "theirs.json", tmp_path / "mine.json"
    tag(cli, theirs, "000", "withdrawal", label="event")
    tag(cli, mine, "002", "roughly 500")
    path = tmp_path / "export.jsonld"
    ok(cli("export", "--format", "w3c", "-o", str(path), "--db", str(theirs)))
    text = path.read_text(encoding="utf-8")
    assert text.count('"value": "event"') == 1
    path.write_text(text.replace('"value": "event"', '"value": "event\\nfigure"'),
                    encoding="utf-8")
    before = mine.read_bytes()
    line = one_error_line(cli("import", str(path), "--db", str(mine)))
    assert line.endswith("'label' 'event\\nfigure' holds a control character")
    assert mine.read_bytes() == before


def test_labels_of_another_analyst_are_welcome(cli: Run, tmp_path: Path) -> None:
    """Labels not in this corpus's set come with another analyst's export (README:
    import merges another analyst's export); spaces around one go, as in labels.toml."""
    theirs, mine = tmp_path / "theirs.json", tmp_path / "mine.json"
    tag(cli, theirs, "000", "withdrawal", label="event")
    path = tmp_path / "export.json"
    document = export(cli, theirs, path)
    document["annotations"][0]["label"] = "  troop [b]levels[/b] "
    path.write_text(json.dumps(document), encoding="utf-8")
    assert ok(cli("import", str(path), "--db", str(mine))) == (
        "added 1, updated 0, unchanged 0\n")
    assert [c["label"] for c in claims(cli, mine)] == ["troop [b]levels[/b]"]
