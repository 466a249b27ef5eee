"""Calendar arithmetic for TIMEX3 values: a point at a granularity, shifted and written out.

A `Point` is a day plus the granularity the expression has (a year, a quarter, a week …):
"last month" seen from 2025-02-26 is Point(2025-01-26, "month"), written "2025-01". Shifting
keeps the granularity, so "a year earlier" than the third quarter of 1989 is 1988-Q3.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta

# Granularities, coarse to fine, and the TIMEX3 duration letter of each unit.
UNIT_LETTER = {"century": "CE", "decade": "DE", "year": "Y", "half": "H", "quarter": "Q", "season": "S",
               "month": "M", "week": "W", "weekend": "WE", "day": "D", "hour": "H", "minute": "M", "second": "S"}
SEASONS = ("WI", "SP", "SU", "FA")  # winter opens the year: December belongs to the next year's winter
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "midday": "MI",
                "daytime": "DT"}


@dataclass(frozen=True)
class Point:
    day: date
    granularity: str  # century, decade, year, half, quarter, season, month, week, weekend, day
    part_of_day: str | None = None  # MO, AF, EV, NI: "this morning"
    clock: tuple[int, int] | None = None  # hh, mm: "10 p.m. Wednesday"

    def value(self) -> str:
        return point_value(self)


def as_date(when: date | datetime) -> date:
    return when.date() if isinstance(when, datetime) else when


def add_months(day: date, months: int) -> date:
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    year = min(max(year, 1), 9999)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


# Units a date moves by whole months.
_MONTHS_PER_UNIT = {"month": 1, "quarter": 3, "season": 3, "half": 6, "year": 12, "decade": 120, "century": 1200}


def shift(point: Point, n: int, unit: str | None = None) -> Point:
    """`point` moved by n units (the point's own granularity when no unit is given)."""
    unit = unit or point.granularity
    day = point.day
    try:
        if unit == "day":
            day = day + timedelta(days=n)
        elif unit in ("week", "weekend"):
            day = day + timedelta(weeks=n)
        elif unit in _MONTHS_PER_UNIT:
            day = add_months(day, _MONTHS_PER_UNIT[unit] * n)
    except (OverflowError, ValueError):
        return point
    return Point(day, point.granularity, point.part_of_day, point.clock)


def season_of(day: date) -> tuple[int, str]:
    """(year, season code); December is the next year's winter, as TimeML writes it."""
    if day.month == 12:
        return day.year + 1, "WI"
    return day.year, SEASONS[day.month // 3]


def season_start(year: int, code: str) -> date:
    return {"WI": date(year, 1, 15), "SP": date(year, 4, 15), "SU": date(year, 7, 15), "FA": date(year, 10, 15)}[code]


def point_value(p: Point) -> str:
    d, g = p.day, p.granularity
    if g == "century":
        return f"{d.year // 100:02d}"
    if g == "decade":
        return f"{d.year // 10:03d}"  # TimeML writes the 1990s as 199
    if g == "year":
        return f"{d.year:04d}"
    if g == "half":
        return f"{d.year:04d}-H{1 + (d.month - 1) // 6}"
    if g == "quarter":
        return f"{d.year:04d}-Q{1 + (d.month - 1) // 3}"
    if g == "season":
        year, code = season_of(d)
        return f"{year:04d}-{code}"
    if g == "month":
        return f"{d.year:04d}-{d.month:02d}"
    if g in ("week", "weekend"):
        iso_year, week, _ = d.isocalendar()
        return f"{iso_year:04d}-W{week:02d}" + ("-WE" if g == "weekend" else "")
    out = d.isoformat()
    if p.clock is not None:
        return out + f"T{p.clock[0]:02d}:{p.clock[1]:02d}"
    if p.part_of_day:
        return out + "T" + p.part_of_day
    return out


def weekday_near(anchor: date, weekday: int, direction: int, strict: bool = False) -> date:
    """The `weekday` (0 = Monday) on or before `anchor` (direction -1), on or after it (+1), or the
    nearest either way (0). `strict` leaves the anchor's own day out ("last Wednesday")."""
    back = (anchor.weekday() - weekday) % 7
    ahead = (weekday - anchor.weekday()) % 7
    if strict:
        back, ahead = back or 7, ahead or 7
    if direction < 0:
        return anchor - timedelta(days=back)
    if direction > 0:
        return anchor + timedelta(days=ahead)
    return anchor - timedelta(days=back) if back <= ahead else anchor + timedelta(days=ahead)


def year_for(anchor: date, month: int, day: int | None, direction: int) -> int:
    """The year of a date written without one ("February 18", "in March"), seen from `anchor`.

    The anchor's year, unless the clause says otherwise: in a past clause a date more than two
    months ahead is last year's, in a future clause one more than two months back is next
    year's. With no tense cue news mostly looks back: a date more than three months ahead is
    last year's, one more than eight months back next year's ("payable Jan. 2" in November).
    """
    try:
        here = date(anchor.year, month, day or 15)
    except ValueError:
        here = date(anchor.year, month, 28)
    gap = (here - anchor).days
    if direction < 0:
        return anchor.year - 1 if gap > 60 else anchor.year
    if direction > 0:
        return anchor.year + 1 if gap < -60 else anchor.year
    if gap > 90:
        return anchor.year - 1
    if gap < -240:
        return anchor.year + 1
    return anchor.year


def duration_value(amount: float | None, unit: str) -> str:
    """P3Y, P2W, PT4H, P1DE; PXY when the amount is vague ("several years")."""
    if unit == "weekend":
        unit = "week"
    letter = UNIT_LETTER[unit]
    timed = unit in ("hour", "minute", "second")
    if amount is None:
        number = "X"
    elif amount == int(amount):
        number = str(int(amount))
    elif timed or unit == "day":
        # half days and hours go down a unit: "a day and a half" is P36H
        return duration_value(amount * (24 if unit == "day" else 60), {"day": "hour", "hour": "minute",
                                                                        "minute": "second"}.get(unit, unit))
    else:
        number = f"{amount:g}"
    return ("PT" if timed else "P") + number + letter
