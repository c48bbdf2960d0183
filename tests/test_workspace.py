"""The workspace: the one owner of the analyst's state, for the reader, the command line
and scripts; every change reaches its listeners as a typed event."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from syria_reader.annotations.events import AnnotationsChanged, Event, LinksChanged
from syria_reader.annotations.store.book import UndoRefusedError
from syria_reader.annotations.vocabulary import passage_ref
from syria_reader.annotations.workspace import AmbiguousIdError, Workspace
from syria_reader.corpus import Corpus, load_corpus
from tests.conftest import RunResult


@pytest.fixture
def corpus() -> Corpus:
    return load_corpus()


ALPHA = "Alpha report text. Troops in Syria.\n"


def articles_in(tmp_path: Path, **texts: str) -> Path:
    """A corpus folder with one .txt article per keyword: its id, its text."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def opened(corpus: Corpus, db: Path, session: str) -> tuple[Workspace, list[Event]]:
    workspace = Workspace.open(corpus, db, session)
    events: list[Event] = []
    workspace.subscribe(events.append)
    workspace.load()
    return workspace, events


def test_a_change_is_one_typed_event_and_a_repeat_is_none(corpus: Corpus, tmp_path: Path) -> None:
    workspace, events = opened(corpus, tmp_path / "db.json", "reader")
    article = corpus.get("002")
    start = article.text.index("roughly 500")
    events.clear()
    claim, created = workspace.tag(article, start, start + 11, "figure")
    assert created and events == [AnnotationsChanged((), (claim,), "here")]
    again, created = workspace.tag(article, start, start + 11, "figure")
    assert again == claim and not created and len(events) == 1
    relabelled = workspace.relabel(claim, "statement")
    assert events[-1] == AnnotationsChanged((claim,), (relabelled,), "here")
    assert events[-1].articles == {article.id}


def test_another_sessions_writes_arrive_by_refresh(corpus: Corpus, tmp_path: Path) -> None:
    reader, events = opened(corpus, tmp_path / "db.json", "reader")
    script, _ = opened(corpus, tmp_path / "db.json", "script")
    assert reader.refresh() is False  # nothing new: one stat
    article = corpus.get("000")
    claim, _ = script.tag(article, 0, 20, "event")
    other, _ = script.tag(corpus.get("002"), 0, 3, "figure")
    script.link(claim, other, "contradicts")
    events.clear()
    assert reader.refresh() is True
    assert [type(e) for e in events] == [AnnotationsChanged, LinksChanged]
    assert {a.id for a in events[0].added} == {claim.id, other.id}
    assert events[0].origin == "elsewhere" and reader.linked_ids() >= {claim.id, other.id}
    assert reader.undo() is None  # the script's changes are not the reader's to undo
    assert [a.id for a in reader.annotations()] == [claim.id, other.id]


def test_undo_is_refused_when_another_session_built_on_the_change(
    corpus: Corpus, tmp_path: Path,
) -> None:
    reader, _ = opened(corpus, tmp_path / "db.json", "reader")
    script, _ = opened(corpus, tmp_path / "db.json", "script")
    mine, _ = reader.tag(corpus.get("000"), 0, 20, "event")
    theirs, _ = script.tag(corpus.get("002"), 0, 3, "figure")
    script.refresh()
    script.link(script.annotation(mine.id), theirs, "contradicts")
    with pytest.raises(UndoRefusedError, match="changed it since"):
        reader.undo()
    assert reader.refresh() and mine in reader.annotations()


def test_a_write_that_reads_anothers_first_still_reports_it(
    corpus: Corpus, tmp_path: Path,
) -> None:
    reader, _ = opened(corpus, tmp_path / "db.json", "reader")
    script, _ = opened(corpus, tmp_path / "db.json", "script")
    theirs, _ = script.tag(corpus.get("000"), 0, 20, "event")
    mine, _ = reader.tag(corpus.get("002"), 0, 3, "figure")  # reads the file first
    assert reader.refresh() is True
    assert {a.id for a in reader.annotations()} == {theirs.id, mine.id}


def test_ids_are_found_by_unique_prefix(corpus: Corpus, tmp_path: Path) -> None:
    workspace, _ = opened(corpus, tmp_path / "db.json", "reader")
    first, _ = workspace.tag(corpus.get("000"), 0, 20, "event")
    second, _ = workspace.tag(corpus.get("002"), 0, 3, "figure")
    assert workspace.annotation(first.id[:8]) == first
    with pytest.raises(AmbiguousIdError, match="'ab' starts 2 link ids"):
        Workspace._unique("ab", {"ab1": 1, "ab2": 2}, "link")
    with pytest.raises(LookupError, match="no annotation zz"):
        workspace.annotation("zz")
    link, created = workspace.link(first, second, "same")
    assert created and workspace.link(second, first, "same") == (link, False)
    assert workspace.link_by_id(link.id[:6]) == link


