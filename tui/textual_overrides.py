"""Every place syria-reader replaces a piece of Textual's own code, in one module.

Each override names the Textual code it stands in for; ``tests/test_textual_overrides.py``
keeps a fingerprint of that code and fails when a Textual upgrade changes it, so the
override is checked again instead of silently drifting.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from typing import Literal

from rich.cells import cell_len, get_character_cell_size
from rich.text import Text
from syria_reader.tui.untrusted import visible
from textual import work
from textual.app import App
from textual.command import CommandPalette
from textual.css.query import NoMatches
from textual.expand_tabs import expand_tabs_inline
from textual.widgets import Input, OptionList
from textual.worker import WorkerFailed

# The Textual code each override in this module replaces, wraps or relies on, as it
# was before any change: tests/test_textual_overrides.py fingerprints its source.
TEXTUAL_CODE: dict[str, Callable[..., object]] = {
    "Input._value": Input._value.fget,  # type: ignore[attr-defined]
    "Input._position_to_cell": Input._position_to_cell,
    "Input._cell_offset_to_index": Input._cell_offset_to_index,
    "OptionList._move_page": OptionList._move_page,
    "CommandPalette._gather_commands": CommandPalette._gather_commands.__wrapped__,
    "App._handle_exception": App._handle_exception,
    "App._fatal_error": App._fatal_error,
    "App._print_error_renderables": App._print_error_renderables,
}


class VisibleInput(Input):
    """An input that shows control characters in its value as visible stand-ins.

    Replaces ``Input._value``: Textual renders the value as ``Text(self.value)``, which
    drops BEL, backspace and carriage return and passes ESC through to the terminal. A
    note or a path we did not write may hold any of them; the value itself is kept
    exactly, only its drawing changes. ``_position_to_cell`` and
    ``_cell_offset_to_index`` are Textual's, measuring the drawn value (a control is no
    cell wide, its stand-in one), so the cursor and clicks land where they are drawn.
    """

    @property
    def _value(self) -> Text:
        if self.password:
            return super()._value
        text = Text(visible(self.value), no_wrap=True, overflow="ignore", end="")
        return self.highlighter(text) if self.highlighter is not None else text

    def _position_to_cell(self, position: int) -> int:
        return cell_len(expand_tabs_inline(visible(self.value[:position]), 4))

    def _cell_offset_to_index(self, offset: int) -> int:
        cell_offset = 0
        offset += self.scroll_offset.x
        for index, character in enumerate(visible(self.value)):
            width = get_character_cell_size(character)
            if cell_offset <= offset < cell_offset + width:
                return index
            cell_offset += width
        return max(0, min(offset, len(self.value)))


def _page_only_when_laid_out() -> None:
    """Guard ``OptionList._move_page`` (``pageup``/``pagedown`` in every option list,
    the command palette's included): it looks up the highlighted option's line, and a
    list squeezed to no width (a 20-column terminal) has laid out none, so the key
    raised ``KeyError`` and ended the reader. Guarded, such a key does nothing."""
    textual_move_page = TEXTUAL_CODE["OptionList._move_page"]

    def move_page(self: OptionList, direction: Literal[-1, 1]) -> None:
        with suppress(KeyError):
            textual_move_page(self, direction)

    OptionList._move_page = move_page  # type: ignore[method-assign]


_page_only_when_laid_out()  # on import: the reader imports this module before any list


def _palette_safe_to_close() -> None:
    """Guard ``CommandPalette._gather_commands`` (every palette: ``ctrl+p`` and the
    theme picker ``T``): the search runs in a worker that looks up the palette's list
    when it starts, and a letter then ``escape`` typed fast close the palette first;
    the lookup raised ``NoMatches`` and ended the reader. Guarded, the search ends."""
    textual_gather = TEXTUAL_CODE["CommandPalette._gather_commands"]

    @work(exclusive=True, group=CommandPalette._GATHER_COMMANDS_GROUP)
    async def gather_commands(self: CommandPalette, search_value: str) -> None:
        with suppress(NoMatches):  # closed before or while the search ran
            await textual_gather(self, search_value)

    CommandPalette._gather_commands = gather_commands  # type: ignore[method-assign]


_palette_safe_to_close()


class CrashRecordingApp(App[None]):
    """An app that keeps its crash for the command to log (tui/crash_log.py).

    Extends ``App._handle_exception``, which exits the app and has ``_fatal_error``
    queue a rich traceback in ``_exit_renderables``, printed to the terminal after the
    app stops. The command prints one line naming a log file instead, so the queue is
    emptied here, and the command exits with its crash status.
    """

    crash: BaseException | None = None

    def _handle_exception(self, error: Exception) -> None:
        if self.crash is None:  # a worker's error is wrapped: log the error itself
            self.crash = error.error if isinstance(error, WorkerFailed) else error
        super()._handle_exception(error)
        self._exit_renderables.clear()


