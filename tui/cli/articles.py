"""``articles`` and ``sentences``: what the corpus holds (headless, no database)."""

from __future__ import annotations

import argparse

from syria_reader.corpus.text_cache import split_articles
from syria_reader.tui.cli.common import Commands, add_command, open_corpus, print_table
from syria_reader.tui.text_wrap import clip
from syria_reader.tui.untrusted import one_line, print_json


def cmd_articles(args: argparse.Namespace) -> int:
    articles = open_corpus(args).articles
    split_articles(articles)  # the first time: on every core; then from the facts cache
    rows = [article.summary() for article in articles]
    if args.json:
        print_json({"articles": rows})
        return 0
    for row in rows:
        row["sha256"] = str(row["sha256"])[:12]
        row["title"] = clip(str(row["title"]), 60)
    print_table(rows, ["id", "title", "source", "date", "words", "sentences", "sha256"])
    return 0


def cmd_sentences(args: argparse.Namespace) -> int:
    article = open_corpus(args).get(args.article)
    rows = [{"start": start, "end": end, "text": article.text[start:end]}
            for start, end in article.sentences]
    if args.json:
        print_json({"article": article.id, "sentences": rows})
        return 0
    for row in rows:
        # One sentence a line: a line break in it is its stand-in, one character for
        # one, so the offsets still count along the text shown.
        print(f"{row['start']:>7} {row['end']:>7}  {one_line(row['text'])}")
    return 0


def register(commands: Commands) -> None:
    articles = add_command(
        commands, "articles", "list the articles of the corpus",
        "One row per article: id, title, source, date, words, sentences, sha256.",
    )
    articles.add_argument("--json", action="store_true", help="print JSON")
    articles.set_defaults(handler=cmd_articles)

    sentences = add_command(
        commands, "sentences", "list an article's sentences with their offsets",
        "One row per sentence: start and end offsets into the text, and the text.",
    )
    sentences.add_argument("article", metavar="ARTICLE", help="article id or unique prefix")
    sentences.add_argument("--json", action="store_true", help="print JSON")
    sentences.set_defaults(handler=cmd_sentences)
