"""Entity quality: recognition and clustering on a labelled set, the bundled corpus's
clusters, and recognition time (issue 19).

    .venv/bin/python -m bench.entity_quality [--runs 5] [--baseline bench/entity_baseline.json]

Prints markdown tables and writes bench/out/entity_quality.json. Everything runs with a
cold cache: XDG_CACHE_HOME points at a temporary folder, and every index is built with a
recognition cache of its own, the way the reader builds it (``build_entity_index``).

- The labelled set (bench/entity_set/, labels in bench/entity_set.py). A label is found
  when a recognised mention of its article overlaps it with the same type ("any type":
  with whatever type). Precision counts the recognised names (values such as dates are
  not labelled and not counted): correct when they overlap a label (with its type, or
  with any). Type accuracy is found-with-the-same-type over found-with-any-type. A
  *form* is an (article, surface) of an entity; it sits in the clusters of the mentions
  overlapping its labels. Two forms of one entity are *linked* when they share a
  cluster; two forms of different entities sharing one are a *wrong merge*.
- The bundled corpus: mentions and clusters, the clusters holding more than one
  spelling, and the whole clustering as sorted surface sets (in the JSON). With
  ``--baseline FILE`` (a JSON this command wrote), every pair of surfaces that no cluster
  of the baseline held together but one cluster holds now is listed: "no pair that the
  bundled corpus keeps apart today is merged" (surfaces new since the baseline are left
  out: nothing kept them apart).
- Recognition time per 1,000 words of the bundled corpus, median of ``--runs`` cold runs:
  recognition proper in the recognition process (as bench.ner_bench measures it: the
  model loaded, every text queued, the corpus-wide type fixes), and the whole cold
  ``build_entity_index`` (process start and model load included, clustering included).
  With a baseline, each is compared with 1.5x the baseline's.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

from bench import entity_set
from bench.entity_set import Span
from bench.report import save_json
from syria_reader.annotations.entities.index import EntityIndex, build_entity_index
from syria_reader.corpus import Corpus, load_corpus
from syria_reader.corpus.entities import Mention
from syria_reader.corpus.ner_cache import NerCache

BENCH = Path(__file__).resolve().parent
OUT = BENCH / "out" / "entity_quality.json"
BASELINE = BENCH / "entity_baseline.json"
VALUE_TYPES = frozenset({"DATE", "TIME", "QUANTITY", "CARDINAL", "MONEY", "PERCENT",
                         "ORDINAL"})
LIMIT = 1.5  # recognition may take at most this many times the baseline's time
ISSUE_MS = 108.0  # the issue's figure for recognition per 1,000 words
SHOWN = 25  # rows of a long list printed (the JSON has them all)



# --- building the index -------------------------------------------------------------

def build(corpus: Corpus, cache_dir: Path) -> EntityIndex:
    """The reader's entity index, recognised into an empty cache folder."""
    return build_entity_index(corpus, cache=NerCache(cache_dir))


def is_name(mention: Mention) -> bool:
    return mention.type not in VALUE_TYPES


def overlapping(mentions: Iterable[Mention], start: int, end: int) -> list[Mention]:
    return [m for m in mentions if m.start < end and start < m.end]


# --- the labelled set ---------------------------------------------------------------

