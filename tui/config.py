"""Settings in a TOML file in the user config folder: theme, key overrides, hidden types.

A file that cannot be used never stops the reader: what is valid in it is used, each
problem is one line naming the file and the field (shown once, as a warning), and a
file with a problem is never overwritten by the reader.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from syria_reader.corpus import app_dirs
from syria_reader.corpus.atomic import atomic_write
from syria_reader.tui.entity_styles import LEGEND

DEFAULT_THEME = "textual-dark"
ENTITY_NAMES = tuple(name for name, _ in LEGEND)
# A key as Textual names it: "j", "G", "ctrl+r", "shift+tab", "question_mark", "f5".
_KEY = re.compile(r"^(?:(?:ctrl|shift|alt|meta|super|hyper)\+)*[A-Za-z0-9_]+$")


def config_path() -> Path:
    return app_dirs.config_dir() / "config.toml"


@dataclass
class Settings:
    theme: str = DEFAULT_THEME
    # binding id -> keys, e.g. {"view.next_sentence": "j,down"}; see the help screen
    keys: dict[str, str] = field(default_factory=dict)
    hidden_entities: list[str] = field(default_factory=list)

    def to_toml(self) -> dict[str, object]:
        return {"theme": self.theme, "hidden_entities": self.hidden_entities, "keys": self.keys}


def load_settings(path: Path | None = None) -> tuple[Settings, str | None]:
    """The settings, and a message when the file was there but could not all be used."""
    path = path or config_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings(), None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return Settings(), f"{path}: ignored ({error}); using the default settings"
    problems: list[str] = []
    settings = Settings(
        theme=_theme(data, problems),
        keys=_keys(data, problems),
        hidden_entities=_hidden(data, problems),
    )
    for name in sorted(set(data) - {"theme", "keys", "hidden_entities"}):
        problems.append(f"unknown setting {name!r} (theme, keys, hidden_entities)")
    return settings, _message(path, problems)


def _message(path: Path, problems: list[str]) -> str | None:
    if not problems:
        return None
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return f"{path}: {problems[0]}{more}; the rest of the file is used"


def _theme(data: dict[str, object], problems: list[str]) -> str:
    theme = data.get("theme", DEFAULT_THEME)
    if not isinstance(theme, str):
        problems.append(f"'theme' should be a string, not {type(theme).__name__}")
        return DEFAULT_THEME
    return theme


def _keys(data: dict[str, object], problems: list[str]) -> dict[str, str]:
    keys = data.get("keys", {})
    if not isinstance(keys, dict):
        problems.append(f"'keys' should be a table ([keys]), not {type(keys).__name__}")
        return {}
    valid = {}
    for binding_id, value in keys.items():
        where = f"keys.{binding_id!r}"
        if not isinstance(value, str):
            problems.append(f"{where} should be a string of keys, not {type(value).__name__}")
            continue
        names = [name.strip() for name in value.split(",")]
        bad = next((name for name in names if not _KEY.match(name)), None)
        if bad is not None:
            problems.append(f"{where}: {bad!r} is not a key name (j, G, ctrl+r, question_mark)")
            continue
        valid[binding_id] = ",".join(names)
    return valid


def _hidden(data: dict[str, object], problems: list[str]) -> list[str]:
    hidden = data.get("hidden_entities", [])
    if not isinstance(hidden, list):
        problems.append(f"'hidden_entities' should be a list, not {type(hidden).__name__}")
        return []
    valid = []
    for name in hidden:
        if name in ENTITY_NAMES:
            valid.append(name)
        else:
            problems.append(f"'hidden_entities': {name!r} is not one of {', '.join(ENTITY_NAMES)}")
    return valid


def unknown_binding_ids(settings: Settings, known: set[str]) -> list[str]:
    """The ids in the ``[keys]`` table that name no key of the reader."""
    return sorted(set(settings.keys) - known)


def save_settings(settings: Settings, path: Path | None = None) -> None:
    import tomli_w  # only when saving: reading uses the standard library's tomllib

    path = path or config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, tomli_w.dumps(settings.to_toml()).encode("utf-8"))
