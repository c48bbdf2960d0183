"""Properties of the one rule for text we did not write: whatever the text, no control
character reaches the terminal, offsets hold, and JSON keeps the exact text."""

from __future__ import annotations

import io
import json

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.style import Style
from textual.app import App, ComposeResult

from syria_reader.annotations.labels import Label
from syria_reader.corpus import Article
from syria_reader.tui.plain_content import markup, plain
from syria_reader.tui.text_wrap import display_text, wrap_text
from syria_reader.tui.untrusted import STAND_INS, VisibleStream, json_text, visible
from syria_reader.tui.widgets.article_view import ArticleView
from syria_reader.tui.widgets.label_menu import LabelMenu
from tests.hostile import controls_in

# Every code point, surrogates included (a file name that was not UTF-8), with the
# control characters and escape sequences drawn often.
CONTROLS = st.sampled_from(["\x1b", "\x1b]0;x\x07", "\x1b[2J", "\x9b", "\x08", "\x7f", "\r",
                            "\x00", "\t", "\n", "[/]", "[@click=app.quit]", "[link=x]"])
ANY_TEXT = st.lists(st.one_of(st.characters(exclude_categories=()), CONTROLS)).map("".join)
# What a decoded article can hold: anything but surrogates.
ARTICLE_TEXT = st.lists(st.one_of(st.characters(), CONTROLS), min_size=1).map("".join)


@given(ANY_TEXT)
def test_visible_keeps_the_length_and_leaves_no_control(text: str) -> None:
    shown = visible(text)
    assert len(shown) == len(text)
    assert controls_in(shown) == []
    assert all(a == b for a, b in zip(text, shown, strict=True)
               if ord(a) not in STAND_INS)


@given(ANY_TEXT)
def test_plain_and_markup_content_show_the_value_literally(text: str) -> None:
    assert plain(text).plain == visible(text)
    content = markup("[b]Label:[/b] $value [dim]end[/dim]", value=text)
    assert content.plain == f"Label: {visible(text)} end"
    assert {span.style for span in content.spans} <= {"b", "dim"}  # no style from data


@given(ARTICLE_TEXT, st.integers(min_value=1, max_value=120))
def test_wrapped_lines_as_drawn_carry_no_control(text: str, width: int) -> None:
    for start, end in wrap_text(text, width):
        assert controls_in(display_text(text[start:end])) == []


@given(ANY_TEXT, st.lists(ANY_TEXT.filter(str.strip), min_size=1, max_size=9),
       st.integers(min_value=4, max_value=120), st.integers(min_value=1, max_value=40))
def test_the_label_menu_draws_no_control(
    quote: str, names: list[str], width: int, height: int,
) -> None:
    labels = tuple(Label(name, "#d08c00") for name in names)
    menu = LabelMenu.build(labels, quote, (0, 1), None, first=0, last=0, view_top=0,
                           view_height=height, view_width=width, border=Style(), body=Style())
    for row in menu.rows:
        assert controls_in(row.text) == []


@given(st.lists(ANY_TEXT))
def test_plain_command_output_carries_no_control(writes: list[str]) -> None:
    terminal = io.StringIO()
    stream = VisibleStream(terminal)  # type: ignore[arg-type]
    for text in writes:
        assert stream.write(text) == len(text)
    output = terminal.getvalue()
    assert controls_in(output) == []
    assert len(output) == sum(len(text) for text in writes)


@given(st.recursive(
    st.one_of(st.none(), st.integers(), ANY_TEXT),
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(ANY_TEXT, inner, max_size=4)),
    max_leaves=12,
))
def test_json_output_keeps_the_exact_text_and_carries_no_control(payload: object) -> None:
    output = json_text(payload)
    assert controls_in(output.replace("\n", "")) == []
    assert json.loads(output) == payload


class OneView(App[None]):
    def compose(self) -> ComposeResult:
        yield ArticleView(Article(id="a", title="t", text="start"))


async def test_the_article_view_draws_any_text_without_control() -> None:
    app = OneView()
    async with app.run_test(size=(40, 12)):
        view = app.query_one(ArticleView)

        @settings(max_examples=150, deadline=None)
        @given(ARTICLE_TEXT, st.integers(min_value=0, max_value=10_000))
        def draw(text: str, cursor: int) -> None:
            view.show(Article(id="a", title="t", text=text), cursor % max(len(text), 1))
            view.anchor = 0  # a selection from the top: every layer is drawn
            for y in range(view.size.height):
                assert controls_in(view.render_line(y).text) == []

        draw()
