"""Progress of long headless work on stderr: a live counter on a terminal; for scripts
(stderr not a terminal) only the first and the last count, so logs stay short."""

from __future__ import annotations

import sys
from collections.abc import Callable

from syria_reader.tui.cli.common import PROG
from syria_reader.tui.untrusted import unfiltered, visible


def progress(what: str, unit: str = "") -> Callable[[int, int], None]:
    """``on_progress(done, total)`` printing ``syria-reader: WHAT: done/total UNIT``."""

    def show(done: int, total: int) -> None:
        message = f"{PROG}: {what}: {done}/{total}" + (f" {unit}" if unit else "")
        if sys.stderr.isatty():
            # The carriage return is ours (the counter rewrites its line): past the
            # filter that shows control characters, with the message made visible.
            print(f"\r{visible(message)}", end="\n" if done == total else "",
                  file=unfiltered(sys.stderr), flush=True)
        elif done in (0, total):
            print(message, file=sys.stderr, flush=True)

    return show


def recognition_progress() -> Callable[[int, int], None]:
    """For recognising entities: articles recognised so far."""
    return progress("recognising entities", "articles")
