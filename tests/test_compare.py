"""Where the reports agree and disagree, as a user gets it from the command: the two
stories of the bundled corpus (2,000 vs 500 troops; the withdrawal and "no longer
pulling out"), as text, JSON, Markdown and a self-contained HTML page; and article
metadata the analyst sets."""

from __future__ import annotations

import itertools
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


def test_an_unknown_label_is_an_error_naming_the_known_ones(
    cli: Cli, linked: dict[str, str], tmp_path: Path
) -> None:
    typo = cli("compare", "--label", "figur")
    assert typo.returncode == 2 and typo.stdout == ""
    assert typo.stderr.splitlines() == [
        "syria-reader: error: unknown label 'figur'; the labels are figure, event, policy, "
        "statement, prediction, opinion"]
    assert cli("compare", "--json", "--label", "figur").returncode == 2
    unused = cli("compare", "--label", "opinion")  # known, on no claim: no story
    assert unused.returncode == 0 and unused.stdout.startswith("0 stories")
    # A label only a claim carries (one imported, or from an earlier labels.toml) is
    # known too.
    folder = _copy_of_bundled(tmp_path / "corpus")
    corpus = load_corpus(folder)
    workspace = Workspace.open(corpus)
    workspace.load()
    article = corpus.get(TROOPS_2000[0])
    start, end = locate(article, TROOPS_2000[1], 1)
    workspace.tag(article, start, end, "troops")
    workspace.store.close()
    kept = cli("compare", "--label", "troops", "--corpus", str(folder))
    assert kept.returncode == 0, kept.stderr
    named = cli("compare", "--label", "troop", "--corpus", str(folder))
    assert named.returncode == 2 and named.stderr.rstrip().endswith("opinion, troops")


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


# -- what the review found ---------------------------------------------------------------

def _copy_of_bundled(folder: Path) -> Path:
    folder.mkdir()
    for path in bundled_corpus_dir().glob("*.txt"):
        (folder / path.name).write_bytes(path.read_bytes())
    return folder


def _tagged(corpus_dir: Path, sides: list[tuple[str, str]], kinds: list[str] | None = None
            ) -> list[str]:
    corpus = load_corpus(corpus_dir)
    workspace = Workspace.open(corpus)
    workspace.load()
    ids = []
    for n, (prefix, quote) in enumerate(sides):
        article = corpus.get(prefix)
        start, end = locate(article, quote, 1)
        if kinds and kinds[n] == "note":
            ids.append(workspace.add_note(article, start, end, "a note").id)
        else:
            ids.append(workspace.tag(article, start, end, "figure", "")[0].id)
    for one, other in itertools.pairwise(ids):
        workspace.link(one, other, "contradicts")
    workspace.store.close()
    return ids


def test_passages_in_removed_or_changed_articles_are_left_out_or_marked(
    cli: Cli, tmp_path: Path
) -> None:
    folder = _copy_of_bundled(tmp_path / "corpus")
    _tagged(folder, [TROOPS_2000, TROOPS_500, STAYING])
    (folder / "002_802f6b2f44435b78.txt").unlink()  # the 500 is gone with its article
    changed = folder / "001_bbe71e4facf1fbc5.txt"
    text = changed.read_text(encoding="utf-8")
    start = text.index("new policy")
    changed.write_text(text[:start] + text[text.index("\n", start):], encoding="utf-8")
    found = json.loads(cli("compare", "--json", "--corpus", str(folder)).stdout)
    story = found["stories"][0]
    assert [p["article"][:3] for p in story["passages"]] == ["000", "001"]
    assert story["not_in_corpus"] == 1 and story["silent"] == 2  # of the 4 articles left
    assert [p["orphaned"] for p in story["passages"]] == [False, True]
    assert story["flags"] == []  # the 500, and both its links, went with its article
    text = cli("compare", "--corpus", str(folder)).stdout
    assert "(no longer in the article's text)" in text
    assert "and 1 in articles no longer in the corpus" in text


