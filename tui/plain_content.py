"""Textual content from text our code did not write: never parsed as markup.

Every widget, toast and status line that shows an article's text, a title, a file name,
a note, a label or a config value builds its content here: ``plain`` for the text alone,
``markup`` for our own styling around it. Values are inserted as text (Textual's template
variables are not parsed), with their control characters made visible, so no data can
carry an action, a link, a style or a terminal sequence.
"""

from __future__ import annotations

from textual.content import Content

from syria_reader.tui.untrusted import visible


def plain(text: str, style: str = "") -> Content:
    """``text`` as it is, optionally in one ``style`` of ours."""
    content = Content(visible(text))
    return content.stylize(style) if style else content


def markup(template: str, **values: object) -> Content:
    """Our markup ``template`` with ``$name`` replaced by each value, as plain text.

    ``markup("[b]$label[/b] $title", label=..., title=...)``: the template is ours and
    parsed; the values are never parsed, whatever brackets they hold.
    """
    return Content.from_markup(template, **{name: visible(str(value))
                                            for name, value in values.items()})
