"""Adding articles to a corpus folder: web addresses fetched, files converted, each
written as a ``.txt`` with front matter (title, source, date, url) beside the others.

Nothing is ever written over: a new article gets a name no file has, and one the
folder already holds (the same address, or the same text) is not added again.
"""

from __future__ import annotations

import re
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from syria_reader.corpus.atomic import create_new
from syria_reader.corpus.decoding import UndecodableError
from syria_reader.corpus.formats import FORMS, Extracted, convert, one_line
from syria_reader.corpus.metadata import Metadata, split_front_matter

MAX_BYTES = 50 * 1024 * 1024  # a report, even a long PDF, is far smaller
TIMEOUT = 30.0
USER_AGENT = "syria-reader (adding an article to a reading corpus)"
_NAME_LENGTH = 60
# What a server says it sends -> the form it is read as.
_CONTENT_TYPES = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "text/plain": ".txt",
    "text/markdown": ".md",
    "text/x-markdown": ".md",
}


class AddError(Exception):
    """One article could not be added; the message is one line for the user."""


@dataclass(frozen=True)
class Added:
    source: str  # the address or file as the user gave it
    path: Path  # the file written, or the one that already held it
    title: str
    new: bool  # False: the folder already had it, nothing was written


Progress = Callable[[int, int, str, "Added | AddError"], None]


def add_articles(sources: Iterable[str], folder: Path, encoding: str | None = None,
                 on_progress: Progress | None = None) -> list[Added | AddError]:
    """Add each address or file to ``folder`` (made if missing); one outcome each, in
    order. A source that fails does not stop the others."""
    wanted = list(sources)
    folder.mkdir(parents=True, exist_ok=True)
    known = _known(folder)
    outcomes: list[Added | AddError] = []
    for number, source in enumerate(wanted, start=1):
        try:
            outcome: Added | AddError = _add_one(source, folder, encoding, known)
        except AddError as error:
            outcome = error
        outcomes.append(outcome)
        if on_progress is not None:
            on_progress(number, len(wanted), source, outcome)
    return outcomes


def is_address(source: str) -> bool:
    return urllib.parse.urlsplit(source).scheme in ("http", "https")


def _add_one(source: str, folder: Path, encoding: str | None,
             known: dict[str, Path]) -> Added:
    if is_address(source):
        data, suffix, address = fetch(source)
    else:
        path = Path(source).expanduser()
        if not path.is_file():
            raise AddError(f"{source}: no such file")
        if path.suffix.lower() not in FORMS:
            raise AddError(f"{source}: not an article format ({', '.join(sorted(FORMS))})")
        try:
            data = path.read_bytes()
        except OSError as error:
            raise AddError(f"{source}: {error.strerror or error}") from None
        suffix, address = path.suffix.lower(), None
    try:
        extracted = convert(suffix, data, encoding)
    except UndecodableError as error:
        raise AddError(f"{source}: {error}") from None
    if not extracted.text.strip():
        raise AddError(f"{source}: no text")
    metadata = extracted.metadata or Metadata()
    if address is not None and not metadata.url:
        metadata = replace(metadata, url=address)
    for key in filter(None, (metadata.url, _text_key(extracted.text))):
        if key in known:
            return Added(source, known[key], metadata.title or known[key].stem, new=False)
    title = metadata.title or _fallback_title(source)
    written = _write(folder, title, metadata, extracted)
    for key in filter(None, (metadata.url, _text_key(extracted.text))):
        known[key] = written
    return Added(source, written, title, new=True)


def fetch(address: str, timeout: float = TIMEOUT) -> tuple[bytes, str, str]:
    """The bytes at ``address``, the form to read them as, and the final address."""
    request = urllib.request.Request(address, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read(MAX_BYTES + 1)
            kind = response.headers.get_content_type()
            final = response.geturl()
    except urllib.error.HTTPError as error:
        raise AddError(f"{address}: the server answered {error.code} {error.reason}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise AddError(f"{address}: could not fetch it ({one_line(reason)})") from None
    if len(data) > MAX_BYTES:
        raise AddError(f"{address}: larger than {MAX_BYTES // (1024 * 1024)} MB")
    return data, _form(kind, final, data), final


def _form(content_type: str, address: str, data: bytes) -> str:
    if content_type in _CONTENT_TYPES:
        return _CONTENT_TYPES[content_type]
    suffix = Path(urllib.parse.urlsplit(address).path).suffix.lower()
    if suffix in FORMS:
        return suffix
    if data.startswith(b"%PDF"):
        return ".pdf"
    return ".html" if data.lstrip()[:1] == b"<" else ".txt"


def front_matter(metadata: Metadata) -> str:
    """Front matter the loader reads back as it was: one line per field, quoted."""
    lines = ["---"]
    for name in ("title", "source", "date", "url"):
        value = getattr(metadata, name)
        if value:
            flat = " ".join(str(value).split())
            lines.append(f'{name}: "{flat}"')
    lines.append("---")
    return "\n".join(lines) + "\n"


def _write(folder: Path, title: str, metadata: Metadata, extracted: Extracted) -> Path:
    payload = (front_matter(replace(metadata, title=title)) + extracted.text).encode("utf-8")
    stem = _file_stem(title)
    for number in range(1, 10_000):
        path = folder / (f"{stem}.txt" if number == 1 else f"{stem}-{number}.txt")
        if path.exists() or path.is_symlink():
            continue
        try:
            create_new(path, payload)
        except FileExistsError:
            continue
        return path
    raise AddError(f"{title}: no free file name in {folder}")


def _file_stem(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_title.lower())
    stem = ""
    for word in words:
        if len(stem) + len(word) + 1 > _NAME_LENGTH:
            break
        stem = f"{stem}-{word}" if stem else word
    return stem or "article"


def _fallback_title(source: str) -> str:
    if is_address(source):
        parts = urllib.parse.urlsplit(source)
        return Path(parts.path).stem or parts.netloc
    return Path(source).stem


def _text_key(text: str) -> str:
    # Two copies of one article differ at most in their white space.
    return "text:" + " ".join(text.split())


def _known(folder: Path) -> dict[str, Path]:
    """The addresses and texts of the ``.txt`` articles already in ``folder``."""
    known: dict[str, Path] = {}
    for path in sorted(folder.glob("*.txt")):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        front, body = split_front_matter(text)
        if front is not None and front.url:
            known.setdefault(front.url, path)
        known.setdefault(_text_key(body), path)
    return known