def test_two_claims_have_one_link_whatever_relations_are_picked(
    corpus: Corpus, tmp_path: Path,
) -> None:
    workspace, events = opened(corpus, tmp_path / "db.json", "reader")
    first, _ = workspace.tag(corpus.get("000"), 0, 20, "event")
    second, _ = workspace.tag(corpus.get("002"), 0, 3, "figure")
    link, created = workspace.link(first, second, "same")
    events.clear()
    # Another relation (as `syria-reader link` or the dialog asks) changes the link.
    relinked, created = workspace.link(second, first, "contradicts")
    assert created and (relinked.id, relinked.relation) == (link.id, "contradicts")
    assert workspace.links() == [relinked]
    assert events == [LinksChanged((link,), (relinked,), "here")]
    entry = workspace.undo()
    assert entry is not None and workspace.links() == [link]
    assert workspace.describe(entry) == f"relink same → contradicts “{second.quote}”"
    workspace.redo()
    assert workspace.links() == [relinked]
    # Rejecting the pair turns the link into the rejection; rejecting again is that one.
    rejection = workspace.reject(first, second)
    assert rejection.id == link.id and rejection.rejected
    assert workspace.reject(first, second) == rejection
    assert workspace.links(include_rejected=True) == [rejection]
    again, created = workspace.link(first, second, "supports")
    assert created and workspace.links(include_rejected=True) == [again]
    assert again.id == link.id and not again.rejected


def test_a_relink_points_a_directed_relation_the_way_asked(
    corpus: Corpus, tmp_path: Path,
) -> None:
    workspace, events = opened(corpus, tmp_path / "db.json", "reader")
    first, _ = workspace.tag(corpus.get("000"), 0, 20, "event")
    second, _ = workspace.tag(corpus.get("002"), 0, 3, "figure")
    link, _ = workspace.link(first, second, "same")
    # "second updates first": the one link, turned round, as one undoable step.
    relinked, created = workspace.link(second, first, "updates")
    assert created and (relinked.id, relinked.source, relinked.target,
                        relinked.relation) == (link.id, second.id, first.id, "updates")
    assert workspace.links() == [relinked]
    assert workspace.link(second, first, "updates") == (relinked, False)
    # The same directed relation the other way round is a change, not the same link.
    reversed_, created = workspace.link(first, second, "updates")
    assert created and (reversed_.id, reversed_.source, reversed_.target) == (
        link.id, first.id, second.id)
    assert workspace.links() == [reversed_]
    undone = workspace.undo()
    assert undone is not None and workspace.describe(undone).startswith("turn round updates")
    assert workspace.links() == [relinked]  # the direction comes back with the relation
    workspace.undo()
    assert workspace.links() == [link]
    # A symmetric relation is the same link either way round: nothing is written.
    events.clear()
    assert workspace.link(second, first, "same") == (link, False) and events == []
    # Passages name their claims: the passage of `second` asked first turns it round.
    passage = passage_ref(second.article_id, second.start, second.end)
    turned, created = workspace.link(passage, first, "supports")
    assert created and (turned.source, turned.target) == (second.id, first.id)


def test_link_b_a_after_a_b_stores_b_a(cli: Callable[..., RunResult],
                                        tmp_path: Path) -> None:
    """The reviewer's steps: `link A B --relation same`, then `link B A --relation
    updates` twice; `links` shows B updates A, and the second is the same link."""
    db = str(tmp_path / "db.json")

    def run(*args: str) -> str:
        result = cli(*args, "--db", db)
        assert result.returncode == 0, result.stderr
        return result.stdout

    a = json.loads(run("tag", "002", "roughly 500", "--label", "figure", "--json"))["id"]
    b = json.loads(run("tag", "000", "withdrawal", "--label", "event", "--json"))["id"]
    run("link", a, b, "--relation", "same")
    assert "linked already" not in run("link", b, a, "--relation", "updates")
    [stored] = json.loads(run("links", "--json"))["links"]
    assert (stored["source"], stored["relation"], stored["target"]) == (b, "updates", a)
    assert "(linked already: the same link)" in run("link", b, a, "--relation", "updates")
    assert "linked already" not in run("link", a, b, "--relation", "updates")
    [stored] = json.loads(run("links", "--json"))["links"]
    assert (stored["source"], stored["relation"], stored["target"]) == (a, "updates", b)


