"""The text of one article on Textual's Line API, with a sentence cursor.

Only the visible lines are rendered: the text is wrapped once per width into offset
spans (cached), and each ``render_line`` layers the styles of entities, the cursor's
sentence and the selection over the characters of one screen line. This keeps a
100,000-word article as smooth as a short one.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from contextlib import suppress
from itertools import pairwise
from operator import attrgetter

from rich.segment import Segment
from rich.style import Style
from textual import events, work
from textual.binding import Binding
from textual.color import Color
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip

from syria_reader.annotations.labels import Label as ClaimLabel
from syria_reader.annotations.store.model import Annotation
from syria_reader.corpus import Article
from syria_reader.corpus.entities import Mention
from syria_reader.corpus.sentences import line_sentences
from syria_reader.tui.contrast import readable
from syria_reader.tui.entity_styles import LEGEND, entity_class
from syria_reader.tui.messages import (
    ChangedTextDecided,
    DeleteRequested,
    FollowLinkRequested,
    LabelChosen,
    LinksRequested,
    NoteRequested,
    RelatedRequested,
    SameEntityRequested,
)
from syria_reader.tui.text_wrap import display_text, line_of, wrap_text
from syria_reader.tui.textual_overrides import RedrawsOwnFocus
from syria_reader.tui.widgets.label_menu import LabelMenu

_WORD = re.compile(r"\w[\w'’-]*")
_LONGEST_MENTION = 200  # characters: how far back a mention can start and still overlap
# Above this many characters, wrapping and sentence splitting run in a thread; until
# they are done the pane shows the wrapped start of the text.
LARGE_TEXT = 1_000_000
_PREVIEW = 100_000
_BY_PLACE = attrgetter("start", "end")
_PREFETCH_SLICE = 12  # lines rendered ahead per idle moment: under a millisecond


class ArticleView(RedrawsOwnFocus, can_focus=True):
    """One article's text. The cursor is a character offset; its sentence is lit."""

    COMPONENT_CLASSES = {
        "article-view--sentence",
        "article-view--focused-sentence",  # not :focus, which would repaint every line
        "article-view--cursor",
        "article-view--selection",
        "article-view--linked",
        "article-view--changed",  # a claim whose text changed since it was tagged
        "article-view--note-mark",  # the first character of a claim or passage noted
        "article-view--menu",
        "article-view--menu-border",
        *(f"article-view--{name}" for name, _ in LEGEND),
    }

    BINDINGS = [
        Binding("j,down", "sentence(1)", "Sentence", key_display="j/k", id="view.next_sentence",
                tooltip="Move the cursor to the next sentence"),
        Binding("k,up", "sentence(-1)", "Prev sentence", show=False, id="view.prev_sentence",
                tooltip="Move the cursor to the previous sentence"),
        Binding("w,right", "word(1)", "Next word", show=False, id="view.next_word"),
        Binding("b,left", "word(-1)", "Prev word", show=False, id="view.prev_word"),
        Binding("pagedown,space", "page(1)", "Page down", show=False, id="view.page_down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="view.page_up"),
        Binding("g,home", "edge(-1)", "Top", show=False, id="view.top"),
        Binding("G,end", "edge(1)", "Bottom", show=False, id="view.bottom"),
        Binding("e", "next_entity", "Next entity", show=False, id="view.next_entity",
                tooltip="Move the cursor to the next highlighted entity"),
        Binding("c", "claim", "Claim", id="view.claim",
                tooltip="Tag the selection, or the sentence, as a claim (or relabel it)"),
        Binding("n", "note", "Note", id="view.note",
                tooltip="Add or edit the note on the claim or passage under the cursor"),
        Binding("d", "delete", "Delete", show=False, id="view.delete",
                tooltip="Delete the claim or note under the cursor"),
        Binding("l", "related", "Related", id="view.related",
                tooltip="Related passages in the other articles: link or reject them"),
        Binding("L", "follow_link", "Follow link", show=False, id="view.follow_link",
                tooltip="Show the claim's next linked passage in the other pane"),
        Binding("o", "pick_link", "Links", show=False, id="view.pick_link",
                tooltip="List the claim's links; a digit or enter shows that one in the "
                        "other pane"),
        Binding("E", "same_entity", "Same entity", show=False, id="view.same_entity",
                tooltip="Jump the other pane to this entity's next mention there"),
        Binding("A", "decide_text(True)", "Accept new text", show=False,
                id="view.accept_text",
                tooltip="On a claim whose text changed: take the new text as the claim's"),
        Binding("D", "decide_text(False)", "Detach", show=False, id="view.detach",
                tooltip="On a claim whose text changed: keep the text it was tagged on "
                        "(listed as orphaned)"),
        Binding("v", "toggle_selection", "Select", show=False, id="view.select",
                tooltip="Start or drop a selection at the cursor"),
        Binding("shift+right", "extend(1)", "Extend right", show=False, id="view.extend_right"),
        Binding("shift+left", "extend(-1)", "Extend left", show=False, id="view.extend_left"),
        Binding("escape", "clear_selection", "Drop selection", show=False, id="view.unselect"),
        # The label menu's keys, for help and the palette (on_key reads 2 to 9). Not
        # in the footer: the menu says them, and a footer that changed with the menu
        # was rebuilt at each c, 1 and escape (four frames of layout after the menu's,
        # that a quick `c` `1` typed into).
        Binding("escape", "close_menu", "Cancel", show=False, id="view.menu_cancel",
                tooltip="In the label menu: close it, tagging nothing"),
        Binding("1", "pick_label(1)", "Label", key_display="1-9", show=False,
                id="view.menu_pick", tooltip="In the label menu: 1 to 9 pick the label"),
        # The other digits, for a digit typed with `c` in one burst ("c2"): it passes the
        # view before `c`'s action opens the menu, and reaches the bindings after. Bound
        # here, it picks the label; else it went on to the screen's entity-type toggle.
        # No description: help and the palette list the menu's keys once, as "1-9".
        *(Binding(str(number), f"pick_label({number})", "", show=False)
          for number in range(2, 10)),
    ]

    # Not repainting on change: watch_cursor redraws only the lines the move touched.
    cursor: reactive[int] = reactive(0, repaint=False)
    anchor: reactive[int | None] = reactive(None, repaint=False)  # watch_anchor redraws

    class CursorMoved(Message):
        """The cursor moved: the inspector shows what is under it."""

        def __init__(self, view: ArticleView, offset: int) -> None:
            super().__init__()
            self.view = view
            self.offset = offset

    def __init__(self, article: Article, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._wrapped: dict[int, list[tuple[int, int]]] = {}
        self._lines: list[tuple[int, int]] = []
        self._line_starts: list[int] = []
        self._mentions: list[Mention] = []
        self._mention_starts: list[int] = []
        self.hidden_classes: set[str] = set()
        self._splitting: Article | None = None
        self._claims: list[Annotation] = []
        self._linked: frozenset[str] = frozenset()
        self._claim_styles: dict[str, Style] = {}
        self._claim_colours: dict[str, str] = {}
        # Rendered lines and component styles, kept until something they show changes:
        # a cursor move re-renders only the lines of the two sentences it touches.
        self._strips: dict[int, Strip] = {}
        self._styles: dict[str, Style] = {}
        self._looks_drawn: tuple[object, ...] = ()
        self._looks_checked = False
        self._menu: LabelMenu | None = None  # the labels, after `c`
        self._local_sentences: dict[int, list[tuple[int, int]]] = {}  # by line start
        self.labels: tuple[ClaimLabel, ...] = ()  # what `c` offers: the pane sets them
        self.article = article

    # -- content ---------------------------------------------------------------------

    def show(self, article: Article, cursor: int = 0) -> None:
        self._close_menu(None)
        self.article = article
        self._local_sentences.clear()
        self._wrapped.clear()
        self._mentions, self._mention_starts = [], []
        self.anchor = None
        self._rewrap()
        self._sentences(wait=False)
        self.cursor = min(cursor, max(len(article.text) - 1, 0))
        self._scroll_to_cursor(center=True)
        self._redraw()

    def set_mentions(self, mentions: list[Mention]) -> None:
        # The index gives them in order: sorting sorted data is one pass, and the key
        # an attrgetter, not a lambda, as a long article has 20,000 of them.
        self._mentions = sorted(mentions, key=_BY_PLACE)
        self._mention_starts = [m.start for m in self._mentions]
        self._redraw()

    def set_claims(
        self, claims: list[Annotation], colours: dict[str, str],
        linked: frozenset[str] = frozenset(),
    ) -> None:
        """The article's claims and notes, drawn as a tint of their label's colour;
        ``linked`` (annotation ids) are marked as having counterparts.

        Only the lines of the claims that changed are drawn again: tagging one claim on
        a long article redraws its sentence, not the whole pane.
        """
        drawn = self._claim_marks()
        self._claims = sorted((c for c in claims if not c.orphaned),
                              key=lambda c: (c.start, c.end))
        self._linked = linked
        self._claim_colours = colours
        styles = self._tinted_claim_styles()
        if styles != self._claim_styles:
            self._claim_styles = styles
            self._redraw()
        else:
            self._redraw_spans(*((start, end) for start, end, *_ in drawn ^ self._claim_marks()))

    def _tinted_claim_styles(self) -> dict[str, Style]:
        """Each label's colour blended into the pane's background (Rich has no alpha)."""
        base = self.background_colors[1]
        styles = {
            label: Style(bgcolor=base.blend(Color.parse(colour), 0.35).rich_color)
            for label, colour in self._claim_colours.items()
        }
        styles[""] = Style(bgcolor=base.blend(Color.parse("#888888"), 0.3).rich_color)
        return styles

    def _claim_marks(self) -> set[tuple[int, int, str, bool, str, bool]]:
        """What the claims look like on screen: where, which colour, linked or not,
        changed or not, noted or not."""
        return {(c.start, c.end, c.label, c.id in self._linked, c.anchor, bool(c.note))
                for c in self._claims}

    @property
    def claims(self) -> list[Annotation]:
        return self._claims

    def claim_at(self, offset: int) -> Annotation | None:
        """The innermost claim or note holding ``offset``."""
        holding = [c for c in self._claims if c.start <= offset < c.end]
        return min(holding, key=lambda c: c.end - c.start, default=None)

    def set_hidden_classes(self, hidden: set[str]) -> None:
        self.hidden_classes = set(hidden)
        self._redraw()

    @property
    def lines(self) -> list[tuple[int, int]]:
        return self._lines

    def mention_at(self, offset: int) -> Mention | None:
        index = bisect_right(self._mention_starts, offset) - 1
        while index >= 0 and self._mentions[index].start > offset - _LONGEST_MENTION:
            mention = self._mentions[index]
            if mention.start <= offset < mention.end:
                return mention
            index -= 1
        return None

    def _sentences(self, wait: bool = True) -> list[tuple[int, int]]:
        """The sentences, or none yet while they are being split in a thread.

        Drawing never waits (the first frame shows the text, the cursor's sentence is lit
        a moment later); a key that moves by sentence waits, unless the article is large.
        """
        article = self.article
        if article.sentences_cached or (wait and len(article.text) <= LARGE_TEXT):
            return article.sentences
        if self._splitting is not article:
            self._splitting = article
            self.call_after_refresh(self._split_sentences, article)
        return []

    @work(thread=True, group="sentences", exit_on_error=False)
    def _split_sentences(self, article: Article) -> None:
        article.sentences  # noqa: B018 - computes and caches them
        self._from_thread(self._sentences_split)

    def _from_thread(self, callback: Callable[..., object], *args: object) -> None:
        """Run ``callback`` on the UI thread, unless this view was closed meanwhile."""
        # NoActiveAppError (a RuntimeError): the pane or the app is gone, nothing to show
        with suppress(RuntimeError):
            self.app.call_from_thread(callback, *args)

    def _line_sentences(self, offset: int) -> list[tuple[int, int]]:
        """The sentences of ``offset``'s line, split alone while the whole article is
        split in a thread: the lit sentence and j/k work at once on a 50 MB article."""
        text = self.article.text
        line_start = text.rfind("\n", 0, offset) + 1
        found = self._local_sentences.get(line_start)
        if found is None:
            if len(self._local_sentences) > 1000:
                self._local_sentences.clear()
            found = self._local_sentences[line_start] = line_sentences(text, offset)
        return found

    def _sentences_split(self) -> None:
        self._local_sentences.clear()
        self._redraw()
        self.post_message(self.CursorMoved(self, self.cursor))  # the inspector's line

    def sentence_at(self, offset: int, wait: bool = True) -> tuple[int, int] | None:
        spans = self._sentences(wait)
        if not spans and self._splitting is self.article and len(
                self.article.text) > LARGE_TEXT:
            # Split what is shown first: the whole takes seconds. A shorter text is
            # split in a moment, and its first frame does not wait for syntok's import.
            spans = self._line_sentences(offset)
        index = bisect_right(spans, (offset, len(self.article.text) + 1)) - 1
        if index >= 0 and spans[index][0] <= offset < spans[index][1]:
            return spans[index]
        return None

    @property
    def selection(self) -> tuple[int, int] | None:
        if self.anchor is None:
            return None
        return min(self.anchor, self.cursor), max(self.anchor, self.cursor) + 1

    # -- layout ----------------------------------------------------------------------

    def on_mount(self) -> None:
        self._rewrap()
        self._sentences(wait=False)  # splitting starts now, not at the first key

    def on_resize(self, event: events.Resize) -> None:
        self._close_menu(None)  # drawn for the old width
        self._rewrap()
        self._scroll_to_cursor()

    def _rewrap(self) -> None:
        width = self.scrollable_content_region.width
        if width < 2:
            return  # not laid out yet: the first resize wraps, to the real width
        text = self.article.text
        if width in self._wrapped:
            self._set_lines(width, self._wrapped[width])
        elif len(text) <= LARGE_TEXT:
            self._wrapped[width] = wrap_text(text, width)
            self._set_lines(width, self._wrapped[width])
        else:
            preview = text[: text.rfind("\n", 0, _PREVIEW) + 1 or _PREVIEW]
            self._set_lines(width, wrap_text(preview, width))
            self._wrap_in_thread(self.article, width)

    @work(thread=True, exclusive=True, group="wrap", exit_on_error=False)
    def _wrap_in_thread(self, article: Article, width: int) -> None:
        lines = wrap_text(article.text, width)
        self._from_thread(self._wrapped_in_thread, article, width, lines)

    def _wrapped_in_thread(
        self, article: Article, width: int, lines: list[tuple[int, int]]
    ) -> None:
        if article is self.article:
            self._wrapped[width] = lines
            if width == max(self.scrollable_content_region.width, 1):
                self._set_lines(width, lines)

    def _set_lines(self, width: int, lines: list[tuple[int, int]]) -> None:
        if lines is self._lines and self.virtual_size.width == width:
            return  # shown already: wrapped when first drawn, or only the height changed
        self._lines = lines
        self._line_starts = [start for start, _ in lines]
        self.virtual_size = Size(width, len(lines))
        self._redraw()

    def _scroll_to_cursor(self, center: bool = False, now: bool = False,
                          whole_sentence: bool = False) -> None:
        """Scroll so the cursor's line shows (``whole_sentence``: down to the end of its
        sentence, as far as the view holds it); ``now``: in the frame being drawn,
        before Textual has laid out the scrollbar that it otherwise waits for."""
        if not self._lines:
            return
        line = line_of(self._line_starts, self.cursor)
        top, height = int(self.scroll_y), max(self.scrollable_content_region.height, 1)
        # After a step by sentence, its end too: in a small terminal the sentence was
        # lit (and tagged with `c`) half out of sight.
        last = line
        if whole_sentence and (sentence := self.sentence_at(self.cursor, wait=False)):
            last = max(line, line_of(self._line_starts, max(sentence[1] - 1, sentence[0])))
        if center:
            y = max(line - height // 3, 0)
        elif line < top:
            y = line
        elif last >= top + height:
            y = min(line, last - height + 1)
        else:
            return
        self.scroll_to(y=y, animate=False, immediate=now, force=now)

    # -- rendering -------------------------------------------------------------------

    _STRIP_CACHE_LINES = 4000

    def _redraw(self) -> None:
        """Everything on screen may look different: render every line again."""
        self._strips.clear()
        self.refresh()
        self.call_after_refresh(self._prefetch)

    def _redraw_spans(self, *spans: tuple[int, int] | None) -> None:
        """Render again only the screen lines that show these text spans, asked of
        Textual in one call: each refresh clears the widget's cached sizes and styles,
        and a key's five spans (two sentences, two cursors, a selection) took 0.3 ms."""
        if not self._lines:
            return
        lines: set[int] = set()
        for span in spans:
            if span is not None:
                first = line_of(self._line_starts, span[0])
                last = line_of(self._line_starts, max(span[1] - 1, span[0]))
                lines.update(range(first, last + 1))
        if not lines:
            return
        for index in lines:
            self._strips.pop(index, None)
        top, width = int(self.scroll_y), max(self.virtual_size.width, self.size.width)
        runs: list[list[int]] = []
        for index in sorted(lines):
            if runs and index == runs[-1][1] + 1:
                runs[-1][1] = index
            else:
                runs.append([index, index])
        self.refresh(*(Region(0, first - top, width, last - first + 1)
                       for first, last in runs))

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()  # a theme or CSS change: colours must be looked up again
        self._looks_checked = False

    def _check_looks(self) -> None:
        """Drop the rendered lines if what every line's look depends on has changed.

        Focus restyles the view (its :focus rules) without changing how its text looks:
        the lines are kept, so ``tab`` renders a few lines, not every line of two panes.
        Checked after ``notify_style_update``, which Textual calls when the view's own
        rules change; a stylesheet changing only a component class under some ancestor
        class would need it called on refresh too (none of ours does).
        """
        self._looks_checked = True
        looks = (self.rich_style, self.background_colors[1], *(
            self.get_component_rich_style(name, partial=True)
            for name in sorted(self.COMPONENT_CLASSES)))
        if looks != self._looks_drawn:
            self._looks_drawn = looks
            self._claim_styles = self._tinted_claim_styles()  # a theme: another background
            self._strips.clear()
            self.call_after_refresh(self._prefetch)  # the pages around, drawn ahead again

    def _style(self, component: str) -> Style:
        style = self._styles.get(component)
        if style is None:
            style = self._styles[component] = self.get_component_rich_style(
                component, partial=True)
        return style

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if self.virtual_size.width != width >= 2:
            # Laid out but not wrapped yet: the resize event that wraps comes after the
            # first frame, and that frame must have the text, not an empty pane, and
            # the cursor's place in it (a restored place), not the top for a moment.
            self._rewrap()
            self._scroll_to_cursor(now=True)
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        if not self._looks_checked:
            self._check_looks()
        base = self._styles.get("")
        if base is None:
            base = self._styles[""] = self.rich_style
        if index >= len(self._lines):
            blank = Strip.blank(width, base)
            return blank if self._menu is None else self._menu.over(index, blank)
        strip = self._strips.get(index)
        if strip is None:
            strip = self._line_strip(index, width, base)
        if self._menu is not None:
            strip = self._menu.over(index, strip)
        return strip.crop(scroll_x, scroll_x + width)

    def _line_strip(self, index: int, width: int, base: Style) -> Strip:
        """Render screen line ``index`` and keep it until what it shows changes."""
        if len(self._strips) > self._STRIP_CACHE_LINES:
            self._strips.clear()
        start, end = self._lines[index]
        strip = Strip(self._segments(start, end, base)).extend_cell_length(width, base)
        self._strips[index] = strip
        return strip

    def _prefetch(self) -> None:
        """Render the page above and the page below the visible one while no key waits,
        a slice at a time: page up and down, and lines scrolled into view, then find
        their lines drawn (a page of new lines was a third of page down's frame)."""
        width = self.scrollable_content_region.width
        base = self._styles.get("")
        if base is None or self.virtual_size.width != width or not self._lines:
            return  # not drawn yet, or wrapped for another width: nothing to go by
        height = max(self.scrollable_content_region.height, 1)
        top = int(self.scroll_y)
        wanted = [index for index in (*range(top + height, top + 2 * height),
                                      *range(top - 1, top - height - 1, -1))
                  if 0 <= index < len(self._lines) and index not in self._strips]
        for index in wanted[:_PREFETCH_SLICE]:
            self._line_strip(index, width, base)
        if len(wanted) > _PREFETCH_SLICE:
            self.call_later(self._prefetch)  # the next slice after what is queued

    def _layers(self, start: int, end: int) -> list[tuple[int, int, Style]]:
        layers: list[tuple[int, int, Style]] = []
        for claim in self._claims:  # beneath the entities' colours
            if claim.start >= end:
                break
            if claim.end > start:
                style = self._claim_styles.get(claim.label, self._claim_styles.get(""))
                if style is not None:
                    if claim.id in self._linked:
                        style = style + self._style("article-view--linked")
                    if claim.anchor == "changed":
                        style = style + self._style("article-view--changed")
                    layers.append((claim.start, claim.end, style))
        first = bisect_left(self._mention_starts, start - _LONGEST_MENTION)
        last = bisect_left(self._mention_starts, end)
        for mention in self._mentions[first:last]:
            if mention.end > start:
                name = entity_class(mention.type)
                if name not in self.hidden_classes:
                    style = self._style(f"article-view--{name}")
                    layers.append((mention.start, mention.end, style))
        for claim in self._claims:  # a note's mark, over the entities' colours
            if claim.start >= end:
                break
            if claim.note and start <= claim.start:
                layers.append((claim.start, claim.start + 1,
                               self._style("article-view--note-mark")))
        sentence = self.sentence_at(self.cursor, wait=False)
        if sentence:
            lit = "article-view--focused-sentence" if self.has_focus else "article-view--sentence"
            layers.append((*sentence, self._tint(lit)))
        if self.selection:
            layers.append((*self.selection, self._tint("article-view--selection")))
        cursor_style = self._style("article-view--cursor")
        layers.append((self.cursor, self.cursor + 1, cursor_style))
        return layers

    def _tint(self, component: str) -> Style:
        """A component's translucent background laid over the pane's, as a solid colour.

        Rich styles have no alpha, so ``$primary 20%`` must be blended here or it would
        paint a solid block that hides the entity colours on top of it.
        """
        key = f"{component}:tint"
        style = self._styles.get(key)
        if style is None:
            styles = self.get_component_styles(component)
            tint = self.background_colors[1] + styles.background
            style = self._styles[key] = self._style(component) + Style(
                bgcolor=tint.rich_color)
        return style

    def _segments(self, start: int, end: int, base: Style) -> list[Segment]:
        text = self.article.text
        layers = self._layers(start, end)
        cuts = {start, end}
        for low, high, _ in layers:
            cuts.update(point for point in (low, high) if start < point < end)
        ordered = sorted(cuts)
        segments = []
        for low, high in pairwise(ordered):
            style = base
            for layer_start, layer_end, layer_style in layers:
                if layer_start <= low and high <= layer_end:
                    style += layer_style
            segments.append(Segment(display_text(text[low:high]), readable(style)))
        if self.cursor == end and end < len(text) and text[end] == "\n":
            # the cursor on a line end
            segments.append(Segment(" ", readable(base + layers[-1][2])))
        return segments

    # -- cursor ----------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        self._scroll_to_cursor()
        if not self.virtual_size.height:  # not wrapped yet: scroll once it is
            self.call_after_refresh(self._scroll_to_cursor)
        selection = None if self.anchor is None else (
            min(self.anchor, old, new), max(self.anchor, old, new) + 1)
        self._redraw_spans(
            self.sentence_at(old, wait=False), self.sentence_at(new, wait=False),
            (old, old + 1), (new, new + 1), selection,
        )
        self.post_message(self.CursorMoved(self, new))

    def watch_anchor(self) -> None:
        self._redraw()

    def focus_changed(self, focused: bool) -> None:
        """Focus changes only how the cursor's sentence is lit: redraw its lines."""
        if not focused and self.screen.focused is not None:
            # Another widget took the keys (a click elsewhere): nothing is tagged. With
            # none (the terminal window lost focus) the menu waits for the keys' return.
            self._close_menu(None)
        self._redraw_cursor()

    def _redraw_cursor(self) -> None:
        self._redraw_spans(self.sentence_at(self.cursor, wait=False),
                           (self.cursor, self.cursor + 1))

    def _move(self, offset: int) -> None:
        self.cursor = max(0, min(offset, max(len(self.article.text) - 1, 0)))

    def action_sentence(self, step: int) -> None:
        spans = self._sentences()
        if not spans and self._splitting is self.article:
            self._step_in_lines(step)
            return
        if not spans:
            return
        if step > 0:  # the first sentence starting after the cursor
            index = bisect_right(spans, (self.cursor, len(self.article.text) + 1))
        else:  # the start of this sentence, or of the one before when already there
            index = bisect_left(spans, (self.cursor, -1)) - 1
        self._move(spans[max(0, min(index, len(spans) - 1))][0])
        self._scroll_to_cursor(whole_sentence=True)  # after the move's scroll: it wins

    def _step_in_lines(self, step: int) -> None:
        """The next or previous sentence while the article is still being split: found
        in the cursor's line, else in the nearest line with text."""
        text, cursor = self.article.text, self.cursor
        here = self._line_sentences(cursor)
        if step > 0:
            later = [start for start, _ in here if start > cursor]
            position = text.find("\n", cursor)
            while not later and 0 <= position < len(text) - 1:
                later = [start for start, _ in self._line_sentences(position + 1)]
                position = text.find("\n", position + 1)
            if later:
                self._move(later[0])
            return
        earlier = [start for start, _ in here if start < cursor]
        position = text.rfind("\n", 0, cursor)
        while not earlier and position > 0:
            earlier = [start for start, _ in self._line_sentences(position - 1)]
            position = text.rfind("\n", 0, position)
        if earlier:
            self._move(earlier[-1])

    def action_word(self, step: int) -> None:
        text = self.article.text
        if step > 0:
            match = _WORD.search(text, self.cursor + 1)
            if match and match.start() == self.cursor + 1 and text[self.cursor].isalnum():
                match = _WORD.search(text, match.end())
            if match:
                self._move(match.start())
        else:
            window = max(self.cursor - 400, 0)
            starts = [m.start() for m in _WORD.finditer(text, window, self.cursor)]
            if starts:
                self._move(starts[-1])

    def action_page(self, step: int) -> None:
        if not self._lines:
            return  # not wrapped yet: a pane just opened, or squeezed to no width
        height = max(self.scrollable_content_region.height - 1, 1)
        here = line_of(self._line_starts, self.cursor)
        line = max(0, min(here + step * height, len(self._lines) - 1))
        self._move(self._lines[self._text_line(line, 1 if step > 0 else -1, here)][0])

    def _text_line(self, line: int, direction: int, here: int) -> int:
        """``line``, or the nearest line past it in ``direction`` that has text and is not
        the cursor's line ``here``; at the text's edge, the nearest the other way.

        A page must not end on the blank line between two paragraphs, where c and n
        would have no sentence, nor step back to where it started when pages are short.
        """
        text = self.article.text

        def has_text(index: int) -> bool:
            start, end = self._lines[index]
            return bool(text[start:end].strip())

        index = line
        while 0 <= index < len(self._lines):
            if has_text(index) and index != here:
                return index
            index += direction
        index = line
        while 0 <= index < len(self._lines) and not has_text(index):
            index -= direction
        return index if 0 <= index < len(self._lines) else line

    def action_edge(self, step: int) -> None:
        self._move(0 if step < 0 else len(self.article.text))

    def action_next_entity(self) -> None:
        index = bisect_right(self._mention_starts, self.cursor)
        for mention in self._mentions[index:]:
            if entity_class(mention.type) not in self.hidden_classes:
                self._move(mention.start)
                return
        self.notify("No more entities in this article", timeout=2)

    def action_same_entity(self) -> None:
        mention = self.mention_at(self.cursor)
        if mention is None:
            self.notify("The cursor is on no entity (e moves to the next one)", timeout=3)
            return
        self.post_message(SameEntityRequested(self, mention))

    def _target_span(self) -> tuple[int, int] | None:
        return self.selection or self.sentence_at(self.cursor)

    def _passage(self) -> tuple[tuple[int, int], Annotation | None] | None:
        """What a key acts on: the claim under the cursor, else the selection or the
        cursor's sentence (None, with a word to the user, when there is none)."""
        existing = None if self.selection else self.claim_at(self.cursor)
        span = (existing.start, existing.end) if existing else self._target_span()
        if span is None:
            self.notify("Put the cursor on a sentence or select a passage first", timeout=3)
            return None
        return span, existing

    # -- the label menu ---------------------------------------------------------------

    @property
    def menu_open(self) -> bool:
        return self._menu is not None

    def open_label_menu(
        self, labels: tuple[ClaimLabel, ...], quote: str, span: tuple[int, int],
        existing: Annotation | None,
    ) -> None:
        """Show the numbered ``labels`` by the passage ``span`` (the claim ``existing``,
        if it is one); the next key picks one (``LabelChosen`` says which) or cancels."""
        if not self.is_attached or not self._lines or self._menu is not None:
            return  # not laid out yet, or its pane was closed since the key
        if not labels:
            self.notify("No labels to tag with (the corpus's labels.toml has none)", timeout=3)
            return
        self._scroll_to_cursor(now=True)  # the wheel may have left the passage off screen
        region = self.scrollable_content_region
        self._menu = LabelMenu.build(
            labels, quote, span, existing, first=line_of(self._line_starts, span[0]),
            last=line_of(self._line_starts, max(span[1] - 1, span[0])),
            view_top=int(self.scroll_y), view_height=region.height, view_width=region.width,
            border=self._style("article-view--menu-border"), body=self._style("article-view--menu"))
        self.refresh_lines(self._menu.top, len(self._menu.lines))
        # The footer then shows the menu's keys, after the frame that shows the menu:
        # working out the keys held that frame back a millisecond or two.
        self.call_after_refresh(self.refresh_bindings)

    def close_menu(self) -> None:
        """Close the label menu, if open, tagging nothing."""
        self._close_menu(None)

    def _close_menu(self, label: str | None) -> None:
        menu, self._menu = self._menu, None
        if menu is None:
            return
        self.refresh_lines(menu.top, len(menu.lines))
        self.call_after_refresh(self.refresh_bindings)  # after the frame, as on opening
        if label is not None:
            self.anchor = None  # tagged: the selection has done its work
            self.post_message(LabelChosen(self.article, menu.span, menu.existing, label))

    def on_key(self, event: events.Key) -> None:
        if self._menu is None:
            return
        # Like a dialog, the menu takes every key: `j` or `tab` must not move the
        # cursor or the focus from under it.
        event.stop()
        event.prevent_default()
        if event.key == "escape":
            self._close_menu(None)
        elif (label := self._menu.pick(event.character)) is not None:
            self._close_menu(label)

    # The menu's keys for the footer, help and palette; on_key answers the keys first.

    def action_close_menu(self) -> None:
        self.close_menu()

    def action_pick_label(self, number: int) -> None:
        if self._menu is not None and (label := self._menu.pick(str(number))) is not None:
            self._close_menu(label)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The menu's keys only while it is open. The reading keys stay enabled (on_key
        # takes every key while the menu is open), so the footer does not change.
        if action in ("close_menu", "pick_label"):
            return self._menu is not None
        return True

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self.call_after_refresh(self._prefetch)
        if self._menu is not None and round(old_value) != round(new_value):
            self._close_menu(None)  # the wheel: the menu would scroll away with the text

    def action_claim(self) -> None:
        passage = self._passage()
        if passage is not None:
            span, existing = passage
            quote = self.article.text[span[0] : span[1]]
            self.open_label_menu(self.labels, quote, span, existing)

    def action_note(self) -> None:
        passage = self._passage()
        if passage is not None:
            self.post_message(NoteRequested(self.article, *passage))
            self.anchor = None

    def action_related(self) -> None:
        passage = self._passage()
        if passage is not None:
            self.post_message(RelatedRequested(self, self.article, *passage))

    def action_follow_link(self) -> None:
        if (linked := self._linked_claim()) is not None:
            self.post_message(FollowLinkRequested(self, linked))

    def action_pick_link(self) -> None:
        if (linked := self._linked_claim()) is not None:
            self.post_message(LinksRequested(self, linked))

    def _linked_claim(self) -> Annotation | None:
        existing = self.claim_at(self.cursor)
        if existing is None or existing.id not in self._linked:
            self.notify("No linked claim under the cursor (l finds counterparts)", timeout=3)
            return None
        return existing

    def action_delete(self) -> None:
        existing = self.claim_at(self.cursor)
        if existing is None:
            self.notify("No claim or note under the cursor", timeout=3)
            return
        self.post_message(DeleteRequested(existing))
        self.anchor = None

    def action_decide_text(self, accept: bool) -> None:
        claim = self.claim_at(self.cursor)
        if claim is None or claim.anchor != "changed":
            self.notify("No claim under the cursor whose text changed", timeout=3)
            return
        self.post_message(ChangedTextDecided(claim, accept))

    def action_toggle_selection(self) -> None:
        self.anchor = None if self.anchor is not None else self.cursor

    def action_extend(self, step: int) -> None:
        if self.anchor is None:
            self.anchor = self.cursor
        self._move(self.cursor + step)

    def action_clear_selection(self) -> None:
        self.anchor = None

    def on_click(self, event: events.Click) -> None:
        index = int(self.scroll_y) + event.y
        if self._menu is not None:  # a label clicked picks it; anywhere else cancels
            self._close_menu(self._menu.label_at(index, int(self.scroll_x) + event.x))
            return
        if 0 <= index < len(self._lines):
            start, end = self._lines[index]
            self._move(min(start + int(self.scroll_x) + event.x, max(end - 1, start)))
