"""The compare screen's table: a row per story, a column per article, on the Line API.

Each row is a story: its title, its flags (where the reports part), how many articles
say nothing on it, then a cell per article with the label and the start of the passage
that article gives (empty where it is silent). Only the lines on screen are drawn, so
1,500 stories over 1,000 articles cost what a screenful costs; the story, flags and
silent columns stay put while ``←`` ``→`` bring the other articles in.

The grid knows rows and columns, not the comparison: the screen makes them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.color import Color, ColorParseError
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from syria_reader.tui.text_wrap import clip, display_text, wrap_text
from syria_reader.tui.untrusted import visible

ROW_LINES = 3  # a story's row: the label, then two lines of its passage
HEADER_LINES = 2  # the article's name, its date
STORY_WIDTH = 18
FLAGS_WIDTH = 16  # " figures differ"
SILENT_WIDTH = 8  # " Silent"
MIN_COLUMN = 16
MAX_COLUMN = 40
RULE = "│"
MORE_BEFORE = "◀"  # in the header, where columns are out of sight: ← brings them
MORE_AFTER = "▶"


@dataclass(frozen=True)
class GridColumn:
    """An article's column: its name (short id, source) and its date or "undated"."""

    id: str
    name: str
    when: str


@dataclass(frozen=True)
class GridCell:
    """What an article says on a story: its passages' labels and quotes."""

    labels: tuple[str, ...]
    quote: str  # the first passage's


@dataclass(frozen=True)
class GridRow:
    key: str  # the story's id
    title: str
    flags: tuple[str, ...]
    silent: int
    cells: Mapping[str, GridCell] = field(default_factory=dict)  # article id -> its cell


@lru_cache(maxsize=8192)
def wrapped(text: str, width: int, lines: int) -> tuple[str, ...]:
    """``text`` on at most ``lines`` lines of ``width`` cells; an ellipsis ends it if
    it goes on. Shown as text: its control characters visible, its spaces single."""
    if width <= 0 or lines <= 0:
        return ()
    flat = " ".join(visible(text).split())
    spans = wrap_text(flat, width)
    found = [display_text(flat[start:end]).rstrip() for start, end in spans[:lines]]
    if len(spans) > lines:
        last = found[-1]
        while last and cell_len(last) > width - 1:
            last = last[:-1]
        found[-1] = last.rstrip() + "…"
    return tuple(found)


