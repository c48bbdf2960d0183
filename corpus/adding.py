"""Adding articles to a corpus folder: web addresses fetched, files converted, each
written as a ``.txt`` with front matter (title, source, date, url) beside the others.

Nothing is ever written over: a new article gets a name no file has. One the folder
already holds, in any form (the same address, or the same text), is not added again,
also when two ``add`` runs work on one folder at once: a lock in the app's state folder
makes them take turns.
"""

from __future__ import annotations

import hashlib
import os
import re
import string
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from syria_reader.corpus import app_dirs
from syria_reader.corpus.atomic import create_new
from syria_reader.corpus.dates import parse_date
from syria_reader.corpus.decoding import UndecodableError
from syria_reader.corpus.formats import FORMS, Extracted, convert, one_line
from syria_reader.corpus.loader import article_files, first_sentence
from syria_reader.corpus.metadata import Metadata, derive_date, derive_source, derive_title

MAX_BYTES = 50 * 1024 * 1024  # a report, even a long PDF, is far smaller
MAX_MEGABYTES = MAX_BYTES // (1024 * 1024)
TIMEOUT = 30.0
LOCK_TIMEOUT = 600.0  # another add on the same folder may be fetching slow pages
USER_AGENT = "syria-reader (adding an article to a reading corpus)"
_NAME_LENGTH = 60
_SCHEMES = ("http", "https")
# What a server says it sends -> the form it is read as; any other text/* is plain text.
_CONTENT_TYPES = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "text/plain": ".txt",
    "text/markdown": ".md",
    "text/x-markdown": ".md",
}
_GENERIC_TYPES = frozenset({"application/octet-stream", "binary/octet-stream"})
_NOT_ASCII = re.compile(r"[^\x00-\x7f]")


class AddError(Exception):
    """One article could not be added; the message is one line for the user."""


@dataclass(frozen=True)
class Added:
    source: str  # the address or file as the user gave it
    path: Path  # the file written, or the one that already held it
    title: str
    new: bool  # False: the folder already had it, nothing was written
    unread_date: str | None = None  # a date it gives that is no full date: left out


@dataclass(frozen=True)
class _Fetched:
    data: bytes
    suffix: str  # the form to read it as
    address: str  # after redirects
    charset: str | None  # what the server said the text is in


Progress = Callable[[int, int, str, "Added | AddError"], None]


def add_articles(sources: Iterable[str], folder: Path, encoding: str | None = None,
                 on_progress: Progress | None = None) -> list[Added | AddError]:
    """Add each address or file to ``folder`` (made if missing); one outcome each, in
    order. A source that fails does not stop the others."""
    wanted = list(sources)
    folder.mkdir(parents=True, exist_ok=True)
    outcomes: list[Added | AddError] = []
    with _folder_lock(folder):
        known = _known(folder, encoding)
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
    try:
        scheme = urllib.parse.urlsplit(source).scheme
    except ValueError:  # "http://[::1": an address still, one that cannot be fetched
        scheme = source.partition(":")[0].strip().lower()
    return scheme in _SCHEMES


@contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    from filelock import FileLock, Timeout

    key = hashlib.sha256(os.fsencode(folder.resolve())).hexdigest()[:32]  # UTF-8 or not
    locks = app_dirs.state_dir() / "locks"
    locks.mkdir(parents=True, exist_ok=True)
    try:
        with FileLock(locks / f"add-{key}.lock", timeout=LOCK_TIMEOUT):
            yield
    except Timeout:
        raise OSError(f"another 'add' has been adding to {folder} for "
                      f"{LOCK_TIMEOUT:.0f} s; try again when it is done") from None


