"""Entities the small model misses or mistypes, found as a user sees them in
``syria-reader entities --json``: places from the gazetteer and their spellings, a town
typed as a person, a company named in every report, captions and common words."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import REPO, RunResult

Cli = Callable[..., RunResult]

REPORTS = {
    "a.txt": """Shipping firm halts Syria route

Baltic Freight Lines said on Monday it would stop sending ships to the port of Latakia \
after two of its crews were detained. The company's chief executive, Anna Weiss, told \
reporters in Hamburg that Baltic Freight Lines had lost contact with one vessel for three \
days.

Officials in the town of Kestrel, where the company keeps a depot, said the halt would \
cost hundreds of jobs. Fighting near Raqqa has also cut the road east, and aid groups say \
Kobani is running short of fuel.
""",
    "b.txt": """Depot town fears for jobs

Residents of Kestrel gathered outside the depot on Tuesday. Baltic Freight Lines employs \
about 400 people in Kestrel, according to the mayor, David Weiss, who is no relation of \
the company's chief executive.

Trucks that once carried goods to Ar Raqqah now wait in the yard. A driver said the road \
to Ayn al Arab had been closed for a week.
""",
    "c.txt": """Ministers discuss the freight crisis

The transport minister met managers of Baltic Freight Lines on Wednesday. They agreed \
that the depot in Kestrel would stay open until the end of the month.

