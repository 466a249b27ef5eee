"""Well-known political figures shipped with dateline (`data/leaders.tsv`): whose country a person is
when the text names them without it ("President Abdelaziz Bouteflika said ...").

Event coders ship such actor dictionaries (PETRARCH's country-actor files); this one is written for the
project: heads of state and government, ministers, heads of international organisations, and well-known
opposition, rebel and religious leaders since 1975. It is read only by full name or a listed spelling,
never by surname alone ("Bush", "Kim" name too many people), and only where the text itself gives no
country: what an article says of a person always wins.
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


def find_figure(name: str) -> Figure | None:
    """The well-known figure called exactly `name` (a full name: two words or more), or None."""
    key = fold(name)
    if len(key.split()) < 2:
        return None
    return load_leaders().get(key)
