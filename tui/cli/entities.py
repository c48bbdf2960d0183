"""``entities`` and ``correct``: the entities across the articles, and the analyst's
corrections to them (headless: recognition runs in another process)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from syria_reader.tui.cli.common import (
    PROG,
    Commands,
    add_command,
    add_common_options,
    open_workspace,
)
from syria_reader.tui.cli.progress import recognition_progress
from syria_reader.tui.untrusted import one_line, print_json

if TYPE_CHECKING:
    from syria_reader.annotations.entities.clusters import EntityCluster
    from syria_reader.annotations.entities.corrections import EntityCorrection
    from syria_reader.annotations.entities.index import EntityIndex
    from syria_reader.annotations.workspace import Workspace
    from syria_reader.corpus.entities import Mention


class EntityLookupError(LookupError):
    """No entity, or several, answer to a name."""


def entity_index(workspace: Workspace) -> EntityIndex:
    """The workspace's entities, with progress and a note per correction gone stale."""
    index = workspace.load_entities(recognition_progress())
    for stale in index.stale_corrections:
        print(one_line(f"{PROG}: note: correction {stale.id} ({stale.kind} "
                       f"“{stale.mention.text}” in {stale.mention.article_id}) no longer "
                       "applies"), file=sys.stderr)
    return index


def cmd_entities(args: argparse.Namespace) -> int:
    index = entity_index(open_workspace(args, load=False))
    if args.json:
        print_json({"clusters": [cluster.to_dict() for cluster in index.clusters]})
        return 0
    # Summaries: a cached index lists its clusters without decoding a mention.
    summaries = index.summaries()
    width = max((len(summary.id) for summary in summaries), default=2)
    print(f"{'ID':<{width}} {'TYPE':<8} {'MENTIONS':>8} {'ARTICLES':>8}  NAME (ALIASES)")
    for summary in summaries:
        others = [alias for alias in summary.aliases if alias != summary.name]
        aliases = f" ({', '.join(others)})" if others else ""
        print(one_line(f"{summary.id:<{width}} {summary.type:<8} {summary.size:>8} "
                       f"{summary.articles:>8}  {summary.name}{aliases}"))
    return 0


def _find_entity(index: EntityIndex, key: str) -> EntityCluster:
    by_id = index.cluster(key)
    if by_id is not None:
        return by_id
    folded = key.casefold()
    named = [c for c in index.summaries()
             if c.name.casefold() == folded or folded in (a.casefold() for a in c.aliases)]
    found = index.cluster(named[0].id) if len(named) == 1 else None
    if found is not None:
        return found
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
    from syria_reader.corpus.entities import ENTITY_TYPES

    upper = entity_type.upper()
    if upper not in ENTITY_TYPES:
        raise EntityLookupError(f"unknown type '{entity_type}'; one of {', '.join(ENTITY_TYPES)}")
    return upper


def _build_correction(args: argparse.Namespace, workspace: Workspace) -> EntityCorrection:
    from syria_reader.annotations.entities.corrections import EntityCorrection, MentionRef
    from syria_reader.corpus.search import locate

    kind = args.correction
    index = entity_index(workspace)
    if kind in ("merge", "retype", "rename"):
        first = MentionRef.of(_find_entity(index, args.entity).mentions[0])
        if kind == "retype":
            return EntityCorrection("retype", first, type=_check_type(args.type))
        if kind == "rename":
            name = " ".join(args.name.split())
            if not name:
                raise EntityLookupError("the new name is empty")
            return EntityCorrection("rename", first, name=name)
        other = _find_entity(index, args.other)
        if first in {MentionRef.of(m) for m in other.mentions}:
            raise EntityLookupError(f"'{args.entity}' and '{args.other}' are one entity already")
        return EntityCorrection("merge", first, other=MentionRef.of(other.mentions[0]))
    article = workspace.corpus.get(args.article)
    span = locate(article, args.quote, args.occurrence)
    if kind == "add":
        ref = MentionRef(article.id, span[0], span[1], args.quote)
        return EntityCorrection("add", ref, type=_check_type(args.type))
    return EntityCorrection(kind, MentionRef.of(_mention_at(index, article.id, span)))


