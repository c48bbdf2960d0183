"""A long text's sentences and words are split once, on every core, and cached."""

from __future__ import annotations

from pathlib import Path

import pytest

from syria_reader.corpus import article as article_module
from syria_reader.corpus import load_corpus, split_sentences, text_cache


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
    monkeypatch.setattr(text_cache, "PARALLEL_FROM", 10_000)
    text = long_text()
    assert text_cache.split_everywhere(text, workers=2) == split_sentences(text)


def test_a_long_article_is_read_back_from_the_cache(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    monkeypatch.setattr(article_module, "_LONG", 1_000)
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "long.txt").write_text(long_text(), encoding="utf-8")
    first = load_corpus(folder).articles[0]
    expected = (split_sentences(first.text), first.word_count)
    assert first.sentences == expected[0]
    cached = list((Path(text_cache.cache_dir())).glob("*.sentences"))
    assert len(cached) == 1
    again = load_corpus(folder).articles[0]
    assert (again.sentence_count, again.word_count) == (len(expected[0]), expected[1])
    assert not again.sentences_ready  # the count came from the cache's header
    assert again.sentences == expected[0]
    cached[0].write_bytes(b"not a cache file\n")  # a broken file is a miss, not an error
    broken = load_corpus(folder).articles[0]
    assert broken.sentences == expected[0]
