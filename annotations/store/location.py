"""Which database holds a corpus's annotations, wherever the corpus or the program moved.

The bundled corpus's database has a fixed name: reinstalling, or installing into a
second environment, finds the same annotations. A user corpus's database is named
after the folder's path; when the folder has moved (no database under the new name),
the database of the folder that is gone, with the same articles, is found and moved to
the new name once, with a line saying so. Databases an earlier version named after the
install path of the bundled corpus are found the same way.

A database is taken only when it is surely this corpus's: its recorded folder no
longer exists and its articles are these (same names, same texts for the most part);
one written before the record existed must carry the corpus's name and annotations on
these very texts. A database in use by another process is read where it is, not moved.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import orjson
from filelock import FileLock, Timeout

from syria_reader.annotations.store.database import db_folder, default_db_path, folder_slug
from syria_reader.corpus import Corpus
from syria_reader.corpus.file_names import name_text


@dataclass(frozen=True)
class Location:
    path: Path
    notice: str | None = None  # what was found and moved, for the user
    earlier: Path | None = None  # the database to move there, if one was found


def corpus_record(corpus: Corpus) -> dict[str, Any]:
    """What a database records of its corpus, to be found again after a move."""
    return {"root": name_text(str(corpus.root.resolve())),
            "articles": {article.id: article.sha256 for article in corpus.articles}}


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
    notice = (f"the annotations of this corpus were in {found[0]} (named by its earlier "
              f"place, or an earlier version); moved to {path}{others}")
    return Location(path, notice, found[0])


def move_earlier(location: Location) -> Location:
    """Move the database found under an earlier name to its name now (same folder),
    unless another process has it open: then it is read where it is, this time."""
    earlier = location.earlier
    if earlier is None or location.path.exists():
        return location
    lock = FileLock(str(earlier) + ".lock", timeout=0)
    try:
        with lock:
            os.replace(earlier, location.path)
    except (Timeout, OSError) as error:
        reason = "in use by another syria-reader" if isinstance(error, Timeout) else (
            error.strerror or str(error))
        return replace(location, path=earlier,
                       notice=f"the annotations of this corpus are in {earlier}, under an "
                              f"earlier name; not moved ({reason})")
    return location


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _earlier(corpus: Corpus, folder: Path, current: Path) -> list[Path]:
    return [path for path in folder.glob("*.json")
            if path != current and path.is_file() and _holds(path, corpus)]


def _holds(path: Path, corpus: Corpus) -> bool:
    try:
        data = orjson.loads(path.read_bytes())
        meta = next(iter(data["meta"].values()))
        if meta.get("app") != "syria-reader":
            return False
        recorded = meta.get("corpus")
        if recorded is not None:
            return _moved_here(recorded, corpus)
        return _written_before_records(path, data, corpus)
    except (OSError, orjson.JSONDecodeError, AttributeError, KeyError, StopIteration,
            TypeError, ValueError):
        return False  # not a database of ours, or one that makes no sense: not this


def _moved_here(recorded: dict[str, Any], corpus: Corpus) -> bool:
    """The recorded corpus is gone from its folder and had these articles."""
    root, articles = str(recorded["root"]), dict(recorded["articles"])
    if Path(root).exists():
        return False  # its own corpus is still there: it is that corpus's
    ours = {article.id: article.sha256 for article in corpus.articles}
    if set(articles) != set(ours):
        return False
    same = sum(1 for name, sha in ours.items() if articles[name] == sha)
    return same * 2 >= len(ours)


def _written_before_records(path: Path, data: dict[str, Any], corpus: Corpus) -> bool:
    """A database of a version that recorded no corpus: named as this corpus's folder
    was (``articles-…`` for the bundled one), every annotation on an article of it and
    some on this very text."""
    if not path.name.startswith(f"{folder_slug(corpus.root)}-"):
        return False
    ours = {article.id: article.sha256 for article in corpus.articles}
    annotations = list(data.get("annotations", {}).values())
    ids = [str(a["article_id"]) for a in annotations]
    return bool(annotations) and all(i in ours for i in ids) and any(
        ours[str(a["article_id"])] == a.get("article_sha256") for a in annotations)


def find_database(corpus: Corpus, db: Path | None = None) -> Location:
    """Where ``corpus``'s database is (``db`` if given), an earlier one moved there."""
    return move_earlier(locate(corpus, db))
