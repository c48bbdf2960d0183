"""The installed command on the hostile corpus: plain output shows every control
character as a visible stand-in; ``--json`` keeps the exact text, escaped."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from syria_reader.tui.untrusted import visible
from tests import hostile
from tests.conftest import RunResult

Run = Callable[..., RunResult]
PREFIX = "[@click"  # the hostile article's id starts so: a unique prefix


@pytest.fixture
def hostile_cli(cli: Run, tmp_path: Path) -> Run:
    corpus = hostile.make_corpus(tmp_path / "corpus")
    db = tmp_path / "db.json"

    def run(*args: str) -> RunResult:
        result = cli(*args, "--corpus", str(corpus), "--db", str(db))
        assert hostile.controls_in(result.stderr) == [], result.stderr
        if "--json" not in args:
            assert hostile.controls_in(result.stdout) == [], result.stdout
        return result

    return run


def test_articles_lists_titles_and_ids_visibly(hostile_cli: Run) -> None:
    shown = hostile_cli("articles")
    assert shown.returncode == 0, shown.stderr
    assert visible(hostile.FILE_STEM) in shown.stdout
    assert "[@click=app.quit]Read the full report[/]" in shown.stdout
    exact = json.loads(hostile_cli("articles", "--json").stdout)["articles"]
    hostile_row = next(row for row in exact if row["id"] != "plain")
    assert hostile_row["id"] == hostile.FILE_STEM
    assert hostile_row["title"].startswith(hostile.TITLE)
    assert hostile_row["source"] == hostile.SOURCE


def test_sentences_show_the_text_visibly_and_json_keeps_it(hostile_cli: Run) -> None:
    shown = hostile_cli("sentences", PREFIX)
    assert shown.returncode == 0, shown.stderr
    assert visible(hostile.SECOND_SENTENCE) in shown.stdout
    rows = json.loads(hostile_cli("sentences", PREFIX, "--json").stdout)["sentences"]
    assert any(row["text"] == hostile.SECOND_SENTENCE for row in rows)


def test_tag_and_claims_show_labels_and_notes_visibly(hostile_cli: Run) -> None:
    quote = "About 2,000 troops [/] remain"
    tagged = hostile_cli("tag", PREFIX, quote, "--label", "[/]", "--note", hostile.NOTE)
    assert tagged.returncode == 0, tagged.stderr
    assert f"“{quote}”" in tagged.stdout
    listed = hostile_cli("claims")
    assert visible(hostile.NOTE) in listed.stdout and "[/]" in listed.stdout
    claims = json.loads(hostile_cli("claims", "--json").stdout)["claims"]
    assert [claim["note"] for claim in claims] == [hostile.NOTE]
    assert claims[0]["article_id"] == hostile.FILE_STEM


def test_related_shows_the_passages_visibly(hostile_cli: Run) -> None:
    shown = hostile_cli("related", "plain", "About 2,000 US troops remain in Syria")
    assert shown.returncode == 0, shown.stderr
    assert "troops [/] remain in Syria" in shown.stdout


def test_errors_name_what_the_user_typed_visibly(hostile_cli: Run) -> None:
    missing = hostile_cli("sentences", f"no such {hostile.WINDOW_TITLE}")
    assert missing.returncode == 2
    assert visible(hostile.WINDOW_TITLE) in missing.stderr
    assert len(missing.stderr.strip().splitlines()) == 1
    bad = hostile_cli("tag", PREFIX, "About", "--label", f"x{hostile.CLEAR}")
    assert bad.returncode == 2 and visible(hostile.CLEAR) in bad.stderr
