"""Where syria-reader keeps its files: the app's name and its four user folders, in one
place (platformdirs': ``$XDG_CACHE_HOME/syria-reader`` and so on, on Linux)."""

from __future__ import annotations

from pathlib import Path

APP_NAME = "syria-reader"


def cache_dir() -> Path:
    """Caches: recognised entities, sentences of long texts, the related index."""
    import platformdirs  # here: building the command-line parser must stay cheap

    return Path(platformdirs.user_cache_dir(APP_NAME))


def data_dir() -> Path:
    """The analyst's work: the annotation databases."""
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME))


def state_dir() -> Path:
    """Where you were reading, undo sessions, crash logs."""
    import platformdirs

    return Path(platformdirs.user_state_dir(APP_NAME))


def config_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME))
