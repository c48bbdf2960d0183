"""How entity types map to the reader's colour classes (styled in the .tcss files)."""

from __future__ import annotations

ENTITY_CLASSES: dict[str, str] = {
    "PERSON": "person",
    "ORG": "org",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
    "EVENT": "other",
    "DATE": "date",
    "TIME": "date",
    "CARDINAL": "number",
    "QUANTITY": "number",
    "MONEY": "number",
    "PERCENT": "number",
    "ORDINAL": "number",
}
# The legend's order, with what each class means to a reader.
LEGEND: tuple[tuple[str, str], ...] = (
    ("person", "people"),
    ("org", "organisations"),
    ("place", "places"),
    ("group", "nationalities, groups"),
    ("date", "dates"),
    ("number", "numbers"),
    ("other", "events, other"),
)


def entity_class(entity_type: str) -> str:
    return ENTITY_CLASSES.get(entity_type, "other")
