"""The corpus-facts cache: a file seen before is not converted or split again, and every
command answers byte for byte as it does without the cache."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import FrameType, SimpleNamespace

import pytest

from syria_reader.corpus import (
    Corpus,
    facts_cache,
    file_facts,
    load_corpus,
    loader,
    split_sentences,
    text_cache,
)
from syria_reader.corpus.facts_cache import default_path
from tests.conftest import COMMAND, RunResult

Cli = Callable[..., RunResult]

LEAD = "The United States will keep about 2,000 troops in Syria, an official said. " * 3


def write_corpus(folder: Path) -> Path:
    """Articles of every kind the loader treats apart, and files it skips."""
    folder.mkdir()
    files: dict[str, str | bytes] = {
        "fm.md": "---\ntitle: \"Troops stay\"\nsource: Reuters\ndate: Sept. 7, 2018\n---\n"
                 "# Heading\n\nThe US stays. *For now*, it says.\n",
        "dated.txt": "Title line\nSeptember 7, 2018\nCNN \u00a0\u2014\u00a0\nBody text. More.\n",
        "plain.txt": "A long lead sentence without a headline, it just starts. Then more.\n",
        "latin.txt": ("Le pr\u00e9sident a d\u00e9clar\u00e9 que les troupes resteront. " * 4)
                     .encode("cp1252"),
        "nulled.txt": "Title two\nSource: Somewhere\nDec. 19, 2018\n" + LEAD,
        "empty.txt": b"",
        "image.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "notes.csv": "a,b\n",
        "sub/plain.txt": "Another plain one.\nWith two lines.\n",
    }
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
    manifest = {"articles": [{"id": "nulled", "title": None, "source": None, "date": None}]}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder


def rows(corpus: Corpus) -> list[object]:
    """Everything an article is, as plain data: what any command could print."""
    return [(a.id, a.title, a.source, a.date, str(a.path), a.encoding, a.encoding_guessed,
             a.text, a.sha256, a.word_count, a.sentence_count, a.sentences)
            for a in corpus.articles] + [
        [(s.path, s.reason) for s in corpus.skipped],
        [(n.path, n.message) for n in corpus.notices]]


def test_articles_json_is_the_same_with_and_without_the_cache(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = write_corpus(tmp_path / "corpus")
    cold = cli("articles", "--json", "--corpus", str(folder))
    assert cold.returncode == 0, cold.stderr
    assert default_path().is_file()
    warm = cli("articles", "--json", "--corpus", str(folder))
    # No cache at all: its folder cannot be made (a file stands where it would be).
    blocked = tmp_path / "blocked"
    blocked.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    uncached = cli("articles", "--json", "--corpus", str(folder))
    assert uncached.returncode == 0, uncached.stderr
    assert (cold.stdout, cold.stderr) == (warm.stdout, warm.stderr)
    assert (uncached.stdout, uncached.stderr) == (warm.stdout, warm.stderr)
    assert "skipped" in warm.stderr and "decoded as" in warm.stderr
    listed = {row["id"]: row for row in json.loads(warm.stdout)["articles"]}
    assert listed["nulled"]["source"] is None  # the manifest's null, from the cache too
    assert listed["dated"]["source"] == "CNN"


def test_sentences_and_tag_are_the_same_from_the_cache(cli: Cli, tmp_path: Path) -> None:
    folder = write_corpus(tmp_path / "corpus")
    first = [cli("sentences", "fm", "--json", "--corpus", str(folder)) for _ in range(2)]
    assert first[0].returncode == 0, first[0].stderr
    assert first[0].stdout == first[1].stdout
    tagged = [cli("tag", "dated", "Body text.", "--label", "figure", "--json",
                  "--corpus", str(folder)) for _ in range(2)]
    assert tagged[0].returncode == 0, tagged[0].stderr
    assert tagged[0].stdout == tagged[1].stdout


def test_everything_is_the_same_from_the_cache(tmp_path: Path) -> None:
    folder = write_corpus(tmp_path / "corpus")
    uncached = rows(load_corpus(folder, cache=False))
    assert rows(load_corpus(folder)) == uncached  # the cache filled
    assert rows(load_corpus(folder)) == uncached  # and read
    assert not list((tmp_path / "corpus").glob("*.sqlite3*"))  # nothing beside the articles


def count_calls(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> list[str]:
    calls: list[str] = []
    original = getattr(module, name)

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(name)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_only_a_changed_file_is_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = write_corpus(tmp_path / "corpus")
    assert [a.summary() for a in load_corpus(folder).articles]  # counted and kept
    facts = count_calls(monkeypatch, loader, "read_facts")
    converted = count_calls(monkeypatch, file_facts, "convert")
    warm = load_corpus(folder)
    assert [a.summary() for a in warm.articles]  # counts, titles, hashes: all known
    assert (facts, converted) == ([], [])  # not one file converted
    assert warm.get("plain").text.startswith("A long lead")  # the text, when read
    assert converted == ["convert"]

    changed = folder / "dated.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "An edit.\n", encoding="utf-8")
    os.utime(changed, ns=(0, 0))  # an old time changes nothing: the bytes are the key
    again = load_corpus(folder)
    assert facts == ["read_facts"]
    assert rows(again) == rows(load_corpus(folder, cache=False))


def test_sentences_are_split_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = write_corpus(tmp_path / "corpus")
    article = load_corpus(folder).get("nulled")
    expected = split_sentences(article.text)
    assert article.sentences == expected
    split = count_calls(monkeypatch, text_cache, "split_everywhere")
    again = load_corpus(folder).get("nulled")
    assert again.sentence_count == len(expected) and not again.sentences_ready
    assert again.sentences == expected
    assert split == []


def test_the_manifest_has_the_last_word_over_cached_facts(tmp_path: Path) -> None:
    folder = write_corpus(tmp_path / "corpus")
    assert load_corpus(folder).get("nulled").source is None
    (folder / "manifest.json").write_text('{"articles": []}', encoding="utf-8")
    assert load_corpus(folder).get("nulled").source == "Somewhere"  # derived, kept
    manifest = {"articles": [{"id": "fm", "title": "Given", "source": None}]}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    fm = load_corpus(folder).get("fm")
    assert (fm.title, fm.source, fm.date) == ("Given", "Reuters", "2018-09-07")


def test_a_damaged_cache_file_is_made_anew(tmp_path: Path) -> None:
    folder = write_corpus(tmp_path / "corpus")
    expected = rows(load_corpus(folder, cache=False))
    default_path().parent.mkdir(parents=True)
    # Torn past its first bytes: SQLite's magic and our application id, then garbage.
    header = bytearray(b"SQLite format 3\x00" + b"\xff" * 84)
    header[68:72] = facts_cache._APPLICATION_ID.to_bytes(4, "big")
    default_path().write_bytes(bytes(header) + b"\xff" * 5000)
    assert rows(load_corpus(folder)) == expected
    facts_cache._opened.clear()  # another process, later
    with sqlite3.connect(default_path()) as connection:
        assert connection.execute("SELECT count(*) FROM files").fetchone()[0] == 9 - 1


def test_a_foreign_database_is_left_alone(tmp_path: Path) -> None:
    folder = write_corpus(tmp_path / "corpus")
    default_path().parent.mkdir(parents=True)
    with sqlite3.connect(default_path()) as connection:
        connection.execute("CREATE TABLE mine (x)")
    connection.close()
    before = default_path().read_bytes()
    assert rows(load_corpus(folder)) == rows(load_corpus(folder, cache=False))
    assert default_path().read_bytes() == before


@pytest.mark.parametrize("content", [
    b"my notes, not a cache\n" * 300,
    b"SQLite format 3\x00" + b"\xff" * 5000,  # another program's, damaged
], ids=["text", "foreign-sqlite"])
def test_a_file_we_did_not_write_is_left_alone(tmp_path: Path, content: bytes) -> None:
    folder = write_corpus(tmp_path / "corpus")
    default_path().parent.mkdir(parents=True)
    default_path().write_bytes(content)
    assert rows(load_corpus(folder)) == rows(load_corpus(folder, cache=False))
    assert default_path().read_bytes() == content
    assert sorted(p.name for p in default_path().parent.iterdir()) == [default_path().name]


@pytest.mark.parametrize("name", ["", "-wal", "-shm", "-journal"])
def test_a_symbolic_link_is_not_followed(tmp_path: Path, name: str) -> None:
    """SQLite would write through a link (an empty target becomes our database)."""
    folder = write_corpus(tmp_path / "corpus")
    target = tmp_path / "elsewhere"
    target.write_bytes(b"")
    default_path().parent.mkdir(parents=True)
    link = default_path().with_name(default_path().name + name)
    link.symlink_to(target)
    assert rows(load_corpus(folder)) == rows(load_corpus(folder, cache=False))
    assert target.read_bytes() == b"" and link.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "elsewhere"]


def test_a_locked_cache_is_done_without(tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    folder = write_corpus(tmp_path / "corpus")
    expected = rows(load_corpus(folder, cache=False))
    monkeypatch.setattr(facts_cache, "_BUSY_MS", 50)
    assert facts_cache.open_cache() is not None  # the file and its tables
    facts_cache._opened.clear()
    holder = sqlite3.connect(default_path(), isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another process writing, for longer than we wait
    try:
        assert rows(load_corpus(folder)) == expected  # its writes are forgotten
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert rows(load_corpus(folder)) == expected


def test_two_processes_at_once(tmp_path: Path) -> None:
    folder = write_corpus(tmp_path / "corpus")
    command = [str(COMMAND), "articles", "--json", "--corpus", str(folder)]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True) for _ in range(4)]
    outputs = {run.communicate(timeout=120) for run in runs}
    assert len(outputs) == 1 and all(run.returncode == 0 for run in runs)
    again = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert outputs == {(again.stdout, again.stderr)}


def test_another_version_of_the_facts_is_a_miss(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = write_corpus(tmp_path / "corpus")
    load_corpus(folder)
    monkeypatch.setattr(facts_cache, "_FILES", "files-test")
    facts = count_calls(monkeypatch, loader, "read_facts")
    load_corpus(folder)
    assert len(facts) == 8  # every article file (the .csv is no article)


def test_the_modules_that_make_the_facts_are_part_of_their_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An upgrade of syria-reader that changes how a text is converted or described
    reads no facts of the old code, whether or not ``_FILES`` was bumped."""
    import syria_reader.corpus.formats.plain as plain
    from syria_reader.corpus import article, dates, decoding, metadata, sentences

    covered = set(facts_cache._own_files())
    for module in (plain, article, dates, decoding, metadata, sentences, file_facts):
        assert module.__file__ in covered, module.__name__
    folder = write_corpus(tmp_path / "corpus")
    load_corpus(folder)
    real_stat = os.stat
    edited = str(metadata.__file__)

    def stat(path: object, *args: object, **kwargs: object) -> object:
        status = real_stat(path, *args, **kwargs)  # type: ignore[arg-type]
        if str(path) != edited:
            return status
        return SimpleNamespace(st_ino=status.st_ino, st_size=status.st_size + 1,
                               st_mtime_ns=status.st_mtime_ns + 1)  # written again

    facts_cache._fingerprint.cache_clear()
    monkeypatch.setattr(os, "stat", stat)
    facts = count_calls(monkeypatch, loader, "read_facts")
    load_corpus(folder)
    facts_cache._fingerprint.cache_clear()
    assert len(facts) == 8  # every article file converted again


