"""Export formats and import: round trips, merging, refusals, and each format's rules."""

from __future__ import annotations

import csv
import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from syria_reader.annotations.entities.clusters import EntityCluster
from syria_reader.annotations.entities.corrections import (
    EntityCorrection,
    MentionRef,
    load_corrections,
    save_correction,
)
from syria_reader.annotations.entities.index import EntityIndex
from syria_reader.annotations.formats import FORMATS
from syria_reader.annotations.formats.export import ExportError, export
from syria_reader.annotations.formats.importing import InvalidImportError, import_file
from syria_reader.annotations.store.book import AnnotationBook
from syria_reader.annotations.store.database import AnnotationStore
from syria_reader.annotations.store.model import Annotation, new_annotation
from syria_reader.corpus import Article, Corpus, load_corpus
from syria_reader.corpus.entities import Mention

LINK_TIME = "2025-01-02T03:04:05.000+00:00"


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus()


def store_at(path: Path) -> AnnotationStore:
    return AnnotationStore(path)


def tag(book: AnnotationBook, article: Article, quote: str, **fields: Any) -> Annotation:
    start = article.text.index(quote)
    return book.add(new_annotation(article, start, start + len(quote), **fields))


def link(book: AnnotationBook, source: Annotation, target: Annotation, relation: str,
         **fields: Any) -> dict[str, Any]:
    record = {"id": f"link-{source.id[:8]}-{target.id[:8]}", "source": source.id,
              "target": target.id, "relation": relation, "score": 0.87,
              "origin": "suggested", "created": LINK_TIME, **fields}
    return book.add_link(record)


@pytest.fixture
def filled(tmp_path: Path, corpus: Corpus) -> AnnotationStore:
    """Claims in two articles (one across a line break, one with a tricky note), a note,
    a same-article link, a cross-article link, a link to an entity cluster, a rejected
    suggestion (a passage ref, no relation) and an entity correction."""
    store = store_at(tmp_path / "filled.json")
    book = AnnotationBook(store)
    cnn, pentagon = corpus.get("000"), corpus.get("002")
    rapid = tag(book, cnn, '"rapid" withdrawal', label="event",
                note='He said, "rapid", then\nrepeated it', author="alice")
    five_hundred = tag(book, pentagon, "roughly 500", label="figure", author="bob")
    newline = pentagon.text.index("\n\n")
    across = book.add(new_annotation(pentagon, newline - 10, newline + 12, label="statement",
                                     author="alice"))
    tag(book, cnn, "US troops", kind="note", note="whose count?", author="alice")
    link(book, rapid, five_hundred, "contradicts")
    link(book, across, five_hundred, "same", origin="confirmed", score=None)
    book.add_link({"id": "link-entity", "source": five_hundred.id, "target": "ent-gpe-syria",
                   "relation": "same", "score": None, "origin": "confirmed",
                   "created": LINK_TIME})
    book.add_link({"id": "link-rejected", "source": five_hundred.id,
                   "target": f"passage:{cnn.id}:0-40", "relation": "", "score": 0.41,
                   "origin": "rejected", "created": LINK_TIME})
    save_correction(store, EntityCorrection("retype", MentionRef(cnn.id, 0, 8, cnn.text[:8]),
                                            type="ORG"))
    return store


def contents(store: AnnotationStore) -> tuple[list[dict[str, Any]], ...]:
    book = AnnotationBook(store)
    return (
        sorted((a.to_record() for a in book.annotations()), key=lambda r: r["id"]),
        sorted(book.links(), key=lambda r: r["id"]),
        sorted((c.to_record() for c in load_corrections(store)), key=lambda r: r["id"]),
    )


# --- native round trip, idempotence, merging -------------------------------------------


def test_native_export_then_import_gives_an_identical_set(
    filled: AnnotationStore, corpus: Corpus, tmp_path: Path
) -> None:
    path = export("json", filled, corpus, tmp_path / "out.json")
    document = json.loads(path.read_text(encoding="utf-8"))
    assert (document["format"], document["version"]) == ("syria-reader", 1)
    assert {a["id"] for a in document["articles"]} == {a.id for a in corpus.articles}
    empty = store_at(tmp_path / "empty.json")
    report = import_file(path, empty, corpus)
    assert (report.added, report.updated, report.unchanged) == (9, 0, 0)
    assert str(report) == "added 9, updated 0, unchanged 0"
    assert contents(empty) == contents(filled)
    assert len(contents(empty)[0]) == 4


