"""The label menu drawn into the article view: where it goes and what it shows."""

from __future__ import annotations

from rich.style import Style
from textual.strip import Strip

from syria_reader.annotations.labels import DEFAULT_LABELS, Label
from syria_reader.tui.widgets.label_menu import LabelMenu

BORDER, BODY = Style(color="yellow"), Style(bgcolor="black")


def menu(first: int, last: int, top: int = 0, height: int = 40, width: int = 80) -> LabelMenu:
    return LabelMenu.build(DEFAULT_LABELS, "The US has about 2,000 troops in Syria.", (0, 39),
                           None, first=first, last=last, view_top=top, view_height=height,
                           view_width=width, border=BORDER, body=BODY)


def test_the_menu_goes_under_the_passage_else_over_it_else_as_low_as_it_fits() -> None:
    rows = len(DEFAULT_LABELS) + 4
    assert menu(3, 4).top == 5  # under
    assert menu(30, 36).top == 30 - rows  # no room under: over
    assert menu(100, 101, top=95, height=12).top == 97  # room for neither: as low as fits


def test_a_low_view_gets_the_labels_side_by_side() -> None:
    """Two panes stacked on an 80x24 terminal leave each view about five lines."""
    low = menu(100, 100, top=97, height=5, width=76)
    assert len(low.rows) == 3 and low.top == 97  # over the passage, all of it in sight
    top, labels, bottom = (row.text for row in low.rows)
    assert "Tag as:" in top and "escape cancels" in bottom
    assert " 1  figure" in labels and " 6  opinion" in labels
    drawn = low.over(98, Strip.blank(76, BODY)).text
    cell = drawn.index(" 6  opinion")
    assert low.label_at(98, cell + 2) == "opinion" and low.label_at(98, 0) is None
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
    assert labels.pick(None) is None and labels.pick("²") is None  # a digit int() refuses
    assert labels.pick("١") == "figure"  # an Arabic keyboard's 1
    tall = menu(0, 0)
    assert tall.label_at(tall.top + 3, tall.x + 5) == "event"  # a row a label: the row
    assert tall.label_at(tall.top + 1, tall.x + 5) is None  # the title


def test_a_colour_in_css_form_is_drawn_not_refused() -> None:
    labels = (Label("troops", "orange"), Label("withdrawal", "hsl(120, 50%, 40%)"),
              Label("odd", "not a colour"))
    drawn = LabelMenu.build(labels, "quote", (0, 5), None, first=0, last=0, view_top=0,
                            view_height=20, view_width=60, border=BORDER, body=BODY)
    styles = [segment.style for segment in drawn.rows[2] if "troops" in segment.text]
    assert styles and styles[0].color is not None
