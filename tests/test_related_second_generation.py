"""Related passages, second generation: what is offered, how figures compare, who said
it, the suggested relation, the weak mark and learning from the analyst's decisions."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from syria_reader.annotations.entities.index import EntityIndex
from syria_reader.annotations.linking import learning, ranking
from syria_reader.annotations.linking.candidates import claim_bearing
from syria_reader.annotations.linking.numbers import figures
from syria_reader.annotations.linking.related import WEAK_SCORE, RelatedIndex
from syria_reader.annotations.linking.relations import Evidence, suggest
from syria_reader.annotations.linking.text import comparable
from syria_reader.annotations.workspace import Workspace
from syria_reader.corpus import Corpus, split_sentences
from tests.conftest import span_of


def texts_of(results: list) -> list[str]:
    return [r.text for r in results]


# -- candidates -------------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "CNN \xa0—", "02:32 - Source: CNN", "[Photo: VOA News / YouTube ]", "Related Content",
    "Story highlights", "russia syria power play pleitgen pkg_00000326.jpg",
    "Members of Iran's Revolutionary GuardsReuters", "By Jane Doe and John Smith",
])
def test_furniture_is_not_claim_bearing(line: str) -> None:
    assert not claim_bearing(line, whole_line=True, title="A title")


def test_a_headline_is_a_claim_only_when_it_is_the_title() -> None:
    headline = "Russia flexes its military muscle in Syria"
    assert not claim_bearing(headline, whole_line=True, title="Another title")
    assert claim_bearing(headline, whole_line=True, title=headline)
    assert claim_bearing("The coalition closed the outpost near the border.", whole_line=True)


def test_a_fragment_stays_in_its_sentence() -> None:
    text = "Jeffrey said the U.S. would not tolerate “an attack. Period.” Then he left."
    sentences = [text[s:e] for s, e in split_sentences(text)]
    assert sentences[0].endswith("Period.”")
    assert not any(s.startswith("Period") for s in sentences)
    text = "First line. Second."  # a one-word sentence of its own stays one
    assert [text[s:e] for s, e in split_sentences(text)] == ["First line.", "Second."]


def test_junk_lines_are_never_offered(corpus: Corpus, index: RelatedIndex) -> None:
    # Each shares "CNN", "Syria", "Russia" or "Iran" with its query.
    for query in ("A US official told CNN that the base was closed",
                  "Russia and Iran back the Syrian regime in Syria"):
        found = texts_of(index.query(query, limit=20))
        assert found
        assert not {t.strip() for t in found} & {
            "CNN \xa0—", "02:32 - Source: CNN", "[Photo: VOA News / YouTube ]",
            "Members of Iran's Revolutionary Guards",
            "Members of Iran's Revolutionary GuardsReuters",
            "Russia flexes its military muscle in Syria"}


# -- figures ----------------------------------------------------------------------------

def test_money_is_one_figure_however_written() -> None:
    read = [figures(text)[0] for text in ("€12m", "12 million euros", "about €12 million")]
    assert {(f.low, f.unit) for f in read} == {(12e6, "EUR")}
    assert read[0].agrees(read[1]) and read[1].comparable(read[2])
    assert not figures("a 10m wall")  # metres, not money


def test_vague_amounts_are_ranges_never_the_same_figure() -> None:
    hundreds, = figures("hundreds of troops")
    assert hundreds.vague and (hundreds.low, hundreds.high) == (200, 999)
    thirty, thousands = figures("30 members"), figures("30,000 members")
    assert not thirty[0].comparable(thousands[0])


def test_troops_in_iraq_are_not_troops_in_syria(corpus: Corpus, index: RelatedIndex) -> None:
    query = span_of(corpus, "002", "the U.S. has only a small number of troops in Syria, "
                                   "roughly 500")
    reasons = [reason for r in index.query_span(*query, limit=10) for reason in r.reasons
               if "5,000" in reason]
    assert reasons == []  # 000's "over 5,000 troops" are in Iraq
    found = index.query_span(*span_of(corpus, "000", "The US has about 2,000 troops on the "
                                                     "ground in the country"), limit=3)
    assert any("numbers differ: 2,000 vs 500 (troops)" in r.reasons for r in found)
    assert found[0].relation == "contradicts"


# -- entities and speakers --------------------------------------------------------------

def test_a_shared_title_is_not_a_shared_person(corpus: Corpus, index: RelatedIndex) -> None:
    query = span_of(corpus, "001", "retired U.S. Army Col. Joel Rayburn were brought in")
    for result in index.query_span(*query, limit=10):
        assert not any(reason.startswith("words:") and "Col" in reason
                       for reason in result.reasons)
        assert not any("U.S. Army" in reason for reason in result.reasons)


def test_a_pronoun_speaker_is_the_person_named_last(corpus: Corpus,
                                                    index: RelatedIndex) -> None:
    """004: "… The President said, adding he was still determined to bring the troops
    home": Trump's statement (he was named last), so it meets his wish to get out."""
    query = span_of(corpus, "004", "adding he was still determined to bring the troops home")
    found = index.query_span(*query, limit=5)
    trumps = [r for r in found if "shared: Donald Trump" in r.reasons]
    assert any("to get out" in r.text for r in trumps)


