"""Which database holds a corpus's annotations, wherever the corpus or the program moved.

The bundled corpus's database has a fixed name: reinstalling, or installing into a
second environment, finds the same annotations. A user corpus's database is named
after the folder's path; when the folder has moved (no database under the new name),
the database whose corpus has the same articles is found by content and moved to the
new name once, with a line saying so. Databases named by an earlier version (after the
install path of the bundled corpus) are found the same way.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import orjson

from syria_reader.annotations.store.database import db_folder, default_db_path
from syria_reader.corpus import Corpus


@dataclass(frozen=True)
class Location:
    path: Path
    notice: str | None = None  # what was found and moved, for the user
    earlier: Path | None = None  # the database to move there, if one was found


def locate(corpus: Corpus, db: Path | None = None, folder: Path | None = None) -> Location:
    """Where ``corpus``'s annotations are (``db`` when the user named one)."""
    if db is not None:
        return Location(db)
    folder = folder or db_folder()
    path = folder / default_db_path(corpus.root, bundled=corpus.is_bundled).name
    if path.exists() or path.is_symlink() or not folder.is_dir():
        return Location(path)
    found = sorted(_earlier(corpus, folder, path), key=_modified, reverse=True)
    if not found:
        return Location(path)
    others = f"; {len(found) - 1} older ones left as they are" if len(found) > 1 else ""
    notice = (f"the annotations of this corpus were in {found[0]} (named by an earlier "
              f"place or version); moved to {path}{others}")
    return Location(path, notice, found[0])


def move_earlier(location: Location) -> None:
    """Move the database found under an earlier name to its name now (same folder)."""
    if location.earlier is not None and not location.path.exists():
        os.replace(location.earlier, location.path)


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _earlier(corpus: Corpus, folder: Path, current: Path) -> list[Path]:
    articles = {article.id: article.sha256 for article in corpus.articles}
    return [path for path in folder.glob("*.json")
            if path != current and path.is_file() and _holds(path, articles)]


def _holds(path: Path, articles: dict[str, str]) -> bool:
    """Whether the database at ``path`` is this corpus's: the articles it records are
    these (a database of this version), or every annotation in it is on one of these
    articles and some on this very text (one written before the record existed)."""
    try:
        data = orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return False
    if not isinstance(data, dict):
        return False
    meta = next(iter((data.get("meta") or {}).values()), {})
    if not isinstance(meta, dict) or meta.get("app") != "syria-reader":
        return False
    recorded = meta.get("corpus")
    if isinstance(recorded, list):
        return set(recorded) == set(articles)
    annotations = [a for a in (data.get("annotations") or {}).values() if isinstance(a, dict)]
    return bool(annotations) and all(a.get("article_id") in articles for a in annotations) \
        and any(articles.get(a.get("article_id")) == a.get("article_sha256")
                for a in annotations)
