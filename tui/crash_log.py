"""A crash is a bug: its full traceback goes to a log file in the state folder, the
user gets one line saying where, and the command exits non-zero.

The database is never written on the way out: every write is atomic and made only by
a completed change, so a crash leaves it as the last change saved it.
"""

from __future__ import annotations

import os
import platform
import sys
import traceback
from datetime import UTC, datetime
from pathlib import Path

from syria_reader.corpus import app_dirs
from syria_reader.tui.untrusted import visible

PROG = "syria-reader"
EXIT_CRASH = 70  # EX_SOFTWARE: an internal error, not the user's


def crash_folder() -> Path:
    return app_dirs.state_dir() / "crashes"


def write_crash_log(error: BaseException, folder: Path | None = None) -> Path:
    """The traceback of ``error`` in a new file of ``folder``; returns its path."""
    folder = folder or crash_folder()
    folder.mkdir(parents=True, exist_ok=True)
    moment = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    path = folder / f"crash-{moment}-{os.getpid()}.log"
    details = (f"syria-reader crash at {datetime.now(UTC).isoformat()}\n"
               f"command: {' '.join(sys.argv)}\n"
               f"python {platform.python_version()} on {platform.platform()}\n\n")
    # backslashreplace: a file name that is not UTF-8, in the command line or a message,
    # must not make the log itself fail to write.
    path.write_text(details + "".join(traceback.format_exception(error)), encoding="utf-8",
                    errors="backslashreplace")
    return path


def report_crash(error: BaseException) -> int:
    """Write the log, print the one line on stderr, and return the exit status."""
    summary = visible(f"{type(error).__name__}: {error}".splitlines()[0])
    try:
        path = write_crash_log(error)
    except OSError as log_error:
        print(f"{PROG}: internal error: {summary} (the traceback could not be saved: "
              f"{log_error}; it follows)", file=sys.stderr)
        traceback.print_exception(error, file=sys.stderr)
        return EXIT_CRASH
    print(f"{PROG}: internal error: {summary}; the full traceback is in {path} "
          "(please include it in a bug report)", file=sys.stderr)
    return EXIT_CRASH
