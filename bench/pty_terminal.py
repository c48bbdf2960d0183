"""An app in a pseudo-terminal of our own, for timing keys to the byte.

Polling tmux's screen costs a process start per look (2-4 ms), which blurs what the
reader adds to a key. Here the app writes to a pty whose other end a thread reads,
stamping each chunk as it arrives: a key's latency is from writing its bytes to the
end of the first burst of output after it (the frame, delivered). A burst ends at a
gap of ``GAP`` seconds; Textual writes a frame in one go, so a frame is one burst.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import termios
import threading
import time

GAP = 0.002
KEY_BYTES = {"PageDown": b"\x1b[6~", "Tab": b"\t", "Escape": b"\x1b"}


class PtyTerminal:
    """``argv`` running in a ``size`` pseudo-terminal; ``key`` times one key."""

    def __init__(self, argv: list[str], env: dict[str, str], size: tuple[int, int]) -> None:
        pid, fd = pty.fork()
        if pid == 0:  # the child: the app, with the pty as its terminal
            os.execvpe(argv[0], argv, env)
        self.pid, self.fd = pid, fd
        columns, rows = size
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        self._chunks: list[tuple[float, bytes]] = []
        self._lock = threading.Lock()
        self._open = True
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while self._open:
            ready, _, _ = select.select([self.fd], [], [], 0.05)
            if not ready:
                continue
            try:
                data = os.read(self.fd, 65536)
            except OSError:
                return  # the app has ended
            if not data:
                return
            stamp = time.perf_counter()
            with self._lock:
                self._chunks.append((stamp, data))

    def output(self) -> bytes:
        with self._lock:
            return b"".join(data for _, data in self._chunks)

    def wait_for(self, text: str, limit: float = 120.0) -> None:
        wanted = text.encode()
        started = time.perf_counter()
        while wanted not in self.output():
            if time.perf_counter() - started > limit:
                raise SystemExit(f"never showed {text!r}")
            time.sleep(0.05)

    def settle(self, quiet: float = 0.3) -> None:
        """Until nothing is written for ``quiet`` seconds."""
        while True:
            with self._lock:
                last = self._chunks[-1][0] if self._chunks else 0.0
            if time.perf_counter() - last >= quiet:
                return
            time.sleep(quiet / 4)

    def key(self, key: str, limit: float = 3.0) -> float:
        """Seconds from writing ``key`` to the end of the first burst of output after it
        (nan: nothing was written)."""
        with self._lock:
            seen = len(self._chunks)
        started = time.perf_counter()
        os.write(self.fd, KEY_BYTES.get(key, key.encode()))
        while time.perf_counter() - started < limit:
            time.sleep(GAP / 4)
            with self._lock:
                after = [stamp for stamp, _ in self._chunks[seen:]]
            if not after:
                continue
            end = after[0]
            for stamp in after[1:]:
                if stamp - end > GAP:
                    break
                end = stamp
            if time.perf_counter() - end > GAP:  # the burst is over
                return end - started
        return float("nan")

    def screen_text(self) -> str:
        """What was written, as text (escape codes and all): for 'is it still busy'."""
        return self.output().decode("utf-8", "replace")

    def close(self) -> None:
        self._open = False
        try:
            os.kill(self.pid, signal.SIGTERM)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        os.close(self.fd)