def test_an_undo_toast_never_shows_an_empty_quote(corpus: Corpus, tmp_path: Path) -> None:
    workspace, _ = opened(corpus, tmp_path / "db.json", "reader")
    article = corpus.get("000")
    claim, _ = workspace.tag(article, 0, 20, "event")
    other = corpus.get("002")
    passage = passage_ref(other.id, 0, 3)
    workspace.link(claim, passage, "supports")  # the passage becomes a claim: one step
    entry = workspace.undo()
    assert entry is not None
    assert workspace.describe(entry) == f"link supports “{other.text[:3]}”"
    assert [a.id for a in workspace.annotations()] == [claim.id]
    workspace.reject(claim, passage)
    entry = workspace.undo()
    assert entry is not None and workspace.describe(entry) == f"rejection “{other.text[:3]}”"
    entry = workspace.undo()
    assert entry is not None and workspace.describe(entry).startswith("event “")
    assert workspace.describe({"seq": 1, "changes": []}) == "change"


def test_annotations_go_with_their_text_when_its_id_changes(tmp_path: Path) -> None:
    # Another file took the name ("a.md" beside "a.txt": their ids become "a.md" and
    # "a.txt"), or the file was renamed: the claims, notes and the links to passages go
    # to the one article with their very text, and the analyst is told. Before, they
    # stayed on an id the corpus no longer had, out of every export by article.
    folder = articles_in(tmp_path, a=ALPHA, b="Bravo says the troops stay.\n")
    db = tmp_path / "db.json"
    workspace, _ = opened(load_corpus(folder), db, "one")
    alpha = workspace.corpus.get("a")
    start = alpha.text.index("Troops")
    claim, _ = workspace.tag(alpha, start, start + 15, "figure")
    bravo = workspace.corpus.get("b")
    workspace.reject(passage_ref("b", 0, 5), passage_ref("a", 0, 5))
    assert len(workspace.annotations()) == 1 and bravo.id == "b"

    (folder / "a.md").write_text("# Other\n\nBeta text.\n", encoding="utf-8")
    again, _ = opened(load_corpus(folder), db, "two")
    [moved] = again.annotations()
    assert (moved.id, moved.article_id, moved.quote) == (claim.id, "a.txt", "Troops in Syria")
    [rejection] = [link for link in again.links(include_rejected=True) if link.rejected]
    assert rejection.target == passage_ref("a.txt", 0, 5)
    assert any("went with its text to 'a.txt'" in notice for notice in again.notices)

    (folder / "a.txt").unlink()  # gone: kept as it is, and said
    last, _ = opened(load_corpus(folder), db, "three")
    assert [a.article_id for a in last.annotations()] == ["a.txt"]
    assert any("1 claim or note is on articles not in this corpus ('a.txt')" in notice
               for notice in last.notices)


def test_a_move_takes_the_articles_details_and_undo_history_along(tmp_path: Path) -> None:
    folder = articles_in(tmp_path, a=ALPHA)
    db = tmp_path / "db.json"
    workspace, _ = opened(load_corpus(folder), db, "window")
    alpha = workspace.corpus.get("a")
    claim, _ = workspace.tag(alpha, 19, 34, "figure")
    workspace.relabel(claim, "event")
    workspace.set_article_meta("a", source="Reuters", date="2020-03-01")
    (folder / "a.txt").rename(folder / "z.txt")

    moved, _ = opened(load_corpus(folder), db, "window")  # the same window's session
    assert moved.article_meta("z") is not None and moved.article_meta("z").source == "Reuters"
    assert moved.article_meta("a") is None
    moved.undo()  # the relabel: back to figure, still on z, where the text is
    assert [(a.article_id, a.label) for a in moved.annotations()] == [("z", "figure")]
    moved.undo()  # the tag: gone from z, not left behind on a
    assert moved.annotations() == []


def test_no_move_merges_two_articles_work(tmp_path: Path) -> None:
    # a.txt and b.txt hold the same text, each with its own claims: a.txt deleted, its
    # claims are not piled onto b's. They stay, and are said to be on no article here.
    folder = articles_in(tmp_path, a="2,000 people fled the town.\n",
                         b="2,000 people fled the town.\n")
    db = tmp_path / "db.json"
    workspace, _ = opened(load_corpus(folder), db, "one")
    for name in ("a", "b"):
        workspace.tag(workspace.corpus.get(name), 0, 17, "figure", note=f"note {name}")
    (folder / "a.txt").unlink()
    again, _ = opened(load_corpus(folder), db, "two")
    assert sorted((a.article_id, a.note) for a in again.annotations()) == [
        ("a", "note a"), ("b", "note b")]
    assert not any("went with its text" in notice for notice in again.notices)
    assert any("on articles not in this corpus ('a')" in notice for notice in again.notices)


