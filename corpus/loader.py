"""Loading a corpus: every article file below a folder (plain text, Markdown, saved web
pages, PDF, Word: ``corpus.formats``), in a stable order; any other file is skipped
with a reason."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from syria_reader.corpus.article import Article
from syria_reader.corpus.dateline_years import complete_days
from syria_reader.corpus.dates import parse_date
from syria_reader.corpus.decoding import UndecodableError, check_encoding
from syria_reader.corpus.facts_cache import FileEntry, file_key, open_cache
from syria_reader.corpus.file_facts import FileText, given_date, make_article, read_facts
from syria_reader.corpus.file_facts import (  # re-exported: corpus/adding.py reads it here
    first_sentence as first_sentence,
)
from syria_reader.corpus.file_names import name_text
from syria_reader.corpus.formats import KINDS, is_article
from syria_reader.corpus.metadata import Metadata

MANIFEST_NAME = "manifest.json"
# Files a corpus folder may hold beside its articles: the manifest, the recogniser's
# patterns (ner.PATTERNS_NAME) and the labels (annotations.labels.LABELS_FILE), named
# here because the corpus layer imports neither.
COMPANIONS = frozenset({MANIFEST_NAME, "patterns.jsonl", "labels.toml"})
BUNDLED_DIR = Path(__file__).resolve().parent / "articles"
_SLUG_UNSAFE = re.compile(r"[^\w.-]+")
_QUOTED_MAX = 60  # characters of a date that could not be read, in its note


class CorpusError(Exception):
    """The corpus cannot be loaded at all; the message is one line for the user."""


class UnknownArticleError(LookupError):
    """No article, or more than one, matches an id or id prefix."""


@dataclass(frozen=True)
class Skipped:
    path: Path
    reason: str


@dataclass(frozen=True)
class Notice:
    path: Path
    message: str


@dataclass
class Corpus:
    root: Path
    articles: list[Article]
    skipped: list[Skipped] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_id = {article.id: article for article in self.articles}

    @property
    def is_bundled(self) -> bool:
        return self.root.resolve() == bundled_corpus_dir().resolve()

    def get(self, key: str) -> Article:
        """The article whose id is ``key`` or, failing that, uniquely starts with it."""
        matches = ids_for(key, self._by_id)
        if len(matches) == 1:
            return self._by_id[matches[0]]
        if not matches:
            raise UnknownArticleError(f"no article '{key}' in {self.root}")
        names = ", ".join(matches[:5])
        raise UnknownArticleError(f"'{key}' matches {len(matches)} articles: {names}")

    def find(self, article_id: str) -> Article | None:
        """The article whose id is exactly ``article_id`` (no prefix), if any."""
        return self._by_id.get(article_id)


def ids_for(key: str, ids: Collection[str]) -> list[str]:
    """What ``key`` names among ``ids``: itself when it is one, else the ids it is a
    prefix of (none for an empty key). One rule for articles, claims and links."""
    if key in ids:
        return [key]
    return [name for name in ids if key and name.startswith(key)]


def bundled_corpus_dir() -> Path:
    return BUNDLED_DIR


def article_files(root: Path) -> tuple[list[Path], list[Path]]:
    """Article files below ``root`` and the other files, each sorted by relative path;
    hidden files and folders and the corpus's own companions are passed over, and so
    are folders that are symbolic links (as ``Path.rglob`` does) or cannot be read.
    Walked with ``os.scandir``, not ``rglob``: its ``Path`` per entry cost 60 ms for
    1,000 files."""
    found: list[tuple[str, Path]] = []
    others: list[tuple[str, Path]] = []
    folders = [(str(root), "")]
    while folders:
        folder, prefix = folders.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            relative = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                folders.append((entry.path, relative + "/"))
            elif entry.is_file() and not (not prefix and entry.name in COMPANIONS):
                kept = found if is_article(os.path.splitext(entry.name)[1]) else others
                kept.append((relative, Path(entry.path)))
    return ([path for _, path in sorted(found, key=_first)],
            [path for _, path in sorted(others, key=_first)])


def _first(pair: tuple[str, Path]) -> str:
    return pair[0]


def _article_ids(root: Path, files: list[Path]) -> tuple[dict[Path, str], list[Notice]]:
    """A unique id per file: its name without the extension, unless another file has
    that name too; then its folder joins the id (``dir__x``), then its extension
    (``dir__x.md``), then a number. Each id that is not the plain name gets a notice."""
    ids = {path: name_text(path.stem) for path in files}
    levels = (
        lambda path: _slug(name_text(path.relative_to(root).with_suffix("").as_posix())),
        lambda path: _slug(name_text(path.relative_to(root).as_posix())),
    )
    for level in levels:
        for path in _colliding(ids):
            ids[path] = level(path)
    for group in _groups(ids).values():
        for number, path in enumerate(group[1:], start=2):
            ids[path] = f"{ids[path]}~{number}"
    notices = [Notice(path, f"its id is '{ids[path]}': another article is also named "
                            f"'{path.stem}'" if ids[path] != name_text(path.stem) else
                      f"its id is '{ids[path]}': its name is not UTF-8")
               for path in files if ids[path] != path.stem]
    return ids, notices


def _slug(relative: str) -> str:
    return _SLUG_UNSAFE.sub("-", relative.replace("/", "__"))


def _groups(ids: dict[Path, str]) -> dict[str, list[Path]]:
    groups: dict[str, list[Path]] = {}
    for path, article_id in ids.items():
        groups.setdefault(article_id, []).append(path)
    return {article_id: group for article_id, group in groups.items() if len(group) > 1}


def _colliding(ids: dict[Path, str]) -> list[Path]:
    return [path for group in _groups(ids).values() for path in group]


def _read_manifest(root: Path) -> dict[str, Metadata]:
    """The manifest's metadata by article id; every field is checked, and a problem is
    one ``CorpusError`` naming the file, the entry and the field. A date is kept as
    front matter's is: ISO when it can be read, else as written (then no date, and a
    note: a typo in one entry does not stop the corpus)."""
    path = root / MANIFEST_NAME
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise CorpusError(f"{path}: not a valid manifest ({error})") from error
    entries = data.get("articles") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise CorpusError(f"{path}: not a valid manifest (no \"articles\" list)")
    found = {}
    for index, entry in enumerate(entries, start=1):
        where = f"{path}: article {index}"
        if not isinstance(entry, dict):
            raise CorpusError(f"{where} is not an object")
        if not isinstance(entry.get("id"), str) or not entry["id"]:
            raise CorpusError(f"{where}: 'id' should be a non-empty string")
        for name in ("title", "source", "date"):
            if not isinstance(entry.get(name), str | None):
                raise CorpusError(f"{where} ({entry['id']}): {name!r} should be a string "
                                  f"or null, not {type(entry[name]).__name__}")
        written = entry.get("date") or None
        found[entry["id"]] = Metadata(entry.get("title"), entry.get("source"),
                                      (parse_date(written) or written) if written else None)
    return found


def _quoted(written: str) -> str:
    """A value in quotes, cut short: a note stays one line of a screen."""
    if len(written) > _QUOTED_MAX:
        written = written[: _QUOTED_MAX - 1] + "…"
    return f"'{written}'"


def _read_files(files: list[Path], encoding: str | None, keyed: bool,
                ) -> dict[Path, tuple[str, bytes] | tuple[str, OSError]]:
    """Each file's bytes and cache key (if ``keyed``), or why it could not be read."""
    read: dict[Path, tuple[str, bytes] | tuple[str, OSError]] = {}
    for path in files:
        try:
            data = path.read_bytes()
        except OSError as error:
            read[path] = ("", error)
            continue
        read[path] = (file_key(data, path.suffix, encoding) if keyed else "", data)
    return read


