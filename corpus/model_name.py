"""The spaCy pipeline package the user chooses (``--model``, the config file): its name,
checked for its form only, and where it was chosen. Cheap to import, so the command line,
the config file and the reader use it without the recogniser (``corpus.ner``), which
checks that the package is installed and usable (``resolve_model``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

# An import name, as a pipeline package has: en_core_web_md (en-core-web-md is accepted).
_PACKAGE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


def model_package_name(text: str) -> str:
    """The import name of the pipeline package ``text`` names: ``en_core_web_md``, or
    its distribution's name ``en-core-web-md``. ``ValueError`` when it names none."""
    name = text.strip().replace("-", "_")
    if not _PACKAGE_NAME.fullmatch(name):
        raise ValueError(f"{text!r} is not the name of a spaCy pipeline package "
                         "(e.g. en_core_web_md)")
    return name


@dataclass(frozen=True)
class ModelChoice:
    """A spaCy pipeline package the user chose, and where: named in every error."""

    package: str
    origin: str = "--model"
