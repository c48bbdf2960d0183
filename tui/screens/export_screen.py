"""``x``: export the annotation set: pick a format, check the path, watch it go."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, ProgressBar
from textual.widgets.option_list import Option

from syria_reader.annotations.formats import FORMATS, spec
from syria_reader.tui.digit_keys import digit_choice
from syria_reader.tui.plain_content import markup
from syria_reader.tui.textual_overrides import VisibleInput

# Runs the export: (format, path, on_progress) -> the path written. The app supplies
# it, so this screen knows nothing of the store.
ExportRunner = Callable[[str, str, Callable[[int, int], None]], Path]


class ExportScreen(ModalScreen[Path | None]):
    """A number key or enter picks the format; enter in the path field exports."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Close", id="export.close")]
    AUTO_FOCUS = "#export-formats"

    def __init__(self, run_export: ExportRunner, folder: Path) -> None:
        super().__init__()
        self.run_export = run_export
        self.folder = folder
        self.format = FORMATS[0]
        self._suggested = ""  # the path this dialog filled in, not the user

    # Built whole in compose, not finished in on_mount: keys typed fast (x, escape)
    # can close the dialog before its mount handler runs, when its widgets are gone.
    def compose(self) -> ComposeResult:
        with Vertical(id="export-box"):
            yield Label("Export the annotations — a number picks the format", id="export-title")
            width = max(map(len, FORMATS))  # names are ours: only descriptions are substituted
            formats = OptionList(
                *(Option(markup(f"[b]{n}[/b] {name:<{width}} [dim]$what[/dim]",
                                what=spec(name).description), id=name)
                  for n, name in enumerate(FORMATS, start=1)),
                id="export-formats",
            )
            formats.highlighted = 0
            yield formats
            yield Label("Path (enter exports):")
            yield VisibleInput(self._suggest(), id="export-path")
            progress = ProgressBar(id="export-progress", show_eta=False)
            progress.display = False
            yield progress
            yield Label("", id="export-status")

    def _suggest(self) -> str:
        from syria_reader.annotations.formats.export import default_name

        self._suggested = str(self.folder / default_name(self.format))
        return self._suggested

    def on_key(self, event: events.Key) -> None:
        index = digit_choice(event.character, len(FORMATS))
        if index is not None and not isinstance(self.focused, Input):
            event.stop()
            self._choose(FORMATS[index])

    @on(OptionList.OptionSelected, "#export-formats")
    def format_selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(str(event.option.id))

    def _choose(self, name: str) -> None:
        path_input = self.query_one("#export-path", Input)
        untouched = path_input.value == self._suggested
        self.format = name
        if untouched:  # follow the format's extension unless the user typed a path
            path_input.value = self._suggest()
        self.query_one("#export-formats", OptionList).highlighted = FORMATS.index(name)
        path_input.focus()

    @on(Input.Submitted, "#export-path")
    def start(self, event: Input.Submitted) -> None:
        bar = self.query_one("#export-progress", ProgressBar)
        bar.display = True
        bar.update(total=None, progress=0)
        self.query_one("#export-status", Label).update(f"Exporting {self.format}…")
        self.export(self.format, event.value)

    @work(thread=True, exclusive=True)
    def export(self, format: str, path: str) -> None:
        def progress(done: int, total: int) -> None:
            self.app.call_from_thread(self._progress, done, total)

        try:
            written = self.run_export(format, path, progress)
        except (ValueError, OSError) as error:
            self.app.call_from_thread(self._failed, str(error))
            return
        self.app.call_from_thread(self._done, written)

    def _progress(self, done: int, total: int) -> None:
        self.query_one("#export-progress", ProgressBar).update(total=max(total, 1),
                                                                progress=done)

    def _failed(self, message: str) -> None:
        self.query_one("#export-progress").display = False
        self.query_one("#export-status", Label).update(
            markup("[b red]Not exported:[/] $message", message=message))

    def _done(self, written: Path) -> None:
        self.query_one("#export-status", Label).update(
            markup("[b]Written:[/] $path — escape closes", path=str(written)))
        self.notify(f"Exported to {written}", timeout=5)
