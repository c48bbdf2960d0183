"""The user's entity corrections: kept in TinyDB, applied on every load.

A correction names mentions by article and offsets plus their text, never by cluster
id, because cluster ids follow the clustering and may change when the corpus does. A
correction whose mention is no longer found (the text changed) is kept and reported
as stale, not dropped.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from syria_reader.annotations.entities.clusters import EntityCluster, canonical_name
from syria_reader.annotations.store.database import AnnotationStore
from syria_reader.annotations.store.errors import StoreCorruptError
from syria_reader.annotations.store.records import describe
from syria_reader.annotations.vocabulary import ENTITY_CORRECTIONS
from syria_reader.corpus.entities import Mention

TABLE = ENTITY_CORRECTIONS
KINDS = ("merge", "split", "retype", "add", "remove", "rename")


@dataclass(frozen=True)
class MentionRef:
    """Where a mention is: article, offsets and the text expected there."""

    article_id: str
    start: int
    end: int
    text: str

    @classmethod
    def of(cls, mention: Mention) -> MentionRef:
        return cls(mention.article_id, mention.start, mention.end, mention.text)

    def matches(self, mention: Mention) -> bool:
        return (mention.article_id, mention.start, mention.end, mention.text) == (
            self.article_id, self.start, self.end, self.text
        )

    def to_dict(self) -> dict[str, object]:
        return {"article": self.article_id, "start": self.start, "end": self.end,
                "text": self.text}

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> MentionRef:
        """The ref in ``data``; ``ValueError`` naming the field that is wrong."""
        if not isinstance(data, dict):
            raise ValueError(f"a mention should be an object, not {type(data).__name__}")
        for name, expected in (("article", str), ("start", int), ("end", int), ("text", str)):
            value = data.get(name)
            if not isinstance(value, expected) or isinstance(value, bool):
                raise ValueError(f"the mention's {name!r} should be "
                                 f"{'a string' if expected is str else 'an integer'}, "
                                 f"not {type(value).__name__}")
        start, end = data["start"], data["end"]
        if not 0 <= start < end:  # type: ignore[operator]
            raise ValueError(f"the mention's offsets {start}-{end} are not a span of text")
        return cls(data["article"], start, end, data["text"])  # type: ignore[arg-type]


@dataclass(frozen=True)
class EntityCorrection:
    """merge: ``mention``'s entity absorbs ``other``'s; split: ``mention`` becomes an
    entity of its own; retype: ``mention``'s entity gets ``type``; add: ``mention`` is a
    mention of ``type`` the recogniser missed; remove: ``mention`` is no entity; rename:
    ``mention``'s entity is called ``name``."""

    kind: str
    mention: MentionRef
    other: MentionRef | None = None
    type: str | None = None
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    created: str = field(default_factory=lambda: datetime.now(UTC).isoformat())
    name: str | None = None  # a rename's

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown correction {self.kind!r}; one of {', '.join(KINDS)}")
        if self.kind == "merge" and self.other is None:
            raise ValueError("a merge needs two entities")
        if self.kind in ("retype", "add") and not self.type:
            raise ValueError(f"{self.kind} needs a type")
        # A name is one line with its spaces made one, typed or imported (an imported
        # "A\nB" would break the one-line lists it is shown in); only a rename has one.
        name = " ".join(self.name.split()) if self.kind == "rename" and self.name else None
        if self.kind == "rename" and not name:
            raise ValueError("a rename needs a name")
        object.__setattr__(self, "name", name)

    def to_record(self) -> dict[str, object]:
        record: dict[str, object] = {
            "id": self.id, "kind": self.kind, "mention": self.mention.to_dict(),
            "other": self.other.to_dict() if self.other else None, "type": self.type,
            "created": self.created,
        }
        if self.name is not None:  # only a rename has one: the other records as before
            record["name"] = self.name
        return record

    @classmethod
    def from_record(cls, record: dict[str, object]) -> EntityCorrection:
        """The correction in ``record``; ``KeyError`` or ``ValueError`` naming the field."""
        for name in ("kind", "id", "created"):
            if not isinstance(record[name], str) or not record[name]:
                raise ValueError(f"{name!r} should be a non-empty string")
        kind_type, other = record.get("type"), record.get("other")
        if kind_type is not None and not isinstance(kind_type, str):
            raise ValueError(f"'type' should be a string or null, not {type(kind_type).__name__}")
        if other is not None and not isinstance(other, dict):
            raise ValueError(f"'other' should be a mention or null, not {type(other).__name__}")
        name = record.get("name")
        if name is not None and not isinstance(name, str):
            raise ValueError(f"'name' should be a string or null, not {type(name).__name__}")
        return cls(
            kind=record["kind"],  # type: ignore[arg-type]
            mention=MentionRef.from_dict(record["mention"]),  # type: ignore[arg-type]
            other=MentionRef.from_dict(other) if other is not None else None,
            type=kind_type or None,
            id=record["id"],  # type: ignore[arg-type]
            created=record["created"],  # type: ignore[arg-type]
            name=name,
        )