@dataclass
class LabelResult:
    span: Span
    found: list[Mention]  # recognised mentions overlapping the label, any type
    clusters: set[str] = field(default_factory=set)

    @property
    def same_type(self) -> bool:
        return any(m.type == self.span.type for m in self.found)

    @property
    def exact(self) -> bool:
        return any(m.start == self.span.start and m.end == self.span.end for m in self.found)


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def evaluate_set(corpus: Corpus, index: EntityIndex) -> dict[str, Any]:
    missing = sorted(set(entity_set.LABELS) - {a.id for a in corpus.articles})
    if missing:
        raise SystemExit(f"the set's folder has no article {missing}")
    results: list[LabelResult] = []
    recognised: list[tuple[Mention, bool, bool]] = []  # name, overlaps a label: same type, any
    negatives: list[dict[str, str]] = []
    for article in entity_set.LABELS:
        text = corpus.get(article).text
        labelled = entity_set.spans(article, text)
        mentions = index.mentions(article)
        for span in labelled:
            found = overlapping(mentions, span.start, span.end)
            clusters = {c.id for m in found if (c := index.cluster_of(m)) is not None}
            results.append(LabelResult(span, found, clusters))
        for mention in filter(is_name, mentions):
            over = overlapping_spans(labelled, mention)
            recognised.append((mention, any(s.type == mention.type for s in over), bool(over)))
        for start, end, why in entity_set.hard_negative_spans(article, text):
            for mention in overlapping(filter(is_name, mentions), start, end):
                negatives.append({"article": article, "negative": text[start:end],
                                  "recognised": mention.text, "type": mention.type,
                                  "why": why})
    found_any = [r for r in results if r.found]
    found_same = [r for r in results if r.same_type]
    summary = {
        "articles": len(entity_set.LABELS),
        "words": sum(corpus.get(a).word_count for a in entity_set.LABELS),
        "labelled": len(results),
        "found_same_type": len(found_same),
        "found_any_type": len(found_any),
        "exact_boundaries": sum(r.exact for r in results),
        "recall": _ratio(len(found_same), len(results)),
        "recall_any_type": _ratio(len(found_any), len(results)),
        "recognised_names": len(recognised),
        "correct_same_type": sum(same for _m, same, _any in recognised),
        "correct_any_type": sum(hit for _m, _same, hit in recognised),
        "precision": _ratio(sum(same for _m, same, _a in recognised), len(recognised)),
        "precision_any_type": _ratio(sum(hit for _m, _s, hit in recognised), len(recognised)),
        "type_accuracy": _ratio(len(found_same), len(found_any)),
        "hard_negatives": sum(len(v) for v in entity_set.HARD_NEGATIVES.values()),
        "hard_negatives_recognised": len({(n["article"], n["negative"]) for n in negatives}),
    }
    clustering = evaluate_clusters(results, index)
    summary.update(clustering.pop("summary"))
    return {
        "summary": summary,
        "by_type": by_type(results),
        "misses": [miss_row(r) for r in results if not r.same_type],
        "false_positives": [
            {"article": m.article_id, "text": m.text, "type": m.type}
            for m, _same, hit in recognised if not hit
        ],
        "hard_negatives_recognised": negatives,
        **clustering,
    }


def overlapping_spans(labelled: list[Span], mention: Mention) -> list[Span]:
    return [s for s in labelled if s.start < mention.end and mention.start < s.end]


def by_type(results: list[LabelResult]) -> list[dict[str, Any]]:
    rows = []
    for kind in entity_set.TYPES:
        mine = [r for r in results if r.span.type == kind]
        if not mine:
            continue
        typed_as = Counter(
            "/".join(sorted({m.type for m in r.found})) or "none" for r in mine
        )
        rows.append({
            "type": kind,
            "labelled": len(mine),
            "found_same_type": sum(r.same_type for r in mine),
            "found_any_type": sum(bool(r.found) for r in mine),
            "recognised_as": dict(typed_as.most_common()),
        })
    return rows


def miss_row(result: LabelResult) -> dict[str, str]:
    span = result.span
    got = "; ".join(f"{m.text!r} {m.type}" for m in result.found) or "nothing"
    return {"article": span.article, "surface": span.surface, "type": span.type,
            "at": str(span.start), "recognised": got}


def form_name(key: tuple[str, str, str]) -> str:
    """'01:Kestrel': the article's number and the surface."""
    return f"{key[1][:2]}:{key[2]}"


