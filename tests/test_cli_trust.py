"""One record a line, whatever other people's text holds: a line break or tab in a file
name, a quote or a note shows as its control picture ("␊", "␉") in the plain outputs,
so a note cannot fake a claim row; ``--json`` keeps the exact text."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import RunResult

Cli = Callable[..., RunResult]

ODD_ID = "odd\nname"  # a file name with a line break in it (legal on Linux and macOS)
QUOTE = "remain\nin Syria"  # a hard-wrapped line of a .txt
FAKE = "FAKE-ID  figure     plain:0-5  “Fake row”"
NOTE = f"real note\n{FAKE}\tend\u2028after"


@pytest.fixture
def run(cli: Cli, tmp_path: Path) -> Cli:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / f"{ODD_ID}.txt").write_text(
        "Odd report\n\nAbout 2,000 US troops remain\nin Syria, officials said.\n",
        encoding="utf-8")
    (corpus / "plain.txt").write_text(
        "Plain report\n\nAbout 500 troops remain in Syria, the Pentagon said.\n",
        encoding="utf-8")
    db = tmp_path / "db.json"

    def command(*args: str) -> RunResult:
        result = cli(*args, "--corpus", str(corpus), "--db", str(db))
        assert "\n" not in result.stderr.rstrip("\n"), result.stderr  # at most one line
        return result

    return command


def _tagged(run: Cli) -> tuple[str, str]:
    odd = run("tag", "odd", QUOTE, "--label", "figure", "--note", NOTE, "--json")
    assert odd.returncode == 0, odd.stderr
    plain = run("tag", "plain", "About 500 troops", "--label", "figure", "--json")
    assert plain.returncode == 0, plain.stderr
    return json.loads(odd.stdout)["id"], json.loads(plain.stdout)["id"]


def test_claims_are_one_line_each_and_json_keeps_the_text(run: Cli) -> None:
    odd_id, _ = _tagged(run)
    shown = run("claims")
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert len(lines) == 2, shown.stdout  # two claims, two lines: no fake row
    assert not any(line.startswith("FAKE-ID") for line in lines)
    odd_line = next(line for line in lines if line.startswith(odd_id))
    assert "odd␊name:" in odd_line and "“remain␊in Syria”" in odd_line
    assert f"— real note␊{FAKE}␉end␊after" in odd_line
    exact = json.loads(run("claims", "--json").stdout)["claims"]
    odd = next(claim for claim in exact if claim["id"] == odd_id)
    assert (odd["note"], odd["quote"], odd["article_id"]) == (NOTE, QUOTE, ODD_ID)


def test_tag_delete_link_and_links_print_one_line_a_record(run: Cli) -> None:
    odd_id, plain_id = _tagged(run)
    linked = run("link", odd_id, plain_id, "--relation", "contradicts")
    assert linked.returncode == 0, linked.stderr
    assert len(linked.stdout.splitlines()) == 1 and "“remain␊in Syria”" in linked.stdout
    links = run("links")
    assert len(links.stdout.splitlines()) == 1, links.stdout
    assert "odd␊name:" in links.stdout
    again = run("tag", "odd", QUOTE, "--label", "figure")  # the same claim, no note
    assert again.returncode == 0 and len(again.stdout.splitlines()) == 1, again.stdout
    deleted = run("delete", odd_id)
    assert deleted.returncode == 0, deleted.stderr
    assert len(deleted.stdout.splitlines()) == 1 and "odd␊name:" in deleted.stdout


def test_articles_and_sentences_keep_a_row_a_line(run: Cli) -> None:
    articles = run("articles")
    assert articles.returncode == 0, articles.stderr
    rows = articles.stdout.splitlines()
    assert len(rows) == 3, articles.stdout  # the header and two articles
    assert any(row.startswith("odd␊name ") for row in rows)
    ids = [row["id"] for row in json.loads(run("articles", "--json").stdout)["articles"]]
    assert ODD_ID in ids
    sentences = run("sentences", "odd")
    assert sentences.returncode == 0, sentences.stderr
    assert all(re.match(r" *\d+ +\d+  \S", line) for line in sentences.stdout.splitlines())


def test_compare_text_keeps_each_passage_on_its_line(run: Cli) -> None:
    odd_id, plain_id = _tagged(run)
    assert run("link", odd_id, plain_id, "--relation", "contradicts").returncode == 0
    shown = run("compare")
    assert shown.returncode == 0, shown.stderr
    assert not any(line.startswith(("FAKE-ID", "in Syria")) for line in
                   shown.stdout.splitlines()), shown.stdout


def test_an_error_naming_a_line_break_is_one_line(run: Cli) -> None:
    missing = run("sentences", "no\nsuch")
    assert missing.returncode == 2
    assert missing.stderr == "syria-reader: error: no article 'no␊such' in " \
        + missing.stderr.split(" in ", 1)[1]
    assert len(missing.stderr.splitlines()) == 1
    wrong = run("articles", "extra\nword")  # argparse quotes it as typed
    assert wrong.returncode == 2 and "unrecognized arguments: extra␊word" in wrong.stderr
