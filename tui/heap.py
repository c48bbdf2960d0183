"""The reader's long-lived heap, kept out of the garbage collector's way.

A full collection scans every object the process holds. With Textual, the corpus, its
entities and the annotations loaded that took 30 ms before the first frame and up to
90 ms in the middle of a keystroke. What the reader builds at start and loads in its
workspace lives as long as the reader, so it is frozen (``gc.freeze``) once built:
later collections look only at what came after. Objects frozen are still freed when
nothing refers to them; reference cycles among them are not. Widgets hold cycles, so a
start-up pane closed with ``-`` stays in memory (a few MB for a very large article),
which is the price of keystrokes without 30-90 ms collections.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def built_without_collections() -> Iterator[None]:
    """Build long-lived objects with the collector off, then freeze them."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def freeze_loaded() -> None:
    """What was loaded so far stays for the reader's life: leave it out of collections."""
    gc.freeze()