def test_importing_twice_changes_nothing(
    filled: AnnotationStore, corpus: Corpus, tmp_path: Path
) -> None:
    path = export("json", filled, corpus, tmp_path / "out.json")
    target = store_at(tmp_path / "target.json")
    import_file(path, target, corpus)
    before = (tmp_path / "target.json").read_bytes()
    again = import_file(path, target, corpus)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 9)
    assert (tmp_path / "target.json").read_bytes() == before  # not even rewritten
    # and into the store it came from: everything is already there
    same = import_file(path, filled, corpus)
    assert (same.added, same.updated) == (0, 0)


def test_merge_newer_modified_wins_and_authors_are_kept(
    filled: AnnotationStore, corpus: Corpus, tmp_path: Path
) -> None:
    mine = AnnotationBook(filled)
    shared = export("json", filled, corpus, tmp_path / "shared.json")
    # Another analyst (bob) imports it, edits one claim later, adds one of his own.
    theirs_store = store_at(tmp_path / "bob.json")
    import_file(shared, theirs_store, corpus)
    theirs = AnnotationBook(theirs_store)
    first, second = mine.annotations()[0], mine.annotations()[1]
    theirs.update(replace(first, note="bob's reading", modified="2031-01-01T00:00:00+00:00"))
    theirs.update(replace(second, note="bob's older take", modified="2029-01-01T00:00:00+00:00"))
    bobs_own = tag(theirs, corpus.get("001"), "Iran", label="policy", author="bob")
    # Meanwhile I edit the second claim after bob did.
    mine.update(replace(second, note="my newer note", modified="2030-01-01T00:00:00.000+00:00"))
    report = import_file(export("json", theirs_store, corpus, tmp_path / "bob-out.json"),
                         filled, corpus)
    counts = report.tables["annotations"]
    assert (counts.added, counts.updated, counts.unchanged) == (1, 1, 3)
    assert (report.added, report.updated, report.unchanged) == (1, 1, 8)
    assert mine.annotation(first.id).note == "bob's reading"
    assert mine.annotation(first.id).author == first.author == "alice"  # not bob's name
    assert mine.annotation(second.id).note == "my newer note"
    assert mine.annotation(bobs_own.id).author == "bob"


def test_links_and_corrections_merge_by_id(
    filled: AnnotationStore, corpus: Corpus, tmp_path: Path
) -> None:
    path = export("json", filled, corpus, tmp_path / "out.json")
    document = json.loads(path.read_text(encoding="utf-8"))
    document["links"][0]["relation"] = "updates"
    document["links"][0]["modified"] = "2031-01-01T00:00:00+00:00"
    document["links"][1]["relation"] = "supports"  # changed, but not newer: ignored
    path.write_text(json.dumps(document), encoding="utf-8")
    report = import_file(path, filled, corpus)
    assert report.tables["links"].updated == 1 and report.tables["links"].unchanged == 3
    relations = {r["id"]: r["relation"] for r in AnnotationBook(filled).links()}
    assert relations[document["links"][0]["id"]] == "updates"
    assert relations[document["links"][1]["id"]] != "supports"
    assert report.tables["entity_corrections"].unchanged == 1


# --- refusals ---------------------------------------------------------------------------


def _native(filled: AnnotationStore, corpus: Corpus, tmp_path: Path) -> dict[str, Any]:
    path = export("json", filled, corpus, tmp_path / "base.json")
    return json.loads(path.read_text(encoding="utf-8"))


def _break(document: dict[str, Any], how: str) -> str:
    last = document["annotations"][-1]  # the earlier records are valid: none may land
    if how == "not json":
        return '{"format": "syria-reader", "annotations": ['
    if how == "foreign":
        return json.dumps({"hello": "world"})
    if how == "newer":
        document["version"] = 9
    elif how == "missing field":
        del last["quote"]
    elif how == "outside":
        last["start"], last["end"] = 10**6, 10**6 + 5
    elif how == "quote":
        last["quote"] = "not what the text says"
    elif how == "article":
        last["article_id"] = "no-such-article"
    elif how == "kind":
        last["kind"] = "gossip"
    elif how == "relation":
        document["links"][-1]["relation"] = "hates"
    elif how == "time":
        last["modified"] = "yesterday"
    elif how == "duplicate":
        document["annotations"].append(dict(document["annotations"][0]))
    return json.dumps(document)


