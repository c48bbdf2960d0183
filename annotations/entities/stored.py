"""An entity index in the form it is cached in, read back only as far as it is used.

A thousand articles hold about a hundred thousand mentions; making each one a
``Mention`` costs more than everything else a ``related`` query does. So the cached
form keeps the clusters' summaries (what the entity list and the related index's
matcher read), and each article's mentions as a separate pickled block, decoded
when that article is asked for (the reader's pane, a query's own article). Only
``clusters`` (``entities --json``, an export) decodes everything.

Blocks and the payload hold builtins only, read with ``cache_files.loads``, which
refuses any class.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Mapping
from typing import Any

from syria_reader.annotations.cache_files import dumps, loads
from syria_reader.annotations.entities.clusters import EntityCluster
from syria_reader.annotations.entities.corrections import EntityCorrection
from syria_reader.annotations.entities.index import ClusterSummary, EntityIndex
from syria_reader.corpus.entities import Mention

# Mentions of one article: starts, ends, texts, types and cluster numbers, in order.
_Block = tuple[tuple[int, ...], tuple[int, ...], tuple[str, ...], tuple[str, ...],
               tuple[int, ...]]


def encode(index: EntityIndex) -> dict[str, Any]:
    """The cached form of a built index (see the module's docstring)."""
    clusters = index.clusters
    cluster_no: dict[tuple[str, int, int], int] = {}
    for number, cluster in enumerate(clusters):  # the last one wins, as in cluster_of
        for mention in cluster.mentions:
            cluster_no[(mention.article_id, mention.start, mention.end)] = number
    articles: list[tuple[str, int, bytes]] = []
    numbers: dict[Mention, int] = {}
    by_article: dict[str, list[Mention]] = {}
    for cluster in clusters:
        for mention in cluster.mentions:
            by_article.setdefault(mention.article_id, []).append(mention)
    for article_id in sorted(by_article):
        found = sorted(by_article[article_id])
        for mention in found:
            numbers.setdefault(mention, len(numbers))
        block: _Block = (tuple(m.start for m in found), tuple(m.end for m in found),
                         tuple(m.text for m in found), tuple(m.type for m in found),
                         tuple(cluster_no[(m.article_id, m.start, m.end)] for m in found))
        articles.append((article_id, len(found), dumps(block)))
    order = array("q")
    bounds = array("q", [0])
    for cluster in clusters:
        order.extend(numbers[m] for m in cluster.mentions)
        bounds.append(len(order))
    return {
        "fingerprint": index.fingerprint,
        "stale": [c.to_record() for c in index.stale_corrections],
        "clusters": [(s.id, s.name, s.type, s.aliases, s.size, s.articles,
                      tuple(sorted(s.surfaces))) for s in index.summaries()],
        "articles": articles,
        "order": order.tobytes(),
        "bounds": bounds.tobytes(),
    }


class StoredEntityIndex(EntityIndex):
    """An ``EntityIndex`` read from its cached form: the same answers, decoded lazily."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        stale = [EntityCorrection.from_record(dict(record)) for record in data["stale"]]
        super().__init__([], stale)
        self._summaries = [
            ClusterSummary(str(i), str(n), str(t), tuple(map(str, a)), int(size),
                           int(count), frozenset(map(str, surfaces)))
            for i, n, t, a, size, count, surfaces in data["clusters"]]
        self._stored_fingerprint = str(data["fingerprint"])
        self._blocks: dict[str, tuple[int, bytes]] = {}
        self._firsts: list[int] = []
        self._article_ids: list[str] = []
        first = 0
        for article_id, count, blob in data["articles"]:
            self._blocks[str(article_id)] = (first, bytes(blob))
            self._firsts.append(first)
            self._article_ids.append(str(article_id))
            first += int(count)
        self._order = array("q", bytes(data["order"]))
        self._bounds = array("q", bytes(data["bounds"]))
        if len(self._bounds) != len(self._summaries) + 1 or self._bounds[-1] != len(
                self._order) or (self._order and not 0 <= min(self._order) <= max(
                self._order) < first):
            raise ValueError("the stored clusters do not fit their mentions")
        self._decoded: dict[str, tuple[list[Mention], tuple[int, ...]]] = {}
        self._cluster_at: dict[str, dict[tuple[int, int], int]] = {}
        self._made: dict[int, EntityCluster] = {}
        self._all: list[EntityCluster] | None = None
        self._ids = {summary.id: number for number, summary in enumerate(self._summaries)}

    # -- decoding ------------------------------------------------------------------------

    def _article(self, article_id: str) -> tuple[list[Mention], tuple[int, ...]]:
        found = self._decoded.get(article_id)
        if found is None:
            if article_id not in self._blocks:
                return [], ()
            starts, ends, texts, types, numbers = loads(self._blocks[article_id][1])
            mentions = [Mention(article_id, s, e, t, y)
                        for s, e, t, y in zip(starts, ends, texts, types, strict=True)]
            found = self._decoded[article_id] = (mentions, tuple(numbers))
        return found

    def _make(self, number: int) -> EntityCluster:
        cluster = self._made.get(number)
        if cluster is None:
            mentions = []
            for global_number in self._order[self._bounds[number]:self._bounds[number + 1]]:
                position = bisect_right(self._firsts, global_number) - 1
                article_id = self._article_ids[position]
                mentions.append(self._article(article_id)[0][
                    global_number - self._firsts[position]])
            summary = self._summaries[number]
            cluster = self._made[number] = EntityCluster(
                summary.id, summary.name, summary.type, list(summary.aliases), mentions)
        return cluster

    # -- the EntityIndex's questions ---------------------------------------------------

    @property
    def clusters(self) -> list[EntityCluster]:
        if self._all is None:
            self._all = [self._make(number) for number in range(len(self._summaries))]
        return self._all

    def mentions(self, article_id: str) -> list[Mention]:
        return self._article(article_id)[0]

    def _number_of(self, mention: Mention) -> int | None:
        at = self._cluster_at.get(mention.article_id)
        if at is None:
            mentions, numbers = self._article(mention.article_id)
            at = self._cluster_at[mention.article_id] = {
                (m.start, m.end): n for m, n in zip(mentions, numbers, strict=True)}
        return at.get((mention.start, mention.end))

    def cluster_id_of(self, mention: Mention) -> str | None:
        number = self._number_of(mention)
        return self._summaries[number].id if number is not None else None

    def cluster_of(self, mention: Mention) -> EntityCluster | None:
        number = self._number_of(mention)
        return self._make(number) if number is not None else None

    def summary_of(self, mention: Mention) -> ClusterSummary | None:
        number = self._number_of(mention)
        return self._summaries[number] if number is not None else None

    def cluster(self, cluster_id: str) -> EntityCluster | None:
        number = self._ids.get(cluster_id)
        return self._make(number) if number is not None else None

    def summaries(self) -> list[ClusterSummary]:
        return list(self._summaries)

    @property
    def cluster_count(self) -> int:
        return len(self._summaries)

    @property
    def fingerprint(self) -> str:  # type: ignore[override]
        return self._stored_fingerprint
