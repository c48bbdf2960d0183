"""Related passages: index build, update and query speed, on the bundled corpus and on
a synthetic corpus of N articles.

    .venv/bin/python -m bench.related_bench [--articles 1000] [--queries 50]

Index build (cold, and from the cache), one article's update and the query after it,
and query time over ``--queries`` sentences spread over the corpus plus free texts. The
synthetic corpus is ``synthetic_corpus.generate``'s, its entities clustered from its own
mentions (no spaCy run beyond the bundled five). How well the engine ranks is
``bench/related_quality.py``'s. Prints a markdown table and writes
bench/out/related.json. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.related_set import PAIRS
from bench.report import save_json
from bench.synthetic_corpus import generate
from syria_reader.annotations.entities.clusters import cluster_mentions
from syria_reader.annotations.entities.index import EntityIndex, build_entity_index
from syria_reader.annotations.linking.related import RelatedIndex
from syria_reader.corpus import Corpus, load_corpus
from syria_reader.corpus.entities import Mention

OUT = Path(__file__).resolve().parent / "out" / "related.json"
TOP = 5

FREE_TEXTS = [side[1] for _, one, other in PAIRS[:2] for side in (one, other)]


def timed(function: Callable[[], object], repeat: int = 1) -> tuple[float, object]:
    best, result = math.inf, None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - started)
    return best, result


def query_times(index: RelatedIndex, corpus: Corpus, count: int) -> dict[str, float]:
    """Milliseconds per query over ``count`` sentences spread over the corpus, plus free
    texts; median and worst."""
    spans = [(a.id, s, e) for a in corpus.articles for s, e in a.sentences]
    step = max(len(spans) // count, 1)
    times = []
    for article, start, end in spans[::step][:count]:
        started = time.perf_counter()
        index.query_span(article, start, end, limit=TOP)
        times.append((time.perf_counter() - started) * 1000)
    for text in FREE_TEXTS:
        started = time.perf_counter()
        index.query(text, limit=TOP)
        times.append((time.perf_counter() - started) * 1000)
    return {"median_ms": statistics.median(times), "max_ms": max(times), "queries": len(times)}


def synthetic(n: int) -> tuple[Corpus, EntityIndex, float]:
    """N synthetic articles and their entity index; the clustering time is returned."""
    folder = Path(tempfile.mkdtemp(prefix="related-bench-"))
    generated = generate(n, folder, seed=0)
    corpus = load_corpus(folder)
    mentions = [Mention.from_dict(json.loads(line)) for line in
                (folder / "mentions.jsonl").read_text(encoding="utf-8").splitlines()]
    started = time.perf_counter()
    entities = EntityIndex(cluster_mentions(mentions, generated.texts))
    return corpus, entities, time.perf_counter() - started


def speed(corpus: Corpus, entities: EntityIndex, count: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        for article in corpus.articles:
            _ = article.sentences  # segmentation is the loader's cost, not the index's
        cold, index = timed(lambda: RelatedIndex.build(corpus, entities,
                                                       cache_folder=Path(folder)))
        warm, cached = timed(lambda: RelatedIndex.build(corpus, entities,
                                                        cache_folder=Path(folder)))
        assert isinstance(index, RelatedIndex) and isinstance(cached, RelatedIndex)
        assert cached.from_cache
        # Each change, then the query after it (which computes the IDF again).
        changes, afters = [], []
        for article in corpus.articles[:5]:
            changes.append(timed(lambda a=article: index.update(a))[0])
            afters.append(timed(lambda: index.query(FREE_TEXTS[0], limit=TOP))[0])
        changed, after = statistics.median(changes), statistics.median(afters)
        return {
            "articles": len(corpus.articles),
            "sentences": sum(len(a.sentences) for a in corpus.articles),
            "build_s": cold, "cached_build_s": warm, "update_one_article_ms": changed * 1000,
            "query_after_update_ms": after * 1000,
            "worst_query_after_update_ms": max(afters) * 1000,
            **query_times(cached, corpus, count),
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000, help="synthetic corpus size")
    parser.add_argument("--queries", type=int, default=50, help="timed queries per corpus")
    args = parser.parse_args(argv)
    os.environ.setdefault("XDG_CACHE_HOME", tempfile.mkdtemp(prefix="related-bench-cache-"))

    corpus = load_corpus()
    entities = build_entity_index(corpus)
    bundled = speed(corpus, entities, args.queries)
    print(f"\n## Speed (one build each; update and the query after it: median of 5; "
          f"queries: median / worst of {args.queries}+)\n")
    corpus_n, entities_n, clustering = synthetic(args.articles)
    large = speed(corpus_n, entities_n, args.queries)
    print("| corpus | articles | sentences | build | build from cache | update 1 article "
          "| next query | query median | query worst |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for label, row in (("bundled", bundled), ("synthetic", large)):
        print(f"| {label} | {row['articles']} | {row['sentences']} | {row['build_s']:.2f} s "
              f"| {row['cached_build_s']:.2f} s | {row['update_one_article_ms']:.1f} ms "
              f"| {row['query_after_update_ms']:.1f} ms "
              f"| {row['median_ms']:.1f} ms | {row['max_ms']:.1f} ms |")
    print(f"\n(entity clustering of the synthetic corpus, not counted above: {clustering:.1f} s)")

    save_json(OUT, {
        "top": TOP,
        "speed": {"bundled": bundled, "synthetic": large},
        "synthetic_clustering_s": clustering,
    })
    print(f"\nwrote {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
