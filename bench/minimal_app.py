"""The floor: a minimal Textual app (Header, Static, Footer), for first-frame ratios."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class MinimalApp(App[None]):
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Planning is underway: the minimal app's first frame.")
        yield Footer()


if __name__ == "__main__":
    MinimalApp().run()
