"""Entity mentions: what recognition finds in one article's text."""

from __future__ import annotations

from dataclasses import asdict, dataclass

# The types the reader colours; spaCy's other labels are folded into these or dropped.
ENTITY_TYPES = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "DATE", "TIME",
                "QUANTITY", "CARDINAL", "MONEY", "PERCENT", "ORDINAL")


@dataclass(frozen=True, order=True)
class Mention:
    """One mention: ``text == article.text[start:end]``; offsets are str indices."""

    article_id: str
    start: int
    end: int
    text: str
    type: str

    def to_dict(self) -> dict[str, object]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Mention:
        return cls(
            article_id=str(data["article_id"]),
            start=int(data["start"]),  # type: ignore[call-overload]
            end=int(data["end"]),  # type: ignore[call-overload]
            text=str(data["text"]),
            type=str(data["type"]),
        )
