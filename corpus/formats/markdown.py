"""Markdown (.md), rendered to plain text by markdown-it-py: the reader shows the words,
not ``#``, ``**`` or ``[link](url)``, and offsets count in those words.

Headings, paragraphs, list items, quotes and code blocks each become a paragraph (a
blank line between them); a link keeps its text, an image its description; raw HTML
is dropped. A first-level heading first in the file is the title, unless front matter
names one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from syria_reader.corpus.decoding import decode
from syria_reader.corpus.formats import Extracted
from syria_reader.corpus.metadata import Metadata, split_front_matter

if TYPE_CHECKING:
    from markdown_it.token import Token

_BULLET = "• "


def convert(data: bytes, encoding: str | None) -> Extracted:
    decoded = decode(data, encoding)
    front, body = split_front_matter(decoded.text)
    blocks, title = render(body)
    if title and not (front and front.title):
        front = replace(front or Metadata(), title=title)
    text = "\n\n".join(blocks)
    return Extracted(text + "\n" if text else "", front, decoded.encoding, decoded.detected)


def render(source: str) -> tuple[list[str], str | None]:
    """The text's blocks as plain text, and the title (a leading ``# heading``)."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse(source)
    blocks: list[str] = []
    title: str | None = None
    prefixes: list[str] = []  # one per open list: the marker its next item gets
    item_marker: str | None = None
    row: list[str] = []
    for index, token in enumerate(tokens):
        kind = token.type
        if kind == "bullet_list_open":
            prefixes.append(_BULLET)
        elif kind == "ordered_list_open":
            prefixes.append(f"{int(token.attrGet('start') or 1)}")
        elif kind in ("bullet_list_close", "ordered_list_close"):
            prefixes.pop()
        elif kind == "list_item_open" and prefixes:
            marker = prefixes[-1]
            if marker != _BULLET:
                prefixes[-1] = str(int(marker) + 1)
                marker = f"{marker}. "
            item_marker = marker
        elif kind == "inline":
            text = _inline(token.children or [])
            parent = tokens[index - 1].type if index else ""
            if parent.startswith(("th_", "td_")):
                row.append(text)
                continue
            if not text.strip():
                continue
            if parent == "heading_open" and tokens[index - 1].tag == "h1" and not blocks:
                title = text.strip()
            if item_marker is not None:
                text, item_marker = item_marker + text, None
            blocks.append(text)
        elif kind == "tr_close" and row:
            blocks.append(" | ".join(cell.strip() for cell in row))
            row = []
        elif kind in ("fence", "code_block") and token.content.strip():
            text = token.content.rstrip("\n")
            if item_marker is not None:  # a list item that opens with code
                text, item_marker = item_marker + text, None
            blocks.append(text)
    return blocks, title


def _inline(children: Sequence[Token]) -> str:
    parts: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n")
        elif child.type == "image":
            parts.append(_inline(child.children or []))
    return "".join(parts)