def evaluate_clusters(results: list[LabelResult], index: EntityIndex) -> dict[str, Any]:
    forms: dict[tuple[str, str, str], set[str]] = {}  # (entity, article, surface) -> clusters
    for result in results:
        key = (result.span.entity, result.span.article, result.span.surface)
        forms.setdefault(key, set()).update(result.clusters)
    entities: dict[str, list[tuple[str, str, str]]] = {}
    for key in forms:
        entities.setdefault(key[0], []).append(key)
    rows = []
    pairs = linked = variant_pairs = variant_linked = 0
    for entity, keys in entities.items():
        if len(keys) < 2:
            continue
        mine = list(combinations(keys, 2))
        joined = [(a, b) for a, b in mine if forms[a] & forms[b]]
        variants = [(a, b) for a, b in mine if a[2].casefold() != b[2].casefold()]
        pairs += len(mine)
        linked += len(joined)
        variant_pairs += len(variants)
        variant_linked += sum(1 for pair in variants if pair in joined)
        clusters = set().union(*(forms[k] for k in keys))
        rows.append({
            "entity": entity,
            "forms": [form_name(key) for key in keys],
            "unfound_forms": [form_name(key) for key in keys if not forms[key]],
            "clusters": len(clusters),
            "pairs": len(mine),
            "linked": len(joined),
            "unlinked": [f"{form_name(a)} / {form_name(b)}"
                         for a, b in mine if (a, b) not in joined],
        })
    names = {c.id: c.name for c in index.clusters}
    wrong = []
    for (first, first_keys), (second, second_keys) in combinations(entities.items(), 2):
        shared = set().union(*(forms[k] for k in first_keys)) & set().union(
            *(forms[k] for k in second_keys))
        if shared:
            wrong.append({"entities": [first, second],
                          "clusters": sorted(names.get(c, c) for c in shared)})
    merged = {tuple(sorted(w["entities"])) for w in wrong}
    apart = [{"entities": [a, b], "why": why, "merged": tuple(sorted((a, b))) in merged}
             for a, b, why in entity_set.APART]
    return {
        "summary": {
            "same_entity_pairs": pairs,
            "same_entity_pairs_linked": linked,
            "pair_recall": _ratio(linked, pairs),
            "variant_pairs": variant_pairs,
            "variant_pairs_linked": variant_linked,
            "variant_pair_recall": _ratio(variant_linked, variant_pairs),
            "apart_pairs": len(apart),
            "apart_pairs_merged": sum(a["merged"] for a in apart),
            "wrong_merges": len(wrong),
        },
        "entities": rows,
        "apart": apart,
        "wrong_merges": wrong,
    }


# --- the bundled corpus -------------------------------------------------------------

def describe_bundled(corpus: Corpus, index: EntityIndex) -> dict[str, Any]:
    mentions = [m for c in index.clusters for m in c.mentions]
    multi = [
        {"name": c.name, "type": c.type, "surfaces": sorted({m.text for m in c.mentions})}
        for c in index.clusters if len({m.text for m in c.mentions}) > 1
    ]
    return {
        "articles": len(corpus.articles),
        "words": sum(a.word_count for a in corpus.articles),
        "mentions": len(mentions),
        "name_mentions": sum(is_name(m) for m in mentions),
        "clusters": len(index.clusters),
        "name_clusters": sum(c.type not in VALUE_TYPES for c in index.clusters),
        "merged_clusters": sorted(multi, key=lambda c: (c["type"], c["name"])),
        "clustering": clustering(index),
    }


def clustering(index: EntityIndex) -> list[list[str]]:
    """Every cluster as the sorted set of its mentions' surfaces, sorted."""
    return sorted(sorted({m.text for m in c.mentions}) for c in index.clusters)


def together(clusters: list[list[str]]) -> set[tuple[str, str]]:
    return {pair for cluster in clusters for pair in combinations(sorted(cluster), 2)}


def compare_clusterings(before: list[list[str]], now: list[list[str]]) -> dict[str, Any]:
    """Pairs of surfaces (both present before) now together that were not, and the
    reverse."""
    known = {surface for cluster in before for surface in cluster}
    present = {surface for cluster in now for surface in cluster}
    was, is_now = together(before), together(now)
    merged = sorted(p for p in is_now - was if p[0] in known and p[1] in known)
    split = sorted(p for p in was - is_now if p[0] in present and p[1] in present)
    new = sorted(present - known)
    gone = sorted(known - present)
    return {"newly_merged": [list(p) for p in merged], "newly_split": [list(p) for p in split],
            "new_surfaces": new, "lost_surfaces": gone}


# --- timing -------------------------------------------------------------------------

