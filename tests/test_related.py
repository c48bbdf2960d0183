"""The related-passages engine, links and rejected suggestions (no Textual here)."""

from __future__ import annotations

import json
import pickle
import zlib
from array import array
from pathlib import Path

import pytest

from syria_reader.annotations.entities.index import EntityIndex, build_entity_index
from syria_reader.annotations.linking import cache as related_cache
from syria_reader.annotations.linking.links import (
    Link,
    accept,
    all_links,
    links_of,
    new_link,
    parse_passage,
    passage_ref,
    reject,
    rejected_refs,
)
from syria_reader.annotations.linking.numbers import figures
from syria_reader.annotations.linking.related import RelatedIndex, RelatedResult
from syria_reader.annotations.linking.results import figure_reason
from syria_reader.annotations.linking.text import comparable
from syria_reader.annotations.store.book import AnnotationBook
from syria_reader.annotations.store.database import AnnotationStore
from syria_reader.annotations.store.model import new_annotation
from syria_reader.corpus import Article, Corpus, load_corpus
from syria_reader.corpus.ner_cache import NerCache
from tests.conftest import span_of

TROOPS_000 = "The US has about 2,000 troops on the ground in the country"
TROOPS_002 = "the U.S. has only a small number of troops in Syria, roughly 500"
MISSION_FREE = "Our only mission to defeat ISIS, we're not involved in the civil war"
MISSION_003 = "The coalition’s mission in Syria is to defeat ISIS"
MISSION_002 = "Our only mission to defeat ISIS, we’re not involved in the civil war"


def covering(results: list[RelatedResult], where: tuple[str, int, int]) -> RelatedResult | None:
    """The result that overlaps ``where`` (article, start, end), if any."""
    article, start, end = where
    return next((r for r in results if r.article == article and r.start < end
                 and start < r.end), None)


# -- ranking ---------------------------------------------------------------------------


def test_troops_pair_ranks_in_the_top_5_both_ways(corpus: Corpus, index: RelatedIndex) -> None:
    here, there = span_of(corpus, "000", TROOPS_000), span_of(corpus, "002", TROOPS_002)
    assert covering(index.query_span(*here, limit=5), there) is not None
    assert covering(index.query_span(*there, limit=5), here) is not None


def test_mission_pair_ranks_in_the_top_5_both_ways(corpus: Corpus, index: RelatedIndex) -> None:
    assert MISSION_FREE not in "".join(a.text for a in corpus.articles)  # free text
    coalition = span_of(corpus, "003", MISSION_003)
    assert covering(index.query(MISSION_FREE, limit=5), coalition) is not None
    official = span_of(corpus, "002", MISSION_002)
    assert covering(index.query_span(*coalition, limit=5), official) is not None


def test_plain_rapidfuzz_would_miss_what_the_engine_finds(
    corpus: Corpus, index: RelatedIndex
) -> None:
    """The bar the engine has to clear: whole-sentence WRatio ranks the troops
    counterpart below the top 5."""
    from rapidfuzz import fuzz, process, utils

    places = [(a.id, s, e) for a in corpus.articles if not a.id.startswith("000")
              for s, e in a.sentences]
    texts = [corpus.get(a).text[s:e] for a, s, e in places]
    top = process.extract(TROOPS_000, texts, scorer=fuzz.WRatio, limit=5,
                          processor=utils.default_process)
    there = span_of(corpus, "002", TROOPS_002)
    assert there[0] not in {places[i][0] for _, _, i in top if places[i][1] <= there[1]
                            < places[i][2]}
    assert covering(index.query_span(*span_of(corpus, "000", TROOPS_000)), there)