@pytest.mark.parametrize(("how", "message"), [
    ("not json", "not a JSON file (invalid at line 1"),
    ("foreign", "not a syria-reader export"),
    ("newer", "written by a newer syria-reader (format version 9"),
    ("missing field", "has no 'quote'"),
    ("outside", "are outside article"),
    ("quote", "the quote is not the text of article"),
    ("article", "article 'no-such-article' is not in the corpus"),
    ("kind", "unknown kind 'gossip'"),
    ("relation", "unknown relation 'hates'"),
    ("time", "'modified' is not an ISO 8601 time"),
    ("duplicate", "two annotations have the id"),
])
def test_invalid_files_are_refused_and_the_store_untouched(
    filled: AnnotationStore, corpus: Corpus, tmp_path: Path, how: str, message: str
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(_break(_native(filled, corpus, tmp_path), how), encoding="utf-8")
    target = store_at(tmp_path / "target.json")
    before = (tmp_path / "target.json").read_bytes()
    with pytest.raises(InvalidImportError) as raised:
        import_file(bad, target, corpus)
    text = str(raised.value)
    assert isinstance(raised.value, ValueError)
    assert text.startswith(f"{bad}: ") and message in text and "\n" not in text
    assert (tmp_path / "target.json").read_bytes() == before
    assert contents(target) == ([], [], [])


def test_a_jsonl_file_is_named_as_such(
    filled: AnnotationStore, corpus: Corpus, tmp_path: Path
) -> None:
    path = export("jsonl", filled, corpus, tmp_path / "out.jsonl")
    with pytest.raises(InvalidImportError, match="is JSON Lines"):
        import_file(path, store_at(tmp_path / "t.json"), corpus)


# --- W3C ----------------------------------------------------------------------------------


def _items(path: Path) -> list[dict[str, Any]]:
    collection = json.loads(path.read_text(encoding="utf-8"))
    # the W3C context first; then ours, for the anchor status the model has no term for
    assert collection["@context"][0] == "http://www.w3.org/ns/anno.jsonld"
    assert set(collection["@context"][1]) == {"syria"}
    assert collection["type"] == "AnnotationCollection"
    items = collection["first"]["items"]
    assert collection["total"] == len(items) and collection["first"]["type"] == "AnnotationPage"
    return items


def _selectors(target: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {selector["type"]: selector for selector in target["selector"]}


def _article_of(corpus: Corpus, target: dict[str, Any]) -> Article:
    prefix = "urn:syria-reader:article:"
    assert target["source"].startswith(prefix)
    return corpus.get(target["source"].removeprefix(prefix))


def test_w3c_selectors_find_their_passage(
    filled: AnnotationStore, corpus: Corpus, tmp_path: Path
) -> None:
    items = _items(export("w3c", filled, corpus, tmp_path / "out.jsonld"))
    annotations = [i for i in items if i["motivation"] != "linking"]
    assert len(annotations) == 4
    for item in annotations:
        assert item["id"].startswith("urn:uuid:")
        article = _article_of(corpus, item["target"])
        selectors = _selectors(item["target"])
        quote, position = selectors["TextQuoteSelector"], selectors["TextPositionSelector"]
        assert article.text[position["start"]:position["end"]] == quote["exact"]
        assert article.text[:position["start"]].endswith(quote.get("prefix", ""))
        assert article.text[position["end"]:].startswith(quote.get("suffix", ""))
        assert "creator" in item and "created" in item and "modified" in item
    claim = next(i for i in annotations if i["creator"]["name"] == "alice"
                 and i["motivation"] == "tagging" and "body" in i and len(i["body"]) == 2)
    purposes = {body["purpose"]: body for body in claim["body"]}
    assert purposes["tagging"]["value"] == "event" and purposes["tagging"]["type"] == "TextualBody"
    assert purposes["commenting"]["value"].startswith('He said, "rapid"')
    assert all("text" not in body for body in claim["body"])
    note = next(i for i in annotations if i["motivation"] == "commenting")
    assert note["body"][0]["value"] == "whose count?"


def test_w3c_links_go_from_their_target_to_their_body(
    filled: AnnotationStore, corpus: Corpus, tmp_path: Path
) -> None:
    """A link A → B: A is the target, B the linking body (the model's linking), so the
    direction is in the roles, not in the order of a list."""
    items = _items(export("w3c", filled, corpus, tmp_path / "out.jsonld"))
    passages = {i["target"]["id"]: i["target"] for i in items if i["motivation"] != "linking"}
    links = [i for i in items if i["motivation"] == "linking"]
    assert len(links) == 3  # not the rejected suggestion
    records = {r["id"]: r for r in AnnotationBook(filled).links()}
    relations = []
    for item in links:
        record = records[item["id"].removeprefix("urn:syria-reader:annotation:")]
        source = item["target"]
        assert source == passages[source["id"]]  # the very passage annotated: one
        assert source["id"] == f"urn:syria-reader:passage:{record['source']}"
        linked, *textual = item["body"]
        assert (linked["type"], linked["purpose"]) == ("SpecificResource", "linking")
        if record["target"] == "ent-gpe-syria":
            assert linked == {"type": "SpecificResource", "purpose": "linking",
                              "source": "urn:syria-reader:entity:ent-gpe-syria"}
        else:
            assert linked["id"] == f"urn:syria-reader:passage:{record['target']}"
            assert {k: v for k, v in linked.items() if k != "purpose"} == passages[
                linked["id"]]
        assert all(body["type"] == "TextualBody" for body in textual)
        relations.append(next(b["value"] for b in textual if b["purpose"] == "tagging"))
        describing = next(b["value"] for b in textual if b["purpose"] == "describing")
        assert describing in ("origin: suggested; score: 0.87", "origin: confirmed")
    assert sorted(relations) == ["contradicts", "same", "same"]


def _old_form(item: dict[str, Any]) -> dict[str, Any]:
    """A link as exports before this version wrote it: two targets, source first."""
    linked, *textual = item["body"]
    other = {k: v for k, v in linked.items() if k != "purpose"}
    if "id" not in other:
        other = other["source"]  # an entity: its IRI
    return {**item, "target": [item["target"], other], "body": textual}


@pytest.mark.parametrize("form", ["new", "old"])
def test_w3c_links_keep_their_direction_through_an_import(
    filled: AnnotationStore, corpus: Corpus, tmp_path: Path, form: str
) -> None:
    path = export("w3c", filled, corpus, tmp_path / "out.jsonld")
    if form == "old":
        document = json.loads(path.read_text(encoding="utf-8"))
        document["first"]["items"] = [_old_form(i) if i["motivation"] == "linking" else i
                                      for i in document["first"]["items"]]
        path.write_text(json.dumps(document), encoding="utf-8")
    fresh = store_at(tmp_path / "fresh.json")
    import_file(path, fresh, corpus)
    ends = {r["id"]: (r["source"], r["target"], r["relation"])
            for r in AnnotationBook(fresh).links()}
    mine = {r["id"]: (r["source"], r["target"], r["relation"])
            for r in AnnotationBook(filled).links() if r["origin"] != "rejected"}
    assert ends == mine and len(ends) == 3


def test_w3c_positions_name_the_text_they_count_in(
    filled: AnnotationStore, corpus: Corpus, tmp_path: Path
) -> None:
    items = _items(export("w3c", filled, corpus, tmp_path / "out.jsonld"))
    for item in items:
        if item["motivation"] != "linking":
            article = _article_of(corpus, item["target"])
            assert item["target"]["syria:sha256"] == article.sha256


@pytest.fixture
def emoji_corpus(tmp_path: Path) -> Corpus:
    folder = tmp_path / "emoji"
    folder.mkdir()
    (folder / "flags.txt").write_text(
        "Flags 🇸🇾🇺🇸 and faces 😀😀 came first.\n\n"
        "Officials said about 2,000 US troops remain in Syria 🎖️.\n", encoding="utf-8")
    return load_corpus(folder)


def test_w3c_positions_count_code_points_not_utf16_units(
    emoji_corpus: Corpus, tmp_path: Path
) -> None:
    article = emoji_corpus.articles[0]
    store = store_at(tmp_path / "emoji.json")
    claim = tag(AnnotationBook(store), article, "about 2,000 US troops", label="figure")
    path = export("w3c", store, emoji_corpus, tmp_path / "emoji.jsonld")
    position = _selectors(_items(path)[0]["target"])["TextPositionSelector"]
    utf16_start = len(article.text[:claim.start].encode("utf-16-le")) // 2
    assert position["start"] == claim.start != utf16_start  # the emoji are astral
    assert article.text[position["start"]:position["end"]] == "about 2,000 US troops"
    # and it reads back to the same passage
    again = store_at(tmp_path / "again.json")
    assert import_file(path, again, emoji_corpus).added == 1
    assert contents(again) == contents(store)


def test_w3c_import_round_trip(filled: AnnotationStore, corpus: Corpus, tmp_path: Path) -> None:
    path = export("w3c", filled, corpus, tmp_path / "out.jsonld")
    empty = store_at(tmp_path / "empty.json")
    report = import_file(path, empty, corpus)
    assert (report.format, report.added, report.updated) == ("w3c", 7, 0)
    annotations, links, _ = contents(empty)
    mine, my_links, _ = contents(filled)
    assert annotations == mine
    assert links == [link for link in my_links if link["origin"] != "rejected"]
    again = import_file(path, empty, corpus)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 7)


def test_w3c_from_another_tool_is_placed_by_its_quote(corpus: Corpus, tmp_path: Path) -> None:
    article = corpus.get("002")
    start = article.text.index("roughly 500")
    document = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "Annotation",
        "motivation": "commenting",
        "body": {"type": "TextualBody", "value": "too low?"},
        # a wrong position (another version of the text) and the right quote
        "target": {"source": f"file:///elsewhere/{article.id}.txt", "selector": [
            {"type": "TextQuoteSelector", "exact": "roughly 500", "prefix": "Syria, "},
            {"type": "TextPositionSelector", "start": start + 3, "end": start + 14},
        ]},
    }
    path = tmp_path / "foreign.jsonld"
    path.write_text(json.dumps(document), encoding="utf-8")
    store = store_at(tmp_path / "s.json")
    assert import_file(path, store, corpus).added == 1
    [annotation] = AnnotationBook(store).annotations()
    assert (annotation.start, annotation.quote, annotation.kind) == (start, "roughly 500", "note")
    assert annotation.note == "too low?" and not annotation.orphaned
    assert import_file(path, store, corpus).unchanged == 1  # derived id: still idempotent