def test_two_threads_reading_a_deferred_text(tmp_path: Path) -> None:
    """The reader reads texts from worker threads: one that finds no text yet, and is
    paused while another makes it (and lets the bytes go), still gets the text."""
    folder = write_corpus(tmp_path / "corpus")
    load_corpus(folder)
    article = load_corpus(folder).get("plain")  # from the cache: its text deferred
    assert "_make_text" in article.__dict__
    paused, resume = threading.Event(), threading.Event()
    got: list[object] = []

    def local(frame: FrameType, event: str, _arg: object) -> object:
        # Just past ``text = state.get("_text")``, with no text yet: wait for the other.
        if event == "line" and "state" in frame.f_locals and frame.f_locals.get(
                "text", "") is None and not paused.is_set():
            paused.set()
            resume.wait(10)
        return local

    def trace(frame: FrameType, event: str, _arg: object) -> object:
        return local if frame.f_code.co_name == "__get__" else None

    def second() -> None:
        sys.settrace(trace)
        try:
            got.append(article.text)
        except BaseException as error:
            got.append(error)
        finally:
            sys.settrace(None)

    thread = threading.Thread(target=second)
    thread.start()
    assert paused.wait(10)
    first = article.text  # made here meanwhile
    resume.set()
    thread.join(10)
    assert got == [first] and first.startswith("A long lead")
