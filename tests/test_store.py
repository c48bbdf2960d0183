from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from annotations.storage import AtomicJSONStorage
from annotations.store import (
    SCHEMA_VERSION,
    AnnotationStore,
    StoreCorruptError,
    StoreWriteError,
    default_db_path,
)


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
from annotations.store import AnnotationStore
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
