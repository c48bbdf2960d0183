"""Which entity clusters a passage names, also for text the recogniser never saw.

Corpus sentences have the EntityIndex's mentions. A query typed by the analyst, or a
sentence of an article changed since recognition, has none: for those the clusters'
own surface forms (and the alias table: "U.S." = "United States") are looked up in
the text, longest first. Both paths give cluster ids, so "SDF" and "Syrian Democratic
Forces" are one feature wherever they come from.
"""

from __future__ import annotations

from collections import defaultdict

from syria_reader.annotations.entities.index import ClusterSummary, EntityIndex
from syria_reader.annotations.entities.names import (
    ALIASES,
    NORP,
    PERSON,
    demonym_pair,
    is_value_type,
)
from syria_reader.annotations.linking.text import STOP_WORDS, Token, tokens

Span = tuple[int, int, str]  # start, end, cluster id
_SHORT = 3  # "US", "IS", "UN", "MaT": only when written with capitals
_PLACE_TYPES = frozenset({"GPE", "LOC"})


def _key(surface: str) -> tuple[str, ...]:
    norms = [token.norm for token in tokens(surface)]
    while norms and norms[0] == "the":
        norms.pop(0)
    return tuple(norms)


class EntityMatcher:
    """Cluster ids of the entities in a text, by the index's mentions or by name."""

    def __init__(self, entities: EntityIndex | None) -> None:
        self.entities = entities
        self.names: dict[str, str] = {}  # cluster id -> the name shown in reasons
        self._same_as: dict[str, str] = {}  # demonym cluster -> its place's cluster
        self._names: dict[tuple[str, ...], str] = {}
        self._sizes: dict[str, list[int]] = {}  # first token -> name lengths, longest first
        self._places: set[str] = set()
        self._people: set[str] = set()
        if entities is not None:
            # Summaries, not clusters: a cached index then decodes no mention for this.
            named = [c for c in entities.summaries() if not is_value_type(c.type)]
            self.names = {cluster.id: cluster.name for cluster in named}
            self._places = {c.id for c in named if c.type in _PLACE_TYPES}
            self._people = {c.id for c in named if c.type == PERSON}
            self._same_as = _demonym_places(named)
            self._build_names(named)

    def _build_names(self, clusters: list[ClusterSummary]) -> None:
        candidates: dict[tuple[str, ...], list[ClusterSummary]] = defaultdict(list)
        alias_groups = {key: group for group in ALIASES for key in group}
        for cluster in clusters:
            surfaces = {cluster.name, *cluster.aliases} | cluster.surfaces
            keys = {_key(surface) for surface in surfaces}
            for key in list(keys):
                for alias in alias_groups.get(" ".join(key), ()):
                    keys.add(tuple(alias.split()))
            for key in keys:
                if key and not (len(key) == 1 and key[0] in STOP_WORDS - {"us", "is"}):
                    candidates[key].append(cluster)
        # A name two clusters answer to goes to the one the corpus names most often.
        for key, owners in candidates.items():
            self._names[key] = max(owners, key=lambda c: (c.size, c.id)).id
            self._sizes.setdefault(key[0], []).append(len(key))
        for sizes in self._sizes.values():
            sizes.sort(reverse=True)

    def is_place(self, cluster_id: str) -> bool:
        return cluster_id in self._places

    def is_person(self, cluster_id: str) -> bool:
        return cluster_id in self._people

    def feature(self, cluster_id: str) -> str:
        """The cluster a mention counts as: a demonym counts as its place ("Iranian")."""
        return self._same_as.get(cluster_id, cluster_id)

    def known_spans(self, article_id: str, start: int, end: int, text: str) -> list[Span]:
        """The index's mentions inside ``[start, end)`` of the article whose text is ``text``."""
        if self.entities is None:
            return []
        found = []
        for mention in self.entities.mentions(article_id):
            if mention.start >= end:
                break
            if mention.start < start or mention.end > end or is_value_type(mention.type):
                continue
            if text[mention.start : mention.end] != mention.text:
                continue  # recognised on another version of the text
            cluster_id = self.entities.cluster_id_of(mention)
            if cluster_id is not None:
                found.append((mention.start, mention.end, self.feature(cluster_id)))
        return found

    def named_spans(self, words: list[Token]) -> list[Span]:
        """Spans of ``words`` that spell a cluster's name, longest match first."""
        found: list[Span] = []
        position = 0
        while position < len(words):
            for size in self._sizes.get(words[position].norm, ()):
                if position + size > len(words):
                    continue
                key = tuple(token.norm for token in words[position : position + size])
                cluster_id = self._names.get(key)
                if cluster_id is None or not _written_as_name(words[position], size):
                    continue
                last = words[position + size - 1]
                found.append((words[position].start, last.end, self.feature(cluster_id)))
                position += size
                break
            else:
                position += 1
        return found


def _written_as_name(first: Token, size: int) -> bool:
    """A one-word name must be capitalised ("Post", not "post"); a short one that is also
    a common word must have more capitals than a sentence start ("US", "IS", not "Us")."""
    if size > 1:
        return True
    surface = first.surface
    if not any(ch.isupper() for ch in surface):
        return False
    return not (len(first.norm) <= _SHORT and first.norm in STOP_WORDS and surface.istitle())


def _demonym_places(clusters: list[ClusterSummary]) -> dict[str, str]:
    """NORP clusters whose name is a place's demonym ("Iranian" -> "Iran")."""
    places = {_key(c.name): c.id for c in clusters if c.type in _PLACE_TYPES}
    found = {}
    for cluster in clusters:
        if cluster.type != NORP:
            continue
        key = _key(cluster.name)
        for place_key, place_id in places.items():
            if key and place_key and demonym_pair(place_key, key):
                found[cluster.id] = place_id
                break
    return found


def merge_spans(primary: list[Span], extra: list[Span]) -> list[Span]:
    """``primary`` plus the spans of ``extra`` that overlap none of them, in text order."""
    kept = list(primary)
    for span in extra:
        if not any(span[0] < other[1] and other[0] < span[1] for other in primary):
            kept.append(span)
    return sorted(kept)