def cmd_correct(args: argparse.Namespace) -> int:
    workspace = open_workspace(args, load=False, writes=args.correction != "list")
    if args.correction == "list":
        rows = [c.to_record() for c in workspace.corrections()]
        if args.json:
            print_json({"corrections": rows})
        for row in [] if args.json else rows:
            mention = row["mention"]
            other = f" + “{row['other']['text']}”" if row["other"] else ""  # type: ignore[index]
            kind_type = f" {row['type']}" if row["type"] else ""
            if row.get("name"):
                kind_type = f" to “{row['name']}”"
            print(one_line(f"{row['id']}  {row['kind']}{kind_type}  “{mention['text']}” "  # type: ignore[index]
                           f"in {mention['article']}{other}"))  # type: ignore[index]
        return 0
    if args.correction == "delete":
        if not workspace.delete_correction(args.correction_id):
            raise EntityLookupError(f"no correction {args.correction_id}")
        print(f"deleted correction {args.correction_id}")
        return 0
    correction = _build_correction(args, workspace)
    workspace.add_correction(correction)
    print(f"{correction.kind}: saved as {correction.id}")
    return 0


def register(commands: Commands) -> None:
    entities = add_command(
        commands, "entities", "list the entities, clustered across the articles",
        "People, organisations, places, groups, dates and numbers, one row per real-world "
        "entity with its mentions in every article. The first run recognises them (in a "
        "separate process, shown on stderr); later runs read the cache.",
    )
    entities.add_argument("--json", action="store_true", help="print JSON")
    entities.set_defaults(handler=cmd_entities)

    correct = add_command(
        commands, "correct", "correct the entities: merge, split, retype, add, remove, rename",
        "Corrections are stored in the annotation database and applied on every load.",
    )
    from syria_reader.tui.cli.common import Parser

    kinds = correct.add_subparsers(title="corrections", metavar="CORRECTION", required=True,
                                   dest="correction", parser_class=Parser)
    merge = kinds.add_parser("merge", help="make two entities one")
    merge.add_argument("entity", metavar="ENTITY", help="entity id or name (kept)")
    merge.add_argument("other", metavar="OTHER", help="entity id or name (merged into ENTITY)")
    rename = kinds.add_parser("rename", help="give an entity the name you choose")
    rename.add_argument("entity", metavar="ENTITY", help="entity id or name")
    rename.add_argument("name", metavar="NAME", help="its name from now on")
    retype = kinds.add_parser("retype", help="change an entity's type")
    retype.add_argument("entity", metavar="ENTITY", help="entity id or name")
    retype.add_argument("type", metavar="TYPE", help="PERSON, ORG, GPE, LOC, NORP, ...")
    for name, help_text in (
        ("split", "make one mention an entity of its own"),
        ("add", "add a mention the recogniser missed"),
        ("remove", "remove a mention that is no entity"),
    ):
        kind = kinds.add_parser(name, help=help_text)
        kind.add_argument("article", metavar="ARTICLE", help="article id or unique prefix")
        kind.add_argument("quote", metavar="QUOTE", help="the mention's exact text")
        if name == "add":
            kind.add_argument("type", metavar="TYPE", help="PERSON, ORG, GPE, LOC, NORP, ...")
        kind.add_argument("--occurrence", type=int, default=1, metavar="N",
                          help="the N-th occurrence of QUOTE in the article (default 1)")
    listing = kinds.add_parser("list", help="list the corrections")
    listing.add_argument("--json", action="store_true", help="print JSON")
    delete = kinds.add_parser("delete", help="delete a correction")
    delete.add_argument("correction_id", metavar="ID")
    for parser in kinds.choices.values():
        parser.set_defaults(handler=cmd_correct)
        add_common_options(parser, argparse.SUPPRESS)