def _add_one(source: str, folder: Path, encoding: str | None,
             known: dict[str, Path]) -> Added:
    address = None
    if is_address(source):
        fetched = fetch(source)
        data, suffix, address = fetched.data, fetched.suffix, fetched.address
        encoding = encoding or fetched.charset
    else:
        data, suffix = _read_file(source)
    try:
        extracted = convert(suffix, data, encoding)
    except UndecodableError as error:
        raise AddError(f"{source}: {error}") from None
    if not extracted.text.strip():
        raise AddError(f"{source}: no text")
    metadata = _completed(extracted, address, source)
    given_date = extracted.metadata.date if extracted.metadata else None
    unread_date = given_date if given_date and metadata.date is None else None
    for key in _keys(metadata, extracted.text):
        if key in known:
            return Added(source, known[key], metadata.title or known[key].stem, new=False)
    try:
        written = _write(folder, metadata, extracted)
    except OSError as error:
        raise AddError(f"{source}: could not write it into {folder} "
                       f"({error.strerror or error})") from None
    for key in _keys(metadata, extracted.text):
        known[key] = written
    return Added(source, written, metadata.title or written.stem, new=True,
                 unread_date=unread_date)


def _read_file(source: str) -> tuple[bytes, str]:
    path = Path(source).expanduser()
    if path.is_dir():
        raise AddError(f"{source}: a folder; name the files in it")
    if not path.exists():
        raise AddError(f"{source}: no such file")
    if not path.is_file():
        raise AddError(f"{source}: not a regular file")
    suffix = path.suffix.lower()
    if suffix not in FORMS:
        raise AddError(f"{source}: not an article format (articles are {_kinds()})")
    try:
        if path.stat().st_size > MAX_BYTES:
            raise AddError(f"{source}: larger than {MAX_MEGABYTES} MB")
        return path.read_bytes(), suffix
    except OSError as error:
        raise AddError(f"{source}: {error.strerror or error}") from None


