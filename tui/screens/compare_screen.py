"""``S``: compare the reports: where they agree, disagree and stay silent.

A row per story (the claims the analyst's confirmed links join across the articles),
the discrepancies first; a column per article that takes part in the stories shown, in
date order, the undated ones last. Under the table, the story under the cursor: its
passages with their articles, labels and notes, the relations between them, the
figures that differ and the timeline of its main figure. ``enter`` opens its passages
side by side in the reader's panes; ``d``, ``l`` and ``e`` narrow the stories to the
disagreements, to a label, to one entity's mentions; ``a`` shows them all again.

The comparison is made in a worker after the first frame (it reads every claim and
link), again whenever claims, links or the articles' metadata change, whoever changed
them. Everything quoted (titles, sources, quotes, labels, notes, entity names) is shown
as text, never parsed as markup (``tui/plain_content.py``).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Header, Input, Label, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from syria_reader.tui.digit_keys import digit_choice
from syria_reader.tui.plain_content import markup, plain
from syria_reader.tui.text_wrap import clip
from syria_reader.tui.textual_overrides import KeyFooter, VisibleInput
from syria_reader.tui.widgets.story_grid import GridCell, GridColumn, GridRow, StoryGrid
from syria_reader.tui.widgets.timeline_chart import Bar, TimelineChart

if TYPE_CHECKING:  # the comparison is imported when it is made, not with the reader
    from syria_reader.annotations.compare.stories import Column, Comparison, Story
    from syria_reader.annotations.entities.index import ClusterSummary, EntityIndex
    from syria_reader.annotations.events import Event
    from syria_reader.annotations.labels import Label as ClaimLabel
    from syria_reader.annotations.workspace import Workspace

SHORT_ID = 3  # an article id is shown by its shortest unique prefix, at least this long
SILENT_NAMED = 6  # silent articles named in the detail; the rest are counted
PASSAGES_SHOWN = 50  # passages (and relations) of a story in the detail; the rest counted
_LONGEST_MENTION = 200  # characters: how far before a passage a mention may start


@dataclass
class CompareState:
    """What the screen shows, kept by the reading screen from one opening to the next."""

    disagreements: bool = False
    label: str | None = None
    entity: str | None = None  # an entity cluster's id
    entity_name: str = ""
    story: str | None = None  # the story under the cursor
    # The last comparison made, until claims, links or metadata change (the reading
    # screen forgets it then): opened again, the screen shows it at once.
    comparison: Comparison | None = None

    @property
    def filtered(self) -> bool:
        return self.disagreements or self.label is not None or self.entity is not None

    def describe(self) -> str:
        parts = ["disagreements"] if self.disagreements else []
        if self.label is not None:
            parts.append(f"label {self.label}")
        if self.entity is not None:
            parts.append(f"about {self.entity_name}")
        return ", ".join(parts)


def short_ids(ids: Sequence[str]) -> dict[str, str]:
    """Each id by its shortest prefix no other id starts with (at least ``SHORT_ID``
    characters): ``000`` for ``000_6437c01467f5b919``, as the command line takes it."""
    ordered = sorted(set(ids))
    found = {}
    for index, key in enumerate(ordered):
        needed = SHORT_ID
        for other in (ordered[index - 1] if index else "",
                      ordered[index + 1] if index + 1 < len(ordered) else ""):
            common = 0
            for mine, theirs in zip(key, other, strict=False):
                if mine != theirs:
                    break
                common += 1
            needed = max(needed, common + 1)
        found[key] = key[:needed]
    return found


def column_name(column: Column, short: str) -> str:
    """The article in a header: its short id and source (its title when it names none)."""
    return f"{short} {column.source or column.title}"


def filtered_stories(comparison: Comparison, state: CompareState,
                     entities: EntityIndex | None) -> list[Story]:
    """The stories the filters of ``state`` leave, in the comparison's order."""
    from syria_reader.annotations.compare.stories import about, disagreeing, labelled

    stories = list(comparison.stories)
    if state.disagreements:
        stories = disagreeing(stories)
    if state.label is not None:
        stories = labelled(stories, state.label)
    if state.entity is not None:
        cluster = entities.cluster(state.entity) if entities is not None else None
        mentions = cluster.mentions if cluster is not None else []
        stories = about(stories, [(m.article_id, m.start, m.end) for m in mentions])
    return stories