def load_corrections(store: AnnotationStore) -> list[EntityCorrection]:
    corrections = []
    for record in store.table(TABLE).all():
        try:
            corrections.append(EntityCorrection.from_record(dict(record)))
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            where = describe("entity correction", record)
            raise StoreCorruptError(f"{store.path}: corrupt database: {where}: "
                                    f"{_problem(error)}; the file was left as it is") from error
    return sorted(corrections, key=lambda c: c.created)


def _problem(error: Exception) -> str:
    return f"has no {error}" if isinstance(error, KeyError) else str(error)


def save_correction(store: AnnotationStore, correction: EntityCorrection) -> None:
    with store.transaction() as db:
        db.table(TABLE).insert(correction.to_record())


def delete_correction(store: AnnotationStore, correction_id: str) -> bool:
    with store.transaction() as db:
        table = db.table(TABLE)
        removed = table.remove(lambda record: record.get("id") == correction_id)
    return bool(removed)


def ruler_patterns(corrections: Iterable[EntityCorrection]) -> list[tuple[str, str]]:
    """Added mentions teach the recogniser: their text becomes an entity_ruler pattern."""
    return sorted({(c.mention.text, str(c.type)) for c in corrections if c.kind == "add"})


def correct_mentions(
    mentions: Iterable[Mention], corrections: Sequence[EntityCorrection]
) -> list[Mention]:
    """Apply the mention-level corrections: drop removed ones, add missed ones.

    An added mention replaces whatever the recogniser found overlapping it.
    """
    removed = {(c.mention.article_id, c.mention.start, c.mention.end, c.mention.text)
               for c in corrections if c.kind == "remove"}
    added = [c for c in corrections if c.kind == "add"]
    kept = [
        m for m in mentions
        if (m.article_id, m.start, m.end, m.text) not in removed
        and not any(_overlaps(m, c.mention) for c in added)
    ]
    kept += [Mention(c.mention.article_id, c.mention.start, c.mention.end, c.mention.text,
                     str(c.type)) for c in added]
    return sorted(set(kept))


def _overlaps(mention: Mention, ref: MentionRef) -> bool:
    return (mention.article_id == ref.article_id and mention.start < ref.end
            and ref.start < mention.end)


def _find(clusters: list[EntityCluster], ref: MentionRef) -> int | None:
    for index, cluster in enumerate(clusters):
        if any(ref.matches(m) for m in cluster.mentions):
            return index
    return None


def correct_clusters(
    clusters: Sequence[EntityCluster], corrections: Sequence[EntityCorrection]
) -> tuple[list[EntityCluster], list[EntityCorrection]]:
    """Apply merges, splits and type changes in the order they were made.

    Returns the corrected clusters and the corrections that no longer apply.
    """
    result = list(clusters)
    stale: list[EntityCorrection] = []
    renamed: set[str] = set()  # the clusters named by hand: a later merge keeps the name
    for correction in corrections:
        if correction.kind in ("add", "remove"):
            continue
        index = _find(result, correction.mention)
        if index is None:
            stale.append(correction)
            continue
        cluster = result[index]
        if correction.kind == "retype":
            result[index] = replace(cluster, type=str(correction.type))
        elif correction.kind == "rename":
            result[index] = replace(cluster, name=str(correction.name))
            renamed.add(cluster.id)
        elif correction.kind == "split":
            result[index:index + 1] = _split(cluster, correction.mention)
        elif correction.kind == "merge":
            assert correction.other is not None
            other_index = _find(result, correction.other)
            if other_index is None:
                stale.append(correction)
            elif other_index != index:
                other = result[other_index]
                merged = _merge(cluster, other)
                if cluster.id in renamed:  # the analyst's name, the kept one's first
                    merged = replace(merged, name=cluster.name)
                elif other.id in renamed:
                    merged = replace(merged, name=other.name)
                    renamed.add(merged.id)
                result[index] = merged
                del result[other_index]
    return result, stale


def _split(cluster: EntityCluster, ref: MentionRef) -> list[EntityCluster]:
    alone = [m for m in cluster.mentions if ref.matches(m)]
    rest = [m for m in cluster.mentions if not ref.matches(m)]
    if not rest:
        return [cluster]
    split_off = replace(
        cluster, id=f"{cluster.id}-split-{ref.article_id}-{ref.start}", name=ref.text,
        aliases=[ref.text], mentions=alone,
    )
    remaining = replace(cluster, mentions=rest, aliases=sorted({m.text for m in rest}))
    return [remaining, split_off]


def _merge(first: EntityCluster, second: EntityCluster) -> EntityCluster:
    """``first`` with ``second``'s mentions, named by them all as any cluster is (the
    fullest, most frequent form): "Post" merged with "Washington Post" is the latter."""
    mentions = sorted([*first.mentions, *second.mentions])
    return replace(
        first, name=canonical_name(mentions), mentions=mentions,
        aliases=sorted({*first.aliases, *second.aliases}),
    )
