"""Command palette (ctrl+p): every key's action, found by what it does."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from syria_reader.tui.untrusted import visible


class KeyCommands(Provider):
    """The bindings active where the palette was opened, by their descriptions."""

    def _commands(self) -> list[tuple[str, str, str | None, partial[object]]]:
        """(description, key, help, action) of each binding with a description; the key
        as the footer shows it, the user's own where the keymap changed it."""
        commands = []
        seen: set[str] = set()
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if not binding.description or binding.description in seen:
                continue
            seen.add(binding.description)
            action = partial(self.app.run_action, binding.action, active.node)
            display_key = self.app.get_key_display(binding) or key
            commands.append((binding.description, display_key, binding.tooltip or None, action))
        return commands

    @staticmethod
    def _with_key(description: Content | str, key: str) -> Content:
        """The command and its key, the key dimmed after it: as text, never markup (a
        key the user set in the config file is shown as written)."""
        return Content.assemble(description, ("  " + visible(key), "dim"))

    async def discover(self) -> Hits:
        for description, key, help_text, action in self._commands():
            yield DiscoveryHit(self._with_key(description, key), action, text=description,
                               help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for description, key, help_text, action in self._commands():
            score = matcher.match(description)
            if score > 0:
                yield Hit(score, self._with_key(matcher.highlight(description), key), action,
                          text=description, help=help_text)