def load_corpus(root: Path | None = None, encoding: str | None = None,
                cache: bool = True) -> Corpus:
    """Load every article below ``root`` (the bundled corpus when ``None``).

    What each file gives is kept in the facts cache (corpus/facts_cache.py) unless
    ``cache`` is False: a file seen before, byte for byte, is not converted again, and
    its text is made only when read.

    Files that cannot be read, and files in no article format, are listed in
    ``Corpus.skipped``; a corpus with no article at all is a ``CorpusError``.
    ``encoding`` names the encoding of articles that are not UTF-8 (else guessed).
    """
    if encoding is not None:
        encoding = check_encoding(encoding)
    root = (root or bundled_corpus_dir()).expanduser()
    if not root.exists():
        raise CorpusError(f"corpus folder not found: {root}")
    if not root.is_dir():
        raise CorpusError(f"not a folder: {root}")
    manifest = _read_manifest(root)
    files, others = article_files(root)
    ids, notices = _article_ids(root, files)
    facts_cache = open_cache() if cache else None
    read = _read_files(files, encoding, facts_cache is not None)
    keys = [key for key, _ in read.values() if key]
    known = facts_cache.files(keys) if facts_cache and keys else {}
    learnt: dict[str, FileEntry] = {}
    articles: list[Article] = []
    skipped = [Skipped(path, f"not an article format (articles are {KINDS})")
               for path in others]
    for path in files:
        key, data = read[path]
        if isinstance(data, OSError):
            skipped.append(Skipped(path, data.strerror or str(data)))
            continue
        entry = known.get(key)
        text: str | FileText = FileText(data, path.suffix, encoding)
        if entry is None:
            try:
                entry, text = read_facts(data, path.suffix, encoding)
            except UndecodableError as error:
                entry = str(error)
            learnt[key] = entry
        if isinstance(entry, str):
            skipped.append(Skipped(path, entry))
            continue
        listed = manifest.get(ids[path])
        article = make_article(entry, text, path, ids[path], listed, facts_cache)
        for unread in given_date(entry, listed)[1]:
            written = _quoted(unread.written)
            notices.append(
                Notice(root / MANIFEST_NAME, f"the date of '{article.id}', {written}, is not "
                                             "a full date; not used") if unread.in_manifest
                else Notice(path, f"its date {written} is not a full date; not used"))
        if article.encoding_guessed:
            notices.append(Notice(path, f"not UTF-8; decoded as {article.encoding} (a guess: "
                                        "name the encoding with --encoding)"))
        articles.append(article)
    if facts_cache and learnt:
        facts_cache.put_files(learnt)
    if not articles:
        raise CorpusError(f"no readable article ({KINDS}) in {root}")
    complete_days(articles, root)
    unread = {item.path for item in skipped}
    notices = [notice for notice in notices if notice.path not in unread]
    return Corpus(root=root, articles=articles, skipped=skipped, notices=notices)
