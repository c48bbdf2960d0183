"""The reader: the article list and article panes side by side."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from syria_reader.annotations.errors import StoreCorruptError, StoreError
from syria_reader.annotations.labels import load_labels
from syria_reader.annotations.model import Annotation, new_annotation
from syria_reader.annotations.vocabulary import ANNOTATIONS, passage_ref
from syria_reader.corpus import Article, Corpus
from syria_reader.tui.colours import is_colour
from syria_reader.tui.commands import KeyCommands
from syria_reader.tui.config import Settings, load_settings, save_settings
from syria_reader.tui.entity_styles import LEGEND
from syria_reader.tui.messages import ArticleChosen
from syria_reader.tui.plain_content import plain
from syria_reader.tui.reading_state import PanePlace, load_places, save_places
from syria_reader.tui.screens.help_screen import HelpScreen, keys_text
from syria_reader.tui.screens.reading_screen import ReadingScreen
from syria_reader.tui.textual_overrides import CrashRecordingApp
from syria_reader.tui.untrusted import visible
from syria_reader.tui.widgets.article_list import ArticleList
from syria_reader.tui.widgets.article_pane import ArticlePane
from syria_reader.tui.widgets.article_view import ArticleView
from syria_reader.tui.widgets.inspector import Inspector
from syria_reader.tui.widgets.key_footer import KeyFooter
from syria_reader.tui.widgets.legend import Legend
from textual import events, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.notifications import SeverityLevel
from textual.widgets import Header

if TYPE_CHECKING:  # the store, the book and the entities load in a worker, after the text
    from syria_reader.annotations.book import AnnotationBook
    from syria_reader.annotations.entity_index import EntityIndex
    from syria_reader.annotations.links import Link
    from syria_reader.annotations.related import RelatedIndex
    from syria_reader.annotations.related_results import RelatedResult
    from syria_reader.annotations.store import AnnotationStore

MAX_PANES = 3
PANE_IDS = ("pane-left", "pane-right", "pane-third")


class ReaderApp(CrashRecordingApp):
    """Articles side by side, everything on the keyboard."""

    TITLE = "syria-reader"
    CSS_PATH = "styles/app.tcss"
    COMMANDS = App.COMMANDS | {KeyCommands}
    STACK_BELOW_COLUMNS = 100
    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit", tooltip="Save your place and quit"),
        Binding("question_mark", "help", "Help", id="app.help", tooltip="Show every key"),
        Binding("slash", "search", "Search", id="app.search",
                tooltip="Search this article and, fuzzily, the whole corpus"),
        Binding("u", "undo", "Undo", id="app.undo", tooltip="Undo the last change to claims"),
        Binding("ctrl+r", "redo", "Redo", show=False, id="app.redo",
                tooltip="Redo what was undone"),
        Binding("C", "claims", "Claims", show=False, id="app.claims",
                tooltip="List every claim of the corpus and jump to one"),
        Binding("x", "export", "Export", show=False, id="app.export",
                tooltip="Export the annotations (JSON, JSONL, CSV, W3C, brat)"),
        Binding("a", "toggle_list", "Articles", show=False, id="app.toggle_list",
                tooltip="Show or hide the article list"),
        Binding("plus", "open_pane", "Open pane", show=False, id="app.open_pane",
                tooltip="Open another pane (at most three)"),
        Binding("minus", "close_pane", "Close pane", show=False, id="app.close_pane",
                tooltip="Close the focused pane"),
        Binding("T", "change_theme", "Theme", show=False, id="app.theme",
                tooltip="Choose a colour theme"),
        Binding("tab", "app.focus_next", "Next pane", show=False, id="app.next_pane"),
        Binding("shift+tab", "app.focus_previous", "Prev pane", show=False, id="app.prev_pane"),
        *(
            Binding(str(number), f"toggle_entity('{name}')", f"Toggle {meaning}", show=False,
                    id=f"app.toggle_{name}")
            for number, (name, meaning) in enumerate(LEGEND, start=1)
        ),
    ]

    def __init__(
        self,
        corpus: Corpus,
        settings: Settings | None = None,
        store: AnnotationStore | None = None,
        recognise: bool = True,
        db: Path | None = None,
        freeze_loaded: bool = False,
    ) -> None:
        super().__init__()
        self.corpus = corpus
        self.recognise = recognise
        # Freeze the workspace out of the garbage collector once loaded (tui/heap.py):
        # the command does, tests that start many readers in one process do not.
        self.freeze_loaded = freeze_loaded
        # The store is opened in a worker, so the text shows first; a database that
        # cannot be opened ends the reader with ``fatal_error`` for the command line.
        self.store = store
        self.db = db
        self.book: AnnotationBook | None = None
        self.fatal_error: str | None = None
        self.closing = False
        self.labels = load_labels(corpus.root, is_colour)  # LabelsError: one line, exit 2
        # article id -> annotation id -> annotation: a change touches one entry
        self._annotations: dict[str, dict[str, Annotation]] = {}
        self.entities: EntityIndex | None = None
        self.related: RelatedIndex | None = None
        self.links: list[Link] = []
        self._followed: tuple[str, int] = ("", -1)  # the claim L last followed, which link
        self.settings_message: str | None = None
        if settings is None:
            settings, self.settings_message = load_settings()
        self.settings = settings
        self.hidden_entities = set(settings.hidden_entities)

    def notify(
        self, message: str, *, title: str = "", severity: SeverityLevel = "information",
        timeout: float | None = None, markup: bool = True,
    ) -> None:
        """Every toast as plain text: messages quote titles, file names, labels and
        errors we did not write, so none is ever parsed as markup (``markup`` is
        ignored) and their control characters are shown, not sent."""
        super().notify(visible(message), title=visible(title), severity=severity,
                       timeout=timeout, markup=False)

    # -- layout ----------------------------------------------------------------------

    def _initial_places(self) -> list[PanePlace]:
        known = {article.id for article in self.corpus.articles}
        places = [p for p in load_places(self.corpus.root) if p.article in known]
        if not places:
            ids = [article.id for article in self.corpus.articles[:2]]
            places = [PanePlace(article_id) for article_id in ids]
        return places[:MAX_PANES]

    def _index_of(self, article_id: str) -> int:
        return next(i for i, a in enumerate(self.corpus.articles) if a.id == article_id)

    def get_default_screen(self) -> ReadingScreen:
        return ReadingScreen(id="_default")

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="main"), Horizontal(id="panes"):
            for pane_id, place in zip(PANE_IDS, self._initial_places(), strict=False):
                yield ArticlePane(self.corpus.articles, self._index_of(place.article),
                                  cursor=place.cursor, id=pane_id)
        with Vertical(id="status"):
            yield Inspector(id="inspector")
            yield Legend(id="legend")
        yield KeyFooter()

    def on_mount(self) -> None:
        where = "bundled corpus" if self.corpus.is_bundled else str(self.corpus.root)
        self.sub_title = visible(f"{len(self.corpus.articles)} articles · {where}")
        if self.settings.keys:
            self.set_keymap(self.settings.keys)
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        self.query_one(Legend).hidden = frozenset(self.hidden_entities)
        for pane in self.panes:
            pane.view.set_hidden_classes(self.hidden_entities)
        self.panes[0].focus()
        # After the first frame: the worker's imports would otherwise compete with it.
        self.call_after_refresh(self.load_workspace)
        self.call_after_refresh(self._report_settings)

    def _report_settings(self) -> None:
        """One warning line for what the config file asks and the reader cannot do."""
        from syria_reader.tui.config import config_path, unknown_binding_ids

        problems = [self.settings_message] if self.settings_message else []
        if self.settings.theme not in self.available_themes:
            problems.append(f"{config_path()}: 'theme' {self.settings.theme!r} is not a theme "
                            "(T lists them)")
        unknown = unknown_binding_ids(self.settings, self._binding_ids())
        if unknown:
            problems.append(f"{config_path()}: keys.{unknown[0]!r} is no key of the reader "
                            "(the ids are in the README)")
        if problems:
            if self.settings_message is None:  # never save over a file with a problem
                self.settings_message = problems[-1]
            self.notify("; ".join(problems), severity="warning", timeout=8)

    def _binding_ids(self) -> set[str]:
        from syria_reader.tui.screens import (
            claims_screen,
            export_screen,
            note_screen,
            search_screen,
            suggestions_screen,
        )

        owners = (self, ArticleView, ArticlePane, ArticleList, HelpScreen,
                  claims_screen.ClaimsScreen, export_screen.ExportScreen,
                  note_screen.NoteScreen, search_screen.SearchScreen,
                  suggestions_screen.SuggestionsScreen)
        return {binding.id for owner in owners for binding in owner.BINDINGS
                if isinstance(binding, Binding) and binding.id}

    # -- annotations and entities, loaded off the UI thread ------------------------------

    @work(thread=True, exclusive=True, group="workspace")
    def load_workspace(self) -> None:
        """The claims first (re-anchored), then the entities (cached or recognised)."""
        from syria_reader.annotations.book import AnnotationBook
        from syria_reader.annotations.store import AnnotationStore

        try:
            if self.store is None:
                self.store = AnnotationStore.for_corpus(self.corpus.root, self.db)
            book = AnnotationBook(self.store)
        except StoreError as error:
            self.call_from_thread(self._cannot_open_store, str(error))
            return
        from syria_reader.annotations.links import all_links

        try:
            anchorings = book.reanchor_all(self.corpus)
            links = all_links(book)
        except StoreCorruptError as error:  # a record no version of ours wrote
            self.call_from_thread(self._cannot_open_store, str(error))
            return
        except StoreError as error:
            self.call_from_thread(self.notify, str(error), severity="error", timeout=10)
            anchorings, links = [], []
        self.book = book
        self.call_from_thread(self._annotations_loaded, [a.annotation for a in anchorings],
                              links)
        entities = self._load_entities() if self.recognise else None
        self._build_related(entities, [a.annotation for a in anchorings])
        if self.freeze_loaded:
            from syria_reader.tui.heap import freeze_loaded

            freeze_loaded()

    def _build_related(self, entities: EntityIndex | None, claims: list[Annotation]) -> None:
        """The related-passages index (cached per corpus), for ``l``."""
        from syria_reader.annotations.related import RelatedIndex

        try:
            index = RelatedIndex.build(self.corpus, entities, claims)
        except (OSError, ValueError) as error:
            self.call_from_thread(self.notify, f"Related passages unavailable: {error}",
                                  severity="error")
            return
        self.related = index

    @property
    def annotations(self) -> list[Annotation]:
        return [a for mine in self._annotations.values() for a in mine.values()]

    def _annotations_loaded(self, annotations: list[Annotation], links: list[Link]) -> None:
        self.links = links
        self._annotations = {}
        for annotation in annotations:
            self._annotations.setdefault(annotation.article_id, {})[annotation.id] = annotation
        for pane in self.panes:
            self._show_claims(pane)
        if isinstance(self.focused, ArticleView):
            self._inspect(self.focused)  # the claim under the cursor, now known
        orphaned = sum(1 for a in annotations if a.orphaned)
        if orphaned:
            self.notify(f"{orphaned} claims could not be found in the changed text; they are "
                        "kept and listed as orphaned (C)", severity="warning", timeout=8)

    def _show_claims(self, pane: ArticlePane) -> None:
        mine = list(self._annotations.get(pane.article.id, {}).values())
        linked = frozenset(ref for link in self.links for ref in (link.source, link.target))
        pane.view.set_claims(mine, {label.name: label.colour for label in self.labels}, linked)

    def _follow_last_change(self) -> None:
        """Show what the book's last change did, without reading the store again."""
        changes = self.book.last_changes if self.book else []
        touched: set[str] = set()
        for change in changes:
            if change["table"] != ANNOTATIONS:
                continue
            record = change["after"] or change["before"]
            mine = self._annotations.setdefault(record["article_id"], {})
            if change["after"] is None:
                mine.pop(record["id"], None)
                if self.related is not None:
                    self.related.remove_claim(record["id"])
            else:
                annotation = Annotation.from_record(change["after"])
                mine[annotation.id] = annotation
                if self.related is not None:
                    self.related.add_claim(annotation)
            touched.add(record["article_id"])
        if any(change["table"] != ANNOTATIONS for change in changes):
            self._reload_links()  # links are few: read them all again
            return
        for pane in self.panes:
            if pane.article.id in touched:
                self._show_claims(pane)

    def _reload_annotations(self) -> None:
        if self.book is not None:
            self._annotations_loaded(self.book.annotations(), self.links)
            self._reload_links()

    def _reload_links(self) -> None:
        from syria_reader.annotations.links import all_links

        if self.book is not None:
            self.links = all_links(self.book)
        for pane in self.panes:
            self._show_claims(pane)

    def _cannot_open_store(self, message: str) -> None:
        self.fatal_error = message
        self.exit(return_code=2)

    def _load_entities(self) -> EntityIndex | None:
        from syria_reader.annotations.entity_index import build_entity_index
        from syria_reader.corpus.ner import NerError, RecognitionCancelled

        worker_cancelled = self._entities_cancelled
        try:
            index = build_entity_index(
                self.corpus, self.store,
                on_progress=lambda done, total: self.call_from_thread(
                    self._entity_progress, done, total),
                cancelled=worker_cancelled,
            )
        except RecognitionCancelled:
            return None
        except StoreCorruptError as error:  # a correction record no version of ours wrote
            self.call_from_thread(self._cannot_open_store, str(error))
            return None
        except (NerError, StoreError, OSError) as error:
            self.call_from_thread(self._entity_failure, str(error))
            return None
        self.call_from_thread(self._entities_ready, index)
        return index

    def _entities_cancelled(self) -> bool:
        return not self.is_running

    def _entity_progress(self, done: int, total: int) -> None:
        self.query_one(Legend).status = f"recognising entities {done}/{total}…"

    def _entity_failure(self, message: str) -> None:
        self.query_one(Legend).status = "no entities"
        self.notify(f"Entities unavailable: {message}", severity="error", timeout=10)

    def _entities_ready(self, index: EntityIndex) -> None:
        self.entities = index
        self.query_one(Legend).status = f"{len(index.clusters)} entities"
        for pane in self.panes:
            pane.view.set_mentions(index.mentions(pane.article.id))
        if isinstance(self.focused, ArticleView):
            self._inspect(self.focused)

    @property
    def panes(self) -> list[ArticlePane]:
        return list(self.query(ArticlePane))

    def focused_pane(self) -> ArticlePane:
        panes = self.panes
        return next((pane for pane in panes if pane.view.has_focus), panes[0])

    # -- actions ---------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        # Only the panes' container changes class: restyling the whole screen (as a
        # breakpoint class on the screen would) costs the first frame dearly.
        narrow = event.size.width < self.STACK_BELOW_COLUMNS
        self.query_one("#panes").set_class(narrow, "-stacked")

    def _article_list(self) -> ArticleList:
        """The list, composed the first time it is asked for: it is not needed to read."""
        found = self.query(ArticleList)
        if found:
            return found.first()
        article_list = ArticleList(self.corpus.articles, id="article-list")
        article_list.display = False
        self.query_one("#main").mount(article_list, before=0)
        return article_list

    def action_toggle_list(self) -> None:
        article_list = self._article_list()
        article_list.display = not article_list.display
        if article_list.display:
            self.call_after_refresh(article_list.focus)
        else:
            self.focused_pane().focus()

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self._key_rows()))

    def _key_rows(self) -> list[tuple[str, str, str]]:
        """Every binding with a description, grouped by the widget that owns it."""
        sections = (
            ("Reading", ArticleView.BINDINGS),
            ("Articles and panes", ArticlePane.BINDINGS),
            ("Everywhere", self.BINDINGS),
        )
        keymap = self.settings.keys  # the user's remapped keys, as the bindings now answer
        rows = []
        for section, bindings in sections:
            for binding in bindings:
                if isinstance(binding, Binding) and binding.description:
                    keys = keymap.get(binding.id, "") if binding.id else ""
                    shown = keys_text(Binding(keys, "")) if keys else keys_text(binding)
                    rows.append((section, shown, binding.tooltip or binding.description))
        return rows

    def action_search(self) -> None:
        from syria_reader.tui.screens.search_screen import SearchScreen, SearchTarget

        pane = self.focused_pane()

        def jump(target: SearchTarget | None) -> None:
            if target is not None:
                pane.show_article(target.article_id, target.offset)
                pane.focus()

        self.push_screen(SearchScreen(self.corpus.articles, pane.article), jump)

    def action_open_pane(self) -> None:
        container = self.query_one("#panes")
        if not container.is_attached:
            return  # the reader is closing (q typed just before)
        if not container.is_mounted:  # typed ahead, before the first frame
            self.call_after_refresh(self.action_open_pane)
            return
        panes = self.panes
        if len(panes) >= MAX_PANES:
            self.notify(f"At most {MAX_PANES} panes", timeout=2)
            return
        used = {pane.id for pane in panes}
        pane_id = next(p for p in PANE_IDS if p not in used)
        index = (panes[-1].article_index + 1) % len(self.corpus.articles)
        pane = ArticlePane(self.corpus.articles, index, id=pane_id)
        container.mount(pane)

        def ready() -> None:
            pane.view.set_hidden_classes(self.hidden_entities)
            pane.focus()

        self.call_after_refresh(ready)

    def action_close_pane(self) -> None:
        panes = self.panes
        if len(panes) == 1:
            self.notify("The last pane stays open", timeout=2)
            return
        pane = self.focused_pane()
        pane.remove()
        next(p for p in panes if p is not pane).focus()

    def action_toggle_entity(self, name: str) -> None:
        self.hidden_entities ^= {name}
        for pane in self.panes:
            pane.view.set_hidden_classes(self.hidden_entities)
        self.query_one(Legend).hidden = frozenset(self.hidden_entities)
        self.settings.hidden_entities = sorted(self.hidden_entities)
        self._save_settings()

    def watch_theme(self, theme: str) -> None:
        if theme != self.settings.theme:
            self.settings.theme = theme
            self._save_settings()

    def _save_settings(self) -> None:
        if self.settings_message:
            return  # the file could not be read: never overwrite what the user wrote
        try:
            save_settings(self.settings)
        except OSError as error:
            self.notify(f"Settings not saved: {error}", severity="error")

    async def action_quit(self) -> None:
        if self.closing:
            return
        places = [PanePlace(pane.article.id, pane.view.cursor) for pane in self.panes]
        try:
            save_places(self.corpus.root, places)
        except OSError as error:
            self.notify(f"Could not save your place: {error}", severity="error")
        self.exit()

    def exit(self, *args: object, **kwargs: object) -> None:
        self.closing = True  # keys typed after q find a reader taking itself apart
        super().exit(*args, **kwargs)  # type: ignore[arg-type]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not self.closing

    # -- messages --------------------------------------------------------------------

    def on_article_view_same_entity_requested(
        self, message: ArticleView.SameEntityRequested
    ) -> None:
        cluster = self.entities.cluster_of(message.mention) if self.entities else None
        if cluster is None:
            self.notify("Entities are still being recognised", timeout=3)
            return
        panes = self.panes
        source = next((p for p in panes if p.view is message.view), None)
        if source is None:
            return  # its pane was closed since the key
        if len(panes) == 1:
            self.action_open_pane()
            self.call_after_refresh(self.on_article_view_same_entity_requested, message)
            return
        elsewhere = cluster.articles - {source.article.id}
        if not elsewhere:
            self.notify(f"{cluster.name} is named in this article only", timeout=3)
            return
        target = panes[(panes.index(source) + 1) % len(panes)]
        article_id = target.article.id
        after = target.view.cursor
        if article_id not in elsewhere:
            article_id, after = sorted(elsewhere)[0], -1
        mention = self.entities.next_mention(cluster, article_id, after)  # type: ignore[union-attr]
        if mention is None:
            return
        if article_id != target.article.id:
            target.show_article(article_id, mention.start)
        else:
            target.view.cursor = mention.start
        self.notify(f"{cluster.name}: {len(cluster.mentions)} mentions in "
                    f"{len(cluster.articles)} articles", timeout=3)

    def _book_ready(self) -> AnnotationBook | None:
        if self.book is None:
            self.notify("The annotation database is still opening", timeout=2)
        return self.book

    def on_article_view_annotate_requested(self, message: ArticleView.AnnotateRequested) -> None:
        from syria_reader.tui.screens.note_screen import NoteScreen

        book = self._book_ready()
        if book is None or not message.view.is_attached:  # its pane closed since the key
            return
        article = message.article
        start, end = message.span
        existing = message.existing
        quote = article.text[start:end]
        if message.action == "delete" and existing is not None:
            self._write(lambda: book.delete(existing.id),
                        f"Deleted the {existing.kind} (u undoes)")
        elif message.action == "claim":
            if message.view.article is article:  # else the pane moved on: no menu there
                message.view.open_label_menu(self.labels, quote, message.span, existing)
        elif message.action == "related":
            self._show_related(book, message.view, article, start, end, existing)
        elif message.action == "follow_link" and existing is not None:
            self._follow_link(book, message.view, existing)
        elif message.action == "note":

            def noted(note: str | None) -> None:
                if note is None:
                    return
                if existing is not None:
                    changed = existing.edited(note=note)
                    self._write(lambda: book.update(changed), "Note saved")
                elif note:
                    passage = new_annotation(article, start, end, kind="note", note=note)
                    self._write(lambda: book.add(passage), "Note saved")

            self.push_screen(NoteScreen(quote, existing.note if existing else ""), noted)

    def on_article_view_label_picked(self, message: ArticleView.LabelPicked) -> None:
        label, existing = message.label, message.existing
        book = self._book_ready()
        if label is None or book is None:
            return
        if existing is not None:
            changed = existing.edited(label=label, kind="claim")
            self._write(lambda: book.update(changed), f"Relabelled as {label}")
        else:
            claim = new_annotation(message.article, *message.span, label=label)
            self._write(lambda: book.add(claim), f"Tagged as {label}")

    def _show_related(
        self, book: AnnotationBook, view: ArticleView, article: Article, start: int, end: int,
        existing: Annotation | None,
    ) -> None:
        from syria_reader.annotations.links import accept, reject, rejected_refs
        from syria_reader.tui.screens.suggestions_screen import SuggestionsScreen

        if self.related is None:
            self.notify("The related-passages index is still being built", timeout=3)
            return
        article_id = article.id
        source = existing.id if existing else passage_ref(article_id, start, end)
        rejected = rejected_refs(book, existing or source)
        results = self.related.query_span(article_id, start, end, exclude_article=article_id,
                                          limit=8, exclude_refs=rejected)

        def decide(result: RelatedResult, relation: str | None) -> bool:
            target = result.claim_id or result.ref
            try:
                if relation is None:
                    reject(book, source, target, result.score)
                else:
                    accept(book, self.corpus, source, target, relation, result.score)
            except (StoreError, ValueError, LookupError) as error:
                self.notify(str(error), title="Not saved", severity="error", timeout=10)
                return False
            self._annotations_loaded(book.annotations(), self.links)
            self._reload_links()
            if self.related is not None:  # the passages linked may have become claims
                self.related.set_claims(self.annotations)
            self.notify(f"Linked: {relation}" if relation else "Rejected: never suggested again",
                        timeout=2)
            return True

        titles = {article.id: article.title for article in self.corpus.articles}
        quote = self.corpus.get(article_id).text[start:end]
        self.push_screen(SuggestionsScreen(quote, results, titles, decide),
                         lambda _: self._inspect(view))

    def _follow_link(self, book: AnnotationBook, view: ArticleView, claim: Annotation) -> None:
        """Show the claim's next linked passage in the other pane (L again: the next)."""
        from syria_reader.annotations.links import links_of, parse_passage

        links = links_of(book, claim)
        if not links:
            return
        last_claim, last_index = self._followed
        index = (last_index + 1) % len(links) if last_claim == claim.id else 0
        self._followed = (claim.id, index)
        link = links[index]
        ends = {claim.id, passage_ref(claim.article_id, claim.start, claim.end)}
        other = link.target if link.source in ends else link.source
        passage = parse_passage(other)
        if passage is not None:
            place = (passage.article_id, passage.start)
        else:
            try:
                found = book.annotation(other)
            except LookupError:
                self.notify("The linked claim was deleted", timeout=3)
                return
            place = (found.article_id, found.start)
        panes = self.panes
        if len(panes) == 1:
            self.action_open_pane()
            panes = self.panes
        source = next((p for p in panes if p.view is view), panes[0])
        target = next((p for p in panes if p is not source), panes[0])
        target.show_article(*place)
        self.notify(f"{link.relation}: link {index + 1} of {len(links)}", timeout=3)

    def _write(self, change: Callable[[], object], done: str) -> bool:
        """Run a change on the store; a failed write is shown, and nothing is lost."""
        try:
            change()
        except StoreError as error:
            self.notify(str(error), title="Not saved", severity="error", timeout=10)
            return False
        except LookupError as error:  # another window deleted it meanwhile
            self.notify(f"{error}: it was changed elsewhere; reloading", severity="warning")
            self._reload_annotations()
            return False
        self._follow_last_change()
        self.notify(done, timeout=2)
        return True

    def action_undo(self) -> None:
        if book := self._book_ready():
            self._step(book.undo, "Undone", "Nothing to undo")

    def action_redo(self) -> None:
        if book := self._book_ready():
            self._step(book.redo, "Redone", "Nothing to redo")

    def _step(self, step: Callable[[], dict | None], done: str, nothing: str) -> None:
        try:
            entry = step()
        except (StoreError, LookupError) as error:
            self.notify(str(error), title="Not saved", severity="error", timeout=10)
            return
        if entry is None:
            self.notify(nothing, timeout=2)
            return
        self._follow_last_change()
        assert self.book is not None
        last = self.book.last_changes[-1] if self.book.last_changes else {}
        record = last.get("after") or last.get("before") or {}
        what = record.get("label") or record.get("kind") or record.get("relation") or "change"
        self.notify(f"{done}: {what} “{str(record.get('quote', ''))[:40]}”", timeout=3)

    def action_export(self) -> None:
        from syria_reader.tui.screens.export_screen import ExportScreen

        if self._book_ready() is None:
            return
        self.push_screen(ExportScreen(self._run_export, Path.cwd()))

    def _run_export(
        self, format: str, path: str, on_progress: Callable[[int, int], None]
    ) -> Path:
        """Called in the export dialog's worker thread."""
        from syria_reader.annotations.formats.export import export

        assert self.store is not None
        return export(format, self.store, self.corpus, path or None, entities=self.entities,
                      on_progress=on_progress)

    def action_claims(self) -> None:
        from syria_reader.tui.screens.claims_screen import ClaimsScreen

        claims = sorted(self.annotations, key=lambda a: (a.article_id, a.start))
        titles = {article.id: article.title for article in self.corpus.articles}

        def jump(claim: Annotation | None) -> None:
            if claim is not None and not claim.orphaned:
                pane = self.focused_pane()
                pane.show_article(claim.article_id, claim.start)
                pane.focus()

        self.push_screen(ClaimsScreen(claims, titles), jump)

    def on_article_pane_shown(self, message: ArticlePane.Shown) -> None:
        self._show_claims(message.pane)
        if self.entities is not None:
            message.pane.view.set_mentions(self.entities.mentions(message.pane.article.id))

    def on_article_chosen(self, message: ArticleChosen) -> None:
        pane = self.focused_pane()
        pane.show_article(message.article_id)
        self._article_list().display = False
        pane.focus()

    def on_article_view_cursor_moved(self, message: ArticleView.CursorMoved) -> None:
        if message.view.has_focus or not self.focused_pane().view.has_focus:
            self._inspect(message.view)

    def on_descendant_focus(self) -> None:
        view = self.focused
        if isinstance(view, ArticleView):
            self._inspect(view)

    def _inspect(self, view: ArticleView) -> None:
        article = view.article
        spans = article.sentences if article.sentences_ready else []
        sentence = view.sentence_at(view.cursor, wait=False)
        position = f"sentence {bisect_left(spans, sentence) + 1}/{len(spans)}" if sentence else ""
        parts = [article.id, position]
        claim = view.claim_at(view.cursor)
        if claim is not None:
            ends = {claim.id, passage_ref(claim.article_id, claim.start, claim.end)}
            links = [link for link in self.links if link.source in ends or link.target in ends]
            linked = f", {len(links)} link{'s' if len(links) != 1 else ''}" if links else ""
            relations = ", ".join(sorted({link.relation for link in links}))
            parts.append(f"{claim.kind} {claim.label}{linked}"
                         + (f" ({relations}; L follows)" if links else ""))
        mention = view.mention_at(view.cursor)
        cluster = self.entities.cluster_of(mention) if self.entities and mention else None
        if cluster is not None:
            parts.append(f"{cluster.type} {cluster.name}: {len(cluster.mentions)} mentions in "
                         f"{len(cluster.articles)} of {len(self.corpus.articles)} articles")
        elif mention is not None:
            parts.append(f"{mention.type} “{mention.text}”")
        # One line, always: no layout pass (it would repaint the whole screen per key).
        self.query_one(Inspector).update(plain(" · ".join(part for part in parts if part)),
                                         layout=False)
