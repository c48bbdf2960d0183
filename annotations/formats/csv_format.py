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
- Booleans as ``true`` / ``false``; offsets as numbers.

Safe to open by default: quotes, notes, labels and titles come from articles and other
people, and a spreadsheet runs a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return as a formula (``=HYPERLINK(...)`` sends data away, older Excel
even starts programs through DDE). So, as OWASP's CSV injection advice says, such a
cell gets a single quote in front, which spreadsheets take as "this is text" and do
not show. To keep the escape reversible, a cell that already starts with quotes
followed by one of those characters gets one more: a script takes the text back by
removing one leading ``'`` wherever the cell, without its leading quotes, starts with
one of them (``unescape``). ``--raw-csv`` writes every cell as it is, for scripts that
never open the file in a spreadsheet.

Linked claims: ``linked_ids`` lists the ids (space-separated) for scripts; ``links``
has one line per link for people: relation, direction, article and quote of the other.
``start`` and ``end`` count in the text whose sha256 is ``article_sha256`` (the
version the claim was tagged on).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from syria_reader.annotations.formats.common import ExportData, LinkEnd, Progress, read_head
from syria_reader.annotations.store.model import Annotation

COLUMNS = (
    "id", "article_id", "title", "source", "date", "label", "quote", "note", "start", "end",
    "article_sha256", "author", "created", "modified", "orphaned", "anchor",
    "original_quote", "linked_ids", "links",
)
# The header of exports before article_sha256 was added: still ours to replace.
EARLIER_COLUMNS = tuple(c for c in COLUMNS if c != "article_sha256")
ENCODING = "utf-8-sig"  # UTF-8 with a byte-order mark
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def defuse(cell: str) -> str:
    """``cell`` as a spreadsheet shows it but never runs it: a leading ``'`` when the
    cell (past any quotes it starts with) starts like a formula."""
    return "'" + cell if cell.lstrip("'").startswith(FORMULA_STARTS) else cell


def unescape(cell: str) -> str:
    """The text ``defuse`` was given: ``unescape(defuse(text)) == text`` for any text."""
    return cell[1:] if cell.startswith("'") and defuse(cell[1:]) == cell else cell


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
        claim.label, claim.quote, claim.note, claim.start, claim.end, claim.article_sha256,
        claim.author, claim.created, claim.modified, "true" if claim.orphaned else "false",
        claim.anchor, claim.original_quote,
        " ".join(end.other for end in ends if data.annotation(end.other) is not None),
        "\n".join(_describe(data, end) for end in ends),
    ]


def write(data: ExportData, path: Path, progress: Progress) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for annotation in data.annotations:
        if annotation.kind == "claim":
            cells = row(data, annotation)
            if not data.raw_csv:
                cells = [defuse(c) if isinstance(c, str) else c for c in cells]
            writer.writerow(cells)
        progress.advance()
    progress.advance(len(data.links))
    path.write_bytes(buffer.getvalue().encode(ENCODING))


def wrote(path: Path) -> bool:
    """Whether ``path`` is a CSV export of ours: its header row is ours (this version's
    or an earlier one's)."""
    head = read_head(path)
    if head is None:
        return False
    header = head.removeprefix(b"\xef\xbb\xbf").split(b"\r\n", 1)[0]
    return header.decode("utf-8", "replace") in (",".join(COLUMNS), ",".join(EARLIER_COLUMNS))
