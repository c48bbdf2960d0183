"""Worker processes for long work on a text (recognition, sentence splitting).

Started with "spawn", never "fork": forking a process that runs Textual's threads can
deadlock. And multiprocessing's resource tracker must be started with a stderr it can
inherit: an app that replaced ``sys.stderr`` (Textual does, while it runs) hands it an
invalid descriptor, and the start fails with "bad value(s) in fds_to_keep".
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import warnings
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from contextlib import suppress
from typing import Any

# How much lower the workers' priority is than the process that starts them: their
# work (recognition, splitting, the gazetteer) is in the background, and on two cores
# spaCy and two splitting workers took the CPU from the reader's keys (1.6-1.9x).
BACKGROUND_NICENESS = 10


def spawn_pool(workers: int, initializer: Callable[..., object] | None = None,
               initargs: tuple[Any, ...] = ()) -> ProcessPoolExecutor:
    """A pool of ``workers`` spawned processes, safe to start from inside the reader,
    each at a lower priority than it (``BACKGROUND_NICENESS``)."""
    _start_resource_tracker()
    return ProcessPoolExecutor(max_workers=workers,
                               mp_context=multiprocessing.get_context("spawn"),
                               initializer=_in_background, initargs=(initializer, initargs))


def _in_background(initializer: Callable[..., object] | None,
                   initargs: tuple[Any, ...]) -> None:
    """A worker's start: its output silenced and its priority lowered, then the pool's
    own initializer."""
    _silence_output()
    with suppress(OSError, AttributeError):  # not permitted, or no os.nice (Windows)
        os.nice(BACKGROUND_NICENESS)
    if initializer is not None:
        initializer(*initargs)


def _silence_output() -> None:
    """A worker shares the terminal that Textual draws on: keep its warnings and any
    output off it (what it has to say comes back as results and exceptions)."""
    warnings.simplefilter("ignore")
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    os.close(devnull)


def _has_real_descriptor(stream: object) -> bool:
    try:
        return stream is not None and stream.fileno() >= 0  # type: ignore[attr-defined]
    except (AttributeError, OSError, ValueError):
        return False


def _start_resource_tracker() -> None:
    """Start the resource tracker with the real stderr lent for the start."""
    from multiprocessing import resource_tracker

    replaced = sys.stderr
    if not _has_real_descriptor(replaced) and _has_real_descriptor(sys.__stderr__):
        sys.stderr = sys.__stderr__
    try:
        resource_tracker.ensure_running()
    finally:
        sys.stderr = replaced
