"""Related passages: for a claim, a sentence or any text, its counterparts elsewhere.

Candidates are the claim-bearing sentences of the corpus (``candidates``: no datelines,
bylines, captions or fragments) and every tagged claim (claims may be shorter than a
sentence). A query runs in two steps:

1. blocking: an inverted index from each feature (see ``related_features``: a content
   word's stem or synonym group, an entity cluster, two features side by side...) to
   the passages that have it gives every passage sharing anything with the query its
   summed IDF weight, in one ``numpy.bincount``; the best ``CANDIDATES`` go on;
2. scoring, on those only, by the signals of ``ranking`` weighted by the corpus's
   weights (the defaults until the analyst's links and rejections re-weight them),
   so ``score`` is in 0..1 and the same passage scores 1:

   - shared meaning: the weight of the query's features the passage has, as a share of
     the query's whole weight, by kind (entities, words, stance, phrasing). A feature
     weighs its IDF in the corpus times, for words, its rarity in English at large
     (``rarity``): "Syria" and "said" are cheap, "Hajin" dear. Entities weigh
     ``ENTITY_WEIGHT`` words. A passage's length is not held against it: the
     counterpart of a short claim is often a long sentence;
   - wording: rapidfuzz ``token_set_ratio`` of the two passages' features written as
     words, so near-identical phrasing ranks first among equals;
   - figures: both passages give a figure for the same thing (same unit, a like
     magnitude, overlapping words, no two different places: "2,000 troops", "troops
     in Syria, roughly 500"). Equal or different, that is what an analyst compares;
     a vague amount ("hundreds") counts half.

   Each result carries a suggested relation (``relations``) and is marked weak under
   ``WEAK_SCORE``, where most look-alikes fall.

A claim, or a query span, shorter than its sentence also has the rest of the sentence
as context, at ``CONTEXT_WEIGHT``: "roughly 500" alone says nothing of troops.
The weights were chosen with ``bench/related_bench.py``.

The index is built once per corpus state and cached (``related_cache``); ``update``,
``remove_article`` and the claim methods change it in place.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import accumulate, islice
from pathlib import Path
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process

from syria_reader.annotations.entities.index import EntityIndex
from syria_reader.annotations.linking import cache as related_cache
from syria_reader.annotations.linking import ranking, related_store
from syria_reader.annotations.linking.article_texts import ArticleTexts
from syria_reader.annotations.linking.candidates import claim_bearing
from syria_reader.annotations.linking.entities import EntityMatcher, Span
from syria_reader.annotations.linking.features import (
    AXIS,
    ENTITY,
    EXACT,
    PAIR,
    WORD,
    Analysis,
    analyse,
)
from syria_reader.annotations.linking.numbers import Figure
from syria_reader.annotations.linking.rarity import rarity
from syria_reader.annotations.linking.relations import Evidence, suggest
from syria_reader.annotations.linking.results import (
    Candidate,
    FigureInContext,
    RelatedResult,
    choose,
    figure_pairs,
    figure_reason,
    listed,
)
from syria_reader.annotations.linking.text import stance
from syria_reader.annotations.store.model import Annotation
from syria_reader.annotations.vocabulary import passage_ref
from syria_reader.corpus import Article, Corpus

__all__ = ["RelatedIndex", "RelatedResult"]

ENGINE_VERSION = 3  # part of the cache key: bump when features or their format change
CANDIDATES = 300  # passages scored in full after blocking
ENTITY_WEIGHT = 2.0
AXIS_WEIGHT = 0.5
EXACT_WEIGHT = 0.6
PAIR_WEIGHT = 0.5
CONTEXT_WEIGHT = 0.3
MIN_SCORE = 0.05  # below this a passage shares nothing worth showing
WEAK_SCORE = 0.2  # under this most hard negatives fall (bench/related_quality.py)
_WEIGHTS = {ENTITY: ENTITY_WEIGHT, AXIS: AXIS_WEIGHT, EXACT: EXACT_WEIGHT, PAIR: PAIR_WEIGHT}
# The signal each kind of feature counts towards (``ranking.SIGNALS``).
_SIGNAL_OF = {ENTITY: 0, WORD: 1, EXACT: 1, AXIS: 2, PAIR: 3}


# Passages hold tuples and the postings typed arrays, not lists: a thousand articles
# make a few hundred thousand of them, and a full garbage collection walks every list
# (tuples of numbers and typed arrays it leaves alone), which a query would pay for.
@dataclass(slots=True)
class _Passage:
    article: str
    start: int
    end: int
    text: str
    features: tuple[int, ...]
    weights: tuple[float, ...] | None  # per feature (a claim's sentence's count less); None: 1
    comparable: str
    figures: tuple[FigureInContext, ...]  # offsets in the article
    claim_id: str | None = None
    alive: bool = True


@dataclass
class _Query:
    weights: dict[int, float]  # indexed feature -> its weight x IDF in the query
    norm: float  # the query's whole weight, features no passage has included
    analysis: Analysis
    figures: list[FigureInContext]
    article: str | None = None  # the article the query's text is from, if any


class RelatedIndex:
    """Sentences and claims of a corpus, indexed for ``query``. Make one with ``build``."""

    def __init__(self, texts: ArticleTexts, entities: EntityIndex | None) -> None:
        self._texts = texts
        self._entities = entities
        self._matcher = EntityMatcher(entities)
        self._fingerprint = related_cache.entity_fingerprint(entities)
        self.cache_folder: Path | None = None
        self.from_cache = False
        self.weights = ranking.DEFAULT_WEIGHTS.copy()
        self._dates: dict[str, str | None] = {}
        self._reset()

    def _reset(self) -> None:
        """Forget every passage (a cache that did not fit may have left some)."""
        self._passages: list[_Passage] = []
        self._vocab: dict[str, int] = {}
        self._names: list[str] = []
        self._df: list[int] = []  # sentences per feature (claims repeat sentences)
        self._postings: list[array[int]] = []
        self._posting_weights: list[array[float]] = []
        self._by_article: dict[str, list[int]] = {}
        # Per article, built when asked: its live sentences by start, with the running
        # maximum of their ends, so a claim finds its sentences by bisection.
        self._sentence_order: dict[str, tuple[list[int], list[_Passage]]] = {}
        self._claims: dict[str, int] = {}
        self._sentences = 0  # live sentences: the N of the IDF
        self._shas: dict[str, str] = {}
        self._article_codes: dict[str, int] = {}
        # Per passage, grown as passages come: live or not, and its article's code.
        self._alive = np.zeros(0, dtype=bool)
        self._codes = np.zeros(0, dtype=np.int32)
        self._kinds: list[float] = []  # per feature, its kind's weight times its rarity
        self._signal_of: list[int] = []  # per feature, the signal it counts towards
        self._idf: np.ndarray | None = None  # per feature; None: to compute again
        self._posting_arrays: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    # -- building ----------------------------------------------------------------------

    @classmethod
    def build(
        cls, corpus: Corpus, entities: EntityIndex | None = None,
        claims: Iterable[Annotation] = (), cache: bool = True, cache_folder: Path | None = None,
    ) -> RelatedIndex:
        """The index of ``corpus`` and ``claims``, the sentences read from the cache when
        it holds this corpus state (``cache_folder``: the user cache folder if None)."""
        index = cls(ArticleTexts(corpus.articles), entities)
        index.cache_folder = cache_folder
        index._dates = {article.id: article.date for article in corpus.articles}
        key = index.cache_key((a.id, a.sha256) for a in corpus.articles)
        data = related_cache.load(key, cache_folder) if cache else None
        if data is not None and index._restore(data, corpus.articles):
            index.from_cache = True
        else:
            if data is not None:
                index._reset()
            for article in corpus.articles:
                index._add_article(article)
            if cache:
                related_cache.save(key, index._dump(), cache_folder)
        index.set_claims(claims)
        index._current_idf()  # now, not on the first query
        return index

    def cache_key(self, shas: Iterable[tuple[str, str]]) -> str:
        return related_cache.cache_key(ENGINE_VERSION, shas, self._fingerprint)

    def save(self) -> Path | None:
        """Write the sentences' current state to the cache (after ``update``, say)."""
        return related_cache.save(self.cache_key(self._shas.items()), self._dump(),
                                  self.cache_folder)

    def _feature_id(self, name: str) -> int:
        found = self._vocab.get(name)
        if found is None:
            found = self._vocab[name] = len(self._names)
            self._names.append(name)
            self._df.append(0)
            self._kinds.append(_WEIGHTS.get(name[:2], 1.0) * _rarity(name))
            self._signal_of.append(_SIGNAL_OF.get(name[:2], 1))
            self._postings.append(array("q"))
            self._posting_weights.append(array("d"))
        return found

    def _add_article(self, article: Article) -> None:
        text = article.text
        self._texts[article.id] = text
        self._shas[article.id] = article.sha256
        self._dates[article.id] = article.date
        self._article_codes.setdefault(article.id, len(self._article_codes))
        speaker: str | None = None  # the person named last: "he said" is theirs
        for start, end in article.sentences:
            known = self._matcher.known_spans(article.id, start, end, text)
            analysis = analyse(text[start:end], self._matcher, start, known)
            names = analysis.features
            if analysis.pronoun_speaker and speaker is not None and speaker not in names:
                names = [*names, speaker]
            people = [n for n in analysis.features
                      if n.startswith(ENTITY) and self._matcher.is_person(n[len(ENTITY):])]
            speaker = people[-1] if people else speaker
            whole_line = ((start == 0 or text[start - 1] == "\n")
                          and (end == len(text) or text[end] == "\n"))
            if not claim_bearing(text[start:end], whole_line, article.title):
                continue
            features = tuple(self._feature_id(name) for name in names)
            self._append(_Passage(
                article.id, start, end, text[start:end], features, None,
                analysis.comparable, self._figures(analysis, shift=start),
            ))

    def _figures(self, analysis: Analysis, shift: int, known_only: bool = False
                 ) -> tuple[FigureInContext, ...]:
        """The analysis's figures at article offsets, their words as feature ids (only
        the features the index has when ``known_only``: reading adds none)."""
        ids = self._known if known_only else (
            lambda names: frozenset(self._feature_id(name) for name in names))
        return tuple(
            (replace(figure, start=figure.start + shift, end=figure.end + shift),
             ids(context), ids(places))
            for figure, context, places in analysis.figures
        )

    def _append(self, passage: _Passage) -> int:
        number = len(self._passages)
        self._passages.append(passage)
        code = self._article_codes.setdefault(passage.article, len(self._article_codes))
        if number >= len(self._alive):  # grow by half again: appends stay cheap
            size = max(64, number * 3 // 2)
            self._alive = np.resize(self._alive, size)
            self._alive[number:] = False
            self._codes = np.resize(self._codes, size)
        self._alive[number] = True
        self._codes[number] = code
        self._by_article.setdefault(passage.article, []).append(number)
        weights = passage.weights or (1.0,) * len(passage.features)
        for feature, weight in zip(passage.features, weights, strict=True):
            self._postings[feature].append(number)
            self._posting_weights[feature].append(weight)
            self._posting_arrays.pop(feature, None)
            if passage.claim_id is None:
                self._df[feature] += 1
        if passage.claim_id is None:
            self._sentences += 1
            self._sentence_order.pop(passage.article, None)
        else:
            self._claims[passage.claim_id] = number
        self._idf = None
        return number

    def _kill(self, number: int) -> None:
        passage = self._passages[number]
        if not passage.alive:
            return
        passage.alive = False
        self._alive[number] = False
        if passage.claim_id is None:
            self._sentences -= 1
            self._sentence_order.pop(passage.article, None)
            for feature in passage.features:
                self._df[feature] -= 1
        else:
            self._claims.pop(passage.claim_id, None)
        self._idf = None

    def _sentences_around(self, article_id: str, start: int, end: int) -> list[_Passage]:
        """The live sentences of the article that overlap ``[start, end)``."""
        # A scan of every sentence took 2 ms a claim on a 100,000-word article.
        reach, sentences = self._sentences_in_order(article_id)
        found = []
        for passage in islice(sentences, bisect_right(reach, start), None):
            if passage.start >= end:
                break
            if start < passage.end:
                found.append(passage)
        return found

    def _sentences_in_order(self, article_id: str) -> tuple[list[int], list[_Passage]]:
        """The article's live sentences by start, and the furthest end up to each."""
        found = self._sentence_order.get(article_id)
        if found is None:
            sentences = sorted(
                (p for p in (self._passages[n] for n in self._by_article.get(article_id, []))
                 if p.alive and p.claim_id is None),
                key=lambda passage: passage.start)
            found = (list(accumulate((p.end for p in sentences), max)), sentences)
            self._sentence_order[article_id] = found
        return found

    def _context(
        self, article_id: str, start: int, end: int, own: Analysis
    ) -> tuple[list[int], list[FigureInContext]]:
        """For a span of an indexed article: its sentences' features that the span lacks,
        and the figures inside the span with the words around them in the sentence."""
        sentences = self._sentences_around(article_id, start, end)
        mine = {self._vocab.get(name) for name in own.features}
        context = list(dict.fromkeys(f for p in sentences for f in p.features if f not in mine))
        figures = [found for p in sentences for found in p.figures
                   if start <= found[0].start and found[0].end <= end]
        return context, figures

    # -- incremental changes -------------------------------------------------------------

    def update(self, article: Article, entities: EntityIndex | None = None) -> None:
        """Index ``article``'s current text in place of its old one (or add it).

        With ``entities`` (recognised on the new text) its mentions count; without, its
        entities are found by name only. The article's claims (every claim, with new
        entities) are dropped, their context being the old text's: re-anchor them and
        call ``set_claims``, which indexes them again.
        """
        if entities is not None:
            self._entities = entities
            self._matcher = EntityMatcher(entities)
            self._fingerprint = related_cache.entity_fingerprint(entities)
            for claim_id in list(self._claims):
                self.remove_claim(claim_id)
        self.remove_article(article.id)
        self._add_article(article)

    def remove_article(self, article_id: str) -> None:
        for number in self._by_article.get(article_id, []):
            self._kill(number)
        self._shas.pop(article_id, None)

    def set_claims(self, claims: Iterable[Annotation]) -> None:
        """Make ``claims`` the claim candidates (notes and orphaned claims are not).
        Only claims added, moved or gone since are indexed again: the reader calls this
        with every claim once the index is built, to take in those tagged meanwhile."""
        wanted = {c.id: c for c in claims if c.kind == "claim" and not c.orphaned}
        for claim_id in [i for i in self._claims if i not in wanted]:
            self.remove_claim(claim_id)
        for claim in wanted.values():
            number = self._claims.get(claim.id)
            if number is not None and self._indexed_as(self._passages[number], claim):
                continue
            self.add_claim(claim)

    @staticmethod
    def _indexed_as(passage: _Passage, claim: Annotation) -> bool:
        return (passage.article, passage.start, passage.end, passage.text) == (
            claim.article_id, claim.start, claim.end, claim.quote)

    def add_claim(self, claim: Annotation) -> None:
        self.remove_claim(claim.id)
        if claim.kind != "claim" or claim.orphaned:
            return
        text = self._texts.get(claim.article_id, "")
        anchored = text[claim.start : claim.end] == claim.quote
        known: list[Span] = []
        if anchored:
            known = self._matcher.known_spans(claim.article_id, claim.start, claim.end, text)
        own = analyse(claim.quote, self._matcher, claim.start, known)
        features = tuple(self._feature_id(name) for name in own.features)
        weights = (1.0,) * len(features)
        figures = self._figures(own, shift=claim.start)
        if anchored:
            context, in_sentence = self._context(claim.article_id, claim.start, claim.end, own)
            features += tuple(context)
            weights += (CONTEXT_WEIGHT,) * len(context)
            figures = tuple(in_sentence) or figures
        self._append(_Passage(claim.article_id, claim.start, claim.end, claim.quote, features,
                              weights, own.comparable, figures, claim.id))

    def remove_claim(self, claim_id: str) -> None:
        number = self._claims.get(claim_id)
        if number is not None:
            self._kill(number)

    # -- querying ------------------------------------------------------------------------

    def query(
        self, text: str, article_id: str | None = None, exclude_article: str | None = None,
        limit: int = 5, in_article: str | None = None, exclude_refs: Collection[str] = (),
    ) -> list[RelatedResult]:
        """The passages most related to ``text`` (any text), best first.

        ``article_id`` is the article the text is from: its passages are left out, as are
        ``exclude_article``'s, unless ``in_article`` names it; ``in_article`` keeps one
        article's passages only. ``exclude_refs``: claim ids and passage refs never to
        return (rejected suggestions: ``links.rejected_refs``).
        """
        analysis = analyse(text, self._matcher)
        query = self._prepare(analysis, [], None)
        query.article = article_id
        return self._run(query, article_id, exclude_article, limit, in_article, exclude_refs)

    def query_span(
        self, article_id: str, start: int, end: int, exclude_article: str | None = None,
        limit: int = 5, in_article: str | None = None, exclude_refs: Collection[str] = (),
    ) -> list[RelatedResult]:
        """Passages of the other articles related to ``[start, end)`` of an indexed
        article; the rest of its sentence counts too, at ``CONTEXT_WEIGHT``."""
        query = self._span_query(article_id, start, end)
        return self._run(query, article_id, exclude_article, limit, in_article, exclude_refs,
                         itself=(article_id, start, end))

    def _span_query(self, article_id: str, start: int, end: int) -> _Query:
        text = self._texts[article_id]
        if not 0 <= start < end <= len(text):
            raise ValueError(f"span {start}-{end} is outside {article_id}")
        known = self._matcher.known_spans(article_id, start, end, text)
        analysis = analyse(text[start:end], self._matcher, start, known)
        context, figures = self._context(article_id, start, end, analysis)
        query = self._prepare(analysis, context, figures or None)
        query.article = article_id
        return query

    def query_annotation(
        self, annotation: Annotation, **options: Any
    ) -> list[RelatedResult]:
        """Passages related to a claim (or note); never the claim itself."""
        refs = {annotation.id, passage_ref(annotation.article_id, annotation.start,
                                           annotation.end)}
        options["exclude_refs"] = set(options.get("exclude_refs", ())) | refs
        text = self._texts.get(annotation.article_id, "")
        if text[annotation.start : annotation.end] == annotation.quote:
            return self.query_span(annotation.article_id, annotation.start, annotation.end,
                                   **options)
        return self.query(annotation.quote, article_id=annotation.article_id, **options)

    def _prepare(
        self, analysis: Analysis, context: list[int], figures: list[FigureInContext] | None
    ) -> _Query:
        idf = self._current_idf()
        weights: dict[int, float] = {}
        norm = 0.0
        for name in analysis.features:
            feature = self._vocab.get(name)
            value = (float(idf[feature]) if feature is not None
                     else _WEIGHTS.get(name[:2], 1.0) * float(np.log1p(max(self._sentences, 1))))
            norm += value
            if feature is not None:
                weights[feature] = value
        for feature in context:
            value = CONTEXT_WEIGHT * float(idf[feature])
            weights[feature] = weights.get(feature, 0.0) + value
            norm += value
        if figures is None:  # the query's own, by the words the index knows
            figures = [(figure, self._known(words), self._known(places))
                       for figure, words, places in analysis.figures]
        return _Query(weights, norm, analysis, figures)

    def _known(self, names: Iterable[str]) -> frozenset[int]:
        return frozenset(self._vocab[n] for n in names if n in self._vocab)

    def _run(
        self, query: _Query, article_id: str | None, exclude_article: str | None,
        limit: int, in_article: str | None, exclude_refs: Collection[str],
        itself: tuple[str, int, int] | None = None,
    ) -> list[RelatedResult]:
        """``itself``: the query's own span, never its own answer (``in_article`` may
        name its article)."""
        if not query.weights or limit <= 0:
            return []
        count = len(self._passages)
        allowed = self._alive[:count].copy()
        codes = self._codes[:count]
        if in_article is not None:
            allowed &= codes == self._article_codes.get(in_article, -1)
        else:
            for excluded in {article_id, exclude_article} - {None}:
                allowed &= codes != self._article_codes.get(str(excluded), -1)
        by_signal = self._shared(query)
        shared = np.where(allowed, by_signal.sum(axis=0), 0.0)
        hits = np.flatnonzero(shared > 0)
        if len(hits) > CANDIDATES:
            hits = hits[np.argpartition(shared[hits], -CANDIDATES)[-CANDIDATES:]]
        candidates = [c for c in self._score(query, hits, by_signal)
                      if c.score >= MIN_SCORE and not self._excluded(c, exclude_refs)
                      and not _overlaps(c, itself)]
        return [self._result(query, c) for c in choose(candidates, limit)]

    @staticmethod
    def _excluded(candidate: Candidate, refs: Collection[str]) -> bool:
        if not refs:
            return False
        ref = passage_ref(candidate.article, candidate.start, candidate.end)
        return ref in refs or (candidate.claim_id is not None and candidate.claim_id in refs)

    # -- learning from the analyst's decisions ----------------------------------------

    def signals_between(self, source: tuple[str, int, int], target: tuple[str, int, int]
                        ) -> np.ndarray | None:
        """The signals ``target`` has as an answer to ``source`` (each an article and a
        span), or None when either is not a span of an indexed article."""
        if any(a not in self._texts or not 0 <= s < e <= len(self._texts[a])
               for a, s, e in (source, target)):
            return None
        query = self._span_query(*source)
        passage = self._passage_at(*target)
        shares = np.zeros((ranking.MEANINGS, 1))
        weights = passage.weights or (1.0,) * len(passage.features)
        for feature, weight in zip(passage.features, weights, strict=True):
            if feature in query.weights:
                shares[self._signal_of[feature], 0] += weight * query.weights[feature]
        return self._signals(query, [passage], shares)[0]

    def _passage_at(self, article_id: str, start: int, end: int) -> _Passage:
        """The indexed passage (claim or sentence) with exactly this span, else one made
        for it now."""
        for number in self._by_article.get(article_id, []):
            passage = self._passages[number]
            if passage.alive and passage.start == start and passage.end == end:
                return passage
        text = self._texts[article_id]
        known = self._matcher.known_spans(article_id, start, end, text)
        analysis = analyse(text[start:end], self._matcher, start, known)
        features = tuple(self._vocab[n] for n in analysis.features if n in self._vocab)
        return _Passage(article_id, start, end, text[start:end], features, None,
                        analysis.comparable, self._figures(analysis, start, known_only=True))

    def learn(self, decisions: Sequence[tuple[tuple[str, int, int], tuple[str, int, int], bool]]
              ) -> np.ndarray:
        """Re-weight the signals from the analyst's decisions: (source span, target
        span, linked) each, a link True and a rejection False. Returns the weights."""
        rows, labels = [], []
        for source, target, linked in decisions:
            found = self.signals_between(source, target)
            if found is not None:
                rows.append(found.tolist())
                labels.append(linked)
        self.weights = ranking.fit(rows, labels)
        return self.weights

    # -- scoring -------------------------------------------------------------------------

    def _current_idf(self) -> np.ndarray:
        """Per feature, its IDF over the live sentences times its kind's weight;
        computed again after a change, at the next query."""
        if self._idf is None:
            df = np.maximum(np.array(self._df, dtype=float), 1.0)
            self._idf = np.array(self._kinds) * np.log1p(max(self._sentences, 1) / df)
        return self._idf

    def _postings_arrays(self, feature: int) -> tuple[np.ndarray, np.ndarray]:
        found = self._posting_arrays.get(feature)
        if found is None:
            found = self._posting_arrays[feature] = (
                np.frombuffer(self._postings[feature], dtype=np.int64).copy(),
                np.frombuffer(self._posting_weights[feature], dtype=np.float64).copy(),
            )
        return found

    def _shared(self, query: _Query) -> np.ndarray:
        """Per meaning signal (rows) and passage (columns), the weight of the query's
        features of that kind the passage has."""
        count = len(self._passages)
        by_signal: list[tuple[list[np.ndarray], list[np.ndarray]]] = [
            ([], []) for _ in range(ranking.MEANINGS)]
        for feature, value in query.weights.items():
            passages, scale = self._postings_arrays(feature)
            places, weights = by_signal[self._signal_of[feature]]
            places.append(passages)
            weights.append(scale * value)
        return np.vstack([
            np.bincount(np.concatenate(places), weights=np.concatenate(weights),
                        minlength=count).astype(float)
            if places else np.zeros(count)
            for places, weights in by_signal
        ])

    def _signals(self, query: _Query, passages: Sequence[_Passage],
                 shares: np.ndarray) -> np.ndarray:
        """Rows of ``ranking.SIGNALS``, one per passage; ``shares``: its meaning
        signals (a row each, one column per passage) as weights."""
        signals = np.zeros((len(passages), len(ranking.SIGNALS)))
        if not passages:
            return signals
        if query.norm:
            signals[:, ranking.MEANING] = np.minimum(shares.T / query.norm, 1.0)
        signals[:, ranking.WORDING] = process.cdist(
            [query.analysis.comparable], [p.comparable for p in passages],
            scorer=fuzz.token_set_ratio, dtype=np.float32,
        )[0] / 100.0
        for row, passage in enumerate(passages):
            pairs = figure_pairs(query.figures, passage.figures)
            if pairs:
                vague = all(ours.vague or theirs.vague for ours, theirs, _ in pairs)
                signals[row, ranking.FIGURES] = 0.5 if vague else 1.0
        return signals

    def _score(self, query: _Query, hits: np.ndarray, by_signal: np.ndarray
               ) -> list[Candidate]:
        if not len(hits):
            return []
        passages = [self._passages[int(n)] for n in hits]
        signals = self._signals(query, passages, by_signal[:, hits])
        scores = ranking.scores(signals, self.weights, bool(query.figures))
        scored = [Candidate(float(score), int(number), passage.article, passage.start,
                            passage.end, passage.claim_id)
                  for score, number, passage in zip(scores, hits, passages, strict=True)]
        scored.sort(key=lambda c: (-c.score, c.number))
        return scored

    def _result(self, query: _Query, candidate: Candidate) -> RelatedResult:
        passage = self._passages[candidate.number]
        score = min(candidate.score, 1.0)
        pairs = figure_pairs(query.figures, passage.figures)
        evidence = Evidence(
            score, [(ours, theirs) for ours, theirs, _ in pairs],
            self._opposed(query, passage), query.analysis.text, passage.text,
            self._dates.get(query.article or ""), self._dates.get(passage.article),
        )
        return RelatedResult(
            passage.article, passage.start, passage.end, passage.text, score,
            tuple(self._reasons(query, passage, pairs)), passage.claim_id,
            relation=suggest(evidence), weak=score < WEAK_SCORE,
        )

    def _opposed(self, query: _Query, passage: _Passage) -> bool:
        """Whether the two answer one question ("presence") the two opposite ways."""
        ours = _stances(query.analysis.features)
        theirs = _stances(self._names[f] for f in passage.features)
        return any(len(ours.get(a, ())) == 1 and len(sides) == 1 and ours[a] != sides
                   for a, sides in theirs.items())

    def _reasons(self, query: _Query, passage: _Passage,
                 pairs: list[tuple[Figure, Figure, frozenset[int]]]) -> list[str]:
        """Shared entities, then figures (``pairs``: ``figure_pairs`` of the two), then
        the query's words the passage has."""
        mine = set(passage.features)
        common = sorted((f for f in query.weights if f in mine),
                        key=lambda f: -query.weights[f])
        surfaces = query.analysis.surfaces
        names = [self._names[f] for f in common]
        entities = [self._matcher.names.get(n[2:], surfaces.get(n, n[2:]))
                    for n in names if n.startswith(ENTITY)]
        words = [surfaces[n] for n in names if n.startswith(WORD) and n in surfaces]
        reasons = listed("shared", entities)
        for ours, theirs, context in pairs[:1]:
            reasons.append(figure_reason(ours, theirs, self._unit(context, surfaces)))
        return reasons + listed("words", words)

    def _unit(self, context: frozenset[int], surfaces: dict[str, str]) -> str:
        """What two figures both count, as the query writes it ("troops")."""
        names = sorted(self._names[f] for f in context)
        return next((surfaces[n] for n in names if n in surfaces),
                    names[0][len(WORD):] if names else "")

    # -- the cache -----------------------------------------------------------------------

    def _dump(self) -> dict[str, Any]:
        """The live sentences in their cached form (``related_store``)."""
        alive = [p for p in self._passages if p.alive and p.claim_id is None]
        articles = sorted({p.article for p in alive} | set(self._shas))
        codes = {article: n for n, article in enumerate(articles)}
        offsets, numbers, df = related_store.postings([p.features for p in alive],
                                                      len(self._names))
        return {
            "version": ENGINE_VERSION,
            "features": list(self._names),
            "kinds": array("d", self._kinds).tobytes(),
            "signals": array("b", self._signal_of).tobytes(),
            "df": df.tobytes(),
            "offsets": offsets.tobytes(),
            "postings": numbers.tobytes(),
            "articles": [[article, self._shas.get(article, "")] for article in articles],
            "codes": array("q", (codes[p.article] for p in alive)).tobytes(),
            "spans": array("q", (n for p in alive for n in (p.start, p.end))).tobytes(),
            "passages": [related_store.block(p.features, p.comparable, p.figures)
                         for p in alive],
        }

    def _restore(self, data: dict[str, Any], articles: Sequence[Article]) -> bool:
        """Load a cached state; False if it does not fit (``build`` then starts over).

        Nothing is made per sentence or per posting here: the arrays are taken as they
        are and each passage is made when first read (``related_store.LazyList``)."""
        if data.get("version") != ENGINE_VERSION:
            return False
        stored = related_store.read(data, self._texts.length)
        if stored is None or sorted(stored.articles) != sorted(
                (a.id, a.sha256) for a in articles):
            return False
        known, count = len(stored.names), len(stored.blocks)
        offsets, numbers = stored.offsets, stored.numbers
        self._names = stored.names
        self._vocab = {name: number for number, name in enumerate(stored.names)}
        self._kinds, self._signal_of = list(stored.kinds), list(stored.signals)
        self._df = list(stored.df)
        self._postings = related_store.LazyList(  # type: ignore[assignment]
            known, lambda f: numbers[offsets[f]:offsets[f + 1]])
        self._posting_weights = related_store.LazyList(  # type: ignore[assignment]
            known, lambda f: array("d", [1.0]) * (offsets[f + 1] - offsets[f]))
        ids = [article for article, _sha in stored.articles]
        self._article_codes = {article: code for code, article in enumerate(ids)}
        self._by_article = {}
        for number, code in enumerate(stored.codes.tolist()):
            self._by_article.setdefault(ids[code], []).append(number)
        self._alive = np.ones(count, dtype=bool)
        self._codes = stored.codes.astype(np.int32)
        self._sentences = count
        self._shas = dict(stored.articles)

        def passage(number: int) -> _Passage:
            article = ids[int(stored.codes[number])]
            start, end = (int(n) for n in stored.spans[number])
            features, comparable, figures = related_store.read_block(
                stored.blocks[number], known)
            return _Passage(article, start, end, self._texts[article][start:end],
                            features, None, comparable, figures)

        self._passages = related_store.LazyList(count, passage)  # type: ignore[assignment]
        return True


def _rarity(name: str) -> float:
    """The rarity in English of a word feature's word(s); 1 for entities and axes."""
    if name.startswith((WORD, EXACT)):
        return rarity(name[2:])
    if name.startswith(PAIR):
        words = [part[2:] for part in name[2:].split("|") if part.startswith(WORD)]
        return sum(map(rarity, words)) / len(words) if words else 1.0
    return 1.0


def _stances(names: Iterable[str]) -> dict[str, set[int]]:
    found: dict[str, set[int]] = {}
    for name in names:
        if name.startswith(WORD) and (side := stance(name[2:])) is not None:
            found.setdefault(side[0], set()).add(side[1])
    return found


def _overlaps(candidate: Candidate, span: tuple[str, int, int] | None) -> bool:
    return span is not None and candidate.article == span[0] and (
        candidate.start < span[2] and span[1] < candidate.end)
