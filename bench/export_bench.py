"""Export (every format) and import (native, W3C) of 10,000 annotations and some links.

Run: .venv/bin/python -m bench.export_bench [--annotations 10000] [--links 2000] [--runs 3]
Prints a markdown table and writes bench/out/export.json. Not part of the test suite.

The store holds claims on sentences of the bundled articles (some across paragraph
breaks), a few notes, links between them, and entity corrections. "brat + entities"
adds the entity mentions of the bundled corpus from a warm recognition cache (the
index is built once before timing; its build time is reported on its own). Imports go
into an empty store; "again" imports the same file into the now-full store (nothing
changes, nothing is written).
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.report import save_json
from syria_reader.annotations.entities.corrections import TABLE as CORRECTIONS
from syria_reader.annotations.entities.corrections import EntityCorrection, MentionRef
from syria_reader.annotations.entities.index import EntityIndex, build_entity_index
from syria_reader.annotations.formats import FORMATS
from syria_reader.annotations.formats.export import export
from syria_reader.annotations.formats.importing import import_file
from syria_reader.annotations.store.database import AnnotationStore, record_key
from syria_reader.annotations.store.model import new_annotation
from syria_reader.corpus import Corpus, load_corpus

OUT = Path(__file__).resolve().parent / "out" / "export.json"
LABELS = ("figure", "event", "policy", "statement", "prediction", "opinion")
RELATIONS = ("same", "supports", "contradicts", "updates")


def fill(path: Path, corpus: Corpus, annotations: int, links: int, seed: int = 0) -> None:
    """A store written directly, keyed the way the book keys its records."""
    rng = random.Random(seed)
    spans = [(article, start, end) for article in corpus.articles
             for start, end in article.sentences]
    records, ids = {}, []
    for n in range(annotations):
        article, start, end = spans[n % len(spans)]
        if n % 7 == 0:  # some run into the next paragraph: brat fragments
            end = min(end + 40, len(article.text))
        kind = "note" if n % 25 == 0 else "claim"
        claim = new_annotation(article, start, end, kind=kind, label=LABELS[n % len(LABELS)],
                               note=f'note {n}: "quoted", with commas,\nand a line break',
                               author=("alice", "bob")[n % 2])
        records[str(record_key(claim.id))] = claim.to_record()
        ids.append(claim.id)
    link_records = {}
    for n in range(links):
        source, target = rng.sample(ids, 2)
        link_id = f"bench-link-{n}"
        link_records[str(record_key(link_id))] = {
            "id": link_id, "source": source, "target": target,
            "relation": RELATIONS[n % len(RELATIONS)], "score": round(rng.random(), 3),
            "origin": ("suggested", "confirmed")[n % 2],
            "created": "2025-01-01T00:00:00.000+00:00",
        }
    article = corpus.articles[0]
    corrections = {str(n + 1): EntityCorrection(
        "retype", MentionRef(article.id, n, n + 5, article.text[n:n + 5]), type="ORG",
    ).to_record() for n in range(20)}
    store = AnnotationStore(path)
    with store.transaction():
        data = store._storage.read() or {}
        data.update({"annotations": records, "links": link_records, CORRECTIONS: corrections})
        store._storage.write(data)


def size_of(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size


def timed(runs: int, action: Callable[[int], Any]) -> tuple[float, Any]:
    times, result = [], None
    for run in range(runs):
        started = time.perf_counter()
        result = action(run)
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--annotations", type=int, default=10000)
    parser.add_argument("--links", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    corpus = load_corpus()
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        store = AnnotationStore(folder / "db.json")
        fill(folder / "db.json", corpus, args.annotations, args.links)
        started = time.perf_counter()
        entities: EntityIndex = build_entity_index(corpus, store)
        index_seconds = time.perf_counter() - started
        mentions = sum(len(c.mentions) for c in entities.clusters)
        written: dict[str, Path] = {}
        for name in (*FORMATS, "brat+entities"):
            fmt = name.split("+")[0]
            index = entities if name == "brat+entities" else None
            seconds, path = timed(args.runs, lambda run, fmt=fmt, index=index, name=name: export(
                fmt, store, corpus, folder / f"{name}-{run}", entities=index))
            written[name] = path
            rows.append({"operation": f"export {name}", "seconds": round(seconds, 3),
                         "size_mb": round(size_of(path) / 2**20, 2)})
        for fmt in ("json", "w3c"):
            source = written[fmt]
            seconds, report = timed(args.runs, lambda run, fmt=fmt, source=source: import_file(
                source, AnnotationStore(folder / f"import-{fmt}-{run}.json"), corpus))
            rows.append({"operation": f"import {fmt} (empty store)",
                         "seconds": round(seconds, 3), "size_mb": round(
                             size_of(source) / 2**20, 2), "result": str(report)})
            target = AnnotationStore(folder / f"import-{fmt}-0.json")
            seconds, report = timed(args.runs, lambda run, target=target, source=source:
                                    import_file(source, target, corpus))
            rows.append({"operation": f"import {fmt} again (no change)",
                         "seconds": round(seconds, 3), "size_mb": round(
                             size_of(source) / 2**20, 2), "result": str(report)})
    print(f"{args.annotations:,} annotations, {args.links:,} links, 20 entity corrections; "
          f"{mentions:,} entity mentions (index from the cache in {index_seconds:.2f} s); "
          f"median of {args.runs} runs\n")
    print("| operation | seconds | size MB | result |")
    print("|---|---:|---:|---|")
    for row in rows:
        print(f"| {row['operation']} | {row['seconds']} | {row['size_mb']} | "
              f"{row.get('result', '')} |")
    save_json(OUT, {
        "annotations": args.annotations, "links": args.links, "runs": args.runs,
        "entity_mentions": mentions, "entity_index_seconds": round(index_seconds, 2),
        "rows": rows,
    })
    print(f"\nwritten to {OUT}")


if __name__ == "__main__":
    main()
