from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from syria_reader.corpus import CorpusError, UnknownArticleError, bundled_corpus_dir, load_corpus
from syria_reader.corpus.dates import with_year
from syria_reader.corpus.metadata import dated, dateline_day, derive_date, derive_source

BUNDLED_IDS = [
    "000_6437c01467f5b919",
    "001_bbe71e4facf1fbc5",
    "002_802f6b2f44435b78",
    "003_0b3e4987bd99488f",
    "004_15bbb8aca3db46c5",
]


# The sha256 of each source article (the seeds the bundled copies were taken from):
# the test needs nothing outside this repository to know them byte for byte.
SOURCE_SHA256 = {
    "000_6437c01467f5b919": "c8ddd9cce49d790b68609b914b438a95d8f0aeb3b91755f335dcc63f4f1bdd27",
    "001_bbe71e4facf1fbc5": "7a7b81d204e961b969d3813bc1e3fe1cb97a2a60cdbb51e2073860ef480f9cd1",
    "002_802f6b2f44435b78": "3849436aed5b7ba539a1828c1e2ebea67b34cc1221268c729b152e8c0f6c9a82",
    "003_0b3e4987bd99488f": "9d43d9122cd32a1cdb2c2010e36df407fa5b080635360be2870a352a39219921",
    "004_15bbb8aca3db46c5": "4e63b27ebfc91ba4f06e07f7f68a4767dffe87a72b3244ac4e7ba850131834c6",
}


def test_bundled_articles_are_byte_identical_to_their_sources() -> None:
    bundled = sorted(bundled_corpus_dir().glob("*.txt"))
    assert [p.stem for p in bundled] == BUNDLED_IDS
    for path in bundled:
        assert hashlib.sha256(path.read_bytes()).hexdigest() == SOURCE_SHA256[path.stem]


def test_bundled_corpus_loads_with_manifest_metadata() -> None:
    corpus = load_corpus()
    assert [a.id for a in corpus.articles] == BUNDLED_IDS
    assert corpus.skipped == [] and corpus.notices == []
    by_id = {a.id: a for a in corpus.articles}
    assert by_id["001_bbe71e4facf1fbc5"].title.startswith("State Dept. Officials:")
    assert by_id["003_0b3e4987bd99488f"].source == "CNN"
    for article in corpus.articles:
        raw = (bundled_corpus_dir() / f"{article.id}.txt").read_text(encoding="utf-8")
        assert article.text == raw
        assert article.sha256 == hashlib.sha256(raw.encode()).hexdigest()


def test_manifest_titles_and_sources_are_not_invented() -> None:
    manifest = json.loads((bundled_corpus_dir() / "manifest.json").read_text(encoding="utf-8"))
    corpus = load_corpus()
    for entry in manifest["articles"]:
        text = corpus.get(entry["id"]).text
        # a title is the headline or words of the lead: every word stands in the text
        assert all(word in text for word in entry["title"].split()), entry["id"]
        if entry["source"]:
            assert entry["source"] in text
        if entry["date"]:
            assert entry["date"] in text


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def test_user_corpus_order_is_stable_and_recursive(tmp_path: Path) -> None:
    write(tmp_path / "b.txt", "Second article.\n")
    write(tmp_path / "a.md", "# First\n\nThe body.\n")
    write(tmp_path / "sub" / "c.txt", "Third article.\n")
    write(tmp_path / "notes.json", "{}")
    write(tmp_path / ".hidden" / "d.txt", "Hidden.\n")
    corpus = load_corpus(tmp_path)
    assert [a.id for a in corpus.articles] == ["a", "b", "c"]
    assert corpus.get("a").title == "First"


def test_colliding_stems_get_path_ids(tmp_path: Path) -> None:
    write(tmp_path / "x" / "report.txt", "One.\n")
    write(tmp_path / "y" / "report.txt", "Two.\n")
    assert [a.id for a in load_corpus(tmp_path).articles] == ["x__report", "y__report"]


def test_bom_and_crlf(tmp_path: Path) -> None:
    write(tmp_path / "bom.txt", b"\xef\xbb\xbfHeadline here\r\n\r\nFirst line. Second.\r\n")
    article = load_corpus(tmp_path).get("bom")
    assert article.text == "Headline here\n\nFirst line. Second.\n"
    assert article.title == "Headline here"
    assert [article.text[s:e] for s, e in article.sentences] == [
        "Headline here", "First line.", "Second."
    ]


def test_front_matter_sets_metadata_and_is_not_text(tmp_path: Path) -> None:
    write(
        tmp_path / "fm.md",
        "---\ntitle: \"Troops stay\"\nsource: Reuters\ndate: 2018-09-07\n---\nThe US stays.\n",
    )
    article = load_corpus(tmp_path).get("fm")
    assert (article.title, article.source, article.date) == ("Troops stay", "Reuters", "2018-09-07")
    assert article.text == "The US stays.\n"


