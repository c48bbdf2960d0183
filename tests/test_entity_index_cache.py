"""The cached entity index answers exactly as a freshly built one, and misses whenever
what it was built from changed: an article, a correction, a damaged file."""

from __future__ import annotations

import pickle
import shutil
import zlib
from pathlib import Path

import pytest

from syria_reader.annotations.entities.corrections import (
    EntityCorrection,
    MentionRef,
    save_correction,
)
from syria_reader.annotations.entities.index import EntityIndex, build_entity_index
from syria_reader.annotations.entities.index_cache import IndexCache
from syria_reader.annotations.entities.stored import StoredEntityIndex
from syria_reader.annotations.linking.entities import EntityMatcher
from syria_reader.annotations.store.database import AnnotationStore
from syria_reader.corpus import Corpus, load_corpus
from syria_reader.corpus.mention_key import mentions_key
from syria_reader.corpus.ner import corpus_patterns_path, recognition_inputs
from syria_reader.corpus.ner_cache import NerCache
from tests.conftest import REPO


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the bundled corpus that a test may change."""
    shutil.copytree(REPO / "corpus" / "articles", tmp_path / "corpus")
    return tmp_path / "corpus"


@pytest.fixture
def ner(warm_cache: Path, tmp_path: Path) -> NerCache:
    """The bundled texts' raw entities (no recognition runs), in a copy of its own."""
    shutil.copytree(warm_cache / "syria-reader" / "ner", tmp_path / "ner")
    return NerCache(tmp_path / "ner")


def _build(corpus: Corpus, ner: NerCache, folder: Path,
           store: AnnotationStore | None = None) -> tuple[EntityIndex, IndexCache]:
    cache = IndexCache(folder)
    return build_entity_index(corpus, store, cache=ner, index_cache=cache), cache


def _same(one: EntityIndex, other: EntityIndex, corpus: Corpus) -> None:
    """Every answer of the two indexes is the same."""
    assert [c.to_dict() for c in one.clusters] == [c.to_dict() for c in other.clusters]
    assert [c.aliases for c in one.clusters] == [c.aliases for c in other.clusters]
    assert one.summaries() == other.summaries()
    assert one.fingerprint == other.fingerprint
    assert [c.id for c in one.stale_corrections] == [c.id for c in other.stale_corrections]
    assert one.cluster_count == other.cluster_count == len(one.clusters)
    for article in corpus.articles:
        assert one.mentions(article.id) == other.mentions(article.id)
        for mention in one.mentions(article.id):
            assert one.cluster_id_of(mention) == other.cluster_id_of(mention)
            assert one.summary_of(mention) == other.summary_of(mention)
            ours, theirs = one.cluster_of(mention), other.cluster_of(mention)
            assert ours is not None and theirs is not None
            assert ours.to_dict() == theirs.to_dict()
            assert one.summary_of(mention) == other.summary_of(mention)
            assert one.next_mention(ours, article.id, mention.start) == other.next_mention(
                theirs, article.id, mention.start)
    for cluster in one.clusters:
        found = other.cluster(cluster.id)
        assert found is not None and found.to_dict() == cluster.to_dict()
    ours, theirs = EntityMatcher(one), EntityMatcher(other)
    assert (ours.names, ours._names, ours._same_as) == (theirs.names, theirs._names,
                                                        theirs._same_as)


def test_a_second_build_reads_the_same_index_back(folder: Path, ner: NerCache,
                                                  tmp_path: Path) -> None:
    corpus = load_corpus(folder)
    built, cache = _build(corpus, ner, tmp_path / "index")
    assert (cache.hits, cache.writes) == (0, 1)
    stored, cache = _build(corpus, ner, tmp_path / "index")
    assert (cache.hits, cache.writes) == (1, 0)
    assert isinstance(stored, StoredEntityIndex) and not isinstance(built, StoredEntityIndex)
    _same(stored, built, corpus)
    _same(built, stored, corpus)


def test_the_stored_index_decodes_only_what_is_asked(folder: Path, ner: NerCache,
                                                     tmp_path: Path) -> None:
    corpus = load_corpus(folder)
    _build(corpus, ner, tmp_path / "index")
    stored, _cache = _build(corpus, ner, tmp_path / "index")
    assert isinstance(stored, StoredEntityIndex)
    EntityMatcher(stored)  # the related index's matcher reads summaries only
    assert stored._decoded == {}
    first = corpus.articles[0].id
    assert stored.mentions(first)
    assert set(stored._decoded) == {first}
    # The inspector's line for a mention of an entity named in other articles too:
    # still only this article decoded.
    named = {stored.cluster_id_of(m) for m in stored.mentions(first)}
    widest = max((s for s in stored.summaries() if s.id in named), key=lambda s: s.articles)
    assert widest.articles > 1
    mention = next(m for m in stored.mentions(first) if stored.cluster_id_of(m) == widest.id)
    assert stored.summary_of(mention) == widest
    assert set(stored._decoded) == {first}


