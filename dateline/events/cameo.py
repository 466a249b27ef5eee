"""The CAMEO 1.1b3 event codes: name, Goldstein score and quad class of every 2-, 3- and 4-digit code.

Read once from data/cameo.tsv (its header names the sources: GDELT's CAMEO.goldsteinscale.txt and
the CAMEO manual). Codes are strings ("043", "0211"): their leading zero is part of the code. A code
the table lacks falls back to its parent, so a coder's finer or newer code still gets a score.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "cameo.tsv"

VERBAL_COOPERATION, MATERIAL_COOPERATION, VERBAL_CONFLICT, MATERIAL_CONFLICT = 1, 2, 3, 4


@dataclass(frozen=True)
class CameoCode:
    code: str  # "043"
    name: str  # "Host a visit"
    goldstein: float  # -10 (most conflictual) ... +10 (most cooperative)
    quad_class: int  # 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict
    root: str  # the 2-digit cue category: "04"


def quad_class_of_root(root: str) -> int:
    """GDELT's rule: roots 01-05 verbal cooperation, 06-08 material, 09-13 verbal conflict, 14-20 material."""
    number = int(root)
    if number <= 5:
        return VERBAL_COOPERATION
    if number <= 8:
        return MATERIAL_COOPERATION
    if number <= 13:
        return VERBAL_CONFLICT
    return MATERIAL_CONFLICT


def _read(path: Path) -> dict[str, CameoCode]:
    codes: dict[str, CameoCode] = {}
    lines = (line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#"))
    next(lines)  # the column names
    for line in lines:
        code, goldstein, quad, name = line.split("\t")
        codes[code] = CameoCode(code, name, float(goldstein), int(quad), code[:2])
    return codes


@cache
def cameo_codes() -> dict[str, CameoCode]:
    """Every code in the table, by code."""
    return _read(DATA)


def cameo_code(code: str) -> CameoCode | None:
    """The entry for a code; a code the table lacks ("0435") gets its 3-digit parent's, then its root's.

    None for what is not a CAMEO code at all (not 2 to 4 digits, or an unknown root).
    """
    code = code.strip()
    if not (2 <= len(code) <= 4 and code.isascii() and code.isdigit()):
        return None
    table = cameo_codes()
    for length in range(len(code), 1, -1):
        entry = table.get(code[:length])
        if entry is not None:
            return entry
    return None


def quad_class(code: str) -> int | None:
    entry = cameo_code(code)
    return entry.quad_class if entry else None


def goldstein(code: str) -> float | None:
    entry = cameo_code(code)
    return entry.goldstein if entry else None
