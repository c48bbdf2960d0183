"""Claim labels: the default set, or a corpus's own from ``labels.toml`` in its folder.

```toml
[[label]]
name = "figure"
colour = "#d08c00"
```

The file comes from whoever made the corpus: every field is checked, and a problem is
one ``LabelsError`` line naming the file, the label and the field.
"""

from __future__ import annotations

import tomllib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

LABELS_FILE = "labels.toml"
MAX_LABELS = 9  # one digit key each
MAX_NAME = 40  # characters: a label is a word or two in a menu and a table column
DEFAULT_COLOUR = "#888888"
FIELDS = ("name", "colour")


class LabelsError(ValueError):
    """The labels file is unusable; the message names the file and the problem."""


@dataclass(frozen=True)
class Label:
    name: str
    colour: str


DEFAULT_LABELS = (
    Label("figure", "#d08c00"),
    Label("event", "#3a86ff"),
    Label("policy", "#2a9d8f"),
    Label("statement", "#8338ec"),
    Label("prediction", "#e76f51"),
    Label("opinion", "#ff006e"),
)


def _type_name(value: object) -> str:
    return {str: "a string", int: "a number", float: "a number", bool: "true or false",
            list: "a list", dict: "a table"}.get(type(value), type(value).__name__)


def _has_control(text: str) -> bool:
    return any(unicodedata.category(character) in ("Cc", "Cs") for character in text)


def name_problem(name: str) -> str | None:
    """What is wrong with a label's name (stripped), or None: one rule for labels.toml
    and for the labels an imported file brings (annotations/formats/importing.py)."""
    if not name:
        return "is empty"
    if _has_control(name):
        return f"{name!r} holds a control character"
    if len(name) > MAX_NAME:
        return f"is {len(name)} characters long; at most {MAX_NAME}"
    return None


def load_labels(
    corpus_root: Path, is_colour: Callable[[str], bool] | None = None
) -> tuple[Label, ...]:
    """The corpus's labels, or the defaults when it has no ``labels.toml``.

    ``is_colour`` checks each colour when given: the reader passes Textual's colour
    parser (the command line, which draws no colour, loads no Textual for it).
    """
    path = corpus_root / LABELS_FILE
    if not path.is_file():
        return DEFAULT_LABELS
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise LabelsError(f"{path}: {error}") from error
    unknown = sorted(set(data) - {"label"})
    if unknown:
        raise LabelsError(f"{path}: unknown key {unknown[0]!r} (the file holds [[label]] "
                          "tables with a name and a colour)")
    entries = data.get("label")
    if entries is None:
        raise LabelsError(f"{path}: no [[label]] entries")
    if not isinstance(entries, list):
        raise LabelsError(f"{path}: 'label' should be [[label]] tables, not {_type_name(entries)}")
    labels: list[Label] = []
    for index, entry in enumerate(entries, start=1):
        label = _label(entry, f"{path}: label {index}", is_colour)
        for other, earlier in enumerate(labels, start=1):
            if earlier.name.casefold() == label.name.casefold():
                raise LabelsError(f"{path}: label {index}: the name {label.name!r} is "
                                  f"already label {other}'s")
        labels.append(label)
    if not labels:
        raise LabelsError(f"{path}: no [[label]] entries")
    if len(labels) > MAX_LABELS:
        raise LabelsError(f"{path}: {len(labels)} labels; at most {MAX_LABELS} (one digit each)")
    return tuple(labels)


def _label(entry: object, where: str, is_colour: Callable[[str], bool] | None) -> Label:
    if not isinstance(entry, dict):
        raise LabelsError(f"{where}: should be a [[label]] table, not {_type_name(entry)}")
    unknown = sorted(set(entry) - set(FIELDS))
    if unknown:
        raise LabelsError(f"{where}: unknown field {unknown[0]!r} (a label has "
                          f"{' and '.join(FIELDS)})")
    if "name" not in entry:
        raise LabelsError(f"{where} has no name")
    name = entry["name"]
    if not isinstance(name, str):
        raise LabelsError(f"{where}: 'name' should be a string, not {_type_name(name)}")
    name = name.strip()
    if not name:
        raise LabelsError(f"{where} has no name ('name' is empty)")
    problem = name_problem(name)
    if problem is not None:
        raise LabelsError(f"{where}: 'name' {problem}")
    colour = entry.get("colour", DEFAULT_COLOUR)
    if not isinstance(colour, str):
        raise LabelsError(f"{where} ({name!r}): 'colour' should be a string, "
                          f"not {_type_name(colour)}")
    if is_colour is not None and not is_colour(colour):
        raise LabelsError(f"{where} ({name!r}): 'colour' {colour!r} is not a colour "
                          "(#rrggbb, a CSS name such as 'orange', rgb(…) or hsl(…))")
    return Label(name, colour)
