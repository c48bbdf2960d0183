"""``syria-reader related``, ``link`` and ``links`` as a script would call them."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from syria_reader.corpus import load_corpus
from syria_reader.tui.cli.linking import find_quote
from tests.conftest import RunResult

Cli = Callable[..., RunResult]
TROOPS_000 = "The US has about 2,000 troops on the ground in the country"
DORRIAN_002 = "the U.S. has only a small number of troops in Syria, roughly 500"
KEYS = {"article", "start", "end", "text", "score", "reasons", "relation", "weak"}


pytestmark = pytest.mark.usefixtures("cached")


def related(cli: Cli, *args: str) -> list[dict[str, object]]:
    result = cli("related", *args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["results"]


def one_error_line(result: RunResult) -> str:
    assert result.returncode == 2, result.stdout
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


def test_related_json_ranks_the_counterpart_with_its_reasons(cli: Cli) -> None:
    results = related(cli, "000", TROOPS_000)
    assert 1 <= len(results) <= 5
    assert all(set(row) == KEYS for row in results)
    assert all(not str(row["article"]).startswith("000") for row in results)
    scores = [float(row["score"]) for row in results]  # type: ignore[arg-type]
    assert scores == sorted(scores, reverse=True) and all(0 < s <= 1 for s in scores)
    dorrian = next(row for row in results if DORRIAN_002 in str(row["text"]))
    text = load_corpus().get("002").text
    assert text[int(dorrian["start"]) : int(dorrian["end"])] == dorrian["text"]  # type: ignore[call-overload]
    assert "numbers differ: 2,000 vs 500 (troops)" in dorrian["reasons"]  # type: ignore[operator]


def test_related_plain_output(cli: Cli) -> None:
    result = cli("related", "002", DORRIAN_002, "--limit", "3")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("1. ") and "000_6437c01467f5b919:" in result.stdout
    assert sum(1 for line in lines if line[:2] in {"1.", "2.", "3."}) == 3
    assert "numbers differ: 500 vs 2,000 (troops)" in result.stdout


def test_related_free_text_in_one_article_and_limit(cli: Cli) -> None:
    query = "Our only mission to defeat ISIS, we're not involved in the civil war"
    results = related(cli, "001", query, "--in", "003", "--limit", "2")
    assert len(results) == 2
    assert {row["article"] for row in results} == {"003_0b3e4987bd99488f"}
    assert any("mission in Syria is to defeat ISIS" in str(row["text"]) for row in results)


def test_quotes_match_whatever_the_quotation_marks() -> None:
    article = load_corpus().get("002")
    typed = "Our only mission to defeat ISIS, we're not involved in the civil war"
    span = find_quote(article, typed)
    assert span is not None
    assert article.text[span[0] : span[1]] == typed.replace("'", "’")
    assert find_quote(article, "not in this article at all") is None


def test_link_then_links_round_trip(cli: Cli, tmp_path: Path) -> None:
    db = str(tmp_path / "db.json")
    ids = []
    for article, quote in (("000", "about 2,000 troops"), ("002", "roughly 500")):
        tagged = cli("tag", article, quote, "--label", "figure", "--db", db, "--json")
        assert tagged.returncode == 0, tagged.stderr
        ids.append(json.loads(tagged.stdout)["id"])
    made = cli("link", ids[0], ids[1], "--relation", "contradicts", "--db", db, "--json")
    assert made.returncode == 0, made.stderr
    record = json.loads(made.stdout)
    assert (record["source"], record["target"]) == (ids[0], ids[1])
    assert record["relation"] == "contradicts" and record["origin"] == "confirmed"
    listed = json.loads(cli("links", "--json", "--db", db).stdout)["links"]
    assert listed == [record]
    plain = cli("links", "--db", db).stdout
    assert "contradicts" in plain and "“about 2,000 troops”" in plain and "“roughly 500”" in plain
    # The claims are candidates of "related" now: the claim, not its sentence.
    results = related(cli, "000", TROOPS_000, "--db", db)
    assert any(row["text"] == "roughly 500" for row in results)


def test_errors_are_one_line_and_exit_2(cli: Cli, tmp_path: Path) -> None:
    db = str(tmp_path / "db.json")
    assert "no annotation nope" in one_error_line(
        cli("link", "nope", "other", "--relation", "same", "--db", db))
    assert "invalid choice: 'causes'" in one_error_line(
        cli("link", "a", "b", "--relation", "causes", "--db", db))
    assert "required: --relation" in one_error_line(cli("link", "a", "b", "--db", db))
    assert "no article 'zzz'" in one_error_line(cli("related", "zzz", "troops"))
    assert "no article 'zzz'" in one_error_line(cli("related", "000", "troops", "--in", "zzz"))
    assert "must be at least 1" in one_error_line(cli("related", "000", "x", "--limit", "0"))


def _parser() -> argparse.ArgumentParser:
    from syria_reader.tui.cli import build_parser

    return build_parser()


def test_register_adds_the_three_commands() -> None:
    parser = _parser()
    args = parser.parse_args(["related", "000", "quote", "--in", "002", "--limit", "3",
                              "--db", "x.json"])
    assert (args.article, args.quote, args.in_article, args.limit, args.db) == (
        "000", "quote", "002", 3, "x.json")
    assert parser.parse_args(["link", "a", "b", "--relation", "updates"]).relation == "updates"
    assert parser.parse_args(["links", "--json"]).json is True
    assert {args.handler.__name__ for args in (
        parser.parse_args(["related", "0", "q"]), parser.parse_args(["link", "a", "b",
                                                                      "--relation", "same"]),
        parser.parse_args(["links"]))} == {"cmd_related", "cmd_link", "cmd_links"}


def test_headless_commands_import_neither_textual_nor_spacy(tmp_path: Path) -> None:
    probe = (
        "import io, sys, contextlib\n"
        "from tests.test_cli_related import _parser\n"
        f"db = {str(tmp_path / 'db.json')!r}\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    for argv in (['related', '000', 'about 2,000 troops', '--json', '--db', db],\n"
        "                 ['links', '--json', '--db', db]):\n"
        "        args = _parser().parse_args(argv)\n"
        "        assert args.handler(args) == 0\n"
        "heavy = [m for m in ('textual', 'spacy', 'thinc') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            cwd=Path(__file__).resolve().parent.parent)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
