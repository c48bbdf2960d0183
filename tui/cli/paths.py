"""``paths``: where syria-reader keeps what, for this corpus (reads only, moves nothing)."""

from __future__ import annotations

import argparse
from pathlib import Path

from syria_reader.tui.cli.common import Commands, add_command, db_path, open_corpus
from syria_reader.tui.untrusted import one_line, print_json


def _describe(path: Path) -> str:
    if path.is_symlink():
        return f"a link to {path.resolve()}"
    if not path.exists():
        return "not there yet"
    if path.is_dir():
        return "a folder"
    return f"{path.stat().st_size:,} bytes"


def cmd_paths(args: argparse.Namespace) -> int:
    from syria_reader.annotations.store.location import locate
    from syria_reader.corpus import app_dirs
    from syria_reader.tui.config import config_path

    # No facts cache: asking where things are creates none of them.
    location = locate(open_corpus(args, cache=False), db_path(args))
    cache, state = app_dirs.cache_dir(), app_dirs.state_dir()
    rows = {
        "database": (location.path, "claims, notes, links, entity corrections, undo history"),
        "cache": (cache, "recognised entities (ner/), the entity index (entity-index/), "
                         "the articles' facts and sentences (facts.sqlite3), the "
                         "related-passages index (related/): safe to delete"),
        "config": (config_path(), "settings: theme, keys, hidden entity types"),
        "state": (state, "where you were reading, undo sessions, crash logs (crashes/), "
                         "what exports wrote (written-files.json)"),
    }
    if args.json:
        print_json({name: {"path": str(path), "exists": path.exists(), "holds": holds}
                    for name, (path, holds) in rows.items()})
        return 0
    for name, (path, holds) in rows.items():
        # A folder name may hold a line break: shown, so each place keeps its lines.
        print(f"{name:<9} {one_line(path)}  ({one_line(_describe(path))})\n          {holds}")
    if location.earlier is not None:
        print(f"note: this corpus's annotations are still under an earlier name, "
              f"{one_line(location.earlier)}; the next command that opens them moves them")
    return 0


def register(commands: Commands) -> None:
    paths = add_command(
        commands, "paths", "where the database, cache, config and state are",
        "Prints the locations in use for this corpus (and --db): the annotation "
        "database, the cache, the config file and the state folder. Creates and moves "
        "nothing.",
    )
    paths.add_argument("--json", action="store_true", help="print JSON")
    paths.set_defaults(handler=cmd_paths)
