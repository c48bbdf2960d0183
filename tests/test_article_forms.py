"""Articles in the forms people keep them, read as a user would: with the installed
command, on a folder of web pages, PDFs, Word and Markdown files and other files."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests import documents
from tests.conftest import RunResult

Cli = Callable[..., RunResult]

LEAD = "The US will keep about 2,000 troops in Syria, officials said on Wednesday."
MORE = "Critics said a full and rapid withdrawal had been announced only days before."


def _articles(cli: Cli, folder: Path, *options: str) -> tuple[dict[str, dict], RunResult]:
    result = cli("articles", "--json", "--corpus", str(folder), *options)
    assert result.returncode == 0, result.stderr
    return {row["id"]: row for row in json.loads(result.stdout)["articles"]}, result


def _text(cli: Cli, folder: Path, article: str, *options: str) -> str:
    result = cli("sentences", article, "--json", "--corpus", str(folder), *options)
    assert result.returncode == 0, result.stderr
    return " ".join(row["text"] for row in json.loads(result.stdout)["sentences"])


def test_web_pages_pdfs_word_and_markdown_are_articles_and_other_files_one_line_each(
    cli: Cli, tmp_path: Path
) -> None:
    (tmp_path / "page.html").write_bytes(documents.web_page("Troops stay", [LEAD, MORE]))
    (tmp_path / "report.pdf").write_bytes(documents.pdf(["Troops stay", LEAD, MORE],
                                                        title="Troops stay (PDF)"))
    (tmp_path / "memo.docx").write_bytes(documents.word([LEAD, MORE], title="Memo on troops"))
    (tmp_path / "notes.md").write_text(
        f"# Troops *stay*\n\nThe US will keep [about 2,000](http://example.com) **troops** "
        f"in Syria.\n\n- {MORE}\n", encoding="utf-8")
    (tmp_path / "feed.rss").write_text("<rss><channel></channel></rss>", encoding="utf-8")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")

    rows, result = _articles(cli, tmp_path)

    assert sorted(rows) == ["memo", "notes", "page", "report"]
    assert rows["page"]["title"] == "Troops stay"
    assert rows["page"]["source"] == "Example News" and rows["page"]["date"] == "2018-12-19"
    assert rows["report"]["title"] == "Troops stay (PDF)"
    assert rows["memo"]["title"] == "Memo on troops"
    assert rows["notes"]["title"] == "Troops stay"
    skipped = [line for line in result.stderr.splitlines() if "skipped" in line]
    assert skipped == [
        f"syria-reader: skipped {tmp_path / name}: not an article format "
        "(articles are .txt, .md, .html, .pdf, .docx)" for name in ("feed.rss", "photo.png")
    ]
    page = _text(cli, tmp_path, "page")
    assert LEAD in page and MORE in page
    assert "Home" not in page and "newsletter" not in page and "first!" not in page
    assert LEAD in _text(cli, tmp_path, "report") and MORE in _text(cli, tmp_path, "memo")


def test_markdown_shows_its_words_not_its_syntax_and_offsets_count_in_them(
    cli: Cli, tmp_path: Path
) -> None:
    (tmp_path / "notes.md").write_text(
        "---\nsource: Reuters\n---\n# Troops *stay*\n\nThe US will keep [about 2,000]"
        "(http://example.com/x) **troops** in Syria.\n\n![a map](map.png)\n",
        encoding="utf-8")
    result = cli("sentences", "notes", "--json", "--corpus", str(tmp_path))
    sentences = json.loads(result.stdout)["sentences"]
    text = " ".join(row["text"] for row in sentences)
    assert "The US will keep about 2,000 troops in Syria." in text
    for syntax in ("#", "*", "](", "http", "!["):
        assert syntax not in text
    rows, _ = _articles(cli, tmp_path)
    assert rows["notes"]["source"] == "Reuters"
    # Offsets count in the plain text: a claim on "about 2,000" keeps its quote.
    add = cli("tag", "notes", "about 2,000", "--label", "figure", "--corpus", str(tmp_path))
    assert add.returncode == 0, add.stderr
    listed = cli("claims", "--json", "--corpus", str(tmp_path))
    claim = json.loads(listed.stdout)["claims"][0]
    plain = next(row for row in sentences if "about 2,000" in row["text"])
    assert claim["quote"] == "about 2,000"
    assert plain["start"] <= claim["start"] < claim["end"] <= plain["end"]


def test_a_damaged_pdf_or_word_file_is_skipped_with_one_line(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(f"{LEAD}\n", encoding="utf-8")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\nthis is not a pdf at all\n")
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 not a zip")
    rows, result = _articles(cli, tmp_path)
    assert list(rows) == ["good"]
    lines = result.stderr.splitlines()
    assert any(line.startswith(f"syria-reader: skipped {tmp_path / 'broken.pdf'}: ")
               for line in lines)
    assert any(line.startswith(f"syria-reader: skipped {tmp_path / 'broken.docx'}: not a "
                               "readable Word document") for line in lines)
    assert "Traceback" not in result.stderr and len(lines) == 2


def test_windows_1252_reads_as_written_and_the_guess_is_named(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "money.txt").write_bytes(
        "Monday’s deal cost €12 million, a “naïve” plan.\n".encode("cp1252"))
    (tmp_path / "latin.txt").write_bytes("A naïve plan, the café said.\n".encode("latin-1"))
    _, result = _articles(cli, tmp_path)
    assert _text(cli, tmp_path, "money") == "Monday’s deal cost €12 million, a “naïve” plan."
    assert _text(cli, tmp_path, "latin") == "A naïve plan, the café said."
    assert (f"syria-reader: note: {tmp_path / 'money.txt'}: not UTF-8; decoded as cp1252 "
            "(a guess: name the encoding with --encoding)") in result.stderr.splitlines()


def test_encoding_names_what_a_file_is_in(cli: Cli, tmp_path: Path) -> None:
    czech = "Příliš žluťoučký kůň úpěl ďábelské ódy.\n"
    (tmp_path / "czech.txt").write_bytes(czech.encode("cp1250"))
    assert _text(cli, tmp_path, "czech", "--encoding", "cp1250") == czech.strip()
    _, result = _articles(cli, tmp_path, "--encoding", "cp1250")
    assert "note" not in result.stderr  # named, not guessed
    unknown = cli("articles", "--corpus", str(tmp_path), "--encoding", "klingon")
    assert unknown.returncode == 2
    assert unknown.stderr.strip() == "syria-reader: error: unknown encoding 'klingon'"
    not_text = cli("articles", "--corpus", str(tmp_path), "--encoding", "rot13")
    assert not_text.stderr.strip() == "syria-reader: error: 'rot13' is not a text encoding"


def test_dates_are_read_as_newsrooms_write_them(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(f"Troops stay\nDec. 19, 2018\n{LEAD}\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(f"Troops stay\n19 December 2018\n{LEAD}\n",
                                    encoding="utf-8")
    (tmp_path / "c.txt").write_text(
        f"Troops stay\nBy Jane Doe | Updated 3:04 PM ET, Wed December 19, 2018\n{LEAD}\n",
        encoding="utf-8")
    (tmp_path / "d.md").write_text(f"---\ndate: Dec. 19, 2018\n---\n{LEAD}\n",
                                   encoding="utf-8")
    (tmp_path / "e.txt").write_text(f"Troops stay\nDecember 2018\n{LEAD}\n", encoding="utf-8")
    # Figures near a year are no date: nothing is invented.
    (tmp_path / "f.txt").write_text(
        f"In March 2018, 12 people were killed in Raqqa\nPage 3 of 12 | 2018\n{LEAD}\n",
        encoding="utf-8")
    rows, _ = _articles(cli, tmp_path)
    assert {key: row["date"] for key, row in rows.items()} == {
        "a": "2018-12-19", "b": "2018-12-19", "c": "2018-12-19", "d": "2018-12-19", "e": None,
        "f": None}


def test_a_web_page_that_names_no_encoding_is_read_as_windows_1252_and_says_so(
    cli: Cli, tmp_path: Path
) -> None:
    words = "A naïve plan cost €12 million on Monday’s visit, officials said on Wednesday."
    (tmp_path / "page.html").write_bytes(
        f"<html><body><article><p>{words}</p><p>{MORE}</p></article></body></html>"
        .encode("cp1252"))
    _, result = _articles(cli, tmp_path)
    assert words in _text(cli, tmp_path, "page")
    assert "decoded as cp1252 (a guess" in result.stderr


def test_a_markdown_list_item_that_opens_with_code_keeps_its_number(tmp_path: Path) -> None:
    from syria_reader.corpus.formats.markdown import render

    blocks, _ = render("1. ```\n   code\n   ```\n2. second\n")
    assert blocks == ["1. code", "2. second"]
