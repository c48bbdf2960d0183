"""Entity recognition: the model in its own process, the type fixes, the per-article cache.

The model is loaded once for the module (``recognizer``); the bundled corpus is
recognised once (``bundled``) into a module cache that the warm-cache tests reuse.
"""

from __future__ import annotations

import itertools
import json
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from syria_reader.corpus import Article, Corpus, load_corpus
from syria_reader.corpus import ner as ner_module
from syria_reader.corpus.entities import Mention
from syria_reader.corpus.entity_types import ArticleEntities, RawEntity, fix_types
from syria_reader.corpus.ner import (
    NerError,
    RecognitionCancelled,
    Recognizer,
    corpus_patterns_path,
    load_patterns,
    process_starts,
    recognize_corpus,
    recognizer_version,
)
from syria_reader.corpus.ner_cache import NerCache, default_cache_dir

REPO = Path(__file__).resolve().parent.parent


@dataclass
class Bundled:
    corpus: Corpus
    mentions: dict[str, list[Mention]]
    progress: list[tuple[int, int]]
    cache_dir: Path

    def all(self) -> list[Mention]:
        return [m for ms in self.mentions.values() for m in ms]

    def types_of(self, text: str) -> set[str]:
        return {m.type for m in self.all() if m.text == text}


@pytest.fixture(scope="module")
def recognizer() -> Iterator[Recognizer]:
    with Recognizer() as shared:
        yield shared


@pytest.fixture(scope="module")
def bundled(recognizer: Recognizer, tmp_path_factory: pytest.TempPathFactory) -> Bundled:
    corpus = load_corpus()
    cache_dir = tmp_path_factory.mktemp("ner-cache")
    progress: list[tuple[int, int]] = []
    mentions = recognize_corpus(
        corpus.articles, corpus_patterns_path(corpus.root),
        on_progress=lambda done, total: progress.append((done, total)),
        cache=NerCache(cache_dir), recognizer=recognizer,
    )
    return Bundled(corpus, mentions, progress, cache_dir)


def _article(text: str, article_id: str = "t") -> Article:
    return Article(id=article_id, title=article_id, text=text)


def _raw(text: str, surface: str, label: str) -> RawEntity:
    start = text.index(surface)
    return RawEntity(start, start + len(surface), label)


def _recognise(recognizer: Recognizer, tmp_path: Path, *texts: str,
               extra: tuple[tuple[str, str], ...] = ()) -> list[Mention]:
    articles = [_article(text, f"t{i}") for i, text in enumerate(texts)]
    found = recognize_corpus(articles, None, extra, cache=NerCache(tmp_path / "c"),
                             recognizer=recognizer)
    return [m for a in articles for m in found[a.id]]


def _run_python(code: str) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
        env=os.environ.copy(), cwd=REPO, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


# -- spaCy stays out of the way --------------------------------------------------------


def test_importing_corpus_does_not_import_spacy():
    seen = _run_python("""
        import json, sys
        import syria_reader.corpus, syria_reader.corpus.ner, syria_reader.corpus.ner_cache
        import syria_reader.corpus.entity_types
        print(json.dumps({"spacy": sorted(m for m in sys.modules if m.split(".")[0] == "spacy")}))
    """)
    assert seen["spacy"] == []


def test_pipeline_is_the_ruler_then_ner_alone(recognizer: Recognizer):
    assert recognizer.start() == ["entity_ruler", "ner"]


def test_recognition_runs_in_another_process(recognizer: Recognizer):
    pid = recognizer._pool().submit(os.getpid).result()
    assert pid != os.getpid()


# -- the bundled corpus ----------------------------------------------------------------


def test_every_trump_is_a_person(bundled: Bundled):
    trumps = [m for m in bundled.all() if m.text == "Trump"]
    assert len(trumps) >= 12  # the model types about half of them ORG
    assert {m.type for m in trumps} == {"PERSON"}
    assert bundled.types_of("Donald Trump") == {"PERSON"}


def test_names_the_model_misses_are_found(bundled: Bundled):
    assert bundled.types_of("At Tanf") <= {"GPE", "FAC"}
    assert sum(m.text == "At Tanf" for m in bundled.all()) == 8  # every occurrence
    assert bundled.types_of("Maghawir al-Thawra") == {"ORG"}
    assert bundled.types_of("MaT") == {"ORG"}
    assert bundled.types_of("Manbij") == {"GPE"}
    assert bundled.types_of("Islamic State") == {"ORG"}
    assert bundled.types_of("Deir Ezzor") == {"GPE"}
    assert bundled.types_of("Hayat Tahrir al-Sham") == {"ORG"}


