"""The country table: states and international organisations by name, demonym, capital and seat.

Read once from data/countries.tsv (written for dateline; its header names the sources). A name is
looked up as the words a text spells it with, case-folded and without accents; acronyms ("US", "UN",
"WHO", "EC") match only in capitals, so that "us", "who" and "un-" never name a country.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ..names import fold

DATA = Path(__file__).parent / "data" / "countries.tsv"

# How a word names its country: the country's own name, an adjective or people ("Russian"), its capital
# ("Moscow" for the Russian government), or an institution that stands for a branch ("the Pentagon").
NAME, DEMONYM, CAPITAL, SEAT = "name", "demonym", "capital", "seat"


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166 alpha-3, or the organisation's code (UNO, NATO, EU ...)
    kind: str  # state | igo | ngo
    name: str
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()
    seats: dict[str, str] = field(default_factory=dict, hash=False)  # seat name -> sector
    sector: str = ""  # an organisation's own sector, where it has one: the UN refugee agency is REF


@dataclass(frozen=True)
class CountryWord:
    """What a stretch of words names: the country, how it names it, and a sector for a seat."""

    country: Country
    how: str  # NAME | DEMONYM | CAPITAL | SEAT
    sector: str | None = None


def _is_acronym(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return len(letters) <= 5 and all(c.isupper() for c in letters)


class CountryTable:
    """Lookups into the country table. Where two entries claim a name, the first claim by rank
    wins: a state's name before an organisation's, a name before a demonym, an organisation's seat
    before a state's capital ("Brussels" stands for the EU more often than for Belgium)."""

    def __init__(self, countries: list[Country]) -> None:
        self.countries = {c.code: c for c in countries}
        self._words: dict[str, tuple[int, CountryWord, bool]] = {}
        for country in countries:
            state = country.kind == "state"
            for rank, how, names in (
                (0 if state else 1, NAME, (country.name, *country.aliases)),
                (2, DEMONYM, country.demonyms),
                (3 if not state else 4, CAPITAL, country.capitals),
            ):
                for name in names:
                    self._claim(name, rank, CountryWord(country, how))
            for seat, sector in country.seats.items():
                self._claim(seat, 3, CountryWord(country, SEAT, sector))
        # Every beginning of every name, so that a walk along the tokens stops as soon as no name can follow.
        self.prefixes = frozenset(key[:k] for key in self._words for k in range(1, len(key) + 1))

    def _claim(self, name: str, rank: int, word: CountryWord) -> None:
        key = fold(name)
        held = self._words.get(key)
        if held is None or rank < held[0]:
            self._words[key] = (rank, word, _is_acronym(name))

    def get(self, code: str | None) -> Country | None:
        return self.countries.get(code) if code else None

    def match(self, text: str) -> CountryWord | None:
        """What `text` (a whole name as written) names, or None."""
        held = self._words.get(fold(text))
        if held is None:
            return None
        _, word, acronym = held
        if acronym and any(c.islower() for c in text):
            return None
        return word

    def longest_at(self, folded: list[str], spaced: list[bool], raw: list[str], start: int,
                   stop: int) -> tuple[int, CountryWord] | None:
        """The longest name that starts at token `start` (tokens as folded words, each with whether a space
        follows it, and as written): (the token after it, what it names), or None."""
        if not raw[start][:1].isupper():  # names are written with a capital: "turkey" and "china" are not states
            return None
        key, best = "", None
        for end in range(start, stop):
            if end > start and spaced[end - 1]:
                key += " "
            key += folded[end]
            if key not in self.prefixes:
                break
            held = self._words.get(key)
            if held is not None and not (held[2] and any(c.islower() for c in "".join(raw[start:end + 1]))):
                best = (end + 1, held[1])
        return best

    def kind_of(self, code: str | None) -> str | None:
        country = self.get(code)
        return country.kind if country else None


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split("|") if part.strip())


def _seats(cell: str) -> dict[str, str]:
    seats = {}
    for part in _split(cell):
        name, _, sector = part.partition("=")
        seats[name.strip()] = sector.strip() or "GOV"
    return seats


def table_rows(path: Path, width: int) -> Iterator[list[str]]:
    """The rows of one of the data tables (tab-separated, `#` comment lines, a header line of column
    names), each as `width` cells, missing ones empty."""
    header = True
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if header:  # the column names
            header = False
            continue
        yield (line.split("\t") + [""] * width)[:width]


def read_countries(path: Path = DATA) -> list[Country]:
    countries = []
    for cells in table_rows(path, 8):
        code, kind, name, aliases, demonyms, capitals, seats, sector = cells
        countries.append(Country(code.strip(), kind.strip(), name.strip(), _split(aliases), _split(demonyms),
                                 _split(capitals), _seats(seats), sector.strip()))
    return countries


@cache
def load_countries() -> CountryTable:
    """The project's country table, read once per process."""
    return CountryTable(read_countries())