def test_a_changed_article_is_built_again(folder: Path, ner: NerCache, tmp_path: Path) -> None:
    corpus = load_corpus(folder)
    _build(corpus, ner, tmp_path / "index")
    article = corpus.articles[1]
    path = next(p for p in folder.glob("*.txt") if p.stem == article.id)
    raw = ner.get(article.sha256, _version(corpus, ner), len(article.text))
    assert raw
    # A new last paragraph that names a place: its raw entities are the old ones.
    path.write_text(article.text + "\nReporters in Lisbon said so.\n", encoding="utf-8")
    changed = load_corpus(folder)
    ner.put(changed.get(article.id).sha256, _version(changed, ner), raw)
    again, cache = _build(changed, ner, tmp_path / "index")
    assert cache.hits == 0 and cache.writes == 1
    fresh, _cache = _build(changed, ner, tmp_path / "fresh")
    _same(again, fresh, changed)
    assert any(m.text == "Lisbon" for m in again.mentions(article.id))


def test_a_new_correction_is_applied(folder: Path, ner: NerCache, tmp_path: Path) -> None:
    corpus = load_corpus(folder)
    store = AnnotationStore(tmp_path / "db.json")
    before, _cache = _build(corpus, ner, tmp_path / "index", store)
    article = corpus.articles[0]
    removed = before.mentions(article.id)[0]
    save_correction(store, EntityCorrection("remove", MentionRef.of(removed)))
    after, cache = _build(corpus, ner, tmp_path / "index", store)
    assert cache.hits == 0
    assert removed not in after.mentions(article.id)
    fresh, _cache = _build(corpus, ner, tmp_path / "fresh", store)
    _same(after, fresh, corpus)
    stored, cache = _build(corpus, ner, tmp_path / "index", store)
    assert cache.hits == 1
    _same(stored, fresh, corpus)


@pytest.mark.parametrize("damage", ["flip", "truncate", "garbage", "class", "empty"])
def test_a_damaged_file_is_a_miss(folder: Path, ner: NerCache, tmp_path: Path,
                                  damage: str) -> None:
    corpus = load_corpus(folder)
    built, _cache = _build(corpus, ner, tmp_path / "index")
    (path,) = (tmp_path / "index").glob("*.pickle")
    data = path.read_bytes()
    header = data.index(b"\n") + 1
    if damage == "flip":
        data = data[:-100] + bytes([data[-100] ^ 1]) + data[-99:]
    elif damage == "truncate":
        data = data[: len(data) // 2]
    elif damage == "garbage":
        data = b"not an index"
    elif damage == "empty":
        data = b""
    else:  # a well-formed file that names a class: refused, never run
        body = pickle.dumps(Path("/"))
        data = data[:header] + zlib.crc32(body).to_bytes(4, "big") + body
    path.write_bytes(data)
    again, cache = _build(corpus, ner, tmp_path / "index")
    assert cache.hits == 0 and cache.writes == 1
    _same(again, built, corpus)


def test_an_unwritable_cache_is_forgotten(folder: Path, ner: NerCache, tmp_path: Path) -> None:
    corpus = load_corpus(folder)
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    built, cache = _build(corpus, ner, blocker / "index")
    assert cache.writes == 0 and built.clusters


def test_no_key_while_a_text_is_not_recognised(folder: Path, ner: NerCache,
                                               tmp_path: Path) -> None:
    corpus = load_corpus(folder)
    inputs = recognition_inputs(corpus_patterns_path(corpus.root))
    assert mentions_key(corpus.articles, inputs, ner) is not None
    assert mentions_key(corpus.articles, inputs, NerCache(tmp_path / "empty")) is None
    other = recognition_inputs(corpus_patterns_path(corpus.root), [("Lisbon", "GPE")])
    assert mentions_key(corpus.articles, other, ner) is None  # another ruler: another key


def _version(corpus: Corpus, ner: NerCache) -> str:
    return recognition_inputs(corpus_patterns_path(corpus.root)).version