def stories_by_entity(stories: Sequence[Story], entities: EntityIndex) -> Counter[str]:
    """How many of ``stories`` name each entity cluster in one of their passages."""
    counts: Counter[str] = Counter()
    starts: dict[str, list[int]] = {}
    for story in stories:
        found: set[str] = set()
        for passage in story.passages:
            claim = passage.claim
            mentions = entities.mentions(claim.article_id)
            if claim.article_id not in starts:
                starts[claim.article_id] = [m.start for m in mentions]
            first = bisect_left(starts[claim.article_id], claim.start - _LONGEST_MENTION)
            last = bisect_left(starts[claim.article_id], claim.end)
            for mention in mentions[first:last]:
                if mention.end > claim.start:
                    cluster = entities.cluster_of(mention)
                    if cluster is not None:
                        found.add(cluster.id)
        counts.update(found)
    return counts


# -- the story under the cursor ------------------------------------------------------------

def _plural(count: int, word: str) -> str:
    many = word[:-1] + "ies" if word.endswith("y") else word + "s"
    return f"{count:,} {word if count == 1 else many}"


def story_detail(story: Story, comparison: Comparison, names: Mapping[str, str]) -> Content:
    """The story in full: flags, silent articles, passages (article, source, date,
    label, quote, note), relations and differing figures. Data as text only."""
    columns = {column.id: column for column in comparison.columns}
    claims = {passage.claim.id: passage.claim for passage in story.passages}

    def name(article_id: str) -> str:
        return names.get(article_id, article_id)

    lines = [markup("[b]$title[/b]", title=story.title)]
    where = (f"in {len(story.articles)} of {len(comparison.columns)} articles, "
             f"silent in {story.silent_count}")
    if story.elsewhere:
        where += f", {story.elsewhere} more in articles no longer in the corpus"
    if story.flags:
        lines.append(markup("[b reverse] $flags [/] $where", flags=" · ".join(story.flags),
                            where=where))
    else:
        lines.append(markup("[dim]no discrepancy marked[/dim] $where", where=where))
    if story.silent_count:
        silent = story.silent
        named = ", ".join(clip(column_name(columns[key], name(key)), 32) if key in columns
                          else name(key) for key in silent[:SILENT_NAMED])
        more = f", and {len(silent) - SILENT_NAMED:,} more" if (
            len(silent) > SILENT_NAMED) else ""
        lines.append(markup("[dim]Silent:[/dim] $named$more", named=clip(named, 300),
                            more=more))
    lines += [Content(""), markup("[b]Passages[/b]")]
    for passage in story.passages[:PASSAGES_SHOWN]:
        claim = passage.claim
        column = columns.get(claim.article_id)
        facts = " · ".join(part for part in (
            column.source if column else None,
            (column.date or "undated") if column else None) if part)
        title = clip(column.title, 70) if column else ""
        lines.append(markup(" [b]$article[/b] $facts — [i]$title[/i]",
                            article=name(claim.article_id), facts=facts, title=title))
        lines.append(markup("   [b]$label[/b] “$quote”", label=claim.label or claim.kind,
                            quote=clip(claim.quote, 400)))
        if claim.note:
            lines.append(markup("   [dim]note:[/dim] [i]$note[/i]", note=clip(claim.note, 400)))
        if passage.orphaned:
            lines.append(markup("   [dim]no longer in the article's text (C lists it)[/dim]"))
    if len(story.passages) > PASSAGES_SHOWN:
        lines.append(markup("[dim] and $more more passages[/dim]",
                            more=f"{len(story.passages) - PASSAGES_SHOWN:,}"))
    if story.links:
        lines += [Content(""), markup("[b]Relations[/b]")]
        for link in story.links[:PASSAGES_SHOWN]:
            source, target = claims.get(link.source), claims.get(link.target)
            if source is None or target is None:
                continue
            lines.append(markup(" $one “$first” [b]$relation[/b] $other “$second”",
                                one=name(source.article_id), first=clip(source.quote, 30),
                                relation=link.relation, other=name(target.article_id),
                                second=clip(target.quote, 30)))
    if story.differences:
        lines += [Content(""), markup("[b]Figures that differ[/b]")]
        for difference in story.differences:
            lines.append(markup(" $what: $one vs $other", what=difference.describe(),
                                one=name(difference.one.claim.article_id),
                                other=name(difference.other.claim.article_id)))
    return Content("\n").join(lines)


