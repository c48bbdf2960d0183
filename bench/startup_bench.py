"""Time to first frame: syria-reader against a minimal Textual app, in the same run.

Run: .venv/bin/python -m bench.startup_bench [--runs 10] [--articles 1000]
Prints a markdown table and writes bench/out/startup.json. Not part of the test suite.

Both programs are started the same way (a Python process in a 120x36 pseudo-terminal)
and timed until their text is on the screen: words of the first article's body (not its
title) for the reader, the Static's text for the minimal app (Header, Static, Footer).
Runs alternate between the two so that machine noise hits both alike. "warm" is a second start
(recognition cached, settings and database present); "cold" has an empty cache, so
recognition starts after the first frame: the text must show as fast. The reader is
also started, warm, on a corpus of ``--articles`` copies of the bundled articles, the
first of which is the same text: its first frame against the bundled corpus's.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from bench.first_frame import first_frame_seconds
from bench.report import save_json

OUT = Path(__file__).resolve().parent / "out" / "startup.json"
MINIMAL = Path(__file__).resolve().parent / "minimal_app.py"
READER = Path(sys.executable).parent / "syria-reader"
# Body text of the first article, on one screen line at 120 columns and not in its
# title: the clock stops when the article itself is on the screen, not its header.
READER_TEXT = "told CNN on Wednesday"
MINIMAL_TEXT = "the minimal app's first frame"


def environment(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env["TERM"] = "xterm-256color"
    for variable in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
        env[variable] = str(home / variable)
    return env


def compile_bytecode() -> None:
    """Compile our packages as ``pip install`` does, so that no start pays for it.

    An editable install run with PYTHONDONTWRITEBYTECODE (as on this machine) would
    otherwise compile some forty modules from source at every start; Textual's were
    compiled when it was installed.
    """
    import compileall
    import importlib.util

    for package in ("syria_reader.corpus", "syria_reader.annotations", "syria_reader.tui"):
        spec = importlib.util.find_spec(package)
        for folder in (spec.submodule_search_locations or []) if spec else []:
            compileall.compile_dir(folder, quiet=1)


def warm_up(env: dict[str, str], *options: str) -> None:
    """One full start with recognition to completion, so later starts are warm."""
    import subprocess

    subprocess.run([str(READER), "entities", *options], env=env, capture_output=True,
                   check=True)


def run(runs: int, articles: int) -> dict[str, object]:
    from bench.compare_bench import write_corpus

    home = Path(tempfile.mkdtemp(prefix="syria-reader-startup-"))
    try:
        compile_bytecode()
        warm_env = environment(home / "warm")
        warm_up(warm_env)
        # Copies of the bundled articles with front matter: the first is the same text.
        many = home / "many"
        many.mkdir()
        write_corpus(many, articles)
        warm_up(warm_env, "--corpus", str(many))
        minimal, warm, cold, large = [], [], [], []
        for index in range(runs):
            minimal.append(first_frame_seconds([sys.executable, str(MINIMAL)], MINIMAL_TEXT,
                                               warm_env))
            warm.append(first_frame_seconds([str(READER)], READER_TEXT, warm_env))
            cold_env = environment(home / f"cold{index}")
            cold.append(first_frame_seconds([str(READER)], READER_TEXT, cold_env))
            large.append(first_frame_seconds([str(READER), "--corpus", str(many)],
                                             READER_TEXT, warm_env))
    finally:
        shutil.rmtree(home, ignore_errors=True)
    samples = {"minimal": minimal, "warm": warm, "cold": cold, "large": large}
    medians = {name: statistics.median(found) for name, found in samples.items()}
    return {
        "runs": runs,
        "articles": articles,
        "minimal_ms": round(medians["minimal"] * 1000, 1),
        "reader_warm_ms": round(medians["warm"] * 1000, 1),
        "reader_cold_ms": round(medians["cold"] * 1000, 1),
        "reader_large_ms": round(medians["large"] * 1000, 1),
        "warm_ratio": round(medians["warm"] / medians["minimal"], 2),
        "cold_ratio": round(medians["cold"] / medians["minimal"], 2),
        "large_to_bundled": round(medians["large"] / medians["warm"], 2),
        "samples_ms": {name: [round(s * 1000, 1) for s in found]
                       for name, found in samples.items()},
    }


def table(report: dict[str, object]) -> str:
    return "\n".join([
        f"Medians of {report['runs']} alternating starts each, 120x36 pseudo-terminal.", "",
        "| program | first frame ms | ratio to minimal |", "|---|---:|---:|",
        f"| minimal Textual app (Header, Static, Footer) | {report['minimal_ms']} | 1.00 |",
        f"| syria-reader, warm cache | {report['reader_warm_ms']} | {report['warm_ratio']} |",
        f"| syria-reader, cold cache | {report['reader_cold_ms']} | {report['cold_ratio']} |",
        "",
        f"| {report['articles']:,} articles, warm | first frame ms | ratio to the bundled "
        "corpus, warm |", "|---|---:|---:|",
        f"| syria-reader --corpus | {report['reader_large_ms']} "
        f"| {report['large_to_bundled']} |",
    ])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--articles", type=int, default=1000,
                        help="the size of the large corpus (copies of the bundled articles)")
    args = parser.parse_args(argv)
    report = run(args.runs, args.articles)
    print(table(report))
    save_json(OUT, report)


if __name__ == "__main__":
    main()