def timing(corpus: Corpus, runs: int, folder: Path) -> tuple[dict[str, float], EntityIndex]:
    """Median over ``runs`` cold runs; the index of the last whole build is returned."""
    from bench.ner_bench import cold, per_1k
    from syria_reader.corpus.ner import corpus_patterns_path

    words = sum(a.word_count for a in corpus.articles)
    patterns = corpus_patterns_path(corpus.root)
    rows: list[dict[str, float]] = []
    index = None
    for run in range(runs):
        split = cold(corpus.articles, patterns)
        cache = folder / f"timing-{run}"
        began = time.perf_counter()
        index = build(corpus, cache)
        whole = time.perf_counter() - began
        began = time.perf_counter()
        build(corpus, cache)  # warm: everything read from the cache just written
        warm = time.perf_counter() - began
        rows.append({
            "start_and_load_s": split["start_and_load_s"],
            "recognition_s": split["recognition_s"],
            "cold_index_s": round(whole, 3),
            "cached_index_s": round(warm, 4),
        })
    assert index is not None
    median = {key: statistics.median(r[key] for r in rows) for key in rows[0]}
    return {
        "runs": runs,
        "words": words,
        **median,
        "recognition_ms_per_1k_words": per_1k(median["recognition_s"], words),
        "cold_index_ms_per_1k_words": per_1k(median["cold_index_s"], words),
        "cached_index_ms_per_1k_words": per_1k(median["cached_index_s"], words),
    }, index


# --- provenance ---------------------------------------------------------------------

def code_version() -> dict[str, Any]:
    """Which recognition code was measured: its folder, commit and uncommitted changes."""
    import syria_reader.corpus
    from syria_reader.corpus.ner import find_model

    root = Path(syria_reader.corpus.__file__).resolve().parent.parent

    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(["git", "-C", str(root), *args], capture_output=True,
                                  text=True, timeout=20)
        except (OSError, subprocess.TimeoutExpired):
            return None
        return done.stdout.strip() if done.returncode == 0 else None

    changed = git("status", "--porcelain", "--", "corpus", "annotations")
    return {
        "code": str(root),
        "commit": git("rev-parse", "HEAD"),
        "uncommitted": changed.splitlines() if changed else [],
        "model": find_model().id,
        "python": platform.python_version(),
        "machine": platform.machine(),
    }


# --- printing -----------------------------------------------------------------------

def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def set_table(s: dict[str, Any]) -> str:
    rows = [
        ("labelled mentions (name types)", f"{s['labelled']} in {s['articles']} articles, "
                                           f"{s['words']} words"),
        ("recall (same type)", f"{_pct(s['recall'])} ({s['found_same_type']}/{s['labelled']})"),
        ("recall (any type)", f"{_pct(s['recall_any_type'])} "
                              f"({s['found_any_type']}/{s['labelled']})"),
        ("precision (same type)", f"{_pct(s['precision'])} "
                                  f"({s['correct_same_type']}/{s['recognised_names']})"),
        ("precision (any type)", f"{_pct(s['precision_any_type'])} "
                                 f"({s['correct_any_type']}/{s['recognised_names']})"),
        ("exact boundaries", f"{s['exact_boundaries']}/{s['labelled']}"),
        ("type accuracy (of those found)", f"{_pct(s['type_accuracy'])} "
                                           f"({s['found_same_type']}/{s['found_any_type']})"),
        ("hard negatives recognised", f"{s['hard_negatives_recognised']}/{s['hard_negatives']}"),
        ("same-entity pairs linked", f"{_pct(s['pair_recall'])} "
                                     f"({s['same_entity_pairs_linked']}/{s['same_entity_pairs']})"),
        ("of which spelling variants", f"{_pct(s['variant_pair_recall'])} "
                                       f"({s['variant_pairs_linked']}/{s['variant_pairs']})"),
        ("must-stay-apart pairs merged", f"{s['apart_pairs_merged']}/{s['apart_pairs']}"),
        ("labelled entities merged (any two)", str(s["wrong_merges"])),
    ]
    return "\n".join(["| labelled set | |", "|---|---:|", *(f"| {a} | {b} |" for a, b in rows)])


def type_table(rows: list[dict[str, Any]]) -> str:
    lines = ["| type | labelled | found (same type) | found (any type) | recognised as |",
             "|---|---:|---:|---:|---|"]
    for r in rows:
        seen = ", ".join(f"{k} {v}" for k, v in r["recognised_as"].items())
        lines.append(f"| {r['type']} | {r['labelled']} | {r['found_same_type']} "
                     f"| {r['found_any_type']} | {seen} |")
    return "\n".join(lines)


