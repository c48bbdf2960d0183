"""Command palette (ctrl+p): every key's action, found by what it does."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


class KeyCommands(Provider):
    """The bindings active where the palette was opened, by their descriptions."""

    def _commands(self) -> list[tuple[str, str, partial[object]]]:
        commands = []
        seen: set[str] = set()
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if not binding.description or binding.description in seen:
                continue
            seen.add(binding.description)
            action = partial(self.app.run_action, binding.action, active.node)
            display_key = self.app.get_key_display(binding) or key
            commands.append((binding.description, binding.tooltip or display_key, action))
        return commands

    async def discover(self) -> Hits:
        for description, help_text, action in self._commands():
            yield DiscoveryHit(description, action, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for description, help_text, action in self._commands():
            score = matcher.match(description)
            if score > 0:
                yield Hit(score, matcher.highlight(description), action, text=description,
                          help=help_text)