def test_organisations_and_surnames(bundled: Bundled):
    assert bundled.types_of("Syrian Democratic Forces") == {"ORG"}
    for surname in ("Mattis", "Pompeo", "Dillon", "Dorrian"):  # mistyped by the model
        assert bundled.types_of(surname) == {"PERSON"}, surname


def test_titles_are_not_entities(bundled: Bundled):
    texts = {m.text for m in bundled.all()}
    assert not texts & {"Defense", "State", "Col", "National Security"}
    assert not any(m.text.startswith(("President ", "Col.", "Secretary ")) for m in bundled.all())


def test_offsets_are_exact_and_mentions_do_not_overlap(bundled: Bundled):
    for article in bundled.corpus.articles:
        mentions = bundled.mentions[article.id]
        assert mentions
        for mention in mentions:
            assert mention.article_id == article.id
            assert article.text[mention.start : mention.end] == mention.text
            assert mention.text == mention.text.strip()
            assert not mention.text.endswith(("’s", "'s"))
        assert all(a.end <= b.start for a, b in itertools.pairwise(mentions))


def test_progress_counts_articles(bundled: Bundled):
    total = len(bundled.corpus.articles)
    assert bundled.progress[0] == (0, total)
    assert bundled.progress[-1] == (total, total)
    assert [done for done, _ in bundled.progress] == list(range(total + 1))


# -- the type fixes on small texts -----------------------------------------------------


def test_title_is_stripped_and_makes_a_person(recognizer: Recognizer, tmp_path: Path):
    text = ("President Donald Trump met Sen. Lindsey Graham and Secretary of Defense "
            "James Mattis in Washington on Tuesday.")
    found = {m.text: m for m in _recognise(recognizer, tmp_path, text)}
    assert found["Donald Trump"].type == "PERSON"
    assert found["Donald Trump"].start == len("President ")
    assert found["Lindsey Graham"].type == "PERSON"
    assert found["James Mattis"].type == "PERSON"
    assert not any("President" in t or "Sen." in t or t == "Defense" for t in found)


def test_title_rule_on_raw_spans():
    text = "Then President Donald Trump and U.S. Army Col. Joel Rayburn spoke."
    # The model's typical spans: title and name in one, a rank glued to its service.
    raw = [_raw(text, "President Donald Trump", "ORG"), _raw(text, "U.S. Army Col", "ORG"),
           _raw(text, "Col. Joel Rayburn", "ORG")]
    mentions = fix_types([ArticleEntities("a", text, raw)])["a"]
    assert [(m.text, m.type) for m in mentions] == [
        ("Donald Trump", "PERSON"), ("U.S. Army", "ORG"), ("Joel Rayburn", "PERSON"),
    ]


def test_title_adds_a_name_the_model_missed():
    text = "Col. Ryan Dillon said so."
    mentions = fix_types([ArticleEntities("a", text, [])])["a"]
    assert [(m.text, m.type, m.start) for m in mentions] == [("Ryan Dillon", "PERSON", 5)]


def test_possessive_is_stripped(recognizer: Recognizer, tmp_path: Path):
    text = "Donald Trump spoke first. Trump’s decision angered Trump's allies in Congress."
    trumps = [m for m in _recognise(recognizer, tmp_path, text) if "Trump" in m.text]
    assert [(m.text, m.type) for m in trumps] == [
        ("Donald Trump", "PERSON"), ("Trump", "PERSON"), ("Trump", "PERSON"),
    ]
    assert [m.start for m in trumps[1:]] == [text.index("Trump’s"), text.index("Trump's")]


def test_surname_of_a_person_elsewhere_is_a_person_across_articles():
    first = ArticleEntities("a", "Mike Pompeo spoke.", [RawEntity(0, 11, "PERSON")])
    second = ArticleEntities("b", "Pompeo’s plan.", [RawEntity(0, 8, "GPE")])  # with the ’s
    mentions = fix_types([first, second])
    assert [(m.text, m.type) for m in mentions["b"]] == [("Pompeo", "PERSON")]


def test_majority_type_wins_but_places_keep_their_type():
    texts = ["Jordan said no.", "Jordan closed.", "Jordan opened.", "Michael Jordan won."]
    labels = ["GPE", "GPE", "ORG"]
    articles = [ArticleEntities(str(i), t, [RawEntity(0, 6, label)])
                for i, (t, label) in enumerate(zip(texts, labels, strict=False))]
    articles.append(ArticleEntities("3", texts[3], [RawEntity(0, 14, "PERSON")]))
    mentions = fix_types(articles)
    assert [mentions[str(i)][0].type for i in range(3)] == ["GPE", "GPE", "GPE"]