def test_w3c_offsets_outside_the_article_are_refused(corpus: Corpus, tmp_path: Path) -> None:
    article = corpus.get("002")
    document = {"@context": ["http://www.w3.org/ns/anno.jsonld"], "type": "Annotation",
                "id": "urn:uuid:00000000-0000-4000-8000-000000000000",
                "target": {"source": f"urn:syria-reader:article:{article.id}", "selector": {
                    "type": "TextPositionSelector", "start": 5, "end": 10**7}}}
    path = tmp_path / "bad.jsonld"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(InvalidImportError, match="offsets 5-10000000 are outside article"):
        import_file(path, store_at(tmp_path / "s.json"), corpus)


def test_orphans_keep_their_quote_but_no_position(corpus: Corpus, tmp_path: Path) -> None:
    store = store_at(tmp_path / "s.json")
    book = AnnotationBook(store)
    orphan = replace(tag(book, corpus.get("002"), "roughly 500"), quote="words long gone",
                     article_sha256="0" * 64, orphaned=True)
    book.update(orphan)
    [item] = _items(export("w3c", store, corpus, tmp_path / "o.jsonld"))
    assert set(_selectors(item["target"])) == {"TextQuoteSelector"}
    folder = export("brat", store, corpus, tmp_path / "brat")
    assert "1 annotation(s) left out" in (folder / "annotation.conf").read_text(encoding="utf-8")
    assert not any(p.read_text(encoding="utf-8") for p in folder.glob("*.ann"))


