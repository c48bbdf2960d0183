"""Keys through a real terminal: the reader against a minimal Textual app (issue 20).

Run: .venv/bin/python -m bench.terminal_keys [--words 100000] [--presses 20]
Prints a markdown table and writes bench/out/terminal_keys.json. Not part of the test
suite (it needs tmux).

Each app runs in tmux at 160x48. A sample sends one key with ``tmux send-keys`` and
polls ``tmux capture-pane -e`` (text and colours) until the screen differs from before
the key; the time to that is the key's latency, tmux and polling included, the same
way for both apps. The floor is the minimal app whose key changes a label; the reader
shows a 100,000-word article (the bundled ones repeated), with its entities cached
("warm"), and again while its first recognition runs (cache empty: the keys are sent
during recognition, which the legend reports).
"""

from __future__ import annotations

import argparse
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.keystroke_bench import big_article
from bench.report import save_json

OUT = Path(__file__).resolve().parent / "out" / "terminal_keys.json"
COMMAND = Path(sys.executable).parent / "syria-reader"
SIZE = (160, 48)
POLL = 0.0005
TIMEOUT = 3.0
# One article, so one pane: tab has nowhere to go and is not measured here.
READER_KEYS = {"j": "j", "w": "w", "page down": "PageDown"}

MINIMAL_APP = '''
from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class Counter(App[None]):
    BINDINGS = [("j", "step", "Step"), ("q", "quit", "Quit")]
    count = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("0", id="count")
        yield Footer()

    def action_step(self) -> None:
        self.count += 1
        self.query_one("#count", Static).update(str(self.count))


Counter().run()
'''


class Terminal:
    """One app in a detached tmux session of its own server."""

    def __init__(self, command: str, env: dict[str, str]) -> None:
        self.socket = f"bench-keys-{os.getpid()}-{time.monotonic_ns()}"
        self.env = env
        self._tmux("new-session", "-d", "-s", "bench", "-x", str(SIZE[0]), "-y", str(SIZE[1]),
                   command)

    def _tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True,
                              text=True, env=self.env, check=False).stdout

    def screen(self) -> str:
        return self._tmux("capture-pane", "-e", "-p", "-t", "bench")

    def wait_for(self, text: str, limit: float = 120.0) -> None:
        started = time.perf_counter()
        while text not in self.screen():
            if time.perf_counter() - started > limit:
                raise SystemExit(f"never showed {text!r}:\n{self.screen()}")
            time.sleep(0.05)

    def settle(self, quiet: float = 0.3) -> None:
        """Until the screen stays the same for ``quiet`` seconds."""
        last, since = self.screen(), time.perf_counter()
        while time.perf_counter() - since < quiet:
            time.sleep(0.02)
            now = self.screen()
            if now != last:
                last, since = now, time.perf_counter()

    def key(self, key: str) -> float:
        """Seconds from sending ``key`` to the first screen that differs (nan: none)."""
        before = self.screen()
        started = time.perf_counter()
        self._tmux("send-keys", "-t", "bench", key)
        while time.perf_counter() - started < TIMEOUT:
            if self.screen() != before:
                return time.perf_counter() - started
            time.sleep(POLL)
        return float("nan")

    def close(self) -> None:
        self._tmux("kill-server")


def samples(terminal: Terminal, key: str, presses: int, settle: bool = True) -> list[float]:
    found = []
    for _ in range(presses):
        found.append(terminal.key(key))
        if settle:
            terminal.settle(0.15)
    return [value for value in found if value == value]


def tagging(terminal: Terminal, presses: int) -> tuple[list[float], list[float]]:
    """``c`` (the label menu opens) and ``1`` (the sentence tagged), each timed; the
    next sentence for the next claim."""
    opening, picking = [], []
    for _ in range(presses):
        opening.append(terminal.key("c"))
        terminal.settle(0.15)
        picking.append(terminal.key("1"))
        terminal.settle(0.15)
        terminal.key("j")
        terminal.settle(0.15)
    return ([v for v in opening if v == v], [v for v in picking if v == v])


def row(name: str, values: list[float], floor: float | None) -> dict[str, Any]:
    median = statistics.median(values) if values else float("nan")
    return {"name": name, "samples": len(values), "median_ms": round(median * 1000, 1),
            "ratio": round(median / floor, 2) if floor else 1.0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=100_000)
    parser.add_argument("--presses", type=int, default=20)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="terminal-keys-"))
    env = {**os.environ, "TERM": "xterm-256color"}
    for variable in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME"):
        env[variable] = str(home / variable.lower())
    env.pop("COLUMNS", None)
    env.pop("LINES", None)
    corpus = home / "corpus"
    corpus.mkdir()
    corpus.joinpath("big.txt").write_text(big_article(args.words), encoding="utf-8")
    app = home / "minimal_key_app.py"
    app.write_text(MINIMAL_APP, encoding="utf-8")
    rows: list[dict[str, Any]] = []

    minimal = Terminal(f"{shlex.quote(sys.executable)} {shlex.quote(str(app))}", env)
    try:
        minimal.wait_for("Step")
        minimal.settle()
        floor_values = samples(minimal, "j", args.presses)
    finally:
        minimal.close()
    floor = statistics.median(floor_values)
    rows.append(row("minimal app, key updates a label", floor_values, None))

    reader = f"{shlex.quote(str(COMMAND))} --corpus {shlex.quote(str(corpus))}"
    # During a first recognition: an empty cache, keys sent while the legend counts.
    first = Terminal(reader, env)
    try:
        first.wait_for("big")
        time.sleep(1.0)
        during = {name: samples(first, key, max(5, args.presses // 2), settle=False)
                  for name, key in (("j", "j"), ("w", "w"))}
        recognising = "recognising" in first.screen().lower()
    finally:
        first.close()
    subprocess.run([str(COMMAND), "entities", "--corpus", str(corpus)], env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)

    warm = Terminal(reader, env)
    try:
        warm.wait_for("big")
        time.sleep(2.0)
        warm.settle(1.0)
        for name, key in READER_KEYS.items():
            rows.append(row(f"reader {name}, entities cached", samples(warm, key, args.presses),
                            floor))
        opening, picking = tagging(warm, args.presses)
        rows.append(row("reader c (label menu), entities cached", opening, floor))
        rows.append(row("reader 1 (tag the sentence), entities cached", picking, floor))
    finally:
        warm.close()
    for name, values in during.items():
        rows.append(row(f"reader {name}, during the first recognition", values, floor))

    print(f"{args.words:,}-word article, tmux {SIZE[0]}x{SIZE[1]}; median of "
          f"{args.presses} keys (the first-recognition rows: of the keys sent while it ran"
          f"{'' if recognising else '; it had ended before the last key'})\n")
    print("| key | samples | median | ratio to the minimal app |")
    print("| --- | --- | --- | --- |")
    for found in rows:
        print(f"| {found['name']} | {found['samples']} | {found['median_ms']} ms "
              f"| {found['ratio']}x |")
    save_json(OUT, {"words": args.words, "rows": rows})


if __name__ == "__main__":
    main()
