"""Exports other tools read, driven as a user runs ``syria-reader export`` and read back
as those tools' documented formats say: Prodigy and doccano span JSONL, Label Studio
tasks, spreadsheet-safe CSV, W3C links with their direction, ``-o -``, and the sha256
of the text every export's offsets count in."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from syria_reader.annotations.formats.csv_format import unescape
from tests.conftest import COMMAND, RunResult

Run = Callable[..., RunResult]
REPORT_A = ("Flags 🇸🇾 first. Temperatures fell to -40 degrees at the base.\n\n"
            "Follow @pentagon for updates: about 2,000 US troops remain in Syria.\n")
REPORT_B = ("---\ntitle: \"+1 report from @desk\"\nsource: Wire\ndate: 2018-12-19\n---\n"
            "Officials said roughly 500 US troops remain in Syria.\n")
LABELS = '[[label]]\nname = "figure"\n[[label]]\nname = "-minus"\n[[label]]\nname = "@at"\n'
HYPERLINK = '=HYPERLINK("http://x")'
SINGLE_FILE = ("json", "jsonl", "csv", "w3c", "prodigy", "labelstudio")


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Project:
    """A corpus with formula-like labels, quotes, notes and a title, an emoji before
    the claims (so code points and UTF-16 units differ), and a database holding four
    claims and two links (one within an article, one across)."""

    def __init__(self, folder: Path) -> None:
        self.corpus, self.db = folder / "corpus", folder / "db.json"
        self.corpus.mkdir()
        (self.corpus / "a-report.txt").write_text(REPORT_A, encoding="utf-8")
        (self.corpus / "b-report.md").write_text(REPORT_B, encoding="utf-8")
        (self.corpus / "labels.toml").write_text(LABELS, encoding="utf-8")
        self.minus = self.tag("a-report", "-40 degrees", "-minus", HYPERLINK)
        self.at = self.tag("a-report", "@pentagon", "@at", "+1 and @me")
        self.figure = self.tag("a-report", "about 2,000 US troops", "figure")
        self.five_hundred = self.tag("b-report", "roughly 500 US troops", "figure")
        self.link(self.minus, self.figure, "supports")  # within a-report
        self.link(self.figure, self.five_hundred, "contradicts")  # across articles

    def run(self, *args: str, cwd: Path | None = None) -> RunResult:
        return subprocess.run([str(COMMAND), *args, "--corpus", str(self.corpus),
                               "--db", str(self.db)], capture_output=True, text=True,
                              env=os.environ.copy(), timeout=120, cwd=cwd)

    def tag(self, article: str, quote: str, label: str, note: str = "") -> dict[str, Any]:
        result = self.run("tag", article, quote, f"--label={label}", f"--note={note}", "--json")
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    def link(self, source: dict[str, Any], target: dict[str, Any], relation: str) -> None:
        result = self.run("link", source["id"], target["id"], "--relation", relation)
        assert result.returncode == 0, result.stderr

    def claims(self) -> dict[str, dict[str, Any]]:
        return {c["id"]: c for c in json.loads(self.run("claims", "--json").stdout)["claims"]}

    def articles(self) -> dict[str, dict[str, Any]]:
        listed = json.loads(self.run("articles", "--json").stdout)["articles"]
        return {a["id"]: a for a in listed}

    def export(self, format: str, path: Path, *options: str) -> Path:
        result = self.run("export", "-f", format, "-o", str(path), *options)
        assert result.returncode == 0, result.stderr
        assert result.stdout == f"{path}\n"
        return path


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return Project(tmp_path_factory.mktemp("project"))


def _jsonl(text: str) -> list[dict[str, Any]]:
    assert text.endswith("\n")
    return [json.loads(line) for line in text.split("\n")[:-1]]


# --- Prodigy and doccano ----------------------------------------------------------------


def test_prodigy_jsonl_reads_back_as_prodigy_and_doccano_read_it(
    project: Project, tmp_path: Path,
) -> None:
    path = project.export("prodigy", tmp_path / "tasks.jsonl")
    lines = _jsonl(path.read_text(encoding="utf-8"))
    articles, claims = project.articles(), project.claims()
    assert [line["meta"]["article_id"] for line in lines] == list(articles)  # one each
    seen = set()
    for line in lines:
        text, meta = line["text"], line["meta"]
        article = articles[meta["article_id"]]
        assert meta == {"article_id": article["id"], "title": article["title"],
                        "source": article["source"], "date": article["date"],
                        "sha256": article["sha256"]}
        assert sha256(text) == meta["sha256"]  # the text the offsets count in
        # Prodigy: "spans" of character offsets into "text"
        for span in line["spans"]:
            claim = claims[span["id"]]
            assert text[span["start"]:span["end"]] == claim["quote"] == span["text"]
            assert span["label"] == claim["label"] and claim["article_id"] == article["id"]
            assert span.get("note", "") == claim["note"]
            seen.add(span["id"])
        # doccano: "label": [[start, end, label]]
        assert line["label"] == [[s["start"], s["end"], s["label"]] for s in line["spans"]]
        for start, end, label in line["label"]:
            assert any(text[start:end] == c["quote"] and c["label"] == label
                       for c in claims.values())
    assert seen == set(claims)
    minus = next(s for line in lines for s in line["spans"] if s["label"] == "-minus")
    assert minus["note"] == HYPERLINK  # JSON: the analyst's text exactly


# --- Label Studio ---------------------------------------------------------------------


def test_labelstudio_tasks_read_back_as_label_studio_reads_them(
    project: Project, tmp_path: Path,
) -> None:
    path = project.export("labelstudio", tmp_path / "tasks.json")
    tasks = json.loads(path.read_text(encoding="utf-8"))
    articles, claims = project.articles(), project.claims()
    assert [task["data"]["article_id"] for task in tasks] == list(articles)
    regions: dict[str, dict[str, Any]] = {}
    relations, far = [], []
    for task in tasks:
        data = task["data"]
        text = data["text"]
        assert data["title"] == articles[data["article_id"]]["title"]
        assert sha256(text) == data["sha256"] == articles[data["article_id"]]["sha256"]
        for annotation in task["annotations"]:
            for result in annotation["result"]:
                if result["type"] == "labels":
                    value = result["value"]
                    assert (result["from_name"], result["to_name"]) == ("label", "text")
                    assert value["text"] == text[value["start"]:value["end"]]
                    regions[result["id"]] = {**value, "article": data["article_id"]}
                elif result["type"] == "textarea":
                    assert (result["from_name"], result["to_name"]) == ("note", "text")
                    assert result["value"]["text"] == [claims[result["id"]]["note"]]
                    assert result["id"] in regions  # the note of that region
                else:
                    assert result["type"] == "relation" and result["direction"] == "right"
                    relations.append((result["from_id"], result["to_id"], result["labels"]))
        far.extend(task.get("meta", {}).get("links", []))
    assert set(regions) == set(claims)
    for claim_id, value in regions.items():
        claim = claims[claim_id]
        assert (value["text"], value["labels"], value["article"]) == (
            claim["quote"], [claim["label"]], claim["article_id"])
    assert relations == [(project.minus["id"], project.figure["id"], ["supports"])]
    assert {(f["region"], f["direction"], f["other"], f["relation"]) for f in far} == {
        (project.figure["id"], "out", project.five_hundred["id"], "contradicts"),
        (project.five_hundred["id"], "in", project.figure["id"], "contradicts")}


# --- the sha256 of the text, in every export ---------------------------------------------


def test_every_export_names_the_text_its_offsets_count_in(
    project: Project, tmp_path: Path,
) -> None:
    articles = project.articles()
    shas = {a["id"]: a["sha256"] for a in articles.values()}
    native = json.loads(project.export("json", tmp_path / "n.json").read_text())
    assert {a["id"]: a["sha256"] for a in native["articles"]} == shas
    assert all(a["article_sha256"] == shas[a["article_id"]] for a in native["annotations"])
    lines = _jsonl(project.export("jsonl", tmp_path / "a.jsonl").read_text(encoding="utf-8"))
    assert all(line["article_sha256"] == shas[line["article_id"]] for line in lines)
    with project.export("csv", tmp_path / "c.csv").open(encoding="utf-8-sig", newline="") as f:
        assert all(row["article_sha256"] == shas[row["article_id"]]
                   for row in csv.DictReader(f))
    w3c = json.loads(project.export("w3c", tmp_path / "w.jsonld").read_text())
    for item in w3c["first"]["items"]:
        if item["motivation"] != "linking":
            article_id = item["target"]["source"].removeprefix("urn:syria-reader:article:")
            assert item["target"]["syria:sha256"] == shas[article_id]
    brat = project.export("brat", tmp_path / "brat", "--no-entities")
    sums = (brat / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    assert len(sums) == len(shas)
    for line in sums:  # as `sha256sum -c SHA256SUMS` checks them
        digest, name = line.split("  ", 1)
        assert hashlib.sha256((brat / name).read_bytes()).hexdigest() == digest
        assert digest == shas[name.removesuffix(".txt")]
    prodigy = _jsonl(project.export("prodigy", tmp_path / "p.jsonl").read_text("utf-8"))
    assert {line["meta"]["article_id"]: line["meta"]["sha256"] for line in prodigy} == shas
    tasks = json.loads(project.export("labelstudio", tmp_path / "l.json").read_text())
    assert {t["data"]["article_id"]: t["data"]["sha256"] for t in tasks} == shas


# --- CSV, safe for spreadsheets ------------------------------------------------------------


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream))


def test_csv_defuses_formulas_unless_asked_for_raw_cells(
    project: Project, tmp_path: Path,
) -> None:
    safe = {r["id"]: r for r in _rows(project.export("csv", tmp_path / "safe.csv"))}
    raw = {r["id"]: r for r in _rows(project.export("csv", tmp_path / "raw.csv", "--raw-csv"))}
    minus, at = project.minus["id"], project.at["id"]
    assert safe[minus]["note"] == "'" + HYPERLINK and raw[minus]["note"] == HYPERLINK
    assert (safe[minus]["label"], safe[minus]["quote"]) == ("'-minus", "'-40 degrees")
    assert (raw[minus]["label"], raw[minus]["quote"]) == ("-minus", "-40 degrees")
    assert (safe[at]["label"], safe[at]["quote"], safe[at]["note"]) == (
        "'@at", "'@pentagon", "'+1 and @me")
    assert (raw[at]["label"], raw[at]["quote"], raw[at]["note"]) == (
        "@at", "@pentagon", "+1 and @me")
    five_hundred = project.five_hundred["id"]
    assert safe[five_hundred]["title"] == "'+1 report from @desk"
    assert raw[five_hundred]["title"] == "+1 report from @desk"
    for claim_id, row in safe.items():  # no cell a spreadsheet would run, and reversible
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r"))
                       for cell in row.values())
        assert {name: unescape(cell) for name, cell in row.items()} == raw[claim_id]
    assert {row["orphaned"] for row in safe.values()} == {"false"}


@pytest.mark.parametrize("text", ["=1+1", "'=1+1", "''@x", "'plain", "plain", "", "-",
                                  "\tx", "\r\n=x", "'"])
def test_csv_escape_is_reversible(text: str) -> None:
    from syria_reader.annotations.formats.csv_format import defuse

    assert unescape(defuse(text)) == text
    assert not defuse(text).startswith(("=", "+", "-", "@", "\t", "\r"))


# --- W3C links keep their direction ----------------------------------------------------------


def test_w3c_links_keep_their_direction_into_a_fresh_database(
    project: Project, tmp_path: Path,
) -> None:
    path = project.export("w3c", tmp_path / "out.jsonld")
    fresh = tmp_path / "fresh.json"
    imported = subprocess.run([str(COMMAND), "import", str(path), "--corpus",
                               str(project.corpus), "--db", str(fresh)],
                              capture_output=True, text=True, env=os.environ.copy(),
                              timeout=120)
    assert imported.returncode == 0, imported.stderr
    def ends(db: Path) -> set[tuple[str, str, str]]:
        listed = subprocess.run([str(COMMAND), "links", "--json", "--corpus",
                                 str(project.corpus), "--db", str(db)], capture_output=True,
                                text=True, env=os.environ.copy(), timeout=120)
        return {(k["source"], k["target"], k["relation"])
                for k in json.loads(listed.stdout)["links"]}
    expected = {(project.minus["id"], project.figure["id"], "supports"),
                (project.figure["id"], project.five_hundred["id"], "contradicts")}
    assert ends(project.db) == ends(fresh) == expected


# --- -o -: standard output ---------------------------------------------------------------------


def _parse(format: str, raw: bytes) -> object:
    if format == "csv":
        assert raw.startswith(b"\xef\xbb\xbf")
        return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    if format in ("jsonl", "prodigy"):
        return _jsonl(raw.decode("utf-8"))
    return json.loads(raw)


@pytest.mark.parametrize("format", SINGLE_FILE)
def test_dash_writes_the_export_to_standard_output(
    project: Project, tmp_path: Path, format: str,
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    result = subprocess.run([str(COMMAND), "export", "-f", format, "-o", "-", "--corpus",
                             str(project.corpus), "--db", str(project.db)],
                            capture_output=True, env=os.environ.copy(), timeout=120, cwd=work)
    assert result.returncode == 0, result.stderr
    parsed = _parse(format, result.stdout)  # the whole of stdout is the export
    assert parsed
    assert list(work.iterdir()) == []  # no file named "-", nothing else either
    written = project.export(format, tmp_path / f"file-{format}")
    if format in ("csv", "jsonl", "prodigy", "labelstudio"):  # no time or fresh id inside
        assert result.stdout == written.read_bytes()


def test_dash_for_a_folder_format_is_one_clear_error(project: Project, tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    result = project.run("export", "-f", "brat", "-o", "-", cwd=work)
    assert (result.returncode, result.stdout) == (2, "")
    [line] = result.stderr.splitlines()
    assert line.startswith("syria-reader: error: brat writes a folder") and "-o -" in line
    assert list(work.iterdir()) == []


# --- never over a file an export did not write ---------------------------------------------------


@pytest.mark.parametrize(("format", "stranger"), [
    # what Prodigy's db-out and doccano's export write: answers, hashes, ids added
    ("prodigy", b'{"text": "x", "spans": [], "answer": "accept", "_input_hash": 1}\n'),
    ("prodigy", b'{"id": 7, "text": "x", "label": [[0, 1, "figure"]]}\n'),
    ("prodigy", b"a diary\n"),
    # what Label Studio exports: task ids, times, annotators
    ("labelstudio", b'[{"id": 1, "data": {"text": "x"}, "annotations": []}]'),
    ("labelstudio", b'{"mine": true}\n'),
])
def test_new_formats_replace_their_own_export_and_no_other_file(
    project: Project, tmp_path: Path, format: str, stranger: bytes,
) -> None:
    mine = tmp_path / "mine"
    project.export(format, mine)
    project.export(format, mine)  # again: our own export is replaced
    path = tmp_path / "stranger"
    path.write_bytes(stranger)
    result = project.run("export", "-f", format, "-o", str(path))
    assert result.returncode == 2 and f"is no {format} export" in result.stderr
    assert path.read_bytes() == stranger