def entity_table(rows: list[dict[str, Any]]) -> str:
    lines = ["| entity | forms (article:surface) | clusters | pairs linked | not linked |",
             "|---|---|---:|---:|---|"]
    for r in rows:
        forms = ", ".join(f + (" (not found)" if f in r["unfound_forms"] else "")
                          for f in r["forms"])
        lines.append(f"| {r['entity']} | {forms} | {r['clusters']} | {r['linked']}/{r['pairs']} "
                     f"| {'; '.join(r['unlinked'][:6])}{' …' if len(r['unlinked']) > 6 else ''} |")
    return "\n".join(lines)


def errors_table(result: dict[str, Any]) -> str:
    lines = ["| article | labelled | expected | recognised |", "|---|---|---|---|"]
    grouped = Counter((m["article"][:2], m["surface"], m["type"], m["recognised"])
                      for m in result["misses"])
    for (article, surface, kind, recognised), count in list(grouped.items())[:SHOWN]:
        times = f" ×{count}" if count > 1 else ""
        lines.append(f"| {article} | {surface}{times} | {kind} | {recognised} |")
    if len(grouped) > SHOWN:
        lines.append(f"| … | {len(grouped) - SHOWN} more in the JSON | | |")
    for fp in result["false_positives"]:
        lines.append(f"| {fp['article'][:2]} | (no label) | - | {fp['text']!r} {fp['type']} |")
    for neg in result["hard_negatives_recognised"]:
        lines.append(f"| {neg['article'][:2]} | hard negative {neg['negative']!r} | - "
                     f"| {neg['recognised']!r} {neg['type']} |")
    for apart in result["apart"]:
        if apart["merged"]:
            lines.append(f"| - | {' / '.join(apart['entities'])} | apart | merged |")
    for wrong in result["wrong_merges"]:
        if not any(a["merged"] and sorted(a["entities"]) == sorted(wrong["entities"])
                   for a in result["apart"]):
            lines.append(f"| - | {' / '.join(wrong['entities'])} | apart "
                         f"| merged in {', '.join(wrong['clusters'])} |")
    return "\n".join(lines)


def bundled_table(b: dict[str, Any], comparison: dict[str, Any] | None) -> str:
    head = "| articles | words | mentions | name mentions | clusters | name clusters | " \
           "clusters with several spellings |"
    line = (f"| {b['articles']} | {b['words']} | {b['mentions']} | {b['name_mentions']} "
            f"| {b['clusters']} | {b['name_clusters']} | {len(b['merged_clusters'])} |")
    lines = [head, "|---:|---:|---:|---:|---:|---:|---:|", line, "",
             "| cluster | type | spellings held together |", "|---|---|---|"]
    for c in b["merged_clusters"]:
        lines.append(f"| {c['name']} | {c['type']} | {' = '.join(c['surfaces'])} |")
    if comparison is not None:
        merged = comparison["newly_merged"]
        lines += ["", f"Against the baseline: {len(merged)} pairs of spellings kept apart "
                      f"then are merged now, {len(comparison['newly_split'])} pairs held "
                      f"together then are apart now; {len(comparison['new_surfaces'])} "
                      f"new and {len(comparison['lost_surfaces'])} lost surfaces."]
        for label, pairs in (("merged now", merged), ("split now", comparison["newly_split"])):
            if pairs:
                shown = "; ".join(" = ".join(p) for p in pairs[:SHOWN])
                lines.append(f"- {label}: {shown}{' …' if len(pairs) > SHOWN else ''}")
        for label, surfaces in (("new surfaces", comparison["new_surfaces"]),
                                ("lost surfaces", comparison["lost_surfaces"])):
            if surfaces:
                shown = ", ".join(repr(s) for s in surfaces[:SHOWN])
                lines.append(f"- {label}: {shown}{' …' if len(surfaces) > SHOWN else ''}")
    return "\n".join(lines)


