"""Keys through a real terminal: the reader against a minimal Textual app (issue 20).

Run: .venv/bin/python -m bench.terminal_keys [--words 100000] [--presses 20]
Prints a markdown table and writes bench/out/terminal_keys.json. Not part of the test
suite (it needs tmux).

Two harnesses, each at 160x48, the same way for both apps:
- tmux: a sample sends one key with ``tmux send-keys`` and polls ``tmux capture-pane
  -e`` (text and colours) until the screen differs from before the key; tmux and
  polling (a process per look) are included.
- pty: the app in a pseudo-terminal of ours (bench/pty_terminal.py); a sample writes
  the key's bytes and stamps the end of the frame the app writes back, to the byte.

The floor is the minimal app whose key changes a label. The reader shows two
articles side by side (a 100,000-word one, the bundled ones repeated, and a bundled
one, so ``tab`` has a pane to go to), with its entities cached ("warm"), and again
while its first recognition runs (an empty cache: keys sent while it runs).
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
from typing import Any, Protocol

from bench.keystroke_bench import big_article
from bench.pty_terminal import PtyTerminal
from bench.report import save_json

OUT = Path(__file__).resolve().parent / "out" / "terminal_keys.json"
COMMAND = Path(sys.executable).parent / "syria-reader"
SIZE = (160, 48)
POLL = 0.0005
TIMEOUT = 3.0
READER_KEYS = {"j": "j", "w": "w", "page down": "PageDown", "tab": "Tab"}
DURING_RECOGNITION = ("j", "w", "PageDown", "Tab")

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


class Keyboard(Protocol):
    def wait_for(self, text: str, limit: float = 120.0) -> None: ...
    def settle(self, quiet: float = 0.3) -> None: ...
    def key(self, key: str) -> float: ...
    def screen_text(self) -> str: ...
    def close(self) -> None: ...


class Terminal:
    """One app in a detached tmux session of its own server."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        command = " ".join(shlex.quote(part) for part in argv)
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

    def screen_text(self) -> str:
        return self.screen()

    def close(self) -> None:
        self._tmux("kill-server")


def samples(terminal: Keyboard, key: str, presses: int, settle: bool = True) -> list[float]:
    """``presses`` timings of ``key``: after each, until the screen is quiet, or (with
    ``settle`` False: during recognition its progress never lets it be) a fixed pause
    as long as that, so that no key lands in the frame of the one before (Textual
    draws at most 60 frames a second: a key right after a frame waits for the next)."""
    found = []
    for _ in range(presses):
        found.append(terminal.key(key))
        if settle:
            terminal.settle(0.15)
        else:
            time.sleep(0.15)
    return [value for value in found if value == value]


def tagging(terminal: Keyboard, presses: int) -> tuple[list[float], list[float]]:
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


def row(harness: str, name: str, values: list[float], floor: float | None) -> dict[str, Any]:
    median = statistics.median(values) if values else float("nan")
    return {"harness": harness, "name": name, "samples": len(values),
            "median_ms": round(median * 1000, 1),
            "ratio": round(median / floor, 2) if floor else 1.0}


def environment(home: Path) -> dict[str, str]:
    env = {**os.environ, "TERM": "xterm-256color"}
    for variable in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME"):
        env[variable] = str(home / variable.lower())
    env.pop("COLUMNS", None)
    env.pop("LINES", None)
    return env


def harness_rows(harness: str, open_terminal: Any, minimal: list[str], reader: list[str],
                 home: Path, presses: int) -> list[dict[str, Any]]:
    """The floor, the reader during its first recognition and the reader warm, in one
    harness; ``home`` is this harness's own (an empty cache to start with)."""
    env = environment(home)
    terminal: Keyboard = open_terminal(minimal, env)
    try:
        terminal.wait_for("Step")
        terminal.settle()
        floor_values = samples(terminal, "j", presses)
    finally:
        terminal.close()
    floor = statistics.median(floor_values)
    rows = [row(harness, "minimal app, key updates a label", floor_values, None)]

    first = open_terminal(reader, env)  # the cache is empty: recognition starts now
    try:
        first.wait_for("big")
        time.sleep(1.0)
        during = {key: samples(first, key, max(5, presses // 2), settle=False)
                  for key in DURING_RECOGNITION}
        first.settle(0.05)
        recognising = "recognising" in first.screen_text().lower()
    finally:
        first.close()
    corpus = reader[reader.index("--corpus") + 1]
    subprocess.run([str(COMMAND), "entities", "--corpus", corpus], env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)

    warm = open_terminal(reader, env)
    try:
        warm.wait_for("big")
        time.sleep(2.0)
        warm.settle(1.0)
        for name, key in READER_KEYS.items():
            rows.append(row(harness, f"reader {name}, entities cached",
                            samples(warm, key, presses), floor))
        opening, picking = tagging(warm, presses)
        rows.append(row(harness, "reader c (label menu), entities cached", opening, floor))
        rows.append(row(harness, "reader 1 (tag the sentence), entities cached", picking,
                        floor))
    finally:
        warm.close()
    names = {value: name for name, value in READER_KEYS.items()}
    for key, values in during.items():
        rows.append(row(harness, f"reader {names[key]}, during the first recognition"
                        + ("" if recognising else " (it ended before the last key)"),
                        values, floor))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=100_000)
    parser.add_argument("--presses", type=int, default=20)
    parser.add_argument("--harness", choices=("tmux", "pty", "both"), default="both")
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="terminal-keys-"))
    corpus = home / "corpus"
    corpus.mkdir()
    corpus.joinpath("big.txt").write_text(big_article(args.words), encoding="utf-8")
    corpus.joinpath("small.txt").write_text(big_article(1), encoding="utf-8")
    app = home / "minimal_key_app.py"
    app.write_text(MINIMAL_APP, encoding="utf-8")
    minimal = [sys.executable, str(app)]
    reader = [str(COMMAND), "--corpus", str(corpus)]
    harnesses = {"tmux": Terminal,
                 "pty": lambda argv, env: PtyTerminal(argv, env, SIZE)}
    rows: list[dict[str, Any]] = []
    for name, open_terminal in harnesses.items():
        if args.harness in (name, "both"):
            rows += harness_rows(name, open_terminal, minimal, reader, home / name,
                                 args.presses)

    print(f"{args.words:,}-word article beside a bundled one, 160x48; median of "
          f"{args.presses} keys ({max(5, args.presses // 2)} during the first recognition)\n")
    print("| harness | key | samples | median | ratio to the minimal app |")
    print("| --- | --- | --- | --- | --- |")
    for found in rows:
        print(f"| {found['harness']} | {found['name']} | {found['samples']} "
              f"| {found['median_ms']} ms | {found['ratio']}x |")
    save_json(OUT, {"words": args.words, "rows": rows})


if __name__ == "__main__":
    main()
