"""Where the reader was: the articles in the panes and their cursors, per corpus."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from syria_reader.corpus import app_dirs
from syria_reader.corpus.atomic import atomic_write


def state_path() -> Path:
    return app_dirs.state_dir() / "reading-state.json"


@dataclass(frozen=True)
class PanePlace:
    article: str
    cursor: int = 0


def _read(path: Path) -> dict[str, list[dict[str, object]]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # no state, or an unreadable one: start from the beginning
    return data if isinstance(data, dict) else {}


def load_places(corpus_root: Path, path: Path | None = None) -> list[PanePlace]:
    entries = _read(path or state_path()).get(str(corpus_root.resolve()), [])
    places = []
    for entry in entries if isinstance(entries, list) else []:
        try:
            places.append(PanePlace(str(entry["article"]), int(entry.get("cursor", 0))))  # type: ignore[call-overload]
        except (KeyError, TypeError, ValueError):
            continue
    return places


def save_places(corpus_root: Path, places: list[PanePlace], path: Path | None = None) -> None:
    path = path or state_path()
    data = _read(path)
    data[str(corpus_root.resolve())] = [asdict(place) for place in places]
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, json.dumps(data, indent=1).encode("utf-8"))
