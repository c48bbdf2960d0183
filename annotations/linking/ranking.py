"""How the related-passages signals make one score, and how the analyst's decisions
re-weight them for a corpus.

Each scored passage has ``SIGNALS``, each in 0..1: the share of the query's weight it
shares by entities, by words, by stance (the two answers to one question: "withdraw",
"remain"), by phrasing (two features close together); its wording (rapidfuzz); and
whether it gives a figure for the same thing. The score is their weighted sum over what
the query can earn, so the passage itself scores 1.

The weights start at ``DEFAULT_WEIGHTS`` (chosen with ``bench/related_bench.py``). Each
link the analyst confirms is a positive example and each rejection a negative one; a
logistic regression over the signals, held near the defaults by an L2 prior, gives the
corpus its own weights. With no decisions they are the defaults: nothing is learnt
from nothing. The fitted weights are kept with the related cache, under a digest of the
decisions they came from.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import orjson

from syria_reader.annotations.linking import cache as related_cache
from syria_reader.corpus.atomic import atomic_write

SIGNALS = ("entities", "words", "stance", "phrasing", "wording", "figures")
MEANINGS = 4  # the first signals are shares of the query's weight: together at most 1
MEANING = slice(0, MEANINGS)
WORDING, FIGURES = 4, 5
DEFAULT_WEIGHTS = np.array([0.65, 0.65, 0.65, 0.65, 0.05, 0.25])
# The logit of a default-weighted score: a score of WEAK_SCORE is even odds.
_SCALE = 12.0
PRIOR = 2.0  # how strongly the weights are held near the defaults (L2, on the logit scale)
STEPS = 300
RATE = 0.5


def best_score(weights: np.ndarray, has_figures: bool) -> float:
    """What a passage can earn at most: all of the query's weight by its best-weighted
    kind, the same wording, and (if the query has one) the same figure."""
    return float(weights[MEANING].max() + weights[WORDING]
                 + (weights[FIGURES] if has_figures else 0.0))


def scores(signals: np.ndarray, weights: np.ndarray, has_figures: bool) -> np.ndarray:
    """Scores in 0..1 of rows of signals."""
    return np.clip(signals @ weights / best_score(weights, has_figures), 0.0, 1.0)


def fit(signals: Sequence[Sequence[float]], linked: Sequence[bool],
        start: np.ndarray = DEFAULT_WEIGHTS) -> np.ndarray:
    """Weights that tell the linked passages from the rejected ones, near ``start``.

    The logistic model is P(linked) = sigmoid(_SCALE x (signals . w) + b); the weights
    stay at least 0 (a shared entity never counts against a passage) and are scaled
    back to ``start``'s total, so scores keep their range and the weak threshold its
    meaning."""
    if not signals:
        return start.copy()
    x = np.asarray(signals, dtype=float)
    y = np.asarray(linked, dtype=float)
    w, b = start.astype(float).copy(), 0.0
    for _ in range(STEPS):
        p = 1.0 / (1.0 + np.exp(-(_SCALE * (x @ w) + b)))
        error = p - y
        grad_w = _SCALE * (x.T @ error) / len(y) + PRIOR * (w - start)
        grad_b = float(error.mean())
        w = np.maximum(w - RATE * grad_w / _SCALE, 0.0)
        b -= RATE * grad_b
    total = w.sum()
    return w * (start.sum() / total) if total > 0 else start.copy()


def decisions_digest(decisions: Sequence[tuple[str, str, bool]]) -> str:
    digest = hashlib.sha256()
    for source, target, linked in sorted(decisions):
        digest.update(f"{source}\x1f{target}\x1f{int(linked)}\x1e".encode())
    return digest.hexdigest()[:32]


def _path(corpus_key: str, folder: Path | None) -> Path:
    # Not .json: the cache's pruning keeps only the newest few of those.
    return (folder or related_cache.cache_dir()) / f"{corpus_key}.weights"


def load_weights(corpus_key: str, decisions: str, folder: Path | None = None) -> np.ndarray | None:
    """The weights fitted before on exactly these decisions, if kept."""
    try:
        data = orjson.loads(_path(corpus_key, folder).read_bytes())
        weights = np.array(data["weights"], dtype=float)
    except (OSError, orjson.JSONDecodeError, KeyError, TypeError, ValueError):
        return None
    if data.get("decisions") != decisions or weights.shape != DEFAULT_WEIGHTS.shape:
        return None
    if not np.all(np.isfinite(weights)) or np.any(weights < 0):
        return None
    return weights


def save_weights(corpus_key: str, decisions: str, weights: np.ndarray,
                 folder: Path | None = None) -> None:
    """Keep the weights beside the related cache; a cache that cannot be written is
    skipped (fitting again costs milliseconds)."""
    path = _path(corpus_key, folder)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, orjson.dumps({"decisions": decisions, "signals": SIGNALS,
                                         "weights": weights.tolist()}))
    except OSError:
        return
