"""A 50 MB article: ``articles --json`` cold and warm, the reader's first frame, ``G``
and the reader's memory, each against the bundled corpus where the target is relative.

Run: .venv/bin/python -m bench.scale_bench [--megabytes 50]
Prints a markdown table and writes bench/out/scale.json. Not part of the test suite.

The article is made of the bundled articles' sentences, shuffled (seeded) into
paragraphs of two to five, so that no line repeats and nothing is cheaper than in a real
long text. "cold" has an empty cache folder (the sentences are split, on every core, and
cached); "warm" is the same command again. The first frame is timed in a 120x36
pseudo-terminal until words of the article's first paragraph are drawn; recognition is
cold for both corpora (it starts after the first frame). ``G`` is timed in-process from
the key to the first screen update, as bench/keystroke_bench.py does, right after the
reader opened (the whole text is still being wrapped and split) and again once it is.
Memory is the reader's peak resident size (VmHWM), headless, until its workers are done.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.first_frame import first_frame_seconds
from bench.report import save_json
from bench.startup_bench import READER, READER_TEXT, compile_bytecode, environment

OUT = Path(__file__).resolve().parent / "out" / "scale.json"
FIRST_WORDS = "opening paragraph of the long report"
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]+[\"”’]?")


def write_big_article(folder: Path, megabytes: float, seed: int = 7) -> Path:
    """``folder/big.md``: about ``megabytes`` MB of shuffled bundled sentences."""
    from syria_reader.corpus import load_corpus

    sentences = [match.group().strip() for article in load_corpus().articles
                 for match in _SENTENCE.finditer(article.text) if len(match.group()) > 30]
    rng = random.Random(seed)
    target = int(megabytes * 1_000_000)
    parts = ["---\ntitle: The long report\nsource: Bench\n---\n",
             f"This is the {FIRST_WORDS}, a sentence of its own.\n\n"]
    size = sum(len(part) for part in parts)
    number = 0
    while size < target:
        number += 1  # a running number: no paragraph is another's copy
        paragraph = " ".join(rng.sample(sentences, rng.randint(2, 5)))
        parts.append(f"{paragraph} (Paragraph {number}.)\n\n")
        size += len(parts[-1])
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "big.md"
    path.write_text("".join(parts), encoding="utf-8")
    return path


def timed_command(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(args, env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def articles_json(folder: Path, home: Path) -> dict[str, float]:
    env = environment(home / "articles")
    command = [str(READER), "articles", "--json", "--corpus", str(folder)]
    return {"cold_s": round(timed_command(command, env), 2),
            "warm_s": round(statistics.median(timed_command(command, env) for _ in range(3)),
                            2)}


def first_frames(folder: Path, home: Path, runs: int) -> dict[str, float]:
    big, bundled = [], []
    for index in range(runs):  # alternating, each with its own empty folders
        bundled.append(first_frame_seconds([str(READER)], READER_TEXT,
                                           environment(home / f"bundled{index}")))
        big.append(first_frame_seconds([str(READER), "--corpus", str(folder)],
                                       FIRST_WORDS, environment(home / f"big{index}"),
                                       timeout=120))
    bundled_ms = statistics.median(bundled) * 1000
    big_ms = statistics.median(big) * 1000
    return {"bundled_ms": round(bundled_ms, 1), "big_ms": round(big_ms, 1),
            "ratio": round(big_ms / bundled_ms, 2)}


async def _press_g(folder: Path, home: Path) -> dict[str, float]:
    from bench.keystroke_bench import RepaintClock
    from syria_reader.annotations.store.database import AnnotationStore
    from syria_reader.corpus import load_corpus
    from syria_reader.tui.app import ReaderApp

    app = ReaderApp(load_corpus(folder), store=AnnotationStore(home / "g.json"),
                    recognise=False)
    clock = RepaintClock()
    timings = {}
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        first, _ = await clock.press(app, "G")
        timings["G_right_after_opening_ms"] = round(first * 1000, 1)
        await clock.press(app, "g")
        view = app.panes[0].view
        while not view.article.sentences_ready or not view.lines or (
                len(view.lines) < 1000):
            await pilot.pause(0.2)
        await pilot.pause(0.5)
        samples = []
        for _ in range(5):
            first, _ = await clock.press(app, "G")
            samples.append(first)
            await clock.press(app, "g")
        timings["G_once_split_ms"] = round(statistics.median(samples) * 1000, 1)
    return timings


MEMORY = """
import asyncio, sys
from pathlib import Path
from syria_reader.annotations.store.database import AnnotationStore
from syria_reader.corpus import load_corpus
from syria_reader.tui.app import ReaderApp

