"""The corpus's entities: recognised (cached), corrected by the user, clustered.

One call builds everything the reader and ``syria-reader entities`` show. The result is
cached per corpus state (``index_cache``): a later run on the same articles, model,
patterns and corrections reads it back instead of fixing types and clustering again,
and reads only what it is asked for (``stored``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from itertools import chain
from typing import TYPE_CHECKING

from syria_reader.annotations.entities.clusters import EntityCluster, cluster_mentions
from syria_reader.annotations.entities.corrections import (
    EntityCorrection,
    correct_clusters,
    correct_mentions,
    load_corrections,
    ruler_patterns,
)
from syria_reader.annotations.store.database import AnnotationStore
from syria_reader.corpus import Corpus
from syria_reader.corpus.entities import Mention
from syria_reader.corpus.model_name import ModelChoice
from syria_reader.corpus.ner import corpus_patterns_path, recognition_inputs, recognize_corpus
from syria_reader.corpus.ner_cache import NerCache

if TYPE_CHECKING:
    from syria_reader.annotations.entities.index_cache import IndexCache

MentionKey = tuple[str, int, int]


@dataclass(frozen=True)
class ClusterSummary:
    """What is known of a cluster without its mentions: the entity list, the matcher."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...]
    size: int  # mentions
    articles: int  # articles it is mentioned in
    surfaces: frozenset[str]  # its mentions' texts, each once


class EntityIndex:
    """Clusters, and the mentions of each article, with their clusters."""

    def __init__(self, clusters: list[EntityCluster],
                 stale_corrections: list[EntityCorrection] | None = None) -> None:
        self._clusters = clusters
        self.stale_corrections = list(stale_corrections or [])
        self._summary_by_id: dict[str, ClusterSummary] = {}  # summary_of's, as asked

    @property
    def clusters(self) -> list[EntityCluster]:
        return self._clusters

    # Built when first asked: a command that lists clusters needs none of them.
    @cached_property
    def _by_mention(self) -> dict[MentionKey, EntityCluster]:
        return {(m.article_id, m.start, m.end): cluster
                for cluster in self.clusters for m in cluster.mentions}

    @cached_property
    def _by_id(self) -> dict[str, EntityCluster]:
        return {cluster.id: cluster for cluster in self.clusters}

    @cached_property
    def _by_article(self) -> dict[str, list[Mention]]:
        by_article: dict[str, list[Mention]] = {}
        for cluster in self.clusters:
            for mention in cluster.mentions:
                by_article.setdefault(mention.article_id, []).append(mention)
        return {article: sorted(found) for article, found in by_article.items()}

    def mentions(self, article_id: str) -> list[Mention]:
        return self._by_article.get(article_id, [])

    def cluster_of(self, mention: Mention) -> EntityCluster | None:
        return self._by_mention.get((mention.article_id, mention.start, mention.end))

    def cluster_id_of(self, mention: Mention) -> str | None:
        """The id of the mention's cluster (cheaper than the cluster, once stored)."""
        cluster = self.cluster_of(mention)
        return cluster.id if cluster is not None else None

    def cluster(self, cluster_id: str) -> EntityCluster | None:
        return self._by_id.get(cluster_id)

    def summaries(self) -> list[ClusterSummary]:
        """Every cluster without its mentions, in the order of ``clusters``."""
        return [summarise(cluster) for cluster in self.clusters]

    @property
    def cluster_count(self) -> int:
        return len(self.clusters)

    def summary_of(self, mention: Mention) -> ClusterSummary | None:
        """What the inspector shows of the mention's cluster (name, type, counts): a
        cached index answers it from the mention's article alone, where ``cluster_of``
        decodes every article the cluster is named in (all of them, for "Syria"); a
        built one summarises each cluster once, not at every key."""
        cluster = self.cluster_of(mention)
        if cluster is None:
            return None
        summary = self._summary_by_id.get(cluster.id)
        if summary is None:
            summary = self._summary_by_id[cluster.id] = summarise(cluster)
        return summary

    @cached_property
    def fingerprint(self) -> str:
        """A digest of which mention belongs to which cluster (the related index's
        features depend on it, so its cache keys on it)."""
        digest = hashlib.sha256()
        for cluster in sorted(self.clusters, key=lambda c: c.id):
            digest.update(f"{cluster.id}\x1f{cluster.type}\x1f{cluster.name}\x1e".encode())
            for mention in sorted(cluster.mentions):
                digest.update(f"{mention.article_id}:{mention.start}:{mention.end}\x1e".encode())
        return digest.hexdigest()

    def next_mention(
        self, cluster: EntityCluster, article_id: str, after: int = -1
    ) -> Mention | None:
        """The cluster's first mention in ``article_id`` after offset ``after``, wrapping."""
        here = sorted(m for m in cluster.mentions if m.article_id == article_id)
        later = [m for m in here if m.start > after]
        return (later or here or [None])[0]


def summarise(cluster: EntityCluster) -> ClusterSummary:
    return ClusterSummary(cluster.id, cluster.name, cluster.type, tuple(cluster.aliases),
                          len(cluster.mentions), len(cluster.articles),
                          frozenset(m.text for m in cluster.mentions))


def build_entity_index(
    corpus: Corpus,
    store: AnnotationStore | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    cache: NerCache | None = None,
    model: ModelChoice | None = None,
    index_cache: IndexCache | None = None,
) -> EntityIndex:
    """Recognise (or read from the cache), apply the user's corrections, cluster.

    ``model``: the spaCy pipeline the user chose; ``None``, the default one.
    ``index_cache``: where finished indexes are kept (beside ``cache``'s folder if
    None); a hit skips the type fixes and the clustering, and gives the same index."""
    from syria_reader.annotations.entities.index_cache import IndexCache, index_key
    from syria_reader.corpus.mention_key import mentions_key

    corrections = load_corrections(store) if store is not None else []
    inputs = recognition_inputs(corpus_patterns_path(corpus.root),
                                ruler_patterns(corrections), model)
    cache = cache if cache is not None else NerCache()
    index_cache = index_cache if index_cache is not None else IndexCache.beside(cache)
    articles = corpus.articles
    key = mentions_key(articles, inputs, cache)
    if key is not None:
        found = index_cache.load(index_key(key, corrections), articles)
        if found is not None:
            return found
    found_mentions = recognize_corpus(articles, None, on_progress=on_progress, cache=cache,
                                      cancelled=cancelled, inputs=inputs)
    mentions = correct_mentions(chain.from_iterable(found_mentions.values()), corrections)
    clusters = cluster_mentions(mentions, {a.id: a.text for a in articles})
    clusters, stale = correct_clusters(clusters, corrections)
    index = EntityIndex(clusters, stale)
    # Again: recognition may have written (or rewritten) some texts' cached entities.
    key = mentions_key(articles, inputs, cache)
    if key is not None:
        index_cache.save(index_key(key, corrections), index)
    return index
