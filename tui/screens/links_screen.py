"""``o``: the links of the claim under the cursor, numbered as the status line numbers
them; a digit or enter shows that link's other end in the other pane."""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from syria_reader.tui.digit_keys import digit_choice
from syria_reader.tui.plain_content import plain
from syria_reader.tui.text_wrap import clip


class LinksScreen(ModalScreen[int | None]):
    """Picks one of ``links`` (each already written as the status line shows it: the
    relation, the other passage's article and first words); dismissed with its index."""

    BINDINGS = [Binding("escape,o", "dismiss(None)", "Close", id="links.close")]

    def __init__(self, quote: str, links: list[str]) -> None:
        super().__init__()
        self.quote = quote
        self.links = links

    def compose(self) -> ComposeResult:
        with Vertical(id="links-box"):
            count = len(self.links)
            links = f"{count} link{'s' if count != 1 else ''}"
            yield Label(plain(f"{links} of “{clip(self.quote, 60)}”"))
            numbers = "1" if count == 1 else f"1-{min(count, 9)}"
            yield Label(f"{numbers} or enter shows the other passage · escape closes",
                        classes="hint")
            # The rows quote articles: text, never markup.
            yield OptionList(*(Option(plain(f"{number}. {link}"))
                               for number, link in enumerate(self.links, start=1)),
                             id="links-list")

    def on_key(self, event: events.Key) -> None:
        index = digit_choice(event.character, len(self.links))
        if index is not None:
            event.stop()
            self.dismiss(index)

    @on(OptionList.OptionSelected, "#links-list")
    def show(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option_index)
