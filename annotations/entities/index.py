"""The corpus's entities: recognised (cached), corrected by the user, clustered.

One call builds everything the reader and ``syria-reader entities`` show.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import chain

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
from syria_reader.corpus.ner import corpus_patterns_path, recognize_corpus
from syria_reader.corpus.ner_cache import NerCache

MentionKey = tuple[str, int, int]


@dataclass
class EntityIndex:
    clusters: list[EntityCluster]
    stale_corrections: list[EntityCorrection] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_mention: dict[MentionKey, EntityCluster] = {
            (m.article_id, m.start, m.end): cluster
            for cluster in self.clusters for m in cluster.mentions
        }
        self._by_id = {cluster.id: cluster for cluster in self.clusters}
        by_article: dict[str, list[Mention]] = {}
        for cluster in self.clusters:
            for mention in cluster.mentions:
                by_article.setdefault(mention.article_id, []).append(mention)
        self._by_article = {article: sorted(found) for article, found in by_article.items()}

    def mentions(self, article_id: str) -> list[Mention]:
        return self._by_article.get(article_id, [])

    def cluster_of(self, mention: Mention) -> EntityCluster | None:
        return self._by_mention.get((mention.article_id, mention.start, mention.end))

    def cluster(self, cluster_id: str) -> EntityCluster | None:
        return self._by_id.get(cluster_id)

    def next_mention(
        self, cluster: EntityCluster, article_id: str, after: int = -1
    ) -> Mention | None:
        """The cluster's first mention in ``article_id`` after offset ``after``, wrapping."""
        here = sorted(m for m in cluster.mentions if m.article_id == article_id)
        later = [m for m in here if m.start > after]
        return (later or here or [None])[0]


def build_entity_index(
    corpus: Corpus,
    store: AnnotationStore | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    cache: NerCache | None = None,
    model: ModelChoice | None = None,
) -> EntityIndex:
    """Recognise (or read from the cache), apply the user's corrections, cluster.

    ``model``: the spaCy pipeline the user chose; ``None``, the default one."""
    corrections = load_corrections(store) if store is not None else []
    found = recognize_corpus(
        corpus.articles,
        corpus_patterns_path(corpus.root),
        extra_patterns=ruler_patterns(corrections),
        on_progress=on_progress,
        cache=cache,
        cancelled=cancelled,
        model=model,
    )
    mentions = correct_mentions(chain.from_iterable(found.values()), corrections)
    clusters = cluster_mentions(mentions, {a.id: a.text for a in corpus.articles})
    clusters, stale = correct_clusters(clusters, corrections)
    return EntityIndex(clusters, stale)
