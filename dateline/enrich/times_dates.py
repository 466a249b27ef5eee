"""Readers of calendar dates: written out in full, or missing the year, or named by their part of
the year (quarters, halves, seasons) or by a larger unit (years, decades, centuries).

A date without its year takes the publication date's, moved by the tense of its clause
(times_calendar.year_for); a quarter or period beside a reported quarter counts from it.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from .times_calendar import Point, season_start, shift, year_for
from .times_reading import (
    ABS,
    MODS,
    PREV,
    PUB,
    Context,
    Reading,
    full_year,
    group,
    lowered,
    month_number,
    point_reading,
    reporting_period,
    tense_name,
    unresolved,
)
from .times_tense import direction
from .times_words import DAY_WORDS, ORDINALS, SEASON_WORDS, amount


def read_iso(m: re.Match[str], ctx: Context) -> Reading | None:
    try:
        day = date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None
    clock = (int(m["hh"]), int(m["mm"])) if group(m, "hh") else None
    return point_reading(Point(day, "day", clock=clock), "ISO date", ctx, m, ABS)


def _numeric(m: re.Match[str], ctx: Context, month_first: bool) -> Reading | None:
    a, b, y = int(m["a"]), int(m["b"]), full_year(m["y"])
    mo, d = (a, b) if month_first else (b, a)
    if mo > 12 and d <= 12:
        mo, d = d, mo
    try:
        return point_reading(Point(date(y, mo, d), "day"), "numeric date", ctx, m, ABS)
    except ValueError:
        return None


def read_numeric(m: re.Match[str], ctx: Context) -> Reading | None:
    return _numeric(m, ctx, month_first=True)


def read_numeric_dmy(m: re.Match[str], ctx: Context) -> Reading | None:
    return _numeric(m, ctx, month_first=False)


def _day_of_month(m: re.Match[str], ctx: Context, rule: str) -> Reading | None:
    month = month_number(m["mon"], ctx.lang)
    day = int(m["d"]) if group(m, "d") else DAY_WORDS.get(lowered(m, "dword"), 0)
    if month is None or not 1 <= day <= 31:
        return None
    if group(m, "y"):
        try:
            return point_reading(Point(date(int(m["y"]), month, day), "day"), rule, ctx, m, ABS)
        except ValueError:
            return None
    if m["mon"].lower() == "may" and not m["mon"][0].isupper():
        return None
    if ctx.published is None:
        return unresolved(rule + ", no year", "day", m, f"XXXX-{month:02d}-{day:02d}")
    way = direction(ctx.text, m.start(), m.end(), ctx.lang)
    year = year_for(ctx.published, month, day, way)
    try:
        return point_reading(Point(date(year, month, day), "day"), rule + tense_name(way), ctx, m)
    except ValueError:
        return None


def read_month_day(m: re.Match[str], ctx: Context) -> Reading | None:
    return _day_of_month(m, ctx, "month and day")


def read_day_month(m: re.Match[str], ctx: Context) -> Reading | None:
    return _day_of_month(m, ctx, "day and month")


def read_month_year(m: re.Match[str], ctx: Context) -> Reading | None:
    month = month_number(m["mon"], ctx.lang)
    year = year_number(m["y"])
    if month is None or year is None:
        return None
    return point_reading(Point(date(year, month, 1), "month"), "month and year", ctx, m, ABS)


_MAY_CONTEXT = re.compile(r"(?:in|of|since|until|till|by|during|through|from|to|before|after|early|late|mid|last|"
                          r"this|next|until|between|and|or|,)[\s-]*$", re.I)


_PREPOSITION_BEFORE = re.compile(r"\b(?:in|of|since|until|till|by|during|through|from|to|before|after|early|late|"
                                 r"mid|last|this|next|between)[\s-]*$", re.I)


def read_month(m: re.Match[str], ctx: Context) -> Reading | None:
    word = m["mon"]
    if not word[0].isupper():
        return None  # "may", "march": a verb or a noun unless capitalised
    before = ctx.text[max(0, m.start() - 12):m.start()]
    led = bool(group(m, "rel") or group(m, "mod") or _PREPOSITION_BEFORE.search(before))
    if not led and (word.lower() == "may" and not _MAY_CONTEXT.search(before)
                    or re.match(r"\s+[A-Z][a-z]", ctx.text[m.end():m.end() + 3])):
        return None  # "May I", "June Carter", "April Ryan": a verb or a name
    month = month_number(word, ctx.lang)
    if month is None:
        return None
    if ctx.published is None:
        return unresolved("month name", "month", m, f"XXXX-{month:02d}")
    rel = lowered(m, "rel")
    pub = ctx.published
    if group(m, "yrel"):
        year = pub.year + {"last": -1, "next": 1}.get(lowered(m, "yrel"), 0)
        return point_reading(Point(date(year, month, 1), "month"), f"month + {lowered(m, 'yrel')} year", ctx, m)
    if rel in ("last", "past", "this past"):
        year = pub.year if month < pub.month else pub.year - 1
        rule = "last + month"
    elif rel in ("next", "coming", "this coming"):
        year = pub.year if month > pub.month else pub.year + 1
        rule = "next + month"
    elif rel == "this":
        year, rule = pub.year, "this + month"
    else:
        way = direction(ctx.text, m.start(), m.end(), ctx.lang)
        year = year_for(pub, month, None, way)
        rule = "month name" + tense_name(way)
    return point_reading(Point(date(year, month, 1), "month"), rule, ctx, m)


def read_year(m: re.Match[str], ctx: Context) -> Reading | None:
    y = int(m["y"])
    before = ctx.text[max(0, m.start() - 2):m.start()]
    if re.search(r"[#№]\s?$|No\.\s?$", before):
        return None
    if not (group(m, "fiscal") or group(m, "fy") or group(m, "mod")) and not 1800 <= y <= 2100:
        return None
    return point_reading(Point(date(y, 1, 1), "year"), "fiscal year" if group(m, "fiscal") or group(m, "fy") else "year",
                  ctx, m, ABS)


_DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
                 "eighties": 8, "nineties": 9}


def read_decade(m: re.Match[str], ctx: Context) -> Reading | None:
    if group(m, "dc"):
        y = int(m["dc"])
    else:
        tens = int(m["ds"]) // 10 if group(m, "ds") else _DECADE_WORDS[m["dw"].lower()]
        base = ctx.published.year // 100 * 100 if ctx.published else 1900
        y = base + 10 * tens
        if ctx.published and y > ctx.published.year:
            y -= 100
    return point_reading(Point(date(y, 1, 1), "decade"), "decade", ctx, m, ABS)


def _quarter_of(day: date) -> int:
    return 1 + (day.month - 1) // 3


def read_quarter(m: re.Match[str], ctx: Context) -> Reading | None:
    the, rel, word = lowered(m, "the"), lowered(m, "qrel"), m["qw"].lower()
    n_word = lowered(m, "qn")
    year_text = group(m, "qy1") or group(m, "qy2")
    if not (the or rel or n_word or year_text):
        return None  # "a quarter of the shares"
    if m[0].lower().endswith("ly"):
        return None
    pub = ctx.published
    if group(m, "qyrel") and n_word and pub is not None:
        year = pub.year + {"last": -1, "next": 1}.get(lowered(m, "qyrel"), 0)
        n = ORDINALS.get(n_word)
        if n is None:
            return None
        return point_reading(Point(date(year, 3 * n - 2, 1), "quarter"), "year's quarter", ctx, m)
    if word == "period":
        # "the latest period", "the 1988 period": the quarter the report is about
        period = reporting_period(ctx)
        if period is None or n_word:
            return None
        if year_text:
            return point_reading(Point(date(int(year_text), period.day.month, 1), "quarter"), "the year's period", ctx, m,
                          PREV)
        if rel in ("year-earlier", "year-ago", "comparable", "prior"):
            return point_reading(shift(period, -1, "year"), "year-earlier period", ctx, m, PREV)
        if rel in ("latest", "same", "current", "recent") or the == "the" and not rel:
            return point_reading(period, "the latest period", ctx, m, PREV)
        return None
    if year_text and not n_word:
        period = reporting_period(ctx)
        if period is None:
            return None
        return point_reading(Point(date(int(year_text), period.day.month, 1), "quarter"), "the year's quarter", ctx, m, PREV)
    n = ORDINALS.get(n_word) if n_word else None
    if n_word.startswith("q"):
        n = int(n_word[1])
    if year_text:
        if n is None:
            return None
        return point_reading(Point(date(int(year_text), 3 * n - 2, 1), "quarter"), "quarter and year", ctx, m, ABS)
    if rel in ("year-earlier", "year-ago", "comparable"):
        base = reporting_period(ctx)
        if base is not None:
            return point_reading(shift(base, -1, "year"), "year-earlier quarter", ctx, m, PREV)
        if pub is None:
            return unresolved("year-earlier quarter", "quarter", m)
        return point_reading(shift(Point(pub, "quarter"), -5 if n is None else -1, "quarter"), "year-earlier quarter", ctx, m)
    if pub is None:
        return unresolved("quarter", "quarter", m, f"XXXX-Q{n}" if n else None)
    current = _quarter_of(pub)
    if n is not None:
        year = pub.year
        if rel in ("next", "coming") or the == "next":
            year += n <= current
        elif the == "last" or rel in ("last", "past", "previous", "prior"):
            year -= n >= current
        elif n > current and direction(ctx.text, m.start(), m.end(), ctx.lang) < 0:
            year -= 1
        return point_reading(Point(date(year, 3 * n - 2, 1), "quarter"), "ordinal quarter", ctx, m)
    if rel in ("next", "coming") or the == "next":
        return point_reading(shift(Point(pub, "quarter"), 1), "next quarter", ctx, m)
    if rel in ("current",) or the == "this":
        return point_reading(Point(pub, "quarter"), "this quarter", ctx, m)
    if rel == "same" and ctx.previous and ctx.previous.granularity == "quarter":
        return point_reading(ctx.previous, "the same quarter", ctx, m, PREV)
    # "the quarter", "the latest quarter", "last quarter": in news, the one whose results are out
    return point_reading(shift(Point(pub, "quarter"), -1), "latest quarter", ctx, m)


def read_quarter_code(m: re.Match[str], ctx: Context) -> Reading | None:
    n = int(m["qn"][1])
    if group(m, "qy1"):
        return point_reading(Point(date(int(m["qy1"]), 3 * n - 2, 1), "quarter"), "quarter code", ctx, m, ABS)
    if ctx.published is None:
        return unresolved("quarter code", "quarter", m, f"XXXX-Q{n}")
    return point_reading(Point(date(ctx.published.year, 3 * n - 2, 1), "quarter"), "quarter code", ctx, m)


def read_half(m: re.Match[str], ctx: Context) -> Reading | None:
    n = 1 if lowered(m, "hn") in ("first", "1st") else 2
    if group(m, "hy"):
        year = int(m["hy"])
        anchor = ABS
    elif ctx.published is None:
        return unresolved("half year", "half", m, f"XXXX-H{n}")
    else:
        year = ctx.published.year + {"last": -1, "next": 1}.get(lowered(m, "hrel"), 0)
        anchor = PUB
    return point_reading(Point(date(year, 6 * n - 5, 1), "half"), "half year", ctx, m, anchor)


def read_season(m: re.Match[str], ctx: Context) -> Reading | None:
    rel, code = lowered(m, "srel"), SEASON_WORDS[m["s"].lower()]
    year = year_number(group(m, "sy") or "")
    if year is not None:
        return point_reading(Point(season_start(year, code), "season"), "season and year", ctx, m, ABS)
    if not rel and not group(m, "mod"):
        return None  # "fall", "spring": verbs and nouns too often
    if ctx.published is None:
        return unresolved("season", "season", m, f"XXXX-{code}")
    pub = ctx.published
    this = Point(season_start(pub.year, code), "season")
    if rel == "this":
        p = this
    elif rel in ("last", "this past", "the past"):
        p = this if this.day < pub - timedelta(days=45) else shift(this, -1, "year")
    elif rel in ("next", "this coming", "the coming"):
        p = this if this.day > pub + timedelta(days=45) else shift(this, 1, "year")
    else:
        way = direction(ctx.text, m.start(), m.end(), ctx.lang)
        p = this
        if way < 0 and this.day > pub + timedelta(days=45):
            p = shift(this, -1, "year")
        elif way > 0 and this.day < pub - timedelta(days=45):
            p = shift(this, 1, "year")
    return point_reading(p, "season", ctx, m)


def year_number(text: str) -> int | None:
    """A year written in figures or spoken ("nineteen ninety-six", "two thousand and one")."""
    if text.isdigit():
        return int(text)
    words = re.split(r"[\s-]+", text.lower())
    if words[:2] == ["two", "thousand"]:
        return 2000 + int(amount(" ".join(w for w in words[2:] if w != "and")) or 0) if len(words) > 2 else 2000
    head = NUMBER_WORDS_19.get(words[0])
    rest = [w for w in words[1:] if w != "oh"]
    tail = 0 if rest == ["hundred"] else amount(" ".join(rest))
    if head is None or tail is None:
        return None
    return head * 100 + int(tail)


def read_spoken_year(m: re.Match[str], ctx: Context) -> Reading | None:
    year = year_number(m["sy"])
    if year is None:
        return None
    return point_reading(Point(date(year, 1, 1), "year"), "spoken year", ctx, m, ABS)


NUMBER_WORDS_19 = {"nineteen": 19, "eighteen": 18}


def read_century(m: re.Match[str], ctx: Context) -> Reading | None:
    n = int(m["c"])
    return Reading("DATE", f"{n - 1:02d}", "century", ABS, "century",
                   MODS.get(lowered(m, "mod2")) if group(m, "mod2") else None)


def read_year_end(m: re.Match[str], ctx: Context) -> Reading | None:
    if ctx.published is None:
        return unresolved("year end", "year", m)
    return Reading("DATE", f"{ctx.published.year:04d}", "year", PUB, "year end", "END")