In Raqqa, local councils asked for the route to reopen.
""",
}


def _clusters(cli: Cli, *options: str) -> list[dict]:
    result = cli("entities", "--json", *options)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["clusters"]


def _holding(clusters: list[dict], text: str) -> dict:
    return next(c for c in clusters if any(m["text"] == text for m in c["mentions"]))


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("reports")
    for name, text in REPORTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_places_companies_and_people_across_reports(cli: Cli, reports: Path) -> None:
    clusters = _clusters(cli, "--corpus", str(reports))
    kestrel = _holding(clusters, "Kestrel")
    assert kestrel["type"] == "GPE"  # a town, not a person: "in Kestrel", "town of Kestrel"
    assert {m["article"] for m in kestrel["mentions"]} == {"a", "b", "c"}
    company = _holding(clusters, "Baltic Freight Lines")
    assert company["type"] == "ORG"
    assert {m["article"] for m in company["mentions"]} == {"a", "b", "c"}
    assert len([m for m in company["mentions"] if m["article"] == "a"]) == 2
    # Spellings no text pairs, joined by their GeoNames id.
    raqqa = _holding(clusters, "Ar Raqqah")
    assert {m["text"] for m in raqqa["mentions"]} == {"Raqqa", "Ar Raqqah"}
    assert raqqa["type"] == "GPE"
    kobani = _holding(clusters, "Kobani")
    assert {m["text"] for m in kobani["mentions"]} == {"Kobani", "Ayn al Arab"}
    # Two people of one surname stay two.
    assert _holding(clusters, "Anna Weiss") is not _holding(clusters, "David Weiss")
    assert _holding(clusters, "Anna Weiss")["id"] != _holding(clusters, "David Weiss")["id"]


@pytest.mark.usefixtures("cached")
def test_the_bundled_corpus_captions_and_common_words(cli: Cli) -> None:
    clusters = _clusters(cli)
    texts = {m["text"] for c in clusters for m in c["mentions"]}
    assert "Revolutionary GuardsReuters" not in texts
    assert {"Revolutionary Guards", "Reuters"} <= texts
    assert "Tweet McGurk" not in texts
    assert any(m["text"] == "McGurk" and m["article"].startswith("004")
               for m in _holding(clusters, "Brett McGurk")["mentions"])
    persons = {m["text"] for c in clusters if c["type"] == "PERSON" for m in c["mentions"]}
    assert "Prophet" not in persons and "Assad" in persons


@pytest.mark.usefixtures("cached")
def test_no_two_mentions_the_bundled_corpus_kept_apart_are_merged(cli: Cli) -> None:
    before = json.loads((REPO / "tests" / "data" / "bundled_clusters_before_19.json")
                        .read_text(encoding="utf-8"))["clusters"]
    cluster_before = {(a, s, e): n for n, c in enumerate(before) for a, s, e, _ in c}
    now = {}
    for n, cluster in enumerate(_clusters(cli)):
        for m in cluster["mentions"]:
            now[(m["article"][:3], m["start"], m["end"])] = n
    groups: dict[int, set[int]] = {}
    for key, old in cluster_before.items():
        if key in now:
            groups.setdefault(now[key], set()).add(old)
    merged = [olds for olds in groups.values() if len(olds) > 1]
    assert merged == []


# -- the rules, on raw entities as the model gives them ---------------------------------

def _fixed(texts: dict[str, str], raw: dict[str, list[tuple[str, str]]]) -> dict[str, set]:
    """``fix_types`` on articles whose raw entities are the given (surface, label)s."""
    from syria_reader.corpus.entity_types import ArticleEntities, RawEntity, fix_types

    articles = []
    for article_id, text in texts.items():
        entities = []
        for surface, label in raw.get(article_id, []):
            start = text.index(surface)
            entities.append(RawEntity(start, start + len(surface), label))
        articles.append(ArticleEntities(article_id, text, entities))
    return {article_id: {(m.text, m.type) for m in mentions}
            for article_id, mentions in fix_types(articles).items()}


def test_a_name_found_once_is_a_mention_wherever_it_is_written() -> None:
    found = _fixed(
        {"a": "Baltic Freight Lines halted its ships.",
         "b": "Workers of Baltic Freight Lines waited; baltic freight lines is no name."},
        {"a": [("Baltic Freight Lines", "ORG")]})
    assert found["b"] == {("Baltic Freight Lines", "ORG")}


def test_the_gazetteer_takes_whole_names_that_open_no_sentence() -> None:
    found = _fixed(
        {"a": "Reading the report, he said the talks went well. Nice words followed. Trucks "
              "left for Manbij on Monday. Jordan Peterson spoke.\nMobile phones failed."},
        {})
    # "Reading", "Nice" and "Mobile" open their sentence or line; "Jordan" is part of a
    # longer name: none is a place. "Manbij", mid-sentence and whole, is.
    assert found["a"] == {("Manbij", "GPE")}


def test_a_town_after_in_is_a_place_whatever_the_model_said() -> None:
    found = _fixed({"a": "Officials in Kestrel said so.", "b": "The depot in Kestrel shut."},
                   {"a": [("Kestrel", "PERSON")], "b": [("Kestrel", "PERSON")]})
    assert found == {"a": {("Kestrel", "GPE")}, "b": {("Kestrel", "GPE")}}


def test_brand_names_are_not_captions_and_both_spellings_are_looked_up() -> None:
    found = _fixed({"a": "Reporters relied on WhatsApp and BlackRock filings.\nMembers of "
                         "the Revolutionary GuardsReuters\nThey left."},
                   {"a": [("WhatsApp", "ORG"), ("BlackRock", "ORG"),
                          ("Revolutionary GuardsReuters", "ORG")]})
    assert found["a"] == {("WhatsApp", "ORG"), ("BlackRock", "ORG"),
                          ("Revolutionary Guards", "ORG"), ("Reuters", "ORG")}
    from syria_reader.corpus.gazetteer import lookup

    places = lookup(["Deir ez-Zor", "Deir Ezzor"])
    assert places["Deir ez-Zor"].geonameid == places["Deir Ezzor"].geonameid


def test_a_damaged_or_unwritable_gazetteer_never_stops_recognition(
    cli: Cli, reports: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    damaged = tmp_path / "cache"
    first = _clusters(cli, "--corpus", str(reports))
    index = next((Path(os.environ["XDG_CACHE_HOME"]) / "syria-reader")
                 .glob("gazetteer-*.sqlite"))
    (damaged / "syria-reader").mkdir(parents=True)
    (damaged / "syria-reader" / index.name).write_bytes(index.read_bytes()[:5000])
    monkeypatch.setenv("XDG_CACHE_HOME", str(damaged))
    assert _holding(_clusters(cli, "--corpus", str(reports)), "Kobani")["type"] == "GPE"
    monkeypatch.setenv("XDG_CACHE_HOME", "/proc/no-cache-here")  # cannot be made
    again = _clusters(cli, "--corpus", str(reports))
    assert {m["text"] for m in _holding(again, "Kobani")["mentions"]} == \
        {m["text"] for m in _holding(first, "Kobani")["mentions"]}


def test_the_gazetteer_index_is_built_in_a_worker_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Built in a thread of the reader, the index held its keys for a second or two."""
    from syria_reader.corpus import gazetteer

    def not_here(db: object) -> None:
        raise AssertionError("built in the calling process")

    gazetteer._connection.cache_clear()
    monkeypatch.setattr(gazetteer, "_fill", not_here)  # a spawned process has its own
    try:
        assert gazetteer.lookup(["Raqqa"])["Raqqa"].country == "SY"
    finally:
        gazetteer._connection.cache_clear()
    assert list((Path(os.environ["XDG_CACHE_HOME"]) / "syria-reader").glob("gazetteer-*"))
