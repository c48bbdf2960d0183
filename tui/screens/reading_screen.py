"""The reader's main screen: the app composes the panes, status lines and footer on it."""

from __future__ import annotations

from syria_reader.tui.widgets.article_view import ArticleView
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget


class ReadingScreen(Screen[None]):
    """Moves focus without repainting every line on screen.

    Textual's ``Screen.focused`` repaints the whole screen when focus moves. Here every
    widget whose look depends on focus repaints itself when its styles change (a pane's
    border, the lit sentence), so ``tab`` redraws those lines and not two full panes,
    which took 40-60 ms on a 160x50 screen (bench/keystroke_bench.py).
    """

    focused: Reactive[Widget | None] = Reactive(None, repaint=False)

    # The screen's own lines are only its background, covered by the panes and bars.
    # Rendered as styled lines they are new strips at every full repaint (as when
    # a dialog closes), and the compositor cuts each at every widget edge on its
    # line, about 500 strips on 160x50. Blank, they are one strip whose cuts are cached.
    BLANK = True

    def on_screen_suspend(self) -> None:
        # Another screen (the command palette, say) takes the keys: a label menu left
        # open under it would tag, after its actions, a passage that may have moved.
        for view in self.query(ArticleView):
            view.close_menu()
