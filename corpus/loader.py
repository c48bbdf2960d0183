"""Loading a corpus: every ``.txt`` and ``.md`` file below a folder, in a stable order."""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from syria_reader.corpus.article import Article
from syria_reader.corpus.decoding import UndecodableError, decode
from syria_reader.corpus.metadata import (
    Metadata,
    derive_date,
    derive_source,
    derive_title,
    split_front_matter,
)
from syria_reader.corpus.sentences import split_sentences

ARTICLE_SUFFIXES = frozenset({".txt", ".md"})
MANIFEST_NAME = "manifest.json"
BUNDLED_DIR = Path(__file__).resolve().parent / "articles"
_FIRST_LINES = 4000  # characters enough to find a title sentence without segmenting it all
_SLUG_UNSAFE = re.compile(r"[^\w.-]+")


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


def article_files(root: Path) -> list[Path]:
    """Article files below ``root``, sorted by relative path; hidden folders are passed over."""
    found = []
    for path in root.rglob("*"):
        relative = path.relative_to(root)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if path.suffix.lower() in ARTICLE_SUFFIXES and path.is_file():
            found.append(path)
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def _article_ids(root: Path, files: list[Path]) -> tuple[dict[Path, str], list[Notice]]:
    """A unique id per file: its name without the extension, unless another file has
    that name too; then its folder joins the id (``dir__x``), then its extension
    (``dir__x.md``), then a number. Each id that is not the plain name gets a notice."""
    ids = {path: path.stem for path in files}
    levels = (
        lambda path: _slug(path.relative_to(root).with_suffix("").as_posix()),
        lambda path: _slug(path.relative_to(root).as_posix()),
    )
    for level in levels:
        for path in _colliding(ids):
            ids[path] = level(path)
    for group in _groups(ids).values():
        for number, path in enumerate(group[1:], start=2):
            ids[path] = f"{ids[path]}~{number}"
    notices = [Notice(path, f"its id is '{ids[path]}': another article is also named "
                            f"'{path.stem}'") for path in files if ids[path] != path.stem]
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
    one ``CorpusError`` naming the file, the entry and the field."""
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
        found[entry["id"]] = Metadata(entry.get("title"), entry.get("source"), entry.get("date"))
    return found


def _first_sentence(text: str) -> str | None:
    head = text[:_FIRST_LINES]
    spans = split_sentences(head)
    return head[spans[0][0] : spans[0][1]] if spans else None


def load_article(path: Path, article_id: str, manifest: Metadata | None = None) -> Article:
    """Read and decode one file; raises ``OSError`` or ``UndecodableError``."""
    data = path.read_bytes()
    if not data.strip():
        raise UndecodableError("empty file")
    decoded = decode(data)
    front, body = split_front_matter(decoded.text)
    if not body.strip():
        raise UndecodableError("empty file (no text after the front matter)")
    given = [m for m in (manifest, front) if m is not None]
    title = next((m.title for m in given if m.title), None)
    source = next((m.source for m in given if m.source), None)
    date = next((m.date for m in given if m.date), None)
    return Article(
        id=article_id,
        title=title or derive_title(body, lambda: _first_sentence(body)) or article_id,
        # a manifest's null is an answer ("the text names none"): not derived again
        source=source if source or manifest else derive_source(body),
        date=date if date or manifest else derive_date(body),
        text=body,
        path=path,
        encoding=decoded.encoding if decoded.detected else "utf-8",
    )


def load_corpus(root: Path | None = None) -> Corpus:
    """Load every article below ``root`` (the bundled corpus when ``None``).

    Files that cannot be read are listed in ``Corpus.skipped``; a corpus with no
    article at all is a ``CorpusError``.
    """
    root = (root or bundled_corpus_dir()).expanduser()
    if not root.exists():
        raise CorpusError(f"corpus folder not found: {root}")
    if not root.is_dir():
        raise CorpusError(f"not a folder: {root}")
    manifest = _read_manifest(root)
    files = article_files(root)
    ids, notices = _article_ids(root, files)
    articles: list[Article] = []
    skipped: list[Skipped] = []
    for path in files:
        try:
            article = load_article(path, ids[path], manifest.get(ids[path]))
        except UndecodableError as error:
            skipped.append(Skipped(path, str(error)))
            continue
        except OSError as error:
            skipped.append(Skipped(path, error.strerror or str(error)))
            continue
        if article.encoding != "utf-8":
            notices.append(Notice(path, f"not UTF-8; decoded as {article.encoding} (detected)"))
        articles.append(article)
    if not articles:
        raise CorpusError(f"no readable .txt or .md article in {root}")
    return Corpus(root=root, articles=articles, skipped=skipped, notices=notices)
