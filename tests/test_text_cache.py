"""A long text's sentences are split on every core, and kept (corpus/facts_cache.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from syria_reader.corpus import Article, Span, load_corpus, split_sentences, text_cache
from syria_reader.corpus import article as article_module
from syria_reader.corpus.facts_cache import default_path


def long_text() -> str:
    texts = [a.text for a in load_corpus().articles]
    return "\n\n".join(texts * 8)


def test_splitting_on_every_core_gives_the_same_sentences() -> None:
    text = long_text()
    assert text_cache.split_everywhere(text, workers=1) == split_sentences(text)
    blocks = text_cache._blocks(text, 3)
    assert blocks[0][0] == 0 and blocks[-1][1] == len(text)
    assert all(text[end - 1] == "\n" for _, end in blocks[:-1])


def test_parallel_split_in_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(text_cache, "IN_PROCESSES_FROM", 10_000)
    text = long_text()
    assert text_cache.split_everywhere(text, workers=2) == split_sentences(text)


def test_a_long_text_is_split_in_a_process_even_on_one_core(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The reader splits a long article in a thread: in this interpreter syntok held
    the keys for a second or more, so the splitting runs in a worker process."""
    monkeypatch.setattr(text_cache, "IN_PROCESSES_FROM", 10_000)
    text = long_text()
    expected = split_sentences(text)

    def not_here(text: str) -> list[Span]:
        raise AssertionError("split in the calling process")

    monkeypatch.setattr(text_cache, "split_sentences", not_here)  # a spawned one has its own
    assert text_cache.split_everywhere(text, workers=1) == expected


def test_a_long_text_made_in_code_is_split_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """An article that was not loaded (no facts) keeps a long text's sentences too."""
    monkeypatch.setattr(article_module, "_LONG", 1_000)
    text = long_text()
    first = Article(id="long", title="Long", text=text)
    expected = split_sentences(text)
    assert first.sentences == expected
    assert first.word_count > 0

    def no_split(text: str, workers: int | None = None) -> list[Span]:
        raise AssertionError("split again")

    monkeypatch.setattr(text_cache, "split_everywhere", no_split)
    again = Article(id="long", title="Long", text=text)
    assert again.sentences == expected
    assert Article(id="short", title="Short", text="One. Two.").sentences == [(0, 4), (5, 9)]


def test_a_broken_cache_file_is_a_miss(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(article_module, "_LONG", 1_000)
    default_path().parent.mkdir(parents=True)
    default_path().write_bytes(b"not a cache file\n" * 100)
    text = long_text()
    assert Article(id="long", title="Long", text=text).sentences == split_sentences(text)


def test_many_new_articles_are_split_on_every_core(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    monkeypatch.setattr(text_cache, "PARALLEL_FROM", 20_000)  # each below, all above
    folder = tmp_path / "corpus"
    folder.mkdir()
    for number, article in enumerate(load_corpus().articles * 2):
        (folder / f"a{number}.txt").write_text(f"{article.text}\nCopy {number}.\n",
                                               encoding="utf-8")
    articles = load_corpus(folder).articles
    text_cache.split_articles(articles, workers=2)
    assert all(article.sentences_ready for article in articles)
    assert [a.sentences for a in articles] == [split_sentences(a.text) for a in articles]
    again = load_corpus(folder).articles
    assert all(a.sentence_count_known and not a.sentences_ready for a in again)
    assert [a.summary() for a in again] == [a.summary() for a in articles]


def test_worker_processes_run_below_the_reader_s_priority() -> None:
    """Recognition and splitting are background work: on two cores, spaCy and two
    splitting workers at the reader's priority took the CPU from its keys."""
    import os

    from syria_reader.corpus.processes import BACKGROUND_NICENESS, spawn_pool

    with spawn_pool(1) as pool:
        niceness = pool.submit(os.nice, 0).result()
    assert niceness == min(os.nice(0) + BACKGROUND_NICENESS, 19)


def test_worker_processes_write_nothing_on_the_reader_s_terminal(
    capfd: pytest.CaptureFixture[str],
) -> None:
    """Splitting and the gazetteer run in workers that share the terminal the reader
    draws on, as recognition does: what a worker prints goes nowhere."""
    from syria_reader.corpus.processes import spawn_pool

    with spawn_pool(1) as pool:
        pool.submit(print, "from a worker").result()
    assert "from a worker" not in capfd.readouterr().out
