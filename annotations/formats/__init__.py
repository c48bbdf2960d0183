"""Export and import formats: one spec per format, and the registry that holds them.

``annotations.formats.export.export`` writes any format of ``FORMATS``;
``annotations.formats.importing.import_file`` reads back those with a reader.

Importing this package is cheap (the command line builds its ``--format`` choices and
the reader its dialog from it); a format's module is loaded when it is first used.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from syria_reader.annotations.formats.common import ExportData, Progress
    from syria_reader.annotations.formats.validation import Incoming
    from syria_reader.corpus import Corpus

# An exporter writes ``path`` (a file, or a folder), which does not exist yet: ``export``
# hands it a temporary name and moves the result into place when complete.
Exporter = Callable[["ExportData", Path, "Progress"], None]


class Reader(Protocol):
    """A format's reader module: does a parsed document look like this format, and
    its checked records."""

    def recognises(self, document: Any) -> bool: ...

    def read(self, document: Any, corpus: Corpus) -> Incoming: ...


@dataclass(frozen=True)
class FormatSpec:
    """One format: what it is called and says, what it writes, what it needs."""

    name: str
    description: str
    extension: str  # of the default file name; a folder format has none
    writer: str  # the module (in this package) whose ``write`` is the exporter
    folder: bool = False  # writes a folder of files, not one file
    needs_entities: bool = False  # carries the entity mentions (recognition runs first)
    reader: str | None = None  # the module that reads it back, if any

    def exporter(self) -> Exporter:
        write: Exporter = importlib.import_module(f"{__name__}.{self.writer}").write
        return write

    def wrote(self, path: Path) -> bool:
        """Whether the file ``path`` is one an earlier export in this format wrote (so
        it may be replaced); a folder format keeps a manifest instead."""
        if self.folder:
            return False
        return bool(importlib.import_module(f"{__name__}.{self.writer}").wrote(path))

    def reading(self) -> Reader | None:
        if self.reader is None:
            return None
        module: Reader = importlib.import_module(f"{__name__}.{self.reader}")  # type: ignore[assignment]
        return module


SPECS: tuple[FormatSpec, ...] = (
    FormatSpec("json", "native JSON: everything, lossless; import reads it back", ".json",
               "native", reader="native"),
    FormatSpec("jsonl", "JSON Lines: one annotation a line, with its article title and links",
               ".jsonl", "jsonl"),
    FormatSpec("csv", "CSV for spreadsheets: one claim a row", ".csv", "csv_format"),
    FormatSpec("w3c", "W3C Web Annotation JSON-LD; import reads it back", ".jsonld", "w3c",
               reader="w3c_read"),
    FormatSpec("brat", "brat standoff: a folder with .txt and .ann per article", "", "brat",
               folder=True, needs_entities=True),
    FormatSpec("prodigy", "Prodigy span JSONL (doccano reads it too): an article a line",
               ".prodigy.jsonl", "prodigy"),
    FormatSpec("labelstudio", "Label Studio JSON tasks: an article a task", ".labelstudio.json",
               "labelstudio"),
)
FORMATS: tuple[str, ...] = tuple(spec.name for spec in SPECS)
_BY_NAME = {spec.name: spec for spec in SPECS}


class UnknownFormatError(ValueError):
    """No format of that name; the message lists the known ones."""


def spec(name: str) -> FormatSpec:
    try:
        return _BY_NAME[name]
    except KeyError:
        raise UnknownFormatError(f"unknown format '{name}'; one of {', '.join(FORMATS)}") \
            from None


def importable() -> tuple[FormatSpec, ...]:
    return tuple(one for one in SPECS if one.reader is not None)


__all__ = ["FORMATS", "SPECS", "Exporter", "FormatSpec", "UnknownFormatError", "importable",
           "spec"]
