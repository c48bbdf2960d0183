"""The reader's app: settings, theme, keymap, help and the screens.

The reading itself (panes, status lines, every reading key, the workspace) belongs to
``ReadingScreen``; the app keeps what outlives a screen.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App
from textual.binding import Binding
from textual.notifications import SeverityLevel

from syria_reader.annotations.labels import load_labels
from syria_reader.corpus import Corpus
from syria_reader.corpus.model_name import ModelChoice
from syria_reader.tui.colours import is_colour
from syria_reader.tui.commands import KeyCommands
from syria_reader.tui.config import Settings, config_path, load_settings, save_settings
from syria_reader.tui.screens.help_screen import HelpScreen, keys_text
from syria_reader.tui.screens.reading_screen import ReadingScreen
from syria_reader.tui.textual_overrides import CrashRecordingApp
from syria_reader.tui.untrusted import visible
from syria_reader.tui.widgets.article_list import ArticleList
from syria_reader.tui.widgets.article_pane import ArticlePane
from syria_reader.tui.widgets.article_view import ArticleView

if TYPE_CHECKING:
    from syria_reader.annotations.store.database import AnnotationStore
    from syria_reader.annotations.workspace import Workspace


class ReaderApp(CrashRecordingApp):
    """Articles side by side, everything on the keyboard."""

    TITLE = "syria-reader"
    CSS_PATH = "styles/app.tcss"
    COMMANDS = App.COMMANDS | {KeyCommands}
    BINDINGS = [
        Binding("question_mark", "help", "Help", id="app.help", tooltip="Show every key"),
        Binding("T", "change_theme", "Theme", show=False, id="app.theme",
                tooltip="Choose a colour theme"),
    ]

    def __init__(
        self,
        corpus: Corpus,
        settings: Settings | None = None,
        store: AnnotationStore | None = None,
        recognise: bool = True,
        db: Path | None = None,
        freeze_loaded: bool = False,
        model: ModelChoice | None = None,
    ) -> None:
        super().__init__()
        self.corpus = corpus
        self.labels = load_labels(corpus.root, is_colour)  # LabelsError: one line, exit 2
        self.settings_message: str | None = None
        if settings is None:
            settings, self.settings_message = load_settings()
        self.settings = settings
        if model is None and settings.model:
            model = ModelChoice(settings.model, f"'model' in {config_path()}")
        # A database that cannot be opened ends the reader with this, for the command.
        self.fatal_error: str | None = None
        self.closing = False
        self._reading = ReadingScreen(corpus, self.labels, frozenset(settings.hidden_entities),
                                      store=store, db=db, recognise=recognise,
                                      freeze_loaded=freeze_loaded, model=model)

    def get_default_screen(self) -> ReadingScreen:
        return self._reading

    @property
    def reading(self) -> ReadingScreen:
        return self._reading

    @property
    def panes(self) -> list[ArticlePane]:
        return self._reading.panes

    @property
    def workspace(self) -> Workspace | None:
        return self._reading.workspace

    def on_mount(self) -> None:
        where = "bundled corpus" if self.corpus.is_bundled else str(self.corpus.root)
        count = len(self.corpus.articles)
        self.sub_title = visible(f"{count} article{'s' if count != 1 else ''} · {where}")
        if self.settings.keys:
            self.set_keymap(self.settings.keys)
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        self.call_after_refresh(self._report_settings)

    def notify(
        self, message: str, *, title: str = "", severity: SeverityLevel = "information",
        timeout: float | None = None, markup: bool = True,
    ) -> None:
        """Every toast as plain text: messages quote titles, file names, labels and
        errors we did not write, so none is ever parsed as markup (``markup`` is
        ignored) and their control characters are shown, not sent."""
        super().notify(visible(message), title=visible(title), severity=severity,
                       timeout=timeout, markup=False)

    def stop_with_error(self, message: str) -> None:
        """End the reader, the database untouched; the command prints ``message``."""
        self.fatal_error = message
        self.exit(return_code=2)

    def exit(self, *args: object, **kwargs: object) -> None:
        self.closing = True  # keys typed after q find a reader taking itself apart
        super().exit(*args, **kwargs)  # type: ignore[arg-type]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not self.closing

    # -- settings ------------------------------------------------------------------------

    def _report_settings(self) -> None:
        """One warning line for what the config file asks and the reader cannot do."""
        from syria_reader.tui.config import unknown_binding_ids

        problems = [self.settings_message] if self.settings_message else []
        if self.settings.theme not in self.available_themes:
            problems.append(f"{config_path()}: 'theme' {self.settings.theme!r} is not a theme "
                            "(T lists them)")
        unknown = unknown_binding_ids(self.settings, self._binding_ids())
        if unknown:
            problems.append(f"{config_path()}: keys.{unknown[0]!r} is no key of the reader "
                            "(the ids are in the README)")
        if problems:
            self.notify("; ".join(problems), severity="warning", timeout=8)

    def _binding_ids(self) -> set[str]:
        from syria_reader.tui.screens import (
            article_meta_screen,
            claims_screen,
            compare_screen,
            export_screen,
            links_screen,
            note_screen,
            search_screen,
            suggestions_screen,
        )
        from syria_reader.tui.widgets.story_grid import StoryGrid

        owners = (self, ReadingScreen, ArticleView, ArticlePane, ArticleList, HelpScreen,
                  claims_screen.ClaimsScreen, export_screen.ExportScreen,
                  note_screen.NoteScreen, search_screen.SearchScreen, links_screen.LinksScreen,
                  suggestions_screen.SuggestionsScreen, compare_screen.CompareScreen,
                  StoryGrid, compare_screen.LabelPicker, compare_screen.EntityPicker,
                  article_meta_screen.ArticleMetaScreen)
        return {binding.id for owner in owners for binding in owner.BINDINGS
                if isinstance(binding, Binding) and binding.id}

    def remember_hidden_entities(self, hidden: frozenset[str]) -> None:
        self.settings.hidden_entities = sorted(hidden)
        self._save_settings()

    def watch_theme(self, theme: str) -> None:
        if theme != self.settings.theme:
            self.settings.theme = theme
            self._save_settings()

    def _save_settings(self) -> None:
        # save_settings edits the file in place, keeping what the reader does not know,
        # and refuses (SettingsNotSaved) a file whose values it could not read.
        try:
            save_settings(self.settings)
        except OSError as error:
            self.notify(f"Settings not saved: {error}", severity="error")

    # -- help ------------------------------------------------------------------------------

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self._key_rows()))

    def _key_rows(self) -> list[tuple[str, str, str]]:
        """Every binding with a description, grouped by the widget that owns it."""
        from syria_reader.tui.screens.compare_screen import CompareScreen
        from syria_reader.tui.widgets.story_grid import StoryGrid

        sections = (
            ("Reading", ArticleView.BINDINGS),
            ("Articles and panes", ArticlePane.BINDINGS),
            ("Everywhere", [*ReadingScreen.BINDINGS, *self.BINDINGS]),
            ("Compare (S)", [*CompareScreen.BINDINGS, *StoryGrid.BINDINGS]),
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