# --- brat ------------------------------------------------------------------------------


def _entity_index(corpus: Corpus) -> EntityIndex:
    article = corpus.get("002")
    mentions = [Mention(article.id, m.start(), m.end(), m.group(), "GPE")
                for m in re.finditer("Syria", article.text)]
    return EntityIndex([EntityCluster("ent-gpe-syria", "Syria", "GPE", ["Syria"], mentions)])


def _ann_lines(folder: Path, article_id: str) -> list[list[str]]:
    return [line.split("\t") for line in
            (folder / f"{article_id}.ann").read_text(encoding="utf-8").splitlines()]


def test_brat_spans_equal_the_text(filled: AnnotationStore, corpus: Corpus,
                                   tmp_path: Path) -> None:
    folder = export("brat", filled, corpus, tmp_path / "brat", entities=_entity_index(corpus))
    fragmented = 0
    for article in corpus.articles:
        assert (folder / f"{article.id}.txt").read_bytes() == article.text.encode("utf-8")
        lines = _ann_lines(folder, article.id)
        tids = {fields[0] for fields in lines if fields[0].startswith("T")}
        for fields in lines:
            if fields[0].startswith("T"):
                _, offsets = fields[1].split(" ", 1)
                pieces = [tuple(map(int, piece.split())) for piece in offsets.split(";")]
                fragmented += len(pieces) > 1
                assert " ".join(article.text[s:e] for s, e in pieces) == fields[2]
                assert all("\n" not in article.text[s:e] for s, e in pieces)
            elif fields[0].startswith("R"):
                _, arg1, arg2 = fields[1].split(" ")
                assert arg1.removeprefix("Arg1:") in tids and arg2.removeprefix("Arg2:") in tids
            else:
                assert fields[0].startswith("#") and fields[1].split(" ")[1] in tids
    assert fragmented == 1  # the claim across the paragraph break
    pentagon = _ann_lines(folder, corpus.get("002").id)
    assert [f[1].split(" ")[0] for f in pentagon if f[0].startswith("R")] == ["same"]
    assert sum(f[1].startswith("GPE ") for f in pentagon) == corpus.get("002").text.count("Syria")
    notes = " ".join(f[2] for f in pentagon if f[0].startswith("#"))
    assert "same → entity Syria [ent-gpe-syria]" in notes and "entity: Syria" in notes


