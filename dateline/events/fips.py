"""ISO 3166 alpha-3 to FIPS 10-4 country codes, for the GDELT export (GDELT's Geo columns are FIPS).

Read once from data/fips.tsv (GeoNames' country table; its header says more).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "fips.tsv"


@cache
def _fips_by_iso3() -> dict[str, str]:
    table: dict[str, str] = {}
    lines = (line for line in DATA.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#"))
    next(lines)  # the column names
    for line in lines:
        iso3, fips, _name = line.split("\t")
        table[iso3] = fips
    return table


def fips_of(iso3: str) -> str | None:
    """The FIPS 10-4 code of a country ("DEU" -> "GM", "GBR" -> "UK"); None for organisations and unknown codes."""
    return _fips_by_iso3().get(iso3.strip().upper())
