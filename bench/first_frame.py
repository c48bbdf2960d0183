"""Time to first frame of a terminal program, in a pseudo-terminal, as a user sees it.

The clock starts when the process is spawned and stops when the given text has been
drawn on the screen (read back from the program's output, escape codes removed).
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import termios
import time
from collections.abc import Mapping, Sequence

_ESCAPES = re.compile(rb"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]")
COLUMNS, ROWS = 120, 36


def first_frame_seconds(
    command: Sequence[str], marker: str, env: Mapping[str, str], timeout: float = 30.0
) -> float:
    """Seconds from spawn until ``marker`` is on the screen; the program is then killed."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: become the program, in a 120x36 terminal
        os.execvpe(command[0], list(command), dict(env))
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
    started = time.perf_counter()
    seen = b""
    wanted = marker.encode()
    try:
        while time.perf_counter() - started < timeout:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            seen += chunk
            # Textual draws words in runs of styled segments: compare without escapes.
            if wanted in _ESCAPES.sub(b"", seen):
                return time.perf_counter() - started
        raise TimeoutError(f"{marker!r} not drawn within {timeout} s by {command}")
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)
