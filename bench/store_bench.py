"""Tagging one claim end to end through the store, with many annotations stored.

Run: .venv/bin/python -m bench.store_bench [--sizes 1000 10000 50000] [--runs 15]
Prints a markdown table and writes bench/out/store.json. Not part of the test suite.

"tag" is ``AnnotationBook.add``: lock, reload check, the record and its history entry,
one atomic write (temp file, fsync, rename, fsync of the folder). The same insert
through TinyDB's own JSONStorage is measured beside it. "reader memory" is the peak
resident size of a process that opens the store and loads every annotation, as the
reader does at start.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tinydb import TinyDB
from tinydb.storages import JSONStorage

from bench.report import save_json
from syria_reader.annotations.store.book import ANNOTATIONS, AnnotationBook
from syria_reader.annotations.store.database import AnnotationStore, record_key
from syria_reader.annotations.store.model import new_annotation
from syria_reader.corpus import Article, load_corpus

OUT = Path(__file__).resolve().parent / "out" / "store.json"

MEMORY_PROBE = """
import sys
from pathlib import Path
from syria_reader.annotations.store.book import AnnotationBook
from syria_reader.annotations.store.database import AnnotationStore
book = AnnotationBook(AnnotationStore(sys.argv[1]))
count = len(book.annotations())
# VmHWM, not ru_maxrss: the latter keeps the parent's peak across fork and exec.
status = Path("/proc/self/status").read_text()
print(count, next(l.split()[1] for l in status.splitlines() if l.startswith("VmHWM:")))
"""


def fill(path: Path, article: Article, count: int) -> None:
    """A store holding ``count`` claims, written the way the book keys them."""
    store = AnnotationStore(path)
    with store.transaction():
        records = {}
        for n in range(count):
            start = (n * 37) % (len(article.text) - 60)
            claim = new_annotation(article, start, start + 50, label="figure", note=f"n{n}")
            records[str(record_key(claim.id))] = claim.to_record()
        data = store._storage.read() or {}
        data[ANNOTATIONS] = records
        store._storage.write(data)


def time_tagging(path: Path, article: Article, runs: int) -> list[float]:
    book = AnnotationBook(AnnotationStore(path))
    times = []
    for n in range(runs):
        claim = new_annotation(article, 10 + n, 60 + n, label="event")
        started = time.perf_counter()
        book.add(claim)
        times.append(time.perf_counter() - started)
    return times


def time_tinydb_jsonstorage(path: Path, runs: int) -> list[float]:
    data = json.loads(path.read_text())
    plain = path.with_name("plain.json")
    plain.write_text(json.dumps({ANNOTATIONS: data[ANNOTATIONS]}))
    db = TinyDB(plain, storage=JSONStorage)
    table = db.table(ANNOTATIONS)
    record = next(iter(data[ANNOTATIONS].values()))
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        table.insert(dict(record))
        times.append(time.perf_counter() - started)
    db.close()
    return times


def reader_memory(path: Path) -> tuple[int, float]:
    result = subprocess.run([sys.executable, "-c", MEMORY_PROBE, str(path)],
                            capture_output=True, text=True, check=True)
    count, kilobytes = result.stdout.split()
    return int(count), int(kilobytes) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    article = load_corpus().get("004")
    rows = []
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "db.json"
            fill(path, article, size)
            ours = time_tagging(path, article, args.runs)
            theirs = time_tinydb_jsonstorage(path, max(args.runs // 3, 3))
            count, memory = reader_memory(path)
            rows.append({
                "annotations": size,
                "file_mb": round(path.stat().st_size / 2**20, 1),
                "tag_median_ms": round(statistics.median(ours) * 1000, 1),
                "tag_p95_ms": round(sorted(ours)[int(len(ours) * 0.95) - 1] * 1000, 1),
                "tinydb_jsonstorage_ms": round(statistics.median(theirs) * 1000, 1),
                "loaded": count,
                "memory_mb": round(memory, 1),
            })
    print("| annotations | file MB | tag median ms | tag p95 ms | TinyDB JSONStorage ms "
          "| peak memory after loading, MB |")
    print("|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        print(f"| {row['annotations']:,} | {row['file_mb']} | {row['tag_median_ms']} | "
              f"{row['tag_p95_ms']} | {row['tinydb_jsonstorage_ms']} | {row['memory_mb']} |")
    save_json(OUT, {"rows": rows})
    print(f"\nwritten to {OUT}")


if __name__ == "__main__":
    main()
