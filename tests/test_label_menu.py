"""The label menu drawn into the article view: where it goes and what it shows."""

from __future__ import annotations

from rich.style import Style
from textual.strip import Strip

from annotations.labels import DEFAULT_LABELS
from tui.widgets.label_menu import LabelMenu

BORDER, BODY = Style(color="yellow"), Style(bgcolor="black")


def menu(first: int, last: int, top: int = 0, height: int = 40, width: int = 80) -> LabelMenu:
    return LabelMenu.build(DEFAULT_LABELS, "The US has about 2,000 troops in Syria.", "",
                           first=first, last=last, view_top=top, view_height=height,
                           view_width=width, border=BORDER, body=BODY)


def test_the_menu_goes_under_the_passage_else_over_it_else_as_low_as_it_fits() -> None:
    rows = len(DEFAULT_LABELS) + 4
    assert menu(3, 4).top == 5  # under
    assert menu(30, 36).top == 30 - rows  # no room under: over
    assert menu(100, 101, top=95, height=12).top == 97  # room for neither: as low as fits
    assert menu(100, 101, top=95, height=6).top == 95  # a view lower than the menu: its top
    assert menu(30, 31, top=20, height=30).top == 32  # scrolled: the view's lines count


def test_the_menu_fits_the_view_and_covers_only_its_cells() -> None:
    narrow = menu(0, 0, width=30)
    assert all(row.cell_length == 30 for row in narrow.rows)
    line = Strip.blank(30, BODY)
    assert narrow.over(narrow.top, line).cell_length == 30
    assert narrow.over(narrow.top + len(narrow.rows), line) is line  # below it: untouched
    wide = menu(0, 0, width=120)
    drawn = wide.over(wide.top + 2, Strip.blank(120, BODY)).text
    assert drawn.startswith("  │") and " 1  figure" in drawn and drawn.endswith(" " * 50)


def test_a_digit_picks_its_label_and_nothing_else_does() -> None:
    labels = menu(0, 0)
    assert labels.pick("1") == "figure" and labels.pick(str(len(DEFAULT_LABELS))) is not None
    assert labels.pick("0") is None and labels.pick("9") is None and labels.pick("x") is None
    assert labels.pick(None) is None
