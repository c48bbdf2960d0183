"""The footer: Textual's, redrawn only when the keys it shows change."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer

ShownKey = tuple[str, str, bool, str]  # keys, description, enabled, tooltip


class KeyFooter(Footer):
    """Textual's footer rebuilds its keys whenever focus moves. Both panes offer the
    same keys, so ``tab`` would remove and mount ten widgets for nothing; this footer
    compares the keys first, and ``tab`` repaints in one frame instead of several."""

    def __init__(self) -> None:
        super().__init__()
        self._shown: tuple[ShownKey, ...] | None = None

    def bindings_changed(self, screen: Screen) -> None:
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
