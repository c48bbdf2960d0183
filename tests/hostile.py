"""A corpus written by someone hostile: markup that would run actions, terminal escape
sequences and control characters in every place text comes from (file name, front
matter, text, labels, notes, manifest-less metadata)."""

from __future__ import annotations

from pathlib import Path

from syria_reader.tui.untrusted import STAND_INS

# Markup that, parsed, would run an action, link a file, or crash on a stray close tag.
CLICK = "[@click=app.quit]Read the full report[/]"
SCREENSHOT = "[@click=app.screenshot('notes.txt','{folder}')]Save[/]"
LINK = "[link=file:///etc/passwd]the source[/link]"
CLOSE = "[/]"
# Terminal sequences: set the clipboard, set the window title, clear the screen.
CLIPBOARD = "\x1b]52;c;aGlqYWNrZWQ=\x07"
WINDOW_TITLE = "\x1b]0;pwned\x07"
CLEAR = "\x1b[2J"
C1_CSI = "\x9b31m"
BACKSPACES = "\x08\x08\x08"

FILE_STEM = f"[@click=app.quit]report {WINDOW_TITLE}"  # no "/": a path separator
TITLE = f"{CLICK} {CLIPBOARD}title"
SOURCE = f"Wire {CLOSE} {CLEAR}"
FIRST_SENTENCE = f"Officials said {LINK} was leaked {WINDOW_TITLE}today."
SECOND_SENTENCE = f"About 2,000 troops {CLOSE} remain in Syria {BACKSPACES}{C1_CSI}now."
LABEL = "[@click=app.quit]troops[/]"
NOTE = f"{CLICK} {LINK} {CLIPBOARD}\x7fend"


def make_corpus(folder: Path) -> Path:
    """The hostile corpus in ``folder`` (two articles and a labels file)."""
    folder.mkdir(parents=True, exist_ok=True)
    screenshot = SCREENSHOT.format(folder=folder)
    (folder / f"{FILE_STEM}.md").write_text(
        f"---\ntitle: {TITLE} {screenshot}\nsource: {SOURCE}\ndate: 2018-12-19\n---\n"
        f"{FIRST_SENTENCE} {SECOND_SENTENCE}\n\nThe SDF holds Deir Ezzor {CLEAR}and "
        "Raqqa.\n",
        encoding="utf-8",
    )
    (folder / "plain.txt").write_text(
        "US troops in Syria\n\nAbout 2,000 US troops remain in Syria, officials said. "
        "The SDF holds Deir Ezzor.\n",
        encoding="utf-8",
    )
    (folder / "labels.toml").write_text(
        f'[[label]]\nname = "{LABEL}"\ncolour = "orange"\n\n'
        '[[label]]\nname = "[/]"\ncolour = "#3a86ff"\n',
        encoding="utf-8",
    )
    return folder


def controls_in(text: str) -> list[str]:
    """The control characters in ``text`` that would reach a terminal (not \\n, \\t)."""
    return sorted({repr(character) for character in text if ord(character) in STAND_INS})
