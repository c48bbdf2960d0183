"""Comparing the reports at scale: ``compare --json`` on 1,000 articles with 10,000
claims and 3,000 confirmed links (issue 18: <= 1 s).

Run: .venv/bin/python -m bench.compare_bench [--articles 1000] [--claims 10000]
     [--links 3000] [--runs 3]
Prints a markdown table and writes bench/out/compare.json. Not part of the test suite.

The corpus is the bundled five copied round-robin (each copy its own article, half of
them dated in front matter); claims are sentences, links join random pairs of claims
in different articles with every relation. "stories" is ``Workspace.compare`` in the
process that loaded the workspace; "command" is the installed ``syria-reader compare
--json`` end to end (corpus, database, stories, JSON), median of the runs.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.report import save_json
from syria_reader.annotations.store.database import AnnotationStore, record_key
from syria_reader.annotations.store.model import new_annotation
from syria_reader.annotations.workspace import Workspace
from syria_reader.corpus import Corpus, load_corpus

OUT = Path(__file__).resolve().parent / "out" / "compare.json"
COMMAND = Path(sys.executable).parent / "syria-reader"
LABELS = ("figure", "event", "policy", "statement", "prediction", "opinion")
RELATIONS = ("same", "supports", "contradicts", "updates")


def write_corpus(folder: Path, count: int) -> None:
    bundled = load_corpus().articles
    for n in range(count):
        source = bundled[n % len(bundled)]
        date = f"date: 20{17 + n % 3}-{1 + n % 12:02d}-{1 + n % 28:02d}\n" if n % 2 else ""
        folder.joinpath(f"a{n:04d}.txt").write_text(
            f"---\ntitle: Report {n}\n{date}---\n{source.text}", encoding="utf-8")


def fill(path: Path, corpus: Corpus, claims: int, links: int, seed: int = 0) -> None:
    """A store written directly, keyed the way the book keys its records."""
    rng = random.Random(seed)
    spans = [(article, start, end) for article in corpus.articles
             for start, end in article.sentences[:20]]
    rng.shuffle(spans)
    records, placed = {}, []
    for n in range(claims):
        article, start, end = spans[n % len(spans)]
        claim = new_annotation(article, start, end, label=LABELS[n % len(LABELS)],
                               note=f"note {n}")
        records[str(record_key(claim.id))] = claim.to_record()
        placed.append((claim.id, article.id))
    link_records = {}
    while len(link_records) < links:
        (source, one), (target, other) = rng.sample(placed, 2)
        if one == other:
            continue
        link_id = f"bench-link-{len(link_records)}"
        link_records[str(record_key(link_id))] = {
            "id": link_id, "source": source, "target": target,
            "relation": RELATIONS[len(link_records) % len(RELATIONS)], "score": None,
            "origin": "confirmed", "created": "2025-01-01T00:00:00.000+00:00"}
    store = AnnotationStore(path)
    with store.transaction():
        data = store._storage.read() or {}
        data.update({"annotations": records, "links": link_records})
        store._storage.write(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--claims", type=int, default=10000)
    parser.add_argument("--links", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="compare-bench-"))
    for variable in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME"):
        os.environ[variable] = str(home / variable.lower())
    folder, db = home / "corpus", home / "annotations.json"
    folder.mkdir()
    write_corpus(folder, args.articles)
    corpus = load_corpus(folder)
    fill(db, corpus, args.claims, args.links)
    workspace = Workspace.open(corpus, db)
    started = time.perf_counter()
    workspace.load()
    loaded = time.perf_counter() - started
    times = []
    for _ in range(args.runs):
        started = time.perf_counter()
        comparison = workspace.compare()
        comparison.to_dict()
        times.append(time.perf_counter() - started)
    workspace.store.close()
    commands = []
    for _ in range(args.runs):
        started = time.perf_counter()
        subprocess.run([str(COMMAND), "compare", "--json", "--corpus", str(folder), "--db",
                        str(db)], check=True, stdout=subprocess.DEVNULL)
        commands.append(time.perf_counter() - started)
    row: dict[str, Any] = {
        "articles": args.articles, "claims": args.claims, "links": args.links,
        "stories": len(comparison.stories),
        "disagreeing": sum(1 for s in comparison.stories if s.disagrees),
        "load_s": round(loaded, 3), "stories_s": round(statistics.median(times), 3),
        "command_s": round(statistics.median(commands), 3)}
    print("| articles | claims | links | stories (disagreeing) | load workspace | stories "
          "| `compare --json` |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    print(f"| {row['articles']} | {row['claims']} | {row['links']} | {row['stories']} "
          f"({row['disagreeing']}) | {row['load_s']:.2f} s | {row['stories_s']:.2f} s "
          f"| {row['command_s']:.2f} s |")
    save_json(OUT, row)


if __name__ == "__main__":
    main()