def test_a_link_from_a_note_makes_a_story(cli: Cli, tmp_path: Path) -> None:
    folder = _copy_of_bundled(tmp_path / "corpus")
    _tagged(folder, [TROOPS_2000, TROOPS_500], kinds=["note", "claim"])
    story = json.loads(cli("compare", "--json", "--corpus", str(folder)).stdout)["stories"][0]
    assert [p["kind"] for p in story["passages"]] == ["note", "claim"]


def test_story_ids_are_unique_whatever_the_claim_ids() -> None:
    from syria_reader.annotations.compare.stories import compare
    from syria_reader.annotations.linking.links import Link
    from syria_reader.annotations.store.model import new_annotation

    corpus = load_corpus()
    article, other = corpus.get("000"), corpus.get("002")
    claims = [new_annotation(article if n % 2 else other, 10 * n, 10 * n + 5)
              for n in range(4)]
    claims = [claim.__class__(**{**claim.to_record(), "id": f"https://hyp.is/a/{n}"})
              for n, claim in enumerate(claims)]
    links = [Link(claims[0].id, claims[1].id), Link(claims[2].id, claims[3].id)]
    stories = compare(corpus.articles, claims, links).stories
    assert len({story.id for story in stories}) == 2


def test_a_story_of_thousands_of_passages_keeps_its_differences_bounded() -> None:
    from syria_reader.annotations.compare.stories import DIFFERENCES, compare
    from syria_reader.annotations.linking.links import Link
    from syria_reader.annotations.store.model import new_annotation

    corpus = load_corpus()
    spans = [(article, start, end) for article in corpus.articles
             for start, end in article.sentences]
    claims = [new_annotation(*spans[n % len(spans)]) for n in range(600)]
    links = [Link(one.id, other.id) for one, other in itertools.pairwise(claims)]
    story = compare(corpus.articles, claims, links).stories[0]
    assert len(story.passages) == 600 and len(story.differences) <= DIFFERENCES


def test_metadata_set_in_two_windows_keeps_both(tmp_path: Path) -> None:
    corpus = load_corpus()
    one, two = Workspace.open(corpus), Workspace.open(corpus)
    one.load()
    two.load()  # loaded before the first sets anything
    one.set_article_meta("003", title="Outpost razed")
    two.set_article_meta("003", date="2017-09-15")
    fresh = Workspace.open(corpus)
    fresh.load()
    kept = fresh.article_meta("003_0b3e4987bd99488f")
    assert kept is not None and (kept.title, kept.date) == ("Outpost razed", "2017-09-15")


def test_refused_inputs_say_why_in_one_line(cli: Cli, tmp_path: Path) -> None:
    export = tmp_path / "set.json"
    assert cli("meta", "003", "--date", "2017-09-15").returncode == 0
    assert cli("export", "-o", str(export)).returncode == 0
    document = json.loads(export.read_text(encoding="utf-8"))
    document["article_metadata"][0].update(id="zzz_not_here", article_id="zzz_not_here")
    export.write_text(json.dumps(document), encoding="utf-8")
    refused = cli("import", str(export), "--db", str(tmp_path / "other.json"))
    assert refused.returncode == 2
    assert "no article 'zzz_not_here' in this corpus" in refused.stderr
    both = cli("compare", "--json", "-o", str(tmp_path / "x.json"))
    assert both.returncode == 2 and not (tmp_path / "x.json").exists()
    import subprocess

    from tests.conftest import COMMAND

    undecodable = subprocess.run([str(COMMAND), "meta", "003", "--title", b"\xff"],
                                 capture_output=True, text=True, timeout=60)
    assert undecodable.returncode == 2
    assert undecodable.stderr.strip() == ("syria-reader: error: title is not valid text "
                                          "(undecodable bytes)")


def test_report_files_hold_no_control_character(cli: Cli, linked: dict[str, str],
                                                tmp_path: Path) -> None:
    assert cli("meta", "000", "--source", "CNN\x1b]0;pwned\x07").returncode == 0
    for kind in ("md", "html"):
        out = tmp_path / f"report.{kind}"
        assert cli("compare", "--format", kind, "-o", str(out)).returncode == 0
        text = out.read_text(encoding="utf-8")
        assert "\x1b" not in text and "\x07" not in text
        assert "CNN␛" in text and "pwned␇" in text  # shown, not sent
