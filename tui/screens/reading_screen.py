"""The reading screen: the panes side by side, the status lines and every reading key.

It owns the reading UI and binds the workspace's state into the panes: the claims of
every article, the linked ones, the entities, the hidden types and the labels are its
reactives, and every pane (also one opened later) draws them through ``data_bind``.
The workspace is opened and loaded in a worker after the first frame; its events,
from this window, its undo, or another process (polled twice a second), update those
reactives. Views say what the analyst asked for with one message per intent
(``tui/messages.py``); the screen does it through the workspace.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Mapping
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, cast

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import var
from textual.widgets import Header

from syria_reader.annotations.labels import Label
from syria_reader.annotations.store.errors import StoreCorruptError, StoreError
from syria_reader.annotations.vocabulary import ARTICLE_FIELDS, passage_ref
from syria_reader.corpus import Article, Corpus
from syria_reader.tui.entity_styles import LEGEND
from syria_reader.tui.messages import (
    ArticleChosen,
    ChangedTextDecided,
    DeleteRequested,
    FollowLinkRequested,
    LabelChosen,
    LinksRequested,
    NoteRequested,
    RelatedRequested,
    SameEntityRequested,
)
from syria_reader.tui.reading_state import PanePlace, load_places, save_places
from syria_reader.tui.text_wrap import clip
from syria_reader.tui.textual_overrides import (
    KeyFooter,
    ScreenFocusWithoutRepaint,
    data_bind_from,
)
from syria_reader.tui.widgets.article_list import ArticleList
from syria_reader.tui.widgets.article_pane import ArticlePane, Claims
from syria_reader.tui.widgets.article_view import ArticleView
from syria_reader.tui.widgets.inspector import Inspector
from syria_reader.tui.widgets.legend import Legend

if TYPE_CHECKING:  # loaded in the worker, after the first frame
    from syria_reader.annotations.compare.stories import Story
    from syria_reader.annotations.entities.index import EntityIndex
    from syria_reader.annotations.events import Event
    from syria_reader.annotations.linking.links import Link
    from syria_reader.annotations.linking.results import RelatedResult
    from syria_reader.annotations.store.database import AnnotationStore
    from syria_reader.annotations.store.model import Annotation
    from syria_reader.annotations.workspace import Workspace
    from syria_reader.corpus.model_name import ModelChoice
    from syria_reader.tui.app import ReaderApp
    from syria_reader.tui.screens.compare_screen import CompareState
    from syria_reader.tui.session import Session

MAX_PANES = 3
PANE_IDS = ("pane-left", "pane-right", "pane-third")
STACK_BELOW_COLUMNS = 100
# Below either, the layout is compact: pane headers one line, no pane borders, the
# legend behind `i`, so that the text has most of the rows (at 60x20 it had two a pane).
COMPACT_BELOW = (90, 30)
POLL_SECONDS = 0.5  # how often another process's writes are looked for
T = TypeVar("T")


class WorkspaceChanged(Message):
    """An event of the workspace, brought to the UI thread."""

    def __init__(self, event: Event) -> None:
        super().__init__()
        self.event = event


class ReadingScreen(ScreenFocusWithoutRepaint):
    """Articles side by side, everything on the keyboard."""

    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit", tooltip="Save your place and quit"),
        Binding("slash", "search", "Search", id="app.search",
                tooltip="Search this article and, fuzzily, the whole corpus"),
        Binding("u", "undo", "Undo", id="app.undo",
                tooltip="Undo this window's last change to claims, notes and links"),
        Binding("ctrl+r", "redo", "Redo", show=False, id="app.redo",
                tooltip="Redo what was undone"),
        Binding("C", "claims", "Claims", show=False, id="app.claims",
                tooltip="List every claim of the corpus and jump to one"),
        Binding("S", "compare", "Compare", id="app.compare",
                tooltip="Compare the reports: the stories your links make, where the "
                        "articles agree, disagree and stay silent"),
        Binding("M", "article_meta", "Article details", show=False, id="app.article_meta",
                tooltip="Set the title, source and date of the article in the focused pane"),
        Binding("x", "export", "Export", show=False, id="app.export",
                tooltip="Export the annotations (JSON, JSONL, CSV, W3C, brat, Prodigy, "
                        "Label Studio)"),
        Binding("a", "toggle_list", "Articles", show=False, id="app.toggle_list",
                tooltip="Show or hide the article list"),
        Binding("i", "toggle_legend", "Legend", show=False, id="app.toggle_legend",
                tooltip="Show or hide the entity legend (hidden on a small terminal)"),
        Binding("plus", "open_pane", "Open pane", show=False, id="app.open_pane",
                tooltip="Open another pane (at most three)"),
        Binding("minus", "close_pane", "Close pane", show=False, id="app.close_pane",
                tooltip="Close the focused pane"),
        Binding("tab", "app.focus_next", "Next pane", show=False, id="app.next_pane"),
        Binding("shift+tab", "app.focus_previous", "Prev pane", show=False,
                id="app.prev_pane"),
        *(
            Binding(str(number), f"toggle_entity('{name}')", f"Toggle {meaning}", show=False,
                    id=f"app.toggle_{name}")
            for number, (name, meaning) in enumerate(LEGEND, start=1)
        ),
    ]

    # The screen's own lines are only its background, covered by the panes and bars.
    # Rendered as styled lines they are new strips at every full repaint (as when
    # a dialog closes), and the compositor cuts each at every widget edge on its
    # line, about 500 strips on 160x50. Blank, they are one strip whose cuts are cached.
    BLANK = True

    # The state every pane draws, bound into them (ArticlePane).
    claims: var[Claims] = var(dict, init=False)
    linked: var[frozenset[str]] = var(frozenset, init=False)
    entities: var[EntityIndex | None] = var(None, init=False)
    hidden: var[frozenset[str]] = var(frozenset, init=False)
    labels: var[tuple[Label, ...]] = var(tuple, init=False)
    # The articles the analyst gave a title, source or date, with them (by id).
    metadata: var[Mapping[str, Article]] = var(dict, init=False)
    inspected: var[str] = var("", init=False)
    compact: var[bool] = var(False, init=False)  # the layout of a small terminal

    def __init__(
        self, corpus: Corpus, labels: tuple[Label, ...], hidden: frozenset[str],
        store: AnnotationStore | None = None, db: Path | None = None,
        recognise: bool = True, freeze_loaded: bool = False,
        model: ModelChoice | None = None,
    ) -> None:
        super().__init__(id="_default")
        self.corpus = corpus
        self.store = store
        self.db = db
        self.recognise = recognise
        self.model = model  # the spaCy pipeline chosen (--model, config file); None: default
        # Freeze the workspace out of the garbage collector once loaded (tui/heap.py):
        # the command does, tests that start many readers in one process do not.
        self.freeze_loaded = freeze_loaded
        self.workspace: Workspace | None = None
        self.session: Session | None = None
        self._followed: tuple[str, int] = ("", -1)  # the claim L last followed, which link
        # The compare screen's filters and story, kept from one opening to the next.
        self._compare: CompareState | None = None
        self.set_reactive(ReadingScreen.labels, labels)
        self.set_reactive(ReadingScreen.hidden, hidden)
        self._legend_chosen: bool | None = None  # `i`'s choice, over the layout's

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A key typed right after one that opened a dialog (x, then 2) arrives before the
        # dialog takes the keys: it must not act here (2 would hide the places); nor one
        # typed after q, while the reader takes itself apart.
        return self.is_current and not self.reader.closing

    @property
    def reader(self) -> ReaderApp:
        return cast("ReaderApp", self.app)

    # -- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="main"), Horizontal(id="panes"):
            for pane_id, place in zip(PANE_IDS, self._initial_places(), strict=False):
                yield self._bound(ArticlePane(self.corpus.articles, self._index_of(place.article),
                                              cursor=place.cursor, id=pane_id))
        with Vertical(id="status"):
            yield Inspector(id="inspector").data_bind(line=ReadingScreen.inspected)
            yield Legend(id="legend").data_bind(ReadingScreen.hidden)
        yield KeyFooter()

    def _bound(self, pane: ArticlePane) -> ArticlePane:
        return data_bind_from(self, pane, ReadingScreen.claims, ReadingScreen.linked,
                              ReadingScreen.entities, ReadingScreen.hidden,
                              ReadingScreen.labels, ReadingScreen.metadata,
                              ReadingScreen.compact)

    def _initial_places(self) -> list[PanePlace]:
        known = {article.id for article in self.corpus.articles}
        places = [p for p in load_places(self.corpus.root) if p.article in known]
        if not places:
            places = [PanePlace(article.id) for article in self.corpus.articles[:2]]
        return places[:MAX_PANES]

    def _index_of(self, article_id: str) -> int:
        return next(i for i, a in enumerate(self.corpus.articles) if a.id == article_id)

    def on_mount(self) -> None:
        self.panes[0].focus()
        # After the first frame: the worker's imports would otherwise compete with it.
        self.call_after_refresh(self.load_workspace)

    def on_resize(self, event: events.Resize) -> None:
        # Only the containers concerned change class: restyling the whole screen (as a
        # breakpoint class on the screen would) costs the first frame dearly.
        narrow = event.size.width < STACK_BELOW_COLUMNS
        self.query_one("#panes").set_class(narrow, "-stacked")
        width, height = COMPACT_BELOW
        compact = event.size.width < width or event.size.height < height
        self.query_one("#main").set_class(compact, "-compact")
        self.compact = compact
        if self._legend_chosen is None:
            self.query_one(Legend).display = not compact

    def action_toggle_legend(self) -> None:
        """Show or hide the legend; the choice holds until the reader is closed."""
        legend = self.query_one(Legend)
        self._legend_chosen = legend.display = not legend.display

    def on_screen_suspend(self) -> None:
        # Another screen (the command palette, say) takes the keys: a label menu left
        # open under it would tag, after its actions, a passage that may have moved.
        for view in self.query(ArticleView):
            view.close_menu()

    def on_unmount(self) -> None:
        if self.session is not None:
            self.session.release()

    @property
    def panes(self) -> list[ArticlePane]:
        return list(self.query(ArticlePane))

    def focused_pane(self) -> ArticlePane:
        panes = self.panes
        return next((pane for pane in panes if pane.view.has_focus), panes[0])

    # -- the workspace, loaded off the UI thread -----------------------------------------

    @work(thread=True, exclusive=True, group="workspace")
    def load_workspace(self) -> None:
        """Open the database, read the claims (found again in changed texts) and links,
        then the entities (cached or recognised) and the related-passages index."""
        from syria_reader.annotations.store.location import find_database
        from syria_reader.annotations.workspace import Workspace
        from syria_reader.tui.session import claim_session

        try:
            if self.store is not None:
                self.session = claim_session(self.store.path)
                workspace = Workspace(self.corpus, self.store, self.session.id)
            else:
                # Found once: the session is claimed beside it, and a database moved
                # from an earlier name is said so (found again, it would be in place).
                location = find_database(self.corpus, self.db)
                self.session = claim_session(location.path)
                workspace = Workspace.at(self.corpus, location, self.session.id)
            workspace.load()
        except StoreError as error:  # unreadable, corrupt, foreign: nothing is written
            self.app.call_from_thread(self.reader.stop_with_error, str(error))
            return
        self.app.call_from_thread(self._workspace_loaded, workspace)
        if self.recognise:
            self._load_entities(workspace)
        try:
            workspace.build_related()
        except (OSError, ValueError) as error:
            self.app.call_from_thread(self.notify, f"Related passages unavailable: {error}",
                                      severity="error")
        self._make_texts()
        if self.freeze_loaded:
            from syria_reader.tui.heap import freeze_loaded

            freeze_loaded()

    def _make_texts(self) -> None:
        """Make the texts ``[`` and ``]`` lead to from the articles shown, in a worker
        thread: from the facts cache a text is converted when first read, and ``]`` onto
        a PDF or a web page would convert it at the key. Only the neighbours: every
        text of a corpus of PDFs would be converted again at every start."""
        articles = self.corpus.articles
        near = {(pane.article_index + step) % len(articles)
                for pane in list(self.panes) for step in (-1, 0, 1)}
        for index in sorted(near):
            if not self.app.is_running:
                return
            # A text that cannot be made is left for the pane, which says what is wrong.
            with suppress(OSError, ValueError):
                articles[index].text  # noqa: B018 - makes and keeps it

    @work(thread=True, group="texts", exit_on_error=False)
    def _make_texts_in_thread(self) -> None:
        self._make_texts()

    def _load_entities(self, workspace: Workspace) -> None:
        from syria_reader.corpus.ner import (
            ModelNotAvailable,
            NerError,
            RecognitionCancelled,
            resolve_model,
        )

        def progress(done: int, total: int) -> None:
            self.app.call_from_thread(self._legend_status, f"recognising entities {done}/{total}…")

        model = self.model
        try:
            if model is not None:
                resolve_model(model)
        except ModelNotAvailable as error:
            # The config file's choice (--model's was checked before the reader started)
            # never stops the reader: it warns, as for the file's other settings.
            self.app.call_from_thread(self.notify, f"{error}; using the default model",
                                      severity="warning", timeout=15)
            model = None
        workspace.model_choice = lambda: model
        try:
            workspace.load_entities(progress, cancelled=lambda: not self.app.is_running)
        except RecognitionCancelled:
            pass
        except StoreCorruptError as error:  # a correction record no version of ours wrote
            self.app.call_from_thread(self.reader.stop_with_error, str(error))
        except (NerError, StoreError, OSError) as error:
            self.app.call_from_thread(self._legend_status, "no entities")
            self.app.call_from_thread(self.notify, f"Entities unavailable: {error}",
                                      severity="error", timeout=10)

    def _workspace_loaded(self, workspace: Workspace) -> None:
        self.workspace = workspace
        # Events come from this thread, the worker's and the poll: all reach the screen
        # as messages (posting is thread-safe), handled here in order.
        workspace.subscribe(self._from_workspace)
        self._show_annotations()
        self.linked = workspace.linked_ids()
        self._show_metadata()
        for notice in workspace.notices:
            self.notify(notice, severity="warning", timeout=10)
        if workspace.store.read_only:
            self.notify(f"{workspace.store.path} is read-only: you can read, not annotate",
                        severity="warning", timeout=10)
        if workspace.orphaned:
            self.notify(f"{workspace.orphaned} claims could not be found in the changed "
                        "text; they are kept and listed as orphaned (C)", severity="warning",
                        timeout=8)
        self.set_interval(POLL_SECONDS, self._poll)

    def _from_workspace(self, event: Event) -> None:
        """A workspace event, from whichever thread it happened in, posted to the screen.

        Entities arrive in the recognition worker: the mentions of the articles on
        screen are decoded there, so the reader's thread only draws them (decoding a
        100,000-word article's, at the moment it arrived, held a key for 40 ms).
        """
        from syria_reader.annotations.events import EntitiesReady

        if isinstance(event, EntitiesReady):
            for pane in list(self.panes):
                event.entities.mentions(pane.article.id)
        self.post_message(WorkspaceChanged(event))

    def _poll(self) -> None:
        """Take in what another window or a command wrote to the database."""
        if self.workspace is None or self.reader.closing:
            return
        try:
            self.workspace.refresh()
        except StoreError as error:
            self.notify(str(error), title="Database", severity="error", timeout=10)

    def _legend_status(self, status: str) -> None:
        self.query_one(Legend).status = status

    @on(WorkspaceChanged)
    def _follow_workspace(self, message: WorkspaceChanged) -> None:
        from syria_reader.annotations.events import (
            AnnotationsChanged,
            ArticleMetaChanged,
            EntitiesReady,
            LinksChanged,
            RelatedReady,
        )

        event = message.event
        if self._compare is not None and isinstance(
                event, AnnotationsChanged | LinksChanged | ArticleMetaChanged):
            self._compare.comparison = None  # the compare screen must compare again
        if isinstance(event, AnnotationsChanged):
            self._show_annotations(event.articles)
        elif isinstance(event, LinksChanged):
            assert self.workspace is not None
            self.linked = self.workspace.linked_ids()
        elif isinstance(event, EntitiesReady):
            self.entities = event.entities
            self._legend_status(f"{event.entities.cluster_count} entities")
        elif isinstance(event, RelatedReady) and self.workspace is not None:
            # Claims tagged while the index was built are taken in now.
            event.index.set_claims(self.workspace.claims())
        elif isinstance(event, ArticleMetaChanged):
            self._show_metadata()
        self._inspect_focused()

    def _show_annotations(self, articles: frozenset[str] | None = None) -> None:
        """The claims of ``articles`` (all, when None) as the workspace has them: a tag
        regroups its article's claims, not the whole corpus's."""
        assert self.workspace is not None
        if articles is None:
            by_article: dict[str, list] = {}
            for annotation in self.workspace.annotations():
                by_article.setdefault(annotation.article_id, []).append(annotation)
            self.claims = {article: tuple(found) for article, found in by_article.items()}
            return
        claims = dict(self.claims)
        for article in articles:
            claims[article] = tuple(self.workspace.annotations(article))
        self.claims = claims

    def _show_metadata(self) -> None:
        """The articles as the analyst described them, for the panes' headers."""
        assert self.workspace is not None
        workspace = self.workspace
        self.metadata = {article.id: workspace.article(article.id)
                         for article in self.corpus.articles
                         if workspace.article_meta(article.id) is not None}

    def _titles(self) -> dict[str, str]:
        """Each article's title, the analyst's where there is one."""
        return {article.id: self.metadata.get(article.id, article).title
                for article in self.corpus.articles}

    def _ready(self) -> Workspace | None:
        if self.workspace is None:
            self.notify("The annotation database is still opening", timeout=2)
        return self.workspace

    def _write(self, change: Callable[[], T], done: str | Callable[[T], str]) -> T | None:
        """Run a change through the workspace; a failed write is shown, nothing is lost."""
        try:
            result = change()
        except StoreError as error:
            self.notify(str(error), title="Not saved", severity="error", timeout=10)
            return None
        except LookupError as error:  # another window deleted it meanwhile
            self.notify(f"{error}: it was changed elsewhere", severity="warning")
            self._poll()  # show what the other window did, now
            return None
        self.notify(done(result) if callable(done) else done, timeout=2)
        return result

    # -- the inspector ----------------------------------------------------------------

    def on_article_pane_shown(self, message: ArticlePane.Shown) -> None:
        self._inspect_focused()
        self._make_texts_in_thread()  # the next ones along

    def on_article_view_cursor_moved(self, message: ArticleView.CursorMoved) -> None:
        if message.view.has_focus or not self.focused_pane().view.has_focus:
            self._inspect(message.view)

    def on_descendant_focus(self) -> None:
        self._inspect_focused()

    def _inspect_focused(self) -> None:
        if isinstance(self.focused, ArticleView):
            self._inspect(self.focused)

    def _inspect(self, view: ArticleView) -> None:
        article = view.article
        spans = article.sentences if article.sentences_cached else []
        sentence = view.sentence_at(view.cursor, wait=False)
        position = f"sentence {bisect_left(spans, sentence) + 1}/{len(spans)}" if sentence else ""
        parts = [article.id, position]
        claim = view.claim_at(view.cursor)
        if claim is not None:
            links = self.workspace.links_of(claim) if self.workspace else []
            note = f"note “{clip(claim.note, 160)}” (n edits)" if claim.note else ""
            if claim.label:
                what = f"{claim.kind} {claim.label}"
            elif claim.kind == "claim":  # linked from the related list: no label of its own
                what = "linked passage"
            elif claim.kind == "note" and note:
                what, note = note, ""  # a sentence's own note: "note" once, not twice
            else:
                what = claim.kind
            linked = (f"{len(links)} link{'s' if len(links) != 1 else ''} "
                      "(L shows each in turn, o picks one)") if links else ""
            parts.append(", ".join(part for part in (what, linked) if part))
            parts.extend(f"{number}. {self._link_end(claim, link)}"
                         for number, link in enumerate(links, start=1))
            parts.append(note)
            if claim.anchor == "changed":
                parts.append(f"text changed: tagged as “{claim.original_quote}”, now "
                             f"“{claim.quote}” (A accepts, D detaches)")
        mention = view.mention_at(view.cursor)
        # The summary, not the cluster: a stored index would decode the cluster's
        # mentions in every article (on 1,000 articles, at a key).
        cluster = self.entities.summary_of(mention) if self.entities and mention else None
        if cluster is not None:
            total = len(self.corpus.articles)
            parts.append(f"{cluster.type} {cluster.name}: {cluster.size} "
                         f"mention{'s' if cluster.size != 1 else ''} in {cluster.articles} "
                         f"of {total} article{'s' if total != 1 else ''}")
        elif mention is not None:
            parts.append(f"{mention.type} “{mention.text}”")
        self.inspected = " · ".join(part for part in parts if part)

    def _link_end(self, claim: Annotation, link: Link) -> str:
        """A link as the status line lists it: its relation, and the article and first
        words of the passage at its other end."""
        from syria_reader.annotations.linking.links import parse_passage

        assert self.workspace is not None
        other = _other_end(claim, link)
        try:
            end = self.workspace.annotation(other)
            article_id, quote = end.article_id, end.quote
        except LookupError:
            passage = parse_passage(other)
            found = self.corpus.find(passage.article_id) if passage else None
            if passage is None or found is None:
                return f"{link.relation} → {clip(other, 20)}"
            article_id, quote = found.id, found.text[passage.start:passage.end]
        return f"{link.relation} → {clip(article_id, 12)} “{clip(quote, 32)}”"

    # -- what the views ask for ------------------------------------------------------------

    def on_label_chosen(self, message: LabelChosen) -> None:
        workspace = self._ready()
        if workspace is None:
            return
        label, existing = message.label, message.existing
        if existing is not None:
            self._write(lambda: workspace.relabel(existing, label), f"Relabelled as {label}")
        else:
            self._write(lambda: workspace.tag(message.article, *message.span, label),
                        lambda made: f"Tagged as {label}" if made[1] else
                        f"Already tagged as {label}")

    def on_note_requested(self, message: NoteRequested) -> None:
        from syria_reader.tui.screens.note_screen import NoteScreen

        workspace = self._ready()
        if workspace is None:
            return
        existing, article, (start, end) = message.existing, message.article, message.span

        def noted(note: str | None) -> None:
            if note is None:
                return
            if existing is not None:
                self._write(lambda: workspace.set_note(existing, note), "Note saved")
            elif note:
                self._write(lambda: workspace.add_note(article, start, end, note), "Note saved")

        quote = article.text[start:end]
        self.app.push_screen(NoteScreen(quote, existing.note if existing else ""), noted)

    def on_changed_text_decided(self, message: ChangedTextDecided) -> None:
        if (workspace := self._ready()) is None:
            return
        claim = message.claim
        if message.accept:
            self._write(lambda: workspace.accept_text(claim),
                        "The claim is on the new text now (u undoes)")
        else:
            self._write(lambda: workspace.detach(claim),
                        "Detached: kept as tagged, listed as orphaned (C; u undoes)")

    def on_delete_requested(self, message: DeleteRequested) -> None:
        if (workspace := self._ready()) is not None:
            annotation = message.annotation
            self._write(lambda: workspace.delete(annotation),
                        f"Deleted the {annotation.kind} (u undoes)")

    def on_related_requested(self, message: RelatedRequested) -> None:
        from syria_reader.tui.screens.suggestions_screen import SuggestionsScreen

        workspace = self._ready()
        if workspace is None or not message.view.is_attached:
            return
        if workspace.related is None:
            self.notify("The related-passages index is still being built", timeout=3)
            return
        article, (start, end), existing = message.article, message.span, message.existing
        results = workspace.related_to(article, start, end, existing)
        source = existing or passage_ref(article.id, start, end)

        def linked_toast(before: Link | None, relation: str) -> str:
            from syria_reader.annotations.linking.links import as_asked, refs_of

            if before is None:
                return f"Linked: {relation}"
            # The passage's claims name it too (the book knows them), as link() finds.
            if as_asked(before, relation, refs_of(source, workspace.book)):
                return f"Linked already: {relation}"
            if not before.rejected and before.relation == relation:  # the other way round
                return f"Turned round: {relation} from this passage (u undoes)"
            return f"Relinked: {before.relation or 'rejected'} → {relation} (u undoes)"

        def decide(result: RelatedResult, relation: str | None) -> bool:
            target = result.claim_id or result.ref
            if relation == "":  # take back what was decided
                made = workspace.link_between(source, target)
                if made is None:
                    return False
                done = self._write(lambda: workspace.unlink(made), "Unlinked (u undoes)")
            elif relation is None:
                done = self._write(lambda: workspace.reject(source, target, result.score),
                                   "Rejected: never suggested again")
            else:
                # Two passages have one link: another relation changes it, and says so.
                before = workspace.link_between(source, target)
                done = self._write(lambda: workspace.link(source, target, relation,
                                                          result.score),
                                   linked_toast(before, relation))
            return done is not None

        titles = self._titles()
        verdicts = {}
        for index, result in enumerate(results):
            made = workspace.link_between(source, result.claim_id or result.ref)
            if made is not None:
                verdicts[index] = made.relation or "rejected"
        self.app.push_screen(SuggestionsScreen(article.text[start:end], results, titles, decide,
                                               verdicts),
                             lambda _: self._inspect(message.view))

    def on_follow_link_requested(self, message: FollowLinkRequested) -> None:
        """Show the claim's next linked passage in another pane (L again: the next)."""
        claim = message.claim
        links = self.workspace.links_of(claim) if self.workspace else []
        if links:
            last_claim, last_index = self._followed
            index = (last_index + 1) % len(links) if last_claim == claim.id else 0
            self._show_link(message.view, claim, links, index)

    def on_links_requested(self, message: LinksRequested) -> None:
        """List the claim's links, numbered as the status line numbers them; the one
        picked is shown in another pane (and L goes on from it)."""
        from syria_reader.tui.screens.links_screen import LinksScreen

        claim, view = message.claim, message.view
        links = self.workspace.links_of(claim) if self.workspace else []
        if not links:
            return

        def picked(index: int | None) -> None:
            if index is not None and view.is_attached:
                self._show_link(view, claim, links, index)

        self.app.push_screen(LinksScreen(claim.quote, [self._link_end(claim, link)
                                                       for link in links]), picked)

    def _show_link(self, view: ArticleView, claim: Annotation, links: list[Link],
                   index: int) -> None:
        """Show the other end of ``links[index]`` in the pane beside ``view``."""
        from syria_reader.annotations.linking.links import parse_passage

        self._followed = (claim.id, index)
        link = links[index]
        other = _other_end(claim, link)
        passage = parse_passage(other)
        if passage is not None:
            place = (passage.article_id, passage.start)
        else:
            try:
                found = self.workspace.annotation(other)  # type: ignore[union-attr]
            except LookupError:
                self.notify("The linked claim was deleted", timeout=3)
                return
            place = (found.article_id, found.start)
        self._other_pane(view).show_article(*place)
        self.notify(f"{link.relation}: link {index + 1} of {len(links)}", timeout=3)

    def on_same_entity_requested(self, message: SameEntityRequested) -> None:
        entities = self.entities
        cluster = entities.cluster_of(message.mention) if entities else None
        if entities is None or cluster is None:
            self.notify("Entities are still being recognised", timeout=3)
            return
        source = next((p for p in self.panes if p.view is message.view), None)
        if source is None:
            return  # its pane was closed since the key
        elsewhere = cluster.articles - {source.article.id}
        if not elsewhere:
            self.notify(f"{cluster.name} is named in this article only", timeout=3)
            return
        target = self._other_pane(message.view)
        article_id, after = target.article.id, target.view.cursor
        if article_id not in elsewhere:
            article_id, after = sorted(elsewhere)[0], -1
        mention = entities.next_mention(cluster, article_id, after)
        if mention is None:
            return
        if article_id != target.article.id:
            target.show_article(article_id, mention.start)
        else:
            target.view.cursor = mention.start
        self.notify(f"{cluster.name}: {len(cluster.mentions)} mentions in "
                    f"{len(cluster.articles)} articles", timeout=3)

    def _other_pane(self, view: ArticleView) -> ArticlePane:
        """The pane after ``view``'s; a second pane is opened if there is one only."""
        if len(self.panes) == 1:
            self._mount_pane()
        panes = self.panes
        source = next((i for i, pane in enumerate(panes) if pane.view is view), 0)
        return panes[(source + 1) % len(panes)]

    def on_article_chosen(self, message: ArticleChosen) -> None:
        pane = self.focused_pane()
        pane.show_article(message.article_id)
        self._article_list().display = False
        pane.focus()

    # -- keys ------------------------------------------------------------------------------

    def action_undo(self) -> None:
        self._step(undo=True)

    def action_redo(self) -> None:
        self._step(undo=False)

    def _step(self, undo: bool) -> None:
        from syria_reader.annotations.store.book import UndoRefusedError

        workspace = self._ready()
        if workspace is None:
            return
        try:
            entry = workspace.undo() if undo else workspace.redo()
        except UndoRefusedError as error:
            self.notify(str(error), title="Not undone", severity="warning", timeout=6)
            return
        except (StoreError, LookupError) as error:
            self.notify(str(error), title="Not saved", severity="error", timeout=10)
            return
        if entry is None:
            others = workspace.book.others_changes() if undo else 0
            elsewhere = (f"; {others} changes by other windows or commands are theirs to undo"
                         if others else "")
            self.notify(f"Nothing to {'undo' if undo else 'redo'} in this window{elsewhere}",
                        timeout=4)
            return
        # A link made from `l` with the claims made for it is one entry: named as the
        # link, with its passage's first words (a link record has no quote of its own).
        self.notify(f"{'Undone' if undo else 'Redone'}: {workspace.describe(entry)}",
                    timeout=3)

    def action_claims(self) -> None:
        from syria_reader.tui.screens.claims_screen import ClaimsScreen

        if (workspace := self._ready()) is None:
            return
        titles = self._titles()

        def jump(claim: object) -> None:
            from syria_reader.annotations.store.model import Annotation

            if isinstance(claim, Annotation) and not claim.orphaned:
                pane = self.focused_pane()
                pane.show_article(claim.article_id, claim.start)
                pane.focus()

        self.app.push_screen(ClaimsScreen(workspace.annotations(), titles), jump)

    def action_compare(self) -> None:
        from syria_reader.tui.screens.compare_screen import CompareScreen, CompareState

        if (workspace := self._ready()) is None:
            return
        if self._compare is None:
            self._compare = CompareState()

        def opened(story: Story | None) -> None:
            if story is not None:
                # An orphaned passage's offsets are stale: not a place to show.
                self.show_passages([(passage.claim.article_id, passage.claim.start)
                                    for passage in story.passages if not passage.orphaned])

        self.app.push_screen(CompareScreen(workspace, self.labels, self._compare), opened)

    def show_passages(self, places: list[tuple[str, int]]) -> None:
        """Each article's first passage of ``places`` (article, offset) in a pane of its
        own, side by side, as many as there are panes for (a pane is opened for each up
        to ``MAX_PANES``); the first articles when there are more."""
        first: dict[str, int] = {}
        for article_id, start in places:
            if self.corpus.find(article_id) is not None:
                first.setdefault(article_id, start)
        if not first:
            return
        while len(self.panes) < min(len(first), MAX_PANES):
            if self._mount_pane() is None:
                return
        shown = list(first.items())[: len(self.panes)]
        for pane, (article_id, start) in zip(self.panes, shown, strict=False):
            pane.show_article(article_id, start)
        self.panes[0].focus()
        if len(first) > len(shown):
            self.notify(f"The story is in {len(first)} articles: the first {len(shown)} "
                        "are in the panes", timeout=4)

    def action_article_meta(self) -> None:
        from syria_reader.tui.screens.article_meta_screen import ArticleMetaScreen

        if (workspace := self._ready()) is None:
            return
        article = self.focused_pane().article  # as its file has it
        meta = workspace.article_meta(article.id)
        ours = {name: getattr(meta, name) if meta else None for name in ARTICLE_FIELDS}
        files = {"title": article.title, "source": article.source, "date": article.date}

        def save(values: dict[str, str]) -> str | None:
            # Only what the analyst changed here: a field another window set meanwhile
            # is kept (set_article_meta merges under the database's lock).
            changed = {name: value for name, value in values.items()
                       if value.strip() != (ours[name] or "")}
            if not changed:
                return None
            try:
                workspace.set_article_meta(article.id, **changed)
            except (ValueError, StoreError) as error:
                return str(error)
            return None

        def saved(done: bool | None) -> None:
            if done:
                self.notify("Article details saved", timeout=2)

        self.app.push_screen(ArticleMetaScreen(article.id, ours, files, save), saved)

    def action_export(self) -> None:
        from syria_reader.tui.screens.export_screen import ExportScreen

        if (workspace := self._ready()) is None:
            return

        def run_export(format: str, path: str, on_progress: Callable[[int, int], None]) -> Path:
            return workspace.export(format, path or None, on_progress=on_progress)

        self.app.push_screen(ExportScreen(run_export, Path.cwd()))

    def action_search(self) -> None:
        from syria_reader.tui.screens.search_screen import SearchScreen, SearchTarget

        pane = self.focused_pane()

        def jump(target: SearchTarget | None) -> None:
            if target is not None:
                pane.show_article(target.article_id, target.offset)
                pane.focus()

        self.app.push_screen(SearchScreen(self.corpus.articles, pane.article), jump)

    def _article_list(self) -> ArticleList:
        """The list, composed the first time it is asked for: it is not needed to read."""
        found = self.query(ArticleList)
        if found:
            return found.first()
        article_list = ArticleList(self._described(), self._claim_counts(),
                                   id="article-list")
        article_list.display = False
        self.query_one("#main").mount(article_list, before=0)
        return article_list

    def _claim_counts(self) -> dict[str, int]:
        return {article: sum(1 for a in found if a.kind == "claim")
                for article, found in self.claims.items()}

    def watch_claims(self) -> None:
        for article_list in self.query(ArticleList):  # once it is made
            article_list.set_claims(self._claim_counts())

    def _described(self) -> list[Article]:
        """The articles with the analyst's title, source and date where there are."""
        return [self.metadata.get(article.id, article) for article in self.corpus.articles]

    def watch_metadata(self) -> None:
        for article_list in self.query(ArticleList):  # once it is made
            article_list.set_articles(self._described())

    def action_toggle_list(self) -> None:
        article_list = self._article_list()
        article_list.display = not article_list.display
        if article_list.display:
            self.call_after_refresh(article_list.focus)
        else:
            self.focused_pane().focus()

    def action_open_pane(self) -> None:
        if len(self.panes) >= MAX_PANES:
            self.notify(f"At most {MAX_PANES} panes", timeout=2)
            return
        pane = self._mount_pane()
        if pane is not None:
            self.call_after_refresh(pane.focus)

    def _mount_pane(self) -> ArticlePane | None:
        container = self.query_one("#panes")
        if not container.is_attached:
            return None  # the reader is closing (q typed just before)
        if not container.is_mounted:  # typed ahead, before the first frame
            self.call_after_refresh(self.action_open_pane)
            return None
        panes = self.panes
        pane_id = next(p for p in PANE_IDS if p not in {pane.id for pane in panes})
        index = (panes[-1].article_index + 1) % len(self.corpus.articles)
        pane = self._bound(ArticlePane(self.corpus.articles, index, id=pane_id))
        container.mount(pane)
        return pane

    def action_close_pane(self) -> None:
        panes = self.panes
        if len(panes) == 1:
            self.notify("The last pane stays open", timeout=2)
            return
        pane = self.focused_pane()
        pane.remove()
        next(p for p in panes if p is not pane).focus()

    def action_toggle_entity(self, name: str) -> None:
        self.hidden = self.hidden ^ {name}
        self.reader.remember_hidden_entities(self.hidden)

    async def action_quit(self) -> None:
        places = [PanePlace(pane.article.id, pane.view.cursor) for pane in self.panes]
        try:
            save_places(self.corpus.root, places)
        except OSError as error:
            self.notify(f"Could not save your place: {error}", severity="error")
        self.app.exit()


def _other_end(claim: Annotation, link: Link) -> str:
    """The end of ``link`` that is not ``claim`` (named by its id or its passage)."""
    from syria_reader.annotations.linking.links import refs_of

    return link.target if link.source in refs_of(claim) else link.source
