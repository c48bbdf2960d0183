from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from syria_reader.annotations.store.database import (
    SCHEMA_VERSION,
    AnnotationStore,
    StoreCorruptError,
    StoreWriteError,
    default_db_path,
)
from syria_reader.annotations.store.storage import AtomicJSONStorage


def test_new_store_records_its_schema(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    AnnotationStore(path)
    data = json.loads(path.read_text())
    meta = list(data["meta"].values())
    assert meta == [{"app": "syria-reader", "schema_version": SCHEMA_VERSION}]


def test_default_path_is_per_corpus_in_the_user_data_folder(user_dirs: Path) -> None:
    first = default_db_path(Path("/corpora/one"))
    second = default_db_path(Path("/corpora/two"))
    assert first != second
    assert first.is_relative_to(user_dirs / "data" / "syria-reader")


def test_writes_survive_a_reopen(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    store = AnnotationStore(path)
    with store.transaction() as db:
        db.table("annotations").insert({"id": "a1", "quote": "2,000 troops"})
    again = AnnotationStore(path)
    assert [doc["id"] for doc in again.table("annotations").all()] == ["a1"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"meta": {"1": {"app": "syria-rea', "corrupt or truncated"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b'[1, 2, 3]', "not TinyDB tables"),
        (b'{"_default": {"1": {"name": "x"}}}', "no meta record"),
    ],
)
def test_corrupt_or_foreign_files_are_refused_and_left_alone(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "db.json"
    path.write_bytes(content)
    with pytest.raises(StoreCorruptError, match=message) as error:
        AnnotationStore(path)
    assert str(path) in str(error.value)
    assert path.read_bytes() == content


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    newer = {"meta": {"1": {"app": "syria-reader", "schema_version": SCHEMA_VERSION + 1}}}
    path.write_text(json.dumps(newer))
    with pytest.raises(StoreCorruptError, match="newer syria-reader"):
        AnnotationStore(path)
    assert json.loads(path.read_text()) == newer


def test_failed_write_keeps_the_old_file_and_memory_in_step(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "db.json"
    store = AnnotationStore(path)
    with store.transaction() as db:
        db.table("annotations").insert({"id": "kept"})
    before = path.read_bytes()

    def disk_full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(StoreWriteError, match="No space left on device"), store.transaction() as db:
        db.table("annotations").insert({"id": "lost"})
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert [d["id"] for d in store.table("annotations").all()] == ["kept"]
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".tmp"]


def test_read_only_folder_is_a_clear_write_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = AnnotationStore(tmp_path / "db.json")

    def read_only(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("tempfile.mkstemp", read_only)
    with pytest.raises(StoreWriteError, match="Permission denied"), store.transaction() as db:
        db.table("annotations").insert({"id": "x"})


def test_storage_reloads_only_when_the_file_changed(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    AnnotationStore(path)
    storage = AtomicJSONStorage(path)
    loads = storage.reloads
    for _ in range(3):
        storage.read()
    assert storage.reloads == loads
    other = AnnotationStore(path)
    with other.transaction() as db:
        db.table("links").insert({"id": "l1"})
    assert storage.read()["links"]
    assert storage.reloads == loads + 1


WRITER = """
import sys
from syria_reader.annotations.store.database import AnnotationStore
store = AnnotationStore(sys.argv[1])
for n in range(int(sys.argv[3])):
    with store.transaction() as db:
        db.table("annotations").insert({"id": f"{sys.argv[2]}-{n}"})
"""


def test_two_processes_never_lose_each_others_writes(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    AnnotationStore(path)
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), name, "40"])
        for name in ("left", "right")
    ]
    assert [w.wait(timeout=120) for w in writers] == [0, 0]
    ids = {doc["id"] for doc in AnnotationStore(path).table("annotations").all()}
    assert ids == {f"{name}-{n}" for name in ("left", "right") for n in range(40)}


def test_schema_1_is_migrated_with_a_backup(tmp_path: Path) -> None:
    from syria_reader.annotations.store.book import AnnotationBook

    path = tmp_path / "db.json"
    claim = {
        "id": "0b7d5c1e-0000-4000-8000-000000000001", "kind": "claim",
        "article_id": "002_802f6b2f44435b78", "article_sha256": "x", "start": 0, "end": 3,
        "quote": "The", "prefix": "", "suffix": " Pentagon", "label": "figure", "note": "",
        "author": "ana", "created": "2026-01-01T00:00:00+00:00",
        "modified": "2026-01-01T00:00:00+00:00", "orphaned": False,
    }
    version_1 = {  # as schema 1 wrote it: TinyDB's sequential document ids
        "meta": {"1": {"app": "syria-reader", "schema_version": 1}},
        "annotations": {"1": claim},
        "history": {"1": {"seq": 7, "table": "annotations", "before": None, "after": claim,
                          "undone": False}},
    }
    path.write_text(json.dumps(version_1))
    store = AnnotationStore(path)
    assert store.migrated_from == 1
    backup = tmp_path / "db.json.schema1.bak"
    assert json.loads(backup.read_text()) == version_1
    data = json.loads(path.read_text())
    assert data["meta"]["1"]["schema_version"] == SCHEMA_VERSION
    book = AnnotationBook(store)
    assert book.annotation(claim["id"]).label == "figure"
    assert book.undo() is not None
    assert book.annotations() == []


KILLED_WRITER = """
import sys
from syria_reader.annotations.store.database import AnnotationStore
store = AnnotationStore(sys.argv[1])
start = int(sys.argv[2])
for n in range(start, start + 100000):
    with store.transaction() as db:
        db.table("annotations").insert({"id": f"w-{n}", "quote": "x" * 200})
    print(n, flush=True)
"""


def test_kill_9_at_random_moments_never_tears_the_file(tmp_path: Path) -> None:
    import random
    import signal
    import time

    path = tmp_path / "db.json"
    store = AnnotationStore(path)
    with store.transaction() as db:  # a file big enough that a rewrite takes a while
        db.table("annotations").insert_multiple(
            {"id": f"seed-{n}", "quote": "y" * 200} for n in range(3000)
        )
    rng = random.Random(20261123)
    completed: set[str] = set()
    next_id = 0
    for _ in range(30):
        writer = subprocess.Popen(
            [sys.executable, "-c", KILLED_WRITER, str(path), str(next_id)],
            stdout=subprocess.PIPE, text=True,
        )
        time.sleep(0.35 + rng.random() * 0.4)
        writer.send_signal(signal.SIGKILL)
        output, _ = writer.communicate(timeout=30)
        done = [int(line) for line in output.split()]
        completed |= {f"w-{n}" for n in done}
        next_id = (max(done) + 1) if done else next_id + 1000
        data = json.loads(path.read_bytes())  # never torn: always valid JSON
        ids = {doc["id"] for doc in data["annotations"].values()}
        assert completed <= ids, "a completed write was lost"
        assert len([i for i in ids if i.startswith("seed-")]) == 3000
    assert len(completed) > 30  # the writers did get work done between the kills
    AnnotationStore(path)  # opening sweeps the temp files that killed writers left
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