def test_no_move_onto_an_article_with_details_of_its_own(tmp_path: Path) -> None:
    # The twin had a date of the analyst's: moving a's details onto it crashed every
    # open of the database ("Document with ID … already exists"), for good.
    folder = articles_in(tmp_path, a=ALPHA)
    db = tmp_path / "db.json"
    workspace, _ = opened(load_corpus(folder), db, "one")
    workspace.tag(workspace.corpus.get("a"), 19, 34, "figure")
    workspace.set_article_meta("a", source="Reuters")
    (folder / "z.txt").write_bytes((folder / "a.txt").read_bytes())
    twins, _ = opened(load_corpus(folder), db, "two")
    twins.set_article_meta("z", date="2020-03-01")
    (folder / "a.txt").unlink()
    again, _ = opened(load_corpus(folder), db, "three")
    assert [a.article_id for a in again.annotations()] == ["a"]
    assert again.article_meta("z").date == "2020-03-01"
    assert any("not in this corpus ('a')" in notice for notice in again.notices)


def test_a_move_changes_ids_and_no_text(tmp_path: Path) -> None:
    # Only references to the article move: a source written "passage:xyz", or an
    # annotation whose own id happens to be the article's id, are left as they are.
    from syria_reader.annotations.store.book import AnnotationBook
    from syria_reader.annotations.store.database import AnnotationStore
    from syria_reader.annotations.store.model import new_annotation

    folder = articles_in(tmp_path, a=ALPHA, b="Bravo says so.\n")
    db = tmp_path / "db.json"
    workspace, _ = opened(load_corpus(folder), db, "one")
    workspace.set_article_meta("b", source="passage:xyz")
    claim = new_annotation(workspace.corpus.get("a"), 19, 34, label="figure")
    AnnotationBook(AnnotationStore(db)).add(replace(claim, id="a"))
    (folder / "a.txt").rename(folder / "z.txt")
    again, _ = opened(load_corpus(folder), db, "two")
    assert [(a.id, a.article_id) for a in again.annotations()] == [("a", "z")]
    assert again.annotation("a").article_id == "z"
    assert again.article_meta("b").source == "passage:xyz"


def test_a_turn_round_is_newer_than_an_import_made_before_it(tmp_path: Path) -> None:
    # A relink carries when it was made: an export written before it (a colleague's,
    # another relation) no longer wins over it at import.
    from syria_reader.annotations.store.model import now

    corpus = load_corpus()
    workspace, _ = opened(corpus, tmp_path / "db.json", "one")
    first, _ = workspace.tag(corpus.get("000"), 0, 20, "event")
    second, _ = workspace.tag(corpus.get("002"), 0, 3, "figure")
    workspace.link(first, second, "supports")
    exported = workspace.export("json", tmp_path / "theirs.json")
    theirs = json.loads(exported.read_text(encoding="utf-8"))
    [record] = theirs["links"]
    record.update(relation="contradicts", modified=now())  # their change, at t1
    exported.write_text(json.dumps(theirs), encoding="utf-8")
    workspace.link(second, first, "supports")  # ours, at t2, later
    workspace.import_file(exported)
    [kept] = workspace.links()
    assert (kept.source, kept.relation) == (second.id, "supports")
    workspace.undo()  # the turn-round, undone and redone: a field it added goes and comes
    workspace.redo()
    assert workspace.links()[0].source == second.id


def test_undo_is_refused_when_another_window_turned_the_link_round(
    corpus: Corpus, tmp_path: Path,
) -> None:
    # The other window's relink is a later history entry on the same link: undoing
    # here would put back this window's direction over theirs, without a word.
    reader, _ = opened(corpus, tmp_path / "db.json", "reader")
    script, _ = opened(corpus, tmp_path / "db.json", "script")
    first, _ = reader.tag(corpus.get("000"), 0, 20, "event")
    second, _ = reader.tag(corpus.get("002"), 0, 3, "figure")
    reader.link(first, second, "supports")
    script.refresh()
    script.link(script.annotation(second.id), script.annotation(first.id), "supports")
    with pytest.raises(UndoRefusedError, match="changed it since"):
        reader.undo()
    assert reader.refresh() and reader.links()[0].source == second.id