def test_brat_conf_and_cross_article_links(filled: AnnotationStore, corpus: Corpus,
                                           tmp_path: Path) -> None:
    folder = export("brat", filled, corpus, tmp_path / "brat")
    conf = (folder / "annotation.conf").read_text(encoding="utf-8")
    sections = re.split(r"^\[(\w+)\]$", conf, flags=re.MULTILINE)
    entities, relations = sections[sections.index("entities") + 1], sections[
        sections.index("relations") + 1]
    for name in ("PERSON", "ORG", "GPE", "figure", "event", "statement", "Note"):
        assert re.search(rf"^\t?{name}$", entities, re.MULTILINE), name
    for name in ("same", "supports", "contradicts", "updates"):
        assert re.search(rf"^{name}\tArg1:", relations, re.MULTILINE), name
    assert "bgColor:#d08c00" in (folder / "visual.conf").read_text(encoding="utf-8")
    cnn = _ann_lines(folder, corpus.get("000").id)
    notes = [f[2] for f in cnn if f[0].startswith("#")]
    note = next(n for n in notes if "contradicts" in n)
    assert note.startswith('He said, "rapid", then repeated it | contradicts → 002_')
    assert "“roughly 500”" in note
    # exporting again replaces the earlier brat folder
    assert export("brat", filled, corpus, folder) == folder


# --- CSV, JSONL, paths, progress ----------------------------------------------------------


