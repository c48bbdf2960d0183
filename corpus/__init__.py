"""The documents and what is derived from them alone."""

from syria_reader.corpus.article import Article, text_sha256
from syria_reader.corpus.loader import (
    Corpus,
    CorpusError,
    Notice,
    Skipped,
    UnknownArticleError,
    bundled_corpus_dir,
    ids_for,
    load_corpus,
)
from syria_reader.corpus.sentences import Span, split_sentences

__all__ = [
    "Article",
    "Corpus",
    "CorpusError",
    "Notice",
    "Skipped",
    "Span",
    "UnknownArticleError",
    "bundled_corpus_dir",
    "ids_for",
    "load_corpus",
    "split_sentences",
    "text_sha256",
]