def test_pinned_type_beats_the_votes():
    article = ArticleEntities("a", "Manbij and Manbij.", [RawEntity(0, 6, "PERSON"),
                                                         RawEntity(11, 17, "PERSON")])
    mentions = fix_types([article], pinned={"Manbij": "GPE"})["a"]
    assert {m.type for m in mentions} == {"GPE"}


def test_dropped_labels_and_trimming():
    text = "the Syrian Democratic Forces\nCaption here, the F-15 and pro-Assad forces."
    raw = [_raw(text, "the Syrian Democratic Forces\nCaption", "ORG"),
           _raw(text, "F-15", "PRODUCT"), _raw(text, "pro-Assad", "NORP")]
    mentions = fix_types([ArticleEntities("a", text, raw)])["a"]
    assert [m.text for m in mentions] == ["Syrian Democratic Forces", "Assad"]


# -- patterns --------------------------------------------------------------------------


def test_extra_pattern_adds_a_missed_mention(recognizer: Recognizer, tmp_path: Path):
    text = "Troops gathered near the zorblat garrison on Monday."
    before = _recognise(recognizer, tmp_path, text)
    assert not any(m.text == "zorblat" for m in before)
    after = _recognise(recognizer, tmp_path, text, extra=(("zorblat", "FAC"),))
    start = text.index("zorblat")
    assert Mention("t0", start, start + 7, "zorblat", "FAC") in after


def test_user_pattern_overrides_the_corpus_file(tmp_path: Path):
    path = tmp_path / "patterns.jsonl"
    path.write_text('{"label": "GPE", "pattern": "At Tanf"}\n\n', encoding="utf-8")
    assert load_patterns(path) == [{"label": "GPE", "pattern": "At Tanf"}]
    assert load_patterns(path, [("At Tanf", "FAC")]) == [{"label": "FAC", "pattern": "At Tanf"}]
    with pytest.raises(ValueError, match="unknown entity type"):
        load_patterns(path, [("At Tanf", "PLACE")])


def test_broken_patterns_file_says_where(tmp_path: Path):
    path = tmp_path / "patterns.jsonl"
    path.write_text('{"label": "GPE", "pattern": "At Tanf"}\n{"label": 1}\n', encoding="utf-8")
    with pytest.raises(NerError, match=r"patterns.jsonl:2"):
        load_patterns(path)


def test_cache_key_follows_model_patterns_and_text(recognizer: Recognizer):
    cache = NerCache(Path("/nonexistent"))
    model = recognizer.model
    base = recognizer_version(model, [{"label": "GPE", "pattern": "At Tanf"}])
    other = recognizer_version(model, [{"label": "FAC", "pattern": "At Tanf"}])
    assert base != other
    assert cache.path_for("a" * 64, base) != cache.path_for("a" * 64, other)
    assert cache.path_for("a" * 64, base) != cache.path_for("b" * 64, base)
    assert model.package in base and model.version in base


# -- the cache -------------------------------------------------------------------------


def test_second_run_does_no_recognition(bundled: Bundled, monkeypatch: pytest.MonkeyPatch):
    def no_process(self: Recognizer) -> None:
        raise AssertionError("a warm cache must not start recognition")

    monkeypatch.setattr(Recognizer, "_pool", no_process)
    starts = process_starts()
    cache = NerCache(bundled.cache_dir)
    progress: list[tuple[int, int]] = []
    again = recognize_corpus(bundled.corpus.articles, corpus_patterns_path(bundled.corpus.root),
                             on_progress=lambda *p: progress.append(p), cache=cache)
    assert again == bundled.mentions
    assert progress == []
    assert (cache.hits, cache.misses, cache.writes) == (len(bundled.corpus.articles), 0, 0)
    assert process_starts() == starts


def test_second_run_does_not_import_spacy(bundled: Bundled):
    seen = _run_python(f"""
        import json, sys
        from pathlib import Path
        from syria_reader.corpus import load_corpus
        from syria_reader.corpus.ner import corpus_patterns_path, process_starts, recognize_corpus
        from syria_reader.corpus.ner_cache import NerCache
        corpus = load_corpus()
        cache = NerCache(Path({str(bundled.cache_dir)!r}))
        found = recognize_corpus(corpus.articles, corpus_patterns_path(corpus.root), cache=cache)
        print(json.dumps({{
            "spacy": any(m.split(".")[0] == "spacy" for m in sys.modules),
            "misses": cache.misses,
            "starts": process_starts(),
            "mentions": sum(len(ms) for ms in found.values()),
        }}))
    """)
    assert seen == {"spacy": False, "misses": 0, "starts": 0, "mentions": len(bundled.all())}


