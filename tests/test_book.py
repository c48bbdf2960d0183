from __future__ import annotations

from pathlib import Path

import pytest

from syria_reader.annotations.store.anchoring import reanchor
from syria_reader.annotations.store.book import AnnotationBook, UnknownRecordError
from syria_reader.annotations.store.database import AnnotationStore
from syria_reader.annotations.store.model import CONTEXT_CHARS, new_annotation
from syria_reader.corpus import Article, load_corpus


@pytest.fixture
def article() -> Article:
    return load_corpus().get("002")


def book_at(path: Path, session: str = "window-1") -> AnnotationBook:
    """The book of one window (its session outlives a restart, see tui/session.py)."""
    return AnnotationBook(AnnotationStore(path), session)


def span(article: Article, quote: str) -> tuple[int, int]:
    start = article.text.index(quote)
    return start, start + len(quote)


def test_new_annotation_carries_its_anchor(article: Article) -> None:
    start, end = span(article, "roughly 500")
    claim = new_annotation(article, start, end, label="figure", author="ana")
    assert claim.quote == "roughly 500" and claim.article_sha256 == article.sha256
    assert claim.prefix == article.text[start - CONTEXT_CHARS : start]
    assert claim.suffix == article.text[end : end + CONTEXT_CHARS]
    assert claim.created == claim.modified and claim.author == "ana"
    with pytest.raises(ValueError, match="outside"):
        new_annotation(article, 10, 10**7)


def test_changes_undo_and_redo_survive_a_restart(tmp_path: Path, article: Article) -> None:
    book = book_at(tmp_path / "db.json")
    claim = book.add(new_annotation(article, *span(article, "roughly 500"), label="figure"))
    book.update(claim.edited(label="statement", note="Dorrian, 2017"))
    book = book_at(tmp_path / "db.json")  # a restart
    assert [(a.label, a.note) for a in book.annotations()] == [("statement", "Dorrian, 2017")]
    assert book.undo() is not None
    assert [a.label for a in book_at(tmp_path / "db.json").annotations()] == ["figure"]
    book.undo()
    assert book.annotations() == [] and book.undo() is None
    book = book_at(tmp_path / "db.json")
    book.redo()
    book.redo()
    assert [a.label for a in book.annotations()] == ["statement"]
    assert book.redo() is None


def test_undo_takes_back_only_this_sessions_changes(tmp_path: Path, article: Article) -> None:
    from syria_reader.annotations.store.book import UndoRefusedError

    mine, theirs = book_at(tmp_path / "db.json"), book_at(tmp_path / "db.json", "script")
    claim = mine.add(new_annotation(article, *span(article, "roughly 500"), label="figure"))
    other = theirs.add(new_annotation(article, 0, 5, label="event"))
    assert mine.undo() is not None  # its own claim, not the script's later one
    assert [a.id for a in mine.annotations()] == [other.id]
    assert mine.undo() is None and mine.others_changes() == 1
    mine.redo()
    theirs.update(mine.annotation(claim.id).edited(label="statement"))  # built on it
    with pytest.raises(UndoRefusedError, match="changed it since"):
        mine.undo()
    assert mine.annotation(claim.id).label == "statement"


def test_a_new_change_ends_the_redo_branch(tmp_path: Path, article: Article) -> None:
    book = book_at(tmp_path / "db.json")
    book.add(new_annotation(article, 0, 5))
    book.undo()
    book.add(new_annotation(article, 10, 20))
    assert book.redo() is None
    assert [a.start for a in book.annotations()] == [10]


def test_delete_and_its_undo(tmp_path: Path, article: Article) -> None:
    book = book_at(tmp_path / "db.json")
    claim = book.add(new_annotation(article, 0, 5))
    book.delete(claim.id)
    assert book.annotations() == []
    book.undo()
    assert book.annotations() == [claim]
    with pytest.raises(UnknownRecordError):
        book.delete("no-such-id")


def edited(article: Article, text: str) -> Article:
    return Article(id=article.id, title=article.title, text=text)


def test_reanchoring_after_text_moves(article: Article) -> None:
    claim = new_annotation(article, *span(article, "roughly 500"))
    moved = edited(article, "An editor's note added on top.\n\n" + article.text)
    result = reanchor(claim, moved)
    assert result.status == "exact"
    assert moved.text[result.annotation.start : result.annotation.end] == "roughly 500"
    assert result.annotation.article_sha256 == moved.sha256


def test_reanchoring_prefers_the_occurrence_with_matching_context(article: Article) -> None:
    quote = "U.S. troops"
    starts = [i for i in range(len(article.text)) if article.text.startswith(quote, i)]
    assert len(starts) >= 2
    claim = new_annotation(article, starts[1], starts[1] + len(quote))
    changed = edited(article, article.text.replace("patrolling areas", "patrolling zones"))
    result = reanchor(claim, changed)
    assert result.status == "exact"
    assert result.annotation.prefix == claim.prefix


def test_fuzzy_reanchoring_after_an_edit_of_the_quote(article: Article) -> None:
    claim = new_annotation(article, *span(article, "only a small number of troops in Syria"))
    changed = edited(article, article.text.replace("small number", "small  number"))
    result = reanchor(claim, changed)
    assert result.status == "fuzzy"
    found = changed.text[result.annotation.start : result.annotation.end]
    assert "small  number of troops" in found


def test_unfindable_annotations_are_orphaned_not_dropped(article: Article) -> None:
    sentence = "But Dorrian said the U.S. has only a small number of troops in Syria"
    claim = new_annotation(article, *span(article, sentence))
    gone = edited(article, article.text.replace(sentence, "Something else entirely was said"))
    result = reanchor(claim, gone)
    assert result.status == "orphaned" and result.annotation.orphaned
    assert result.annotation.quote == sentence


def test_a_changed_claim_orphaned_then_found_again_is_changed_not_orphaned(
    article: Article,
) -> None:
    """Tagged, its text edited ("changed"), then gone (orphaned), then back as edited:
    found again, it is "changed" from what was tagged, and no longer orphaned."""
    sentence = "only a small number of troops in Syria"
    claim = new_annotation(article, *span(article, sentence))
    edited_text = article.text.replace("small number", "very small number")
    changed = reanchor(claim, edited(article, edited_text)).annotation
    assert changed.anchor == "changed" and changed.original_quote == sentence
    gone = reanchor(changed, edited(article, article.text.replace(
        "But Dorrian said the U.S. has only a small number of troops in Syria",
        "Something else entirely was said"))).annotation
    assert gone.orphaned and gone.anchor == "orphaned"
    back = reanchor(gone, edited(article, edited_text + " ")).annotation
    assert not back.orphaned and back.anchor == "changed"
    assert back.original_quote == sentence


def test_orphaned_and_its_anchor_always_agree(article: Article) -> None:
    claim = new_annotation(article, *span(article, "roughly 500"))
    by_flag = type(claim).from_record({**claim.to_record(), "orphaned": True})
    by_anchor = type(claim).from_record({**claim.to_record(), "anchor": "orphaned"})
    for record in (by_flag, by_anchor):
        assert record.orphaned and record.anchor == "orphaned"