def test_csv_round_trips_a_tricky_note(filled: AnnotationStore, corpus: Corpus,
                                       tmp_path: Path) -> None:
    path = export("csv", filled, corpus, tmp_path / "out.csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # for Excel
    with path.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert len(rows) == 3  # the claims; the note is not a claim
    rapid = next(r for r in rows if r["label"] == "event")
    assert rapid["note"] == 'He said, "rapid", then\nrepeated it'
    assert rapid["quote"] == '"rapid" withdrawal'
    assert rapid["title"] == corpus.get("000").title
    five_hundred = next(r for r in rows if r["quote"] == "roughly 500")
    assert len(five_hundred["linked_ids"].split()) == 2
    assert "contradicts ← [000_" in five_hundred["links"]
    assert "same → ent-gpe-syria" in five_hundred["links"]
    assert "passage:" not in five_hundred["links"]  # a rejected suggestion is no link
    assert int(rapid["end"]) - int(rapid["start"]) == len(rapid["quote"])
    assert rapid["article_sha256"] == corpus.get("000").sha256
    assert {r["orphaned"] for r in rows} == {"false"}  # booleans as true / false


def test_jsonl_one_annotation_a_line(filled: AnnotationStore, corpus: Corpus,
                                     tmp_path: Path) -> None:
    path = export("jsonl", filled, corpus, tmp_path / "out.jsonl")
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[-1] == ""
    records = [json.loads(line) for line in lines[:-1]]
    assert len(records) == 4
    by_quote = {r["quote"]: r for r in records}
    five_hundred = by_quote["roughly 500"]
    assert five_hundred["article_title"] == corpus.get("002").title
    assert len(five_hundred["linked_ids"]) == 2
    assert sorted(link["relation"] for link in five_hundred["links"]) == [
        "contradicts", "same", "same"]
    assert by_quote["US troops"]["linked_ids"] == []


def test_default_path_progress_and_errors(filled: AnnotationStore, corpus: Corpus,
                                          tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                          ) -> None:
    monkeypatch.chdir(tmp_path)
    seen: list[tuple[int, int]] = []
    path = export("json", filled, corpus, on_progress=lambda d, t: seen.append((d, t)))
    assert re.fullmatch(r"syria-reader-export-\d{8}-\d{6}\.json", path.name)
    assert path.parent == tmp_path and path.is_file()
    assert seen[0] == (0, 8) and seen[-1] == (8, 8)
    assert export("w3c", filled, corpus, tmp_path).suffix == ".jsonld"  # a folder: inside it
    assert not list(tmp_path.glob(".*.tmp"))
    with pytest.raises(ExportError, match="unknown format 'xml'; one of json, jsonl"):
        export("xml", filled, corpus)
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "keep.txt").write_text("mine")
    with pytest.raises(ExportError, match="not empty and no syria-reader export wrote it"):
        export("brat", filled, corpus, tmp_path / "busy")
    assert (tmp_path / "busy" / "keep.txt").read_text() == "mine"
    assert FORMATS == ("json", "jsonl", "csv", "w3c", "brat", "prodigy", "labelstudio")
    with pytest.raises(ExportError, match="'-' means standard output"):
        export("json", filled, corpus, "-")
    assert not (tmp_path / "-").exists()


def test_positions_follow_a_changed_text(tmp_path: Path) -> None:
    """W3C positions and brat spans are into the texts they ship or name: an annotation
    made before the text changed is re-anchored for them (the native export keeps it)."""
    folder = tmp_path / "changing"
    folder.mkdir()
    (folder / "report.txt").write_text("About 2,000 US troops are in Syria.\n", encoding="utf-8")
    store = store_at(tmp_path / "s.json")
    claim = tag(AnnotationBook(store), load_corpus(folder).articles[0], "2,000 US troops")
    (folder / "report.txt").write_text("UPDATED. About 2,000 US troops are in Syria.\n",
                                       encoding="utf-8")
    changed = load_corpus(folder)
    text = changed.articles[0].text
    position = _selectors(_items(export("w3c", store, changed, tmp_path / "o.jsonld"))[0][
        "target"])["TextPositionSelector"]
    assert text[position["start"]:position["end"]] == "2,000 US troops" != text[
        claim.start:claim.end]
    brat = export("brat", store, changed, tmp_path / "brat")
    [[_, span, covered]] = _ann_lines(brat, "report")
    assert covered == "2,000 US troops" and span == f"Claim {position['start']} {position['end']}"
    native = json.loads(export("json", store, changed, tmp_path / "n.json").read_text())
    assert native["annotations"][0]["start"] == claim.start


def test_an_imported_rename_is_one_line_and_only_a_rename_has_a_name() -> None:
    mention = {"article": "000", "start": 0, "end": 4, "text": "Post"}
    record = {"id": "r1", "kind": "rename", "mention": mention, "other": None,
              "type": None, "created": LINK_TIME, "name": "Brett\nMcGurk\t\tx "}
    assert EntityCorrection.from_record(record).name == "Brett McGurk x"
    with pytest.raises(ValueError, match="needs a name"):
        EntityCorrection.from_record({**record, "name": "\n\t "})
    retype = EntityCorrection.from_record({**record, "kind": "retype", "type": "ORG"})
    assert retype.name is None and "name" not in retype.to_record()
