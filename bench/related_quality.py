"""Related passages: how well the engine finds counterparts and passes over look-alikes.

    .venv/bin/python -m bench.related_quality

On the labelled set of ``bench/related_set.py`` (pairs with their kinds, hard
negatives), each pair asked both ways, in the bundled corpus:

- recall@1/5/10 and MRR (cut at 10) per kind, for the engine and for plain TF-IDF
  cosine and BM25 over every sentence of the other articles;
- recall@1/3 with ``--in`` (the right article named);
- the hard-negative rate: how often a look-alike is in a query's top 3, beside how
  often the true counterpart is;
- the weak threshold: the share of look-alikes and of found counterparts under it;
- learning: recall and MRR on held-out pairs (every third) before and after the
  simulated analyst's first 10 and 30 decisions on the others (link the counterpart when
  it is shown in the top 10, reject the best-ranked passage above it);
- the relations suggested for the counterparts found.

Prints markdown and writes bench/out/related_quality.json. Not part of the test suite.
"""

from __future__ import annotations

import math
import os
import re
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bench.related_set import HARD_NEGATIVES, KINDS, PAIRS, Side
from bench.report import save_json
from syria_reader.annotations.entities.index import build_entity_index
from syria_reader.annotations.linking import ranking
from syria_reader.annotations.linking.related import WEAK_SCORE, RelatedIndex, RelatedResult
from syria_reader.corpus import Corpus, load_corpus

OUT_NAME = "related_quality.json"
DEPTH = 10
_QUOTES = str.maketrans("’‘“”\xa0", "''\"\" ")

Span = tuple[str, int, int]


@dataclass(frozen=True)
class Query:
    kind: str
    article: str | None  # None: free text
    span: tuple[int, int] | None
    text: str
    target: Span
    pair: int  # the pair's place in PAIRS (or the hard negative's)


def resolve(corpus: Corpus, side: Side) -> Span | None:
    prefix, quote = side
    if prefix is None:
        for article in corpus.articles:
            start = article.text.translate(_QUOTES).find(quote.translate(_QUOTES))
            if start >= 0:
                return article.id, start, start + len(quote)
        return None
    article = corpus.get(prefix)
    start = article.text.translate(_QUOTES).find(quote.translate(_QUOTES))
    if start < 0:
        raise SystemExit(f"quote not in {prefix}: {quote}")
    return article.id, start, start + len(quote)


def make_query(corpus: Corpus, kind: str, asked: Side, wanted: Side, pair: int) -> Query:
    target = resolve(corpus, wanted)
    assert target is not None, wanted
    if asked[0] is None:
        return Query(kind, None, None, asked[1], target, pair)
    found = resolve(corpus, asked)
    assert found is not None
    return Query(kind, found[0], (found[1], found[2]), asked[1], target, pair)


def pair_queries(corpus: Corpus) -> list[Query]:
    return [make_query(corpus, kind, asked, wanted, n)
            for n, (kind, one, other) in enumerate(PAIRS)
            for asked, wanted in ((one, other), (other, one))]


def negative_queries(corpus: Corpus) -> list[Query]:
    return [make_query(corpus, "negative", asked, negative, n)
            for n, (asked, negative, _why) in enumerate(HARD_NEGATIVES)]


def overlaps(span: Span, other: Span) -> bool:
    return span[0] == other[0] and span[1] < other[2] and other[1] < span[2]


def rank_of(query: Query, ranked: Sequence[Span]) -> int | None:
    """1-based rank of the first result overlapping the target, within DEPTH."""
    return next((n for n, span in enumerate(ranked[:DEPTH], start=1)
                 if overlaps(span, query.target)), None)


Ranker = Callable[[Query], list[Span]]


def engine(index: RelatedIndex, in_target: bool = False
           ) -> Callable[[Query], list[RelatedResult]]:
    def rank(query: Query) -> list[RelatedResult]:
        where = query.target[0] if in_target else None
        if query.article is not None and query.span is not None:
            return index.query_span(query.article, *query.span, limit=DEPTH,
                                    in_article=where)
        return index.query(query.text, limit=DEPTH, in_article=where)
    return rank


def spans(results: list[RelatedResult]) -> list[Span]:
    return [(r.article, r.start, r.end) for r in results]


# -- baselines ------------------------------------------------------------------------

_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset("a an and the of to in on for is are was were be been has have had by with "
                  "at from as that this it its their they he she we our us said says".split())


def _words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower().translate(_QUOTES)) if w not in _STOP]


def _sentences(corpus: Corpus) -> list[tuple[Span, list[str]]]:
    return [((a.id, s, e), _words(a.text[s:e])) for a in corpus.articles for s, e in a.sentences]


def _rank_by(scores: np.ndarray, places: list[tuple[Span, list[str]]], query: Query
             ) -> list[Span]:
    order = np.argsort(-scores, kind="stable")
    own = query.article or ""
    return [places[i][0] for i in order if places[i][0][0] != own][:DEPTH]