def test_a_phrase_may_have_words_between_verb_and_particle() -> None:
    assert "withdraw" in comparable("pull the US military out of Syria").split()
    assert "withdraw" in comparable("bring the troops home").split()


# -- relations and weak results ---------------------------------------------------------

def test_relations_are_suggested_from_figures_stance_dates_and_negation() -> None:
    two, five = figures("2,000 troops")[0], figures("500 troops")[0]
    assert suggest(Evidence(0.4, [(two, five)], False, "a", "b")) == "contradicts"
    assert suggest(Evidence(0.4, [(two, five)], False, "a", "b", "2018-12-19",
                            "2019-01-02")) == "updates"
    assert suggest(Evidence(0.3, [], True, "we withdraw", "we stay")) == "contradicts"
    assert suggest(Evidence(0.5, [], False, "troops will leave",
                            "troops will not leave")) == "contradicts"
    assert suggest(Evidence(0.7, [], False, "troops leave", "the troops leave")) == "same"
    assert suggest(Evidence(0.3, [], False, "troops leave", "forces go")) == "supports"


def test_weak_results_are_marked_under_the_threshold(corpus: Corpus,
                                                     index: RelatedIndex) -> None:
    found = index.query_span(*span_of(corpus, "000", "The US has about 2,000 troops on the "
                                                     "ground in the country"), limit=10)
    assert {r.weak for r in found} == {True, False}
    assert all(r.weak == (r.score < WEAK_SCORE) for r in found)
    assert all(json.loads(json.dumps(r.to_dict()))["weak"] == r.weak for r in found)


# -- learning ---------------------------------------------------------------------------

def test_no_decisions_keep_the_default_weights() -> None:
    assert np.array_equal(ranking.fit([], []), ranking.DEFAULT_WEIGHTS)


def test_decisions_move_the_weights_towards_what_was_linked() -> None:
    # Linked passages share figures, rejected ones only wording.
    linked = [[0.2, 0.1, 0, 0, 0.2, 1.0]] * 5
    rejected = [[0.2, 0.1, 0, 0, 0.9, 0.0]] * 5
    weights = ranking.fit(linked + rejected, [True] * 5 + [False] * 5)
    assert weights[ranking.FIGURES] > ranking.DEFAULT_WEIGHTS[ranking.FIGURES]
    assert weights[ranking.WORDING] < ranking.DEFAULT_WEIGHTS[ranking.WORDING]
    assert np.all(weights >= 0)
    assert weights.sum() == pytest.approx(ranking.DEFAULT_WEIGHTS.sum())


@given(st.lists(st.tuples(st.lists(st.floats(0, 1), min_size=6, max_size=6), st.booleans()),
                max_size=20))
def test_fitted_weights_are_always_usable(examples: list) -> None:
    weights = ranking.fit([x for x, _ in examples], [y for _, y in examples])
    assert weights.shape == ranking.DEFAULT_WEIGHTS.shape
    assert np.all(np.isfinite(weights)) and np.all(weights >= 0)
    assert 0 <= ranking.scores(np.ones((1, 6)), weights, True)[0] <= 1


def test_a_workspace_learns_from_links_and_keeps_the_weights(
    corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    workspace = Workspace.open(corpus, tmp_path / "db.json")
    related = workspace.build_related()
    assert np.array_equal(related.weights, ranking.DEFAULT_WEIGHTS)
    article = workspace.corpus.get("000")
    quote = "The US has about 2,000 troops on the ground in the country"
    start = article.text.index(quote)
    results = workspace.related_to(article, start, start + len(quote))
    source = f"passage:{article.id}:{start}-{start + len(quote)}"
    workspace.link(source, results[0].ref, results[0].relation, results[0].score)
    workspace.reject(source, results[1].ref, results[1].score)
    assert not np.array_equal(related.weights, ranking.DEFAULT_WEIGHTS)
    kept = list((tmp_path / "cache").rglob("*.weights"))
    assert len(kept) == 1
    made = learning.decisions(workspace.links(include_rejected=True),
                              {a.id: a for a in workspace.annotations()})
    assert [linked for _, _, linked in made].count(True) == 1
    assert [linked for _, _, linked in made].count(False) == 1


def test_setting_the_same_claims_again_indexes_none_again(corpus: Corpus,
                                                          entities: EntityIndex) -> None:
    """The reader hands the index every claim once it is built: only those tagged or
    moved meanwhile are analysed, not the whole set again."""
    from syria_reader.annotations.store.model import new_annotation

    index = RelatedIndex.build(corpus, entities, cache=False)
    article = corpus.get("002")
    claims = [new_annotation(article, *span, label="figure") for span in article.sentences[:3]]
    index.set_claims(claims)
    passages = len(index._passages)
    index.set_claims(claims)
    assert len(index._passages) == passages
    moved = new_annotation(article, *article.sentences[3], label="figure")
    index.set_claims([*claims[:2], moved])
    assert len(index._passages) == passages + 1
    query = span_of(corpus, "000", "The US has about 2,000 troops on the ground")
    found = {r.claim_id for r in index.query_span(*query, limit=20)}
    assert claims[2].id not in found
