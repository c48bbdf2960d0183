"""Every place syria-reader replaces a piece of Textual's own code, in one module.

Each override names the Textual code it stands in for; ``tests/test_textual_overrides.py``
keeps a fingerprint of that code and fails when a Textual upgrade changes it, so the
override is checked again instead of silently drifting.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import App
from textual.widgets import Input

from tui.untrusted import visible


class VisibleInput(Input):
    """An input that shows control characters in its value as visible stand-ins.

    Replaces ``Input._value``: Textual renders the value as ``Text(self.value)``, which
    drops BEL, backspace and carriage return and passes ESC through to the terminal. A
    note or a path we did not write may hold any of them; the value itself is kept
    exactly, only its drawing changes.
    """

    @property
    def _value(self) -> Text:
        if self.password:
            return super()._value
        text = Text(visible(self.value), no_wrap=True, overflow="ignore", end="")
        return self.highlighter(text) if self.highlighter is not None else text


class CrashRecordingApp(App[None]):
    """An app that keeps its crash for the command to log (tui/crash_log.py).

    Extends ``App._handle_exception``, which exits the app and has ``_fatal_error``
    queue a rich traceback in ``_exit_renderables``, printed to the terminal after the
    app stops. The command prints one line naming a log file instead, so the queue is
    emptied here; the exit status stays Textual's (1).
    """

    crash: BaseException | None = None

    def _handle_exception(self, error: Exception) -> None:
        if self.crash is None:
            self.crash = error
        super()._handle_exception(error)
        self._exit_renderables.clear()


# The Textual code each override above relies on, for the fingerprint test.
OVERRIDDEN = {
    "Input._value": (Input, "_value"),
    "App._handle_exception": (App, "_handle_exception"),
    "App._fatal_error": (App, "_fatal_error"),
    "App._print_error_renderables": (App, "_print_error_renderables"),
}
