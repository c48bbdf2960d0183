"""Where the reports agree and disagree, as a user gets it from the command: the two
stories of the bundled corpus (2,000 vs 500 troops; the withdrawal and "no longer
pulling out"), as text, JSON, Markdown and a self-contained HTML page; and article
metadata the analyst sets."""

from __future__ import annotations

import json
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest

from syria_reader.annotations.workspace import Workspace
from syria_reader.corpus import bundled_corpus_dir, load_corpus
from syria_reader.corpus.search import locate
from tests.conftest import RunResult

Cli = Callable[..., RunResult]

TROOPS_2000 = ("000", "The US has about 2,000 troops on the ground in the country")
TROOPS_500 = ("002", "the U.S. has only a small number of troops in Syria, roughly 500")
WITHDRAWAL = ("000", 'Planning is underway for a "full" and "rapid" withdrawal of US troops '
                     "from Syria")
STAYING = ("001", "new policy\xa0is we’re no longer pulling out by the end of the year")
HOSTILE_NOTE = "<script>alert(1)</script> **bold** [x](http://e) \x1b[2J"


@pytest.fixture
def linked() -> dict[str, str]:
    """The two stories, tagged and linked through the workspace (the reader's path)."""
    corpus = load_corpus()
    workspace = Workspace.open(corpus)
    workspace.load()

    def tag(side: tuple[str, str], label: str, note: str = "") -> str:
        article = corpus.get(side[0])
        start, end = locate(article, side[1], 1)
        return workspace.tag(article, start, end, label, note)[0].id

    ids = {"2000": tag(TROOPS_2000, "figure"), "500": tag(TROOPS_500, "figure", HOSTILE_NOTE),
           "withdrawal": tag(WITHDRAWAL, "policy"), "staying": tag(STAYING, "policy")}
    workspace.link(ids["2000"], ids["500"], "contradicts")
    workspace.link(ids["withdrawal"], ids["staying"], "updates")
    workspace.store.close()
    return ids


def _dates(cli: Cli) -> None:
    for article, date in (("002", "May 5, 2017"), ("001", "2018-09-07"), ("000", "19 Dec 2018")):
        result = cli("meta", article, "--date", date)
        assert result.returncode == 0, result.stderr


def test_compare_json_shows_the_two_stories_with_their_flags(
    cli: Cli, linked: dict[str, str]
) -> None:
    _dates(cli)
    result = cli("compare", "--json")
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert [a["date"] for a in found["articles"]] == [
        "2017-05-05", "2018-09-07", "2018-12-19", None, None]
    assert found["undated"] == ["003_0b3e4987bd99488f", "004_15bbb8aca3db46c5"]
    stories = found["stories"]
    assert len(stories) == 2
    troops = next(s for s in stories if {p["claim"] for p in s["passages"]} ==
                  {linked["2000"], linked["500"]})
    policy = next(s for s in stories if {p["claim"] for p in s["passages"]} ==
                  {linked["withdrawal"], linked["staying"]})
    assert troops["flags"] == ["figures differ", "contradicts"]
    assert troops["differences"][0]["values"] == ["500", "2,000"]
    assert [p["article"][:3] for p in troops["passages"]] == ["002", "000"]  # by date
    assert [(point["date"], point["value"]) for point in troops["timeline"]] == [
        ("2017-05-05", "500"), ("2018-12-19", "2,000")]
    assert policy["flags"] == ["updated"]
    assert troops["articles"] == ["002_802f6b2f44435b78", "000_6437c01467f5b919"]
    assert troops["silent"] == 3  # 001, 003 and 004 say nothing on it
    assert stories[0] is troops or stories[0]["id"] == troops["id"]  # two flags come first


