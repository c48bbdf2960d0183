"""Every entity, claim and link colour reads on the background it is drawn on (WCAG
contrast 4.5:1), in every built-in theme, light and dark: computed, not hand-picked."""

from __future__ import annotations

from pathlib import Path

from rich.style import Style

from syria_reader.annotations.store.database import AnnotationStore
from syria_reader.corpus import load_corpus
from syria_reader.tui.app import ReaderApp
from syria_reader.tui.contrast import WCAG_AA, contrast, readable, readable_rgb
from syria_reader.tui.widgets.legend import Legend


def test_the_contrast_ratio_and_the_nearest_readable_colour() -> None:
    assert round(contrast((255, 255, 255), (0, 0, 0)), 1) == 21.0
    assert contrast((120, 120, 120), (120, 120, 120)) == 1.0
    white_on_grey = readable_rgb((255, 255, 255), (224, 224, 224))  # textual-light's dates
    assert contrast(white_on_grey, (224, 224, 224)) >= WCAG_AA
    assert readable_rgb((0, 0, 0), (255, 255, 255)) == (0, 0, 0)  # readable: kept
    terminal_default = Style(color="default", bgcolor="#ffffff")
    assert readable(terminal_default) is terminal_default  # only the terminal knows it


def _unreadable(style: Style | None) -> float | None:
    """The style's contrast when both its colours are known and it is below 4.5."""
    if style is None or style.color is None or style.bgcolor is None:
        return None
    if style.color.triplet is None or style.bgcolor.triplet is None:
        return None
    ratio = contrast(tuple(style.color.triplet), tuple(style.bgcolor.triplet))
    return ratio if ratio < WCAG_AA - 0.01 else None


async def test_every_colour_reads_on_its_background_in_every_theme(
        cached: None, tmp_path: Path) -> None:
    app = ReaderApp(load_corpus(), store=AnnotationStore(tmp_path / "db.json"))
    async with app.run_test(size=(160, 45)) as pilot:
        for _ in range(400):
            if app.reading.entities is not None and app.workspace is not None:
                break
            await pilot.pause(0.02)
        await pilot.press("c", "1", "j", "j")  # a claim's tint under entities, a lit sentence
        await pilot.pause()
        themes = sorted(app.available_themes)
        assert {"textual-dark", "textual-light"} <= set(themes)
        checked = 0
        for theme in themes:
            app.theme = theme
            await pilot.pause()
            bad = []
            for pane in app.panes:
                view = pane.view
                for y in range(view.scrollable_content_region.height):
                    for segment in view.render_line(y):
                        if segment.text.strip():
                            checked += 1
                            ratio = _unreadable(segment.style)
                            if ratio is not None:
                                bad.append((segment.text, round(ratio, 2)))
            legend = app.query_one(Legend).render()
            for span in legend.spans:
                style = span.style if isinstance(span.style, Style) else None
                ratio = _unreadable(style)
                if ratio is not None:
                    bad.append((legend.plain[span.start:span.end], round(ratio, 2)))
            assert not bad, f"{theme}: {bad[:5]}"
        assert checked > 1000
