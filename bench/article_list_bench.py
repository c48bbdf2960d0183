"""The article list (`a`) on 1,000 articles: opening it, each key of a filter, each
re-sort (issue 21: "it stays instant with 1,000 articles").

Run: .venv/bin/python -m bench.article_list_bench [--articles 1000] [--runs 5]
Prints a markdown table and writes bench/out/article_list.json. Not part of the test
suite.

In process, headless (``App.run_test``, 160x48), timed as bench.keystroke_bench times
keys (its ``RepaintClock``): from the key handed to the app's driver, as a terminal's
would be, to the end of the first screen update after it that paints something, and
to the last ("settled", nothing more for 100 ms). The median over the runs. The corpus
is bench.compare_bench's (the bundled five copied round-robin, each its own article
with front matter), with no recognition.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import shutil
import statistics
import tempfile
from pathlib import Path

from bench.compare_bench import write_corpus
from bench.keystroke_bench import RepaintClock
from bench.report import save_json

OUT = Path(__file__).resolve().parent / "out" / "article_list.json"
SIZE = (160, 48)
FILTER = "427"  # typed a key at a time after `/`: "Report 427" and its like
Samples = dict[str, list[tuple[float, float]]]


async def _reader(folder: Path, home: Path, runs: int) -> dict[str, list[float]]:
    from syria_reader.annotations.store.database import AnnotationStore
    from syria_reader.corpus import load_corpus
    from syria_reader.tui.app import ReaderApp
    from syria_reader.tui.widgets.article_list import ORDERS, ArticleList

    samples: Samples = {"open (a)": [], "filter key": [], "backspace": [], "sort (s)": [],
                        "close (a)": []}
    clock = RepaintClock()

    async def timed(pilot: object, key: str, name: str) -> None:
        samples[name].append(await clock.press(app, key))
        await pilot.pause()  # type: ignore[attr-defined]

    corpus = load_corpus(folder, cache=False)
    for run in range(runs):
        app = ReaderApp(corpus, store=AnnotationStore(home / f"db{run}.json"),
                        recognise=False)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            while app.workspace is None:
                await pilot.pause(0.05)
            await timed(pilot, "a", "open (a)")
            article_list = app.query_one(ArticleList)
            assert article_list.has_focus and article_list.option_count == len(corpus.articles)
            await pilot.press("slash")
            for character in FILTER:
                await timed(pilot, character, "filter key")
            assert article_list.option_count < len(corpus.articles)  # narrowed
            for _ in FILTER:
                await timed(pilot, "backspace", "backspace")
            assert article_list.option_count == len(corpus.articles)
            await pilot.press("escape")
            for _ in ORDERS:
                await timed(pilot, "s", "sort (s)")
            await timed(pilot, "a", "close (a)")
            await timed(pilot, "a", "open (a)")  # again: the list is kept, only shown
            await pilot.press("a")
    return samples


def run(articles: int, runs: int) -> dict[str, object]:
    home = Path(tempfile.mkdtemp(prefix="syria-reader-list-"))
    try:
        folder = home / "corpus"
        folder.mkdir()
        write_corpus(folder, articles)
        samples = asyncio.run(_reader(folder, home, runs))
    finally:
        shutil.rmtree(home, ignore_errors=True)
    opened = samples.pop("open (a)")
    figures = {"first open (a)": opened[0::2], "open again (a)": opened[1::2], **samples}
    return {
        "articles": articles,
        "runs": runs,
        "keys_ms": {name: _summary(times) for name, times in figures.items()},
    }


def _summary(times: list[tuple[float, float]]) -> dict[str, float]:
    first = [t for t, _ in times if not math.isnan(t)] or [math.nan]
    settled = [t for _, t in times if not math.isnan(t)] or [math.nan]
    return {"median": round(statistics.median(first) * 1000, 2),
            "max": round(max(first) * 1000, 2),
            "settled_median": round(statistics.median(settled) * 1000, 2),
            "samples": len(times)}


def table(report: dict[str, object]) -> str:
    keys = report["keys_ms"]
    assert isinstance(keys, dict)
    lines = [f"{report['articles']} articles, headless 160x48, {report['runs']} runs.", "",
             "| key | first repaint, median ms | max ms | settled, median ms | samples |",
             "|---|---:|---:|---:|---:|"]
    for name, row in keys.items():
        lines.append(f"| {name} | {row['median']:.2f} | {row['max']:.2f} | "
                     f"{row['settled_median']:.2f} | {row['samples']} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    report = run(args.articles, args.runs)
    save_json(OUT, report)
    print(table(report))


if __name__ == "__main__":
    main()