def test_troops_reasons_name_shared_entities_and_differing_figures(
    corpus: Corpus, index: RelatedIndex
) -> None:
    results = index.query_span(*span_of(corpus, "000", TROOPS_000))
    found = covering(results, span_of(corpus, "002", TROOPS_002))
    assert found is not None
    reasons = list(found.reasons)
    assert any(r.startswith("shared: ") and "United States" in r for r in reasons), reasons
    assert "numbers differ: 2,000 vs 500 (troops)" in reasons
    assert any(r.startswith("words: ") and "troops" in r for r in reasons), reasons
    assert 0 < found.score <= 1
    assert [r.score for r in results] == sorted((r.score for r in results), reverse=True)


def test_entity_spellings_count_as_one(index: RelatedIndex) -> None:
    """"SDF" in a query meets "Syrian Democratic Forces" in the text, and back."""
    for name in ("the SDF", "the Syrian Democratic Forces"):
        results = index.query(f"our partnership with {name} is reliable", limit=3)
        top = results[0]
        assert "partnership with the Syrian Democratic Forces" in top.text
        assert "shared: Syrian Democratic Forces" in top.reasons


def test_free_text_and_its_limits(corpus: Corpus, index: RelatedIndex) -> None:
    assert index.query("the of and", limit=5) == []
    assert index.query(TROOPS_000, limit=0) == []
    results = index.query(TROOPS_000, limit=3)
    assert len(results) == 3
    own = corpus.get("000").id
    assert any(r.article == own for r in index.query(TROOPS_000, limit=5))
    assert all(r.article != own for r in index.query(TROOPS_000, article_id=own, limit=5))
    only = corpus.get("003").id
    assert {r.article for r in index.query(TROOPS_000, in_article=only, limit=5)} == {only}


def test_a_span_never_finds_its_own_article(corpus: Corpus, index: RelatedIndex) -> None:
    where = span_of(corpus, "000", TROOPS_000)
    assert all(r.article != where[0] for r in index.query_span(*where, limit=20))
    with pytest.raises(ValueError, match="outside"):
        index.query_span(where[0], 10, 5)


def test_the_same_text_scores_1_and_a_span_is_never_its_own_answer(
    corpus: Corpus, index: RelatedIndex
) -> None:
    official = span_of(corpus, "002", MISSION_002)
    top = index.query(MISSION_002, limit=1)[0]
    assert top.article == official[0] and top.start <= official[1] < top.end
    assert top.score == pytest.approx(1.0)
    # Asked within its own article, a span finds its neighbours, never itself.
    own = index.query_span(*official, in_article=official[0], limit=50)
    assert own and all(r.article == official[0] for r in own)
    assert all(r.end <= official[1] or r.start >= official[2] for r in own)


# -- claims ----------------------------------------------------------------------------


def test_claims_are_candidates_and_stand_for_their_sentence(
    corpus: Corpus, entities: EntityIndex
) -> None:
    article, start, end = span_of(corpus, "003", MISSION_003)
    claim = new_annotation(corpus.get(article), start, end, label="policy")
    index = RelatedIndex.build(corpus, entities, [claim], cache=False)
    results = index.query(MISSION_FREE, limit=5)
    found = covering(results, (article, start, end))
    assert found is not None and found.claim_id == claim.id
    assert (found.start, found.end, found.text) == (start, end, MISSION_003)
    assert found.ref == claim.id
    assert sum(1 for r in results if r.article == article and r.start <= start < r.end) == 1
    index.remove_claim(claim.id)
    again = covering(index.query(MISSION_FREE, limit=5), (article, start, end))
    assert again is not None and again.claim_id is None and again.ref.startswith("passage:")


def test_a_note_or_an_orphaned_claim_is_no_candidate(corpus: Corpus, index: RelatedIndex) -> None:
    article, start, end = span_of(corpus, "003", MISSION_003)
    note = new_annotation(corpus.get(article), start, end, kind="note")
    lost = new_annotation(corpus.get(article), start, end).edited(orphaned=True)
    index.set_claims([note, lost])
    try:
        assert all(r.claim_id is None for r in index.query(MISSION_FREE, limit=10))
    finally:
        index.set_claims([])


# -- rejections and links --------------------------------------------------------------


