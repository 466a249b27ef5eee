"""A date signal as the collectors find it (`Candidate`), and the ranks that order the signals.

The collectors (`dates_structured`, `dates_layout`) turn what the page says into candidates;
`dates_ranking` chooses among them. Both sides read the ranks, so they live here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass
class Candidate:
    """One date the page offers, with the signal it came from and how far that signal is trusted."""

    iso: str
    has_time: bool
    signal: str
    rank: int  # lower is stronger
    kind: str = "published"  # published | modified
    dist: int | None = None  # elements from the page's first <h1> to this date (negative: before it)


class AddDate(Protocol):
    """Parses a date value and, when it is one, keeps it as a candidate; says whether it did."""

    def __call__(self, value: object, signal: str, rank: int, kind: str = "published") -> bool: ...


# Ranks (lower = stronger).
R_JSONLD = 10
R_META_FIRST = 8
R_META = 20
R_WEAK_META = 25  # loose names ("date", "dc.date") that sites fill with the build or crawl time
R_ITEMPROP = 30
R_TIME_PUB = 32
R_JSONLD_PAGE = 35
R_URL = 40
R_SCRIPT = 45
R_TEXT_CUE = 50
R_TIME = 55
R_TEXT_NEAR = 60
R_RELATIVE = 68  # "3 hours ago" in a byline, read against the fetch time
R_TEXT_ANY = 80
R_IMAGE_URL = 85
