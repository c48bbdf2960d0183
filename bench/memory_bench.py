"""Peak memory of the reader on a synthetic corpus of N articles.

Run: .venv/bin/python -m bench.memory_bench [--articles 1000]
Prints a markdown table and writes bench/out/memory.json. Not part of the test suite.

The corpus (bench/synthetic_corpus.py) is recognised once beforehand, so the reader
starts as it does the second time: entities from the cache. The reader then runs
headless in a fresh process until its workers are done (claims, entities, the
related-passages index) and a few keys were pressed; its peak resident size is the
figure. The recognition process is not counted: it is another process, and a warm
start does not start it.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.report import save_json
from bench.synthetic_corpus import generate

OUT = Path(__file__).resolve().parent / "out" / "memory.json"

READER = """
import asyncio, sys
from pathlib import Path
from syria_reader.corpus import load_corpus
from syria_reader.tui.app import ReaderApp

async def main():
    app = ReaderApp(load_corpus(Path(sys.argv[1])), freeze_loaded=True)  # as the command
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("j", "j", "w", "]", "tab", "j")
        entities = len(app.reading.entities.clusters) if app.reading.entities else 0
        # VmHWM, not ru_maxrss: the latter keeps the parent's peak across fork and exec.
        status = Path("/proc/self/status").read_text()
        peak = next(line.split()[1] for line in status.splitlines()
                    if line.startswith("VmHWM:"))
        related = bool(app.workspace and app.workspace.related)
        print(len(app.corpus.articles), entities, related, peak)

if __name__ == "__main__":
    asyncio.run(main())
"""


def run(articles: int) -> dict[str, object]:
    from syria_reader.annotations.entities.index import build_entity_index
    from syria_reader.corpus import load_corpus

    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ)
        for variable in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
            env[variable] = os.environ[variable] = str(Path(home) / variable)
        folder = Path(home) / "corpus"
        generate(articles, folder)
        (folder / "mentions.jsonl").unlink()
        started = time.perf_counter()
        build_entity_index(load_corpus(folder))
        recognised = time.perf_counter() - started
        result = subprocess.run([sys.executable, "-c", READER, str(folder)], env=env,
                                capture_output=True, text=True, check=True)
        count, entities, related, kilobytes = result.stdout.split()
    return {
        "articles": int(count),
        "entities": int(entities),
        "related_index": related == "True",
        "peak_rss_mb": round(int(kilobytes) / 1024, 1),
        "recognition_seconds_beforehand": round(recognised, 1),
    }


def table(report: dict[str, object]) -> str:
    return "\n".join([
        "| articles | entities | peak memory of the reader, MB |", "|---:|---:|---:|",
        f"| {report['articles']:,} | {report['entities']:,} | {report['peak_rss_mb']} |",
    ])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    args = parser.parse_args(argv)
    report = run(args.articles)
    print(table(report))
    save_json(OUT, report)


if __name__ == "__main__":
    main()
