"""Annotation records: what the analyst tagged, anchored by offsets and by its quote."""

from __future__ import annotations

import getpass
import uuid
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from syria_reader.corpus import Article

CONTEXT_CHARS = 32
KINDS = ("claim", "note", "entity")
# Where an annotation is in its article's current text (annotations/store/anchoring.py):
# exact: where it was tagged; moved: its quote found elsewhere; changed: text like its
# quote found, but not the same (``original_quote`` keeps what was tagged); orphaned:
# not found.
ANCHORS = ("exact", "moved", "changed", "orphaned")
DEFAULT_LABELS = ("figure", "event", "policy", "statement", "prediction", "opinion")


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def default_author() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "analyst"


@dataclass(frozen=True)
class Annotation:
    """One annotation; ``quote == text[start:end]`` of the article version it was made on.

    ``orphaned`` is set when the article changed and the quote could not be found again:
    the annotation is kept and listed, never dropped. ``anchor`` says how it was found;
    when ``changed``, ``original_quote`` is the text as tagged, ``quote`` the text now.
    ``orphaned`` and an ``anchor`` of ``orphaned`` always go together: a record that
    has one only (an import, an earlier version) is read as orphaned, never hidden.
    """

    article_id: str
    article_sha256: str
    start: int
    end: int
    quote: str
    prefix: str
    suffix: str
    kind: str = "claim"
    label: str = ""
    note: str = ""
    author: str = field(default_factory=default_author)
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    created: str = field(default_factory=now)
    modified: str = ""
    orphaned: bool = False
    anchor: str = "exact"
    original_quote: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown annotation kind {self.kind!r}")
        if self.anchor not in ANCHORS:
            raise ValueError(f"unknown anchor {self.anchor!r}; one of {', '.join(ANCHORS)}")
        if not self.modified:
            object.__setattr__(self, "modified", self.created)
        if self.orphaned or self.anchor == "orphaned":
            object.__setattr__(self, "orphaned", True)
            object.__setattr__(self, "anchor", "orphaned")

    def to_record(self) -> dict[str, object]:
        # Every field is a str, int or bool: a shallow dict is asdict's result, without
        # its deep copy (ten times the cost, paid per annotation at every load).
        return {name: getattr(self, name) for name in self.__dataclass_fields__}

    @classmethod
    def from_record(cls, record: dict[str, object]) -> Annotation:
        names = cls.__dataclass_fields__
        return cls(**{k: v for k, v in record.items() if k in names})  # type: ignore[arg-type]

    def edited(self, **changes: object) -> Annotation:
        return replace(self, modified=now(), **changes)  # type: ignore[arg-type]


ClaimKey = tuple[str, int, int, str, str]  # article, start, end, label, author


def claim_key(annotation: Annotation) -> ClaimKey | None:
    """What makes two claims one: the same article, span, label and author (``tag`` of
    that passage again is that claim; an import does not add it twice). A note or an
    orphaned claim is never "the same claim" as another."""
    if annotation.kind != "claim" or annotation.orphaned:
        return None
    return (annotation.article_id, annotation.start, annotation.end, annotation.label,
            annotation.author)


def anchor_fields(article: Article, start: int, end: int) -> dict[str, object]:
    """Offsets plus the quote and its context: enough to find the span again."""
    text = article.text
    return {
        "article_id": article.id,
        "article_sha256": article.sha256,
        "start": start,
        "end": end,
        "quote": text[start:end],
        "prefix": text[max(start - CONTEXT_CHARS, 0) : start],
        "suffix": text[end : end + CONTEXT_CHARS],
    }


def new_annotation(
    article: Article, start: int, end: int, kind: str = "claim", label: str = "",
    note: str = "", author: str | None = None,
) -> Annotation:
    if not 0 <= start < end <= len(article.text):
        raise ValueError(f"span {start}-{end} is outside {article.id}")
    fields = anchor_fields(article, start, end)
    return Annotation(kind=kind, label=label, note=note, author=author or default_author(),
                      **fields)  # type: ignore[arg-type]
