"""Every headless command on 1,000 articles against the same command on the bundled
corpus, warm (issue 20: each <= 2x).

Run: .venv/bin/python -m bench.headless_scale [--articles 1000] [--runs 3]
Prints a markdown table and writes bench/out/headless_scale.json. Not part of the test
suite.

The large corpus is bench.compare_bench's: the bundled five copied round-robin, each
copy its own article with front matter. Each corpus gets its own isolated user folders
(bench.startup_bench.environment). Every command runs once to warm the caches
(recognition, the related index, the database with one claim), then ``--runs`` times,
alternating between the corpora; the figure is the median wall time of the installed
``syria-reader`` command, end to end. ``tag`` tags the same quote every time: tagging
it again is the same claim, so each run does the same work.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from bench.compare_bench import write_corpus
from bench.report import save_json
from bench.startup_bench import READER, compile_bytecode, environment

OUT = Path(__file__).resolve().parent / "out" / "headless_scale.json"
# A sentence of the first bundled article (the large corpus's a0000 is a copy of it).
FIRST = "<first article>"  # stands for the corpus's first article id in commands()
QUOTE = "Planning is underway for a \"full\" and \"rapid\" withdrawal of US troops from Syria"


def commands(first: str) -> dict[str, list[str]]:
    """The commands timed, by name; ``first`` is the id of the first article."""
    return {
        "articles --json": ["articles", "--json"],
        "sentences": ["sentences", first],
        "tag": ["tag", first, QUOTE, "--label", "figure"],
        "claims": ["claims"],
        "links": ["links"],
        "related": ["related", first, QUOTE],
        "entities": ["entities"],
        "export json": ["export", "--format", "json", "-o", "-"],
        "compare --json": ["compare", "--json"],
    }


def timed(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(args, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed: {result.stderr.strip()}")
    return elapsed


def time_corpora(corpora: dict[str, tuple[list[str], str, dict[str, str]]],
                 runs: int) -> dict[str, dict[str, float]]:
    """Median seconds per corpus and command. Every command runs once on each corpus
    before any is timed; then the runs alternate between the corpora, command by
    command, so that machine noise hits both alike."""
    def command(corpus: str, args: list[str]) -> list[str]:
        options, first, _ = corpora[corpus]
        return [str(READER), *options, *(first if a == FIRST else a for a in args)]

    table = commands(FIRST)
    for corpus, (_, _, env) in corpora.items():
        for args in table.values():  # in order: tag before claims, links and export
            timed(command(corpus, args), env)
    samples: dict[str, dict[str, list[float]]] = {c: {n: [] for n in table} for c in corpora}
    for _ in range(runs):
        for name, args in table.items():
            for corpus, (_, _, env) in corpora.items():
                samples[corpus][name].append(timed(command(corpus, args), env))
    return {corpus: {name: statistics.median(times) for name, times in by_name.items()}
            for corpus, by_name in samples.items()}


def run(articles: int, runs: int) -> dict[str, object]:
    home = Path(tempfile.mkdtemp(prefix="syria-reader-headless-"))
    try:
        compile_bytecode()
        folder = home / "corpus"
        folder.mkdir()
        write_corpus(folder, articles)
        from syria_reader.corpus import load_corpus

        medians = time_corpora({
            # cache=False: this process runs in the user's folders, not an isolated one
            "bundled": ([], load_corpus(cache=False).articles[0].id,
                        environment(home / "bundled")),
            "large": (["--corpus", str(folder)], "a0000", environment(home / "large")),
        }, runs)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    bundled, large = medians["bundled"], medians["large"]
    return {
        "articles": articles,
        "runs": runs,
        "commands": {name: {"bundled_s": round(bundled[name], 3),
                            "large_s": round(large[name], 3),
                            "ratio": round(large[name] / bundled[name], 2)}
                     for name in bundled},
    }


def table(report: dict[str, object]) -> str:
    rows = report["commands"]
    assert isinstance(rows, dict)
    lines = [f"Warm, median of {report['runs']} runs after one warm-up, wall time of the "
             "installed command.", "",
             f"| command | bundled (5) s | {report['articles']} articles s | ratio | "
             "target |", "|---|---:|---:|---:|---|"]
    for name, row in rows.items():
        verdict = "ok" if row["ratio"] <= 2 else "over"
        lines.append(f"| `{name}` | {row['bundled_s']:.3f} | {row['large_s']:.3f} | "
                     f"{row['ratio']:.2f}x | <= 2x ({verdict}) |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    report = run(args.articles, args.runs)
    print(table(report))
    save_json(OUT, report)


if __name__ == "__main__":
    main()