def _completed(extracted: Extracted, address: str | None, source: str) -> Metadata:
    """What the file says of itself, completed from its text as the loader would, and
    its name only when the text names no title either. A date it gives that is no real
    full date ("2018-13-45") is left out, as the loader would not use it."""
    given = extracted.metadata or Metadata()
    text = extracted.text
    return Metadata(
        title=given.title or derive_title(text, lambda: first_sentence(text))
        or _fallback_title(source),
        source=given.source or derive_source(text),
        date=parse_date(given.date) if given.date else derive_date(text),
        url=given.url or address,
    )


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to another http(s) address (urllib's own also goes to
    ftp: a page must not send ``add`` elsewhere)."""

    def redirect_request(self, request: urllib.request.Request, fp: object, code: int,
                         msg: str, headers: object, newurl: str
                         ) -> urllib.request.Request | None:
        if urllib.parse.urlsplit(newurl).scheme not in _SCHEMES:
            raise urllib.error.URLError(f"redirected to a non-web address ({newurl})")
        return super().redirect_request(request, fp, code, msg, headers, newurl)  # type: ignore[arg-type]


def _opener() -> urllib.request.OpenerDirector:
    # Only what http(s) needs: no FTP, no file handler, redirects kept to the web.
    opener = urllib.request.OpenerDirector()
    for handler in (urllib.request.HTTPHandler(), urllib.request.HTTPSHandler(),
                    _HttpOnlyRedirects(), urllib.request.HTTPErrorProcessor(),
                    urllib.request.HTTPDefaultErrorHandler()):
        opener.add_handler(handler)
    return opener


def _requested(address: str) -> str:
    """``address`` as a request carries it: letters of any script percent-encoded (as
    a browser does); an ``AddError`` for one no request can carry, said as plainly as
    the address allows."""
    why = _unfetchable(address)
    if why is not None:
        raise AddError(f"{address}: not a web address that can be fetched ({why})")
    parts = urllib.parse.urlsplit(address)  # _unfetchable split it
    if not _NOT_ASCII.search(address):
        return address
    # The host may stay in its script: the connection encodes it (IDNA).
    return urllib.parse.urlunsplit(parts._replace(**{
        name: urllib.parse.quote(getattr(parts, name), safe=string.punctuation)
        for name in ("path", "query", "fragment")}))


def _unfetchable(address: str) -> str | None:
    """Why ``address`` cannot be requested as written, if it cannot."""
    for char in address:
        if char == " ":
            return "a space in it; write it as %20"
        if unicodedata.category(char) == "Cc":  # tab and line breaks too
            return "a control character in it"
        if char.isspace():  # a no-break space
            return "a space in it"
    try:
        urllib.parse.urlsplit(address).port  # noqa: B018 -- "host:abc" fails only when read
    except ValueError as error:  # "Invalid IPv6 URL", "Port out of range 0-65535"
        return one_line(error)
    return None


def fetch(address: str, timeout: float = TIMEOUT) -> _Fetched:
    """The bytes at ``address`` (http or https), with the form to read them as."""
    request = urllib.request.Request(_requested(address), headers={"User-Agent": USER_AGENT})
    try:
        with _opener().open(request, timeout=timeout) as response:
            data = response.read(MAX_BYTES + 1)
            kind = response.headers.get_content_type()
            charset = response.headers.get_content_charset()
            final = response.geturl()
    except urllib.error.HTTPError as error:
        raise AddError(f"{address}: the server answered {error.code} {error.reason}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise AddError(f"{address}: could not fetch it ({one_line(reason)})") from None
    except ValueError as error:  # what _requested lets by: a host IDNA cannot encode,
        # a redirect to an address http.client refuses (its InvalidURL)
        raise AddError(f"{address}: could not fetch it ({one_line(error)})") from None
    if len(data) > MAX_BYTES:
        raise AddError(f"{address}: larger than {MAX_MEGABYTES} MB")
    return _Fetched(data, _form(address, kind, final, data), final, charset)


def _form(address: str, content_type: str, final: str, data: bytes) -> str:
    if content_type in _CONTENT_TYPES:
        return _CONTENT_TYPES[content_type]
    if content_type.startswith("text/"):
        return ".txt"
    suffix = Path(urllib.parse.urlsplit(final).path).suffix.lower()
    if content_type in _GENERIC_TYPES and suffix in FORMS:
        return suffix
    raise AddError(f"{address}: not an article ({content_type})")


def front_matter(metadata: Metadata) -> str:
    """Front matter the loader reads back as it was: one line per field, quoted, with
    line breaks and other control characters made spaces."""
    lines = ["---"]
    for name in ("title", "source", "date", "url"):
        value = getattr(metadata, name)
        flat = " ".join("".join(" " if unicodedata.category(c)[0] == "C" else c
                                for c in str(value)).split()) if value else ""
        if flat:
            lines.append(f'{name}: "{flat}"')
    lines.append("---")
    return "\n".join(lines) + "\n"


def _write(folder: Path, metadata: Metadata, extracted: Extracted) -> Path:
    payload = (front_matter(metadata) + extracted.text).encode("utf-8")
    stem = _file_stem(metadata.title or "article")
    for number in range(1, 10_000):
        path = folder / (f"{stem}.txt" if number == 1 else f"{stem}-{number}.txt")
        if path.exists() or path.is_symlink():
            continue
        try:
            create_new(path, payload)
        except FileExistsError:
            continue
        return path
    raise OSError(f"no free file name for '{stem}'")


def _file_stem(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    stem = ""
    for word in re.findall(r"[a-z0-9]+", ascii_title.lower()):
        if len(stem) + len(word) + 1 > _NAME_LENGTH:
            break
        stem = f"{stem}-{word}" if stem else word
    return stem or "article"


def _fallback_title(source: str) -> str:
    if is_address(source):
        parts = urllib.parse.urlsplit(source)
        return Path(parts.path).stem or parts.netloc
    return Path(source).stem


def _kinds() -> str:
    return ", ".join(sorted(FORMS))


def _keys(metadata: Metadata, text: str) -> list[str]:
    # Two copies of one article differ at most in their white space.
    keys = ["text:" + " ".join(text.split())]
    return [f"url:{metadata.url}", *keys] if metadata.url else keys


def _known(folder: Path, encoding: str | None) -> dict[str, Path]:
    """The addresses and texts of the articles already in ``folder``, in every form
    the loader reads (only regular files, none larger than an article may be)."""
    known: dict[str, Path] = {}
    articles, _ = article_files(folder)
    for path in articles:
        try:
            if path.stat().st_size > MAX_BYTES:
                continue
            extracted = convert(path.suffix, path.read_bytes(), encoding)
        except (OSError, UndecodableError):
            continue
        for key in _keys(extracted.metadata or Metadata(), extracted.text):
            known.setdefault(key, path)
    return known
