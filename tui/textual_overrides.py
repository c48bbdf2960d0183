"""Every place syria-reader replaces a piece of Textual's own code, in one module.

Each override names the Textual code it stands in for; ``tests/test_textual_overrides.py``
keeps a fingerprint of that code and fails when a Textual upgrade changes it, so the
override is checked again instead of silently drifting.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from contextlib import suppress
from typing import Any, Literal, TypeVar

from rich.cells import cell_len, get_character_cell_size
from rich.text import Text
from textual import events, work
from textual._context import active_message_pump
from textual.app import App
from textual.await_complete import AwaitComplete
from textual.command import CommandPalette
from textual.css.query import NoMatches
from textual.dom import DOMNode
from textual.expand_tabs import expand_tabs_inline
from textual.reactive import Reactive
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.widget import Widget
from textual.widgets import Footer, Input, OptionList
from textual.worker import WorkerFailed

from syria_reader.tui.untrusted import visible

W = TypeVar("W", bound=DOMNode)

# The Textual code each override in this module replaces, wraps or relies on, as it
# was before any change: tests/test_textual_overrides.py fingerprints its source.
TEXTUAL_CODE: dict[str, Callable[..., object]] = {
    "Screen.set_focus": Screen.set_focus,
    "Screen.dismiss": Screen.dismiss,
    "DOMNode.data_bind": DOMNode.data_bind,
    "Footer.bindings_changed": Footer.bindings_changed,
    "Widget._on_focus": Widget._on_focus,
    "Widget._on_blur": Widget._on_blur,
    "Widget.watch_has_focus": Widget.watch_has_focus,
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


class RedrawsOwnFocus(ScrollView):
    """A scroll view that redraws only what focus changes in it (``focus_changed``).

    Replaces ``Widget._on_focus`` and ``_on_blur``, which repaint the whole widget,
    doing the rest of what they do; and ``Widget.watch_has_focus``, which restyles the
    widget and its component classes for ``:focus`` rules. An article view has no such
    rule (its lit sentence is a component class, the pane's border a class on the
    pane): on a 160x50 screen, ``tab`` redrew 45 lines of each pane for nothing.
    """

    def focus_changed(self, focused: bool) -> None:
        """Redraw what looks different with or without focus."""

    def _on_focus(self, event: events.Focus) -> None:
        event.prevent_default()
        self.has_focus = True
        self.focus_changed(True)
        if self.parent is not None:
            self.parent.post_message(events.DescendantFocus(self))

    def _on_blur(self, event: events.Blur) -> None:
        event.prevent_default()
        self.has_focus = False
        self.focus_changed(False)
        if self.parent is not None:
            self.parent.post_message(events.DescendantBlur(self))

    def watch_has_focus(self, _has_focus: bool) -> None:
        pass  # no restyle: see the class


class ScreenFocusWithoutRepaint(Screen[None]):
    """A screen that does not repaint every line when focus moves.

    Replaces ``Screen.focused``, a reactive that repaints the whole screen on each
    change (``Screen.set_focus`` assigns it). Every widget of the reading screen whose
    look depends on focus repaints itself (a pane's border, the lit sentence), so
    ``tab`` redraws those lines, not two full panes (40-60 ms on a 160x50 screen).
    """

    focused: Reactive[Widget | None] = Reactive(None, repaint=False)


class KeyFooter(Footer):
    """Textual's footer, rebuilt only when the keys it shows change.

    Extends ``Footer.bindings_changed``, which recomposes the footer whenever focus
    moves. Both panes offer the same keys, so ``tab`` would remove and mount ten
    widgets for nothing; the keys are compared first, and ``tab`` repaints in one frame.
    """

    def __init__(self) -> None:
        super().__init__()
        self._shown: tuple[tuple[str, str, bool, str], ...] | None = None

    def bindings_changed(self, screen: Screen[object]) -> None:
        shown = tuple(
            (binding.key, binding.description, enabled, tooltip)
            for _node, binding, enabled, tooltip in screen.active_bindings.values()
            if binding.show
        )
        if shown != self._shown:
            # Remembered only when Textual's footer will rebuild (it does not while the
            # terminal is unfocused or for another screen), or it would stay stale.
            if screen.app.app_focus and self.is_attached and screen is self.screen:
                self._shown = shown
            super().bindings_changed(screen)


def data_bind_from(parent: DOMNode, widget: W, *reactives: Reactive[Any]) -> W:
    """``widget.data_bind(*reactives)`` with ``parent``'s reactives, from anywhere.

    ``DOMNode.data_bind`` binds to the active message pump, the widget whose compose
    is running; a pane mounted by a key's action runs in the app's, not the screen's.
    """
    token = active_message_pump.set(parent)
    try:
        return widget.data_bind(*reactives)
    finally:
        active_message_pump.reset(token)


def _dismiss_only_the_top_screen() -> None:
    """Guard ``Screen.dismiss``: it pops the top screen, whichever screen asks, so a
    dialog that had closed already (the command palette's enter, pressed twice fast)
    popped the reading screen itself and ended the reader. Now only the screen on top
    can dismiss itself; a late request does nothing."""
    textual_dismiss = TEXTUAL_CODE["Screen.dismiss"]

    def dismiss(self: Screen[object], result: object = None) -> AwaitComplete:
        if not self.is_attached or self.app.screen is not self:
            return AwaitComplete(asyncio.sleep(0))
        return textual_dismiss(self, result)  # type: ignore[no-any-return]

    Screen.dismiss = dismiss  # type: ignore[assignment]


_dismiss_only_the_top_screen()


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