def tfidf(corpus: Corpus) -> Ranker:
    """TF-IDF cosine (sublinear tf, smoothed idf, l2 rows: scikit-learn's defaults)."""
    places = _sentences(corpus)
    vocab = {w: n for n, w in enumerate(sorted({w for _, doc in places for w in doc}))}
    df = np.zeros(len(vocab))
    for _, doc in places:
        for word in set(doc):
            df[vocab[word]] += 1
    idf = np.log((1 + len(places)) / (1 + df)) + 1

    def vector(words: list[str]) -> np.ndarray:
        row = np.zeros(len(vocab))
        for word, count in Counter(words).items():
            if word in vocab:
                row[vocab[word]] = (1 + math.log(count)) * idf[vocab[word]]
        norm = np.linalg.norm(row)
        return row / norm if norm else row

    matrix = np.vstack([vector(doc) for _, doc in places])
    return lambda query: _rank_by(matrix @ vector(_words(query.text)), places, query)


def bm25(corpus: Corpus, k1: float = 1.5, b: float = 0.75) -> Ranker:
    """Okapi BM25 over the sentences (Lucene's idf)."""
    places = _sentences(corpus)
    lengths = np.array([len(doc) for _, doc in places], dtype=float)
    average = lengths.mean()
    counts = [Counter(doc) for _, doc in places]
    df = Counter(w for c in counts for w in c)
    total = len(places)

    def rank(query: Query) -> list[Span]:
        scores = np.zeros(total)
        for word in set(_words(query.text)):
            if word not in df:
                continue
            idf = math.log(1 + (total - df[word] + 0.5) / (df[word] + 0.5))
            tf = np.array([c.get(word, 0) for c in counts], dtype=float)
            scores += idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * lengths / average))
        return _rank_by(scores, places, query)
    return rank


# -- measures -------------------------------------------------------------------------

def measures(ranks: list[int | None]) -> dict[str, float]:
    count = len(ranks) or 1
    return {
        "queries": len(ranks),
        "r1": sum(r is not None and r <= 1 for r in ranks) / count,
        "r5": sum(r is not None and r <= 5 for r in ranks) / count,
        "r10": sum(r is not None for r in ranks) / count,
        "mrr": sum(1 / r for r in ranks if r is not None) / count,
    }


def by_kind(asked: list[Query], ranks: list[int | None]) -> dict[str, dict[str, float]]:
    table = {"all": measures(ranks)}
    for kind in KINDS:
        table[kind] = measures([r for q, r in zip(asked, ranks, strict=True) if q.kind == kind])
    return table


def negative_rates(index: RelatedIndex, negatives: list[Query], asked: list[Query]
                   ) -> dict[str, float]:
    """Look-alikes in the top 3 of their query; counterparts in the top 3 of theirs; and
    the share of each under the weak threshold when ranked."""
    rank = engine(index)
    in_top3, weak_negatives, shown_negatives = 0, 0, 0
    for query in negatives:
        results = rank(query)
        place = rank_of(query, spans(results))
        if place is not None and place <= 3:
            in_top3 += 1
        if place is not None:
            shown_negatives += 1
            weak_negatives += results[place - 1].weak
    counterparts_top3, weak_found, found = 0, 0, 0
    for query in asked:
        results = rank(query)
        place = rank_of(query, spans(results))
        if place is not None and place <= 3:
            counterparts_top3 += 1
        if place is not None and place <= 5:
            found += 1
            weak_found += results[place - 1].weak
    return {
        "negatives": len(negatives),
        "negatives_top3": in_top3 / len(negatives),
        "negatives_shown_in_top10": shown_negatives,
        "negatives_weak_when_shown": weak_negatives / max(shown_negatives, 1),
        "counterparts_top3": counterparts_top3 / len(asked),
        "counterparts_found_top5": found,
        "counterparts_weak_when_found": weak_found / max(found, 1),
    }


def simulate(index: RelatedIndex, training: list[Query], budget: int) -> list[
        tuple[Span, Span, bool]]:
    """The first ``budget`` decisions of an analyst working through ``training``: link
    the counterpart when it is in the top 10, reject the best passage ranked above it."""
    made: list[tuple[Span, Span, bool]] = []
    rank = engine(index)
    index.weights = ranking.DEFAULT_WEIGHTS.copy()
    for query in training:
        if len(made) >= budget or query.article is None or query.span is None:
            continue
        source = (query.article, *query.span)
        results = rank(query)
        place = rank_of(query, spans(results))
        if place is None:
            continue
        if place > 1 and len(made) < budget:
            wrong = results[0]
            made.append((source, (wrong.article, wrong.start, wrong.end), False))
        if len(made) < budget:
            found = results[place - 1]
            made.append((source, (found.article, found.start, found.end), True))
    return made