def test_metadata_is_derived_only_from_what_the_text_says(tmp_path: Path) -> None:
    write(tmp_path / "plain.txt", "A long lead sentence without a headline, it just starts.\n")
    write(tmp_path / "dated.txt", "Title line\nSeptember 7, 2018\nCNN \u00a0—\u00a0\nBody text.\n")
    corpus = load_corpus(tmp_path)
    plain = corpus.get("plain")
    assert plain.title == "A long lead sentence without a headline, it just starts"
    assert (plain.source, plain.date) == (None, None)
    dated = corpus.get("dated")
    assert (dated.title, dated.source, dated.date) == ("Title line", "CNN", "2018-09-07")


def test_other_encodings_are_detected_and_reported(tmp_path: Path) -> None:
    text = "Le président a déclaré que les troupes américaines resteront en Syrie. " * 4
    write(tmp_path / "latin.txt", text.encode("cp1252"))
    corpus = load_corpus(tmp_path)
    assert corpus.get("latin").text == text
    assert len(corpus.notices) == 1
    assert "decoded as" in corpus.notices[0].message


def test_empty_binary_and_unreadable_files_are_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "good.txt", "Fine.\n")
    write(tmp_path / "empty.txt", b"")
    write(tmp_path / "blank.md", b"  \n\n")
    write(tmp_path / "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    locked = write(tmp_path / "locked.txt", "secret\n")
    original = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self == locked:
            raise PermissionError(13, "Permission denied", str(self))
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    corpus = load_corpus(tmp_path)
    assert [a.id for a in corpus.articles] == ["good"]
    reasons = {s.path.name: s.reason for s in corpus.skipped}
    assert reasons == {
        "blank.md": "empty file",
        "empty.txt": "empty file",
        "image.txt": "binary file (NUL bytes)",
        "locked.txt": "Permission denied",
    }


def test_nothing_to_load_is_an_error(tmp_path: Path) -> None:
    write(tmp_path / "empty.txt", b"")
    with pytest.raises(CorpusError, match="no readable"):
        load_corpus(tmp_path)
    with pytest.raises(CorpusError, match="not found"):
        load_corpus(tmp_path / "missing")


def test_article_lookup_by_unique_prefix() -> None:
    corpus = load_corpus()
    assert corpus.get("003").id == "003_0b3e4987bd99488f"
    with pytest.raises(UnknownArticleError, match="matches 5 articles"):
        corpus.get("00")
    with pytest.raises(UnknownArticleError, match="no article"):
        corpus.get("zzz")


def test_a_30_mb_article_loads_whole(tmp_path: Path) -> None:
    paragraph = load_corpus().get("004").text
    copies = 30 * 1024 * 1024 // len(paragraph.encode()) + 1
    write(tmp_path / "huge.txt", paragraph * copies)
    article = load_corpus(tmp_path).get("huge")
    assert len(article.text.encode()) >= 30 * 1024 * 1024
    assert article.text.startswith("Members of Iran")


def test_a_wire_dateline_gives_the_source(tmp_path: Path) -> None:
    write(tmp_path / "wire.txt", "Strikes near the dam\n\nKESTREL (Reuters) — The army said "
                                 "on Monday that it had taken the dam.\n")
    write(tmp_path / "cnn.txt", "WASHINGTON (CNN)The Pentagon said so.\n")
    write(tmp_path / "two.txt", "AMMAN, Jordan (AP) - Jordan said so.\n")
    write(tmp_path / "group.txt", "Headline of a report\n\nThe Syrian Democratic Forces (SDF) "
                                  "— a coalition — said so.\nNATO allies (Germany) agreed.\n")
    corpus = load_corpus(tmp_path)
    assert [corpus.get(name).source for name in ("wire", "cnn", "two", "group")] == [
        "Reuters", "CNN", "AP", None]


def test_a_compound_or_a_list_after_parentheses_is_no_dateline(tmp_path: Path) -> None:
    write(tmp_path / "led.txt", "SDF (Syrian Democratic Forces)-led fighters took the town.\n")
    write(tmp_path / "list.txt", "UNHCR (UN Refugee Agency)\n- 6.8 million refugees\n")
    write(tmp_path / "wire.txt", "AMMAN, Jordan (AP) -\nJordan said so.\n")
    corpus = load_corpus(tmp_path)
    assert [corpus.get(name).source for name in ("led", "list", "wire")] == [None, None, "AP"]


def test_a_dateline_day_takes_the_year_the_file_or_the_corpus_knows(tmp_path: Path) -> None:
    # The year from a copyright line, from the file's folder or name, or from the
    # corpus when only one year puts the day among its other articles' dates; else no
    # date at all.
    write(tmp_path / "copyright.txt", "Strikes near the dam\n\nKOBANI, Syria, Dec. 19 (AP) - "
                                      "The army said so.\n\n© 2018 The Associated Press\n")
    write(tmp_path / "2017" / "folder.txt", "Troops\n\nWASHINGTON, March 5 — Said.\n")
    write(tmp_path / "2017-03_name.txt", "Troops\n\nWASHINGTON, March 6 -- Said.\n")
    write(tmp_path / "dated.txt", "Earlier\nSeptember 7, 2018\n\nThe US said so.\n")
    write(tmp_path / "later.txt", "---\ndate: 2019-01-10\n---\nThe US said so again.\n")
    write(tmp_path / "corpus.txt", "Pullout\n\nBEIRUT, Dec. 20 (Reuters) -- Said.\n")
    write(tmp_path / "open.txt", "Pullout\n\nBEIRUT, June 1 — Said.\n")
    write(tmp_path / "leap.txt", "Pullout\n\nBEIRUT, Feb. 29 — Said.\n")
    # A number in a name is no year, nor a range, a credit or a year to come.
    write(tmp_path / "all-2000-us-troops.txt", "Out\n\nWASHINGTON, Dec. 21 — Said.\n")
    write(tmp_path / "range.txt", "Out\n\nBEIRUT, June 2 — Said.\n\n© 2010–2024 BBC\n")
    write(tmp_path / "credit.txt", "Out\nPhoto: © 2016 AFP\n\nBEIRUT, June 3 — Said.\n")
    write(tmp_path / "future.txt", "Out\n\nBEIRUT, June 4 — Said.\n\n© 2999 Reuters\n")
    write(tmp_path / "caption.txt", "Out\n© 2016 AFP/File\n\nBEIRUT, June 8 — Said.\nOn.\n"
                                    "And on.\nThe end.\n")  # a caption's, not the notice
    write(tmp_path / "list.txt", "Out\n\nBEIRUT, June 9 — Said.\n\nCopyright 2017, 2018 AP\n")
    # The file's own year is not overruled: no February 29 in 2019.
    write(tmp_path / "own.txt", "Out\n\nBEIRUT, Feb. 29 — Said.\n\n© 2019 Reuters\n")
    write(tmp_path / "written.txt", "---\ndate: --12-19\n---\nBEIRUT, Dec. 19 — Said.\n")
    corpus = load_corpus(tmp_path)
    names = ("copyright", "folder", "2017-03_name", "corpus", "open", "leap",
             "all-2000-us-troops", "range", "credit", "future", "caption", "list", "own",
             "written")
    assert {name: corpus.get(name).date for name in names} == {
        "copyright": "2018-12-19",
        "folder": "2017-03-05",
        "2017-03_name": "2017-03-06",
        "corpus": "2018-12-20",  # the full dates run from 2018-09-07 to 2019-01-10
        "open": None,  # June 1 falls in neither 2018's part of that nor 2019's
        "leap": None,  # no February 29 in 2018 or 2019
        "all-2000-us-troops": "2018-12-21",  # from the corpus, not 2000 from the name
        "range": None, "credit": None, "future": None, "caption": None, "list": None,
        "own": None,
        "written": None,  # what the analyst wrote is no full date: not used, nor completed
    }
    assert corpus.get("copyright").source == "AP"
    assert corpus.get("corpus").source == "Reuters"


def test_the_files_own_year_is_not_overruled_nor_a_year_to_come_taken(tmp_path: Path) -> None:
    # The corpus runs over February 29, 2020: a day with a year from the file that has
    # no such day, or a notice of a year to come, must not fall back to the corpus's.
    write(tmp_path / "first.txt", "---\ndate: 2019-06-01\n---\nThe US said so.\n")
    write(tmp_path / "last.txt", "---\ndate: 2020-06-01\n---\nThe US said so.\n")
    write(tmp_path / "typo.txt", "---\ndate: 2108-12-19\n---\nA typo, not a bound.\n")
    write(tmp_path / "own.txt", "Out\n\nBEIRUT, Feb. 29 — Said.\n\n© 2019 Reuters\n")
    write(tmp_path / "leap.txt", "Out\n\nBEIRUT, Feb. 29 — Said.\n")
    write(tmp_path / "future.txt", "Out\n\nBEIRUT, June 4 — Said.\n\n© 2999 Reuters\n")
    write(tmp_path / "soon.txt", "Out\n\nBEIRUT, June 5 — Said.\n\n© 2099 Reuters\n")
    write(tmp_path / "2017-2018" / "ranged.txt", "Out\n\nBEIRUT, June 6 — Said.\n")
    write(tmp_path / "2018-2019_review.txt", "Out\n\nBEIRUT, June 7 — Said.\n")
    corpus = load_corpus(tmp_path)
    assert {name: corpus.get(name).date for name in
            ("own", "leap", "future", "soon", "ranged", "2018-2019_review")} == {
        "own": None, "leap": "2020-02-29", "future": "2019-06-04", "soon": "2019-06-05",
        "ranged": "2019-06-06", "2018-2019_review": "2019-06-07"}


def test_one_date_fixes_no_year_but_its_own_day(tmp_path: Path) -> None:
    write(tmp_path / "dated.txt", "Earlier\nDecember 20, 2018\n\nThe US said so.\n")
    write(tmp_path / "later.txt", "Pullout\n\nBEIRUT, Dec. 31 — Said.\n")
    write(tmp_path / "same.txt", "Pullout\n\nBEIRUT, Dec. 20 — Said.\n")
    corpus = load_corpus(tmp_path)
    assert (corpus.get("later").date, corpus.get("same").date) == (None, "2018-12-20")


# Texts made of datelines' pieces, shuffled with anything.
DATELINE_PIECES = st.sampled_from(["WASHINGTON", "KOBANI", ", ", "Syria", "Dec.", "Feb", " 19",
                                   " 29", " 31", " 0", " (AP)", " (", " — ", " -", "\n",
                                   "©", "Copyright", " 2018", " 1899", " "])


@given(st.lists(st.one_of(DATELINE_PIECES, st.characters())).map("".join))
def test_what_any_text_gives_is_a_real_date_or_nothing(text: str) -> None:
    found = derive_date(text)
    assert found is None or (len(found) == 10 and with_year("--" + found[5:], int(found[:4])))
    day = dateline_day(text)
    assert day is None or with_year(day, 2000) is not None  # a day some year has
    full, partial = dated(text)
    assert full == found and (partial is None or (full is None and partial == day))
    source = derive_source(text)
    assert source is None or (source.strip() == source and "\n" not in source)


def test_a_written_date_that_is_no_real_date_is_not_used_and_said(tmp_path: Path) -> None:
    # A date the front matter or the manifest gives is used only when it is a real full
    # date; else the article has none (not one its text gives) and a note names it.
    write(tmp_path / "feb30.txt", "---\ndate: 2018-02-30\n---\nDecember 19, 2018\n\nSaid.\n")
    write(tmp_path / "far.txt", "---\ndate: 99999-01-01\n---\nThe US said so.\n")
    write(tmp_path / "month.md", "---\ndate: 2018-13-45\n---\nThe US said so.\n")
    write(tmp_path / "spelled.txt", "---\ndate: Dec. 19, 2018\n---\nThe US said so.\n")
    write(tmp_path / "listed.txt", "---\ndate: 2018-03-01\n---\nThe US said so.\n")
    write(tmp_path / "named.txt", "Said\n\nThe US said so.\n")
    manifest = {"articles": [{"id": "listed", "date": "2018-02-29"},
                             {"id": "named", "date": "19 December 2018"}]}
    write(tmp_path / "manifest.json", json.dumps(manifest))
    corpus = load_corpus(tmp_path, cache=False)
    assert {article.id: article.date for article in corpus.articles} == {
        "far": None, "feb30": None, "listed": "2018-03-01", "month": None,
        "named": "2018-12-19", "spelled": "2018-12-19"}
    assert [(notice.path.name, notice.message) for notice in corpus.notices] == [
        ("far.txt", "its date '99999-01-01' is not a full date; not used"),
        ("feb30.txt", "its date '2018-02-30' is not a full date; not used"),
        ("manifest.json", "the date of 'listed', '2018-02-29', is not a full date; not used"),
        ("month.md", "its date '2018-13-45' is not a full date; not used"),
    ]


def test_a_utf16_byte_order_mark_is_utf16_text_or_a_binary_file(tmp_path: Path) -> None:
    import codecs
    import random

    text = "Troops stay\n\nThe US said on Wednesday that 2,000 troops stay.\n"
    write(tmp_path / "little.txt", text.encode("utf-16"))
    write(tmp_path / "big.txt", codecs.BOM_UTF16_BE + text.encode("utf-16-be"))
    write(tmp_path / "wide.txt", text.encode("utf-32"))
    # Bytes after the mark that are no UTF-16 text: read as Windows-1252 before.
    noise = bytes(byte & 0x7F for byte in random.Random(0).randbytes(600))
    write(tmp_path / "noise.txt", codecs.BOM_UTF16_LE + noise)
    corpus = load_corpus(tmp_path, cache=False)
    assert {a.id: (a.text, a.encoding) for a in corpus.articles} == {
        "big": (text, "utf-16"), "little": (text, "utf-16"), "wide": (text, "utf-32")}
    assert corpus.notices == []
    assert [(item.path.name, item.reason) for item in corpus.skipped] == [
        ("noise.txt", "binary file (no UTF-16 text after its byte-order mark)")]
