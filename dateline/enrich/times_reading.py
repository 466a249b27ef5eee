"""What reading a time expression gives, and the helpers every reader shares.

A `Reading` is the TIMEX3 part of a TimeExpr (type, value, granularity, anchor, rule, mod) plus
the point in time it names, for the expressions after it that count from it ("a year earlier").
The `Context` is the text, its publication date and language, and the last point named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .times_calendar import Point
from .times_words import month_table


@dataclass
class Reading:
    type: str
    value: str | None
    granularity: str
    anchor: str
    rule: str
    mod: str | None = None
    point: Point | None = None  # for the expressions after it that count from it


@dataclass
class Context:
    text: str
    published: date | None
    lang: str
    previous: Point | None = None  # the last point in time the text named
    period: Point | None = None  # the last reported quarter or half year it named (see reporting_period)

    def remember(self, point: Point) -> None:
        """`point` was just named: later expressions may count from it."""
        self.previous = point
        if (point.granularity in ("quarter", "half") and self.published is not None
                and 0 <= (self.published - point.day).days < 300):
            self.period = point


PUB, PREV, ABS, NONE, UNRES = "publication date", "previous time expression", "absolute", "none", "unresolved"
MODS = {"early": "START", "the beginning of": "START", "the start of": "START", "late": "END", "the end of": "END",
        "the close of": "END", "mid": "MID", "the middle of": "MID", "the rest of": "END", "the remainder of": "END",
        "the turn of": "START", "the first half of": "START", "the second half of": "END"}
APPROX_MODS = {"about": "APPROX", "around": "APPROX", "approximately": "APPROX", "nearly": "LESS_THAN",
               "almost": "LESS_THAN", "roughly": "APPROX", "more than": "MORE_THAN", "over": "MORE_THAN",
               "less than": "LESS_THAN", "under": "LESS_THAN", "at least": "EQUAL_OR_MORE",
               "at most": "EQUAL_OR_LESS", "no more than": "EQUAL_OR_LESS", "up to": "EQUAL_OR_LESS",
               "just over": "MORE_THAN", "just under": "LESS_THAN", "some": "APPROX"}


def reporting_period(ctx: Context) -> Point | None:
    """The quarter or half year the text reports on: the last one it named that ended before
    publication, within the year. "A year ago" in such a text means that period a year before
    ("third-quarter net … from $3 million a year ago" is last year's third quarter), as TimeML
    reads financial news."""
    return ctx.period


COMPARED = re.compile(r"\b(?:from|with|than|versus|vs\.?|against)\s+(?:[^\s.;]+\s+){0,6}$", re.I)


def group(m: re.Match[str], name: str) -> str | None:
    return m.groupdict().get(name)


def lowered(m: re.Match[str], name: str) -> str:
    return re.sub(r"\s+", " ", (group(m, name) or "").lower())


def modifier(m: re.Match[str]) -> str | None:
    word = lowered(m, "mod")
    if word in ("earlier", "later"):
        return None
    return MODS.get(word) or (APPROX_MODS.get(lowered(m, "approx")) if group(m, "approx") else None)


def point_reading(p: Point, rule: str, ctx: Context, m: re.Match[str], anchor: str = PUB, type_: str = "DATE") -> Reading:
    if p.clock is not None or p.part_of_day:
        type_ = "TIME"
    gran = "time" if p.clock else "part of day" if p.part_of_day else p.granularity
    return Reading(type_, p.value(), gran, anchor, rule, modifier(m), p)


def unresolved(rule: str, granularity: str, m: re.Match[str], value: str | None = None, type_: str = "DATE") -> Reading:
    return Reading(type_, value, granularity, UNRES, rule, modifier(m))


def full_year(text: str) -> int:
    y = int(text)
    return y + (1900 if y >= 50 else 2000) if len(text) == 2 else y


def month_number(word: str, lang: str) -> int | None:
    table = month_table(lang)
    w = word.lower().rstrip(".")
    return table.get(w) or (month_table("en").get(w) if lang != "en" else None)


def tense_name(way: int) -> str:
    return {-1: ", past clause", 1: ", future clause", 0: ", nearest"}[way]


