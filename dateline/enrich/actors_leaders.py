"""Well-known political figures shipped with dateline (`data/leaders.tsv`): whose country a person is
when the text names them without it ("President Abdelaziz Bouteflika said ...").

Event coders ship such actor dictionaries (PETRARCH's country-actor files); this one is written for the
project: heads of state and government, ministers, heads of international organisations, and well-known
opposition, rebel and religious leaders since 1975. It is read by full name or a listed spelling, never
by surname alone ("Bush", "Kim" name too many people); a surname under a title ("President Reagan") finds
the figure of that surname who held that role, and nobody when two such figures acted for different
countries. It is read only where the text itself gives no country: what an article says of a person
always wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .countries import fold, table_rows

DATA = Path(__file__).parent / "data" / "leaders.tsv"


@dataclass(frozen=True)
class Figure:
    """One row of the table: a person, the country (or organisation) they act for, their sector and role."""

    name: str
    country: str
    sector: str
    role: str
    start: int | None
    end: int | None


def read_leaders(path: Path = DATA) -> dict[str, Figure]:
    """Folded name and every listed spelling -> figure; the first row wins a clash. A missing file is an
    empty table."""
    if not path.exists():
        return {}
    figures: dict[str, Figure] = {}
    for cells in table_rows(path, 7):
        name, aliases, country, sector, role, start, end = (c.strip() for c in cells)
        if not name or not country:
            continue
        figure = Figure(name, country.upper(), sector.upper(), role.lower(), _year(start), _year(end))
        for spelling in (name, *aliases.split("|")):
            if spelling.strip():
                figures.setdefault(fold(spelling.strip()), figure)
    return figures


def _year(cell: str) -> int | None:
    return int(cell) if cell.isdigit() else None


@cache
def load_leaders() -> dict[str, Figure]:
    """The bundled table, read once per process."""
    return read_leaders()


def by_surname_and_role(table: dict[str, Figure]) -> dict[tuple[str, str], list[Figure]]:
    """(folded surname, role) -> the distinct figures of a table with that surname who held that role."""
    held: dict[tuple[str, str], list[Figure]] = {}
    for key, figure in table.items():
        words = key.split()
        if len(words) < 2:
            continue
        figures = held.setdefault((words[-1], figure.role), [])
        if figure not in figures:
            figures.append(figure)
    return held


@cache
def titled_index() -> dict[tuple[str, str], list[Figure]]:
    """The bundled table by surname and role, made once per process."""
    return by_surname_and_role(load_leaders())


def find_titled(name: str, role: str) -> Figure | None:
    """The well-known figure a title and a surname name ("President Reagan": name "Reagan", role
    "president"): the only figure in the table with that surname who held that role, or the first of
    several who all acted for the same country in the same sector ("President Bush"); else None."""
    key = fold(name)
    if len(key.split()) != 1 or not role:
        return None
    figures = titled_index().get((key, role.lower()), [])
    if not figures or len({(f.country, f.sector) for f in figures}) > 1:
        return None
    return figures[0]


def find_figure(name: str) -> Figure | None:
    """The well-known figure called exactly `name` (a full name: two words or more), or None."""
    key = fold(name)
    if len(key.split()) < 2:
        return None
    return load_leaders().get(key)