def timing_table(t: dict[str, Any], before: dict[str, Any] | None) -> str:
    lines = [
        "| bundled corpus, cold | start + model load (s) | recognition (ms/1k words) "
        "| cold index build (ms/1k words) | cached index build (ms/1k words) |",
        "|---|---:|---:|---:|---:|",
        f"| now (median of {t['runs']}) | {t['start_and_load_s']} "
        f"| {t['recognition_ms_per_1k_words']} | {t['cold_index_ms_per_1k_words']} "
        f"| {t['cached_index_ms_per_1k_words']} |",
    ]
    if before is not None:
        lines.append(
            f"| baseline | {before['start_and_load_s']} "
            f"| {before['recognition_ms_per_1k_words']} "
            f"| {before['cold_index_ms_per_1k_words']} "
            f"| {before['cached_index_ms_per_1k_words']} |")
        ratios = [t[k] / before[k] if before[k] else 0.0
                  for k in ("recognition_ms_per_1k_words", "cold_index_ms_per_1k_words")]
        verdict = "within" if max(ratios) <= LIMIT else "OVER"
        lines += ["", f"Recognition {ratios[0]:.2f}x and cold index build {ratios[1]:.2f}x "
                      f"the baseline: {verdict} the {LIMIT}x limit."]
    else:
        lines += ["", f"Limit: {LIMIT}x the baseline's recognition time (the issue's figure: "
                      f"{ISSUE_MS:g} ms, so {ISSUE_MS * LIMIT:g} ms)."]
    return "\n".join(lines)


COMPARED = ("recall", "recall_any_type", "precision", "precision_any_type", "type_accuracy",
            "exact_boundaries", "hard_negatives_recognised", "pair_recall",
            "variant_pair_recall", "apart_pairs_merged", "wrong_merges")


def comparison_table(now: dict[str, Any], before: dict[str, Any]) -> str:
    lines = ["| labelled set | baseline | now |", "|---|---:|---:|"]
    for key in COMPARED:
        old, new = before.get(key), now.get(key)

        def show(value: object, key: str = key) -> str:
            if isinstance(value, float) and key not in ("exact_boundaries",):
                return _pct(value)
            return "-" if value is None else str(value)

        lines.append(f"| {key.replace('_', ' ')} | {show(old)} | {show(new)} |")
    return "\n".join(lines)


# --- main ---------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5,
                        help="cold timing runs to take the median of")
    parser.add_argument("--set", type=Path, default=entity_set.SET_DIR,
                        help="the labelled set's folder (its labels are bench/entity_set.py)")
    parser.add_argument("--baseline", type=Path, default=None,
                        help=f"a JSON this command wrote, to compare with (e.g. {BASELINE.name})")
    parser.add_argument("--out", type=Path, default=OUT, help="the JSON to write")
    args = parser.parse_args(argv)
    before = json.loads(args.baseline.read_text(encoding="utf-8")) if args.baseline else None
    with tempfile.TemporaryDirectory(prefix="entity-quality-") as folder:
        os.environ["XDG_CACHE_HOME"] = str(Path(folder) / "xdg")  # no user cache touched
        labelled = load_corpus(args.set)
        set_result = evaluate_set(labelled, build(labelled, Path(folder) / "set"))
        bundled = load_corpus()
        times, index = timing(bundled, max(1, args.runs), Path(folder))
        described = describe_bundled(bundled, index)
    comparison = (compare_clusterings(before["bundled"]["clustering"], described["clustering"])
                  if before else None)
    sections = [
        set_table(set_result["summary"]), "", type_table(set_result["by_type"]), "",
        entity_table(set_result["entities"]), "", errors_table(set_result), "",
        bundled_table(described, comparison), "",
        timing_table(times, before["timing"] if before else None),
    ]
    if before:
        sections += ["", comparison_table(set_result["summary"], before["set"]["summary"])]
    print("\n".join(sections))
    save_json(args.out, {
        **code_version(),
        "set": set_result,
        "bundled": described,
        "timing": times,
        "baseline": None if before is None else {
            "file": str(args.baseline), "commit": before.get("commit"), **(comparison or {})},
    })
    print(f"\nwritten to {args.out}")
    return 0


if __name__ == "__main__":  # required: the recognition process is spawned
    raise SystemExit(main())
