"""Claim labels: the default set, or a corpus's own from ``labels.toml`` in its folder.

```toml
[[label]]
name = "figure"
colour = "#d08c00"
```
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

LABELS_FILE = "labels.toml"
MAX_LABELS = 9  # one digit key each


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


def load_labels(corpus_root: Path) -> tuple[Label, ...]:
    path = corpus_root / LABELS_FILE
    if not path.is_file():
        return DEFAULT_LABELS
    try:
        entries = tomllib.loads(path.read_text(encoding="utf-8")).get("label", [])
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise LabelsError(f"{path}: {error}") from error
    labels = []
    for index, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not str(entry.get("name", "")).strip():
            raise LabelsError(f"{path}: label {index} has no name")
        labels.append(Label(str(entry["name"]).strip(), str(entry.get("colour", "#888888"))))
    if not labels:
        raise LabelsError(f"{path}: no [[label]] entries")
    if len(labels) > MAX_LABELS:
        raise LabelsError(f"{path}: {len(labels)} labels; at most {MAX_LABELS} (one digit each)")
    return tuple(labels)