def learning(index: RelatedIndex, asked: list[Query], negatives: list[Query]
             ) -> dict[str, object]:
    held_out = [q for q in asked if q.pair % 3 == 2]
    training = [q for q in asked if q.pair % 3 != 2]
    held_negatives = [q for q in negatives if q.pair % 3 == 2]
    rows: dict[str, object] = {"held_out_queries": len(held_out),
                               "training_queries": len(training)}
    rank = engine(index)
    for budget in (0, 10, 30):
        made = simulate(index, training, budget)
        index.learn(made)
        ranks = [rank_of(q, spans(rank(q))) for q in held_out]
        negative_top3 = sum((r := rank_of(q, spans(rank(q)))) is not None and r <= 3
                            for q in held_negatives) / max(len(held_negatives), 1)
        rows[str(budget)] = {"decisions": len(made), **measures(ranks),
                             "negatives_top3": negative_top3,
                             "weights": [round(float(w), 3) for w in index.weights]}
    index.weights = ranking.DEFAULT_WEIGHTS.copy()
    return rows


def relations(index: RelatedIndex, asked: list[Query]) -> dict[str, int]:
    rank = engine(index)
    found: Counter[str] = Counter()
    for query in asked:
        results = rank(query)
        place = rank_of(query, spans(results))
        if place is not None and place <= 5:
            found[results[place - 1].relation] += 1
    return dict(found)


def restricted(index: RelatedIndex, asked: list[Query]) -> dict[str, float]:
    rank = engine(index, in_target=True)
    ranks = [rank_of(q, spans(rank(q))) for q in asked]
    count = len(ranks)
    return {"r1": sum(r == 1 for r in ranks) / count,
            "r3": sum(r is not None and r <= 3 for r in ranks) / count}


def table(rows: dict[str, dict[str, dict[str, float]]]) -> str:
    lines = ["| ranker | kind | queries | recall@1 | recall@5 | recall@10 | MRR |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for name, kinds in rows.items():
        for kind, m in kinds.items():
            lines.append(f"| {name} | {kind} | {m['queries']} | {m['r1']:.2f} | {m['r5']:.2f} "
                         f"| {m['r10']:.2f} | {m['mrr']:.2f} |")
    return "\n".join(lines)


def main() -> int:
    os.environ.setdefault("XDG_CACHE_HOME", tempfile.mkdtemp(prefix="related-quality-"))
    corpus = load_corpus()
    entities = build_entity_index(corpus)
    index = RelatedIndex.build(corpus, entities, cache=False)
    asked = pair_queries(corpus)
    negatives = negative_queries(corpus)
    run = engine(index)
    rankers: dict[str, Ranker] = {"engine": lambda q: spans(run(q)),
                                  "TF-IDF": tfidf(corpus), "BM25": bm25(corpus)}
    recall = {name: by_kind(asked, [rank_of(q, rank(q)) for q in asked])
              for name, rank in rankers.items()}
    print(f"## Related passages: {len(PAIRS)} pairs ({len(asked)} queries), "
          f"{len(HARD_NEGATIVES)} hard negatives\n")
    print(table(recall))
    inside = restricted(index, asked)
    print(f"\nWith --in (the right article): recall@1 {inside['r1']:.2f}, "
          f"recall@3 {inside['r3']:.2f}")
    rates = negative_rates(index, negatives, asked)
    print(f"\nHard negatives in the top 3: {rates['negatives_top3']:.0%} "
          f"(counterparts in the top 3: {rates['counterparts_top3']:.0%}); "
          f"weak (score < {WEAK_SCORE}): {rates['negatives_weak_when_shown']:.0%} of the "
          f"{rates['negatives_shown_in_top10']} look-alikes shown in a top 10, "
          f"{rates['counterparts_weak_when_found']:.0%} of the "
          f"{rates['counterparts_found_top5']} counterparts found in a top 5")
    learnt = learning(index, asked, negatives)
    print(f"\n## Learning from decisions (held out: {learnt['held_out_queries']} queries)\n")
    print("| decisions | recall@1 | recall@5 | recall@10 | MRR | negatives in top 3 | weights |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for budget in ("0", "10", "30"):
        row = learnt[budget]
        assert isinstance(row, dict)
        print(f"| {row['decisions']} | {row['r1']:.2f} | {row['r5']:.2f} | {row['r10']:.2f} "
              f"| {row['mrr']:.2f} | {row['negatives_top3']:.0%} | {row['weights']} |")
    suggested = relations(index, asked)
    print(f"\nRelations suggested for the counterparts found in a top 5: {suggested}")
    out = Path(__file__).resolve().parent / "out" / OUT_NAME
    save_json(out, {"recall": recall, "in_article": inside, "negatives": rates,
                    "learning": learnt, "relations": suggested, "weak_score": WEAK_SCORE})
    print(f"\nwrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