@pytest.fixture
def book(tmp_path: Path) -> AnnotationBook:
    return AnnotationBook(AnnotationStore(tmp_path / "db.json"))


def test_a_rejected_suggestion_is_never_suggested_again(
    corpus: Corpus, index: RelatedIndex, book: AnnotationBook
) -> None:
    here = span_of(corpus, "000", TROOPS_000)
    source = passage_ref(*here)
    target = covering(index.query_span(*here), span_of(corpus, "002", TROOPS_002))
    assert target is not None
    reject(book, source, target.ref, score=target.score)
    assert rejected_refs(book, source) == {target.ref}
    after = index.query_span(*here, limit=20, exclude_refs=rejected_refs(book, source))
    assert all(r.ref != target.ref for r in after)
    # The sentence becomes a claim: the rejection made on its passage still holds.
    claim = book.add(new_annotation(corpus.get(here[0]), here[1], here[2]))
    assert target.ref in rejected_refs(book, claim)
    # A rejection is no link, and undo takes it back like any change.
    assert links_of(book, source) == []
    book.undo()  # the claim
    book.undo()  # the rejection
    assert rejected_refs(book, source) == set()


def test_accepting_a_plain_sentence_makes_it_a_claim_first(
    corpus: Corpus, index: RelatedIndex, book: AnnotationBook
) -> None:
    here = span_of(corpus, "000", TROOPS_000)
    target = covering(index.query_span(*here), span_of(corpus, "002", TROOPS_002))
    assert target is not None
    made = accept(book, corpus, passage_ref(*here), target.ref, "contradicts", target.score)
    claims = {(a.article_id, a.start, a.end): a for a in book.annotations()}
    source_claim = claims[here]
    target_claim = claims[(target.article, target.start, target.end)]
    assert (made.source, made.target) == (source_claim.id, target_claim.id)
    assert made.origin == "confirmed" and made.relation == "contradicts"
    # Both sides see it, by the claim or by the passage it spans.
    assert links_of(book, source_claim) == [made]
    assert links_of(book, passage_ref(target.article, target.start, target.end)) == [made]
    # It survives a restart (a new store on the same file).
    reopened = AnnotationBook(AnnotationStore(book.store.path))
    assert links_of(reopened, target_claim.id) == [made]
    # Accepting again reuses the claims; undo takes the link back first.
    again = accept(reopened, corpus, passage_ref(*here), target.ref, "same")
    assert again.source == source_claim.id and len(reopened.annotations()) == 2
    reopened.undo()
    assert links_of(reopened, source_claim) == [made]


def test_accepting_is_one_undo_step_and_a_pair_keeps_one_link(
    corpus: Corpus, book: AnnotationBook
) -> None:
    here = span_of(corpus, "000", TROOPS_000)
    there = span_of(corpus, "002", TROOPS_002)
    made = accept(book, corpus, passage_ref(*here), passage_ref(*there), "same")
    assert len(book.annotations()) == 2
    changed = accept(book, corpus, passage_ref(*there), passage_ref(*here), "contradicts")
    assert (changed.id, changed.relation) == (made.id, "contradicts")
    assert all_links(book) == [changed]
    book.undo()  # back to the relation it had
    assert all_links(book) == [made]
    book.undo()  # the link and the two claims made for it, at once
    assert all_links(book) == [] and book.annotations() == []
    assert book.undo() is None


def test_link_records_and_refs() -> None:
    link = new_link("a", "b", "supports", 0.5)
    assert Link.from_record(json.loads(json.dumps(link.to_record()))) == link
    assert set(link.to_record()) == {"id", "source", "target", "relation", "score", "origin",
                                     "created"}
    with pytest.raises(ValueError, match="unknown relation 'causes'"):
        new_link("a", "b", "causes")
    with pytest.raises(ValueError, match="origin"):
        new_link("a", "b", origin="maybe")
    with pytest.raises(ValueError, match="two different ends"):
        new_link("a", "a")
    ref = passage_ref("odd:id", 3, 9)
    assert ref == "passage:odd:id:3-9"
    parsed = parse_passage(ref)
    assert parsed is not None and (parsed.article_id, parsed.start, parsed.end) == (
        "odd:id", 3, 9)
    assert str(parsed) == ref
    assert parse_passage("passage:x:9-3") is None and parse_passage("ent-gpe-syria") is None


