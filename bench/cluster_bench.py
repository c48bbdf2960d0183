"""Clustering time for 100, 300 and 1,000 synthetic articles (best of 3).

    .venv/bin/python -m bench.cluster_bench [--sizes 100 300 1000] [--repeat 3]

Prints a markdown table; seconds per 1,000 mentions staying flat means linear growth.
"split"/"merged" compare with the clusters of the bundled articles the synthetic ones
were made from (see ``agreement``).
Writes the clusters of the largest corpus to bench/out/clusters.json.
"""

from __future__ import annotations

import argparse
import json
import random
import string
import time
from collections import defaultdict
from pathlib import Path

from bench.synthetic_corpus import SyntheticCorpus, bundled_mentions, generate
from syria_reader.annotations.entities.clusters import EntityCluster, cluster_mentions
from syria_reader.corpus.entities import Mention

OUT = Path(__file__).resolve().parent / "out"


def best_time(corpus: SyntheticCorpus, repeat: int) -> tuple[float, list[EntityCluster]]:
    best, clusters = float("inf"), []
    texts = corpus.texts
    for _ in range(repeat):
        started = time.perf_counter()
        clusters = cluster_mentions(corpus.mentions, texts)
        best = min(best, time.perf_counter() - started)
    return best, clusters


def agreement(corpus: SyntheticCorpus, clusters: list[EntityCluster]) -> tuple[int, int]:
    """(split, merged): bundled-corpus clusters spread over several synthetic clusters,
    and synthetic clusters mixing several bundled ones. Both 0 means every variant was
    linked back and nothing else was."""
    bundled = bundled_mentions()
    base_clusters = cluster_mentions(
        [m for _id, _text, ms in bundled for m in ms], {i: t for i, t, _ms in bundled}
    )
    base_of = {m: c.id for c in base_clusters for m in c.mentions}
    synthetic_of = {m: c.id for c in clusters for m in c.mentions}
    originals = {article_id: sorted(ms) for article_id, _text, ms in bundled}
    by_article: dict[str, list[Mention]] = defaultdict(list)
    for mention in corpus.mentions:
        by_article[mention.article_id].append(mention)
    seen_in: dict[str, set[str]] = defaultdict(set)  # bundled cluster -> synthetic ones
    holds: dict[str, set[str]] = defaultdict(set)  # synthetic cluster -> bundled ones
    for article in corpus.articles:
        pairs = zip(by_article[article.id], originals[article.source_id], strict=True)
        for synthetic, original in pairs:
            seen_in[base_of[original]].add(synthetic_of[synthetic])
            holds[synthetic_of[synthetic]].add(base_of[original])
    split = sum(len(ids) > 1 for ids in seen_in.values())
    merged = sum(len(ids) > 1 for ids in holds.values())
    return split, merged


def random_names(count: int, seed: int) -> list[Mention]:
    """Mentions whose names almost never repeat: the worst case for blocking, where
    the synthetic corpus above reuses the same few hundred spellings."""
    rng = random.Random(seed)
    letters = "aeioulnrstkmdhbg"

    def word() -> str:
        size = rng.randint(3, 9)
        return rng.choice(string.ascii_uppercase) + "".join(rng.choices(letters, k=size))

    mentions = []
    for index in range(count):
        text = " ".join(word() for _ in range(rng.randint(1, 3)))
        label = rng.choice(["PERSON", "ORG", "GPE", "NORP"])
        mentions.append(Mention(f"r{index // 100:05d}", index, index + len(text), text, label))
    return mentions


def stress_table(sizes: list[int], repeat: int, seed: int) -> None:
    print("\n| distinct-name mentions | clusters | seconds | s / 1,000 mentions |")
    print("|---:|---:|---:|---:|")
    for size in sizes:
        mentions = random_names(size, seed)
        best, clusters = float("inf"), []
        for _ in range(repeat):
            started = time.perf_counter()
            clusters = cluster_mentions(mentions)
            best = min(best, time.perf_counter() - started)
        print(f"| {size:,} | {len(clusters):,} | {best:.3f} | {best / size * 1000:.4f} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 300, 1000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--stress", type=int, nargs="*", default=[10_000, 30_000, 90_000],
                        help="mention counts for the all-distinct-names run")
    args = parser.parse_args(argv)

    print("| articles | mentions | distinct forms | clusters | seconds | s / 1,000 mentions "
          "| split | merged |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    clusters: list[EntityCluster] = []
    for size in args.sizes:
        corpus = generate(size, seed=args.seed)
        seconds, clusters = best_time(corpus, args.repeat)
        forms = len({(m.text, m.type) for m in corpus.mentions})
        per_thousand = seconds / len(corpus.mentions) * 1000
        split, merged = agreement(corpus, clusters)
        print(f"| {size:,} | {len(corpus.mentions):,} | {forms:,} | {len(clusters):,} | "
              f"{seconds:.3f} | {per_thousand:.4f} | {split} | {merged} |")
    if args.stress:
        stress_table(args.stress, args.repeat, args.seed)
    OUT.mkdir(exist_ok=True)
    payload = {"clusters": [cluster.to_dict() for cluster in clusters]}
    (OUT / "clusters.json").write_text(json.dumps(payload, ensure_ascii=False, indent=1))
    print(f"\nclusters of the {args.sizes[-1]:,}-article corpus -> {OUT / 'clusters.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