def test_the_html_report_lists_both_stories_and_runs_nothing(
    cli: Cli, linked: dict[str, str], tmp_path: Path
) -> None:
    _dates(cli)
    out = tmp_path / "report.html"
    result = cli("compare", "--format", "html", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(out)
    page = _Page()
    page.feed(out.read_text(encoding="utf-8"))
    assert page.tags.isdisjoint({"script", "iframe", "link", "img"})  # nothing to fetch or run
    quotes = [" ".join(q.split()) for q in page.quotes]
    for _, quote in (TROOPS_2000, TROOPS_500, WITHDRAWAL, STAYING):
        assert any(" ".join(quote.split()) in q for q in quotes), quote
    assert page.flags == ["figures differ", "contradicts", "updated"]  # discrepancies first
    assert any("<script>alert(1)</script>" in q for q in quotes)  # a note, shown as text
    assert "svg" in page.tags and "500" in page.svg_text and "2,000" in page.svg_text
    assert "2017-05-05" in page.text and "undated" in page.text


def test_the_markdown_report_escapes_other_peoples_text(
    cli: Cli, linked: dict[str, str]
) -> None:
    result = cli("compare", "--format", "md", "-o", "-")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert text.startswith("<!-- syria-reader compare report -->\n")
    assert "### The US has about 2,000 troops on the ground in the country — figures differ, " \
           "contradicts" in text
    assert "\\<script\\>alert(1)\\</script\\> \\*\\*bold\\*\\* \\[x\\](http://e)" in text
    assert "\x1b" not in text


def test_a_report_never_replaces_a_file_it_did_not_write(
    cli: Cli, linked: dict[str, str], tmp_path: Path
) -> None:
    theirs = tmp_path / "notes.html"
    theirs.write_text("<html>my notes</html>", encoding="utf-8")
    refused = cli("compare", "--format", "html", "-o", str(theirs))
    assert refused.returncode == 2
    assert "is not an earlier compare report" in refused.stderr
    assert theirs.read_text(encoding="utf-8") == "<html>my notes</html>"
    ours = tmp_path / "report.md"
    assert cli("compare", "--format", "md", "-o", str(ours)).returncode == 0
    again = cli("compare", "--format", "md", "-o", str(ours))  # our own: replaced
    assert again.returncode == 0, again.stderr


def test_compare_text_and_filters(cli: Cli, linked: dict[str, str]) -> None:
    result = cli("compare")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("2 stories across 5 articles (5 undated, listed last)")
    assert "figures differ: 2,000 vs 500 (troop)" in result.stdout
    assert "\x1b" not in result.stdout and "␛" in result.stdout  # the note's escape, visibly
    policy = cli("compare", "--json", "--label", "policy")
    assert [s["flags"] for s in json.loads(policy.stdout)["stories"]] == [["updated"]]


def test_no_links_no_stories_and_nothing_created(cli: Cli, user_dirs: Path) -> None:
    result = cli("compare")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("0 stories across 5 articles")
    assert not list((user_dirs / "data").rglob("*.json"))  # a read creates no database


def test_article_metadata_is_the_analysts_never_the_files(
    cli: Cli, tmp_path: Path
) -> None:
    before = {p.name: p.read_bytes() for p in bundled_corpus_dir().iterdir()}
    result = cli("meta", "003", "--date", "Sept. 15, 2017", "--source", "Reuters", "--json")
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert (shown["date"], shown["source"], shown["set_by_analyst"]) == (
        "2017-09-15", "Reuters", ["source", "date"])
    assert {p.name: p.read_bytes() for p in bundled_corpus_dir().iterdir()} == before
    bad = cli("meta", "003", "--date", "soon")
    assert bad.returncode == 2
    assert bad.stderr.strip() == ("syria-reader: error: not a full date: 'soon' "
                                  "(e.g. 2018-12-19 or Dec. 19, 2018)")
    # Exported and imported with the annotations; the other formats name it too.
    export = tmp_path / "set.json"
    assert cli("export", "-o", str(export)).returncode == 0
    records = json.loads(export.read_text(encoding="utf-8"))["article_metadata"]
    assert [(r["article_id"][:3], r["date"], r["source"]) for r in records] == [
        ("003", "2017-09-15", "Reuters")]
    other = tmp_path / "other.json"
    imported = cli("import", str(export), "--db", str(other))
    assert imported.returncode == 0, imported.stderr
    again = cli("meta", "003", "--json", "--db", str(other))
    assert json.loads(again.stdout)["date"] == "2017-09-15"
    unset = cli("meta", "003", "--date", "", "--source", "", "--json")
    assert json.loads(unset.stdout)["date"] is None
    assert json.loads(unset.stdout)["source"] == "CNN"  # the article's own again


class _Page(HTMLParser):
    """What a reader of the HTML sees: its tags, text, quotes, flags and chart labels."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.quotes: list[str] = []
        self.flags: list[str] = []
        self.text = ""
        self.svg_text = ""
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        kind = "flag" if ("class", "flag") in attrs else tag
        self._open.append(kind)
        if kind == "blockquote":
            self.quotes.append("")
        if kind == "flag":
            self.flags.append("")

    def handle_endtag(self, tag: str) -> None:
        if self._open:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        self.text += data
        if "blockquote" in self._open:
            self.quotes[-1] += data
        if self._open and self._open[-1] == "flag":
            self.flags[-1] += data
        if "svg" in self._open:
            self.svg_text += data
