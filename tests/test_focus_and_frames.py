"""What the first frame shows, and what moving focus between panes redraws."""

from __future__ import annotations

import pytest
from textual.screen import Screen

from corpus import load_corpus
from tui.app import ReaderApp


async def test_the_first_frame_shows_the_article_text(monkeypatch: pytest.MonkeyPatch) -> None:
    frames: list[str] = []
    refresh = Screen._compositor_refresh

    def recording_refresh(screen: Screen) -> None:
        refresh(screen)
        if not frames:
            strips = screen._compositor.render_strips()
            frames.append("\n".join(strip.text for strip in strips))

    monkeypatch.setattr(Screen, "_compositor_refresh", recording_refresh)
    app = ReaderApp(load_corpus(), recognise=False)
    async with app.run_test(size=(120, 36)):
        pass
    # The body, not only the title: the text is wrapped before the first resize event.
    assert "told CNN on Wednesday" in frames[0]
    assert "The United States appears to be changing its focus" in frames[0]
