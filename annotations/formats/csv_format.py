"""CSV for spreadsheets: one claim a row.

Dialect, chosen for what spreadsheets read best:
- UTF-8 with a byte-order mark. Excel reads a CSV without one in the legacy code page
  and garbles “curly quotes”, é and every non-Latin script; LibreOffice, Google Sheets,
  Numbers and pandas/``csv`` with ``encoding="utf-8-sig"`` all accept the mark.
- RFC 4180 quoting (``csv.QUOTE_MINIMAL``): a field with a comma, a double quote or a
  line break is quoted and its quotes doubled; the others stay bare. Quoting everything
  would not stop spreadsheets guessing types (they ignore the quotes for that) and
  would only make the file bigger.
- CRLF between rows (RFC 4180, and what Excel writes); line breaks inside a note stay
  as they are, inside the quoted field, and spreadsheets show them as line breaks.
Text is written as it is, not defused against formulas: a note starting with "=" is
the analyst's own text, and changing it would break the round trip through a reader.

Linked claims: ``linked_ids`` lists the ids (space-separated) for scripts; ``links``
has one line per link for people: relation, direction, article and quote of the other.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from syria_reader.annotations.formats.common import ExportData, LinkEnd, Progress, read_head
from syria_reader.annotations.store.model import Annotation

COLUMNS = (
    "id", "article_id", "title", "source", "date", "label", "quote", "note", "start", "end",
    "author", "created", "modified", "orphaned", "anchor", "original_quote", "linked_ids",
    "links",
)
ENCODING = "utf-8-sig"  # UTF-8 with a byte-order mark


def _describe(data: ExportData, end: LinkEnd) -> str:
    arrow = "→" if end.outgoing else "←"
    other = data.annotation(end.other)
    if other is None:
        return f"{end.relation} {arrow} {end.other}"
    return f"{end.relation} {arrow} [{other.article_id}] “{other.quote}”"


def row(data: ExportData, claim: Annotation) -> list[object]:
    article = data.article(claim.article_id)
    ends = data.links_of(claim.id)
    return [
        claim.id, claim.article_id, article.title if article else "",
        (article.source or "") if article else "", (article.date or "") if article else "",
        claim.label, claim.quote, claim.note, claim.start, claim.end, claim.author,
        claim.created, claim.modified, "yes" if claim.orphaned else "", claim.anchor,
        claim.original_quote,
        " ".join(end.other for end in ends if data.annotation(end.other) is not None),
        "\n".join(_describe(data, end) for end in ends),
    ]


def write(data: ExportData, path: Path, progress: Progress) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for annotation in data.annotations:
        if annotation.kind == "claim":
            writer.writerow(row(data, annotation))
        progress.advance()
    progress.advance(len(data.links))
    path.write_bytes(buffer.getvalue().encode(ENCODING))


def wrote(path: Path) -> bool:
    """Whether ``path`` is a CSV export of ours: its header row is ours."""
    head = read_head(path)
    if head is None:
        return False
    header = head.removeprefix(b"\xef\xbb\xbf").split(b"\r\n", 1)[0]
    return header.decode("utf-8", "replace") == ",".join(COLUMNS)