class StoryGrid(Widget, can_focus=True):
    """The stories; ``↑`` ``↓`` move, ``←`` ``→`` bring in other articles' columns."""

    COMPONENT_CLASSES = {
        "story-grid--header",
        "story-grid--cursor",
        "story-grid--stripe",
        "story-grid--flag",
        "story-grid--rule",
        "story-grid--message",
    }

    BINDINGS = [
        Binding("down,j", "move(1)", "Next story", show=False, id="compare.next_story"),
        Binding("up,k", "move(-1)", "Prev story", show=False, id="compare.prev_story"),
        Binding("pagedown,space", "page(1)", "Page down", show=False, id="compare.page_down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="compare.page_up"),
        Binding("home,g", "edge(-1)", "First story", show=False, id="compare.first_story"),
        Binding("end,G", "edge(1)", "Last story", show=False, id="compare.last_story"),
        Binding("right", "scroll_columns(1)", "Later articles", show=False,
                id="compare.later_articles",
                tooltip="Bring in the next article's column (later by date)"),
        Binding("left", "scroll_columns(-1)", "Earlier articles", show=False,
                id="compare.earlier_articles",
                tooltip="Bring back the previous article's column (earlier by date)"),
    ]

    cursor: reactive[int] = reactive(0, init=False, always_update=True)
    first_column: reactive[int] = reactive(0, init=False)

    class Highlighted(Message):
        """Another row is under the cursor (None: there is none)."""

        def __init__(self, grid: StoryGrid, row: GridRow | None) -> None:
            super().__init__()
            self.grid = grid
            self.row = row

    def __init__(self, message: str = "", **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.columns: list[GridColumn] = []
        self.rows: list[GridRow] = []
        self.colours: dict[str, Style] = {}  # label -> its colour, bold
        self.message = message  # shown when there is no row
        self._top = 0  # the first row on screen
        self._styles: dict[str, Style] = {}

    # -- what it shows -----------------------------------------------------------------

    def show(self, columns: list[GridColumn], rows: list[GridRow], keep: str | None = None,
             message: str = "") -> None:
        """Show ``rows`` over ``columns``, the cursor on the row ``keep`` if it is one."""
        if len(rows) != len(self.rows):
            self.refresh(layout=True)  # its height follows its rows
        self.columns, self.rows, self.message = columns, rows, message
        index = next((i for i, row in enumerate(rows) if row.key == keep), 0)
        self.set_reactive(StoryGrid.first_column,
                          min(self.first_column, max(0, len(columns) - 1)))
        self.cursor = index  # always_update: announces the row even when the index stays

    def set_colours(self, colours: Mapping[str, str]) -> None:
        """Each label's colour (from the corpus's labels; one Textual cannot parse is
        drawn in the text's colour)."""
        found = {}
        for name, colour in colours.items():
            try:
                found[name] = Style(color=Color.parse(colour).rich_color, bold=True)
            except ColorParseError:
                found[name] = Style(bold=True)
        self.colours = found
        self.refresh()

    @property
    def row(self) -> GridRow | None:
        """The row under the cursor."""
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    def visible_columns(self) -> tuple[int, int]:
        """The article columns on screen: (first, how many)."""
        return self.first_column, len(self._layout(self.content_size.width)[1])

    # -- moving ------------------------------------------------------------------------

    def validate_cursor(self, cursor: int) -> int:
        return max(0, min(cursor, len(self.rows) - 1))

    def watch_cursor(self, cursor: int) -> None:
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.Highlighted(self, self.row))

    def validate_first_column(self, first: int) -> int:
        return max(0, min(first, len(self.columns) - 1))

    def watch_first_column(self) -> None:
        self.refresh()

    def _rows_on_screen(self) -> int:
        return max(1, (self.content_size.height - HEADER_LINES) // ROW_LINES)

    def _scroll_to_cursor(self) -> None:
        shown = self._rows_on_screen()
        if self.cursor < self._top:
            self._top = self.cursor
        elif self.cursor >= self._top + shown:
            self._top = self.cursor - shown + 1
        self._top = max(0, min(self._top, max(0, len(self.rows) - shown)))

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return HEADER_LINES + max(len(self.rows), 1) * ROW_LINES

    def on_resize(self) -> None:
        self._scroll_to_cursor()
        self.refresh()

    def action_move(self, delta: int) -> None:
        self.cursor += delta

    def action_page(self, delta: int) -> None:
        self.cursor += delta * self._rows_on_screen()

    def action_edge(self, direction: int) -> None:
        self.cursor = 0 if direction < 0 else len(self.rows) - 1

    def action_scroll_columns(self, delta: int) -> None:
        first, shown = self.visible_columns()
        # Never beyond the last screenful: the last column stays at the right edge.
        self.first_column = max(0, min(first + delta, len(self.columns) - shown))

    def on_click(self, event: events.Click) -> None:
        if event.y >= HEADER_LINES:
            row = self._top + (event.y - HEADER_LINES) // ROW_LINES
            if row < len(self.rows):
                self.cursor = row

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        self.cursor += 1

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        self.cursor -= 1

    # -- drawing -----------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()  # a theme or CSS change

    def _style(self, component: str) -> Style:
        style = self._styles.get(component)
        if style is None:
            style = self._styles[component] = (
                self.rich_style if not component
                else self.get_component_rich_style(component, partial=True))
        return style

    def _layout(self, width: int) -> tuple[tuple[int, int, int], list[GridColumn], int]:
        """The widths of the story, flags and silent columns, the article columns that
        fit from ``first_column`` on, and their width."""
        story = STORY_WIDTH
        fixed = story + FLAGS_WIDTH + SILENT_WIDTH + 3
        room = width - fixed
        if room < MIN_COLUMN + 1:  # a narrow window: the story column gives way first
            story = max(8, story - (MIN_COLUMN + 1 - room))
            room = width - (story + FLAGS_WIDTH + SILENT_WIDTH + 3)
        rest = self.columns[self.first_column:]
        fits = max(1, room // (MIN_COLUMN + 1))
        shown = rest[:fits]
        column = min(MAX_COLUMN, room // len(shown) - 1) if shown else 0
        return (story, FLAGS_WIDTH, SILENT_WIDTH), shown, max(column, MIN_COLUMN)

    def render_line(self, y: int) -> Strip:
        width = self.content_size.width
        base = self._style("")
        fixed, shown, column = self._layout(width)
        if y < HEADER_LINES:
            strip = self._header_line(y, fixed, shown, column)
        elif not self.rows:
            text = wrapped(self.message, max(width - 1, 1), 2)
            line = y - HEADER_LINES
            words = text[line] if line < len(text) else ""
            strip = Strip([Segment(" " + words, base + self._style("story-grid--message"))])
        else:
            row_index = self._top + (y - HEADER_LINES) // ROW_LINES
            line = (y - HEADER_LINES) % ROW_LINES
            if row_index >= len(self.rows):
                return Strip.blank(width, base)
            strip = self._row_line(row_index, line, fixed, shown, column)
        return strip.adjust_cell_length(width, base).crop(0, width)

    def _header_line(self, line: int, fixed: tuple[int, int, int], shown: list[GridColumn],
                     column: int) -> Strip:
        style = self._style("") + self._style("story-grid--header")
        rule = style + self._style("story-grid--rule")
        titles = ("Story", "Flags", "Silent") if line == 0 else ("", "", "")
        segments = []
        for title, width in zip(titles, fixed, strict=True):
            segments += [Segment(set_cell_size(" " + title, width), style), Segment(RULE, rule)]
        if self.first_column and shown:  # columns out of sight on the left
            segments[-1] = Segment(MORE_BEFORE, style)
        for article in shown:
            text = article.name if line == 0 else article.when
            segments += [Segment(set_cell_size(" " + clip(text, column - 1), column), style),
                         Segment(RULE, rule)]
        if self.first_column + len(shown) < len(self.columns):  # and on the right
            segments[-1] = Segment(MORE_AFTER, style)
        return Strip(segments)

    def _row_line(self, index: int, line: int, fixed: tuple[int, int, int],
                  shown: list[GridColumn], column: int) -> Strip:
        row = self.rows[index]
        style = self._style("")
        if index == self.cursor:
            style += self._style("story-grid--cursor")
        elif index % 2:
            style += self._style("story-grid--stripe")
        rule = style + self._style("story-grid--rule")
        story, flags, silent = fixed
        title = wrapped(row.title, story - 1, ROW_LINES)
        flag = row.flags[line] if line < len(row.flags) else ""
        segments = [
            Segment(set_cell_size(" " + (title[line] if line < len(title) else ""), story),
                    style),
            Segment(RULE, rule),
            Segment(set_cell_size(" " + clip(flag, flags - 1), flags),
                    style + self._style("story-grid--flag")),
            Segment(RULE, rule),
            Segment(set_cell_size(f" {row.silent}" if line == 0 else "", silent), style),
            Segment(RULE, rule),
        ]
        for article in shown:
            segments += [*self._cell(row.cells.get(article.id), line, column, style),
                         Segment(RULE, rule)]
        return Strip(segments)

    def _cell(self, cell: GridCell | None, line: int, width: int,
              style: Style) -> list[Segment]:
        if cell is None:  # silent
            return [Segment(" " * width, style)]
        if line == 0:
            label = cell.labels[0] if cell.labels else "claim"
            more = f" +{len(cell.labels) - 1}" if len(cell.labels) > 1 else ""
            room = max(width - 1 - len(more), 1)
            name = set_cell_size(clip(label, room), min(room, cell_len(clip(label, room))))
            colour = self.colours.get(label, Style(bold=True))
            return [Segment(" ", style), Segment(name, style + colour),
                    Segment(set_cell_size(more, max(width - 1 - cell_len(name), 0)), style)]
        quote = wrapped(cell.quote, width - 1, ROW_LINES - 1)
        text = quote[line - 1] if line - 1 < len(quote) else ""
        return [Segment(set_cell_size(" " + text, width), style)]
