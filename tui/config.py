"""Settings in a TOML file in the user config folder: theme, key overrides, hidden types.

A file that cannot be read never stops the reader: the defaults are used and the
reason is shown once.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from corpus.atomic import atomic_write

APP_NAME = "syria-reader"
DEFAULT_THEME = "textual-dark"


def config_path() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME)) / "config.toml"


@dataclass
class Settings:
    theme: str = DEFAULT_THEME
    # binding id -> keys, e.g. {"view.next_sentence": "j,down"}; see the help screen
    keys: dict[str, str] = field(default_factory=dict)
    hidden_entities: list[str] = field(default_factory=list)

    def to_toml(self) -> dict[str, object]:
        return {"theme": self.theme, "hidden_entities": self.hidden_entities, "keys": self.keys}


def load_settings(path: Path | None = None) -> tuple[Settings, str | None]:
    """The settings, and a message when the file was there but could not be used."""
    path = path or config_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings(), None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return Settings(), f"{path}: ignored ({error}); using the default settings"
    keys = data.get("keys", {})
    hidden = data.get("hidden_entities", [])
    return Settings(
        theme=str(data.get("theme", DEFAULT_THEME)),
        keys={str(k): str(v) for k, v in keys.items()} if isinstance(keys, dict) else {},
        hidden_entities=[str(h) for h in hidden] if isinstance(hidden, list) else [],
    ), None


def save_settings(settings: Settings, path: Path | None = None) -> None:
    import tomli_w  # only when saving: reading uses the standard library's tomllib

    path = path or config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, tomli_w.dumps(settings.to_toml()).encode("utf-8"))
