"""Related passages: top-5 recall and speed, against plain rapidfuzz and TF-IDF cosine.

    .venv/bin/python -m bench.related_bench [--articles 1000] [--queries 50]

Recall: each pair is two quotes that tell one fact in two articles; a query hits when
one of its top 5 results overlaps the other quote, asked both ways. The quote of a
corpus article is asked as its span (its article left out of the results), a quote
that is in no article as free text. PUBLIC_PAIRS are those of issue 6; EXTRA_PAIRS
were written for this bench (the engine's tests never see them) to check that the
engine is not fitted to two examples. The three engines are measured in the same run
on the same candidates: every sentence of the other articles. LATER_PAIRS were written
after the weights were chosen.

Speed: index build (cold, and from the cache) and query time on the bundled corpus
and on a synthetic corpus of N articles (``synthetic_corpus.generate``, entities
clustered from its own mentions, no spaCy run beyond the bundled five).
Prints a markdown table and writes bench/out/related.json. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process, utils

from bench.report import save_json
from bench.synthetic_corpus import generate
from syria_reader.annotations.entities.clusters import cluster_mentions
from syria_reader.annotations.entities.index import EntityIndex, build_entity_index
from syria_reader.annotations.linking.related import RelatedIndex
from syria_reader.corpus import Corpus, load_corpus
from syria_reader.corpus.entities import Mention

OUT = Path(__file__).resolve().parent / "out" / "related.json"
TOP = 5

# (article prefix or None for free text, quote) <-> (article prefix, quote)
Side = tuple[str | None, str]
PUBLIC_PAIRS: list[tuple[Side, Side]] = [
    (("000", "The US has about 2,000 troops on the ground in the country"),
     ("002", "the U.S. has only a small number of troops in Syria, roughly 500")),
    ((None, "Our only mission to defeat ISIS, we're not involved in the civil war"),
     ("003", "The coalition’s mission in Syria is to defeat ISIS")),
]
EXTRA_PAIRS: list[tuple[Side, Side]] = [
    (("000", 'Planning is underway for a "full" and "rapid" withdrawal of US troops from Syria'),
     ("004", "The President now says the withdrawal would not be a “rush out” of Syria.")),
    (("000", "President Donald Trump, who has long signalled his desire to get out of Syria"),
     ("001", "he wanted U.S. troops “to get out” of Syria and come home")),
    (("000", "we have defeated ISIS in Syria, my only reason for being there"),
     ("003", "The coalition’s mission in Syria is to defeat ISIS")),
    (("000", "put the number of ISIS members in Syria and Iraq as high as 30,000"),
     ("003", "based 5,000 to 10,000 of its fighters")),
    (("000", "the coalition estimated some 2,000 ISIS fighters were present"),
     ("003", "based 5,000 to 10,000 of its fighters")),
    (("000", "Hundreds of US troops have also been training local forces at At Tanf"),
     ("003", "Coalition forces continue to conduct patrols out of At Tanf to train and prepare "
             "the MaT")),
    (("000", "Syrian Democratic Forces have had some recent success against the terror group"),
     ("002", "We have continued our partnership with the Syrian Democratic Forces")),
    (("001", "will maintain a military presence in Syria until Iran and its proxies have all "
             "departed"),
     ("004", "new policy in Syria aimed to curb the continuing Iranian entrenchment")),
    (("001", "a precipitous U.S. pullout left the field open for Iran"),
     ("004", "fill the vacuum that will be left once the US military departs from the area")),
    (("003", "US forces will remain in Syria as long as the Syrian Regime is unable to destroy "
             "ISIS pockets"),
     ("001", "will maintain a military presence in Syria until Iran and its proxies have all "
             "departed")),
    (("002", "The U.S. troops in Syria have a mission to advise and assist partner forces"),
     ("003", "in order to ensure we provide effective support to our partner forces")),
    (("001", "the Assad government, backed by its allies Russia and Iran, is preparing an "
             "all-out assault on the Idlib province"),
     ("004", "Assad’s air force bombed positions of Hayat Tahrir al-Sham")),
    (("002", "regarding the creation of safe areas or de-confliction zones in Syria"),
     ("003", "the 55 kilometer “de-confliction” zone surrounding At Tanf")),
    (("000", "Secretary of Defense James Mattis to establish observation posts along the "
             "Syria-Turkish border"),
     ("004", "led to the resignation of Secretary of Defense James Mattis")),
    (("004", "the intended withdrawal of US Special Forces from Syria would increase "
             "instability in the country"),
     ("001", "a precipitous U.S. pullout left the field open for Iran")),
    (("000", "we continue to work by, with and through our partners in the region"),
     ("002", "We have continued our partnership with the Syrian Democratic Forces")),
    (("000", 'Planning is underway for a "full" and "rapid" withdrawal of US troops from Syria'),
     ("001", "will maintain a military presence in Syria until Iran and its proxies have all "
             "departed")),
    (("000", 'Planning is underway for a "full" and "rapid" withdrawal of US troops from Syria'),
     ("001", "new policy is we’re no longer pulling out by the end of the year")),
    (("004", "he suddenly announced US troops would withdraw from Syria"),
     ("000", 'Planning is underway for a "full" and "rapid" withdrawal of US troops from Syria')),
    (("003", "Syrian Democratic Forces recently announced their push into Deir Ezzor province"),
     ("004", "southeastern Deir ez-Zur province is meant to finish off ISIS")),
    (("000", "the US needed to train thousands of local fighters to ensure a lasting defeat of "
             "the terror group"),
     ("001", "the U.S. and its allies achieved an “enduring defeat” of ISIS")),
]

# Written after the weights were chosen on the sets above, to see how far they carry;
# one change was made after looking at them (the past tense "left" no longer reads as
# "leave": "fighters are left in Syria" remain there).
LATER_PAIRS: list[tuple[Side, Side]] = [
    (("000", "Estimates vary as to how many ISIS fighters are left in Syria."),
     ("003", "based 5,000 to 10,000 of its fighters")),
    (("000", "US forces were recently directed by Secretary of Defense James Mattis"),
     ("003", "Secretary of Defense James Mattis told reporters at the Pentagon")),
    (("001", "Jeffrey added that Trump had approved what he called a “more active approach” to "
             "Syria."),
     ("004", "Trump’s recently announced new policy in Syria")),
    (("004", "Trump’s decision to pull the US military out of Syria"),
     ("000", "The decision, which would be a reversal from previously stated US policy, was "
             "made by President Donald Trump")),
    (("004", "Turkey preparing for another invasion"),
     ("000", "reduce tensions between Turkey and America's Kurdish allies")),
    (("002", "regime forces are battling rebels"),
     ("001", "the Assad government, backed by its allies Russia and Iran, is preparing an "
             "all-out assault on the Idlib province")),
    (("004", "the real reason is to fill the vacuum that will be left once the US military "
             "departs from the area"),
     ("000", "a US withdrawal of ground forces would fulfil a major goal of Syria, Iran and "
             "Russia and risks diminishing US influence in the region")),
    (("000", "Hundreds of US troops have also been training local forces at At Tanf in "
             "southern Syria"),
     ("003", "The US-led coalition has closed and razed one of its combat outposts east of the "
             "coalition garrison in At Tanf")),
    (("004", "Graham was apparently not the only one who criticized Trump for withdrawing the "
             "U.S. military from Syria"),
     ("000", 'Planning is underway for a "full" and "rapid" withdrawal of US troops from Syria')),
    (("000", "the President tweeted, “we have defeated ISIS in Syria"),
     ("001", "After Defeat of ISIS, U.S. Prioritizes Iran’s Departure from Syria")),
    (("003", "Local rebel groups told Reuters that the outpost’s closure was the result of an "
             "arrangement between Russia and the US."),
     ("002", "President Trump’s discussion with Russian President Vladimir Putin regarding the "
             "creation of safe areas or de-confliction zones")),
    (("000", "The US-backed and Kurdish-led Syrian Democratic Forces"),
     ("004", "the Kurdish militia YPG, the dominant force in the Syrian Democratic Forces (SDF)")),
]


@dataclass(frozen=True)
class Query:
    article: str | None  # the article the quote is from, None for free text
    span: tuple[int, int] | None
    text: str
    target: str  # article id
    target_span: tuple[int, int]


_QUOTES = str.maketrans("’‘“”\xa0", "''\"\" ")


def resolve(
    corpus: Corpus, side: Side, anywhere: bool = False
) -> tuple[str | None, tuple[int, int] | None]:
    """Where a quote is; a free-text side (no article) is looked for in every article,
    typographic quotes aside, when ``anywhere`` (as a target it must be somewhere)."""
    prefix, quote = side
    if prefix is None and not anywhere:
        return None, None
    articles = [corpus.get(prefix)] if prefix is not None else corpus.articles
    for article in articles:
        start = article.text.translate(_QUOTES).find(quote.translate(_QUOTES))
        if start >= 0:
            return article.id, (start, start + len(quote))
    raise SystemExit(f"quote not in {prefix or 'the corpus'}: {quote}")


def queries(corpus: Corpus, pairs: list[tuple[Side, Side]]) -> list[Query]:
    found = []
    for one, other in pairs:
        for (q_side, t_side) in ((one, other), (other, one)):
            target, target_span = resolve(corpus, t_side, anywhere=True)
            assert target is not None and target_span is not None
            article, span = resolve(corpus, q_side)
            found.append(Query(article, span, q_side[1], target, target_span))
    return found


Ranked = list[tuple[str, int, int]]  # (article, start, end), best first


def hit(query: Query, ranked: Ranked) -> bool:
    start, end = query.target_span
    return any(a == query.target and s < end and start < e for a, s, e in ranked[:TOP])


def other_sentences(corpus: Corpus, article: str | None) -> list[tuple[str, int, int, str]]:
    return [(a.id, s, e, a.text[s:e]) for a in corpus.articles if a.id != article
            for s, e in a.sentences]


def engine_ranker(index: RelatedIndex) -> Callable[[Query], Ranked]:
    def rank(query: Query) -> Ranked:
        if query.article is not None and query.span is not None:
            results = index.query_span(query.article, *query.span, limit=TOP)
        else:
            results = index.query(query.text, limit=TOP)
        return [(r.article, r.start, r.end) for r in results]
    return rank


def rapidfuzz_ranker(corpus: Corpus, scorer: Callable[..., float]) -> Callable[[Query], Ranked]:
    def rank(query: Query) -> Ranked:
        places = other_sentences(corpus, query.article)
        found = process.extract(query.text, [p[3] for p in places], scorer=scorer,
                                processor=utils.default_process, limit=TOP)
        return [places[index][:3] for _, _, index in found]
    return rank


_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset("a an and the of to in on for is are was were be been has have had by with "
                  "at from as that this it its their they he she we our us said says".split())


def _words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in _STOP]


def tfidf_ranker(corpus: Corpus) -> Callable[[Query], Ranked]:
    """TF-IDF cosine over the corpus's sentences, with numpy only (no scikit-learn):
    sublinear tf, smoothed idf, l2-normalised rows, as scikit-learn's defaults do."""
    places = other_sentences(corpus, None)
    docs = [_words(p[3]) for p in places]
    vocab: dict[str, int] = {}
    for doc in docs:
        for word in doc:
            vocab.setdefault(word, len(vocab))
    df = np.zeros(len(vocab))
    for doc in docs:
        for word in set(doc):
            df[vocab[word]] += 1
    idf = np.log((1 + len(docs)) / (1 + df)) + 1

    def vector(words: list[str]) -> np.ndarray:
        row = np.zeros(len(vocab))
        for word, count in Counter(words).items():
            if word in vocab:
                row[vocab[word]] = (1 + math.log(count)) * idf[vocab[word]]
        norm = np.linalg.norm(row)
        return row / norm if norm else row

    matrix = np.vstack([vector(doc) for doc in docs])

    def rank(query: Query) -> Ranked:
        scores = matrix @ vector(_words(query.text))
        order = np.argsort(-scores, kind="stable")
        ranked = [places[i][:3] for i in order if places[i][0] != query.article]
        return ranked[:TOP]
    return rank


