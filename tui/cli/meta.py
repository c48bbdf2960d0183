"""``meta``: an article's title, source and date as the analyst sets them (headless).

Kept in the database with the annotations, never written into the article's file."""

from __future__ import annotations

import argparse

from syria_reader.annotations.vocabulary import ARTICLE_FIELDS
from syria_reader.tui.cli.common import Commands, add_command, open_corpus, open_workspace
from syria_reader.tui.untrusted import one_line, print_json


def cmd_meta(args: argparse.Namespace) -> int:
    """Sets the fields given (an empty value unsets one), then prints what stands."""
    corpus = open_corpus(args)
    article = corpus.get(args.article)  # a wrong id opens no database
    given = {name: getattr(args, name) for name in ARTICLE_FIELDS
             if getattr(args, name) is not None}
    workspace = open_workspace(args, corpus, writes=bool(given))
    if given:
        workspace.set_article_meta(article.id, **given)
    shown = workspace.article(article.id)
    mine = workspace.article_meta(article.id)
    row = {"id": article.id, **{name: getattr(shown, name) for name in ARTICLE_FIELDS},
           "set_by_analyst": [name for name in ARTICLE_FIELDS if mine and getattr(mine, name)]}
    if args.json:
        print_json(row)
        return 0
    for name in ARTICLE_FIELDS:
        by = "  (set by the analyst)" if name in row["set_by_analyst"] else ""
        value = one_line(row[name]) if row[name] is not None else "-"
        print(f"{name:<7} {value}{by}")  # one field a line
    return 0


def register(commands: Commands) -> None:
    meta = add_command(
        commands, "meta", "show or set an article's title, source and date",
        "Shows the article's title, source and date. --title, --source and --date set "
        "the analyst's own (kept with the annotations, exported and imported with them, "
        "never written into the article's file); an empty value (--date '') unsets "
        "one, and the article's own value stands again. Dates are read as newsrooms "
        "write them (2018-12-19, Dec. 19, 2018, 19 December 2018).",
    )
    meta.add_argument("article", metavar="ARTICLE", help="article id or unique prefix")
    for name in ARTICLE_FIELDS:
        meta.add_argument(f"--{name}", metavar=name.upper(), help=f"set the article's {name}")
    meta.add_argument("--json", action="store_true", help="print JSON")
    meta.set_defaults(handler=cmd_meta)