def test_corrupt_cache_files_are_recomputed(bundled: Bundled, recognizer: Recognizer,
                                            tmp_path: Path):
    cache_dir = tmp_path / "cache"
    shutil.copytree(bundled.cache_dir, cache_dir)
    files = sorted(cache_dir.glob("*.json"))
    assert len(files) == len(bundled.corpus.articles)
    files[0].write_text('{"format": 1, "entities": [[0, ', encoding="utf-8")  # torn
    record = json.loads(files[1].read_text(encoding="utf-8"))
    record["entities"][0] = [0, 10**9, "ORG"]  # an offset past the end of the text
    files[1].write_text(json.dumps(record), encoding="utf-8")
    files[2].write_bytes(b"\xff\xfe not utf-8")
    cache = NerCache(cache_dir)
    again = recognize_corpus(bundled.corpus.articles, corpus_patterns_path(bundled.corpus.root),
                             cache=cache, recognizer=recognizer)
    assert again == bundled.mentions
    assert (cache.misses, cache.writes) == (3, 3)
    for path in files[:3]:
        assert json.loads(path.read_text(encoding="utf-8"))["entities"]
    assert not list(cache_dir.glob("*.tmp"))  # atomic writes leave no temp files


def test_default_cache_is_in_the_user_cache_dir(recognizer: Recognizer, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "syria-reader" / "ner"
    recognize_corpus([_article("Vladimir Putin visited Moscow.")], None, recognizer=recognizer)
    assert len(list(default_cache_dir().glob("*.json"))) == 1


def test_unwritable_cache_does_not_stop_recognition(recognizer: Recognizer, tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    cache = NerCache(blocker / "ner")
    found = recognize_corpus([_article("Vladimir Putin visited Moscow.")], None,
                             cache=cache, recognizer=recognizer)
    assert [m.text for m in found["t"]] == ["Vladimir Putin", "Moscow"]
    assert cache.writes == 0


def test_works_from_a_thread_like_a_textual_worker(tmp_path: Path):
    """The reader calls it from ``@work(thread=True)``: the process starts from there."""
    outcome: dict[str, object] = {}

    def work() -> None:
        try:
            outcome["found"] = recognize_corpus(
                [_article("Angela Merkel spoke in Berlin.")], None,
                on_progress=lambda *p: outcome.setdefault("progress", []).append(p),
                cache=NerCache(tmp_path / "c"))
        except Exception as error:  # report it to the test thread
            outcome["error"] = error

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(timeout=60)
    assert "error" not in outcome
    assert [(m.text, m.type) for m in outcome["found"]["t"]] == [  # type: ignore[index]
        ("Angela Merkel", "PERSON"), ("Berlin", "GPE"),
    ]
    assert outcome["progress"] == [(0, 1), (1, 1)]


def test_cancel_stops_and_raises(recognizer: Recognizer, tmp_path: Path):
    progress: list[tuple[int, int]] = []
    with pytest.raises(RecognitionCancelled):
        recognize_corpus([_article("Angela Merkel spoke in Berlin.")], None,
                         on_progress=lambda *p: progress.append(p),
                         cache=NerCache(tmp_path / "c"), cancelled=lambda: True,
                         recognizer=recognizer)
    assert progress == [(0, 1)]


def test_cancel_ends_its_own_process_at_once(tmp_path: Path):
    before = set(multiprocessing.active_children())  # the module's shared recognizer
    spawned: list[multiprocessing.process.BaseProcess] = []

    def on_progress(done: int, total: int) -> None:  # (0, 1) comes once the task is queued
        spawned.extend(set(multiprocessing.active_children()) - before)

    began = time.monotonic()
    with pytest.raises(RecognitionCancelled):
        recognize_corpus([_article("Angela Merkel spoke in Berlin.")], None,
                         on_progress=on_progress, cache=NerCache(tmp_path / "c"),
                         cancelled=lambda: True)
    assert len(spawned) == 1
    assert time.monotonic() - began < 5  # the cancel did not wait for the model to load
    # The pool's own thread reaps the process too: a join that loses that race sees no
    # exit code yet (it failed once in CI), so wait for the code the pool records.
    deadline = time.monotonic() + 30  # a loaded machine may take a moment to reap it
    while spawned[0].exitcode is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert spawned[0].exitcode == -signal.SIGTERM  # killed, not left to load the model


def test_model_that_fails_to_load_is_a_clear_error():
    broken = ner_module.ModelInfo("no_such_model_package_xyz", "0", "3.8")
    with Recognizer(model=broken) as recognizer, pytest.raises(
        NerError, match="cannot load the spaCy model no_such_model_package_xyz"
    ):
        recognizer.start()


def test_missing_model_is_a_clear_error():
    with pytest.raises(NerError, match="no English spaCy model"):
        ner_module.find_model(("no_such_model_package_xyz",))