async def main():
    corpus = load_corpus(Path(sys.argv[1]) if sys.argv[1] != "-" else None)
    app = ReaderApp(corpus, store=AnnotationStore(Path(sys.argv[2])), recognise=False,
                    freeze_loaded=True)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        view = app.panes[0].view
        while not view.article.sentences_ready:
            await pilot.pause(0.2)
        await pilot.press("G", "g", "j", "j")
        await pilot.pause(1.0)
    status = Path("/proc/self/status").read_text()
    print(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")))

asyncio.run(main())
"""


def peak_memory_mb(corpus: str, home: Path) -> float:
    env = environment(home / f"memory-{Path(corpus).name or 'bundled'}")
    result = subprocess.run([sys.executable, "-c", MEMORY, corpus, str(home / "m.json")],
                            env=env, capture_output=True, text=True, check=True)
    return round(int(result.stdout.strip().splitlines()[-1]) / 1024, 1)


def run(megabytes: float, runs: int) -> dict[str, object]:
    home = Path(tempfile.mkdtemp(prefix="syria-reader-scale-"))
    try:
        compile_bytecode()
        folder = home / "corpus"
        path = write_big_article(folder, megabytes)
        size_mb = round(path.stat().st_size / 1_000_000, 1)
        report: dict[str, object] = {"megabytes": size_mb,
                                     "cores": os.cpu_count(),
                                     "articles_json": articles_json(folder, home)}
        report["first_frame"] = first_frames(folder, home, runs)
        os.environ.update({k: v for k, v in environment(home / "g").items()
                           if k.startswith("XDG_")})
        report["keys"] = asyncio.run(_press_g(folder, home))
        bundled, big = peak_memory_mb("-", home), peak_memory_mb(str(folder), home)
        report["memory"] = {"bundled_mb": bundled, "big_mb": big,
                            "over_bundled_per_text_mb": round((big - bundled) / size_mb, 2)}
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return report


def table(report: dict[str, object]) -> str:
    articles = report["articles_json"]
    frame = report["first_frame"]
    keys = report["keys"]
    memory = report["memory"]
    assert isinstance(articles, dict) and isinstance(frame, dict)
    assert isinstance(keys, dict) and isinstance(memory, dict)
    return "\n".join([
        f"One article of {report['megabytes']} MB, {report['cores']} cores.", "",
        "| measure | figure | target |", "|---|---:|---|",
        f"| `articles --json`, cold (sentences split and cached) | {articles['cold_s']} s "
        "| <= 10 s |",
        f"| `articles --json`, warm | {articles['warm_s']} s | <= 1 s |",
        f"| first frame, bundled corpus | {frame['bundled_ms']} ms | |",
        f"| first frame, the 50 MB article | {frame['big_ms']} ms ({frame['ratio']}x) "
        "| <= 2x bundled |",
        f"| `G` right after opening (still wrapping and splitting) | "
        f"{keys['G_right_after_opening_ms']} ms | <= 100 ms |",
        f"| `G` once split and wrapped | {keys['G_once_split_ms']} ms | <= 100 ms |",
        f"| reader peak memory, bundled / 50 MB | {memory['bundled_mb']} / "
        f"{memory['big_mb']} MB | |",
        f"| memory over the bundled corpus, per MB of text | "
        f"{memory['over_bundled_per_text_mb']} | <= 3 |",
    ])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=50)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    report = run(args.megabytes, args.runs)
    print(table(report))
    save_json(OUT, report)


if __name__ == "__main__":
    main()