# -- the cache and incremental updates -------------------------------------------------


def test_the_index_is_cached_and_reused(
    corpus: Corpus, entities: EntityIndex, tmp_path: Path
) -> None:
    first = RelatedIndex.build(corpus, entities, cache_folder=tmp_path)
    assert not first.from_cache
    assert len(list(tmp_path.glob("*.pickle"))) == 1
    second = RelatedIndex.build(corpus, entities, cache_folder=tmp_path)
    assert second.from_cache
    assert second.query(TROOPS_000, limit=5) == first.query(TROOPS_000, limit=5)
    # Other entities (a correction, say) are another state: not read from that file.
    other = RelatedIndex.build(corpus, EntityIndex(entities.clusters[1:]),
                               cache_folder=tmp_path)
    assert not other.from_cache


def test_an_index_restored_from_its_cache_makes_no_text_it_does_not_read(
    corpus: Corpus, entities: EntityIndex, tmp_path: Path
) -> None:
    """A corpus from the facts cache converts each text when first read: a restored
    index reads the texts a query needs, not every one (every PDF, at each start)."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for article in corpus.articles:
        assert article.path is not None
        (folder / article.path.name).write_bytes(article.path.read_bytes())
    load_corpus(folder)  # the facts cached
    first = RelatedIndex.build(load_corpus(folder), entities, cache_folder=tmp_path)
    assert not first.from_cache
    cached = load_corpus(folder)
    assert all("_make_text" in vars(article) for article in cached.articles)
    second = RelatedIndex.build(cached, entities, cache_folder=tmp_path)
    assert second.from_cache
    assert all("_make_text" in vars(article) for article in cached.articles)
    assert second.query(TROOPS_000, limit=5) == first.query(TROOPS_000, limit=5)


def test_the_default_cache_is_in_the_user_cache_folder(
    corpus: Corpus, entities: EntityIndex, user_dirs: Path
) -> None:
    RelatedIndex.build(corpus, entities)
    assert list((user_dirs / "cache" / "syria-reader" / "related").glob("*.pickle"))
    assert RelatedIndex.build(corpus, entities).from_cache


def test_a_corrupt_cache_is_ignored_and_rebuilt(
    corpus: Corpus, entities: EntityIndex, tmp_path: Path
) -> None:
    RelatedIndex.build(corpus, entities, cache_folder=tmp_path)
    (cached,) = tmp_path.glob("*.pickle")
    whole = cached.read_bytes()
    flipped = whole[:-50] + bytes([whole[-50] ^ 1]) + whole[-49:]
    for garbage in (b"{not json", b"", whole[: len(whole) // 2], flipped):
        cached.write_bytes(garbage)
        rebuilt = RelatedIndex.build(corpus, entities, cache_folder=tmp_path)
        assert not rebuilt.from_cache
        assert covering(rebuilt.query(TROOPS_000), span_of(corpus, "002", TROOPS_002))
    assert RelatedIndex.build(corpus, entities, cache_folder=tmp_path).from_cache
    # A whole file of the right key but the wrong shape is no better.
    key = cached.stem
    data = related_cache.load(key, tmp_path)
    assert data is not None
    for part, wrong in (("spans", array("q", [0, 10**9]).tobytes()),
                        ("codes", array("q", [99]).tobytes()),
                        ("postings", array("q", [10**6]).tobytes()),
                        ("kinds", b"")):
        related_cache.save(key, {**data, part: wrong}, tmp_path)
        assert not RelatedIndex.build(corpus, entities, cache_folder=tmp_path).from_cache
    # A file that names a class is refused, never run.
    body = pickle.dumps(Path("/"))
    magic = whole[: whole.index(b"\n") + 1]
    cached.write_bytes(magic + zlib.crc32(body).to_bytes(4, "big") + body)
    assert related_cache.load(key, tmp_path) is None


def test_a_restored_index_answers_as_a_built_one(
    corpus: Corpus, entities: EntityIndex, tmp_path: Path
) -> None:
    built = RelatedIndex.build(corpus, entities, cache=False)
    RelatedIndex.build(corpus, entities, cache_folder=tmp_path)
    restored = RelatedIndex.build(corpus, entities, cache_folder=tmp_path)
    assert restored.from_cache
    made = sum(item is not None for item in restored._passages._items)  # type: ignore[attr-defined]
    assert made == 0  # nothing is made until a query needs it
    queries = [TROOPS_000, TROOPS_002, "Iran must leave Syria", "Manbij", "2,000"]
    for text in queries:
        assert restored.query(text, limit=10) == built.query(text, limit=10)
    for article in corpus.articles:
        for start, end in article.sentences[:6]:
            assert restored.query_span(article.id, start, end, limit=8) == built.query_span(
                article.id, start, end, limit=8)
    source, target = span_of(corpus, "000", TROOPS_000), span_of(corpus, "002", TROOPS_002)
    assert (restored.signals_between(source, target).tolist()
            == built.signals_between(source, target).tolist())
    # The state saved again from a restored index is the one saved from a built one.
    assert restored._dump() == built._dump()
    # Changed in place, the two still agree.
    old = corpus.get("002")
    new = Article(id=old.id, title=old.title, text=old.text.replace("roughly 500", "about 900"))
    for index in (restored, built):
        index.update(new)
        index.remove_article(corpus.get("001").id)
    assert restored.query(TROOPS_000, limit=10) == built.query(TROOPS_000, limit=10)


def test_a_changed_article_is_not_read_from_the_cache(
    entities: EntityIndex, tmp_path: Path
) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for article in load_corpus().articles:
        (folder / f"{article.id}.txt").write_text(article.text, encoding="utf-8")
    cache = tmp_path / "cache"
    RelatedIndex.build(load_corpus(folder), entities, cache_folder=cache)
    edited = folder / next(p.name for p in folder.iterdir() if p.name.startswith("002"))
    edited.write_text(edited.read_text(encoding="utf-8").replace("roughly 500", "about 900"),
                      encoding="utf-8")
    changed = RelatedIndex.build(load_corpus(folder), entities, cache_folder=cache)
    assert not changed.from_cache
    results = changed.query(TROOPS_000, limit=5)
    assert any("numbers differ: 2,000 vs 900 (troops)" in r.reasons for r in results)


def test_update_reindexes_one_article(corpus: Corpus, entities: EntityIndex,
                                      tmp_path: Path) -> None:
    index = RelatedIndex.build(corpus, entities, cache_folder=tmp_path)
    old = corpus.get("002")
    new = Article(id=old.id, title=old.title,
                  text=old.text.replace("roughly 500", "about 900"))
    index.update(new)
    found = covering(index.query(TROOPS_000, article_id=corpus.get("000").id),
                     (old.id, 0, len(new.text)))
    assert found is not None and "about 900" in found.text
    assert "numbers differ: 2,000 vs 900 (troops)" in found.reasons
    assert found.text == new.text[found.start : found.end]
    # Saved, the new state is what a build on the new texts reads.
    index.save()
    changed = Corpus(corpus.root, [new if a.id == old.id else a for a in corpus.articles])
    reread = RelatedIndex.build(changed, entities, cache_folder=tmp_path)
    assert reread.from_cache
    assert reread.query(TROOPS_000, limit=5) == index.query(TROOPS_000, limit=5)
    index.remove_article(old.id)
    assert all(r.article != old.id for r in index.query(TROOPS_000, limit=20))


def test_a_claim_takes_the_context_of_every_sentence_it_touches(
    corpus: Corpus, entities: EntityIndex
) -> None:
    index = RelatedIndex.build(corpus, entities, cache=False)
    article = corpus.get("002")
    own = article.sentences
    # Spans inside one sentence, across two, and from just before a sentence's end.
    spans = [(own[3][0] + 2, own[3][1] - 2), (own[3][0], own[4][1]), (own[5][1] - 1, own[6][0] + 3)]
    for start, end in spans:
        found = [(p.start, p.end) for p in index._sentences_around(article.id, start, end)]
        assert found == [(s, e) for s, e in own if s < end and start < e]
    # After the article changes, the claim's sentences are the new text's.
    new = Article(id=article.id, title=article.title, text="Short one. " + article.text)
    index.update(new)
    start, end = new.sentences[1]
    assert [(p.start, p.end) for p in index._sentences_around(article.id, start, end)] == [
        (start, end)]
    index.remove_article(article.id)  # gone: no sentences, not the ones it had
    assert index._sentences_around(article.id, start, end) == []


# -- the pieces ------------------------------------------------------------------------


def test_figures_are_read_as_ranges() -> None:
    found = [(f.text, f.low, f.high) for f in figures(
        "about 2,000 troops, roughly 500 more, 5,000 to 10,000 fighters, hundreds of "
        "strikes, 1.5 million people, two weeks ago, in 2018, F-15 jets at 02:32")]
    assert found == [
        ("about 2,000", 2000, 2000), ("roughly 500", 500, 500),
        ("5,000 to 10,000", 5000, 10000), ("hundreds", 200, 999),
        ("1.5 million", 1.5e6, 1.5e6),
    ]


def test_words_meet_across_inflection_and_synonyms() -> None:
    assert comparable("troops withdrawal") == comparable("troop withdrawing")
    assert comparable("pulling out") == comparable("withdraw")
    assert comparable("the, of and") == ""


def test_figure_tolerance_is_ten_percent_of_one_figure() -> None:
    two_thousand, = figures("2,000 troops")
    near, = figures("2,200 troops")
    far, = figures("2,400 troops")
    assert two_thousand.agrees(near) and near.agrees(two_thousand)
    # 2,400 is 20% above 2,000: applying 10% to both figures once accepted it.
    assert not two_thousand.agrees(far) and not far.agrees(two_thousand)
    assert figure_reason(far, two_thousand, "troops") == "numbers differ: 2,400 vs 2,000 (troops)"
    assert figure_reason(near, two_thousand, "troops") == "figures close: 2,200 vs 2,000 (troops)"
    assert figure_reason(*figures("about 2,000 and 2,000"), "") == "same figure: 2,000"


def test_figures_20_percent_apart_are_suggested_as_contradicting(tmp_path: Path) -> None:
    alpha = "The United States has 2,400 troops in Syria, officials said."
    articles = [Article(id="alpha", title="Alpha", text=f"{alpha} Other things happened."),
                Article(id="delta", title="Delta", text="The US has 2,000 troops. It was mild."),
                Article(id="bravo", title="Bravo", text="The US has 2,200 troops in Syria.")]
    small = Corpus(tmp_path, articles)
    index = RelatedIndex.build(small, build_entity_index(small, cache=NerCache(tmp_path / "n")),
                               cache=False)
    start = articles[0].text.index(alpha)
    delta, = index.query_span("alpha", start, start + len(alpha), in_article="delta", limit=1)
    assert delta.relation == "contradicts"
    assert any("numbers differ: 2,400 vs 2,000 (troops)" in r for r in delta.reasons)
    assert not any("same figure" in r for r in delta.reasons)
    bravo, = index.query_span("alpha", start, start + len(alpha), in_article="bravo", limit=1)
    assert bravo.relation == "same"
    assert "figures close: 2,400 vs 2,200 (troops)" in bravo.reasons
