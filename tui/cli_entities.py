"""The ``entities`` and ``correct`` subcommands (headless: no Textual, no spaCy here)."""

from __future__ import annotations

import argparse
import sys

from syria_reader.annotations.entity_clusters import EntityCluster
from syria_reader.annotations.entity_corrections import (
    EntityCorrection,
    MentionRef,
    delete_correction,
    load_corrections,
    save_correction,
)
from syria_reader.annotations.entity_index import EntityIndex, build_entity_index
from syria_reader.annotations.store import AnnotationStore
from syria_reader.corpus import Corpus
from syria_reader.corpus.entities import ENTITY_TYPES, Mention
from syria_reader.corpus.search import locate
from syria_reader.tui.cli_progress import recognition_progress
from syria_reader.tui.untrusted import print_json

PROG = "syria-reader"


class EntityLookupError(LookupError):
    """No entity, or several, answer to a name."""


def _index(corpus: Corpus, store: AnnotationStore) -> EntityIndex:
    index = build_entity_index(corpus, store, on_progress=recognition_progress())
    for stale in index.stale_corrections:
        print(f"{PROG}: note: correction {stale.id} ({stale.kind} “{stale.mention.text}” in "
              f"{stale.mention.article_id}) no longer applies", file=sys.stderr)
    return index


def entities(args: argparse.Namespace, corpus: Corpus, store: AnnotationStore) -> int:
    index = _index(corpus, store)
    if args.json:
        payload = {"clusters": [cluster.to_dict() for cluster in index.clusters]}
        print_json(payload)
        return 0
    width = max((len(cluster.id) for cluster in index.clusters), default=2)
    print(f"{'ID':<{width}} {'TYPE':<8} {'MENTIONS':>8} {'ARTICLES':>8}  NAME (ALIASES)")
    for cluster in index.clusters:
        others = [alias for alias in cluster.aliases if alias != cluster.name]
        aliases = f" ({', '.join(others)})" if others else ""
        print(f"{cluster.id:<{width}} {cluster.type:<8} {len(cluster.mentions):>8} "
              f"{len(cluster.articles):>8}  {cluster.name}{aliases}")
    return 0


def _find_entity(index: EntityIndex, key: str) -> EntityCluster:
    by_id = index.cluster(key)
    if by_id is not None:
        return by_id
    folded = key.casefold()
    named = [c for c in index.clusters
             if c.name.casefold() == folded or folded in (a.casefold() for a in c.aliases)]
    if len(named) == 1:
        return named[0]
    if not named:
        raise EntityLookupError(f"no entity '{key}' (see {PROG} entities)")
    ids = ", ".join(c.id for c in named[:5])
    raise EntityLookupError(f"'{key}' names {len(named)} entities: {ids}; use an id")


def _mention_at(index: EntityIndex, article_id: str, span: tuple[int, int]) -> Mention:
    for mention in index.mentions(article_id):
        if mention.start <= span[0] and span[1] <= mention.end:
            return mention
    raise EntityLookupError(f"no entity mention at {article_id}:{span[0]}-{span[1]}")


def _check_type(entity_type: str) -> str:
    upper = entity_type.upper()
    if upper not in ENTITY_TYPES:
        raise EntityLookupError(f"unknown type '{entity_type}'; one of {', '.join(ENTITY_TYPES)}")
    return upper


def _build_correction(
    args: argparse.Namespace, corpus: Corpus, index: EntityIndex
) -> EntityCorrection:
    kind = args.correction
    if kind in ("merge", "retype"):
        first = MentionRef.of(_find_entity(index, args.entity).mentions[0])
        if kind == "retype":
            return EntityCorrection("retype", first, type=_check_type(args.type))
        other = _find_entity(index, args.other)
        if first in {MentionRef.of(m) for m in other.mentions}:
            raise EntityLookupError(f"'{args.entity}' and '{args.other}' are one entity already")
        return EntityCorrection("merge", first, other=MentionRef.of(other.mentions[0]))
    article = corpus.get(args.article)
    span = locate(article, args.quote, args.occurrence)
    if kind == "add":
        ref = MentionRef(article.id, span[0], span[1], args.quote)
        return EntityCorrection("add", ref, type=_check_type(args.type))
    return EntityCorrection(kind, MentionRef.of(_mention_at(index, article.id, span)))


def correct(args: argparse.Namespace, corpus: Corpus, store: AnnotationStore) -> int:
    if args.correction == "list":
        rows = [c.to_record() for c in load_corrections(store)]
        if args.json:
            print_json({"corrections": rows})
        for row in [] if args.json else rows:
            mention = row["mention"]
            other = f" + “{row['other']['text']}”" if row["other"] else ""  # type: ignore[index]
            kind_type = f" {row['type']}" if row["type"] else ""
            print(f"{row['id']}  {row['kind']}{kind_type}  “{mention['text']}” "  # type: ignore[index]
                  f"in {mention['article']}{other}")  # type: ignore[index]
        return 0
    if args.correction == "delete":
        if not delete_correction(store, args.correction_id):
            raise EntityLookupError(f"no correction {args.correction_id}")
        print(f"deleted correction {args.correction_id}")
        return 0
    try:
        correction = _build_correction(args, corpus, _index(corpus, store))
    except EntityLookupError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 2
    save_correction(store, correction)
    print(f"{correction.kind}: saved as {correction.id}")
    return 0