def recall(rank: Callable[[Query], Ranked], asked: list[Query]) -> tuple[int, int]:
    return sum(hit(query, rank(query)) for query in asked), len(asked)


def timed(function: Callable[[], object], repeat: int = 1) -> tuple[float, object]:
    best, result = math.inf, None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - started)
    return best, result


def query_times(index: RelatedIndex, corpus: Corpus, count: int) -> dict[str, float]:
    """Milliseconds per query over ``count`` sentences spread over the corpus, plus free
    texts; median and worst."""
    spans = [(a.id, s, e) for a in corpus.articles for s, e in a.sentences]
    step = max(len(spans) // count, 1)
    times = []
    for article, start, end in spans[::step][:count]:
        started = time.perf_counter()
        index.query_span(article, start, end, limit=TOP)
        times.append((time.perf_counter() - started) * 1000)
    for _, text in [side for pair in PUBLIC_PAIRS for side in pair]:
        started = time.perf_counter()
        index.query(text, limit=TOP)
        times.append((time.perf_counter() - started) * 1000)
    return {"median_ms": statistics.median(times), "max_ms": max(times), "queries": len(times)}


def synthetic(n: int) -> tuple[Corpus, EntityIndex, float]:
    """N synthetic articles and their entity index; the clustering time is returned."""
    folder = Path(tempfile.mkdtemp(prefix="related-bench-"))
    generated = generate(n, folder, seed=0)
    corpus = load_corpus(folder)
    mentions = [Mention.from_dict(json.loads(line)) for line in
                (folder / "mentions.jsonl").read_text(encoding="utf-8").splitlines()]
    started = time.perf_counter()
    entities = EntityIndex(cluster_mentions(mentions, generated.texts))
    return corpus, entities, time.perf_counter() - started


def speed(corpus: Corpus, entities: EntityIndex, count: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        for article in corpus.articles:
            _ = article.sentences  # segmentation is the loader's cost, not the index's
        cold, index = timed(lambda: RelatedIndex.build(corpus, entities,
                                                       cache_folder=Path(folder)))
        warm, cached = timed(lambda: RelatedIndex.build(corpus, entities,
                                                        cache_folder=Path(folder)))
        assert isinstance(index, RelatedIndex) and isinstance(cached, RelatedIndex)
        assert cached.from_cache
        # Each change, then the query after it (which computes the IDF again).
        changes, afters = [], []
        for article in corpus.articles[:5]:
            changes.append(timed(lambda a=article: index.update(a))[0])
            afters.append(timed(lambda: index.query(PUBLIC_PAIRS[0][0][1], limit=TOP))[0])
        changed, after = statistics.median(changes), statistics.median(afters)
        return {
            "articles": len(corpus.articles),
            "sentences": sum(len(a.sentences) for a in corpus.articles),
            "build_s": cold, "cached_build_s": warm, "update_one_article_ms": changed * 1000,
            "query_after_update_ms": after * 1000,
            "worst_query_after_update_ms": max(afters) * 1000,
            **query_times(cached, corpus, count),
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000, help="synthetic corpus size")
    parser.add_argument("--queries", type=int, default=50, help="timed queries per corpus")
    args = parser.parse_args(argv)
    os.environ.setdefault("XDG_CACHE_HOME", tempfile.mkdtemp(prefix="related-bench-cache-"))

    corpus = load_corpus()
    entities = build_entity_index(corpus)
    index = RelatedIndex.build(corpus, entities, cache=False)
    rankers = {
        "engine (annotations.related)": engine_ranker(index),
        "rapidfuzz WRatio": rapidfuzz_ranker(corpus, fuzz.WRatio),
        "rapidfuzz ratio": rapidfuzz_ranker(corpus, fuzz.ratio),
        "TF-IDF cosine": tfidf_ranker(corpus),
    }
    sets = {"public": queries(corpus, PUBLIC_PAIRS), "extra": queries(corpus, EXTRA_PAIRS),
            "later": queries(corpus, LATER_PAIRS)}
    recalls = {name: {label: recall(rank, asked) for label, asked in sets.items()}
               for name, rank in rankers.items()}
    print(f"## Top-{TOP} recall (pairs asked both ways)\n")
    print("| engine | public pairs | extra pairs | later pairs |")
    print("| --- | --- | --- | --- |")
    for name, found in recalls.items():
        cells = [f"{hits}/{total} ({hits / total:.0%})" for hits, total in found.values()]
        print(f"| {name} | {' | '.join(cells)} |")

    bundled = speed(corpus, entities, args.queries)
    print(f"\n## Speed (one build each; update and the query after it: median of 5; "
          f"queries: median / worst of {args.queries}+)\n")
    corpus_n, entities_n, clustering = synthetic(args.articles)
    large = speed(corpus_n, entities_n, args.queries)
    print("| corpus | articles | sentences | build | build from cache | update 1 article "
          "| next query | query median | query worst |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for label, row in (("bundled", bundled), ("synthetic", large)):
        print(f"| {label} | {row['articles']} | {row['sentences']} | {row['build_s']:.2f} s "
              f"| {row['cached_build_s']:.2f} s | {row['update_one_article_ms']:.1f} ms "
              f"| {row['query_after_update_ms']:.1f} ms "
              f"| {row['median_ms']:.1f} ms | {row['max_ms']:.1f} ms |")
    print(f"\n(entity clustering of the synthetic corpus, not counted above: {clustering:.1f} s)")

    save_json(OUT, {
        "top": TOP,
        "recall": {name: {label: {"hits": h, "queries": t} for label, (h, t) in found.items()}
                   for name, found in recalls.items()},
        "speed": {"bundled": bundled, "synthetic": large},
        "synthetic_clustering_s": clustering,
    })
    print(f"\nwrote {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
