"""Entity recognition speed: per 1,000 words, cold and cached.

Run: .venv/bin/python -m bench.ner_bench [--repeat 10] [--runs 5] [--cold-runs 3]
Prints a markdown table and writes bench/out/ner.json. Not part of the test suite.

Cold is measured whole (``recognize_corpus`` with an empty cache: process start, model
load, recognition, post-pass, cache writes) and split apart: process start + model load
(once per session) and recognition proper (one article per task, as the reader runs it).
Cold numbers are medians of ``--cold-runs`` fresh processes. Cached is a whole second
``recognize_corpus`` call: cache reads plus the corpus-wide type fixes, no process.
The corpus is the bundled one, and the bundled one repeated N times as different texts
(each copy gets its own last line, so its sha256 and its cache entry differ).
"""

from __future__ import annotations

import argparse
import platform
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.report import save_json
from syria_reader.corpus import Article, load_corpus
from syria_reader.corpus.entity_types import ArticleEntities, fix_types
from syria_reader.corpus.ner import (
    Recognizer,
    corpus_patterns_path,
    find_model,
    load_patterns,
    pinned_types,
    recognize_corpus,
    result_of,
)
from syria_reader.corpus.ner_cache import NerCache

OUT = Path(__file__).resolve().parent / "out" / "ner.json"


def repeated(articles: list[Article], times: int) -> list[Article]:
    """``times`` copies of every article, each a different text."""
    return [
        Article(id=f"{a.id}-{i}", title=a.title, text=f"{a.text}\n\nCopy {i}.")
        for i in range(times)
        for a in articles
    ]


def per_1k(seconds: float, words: int) -> float:
    return round(seconds * 1000 / (words / 1000), 2)  # milliseconds per 1,000 words


def cold(articles: list[Article], patterns_path: Path | None) -> dict[str, float]:
    """Start + load, then recognition (all texts queued, one per task), timed apart."""
    patterns = load_patterns(patterns_path)
    began = time.perf_counter()
    with Recognizer(patterns) as recognizer:
        recognizer.start()
        started = time.perf_counter()
        futures = [recognizer.submit(a.text) for a in articles]
        raw = [result_of(future) for future in futures]
        recognised = time.perf_counter()
    entities = [ArticleEntities(a.id, a.text, r) for a, r in zip(articles, raw, strict=True)]
    fixing = time.perf_counter()
    fix_types(entities, pinned=pinned_types(patterns))
    return {
        "start_and_load_s": round(started - began, 3),
        "recognition_s": round(recognised - started, 3),
        "post_pass_s": round(time.perf_counter() - fixing, 4),
    }


def median_of(runs: int, measure: Callable[[], dict[str, float]]) -> dict[str, float]:
    results = [measure() for _ in range(runs)]
    return {key: statistics.median(r[key] for r in results) for key in results[0]}


def end_to_end(articles: list[Article], patterns_path: Path | None, runs: int) -> dict[str, float]:
    """``recognize_corpus`` with an empty cache, then warm again ``runs`` times (median)."""
    with tempfile.TemporaryDirectory() as folder:
        began = time.perf_counter()
        recognize_corpus(articles, patterns_path, cache=NerCache(Path(folder)))
        first = time.perf_counter() - began
        warm = []
        for _ in range(runs):
            cache = NerCache(Path(folder))
            began = time.perf_counter()
            recognize_corpus(articles, patterns_path, cache=cache)
            warm.append(time.perf_counter() - began)
            assert cache.misses == 0, "the warm run recognised something"
    return {"cold_total_s": round(first, 3), "cached_s": round(statistics.median(warm), 4)}


def measure(name: str, articles: list[Article], patterns_path: Path | None, runs: int,
            cold_runs: int) -> dict[str, object]:
    words = sum(a.word_count for a in articles)
    whole = median_of(cold_runs, lambda: end_to_end(articles, patterns_path, runs))
    split = median_of(cold_runs, lambda: cold(articles, patterns_path))
    return {
        "corpus": name,
        "articles": len(articles),
        "words": words,
        **split,
        **whole,
        "recognition_ms_per_1k_words": per_1k(split["recognition_s"], words),
        "cold_total_ms_per_1k_words": per_1k(whole["cold_total_s"], words),
        "cached_ms_per_1k_words": per_1k(whole["cached_s"], words),
    }


def table(rows: list[dict[str, object]]) -> str:
    head = ("| corpus | articles | words | start + model load (s) | recognition (ms/1k words) "
            "| cold total (ms/1k words) | cached (ms/1k words) |")
    lines = [head, "|---|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(
            f"| {r['corpus']} | {r['articles']} | {r['words']} | {r['start_and_load_s']} "
            f"| {r['recognition_ms_per_1k_words']} | {r['cold_total_ms_per_1k_words']} "
            f"| {r['cached_ms_per_1k_words']} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10, help="copies for the larger corpus")
    parser.add_argument("--runs", type=int, default=5, help="warm runs to take the median of")
    parser.add_argument("--cold-runs", type=int, default=3, help="cold runs (new process each)")
    args = parser.parse_args()
    corpus = load_corpus()
    patterns_path = corpus_patterns_path(corpus.root)
    rows = [
        measure("bundled", corpus.articles, patterns_path, args.runs, args.cold_runs),
        measure(f"bundled x{args.repeat}", repeated(corpus.articles, args.repeat),
                patterns_path, args.runs, args.cold_runs),
    ]
    print(table(rows))
    model = find_model()
    save_json(OUT, {
        "model": model.id,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "rows": rows,
    })
    print(f"\nwritten to {OUT}")


if __name__ == "__main__":  # required: the recognition process is spawned
    main()