def timeline_bars(story: Story, names: Mapping[str, str]) -> tuple[str, tuple[Bar, ...]]:
    """The title and bars of the story's timeline (none: no figure in two articles)."""
    if not story.timeline:
        return "", ()
    # What every point counts ("troop"), not what one passage adds ("small", "syria").
    shared = frozenset.intersection(*(point.quantity.subject for point in story.timeline))
    what = " ".join(sorted(shared)) or story.timeline[0].quantity.what
    counted = f" ({what})" if what else ""
    bars = tuple(Bar(point.column.date or "undated",
                     f"{names.get(point.column.id, point.column.id)} "
                     f"{point.column.source or ''}".strip(),
                     point.quantity.figure.low, point.quantity.figure.high,
                     point.quantity.value)
                 for point in story.timeline)
    return f"Timeline of the figure{counted}, by article date (undated last)", bars


# -- the screen ----------------------------------------------------------------------------

class CompareScreen(Screen["Story | None"]):
    """The stories of the corpus side by side; enter opens one in the panes."""

    AUTO_FOCUS = "#compare-grid"
    BINDINGS = [
        Binding("escape,S", "close", "Close", id="compare.close",
                tooltip="Back to the articles"),
        Binding("enter", "open_story", "Open in panes", id="compare.open",
                tooltip="Open the story's passages side by side in the panes"),
        Binding("d", "disagreements", "Disagreements", id="compare.disagreements",
                tooltip="Only the stories where the reports part (again: every story)"),
        Binding("l", "pick_label", "Label", id="compare.label",
                tooltip="Only the stories with a passage of one label"),
        Binding("e", "pick_entity", "Entity", id="compare.entity",
                tooltip="Only the stories that name one entity: what each report says "
                        "about it"),
        Binding("a", "clear_filters", "All stories", id="compare.all",
                tooltip="Clear the filters: every story"),
    ]

    class Stale(Message):
        """The workspace changed: claims, links or article metadata, or the entities."""

        def __init__(self, event: Event) -> None:
            super().__init__()
            self.event = event

    def __init__(self, workspace: Workspace, labels: Sequence[ClaimLabel] = (),
                 state: CompareState | None = None) -> None:
        super().__init__()
        self.workspace = workspace
        self.labels = tuple(labels)
        self.state = state if state is not None else CompareState()
        self.comparison: Comparison | None = None
        self.stories: list[Story] = []  # as filtered, in the grid's order
        self.names: dict[str, str] = {}  # article id -> short id
        self._unsubscribe: Callable[[], None] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("Comparing the reports…", id="compare-summary")
        grid = StoryGrid("Comparing the reports…", id="compare-grid")
        grid.set_colours({label.name: label.colour for label in self.labels})
        yield grid
        with VerticalScroll(id="compare-detail"):
            yield Static("", id="compare-story")
            chart = TimelineChart(id="compare-timeline")
            chart.display = False
            yield chart
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sub_title = "compare the reports"
        # Every change, from this window, another one or a command (the reading
        # screen polls the database), makes the comparison again.
        self._unsubscribe = self.workspace.subscribe(
            lambda event: self.post_message(self.Stale(event)))
        if self.state.comparison is not None:  # nothing changed since the last opening
            self._take(self.state.comparison)
        else:  # after the first frame: the comparison reads every claim and link
            self.call_after_refresh(self.compute)

    def on_unmount(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()

    @property
    def grid(self) -> StoryGrid:
        return self.query_one("#compare-grid", StoryGrid)

    # -- the comparison ----------------------------------------------------------------

    @work(thread=True, exclusive=True, group="compare")
    def compute(self) -> None:
        """Make the comparison off the UI thread; a newer one supersedes it."""
        worker = get_current_worker()
        comparison = self.workspace.compare()
        if not worker.is_cancelled and self.app.is_running:
            self.app.call_from_thread(self._take, comparison)

    def _take(self, comparison: Comparison) -> None:
        if not self.is_attached:
            return
        self.comparison = self.state.comparison = comparison
        self.names = short_ids([column.id for column in comparison.columns])
        self._show()

    @on(Stale)
    def _follow_workspace(self, message: Stale) -> None:
        from syria_reader.annotations.events import (
            AnnotationsChanged,
            ArticleMetaChanged,
            EntitiesReady,
            LinksChanged,
        )

        if isinstance(message.event, AnnotationsChanged | LinksChanged | ArticleMetaChanged):
            self.compute()
        elif isinstance(message.event, EntitiesReady) and self.state.entity is not None:
            self._show()  # the clusters may have changed (a correction)

    def _show(self) -> None:
        comparison = self.comparison
        if comparison is None:
            return
        self.stories = filtered_stories(comparison, self.state, self.workspace.entities)
        present = {article for story in self.stories for article in story.articles}
        columns = [GridColumn(column.id, column_name(column, self.names[column.id]),
                              column.date or "undated")
                   for column in comparison.columns if column.id in present]
        rows = [self._row(story) for story in self.stories]
        if not comparison.stories:
            message = ("No stories yet. A story is claims linked across the articles: tag "
                       "claims (c) and link them (l) in the reader.")
        else:
            message = "No story matches the filters: a shows every story."
        self.grid.show(columns, rows, keep=self.state.story, message=message)
        self._summary(len(columns))

    @staticmethod
    def _row(story: Story) -> GridRow:
        labels: dict[str, list[str]] = {}
        quotes: dict[str, str] = {}
        for passage in story.passages:
            article = passage.claim.article_id
            labels.setdefault(article, []).append(passage.claim.label or passage.claim.kind)
            quotes.setdefault(article, passage.claim.quote)
        cells = {article: GridCell(tuple(found), quotes[article])
                 for article, found in labels.items()}
        return GridRow(story.id, story.title, story.flags, story.silent_count, cells)

    def _summary(self, columns: int) -> None:
        comparison = self.comparison
        assert comparison is not None
        total = len(comparison.stories)
        shown = len(self.stories)
        stories = (_plural(total, "story") if shown == total
                   else f"{shown:,} of {_plural(total, 'story')}")
        undated = len(comparison.undated)
        order = ("by date, undated ones last" if undated and undated < len(comparison.columns)
                 else "undated: in corpus order" if undated else "by date")
        parts = [stories, f"{columns:,} of {len(comparison.columns):,} articles, {order}",
                 "discrepancies first"]
        if self.state.filtered:
            parts.append(f"filter: {self.state.describe()} (a clears)")
        self.query_one("#compare-summary", Label).update(plain(" · ".join(parts)))

    # -- the story under the cursor ------------------------------------------------------

    @on(StoryGrid.Highlighted)
    def _highlighted(self, message: StoryGrid.Highlighted) -> None:
        story = self._story(message.row.key) if message.row else None
        if message.row is not None:
            self.state.story = message.row.key
        detail = self.query_one("#compare-story", Static)
        chart = self.query_one("#compare-timeline", TimelineChart)
        if story is None or self.comparison is None:
            detail.update("")
            chart.show("", ())
            return
        detail.update(story_detail(story, self.comparison, self.names))
        chart.show(*timeline_bars(story, self.names))

    def _story(self, key: str) -> Story | None:
        return next((story for story in self.stories if story.id == key), None)

    @property
    def story(self) -> Story | None:
        """The story under the cursor."""
        row = self.grid.row
        return self._story(row.key) if row is not None else None

    # -- keys --------------------------------------------------------------------------

    def action_close(self) -> None:
        self.dismiss(None)

    def action_open_story(self) -> None:
        story = self.story
        if story is not None:
            self.dismiss(story)

    def action_disagreements(self) -> None:
        self.state.disagreements = not self.state.disagreements
        self._show()

    def action_clear_filters(self) -> None:
        self.state.disagreements = False
        self.state.label = None
        self.state.entity, self.state.entity_name = None, ""
        self._show()

    def action_pick_label(self) -> None:
        if self.comparison is None:
            return
        state = CompareState(self.state.disagreements, None, self.state.entity,
                             self.state.entity_name)
        counts: Counter[str] = Counter()
        for story in filtered_stories(self.comparison, state, self.workspace.entities):
            counts.update(story.labels())
        if not counts:
            self.notify("No labelled story to choose from", timeout=3)
            return

        def chosen(label: str | None) -> None:
            if label is not None:
                self.state.label = label
                self._show()

        self.app.push_screen(LabelPicker(sorted(counts.items())), chosen)

    def action_pick_entity(self) -> None:
        entities = self.workspace.entities
        if self.comparison is None:
            return
        if entities is None:
            self.notify("The entities are not recognised yet", timeout=3)
            return
        state = CompareState(self.state.disagreements, self.state.label)
        counts = stories_by_entity(filtered_stories(self.comparison, state, entities), entities)

        def chosen(cluster_id: str | None) -> None:
            cluster = entities.cluster(cluster_id) if cluster_id else None
            if cluster is not None:
                self.state.entity, self.state.entity_name = cluster.id, cluster.name
                self._show()

        # The summaries: a cached index would decode every mention for the clusters.
        self.app.push_screen(EntityPicker(entities.summaries(), counts), chosen)


# -- the filters' pickers --------------------------------------------------------------------

class LabelPicker(ModalScreen[str | None]):
    """The labels of the stories: a number or enter picks one, escape cancels."""

    AUTO_FOCUS = "#label-picker-list"
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="compare.label_cancel")]

    def __init__(self, labels: list[tuple[str, int]]) -> None:
        super().__init__()
        self.labels = labels

    def compose(self) -> ComposeResult:
        with Vertical(id="label-picker-box"):
            yield Label("Only the stories with a passage of the label:")
            found = OptionList(
                *(Option(markup(f"[b]{n}[/b] $label [dim]$count[/dim]" if n <= 9 else
                                "  $label [dim]$count[/dim]",
                                label=name, count=_plural(count, "story")), id=str(n - 1))
                  for n, (name, count) in enumerate(self.labels, start=1)),
                id="label-picker-list",
            )
            found.highlighted = 0
            yield found
            yield Label("a number or enter picks, escape cancels", classes="hint")

    def on_key(self, event: events.Key) -> None:
        index = digit_choice(event.character, len(self.labels))
        if index is not None:
            event.stop()
            self.dismiss(self.labels[index][0])

    @on(OptionList.OptionSelected, "#label-picker-list")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.labels[int(str(event.option.id))][0])


