"""Choose the related engine's weights on two thirds of the labelled set.

    .venv/bin/python -m bench.related_tuning

A grid over the feature-kind weights, the weight of a span's sentence context, how much
English word rarity counts and the wording and figure weights, scored on the training
pairs (every pair but each third, which ``related_quality`` holds out) by recall@5 plus
MRR less the hard-negative rate. Prints the best settings and how they do on the held-out
pairs; the chosen values are then written into the engine by hand.
"""

from __future__ import annotations

import itertools
import os
import tempfile

import numpy as np

from bench.related_quality import engine, measures, negative_queries, pair_queries, rank_of, spans
from syria_reader.annotations.entities.index import build_entity_index
from syria_reader.annotations.linking import rarity, related
from syria_reader.annotations.linking.features import AXIS, ENTITY, EXACT, PAIR
from syria_reader.corpus import load_corpus

GRID = {
    "entity": (1.0, 1.5, 2.0),
    "axis": (0.5, 1.0, 1.5),
    "pair": (0.5, 1.0),
    "context": (0.3, 0.5),
    "per_zipf": (0.0, 0.25, 0.4),
    "wording": (0.05, 0.10, 0.2),
    "figures": (0.25, 0.4),
}


def evaluate(corpus, entities, settings: dict[str, float], asked, negatives) -> tuple[
        dict[str, float], float]:
    related._WEIGHTS = {ENTITY: settings["entity"], AXIS: settings["axis"],
                        EXACT: related.EXACT_WEIGHT, PAIR: settings["pair"]}
    related.CONTEXT_WEIGHT = settings["context"]
    rarity.PER_ZIPF = settings["per_zipf"]
    rarity.rarity.cache_clear()
    index = related.RelatedIndex.build(corpus, entities, cache=False)
    index.weights = np.array([0.65, 0.65, 0.65, 0.65, settings["wording"],
                              settings["figures"]])
    rank = engine(index)
    found = measures([rank_of(q, spans(rank(q))) for q in asked])
    top3 = sum((r := rank_of(q, spans(rank(q)))) is not None and r <= 3
               for q in negatives) / max(len(negatives), 1)
    return found, top3


def main() -> int:
    os.environ.setdefault("XDG_CACHE_HOME", tempfile.mkdtemp(prefix="related-tuning-"))
    corpus = load_corpus()
    entities = build_entity_index(corpus)
    asked = pair_queries(corpus)
    negatives = negative_queries(corpus)
    training = [q for q in asked if q.pair % 3 != 2]
    held_out = [q for q in asked if q.pair % 3 == 2]
    train_negatives = [q for q in negatives if q.pair % 3 != 2]
    results = []
    names = list(GRID)
    for values in itertools.product(*GRID.values()):
        settings = dict(zip(names, values, strict=True))
        found, top3 = evaluate(corpus, entities, settings, training, train_negatives)
        objective = found["r5"] + found["mrr"] - top3
        results.append((objective, settings, found, top3))
    results.sort(key=lambda row: -row[0])
    for objective, settings, found, top3 in results[:5]:
        held, held_top3 = evaluate(corpus, entities, settings, held_out,
                                   [q for q in negatives if q.pair % 3 == 2])
        print(f"{objective:.3f} {settings} train r5 {found['r5']:.2f} mrr {found['mrr']:.2f} "
              f"neg {top3:.0%} | held-out r5 {held['r5']:.2f} mrr {held['mrr']:.2f} "
              f"neg {held_top3:.0%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
