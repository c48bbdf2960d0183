"""Keystroke latency on a 100,000-word article: key pressed to screen repainted.

Run: .venv/bin/python -m bench.keystroke_bench [--words 100000] [--presses 100]
Prints a markdown table and writes bench/out/keystrokes.json. Not part of the test suite.

The reader runs headless (``App.run_test``) with its real widgets and entities (from a
warmed recognition cache). One sample runs from the moment the key event is handed to
the app's driver (as a terminal key would be) to the end of the first screen update
after it that paints something: the key's action and the repaint it causes, including
the wait for Textual's next frame. (A refresh that paints nothing is not counted: the
label menu used to be a dialog, whose first refresh, of the screen under it, painted
nothing and made opening it look 5 ms fast when the dialog showed after 20-28 ms.)
Tagging is the two keys ``c`` and ``1`` (open the label menu; pick "figure": the
claim is written to the store and drawn), each timed.

A key may repaint in several frames (``tab`` lights the sentence first, the pane border
and status line follow), so each sample also has a "settled" time: to the end of the
last screen update the key caused, with no other update for 100 ms after it.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from pathlib import Path

from bench.report import save_json
from syria_reader.corpus import load_corpus

OUT = Path(__file__).resolve().parent / "out" / "keystrokes.json"
SETTLED_AFTER = 0.1  # seconds without a screen update after a key's last one
SETTLED_AT_MOST = 2.0  # a screen that never stops updating is "settled" after this
ACTIONS: dict[str, list[str]] = {
    "next sentence (j)": ["j"],
    "next word (w)": ["w"],
    "page down": ["pagedown"],
    "switch pane (tab)": ["tab"],
    "tag: open the label menu (c)": ["c"],
    "tag: pick a label, claim saved (1)": ["1"],
}


def big_article(words: int) -> str:
    """Bundled articles one after another until ``words`` words."""
    texts = [article.text.strip() for article in load_corpus().articles]
    parts: list[str] = []
    count = 0
    index = 0
    while count < words:
        text = texts[index % len(texts)]
        parts.append(text)
        count += len(text.split())
        index += 1
    return "\n\n".join(parts) + "\n"


class RepaintClock:
    """Times a key from its arrival to the end of the screen update it causes.

    An update is a screen refresh that paints something (Textual hands it to the
    display); a refresh with nothing to paint, as of the screen under a dialog that
    is opening, is not counted.
    """

    def __init__(self) -> None:
        from textual.app import App

        self.repainted = asyncio.Event()
        self.finished_at = 0.0
        self.last_finished_at = 0.0
        original = App._display
        clock = self

        def timed_display(app: App, screen: object, update: object) -> None:
            original(app, screen, update)  # type: ignore[arg-type]
            if update is None:
                return
            clock.last_finished_at = time.perf_counter()
            if not clock.repainted.is_set():
                clock.finished_at = clock.last_finished_at
                clock.repainted.set()

        App._display = timed_display  # type: ignore[method-assign]

    async def press(self, app: object, key: str) -> tuple[float, float]:
        """Seconds to the first screen update after ``key``, and to the last one."""
        from textual import events

        self.repainted.clear()
        started = time.perf_counter()
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(app)  # type: ignore[arg-type]
        app._driver.send_message(event)  # type: ignore[attr-defined]
        try:
            await asyncio.wait_for(self.repainted.wait(), timeout=2.0)
        except TimeoutError:
            return float("nan"), float("nan")  # the key changed nothing on screen
        while (time.perf_counter() - self.last_finished_at < SETTLED_AFTER
               and time.perf_counter() - started < SETTLED_AT_MOST):
            await asyncio.sleep(0.01)
        return self.finished_at - started, self.last_finished_at - started


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(int(len(ordered) * fraction), len(ordered) - 1)]


async def measure(folder: Path, presses: int) -> dict[str, dict[str, float]]:
    from syria_reader.annotations.entities.index import build_entity_index
    from syria_reader.annotations.store.database import AnnotationStore
    from syria_reader.tui.app import ReaderApp

    corpus = load_corpus(folder)
    build_entity_index(corpus)  # warm the cache: the reader's entities come from it
    # As the command starts it: the loaded workspace frozen out of the collector.
    app = ReaderApp(corpus, store=AnnotationStore(folder.parent / "db.json"), freeze_loaded=True)
    results: dict[str, dict[str, float]] = {}
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.reading.entities is not None and app.panes[0].view.article.id == "big"
        clock = RepaintClock()
        for name, keys in ACTIONS.items():
            samples, settled = [], []
            if name.startswith("tag: pick"):
                await pilot.press("c")
            for _ in range(presses):
                timings = [await clock.press(app, key) for key in keys]
                samples.append(sum(first for first, _ in timings))
                settled.append(sum(last for _, last in timings))
                await pilot.pause()
                if name.startswith("tag: open"):
                    await pilot.press("escape")
                elif name.startswith("tag: pick"):
                    await pilot.press("j", "c")  # the next claim, on the next sentence
            samples = [sample for sample in samples if sample == sample] or [float("nan")]
            settled = [sample for sample in settled if sample == sample] or [float("nan")]
            results[name] = {
                "median_ms": round(statistics.median(samples) * 1000, 2),
                "p95_ms": round(percentile(samples, 0.95) * 1000, 2),
                "max_ms": round(max(samples) * 1000, 2),
                "settled_median_ms": round(statistics.median(settled) * 1000, 2),
                "settled_p95_ms": round(percentile(settled, 0.95) * 1000, 2),
            }
    return results


def run(words: int, presses: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as home:
        for variable in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
            os.environ[variable] = str(Path(home) / variable)
        folder = Path(home) / "corpus"
        folder.mkdir()
        text = big_article(words)
        (folder / "big.txt").write_text(text, encoding="utf-8")
        (folder / "small.txt").write_text(load_corpus().get("002").text, encoding="utf-8")
        results = asyncio.run(measure(folder, presses))
    return {"words": len(text.split()), "presses": presses, "actions": results}


def table(report: dict[str, object]) -> str:
    lines = [f"Article of {report['words']:,} words, {report['presses']} presses each.", "",
             "| action | median ms | p95 ms | max ms | settled median ms | settled p95 ms |",
             "|---|---:|---:|---:|---:|---:|"]
    for name, row in report["actions"].items():  # type: ignore[attr-defined]
        lines.append(f"| {name} | {row['median_ms']} | {row['p95_ms']} | {row['max_ms']} "
                     f"| {row['settled_median_ms']} | {row['settled_p95_ms']} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=100_000)
    parser.add_argument("--presses", type=int, default=100)
    args = parser.parse_args(argv)
    report = run(args.words, args.presses)
    print(table(report))
    save_json(OUT, report)


if __name__ == "__main__":
    main()