class EntityPicker(ModalScreen[str | None]):
    """Type an entity's name; enter picks the first match (``↓`` to choose another)."""

    AUTO_FOCUS = "#entity-picker-input"
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", id="compare.entity_cancel"),
        Binding("down", "to_list", "Matches", show=False, id="compare.entity_matches"),
    ]
    SHOWN = 100

    def __init__(self, clusters: Sequence[ClusterSummary], stories: Mapping[str, int]) -> None:
        super().__init__()
        # The entities in a story first, the most told first; then the others by name.
        self.clusters = sorted(clusters, key=lambda c: (-stories.get(c.id, 0),
                                                        c.name.casefold(), c.id))
        self.stories = stories
        self.matches: list[ClusterSummary] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="entity-picker-box"):
            yield Label("What each report says about:")
            yield VisibleInput(placeholder="a name: McGurk, SDF, Deir Ezzor…",
                               id="entity-picker-input")
            yield OptionList(id="entity-picker-list")
            yield Label("type to find, enter picks the first (↓ another), escape cancels",
                        classes="hint")

    def on_mount(self) -> None:
        self._find("")

    @on(Input.Changed, "#entity-picker-input")
    def _typed(self, event: Input.Changed) -> None:
        self._find(event.value)

    def _find(self, query: str) -> None:
        wanted = " ".join(query.casefold().split())
        self.matches = [c for c in self.clusters if not wanted or any(
            wanted in name.casefold() for name in (c.name, *c.aliases))]
        if wanted:  # names that start with it before names that hold it
            self.matches.sort(key=lambda c: not c.name.casefold().startswith(wanted))
        found = self.query_one("#entity-picker-list", OptionList)
        found.clear_options()
        found.add_options(Option(self._prompt(cluster), id=str(index))
                          for index, cluster in enumerate(self.matches[: self.SHOWN]))
        if self.matches:
            found.highlighted = 0

    def _prompt(self, cluster: ClusterSummary) -> Content:
        count = self.stories.get(cluster.id, 0)
        told = f"in {_plural(count, 'story')}" if count else "in no story"
        return markup("$name [dim]$type · $told[/dim]", name=cluster.name, type=cluster.type,
                      told=told)

    def action_to_list(self) -> None:
        self.query_one("#entity-picker-list", OptionList).focus()

    @on(Input.Submitted, "#entity-picker-input")
    def _submitted(self) -> None:
        found = self.query_one("#entity-picker-list", OptionList)
        if self.matches:
            self.dismiss(self.matches[found.highlighted or 0].id)

    @on(OptionList.OptionSelected, "#entity-picker-list")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.matches[int(str(event.option.id))].id)
