"""Comparing the reports at scale: ``compare --json`` on 1,000 articles with 10,000
claims and 3,000 confirmed links (issue 18: <= 1 s).

Run: .venv/bin/python -m bench.compare_bench [--articles 1000] [--claims 10000]
     [--links 3000] [--runs 3]
Prints a markdown table and writes bench/out/compare.json. Not part of the test suite.

The corpus is the bundled five copied round-robin (each copy its own article, half of
them dated in front matter); claims are sentences; the first 1,000 links chain 1,001
claims into one long story, the others join random pairs of claims in different
articles, with every relation. "stories" is ``Workspace.compare`` in the
process that loaded the workspace; "command" is the installed ``syria-reader compare
--json`` end to end (corpus, database, stories, JSON), median of the runs. "screen"
is the reader's compare screen (``S``), headless: the time from the key to its first
frame, and to the last screen update the key caused, the table of stories drawn (the
comparison is made in a worker after the first frame), as bench.keystroke_bench times
keys; on the first opening and again, once the comparison is made.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from itertools import pairwise
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
CHAIN = 1000  # links of the one long story


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
    chained = pairwise(placed[: CHAIN + 1])
    while len(link_records) < links:
        # One long story first (a chain of CHAIN links), as an analyst linking every
        # mention of one event makes; then random pairs.
        pair = next(chained, None)
        (source, one), (target, other) = pair if pair else rng.sample(placed, 2)
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


async def _until(pilot: Any, ready: Any, limit: float = 60.0) -> float:
    started = time.perf_counter()
    while not ready():
        await asyncio.sleep(0.001)
        if time.perf_counter() - started > limit:
            raise SystemExit("the compare screen did not show its stories")
    return time.perf_counter() - started


async def screen_times(corpus: Corpus, db: Path) -> dict[str, float]:
    """Seconds from ``S`` to the compare screen's first frame (its first screen update,
    as bench.keystroke_bench times a key) and to its stories shown, on the first
    opening and on the next (the comparison kept)."""
    from bench.keystroke_bench import RepaintClock
    from syria_reader.tui.app import ReaderApp
    from syria_reader.tui.screens.compare_screen import CompareScreen

    clock = RepaintClock()
    taken: list[float] = []  # when the screen took a comparison in (its table is drawn next)
    take = CompareScreen._take

    def timed_take(screen: CompareScreen, comparison: Any) -> None:
        take(screen, comparison)
        taken.append(time.perf_counter())

    CompareScreen._take = timed_take  # type: ignore[method-assign]
    app = ReaderApp(corpus, db=db, recognise=False)
    found: dict[str, float] = {}
    async with app.run_test(size=(160, 50)) as pilot:
        await _until(pilot, lambda: app.workspace is not None and app.panes and
                     app.panes[0].view.article is not None)
        await pilot.pause(0.5)
        gc.freeze()  # as the reader does once loaded (freeze_loaded)
        for run in ("first", "again"):
            taken.clear()
            started = time.perf_counter()
            frame, _ = await clock.press(app, "S")
            await _until(pilot, lambda: bool(taken))
            # The table: the first screen update after the comparison was taken in.
            await _until(pilot, lambda: clock.last_finished_at > taken[0])
            screen = app.screen
            assert isinstance(screen, CompareScreen) and screen.stories, "no stories shown"
            found[f"{run}_frame_s"] = frame
            found[f"{run}_table_s"] = clock.last_finished_at - started
            await pilot.press("escape")
            await _until(pilot, lambda: not isinstance(app.screen, CompareScreen))
            await pilot.pause(0.2)
    CompareScreen._take = take  # type: ignore[method-assign]
    return found


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
    screen = asyncio.run(screen_times(corpus, db))
    row: dict[str, Any] = {
        "articles": args.articles, "claims": args.claims, "links": args.links,
        "stories": len(comparison.stories),
        "disagreeing": sum(1 for s in comparison.stories if s.disagrees),
        "load_s": round(loaded, 3), "stories_s": round(statistics.median(times), 3),
        "command_s": round(statistics.median(commands), 3),
        **{name: round(value, 3) for name, value in screen.items()}}
    print("| articles | claims | links | stories (disagreeing) | load workspace | stories "
          "| `compare --json` |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    print(f"| {row['articles']} | {row['claims']} | {row['links']} | {row['stories']} "
          f"({row['disagreeing']}) | {row['load_s']:.2f} s | {row['stories_s']:.2f} s "
          f"| {row['command_s']:.2f} s |")
    print("\n| compare screen (S) | first frame | stories shown |")
    print("| --- | --- | --- |")
    for run, name in (("first", "first opening"), ("again", "opened again")):
        print(f"| {name} | {row[run + '_frame_s'] * 1000:.0f} ms "
              f"| {row[run + '_table_s'] * 1000:.0f} ms |")
    save_json(OUT, row)


if __name__ == "__main__":
    main()
