"""Export and import formats: one module per format, and the registry that names them.

``annotations.formats.export.export`` writes any of ``FORMATS``;
``annotations.formats.importing.import_file`` reads back the native and W3C ones.

Importing this package is cheap (the command line builds its ``--format`` choices and
the reader its dialog from it); a format's module is loaded when it is first used.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from syria_reader.annotations.formats.common import ExportData, Progress

# An exporter writes ``path`` (a file, or a folder for brat), which does not exist yet:
# ``export`` hands it a temporary name and moves the result into place when complete.
Exporter = Callable[["ExportData", Path, "Progress"], None]

FORMATS: tuple[str, ...] = ("json", "jsonl", "csv", "w3c", "brat")
# name -> the module (in this package) whose ``write`` is the exporter
EXPORTERS: dict[str, str] = {
    "json": "native",
    "jsonl": "jsonl",
    "csv": "csv_format",
    "w3c": "w3c",
    "brat": "brat",
}
# The suffix of the default file name; brat writes a folder, which has none.
EXTENSIONS: dict[str, str] = {
    "json": ".json",
    "jsonl": ".jsonl",
    "csv": ".csv",
    "w3c": ".jsonld",
    "brat": "",
}
DESCRIPTIONS: dict[str, str] = {
    "json": "native JSON: everything, lossless; import reads it back",
    "jsonl": "JSON Lines: one annotation a line, with its article title and links",
    "csv": "CSV for spreadsheets: one claim a row",
    "w3c": "W3C Web Annotation JSON-LD; import reads it back",
    "brat": "brat standoff: a folder with .txt and .ann per article",
}
IMPORTABLE: tuple[str, ...] = ("json", "w3c")

assert set(FORMATS) == set(EXPORTERS) == set(EXTENSIONS) == set(DESCRIPTIONS)


def exporter(name: str) -> Exporter:
    """The ``write`` function of format ``name``; ``KeyError`` for an unknown name."""
    module = importlib.import_module(f"{__name__}.{EXPORTERS[name]}")
    write: Exporter = module.write
    return write


__all__ = ["DESCRIPTIONS", "EXPORTERS", "EXTENSIONS", "FORMATS", "IMPORTABLE", "Exporter",
           "exporter"]
