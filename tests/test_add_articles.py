"""``syria-reader add``: web pages from a local server and files made articles of a
corpus folder, as a user runs it; never the internet."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

import pytest

from tests import documents
from tests.conftest import RunResult

Cli = Callable[..., RunResult]

LEAD = "The US will keep about 2,000 troops in Syria, officials said on Wednesday."
MORE = "Critics said a full and rapid withdrawal had been announced only days before."


class _Quiet(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".docx": "application/vnd.openxmlformats-officedocument."
                               "wordprocessingml.document"}

    def do_GET(self) -> None:
        if self.path.startswith("/to-ftp"):  # a page that sends the client elsewhere
            self.send_response(302)
            self.send_header("Location", "ftp://127.0.0.1:1/secret.txt")
            self.end_headers()
            return
        super().do_GET()

    def log_message(self, *args: object) -> None:  # not on the test's output
        pass


@pytest.fixture
def site(tmp_path: Path) -> Iterator[str]:
    """A local web server with a news page, a PDF report and a Word memo."""
    root = tmp_path / "site"
    root.mkdir()
    (root / "troops.html").write_bytes(documents.web_page(
        "US troops to stay in Syria", [LEAD, MORE], site="Example News"))
    (root / "report.pdf").write_bytes(documents.pdf(["Troops stay", LEAD, MORE],
                                                    title="Pentagon report"))
    (root / "memo.docx").write_bytes(documents.word([LEAD, MORE], title="Memo on troops"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             partial(_Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _articles(cli: Cli, folder: Path) -> dict[str, dict]:
    result = cli("articles", "--json", "--corpus", str(folder))
    assert result.returncode == 0, result.stderr
    return {row["title"]: row for row in json.loads(result.stdout)["articles"]}


def test_pages_and_documents_are_added_with_their_front_matter(
    cli: Cli, site: str, tmp_path: Path
) -> None:
    folder = tmp_path / "mine"
    local = tmp_path / "notes.md"
    local.write_text(f"# Local notes\n\n{LEAD}\n", encoding="utf-8")
    sources = [f"{site}/troops.html", f"{site}/report.pdf", f"{site}/memo.docx", str(local)]

    result = cli("add", *sources, "--corpus", str(folder))

    assert result.returncode == 0, result.stderr
    written = [Path(line) for line in result.stdout.splitlines()]
    assert [path.name for path in written] == [
        "us-troops-to-stay-in-syria.txt", "pentagon-report.txt", "memo-on-troops.txt",
        "local-notes.txt"]
    assert result.stderr.splitlines() == [
        "syria-reader: [1/4] added 'US troops to stay in Syria' as us-troops-to-stay-in-syria.txt",
        "syria-reader: [2/4] added 'Pentagon report' as pentagon-report.txt",
        "syria-reader: [3/4] added 'Memo on troops' as memo-on-troops.txt",
        "syria-reader: [4/4] added 'Local notes' as local-notes.txt",
    ]
    page = written[0].read_text(encoding="utf-8")
    assert page.startswith('---\ntitle: "US troops to stay in Syria"\nsource: "Example News"\n'
                           f'date: "2018-12-19"\nurl: "{site}/troops.html"\n---\n')
    assert LEAD in page and "newsletter" not in page
    rows = _articles(cli, folder)
    assert set(rows) == {"US troops to stay in Syria", "Pentagon report", "Memo on troops",
                         "Local notes"}
    assert rows["US troops to stay in Syria"]["source"] == "Example News"
    assert rows["US troops to stay in Syria"]["date"] == "2018-12-19"


def test_adding_again_writes_nothing_and_says_so(cli: Cli, site: str, tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    first = cli("add", f"{site}/troops.html", "--corpus", str(folder))
    assert first.returncode == 0, first.stderr
    before = {path.name: path.read_bytes() for path in folder.iterdir()}

    again = cli("add", f"{site}/troops.html", f"{site}/memo.docx", "--corpus", str(folder))

    assert again.returncode == 0, again.stderr
    assert again.stderr.splitlines()[0] == (
        f"syria-reader: [1/2] {site}/troops.html: already in the corpus as "
        "us-troops-to-stay-in-syria.txt; not added again")
    after = {path.name: path.read_bytes() for path in folder.iterdir()}
    assert {name: after[name] for name in before} == before
    assert sorted(after) == ["memo-on-troops.txt", "us-troops-to-stay-in-syria.txt"]


def test_a_title_taken_by_another_file_gets_a_new_name_never_the_old_file(
    cli: Cli, site: str, tmp_path: Path
) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    theirs = folder / "us-troops-to-stay-in-syria.txt"
    theirs.write_text("Someone else's article with the same name.\n", encoding="utf-8")
    result = cli("add", f"{site}/troops.html", "--corpus", str(folder))
    assert result.returncode == 0, result.stderr
    assert theirs.read_text(encoding="utf-8") == "Someone else's article with the same name.\n"
    assert Path(result.stdout.strip()).name == "us-troops-to-stay-in-syria-2.txt"


def test_a_source_that_fails_is_one_line_and_the_others_are_added(
    cli: Cli, site: str, tmp_path: Path
) -> None:
    folder = tmp_path / "mine"
    (tmp_path / "feed.rss").write_text("<rss/>", encoding="utf-8")
    result = cli("add", f"{site}/missing.html", f"{site}/troops.html",
                 str(tmp_path / "feed.rss"), str(tmp_path / "nowhere.txt"),
                 "--corpus", str(folder))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0] == (f"syria-reader: [1/4] failed: {site}/missing.html: the server "
                        "answered 404 File not found")
    assert lines[1].startswith("syria-reader: [2/4] added ")
    assert lines[2].startswith(f"syria-reader: [3/4] failed: {tmp_path / 'feed.rss'}: "
                               "not an article format")
    assert lines[3] == f"syria-reader: [4/4] failed: {tmp_path / 'nowhere.txt'}: no such file"
    assert [path.name for path in folder.iterdir()] == ["us-troops-to-stay-in-syria.txt"]


def test_add_needs_a_folder_of_ones_own(cli: Cli, site: str) -> None:
    missing = cli("add", f"{site}/troops.html")
    assert missing.returncode == 2
    assert missing.stderr.strip() == (
        "syria-reader: error: name the corpus folder to add to with --corpus DIR")
    from syria_reader.corpus import bundled_corpus_dir

    bundled = cli("add", f"{site}/troops.html", "--corpus", str(bundled_corpus_dir()))
    assert bundled.returncode == 2
    assert "the bundled corpus is not changed" in bundled.stderr


def test_an_article_the_folder_has_in_another_form_is_not_added_again(
    cli: Cli, site: str, tmp_path: Path
) -> None:
    folder = tmp_path / "mine"
    (folder / "saved").mkdir(parents=True)
    (folder / "saved" / "page.html").write_bytes(documents.web_page(
        "US troops to stay in Syria", [LEAD, MORE], site="Example News"))
    result = cli("add", f"{site}/troops.html", "--corpus", str(folder))
    assert result.returncode == 0, result.stderr
    assert "already in the corpus as page.html" in result.stderr
    assert sorted(p.name for p in folder.rglob("*") if p.is_file()) == ["page.html"]


def test_two_adds_at_once_write_one_article(cli: Cli, tmp_path: Path) -> None:
    import subprocess
    import sys

    folder = tmp_path / "mine"
    source = tmp_path / "report.txt"
    source.write_text(f"Troops stay\n\n{LEAD}\n", encoding="utf-8")
    command = [str(Path(sys.executable).parent / "syria-reader"), "add", str(source),
               "--corpus", str(folder)]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for _ in range(4)]
    codes = [run.wait(timeout=120) for run in runs]
    assert codes == [0, 0, 0, 0]
    assert [p.name for p in folder.iterdir()] == ["troops-stay.txt"]


def test_a_title_with_quotes_and_control_characters_reads_back_as_one_line(
    cli: Cli, tmp_path: Path
) -> None:
    folder = tmp_path / "mine"
    page = tmp_path / "page.html"
    page.write_bytes(documents.web_page('He said "no"\x1b[31m, twice', [LEAD, MORE]))
    result = cli("add", str(page), "--corpus", str(folder))
    assert result.returncode == 0, result.stderr
    written = Path(result.stdout.strip())
    head = written.read_text(encoding="utf-8").split("---")[1]
    assert "\x1b" not in head and head.count("\n") == 4  # three fields, one line each
    rows = json.loads(cli("articles", "--json", "--corpus", str(folder)).stdout)["articles"]
    assert rows[0]["title"] == 'He said "no"[31m, twice'


def test_front_matter_is_one_line_a_field_whatever_the_value() -> None:
    from syria_reader.corpus.adding import front_matter
    from syria_reader.corpus.metadata import Metadata, split_front_matter

    written = front_matter(Metadata(title='He said "no"\n---\nx\x1b[2J', source=" CNN\r\n"))
    assert written == '---\ntitle: "He said "no" --- x [2J"\nsource: "CNN"\n---\n'
    read, body = split_front_matter(written + "Body.\n")
    assert read is not None and read.title == 'He said "no" --- x [2J' and body == "Body.\n"


def test_a_text_without_metadata_gets_its_headline_not_its_file_name(
    cli: Cli, tmp_path: Path
) -> None:
    folder = tmp_path / "mine"
    scan = tmp_path / "scan-0001.txt"
    scan.write_text(f"Troops to stay in Syria, officials say\nReuters —\n\n{LEAD}\n",
                    encoding="utf-8")
    result = cli("add", str(scan), "--corpus", str(folder))
    assert result.returncode == 0, result.stderr
    text = Path(result.stdout.strip()).read_text(encoding="utf-8")
    assert text.startswith('---\ntitle: "Troops to stay in Syria, officials say"\n'
                           'source: "Reuters"\n---\n')


def test_what_is_not_an_article_is_refused_with_one_line(
    cli: Cli, site: str, tmp_path: Path
) -> None:
    folder = tmp_path / "mine"
    (tmp_path / "site" / "data.json").write_text('{"a": 1}', encoding="utf-8")
    result = cli("add", f"{site}/to-ftp", f"{site}/data.json", str(tmp_path / "site"),
                 "--corpus", str(folder))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"syria-reader: [1/3] failed: {site}/to-ftp: could not fetch "
                               "it (redirected to a non-web address (ftp://")
    assert lines[1] == (f"syria-reader: [2/3] failed: {site}/data.json: not an article "
                        "(application/json)")
    assert lines[2] == (f"syria-reader: [3/3] failed: {tmp_path / 'site'}: a folder; name "
                        "the files in it")
    assert list(folder.iterdir()) == []


def test_a_windows_1252_page_is_read_as_written_with_encoding_or_without(
    cli: Cli, tmp_path: Path
) -> None:
    folder = tmp_path / "mine"
    page = tmp_path / "page.html"
    words = "A naïve plan cost €12 million on Monday’s visit, officials said on Wednesday."
    page.write_bytes(f"<html><body><article><h1>Plan</h1><p>{words}</p><p>{MORE}</p>"
                     "</article></body></html>".encode("cp1252"))
    result = cli("add", str(page), "--corpus", str(folder))
    assert result.returncode == 0, result.stderr
    assert words in Path(result.stdout.strip()).read_text(encoding="utf-8")


def test_an_address_no_request_can_carry_is_one_line_and_the_others_are_added(
    cli: Cli, tmp_path: Path
) -> None:
    # A space, a control character, a broken IPv6 host or port: each is its source's own
    # failure, said as for a fetch that fails, never a crash that adds nothing.
    folder = tmp_path / "mine"
    report = tmp_path / "report.txt"
    report.write_text(f"Troops stay\n\n{LEAD}\n", encoding="utf-8")
    bad = ["http://example.invalid/a b", "http://[::1", "http://example.invalid/a\x07b",
           "https://example.invalid:port/"]
    result = cli("add", *bad, str(report), "--corpus", str(folder))
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines() == [
        "syria-reader: [1/5] failed: http://example.invalid/a b: not a web address that can "
        "be fetched (a space in it; write it as %20)",
        "syria-reader: [2/5] failed: http://[::1: not a web address that can be fetched "
        "(Invalid IPv6 URL)",
        "syria-reader: [3/5] failed: http://example.invalid/a␇b: not a web address that can "
        "be fetched (a control character in it)",
        "syria-reader: [4/5] failed: https://example.invalid:port/: not a web address that "
        "can be fetched (Port could not be cast to integer value as 'port')",
        "syria-reader: [5/5] added 'Troops stay' as troops-stay.txt",
    ]
    assert [path.name for path in folder.iterdir()] == ["troops-stay.txt"]


def test_an_address_written_in_any_script_is_fetched(cli: Cli, site: str, tmp_path: Path) -> None:
    (tmp_path / "site" / "تقرير.html").write_bytes(documents.web_page(
        "US troops to stay in Syria", [LEAD, MORE], site="Example News"))
    result = cli("add", f"{site}/تقرير.html", "--corpus", str(tmp_path / "mine"))
    assert result.returncode == 0, result.stderr
    text = Path(result.stdout.strip()).read_text(encoding="utf-8")
    assert f'url: "{site}/%D8%AA%D9%82%D8%B1%D9%8A%D8%B1.html"' in text


def test_a_date_that_is_no_real_date_is_not_written_and_said(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    source = tmp_path / "typo.txt"
    source.write_text(f"---\ntitle: Troops stay\ndate: 2018-13-45\n---\n{LEAD}\n",
                      encoding="utf-8")
    result = cli("add", str(source), "--corpus", str(folder))
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        "syria-reader: [1/1] added 'Troops stay' as troops-stay.txt (its date '2018-13-45' "
        "is not a full date; left out)"]
    written = Path(result.stdout.strip()).read_text(encoding="utf-8")
    assert written.startswith('---\ntitle: "Troops stay"\n---\n')
    assert _articles(cli, folder)["Troops stay"]["date"] is None


def test_each_source_is_one_progress_line_whatever_its_name(cli: Cli, tmp_path: Path) -> None:
    source = tmp_path / "two\nlines.txt"  # a name with a line break: still one line
    source.write_text("Troops stay\n\nThe US will keep its troops in Syria.\n", encoding="utf-8")
    missing = tmp_path / "gone\nfake: [2/2] added 'x'.txt"
    folder = tmp_path / "corpus"
    added = cli("add", str(source), str(missing), "--corpus", str(folder))
    progress = [line for line in added.stderr.splitlines() if line.startswith("syria-reader: [")]
    assert len(progress) == 2, added.stderr
    assert "two␊lines" not in progress[0]  # the added file is named from its title
    assert progress[1].startswith("syria-reader: [2/2] failed:") and "gone␊fake" in progress[1]
