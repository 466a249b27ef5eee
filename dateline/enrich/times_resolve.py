"""From a matched pattern to a TIMEX3 reading: type, value, granularity, anchor, rule, mod.

One function per pattern kind (times_patterns.py). Relative expressions are read against the
publication date, those that count from what the text just said ("a year earlier", "the
following day") against the previous time expression; with no publication date they stay
unresolved (value None, or TIMEX3's underspecified form such as XXXX-WXX-4).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from .times_calendar import (
    Point,
    as_date,
    duration_value,
    season_start,
    shift,
    weekday_near,
    year_for,
)
from .times_patterns import PARTS_OF_DAY_WORDS, SEASON_WORDS
from .times_tense import direction
from .times_words import ORDINALS, REFERENCE_OF, UNITS, amount, month_table, weekday_table


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


PUB, PREV, ABS, NONE, UNRES = "publication date", "previous time expression", "absolute", "none", "unresolved"
MODS = {"early": "START", "the beginning of": "START", "the start of": "START", "late": "END", "the end of": "END",
        "the close of": "END", "mid": "MID", "the middle of": "MID", "the rest of": "END", "the remainder of": "END",
        "the turn of": "START", "the first half of": "START", "the second half of": "END"}
APPROX_MODS = {"about": "APPROX", "around": "APPROX", "approximately": "APPROX", "nearly": "LESS_THAN",
               "almost": "LESS_THAN", "roughly": "APPROX", "more than": "MORE_THAN", "over": "MORE_THAN",
               "less than": "LESS_THAN", "under": "LESS_THAN", "at least": "EQUAL_OR_MORE",
               "at most": "EQUAL_OR_LESS", "no more than": "EQUAL_OR_LESS", "up to": "EQUAL_OR_LESS",
               "just over": "MORE_THAN", "just under": "LESS_THAN", "some": "APPROX"}


def _reporting_period(ctx: Context) -> Point | None:
    """The quarter or half year the text just named, when it is the latest one before publication:
    "a year ago" beside it means that period a year before ("third-quarter net … from $3 million a
    year ago" is the third quarter of last year), as TimeML reads financial news."""
    p = ctx.previous
    if p is None or p.granularity not in ("quarter", "half") or ctx.published is None:
        return None
    return p if 0 <= (ctx.published - p.day).days < 300 else None


_COMPARED = re.compile(r"\b(?:from|with|than|versus|vs\.?|against)\s+(?:[^\s.;]+\s+){0,6}$", re.I)


def _g(m: re.Match[str], name: str) -> str | None:
    return m.groupdict().get(name)


def _low(m: re.Match[str], name: str) -> str:
    return re.sub(r"\s+", " ", (_g(m, name) or "").lower())


def _mod(m: re.Match[str]) -> str | None:
    word = _low(m, "mod")
    if word in ("earlier", "later"):
        return None
    return MODS.get(word) or (APPROX_MODS.get(_low(m, "approx")) if _g(m, "approx") else None)


def _point(p: Point, rule: str, ctx: Context, m: re.Match[str], anchor: str = PUB, type_: str = "DATE") -> Reading:
    if p.clock is not None or p.part_of_day:
        type_ = "TIME"
    gran = "time" if p.clock else "part of day" if p.part_of_day else p.granularity
    return Reading(type_, p.value(), gran, anchor, rule, _mod(m), p)


def _unresolved(rule: str, granularity: str, m: re.Match[str], value: str | None = None, type_: str = "DATE") -> Reading:
    return Reading(type_, value, granularity, UNRES, rule, _mod(m))


def _year(text: str) -> int:
    y = int(text)
    return y + (1900 if y >= 50 else 2000) if len(text) == 2 else y


def _month(word: str, lang: str) -> int | None:
    table = month_table(lang)
    w = word.lower().rstrip(".")
    return table.get(w) or (month_table("en").get(w) if lang != "en" else None)


def read_iso(m: re.Match[str], ctx: Context) -> Reading | None:
    try:
        day = date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None
    clock = (int(m["hh"]), int(m["mm"])) if _g(m, "hh") else None
    return _point(Point(day, "day", clock=clock), "ISO date", ctx, m, ABS)


def _numeric(m: re.Match[str], ctx: Context, month_first: bool) -> Reading | None:
    a, b, y = int(m["a"]), int(m["b"]), _year(m["y"])
    mo, d = (a, b) if month_first else (b, a)
    if mo > 12 and d <= 12:
        mo, d = d, mo
    try:
        return _point(Point(date(y, mo, d), "day"), "numeric date", ctx, m, ABS)
    except ValueError:
        return None


def read_numeric(m: re.Match[str], ctx: Context) -> Reading | None:
    return _numeric(m, ctx, month_first=True)


def read_numeric_dmy(m: re.Match[str], ctx: Context) -> Reading | None:
    return _numeric(m, ctx, month_first=False)


def _day_of_month(m: re.Match[str], ctx: Context, rule: str) -> Reading | None:
    month = _month(m["mon"], ctx.lang)
    day = int(m["d"])
    if month is None or not 1 <= day <= 31:
        return None
    if _g(m, "y"):
        try:
            return _point(Point(date(int(m["y"]), month, day), "day"), rule, ctx, m, ABS)
        except ValueError:
            return None
    if m["mon"].lower() == "may" and not m["mon"][0].isupper():
        return None
    if ctx.published is None:
        return _unresolved(rule + ", no year", "day", m, f"XXXX-{month:02d}-{day:02d}")
    way = direction(ctx.text, m.start(), m.end(), ctx.lang)
    year = year_for(ctx.published, month, day, way)
    try:
        return _point(Point(date(year, month, day), "day"), rule + _tense_name(way), ctx, m)
    except ValueError:
        return None


def _tense_name(way: int) -> str:
    return {-1: ", past clause", 1: ", future clause", 0: ", nearest"}[way]


def read_month_day(m: re.Match[str], ctx: Context) -> Reading | None:
    return _day_of_month(m, ctx, "month and day")


def read_day_month(m: re.Match[str], ctx: Context) -> Reading | None:
    return _day_of_month(m, ctx, "day and month")


def read_month_year(m: re.Match[str], ctx: Context) -> Reading | None:
    month = _month(m["mon"], ctx.lang)
    if month is None:
        return None
    return _point(Point(date(int(m["y"]), month, 1), "month"), "month and year", ctx, m, ABS)


_MAY_CONTEXT = re.compile(r"(?:in|of|since|until|till|by|during|through|from|to|before|after|early|late|mid|last|"
                          r"this|next|until|between|and|or|,)[\s-]*$", re.I)


def read_month(m: re.Match[str], ctx: Context) -> Reading | None:
    word = m["mon"]
    if not word[0].isupper():
        return None  # "may", "march": a verb or a noun unless capitalised
    if word.lower() == "may" and not (_g(m, "rel") or _g(m, "mod") or _MAY_CONTEXT.search(ctx.text[max(0, m.start() - 12):m.start()])):
        return None
    month = _month(word, ctx.lang)
    if month is None:
        return None
    if ctx.published is None:
        return _unresolved("month name", "month", m, f"XXXX-{month:02d}")
    rel = _low(m, "rel")
    pub = ctx.published
    if _g(m, "yrel"):
        year = pub.year + {"last": -1, "next": 1}.get(_low(m, "yrel"), 0)
        return _point(Point(date(year, month, 1), "month"), f"month + {_low(m, 'yrel')} year", ctx, m)
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
        rule = "month name" + _tense_name(way)
    return _point(Point(date(year, month, 1), "month"), rule, ctx, m)


def read_year(m: re.Match[str], ctx: Context) -> Reading | None:
    y = int(m["y"])
    before = ctx.text[max(0, m.start() - 2):m.start()]
    if re.search(r"[#№]\s?$|No\.\s?$", before):
        return None
    if not (_g(m, "fiscal") or _g(m, "fy") or _g(m, "mod")) and not 1800 <= y <= 2100:
        return None
    return _point(Point(date(y, 1, 1), "year"), "fiscal year" if _g(m, "fiscal") or _g(m, "fy") else "year",
                  ctx, m, ABS)


_DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
                 "eighties": 8, "nineties": 9}


def read_decade(m: re.Match[str], ctx: Context) -> Reading | None:
    if _g(m, "dc"):
        y = int(m["dc"])
    else:
        tens = int(m["ds"]) // 10 if _g(m, "ds") else _DECADE_WORDS[m["dw"].lower()]
        base = ctx.published.year // 100 * 100 if ctx.published else 1900
        y = base + 10 * tens
        if ctx.published and y > ctx.published.year:
            y -= 100
    return _point(Point(date(y, 1, 1), "decade"), "decade", ctx, m, ABS)


def _quarter_of(day: date) -> int:
    return 1 + (day.month - 1) // 3


def read_quarter(m: re.Match[str], ctx: Context) -> Reading | None:
    the, rel, word = _low(m, "the"), _low(m, "qrel"), m["qw"].lower()
    n_word = _low(m, "qn")
    year_text = _g(m, "qy1") or _g(m, "qy2")
    if not (the or rel or n_word or year_text):
        return None  # "a quarter of the shares"
    if m[0].lower().endswith("ly"):
        return None
    pub = ctx.published
    if _g(m, "qyrel") and n_word and pub is not None:
        year = pub.year + {"last": -1, "next": 1}.get(_low(m, "qyrel"), 0)
        n = ORDINALS.get(n_word)
        if n is None:
            return None
        return _point(Point(date(year, 3 * n - 2, 1), "quarter"), "year's quarter", ctx, m)
    if word == "period":
        # "the latest period", "the 1988 period": the quarter the report is about
        period = _reporting_period(ctx)
        if period is None or n_word:
            return None
        if year_text:
            return _point(Point(date(int(year_text), period.day.month, 1), "quarter"), "the year's period", ctx, m,
                          PREV)
        if rel in ("year-earlier", "year-ago", "comparable", "prior"):
            return _point(shift(period, -1, "year"), "year-earlier period", ctx, m, PREV)
        if rel in ("latest", "same", "current", "recent") or the == "the" and not rel:
            return _point(period, "the latest period", ctx, m, PREV)
        return None
    if year_text and not n_word:
        period = _reporting_period(ctx)
        if period is None:
            return None
        return _point(Point(date(int(year_text), period.day.month, 1), "quarter"), "the year's quarter", ctx, m, PREV)
    n = ORDINALS.get(n_word) if n_word else None
    if n_word.startswith("q"):
        n = int(n_word[1])
    if year_text:
        if n is None:
            return None
        return _point(Point(date(int(year_text), 3 * n - 2, 1), "quarter"), "quarter and year", ctx, m, ABS)
    if rel in ("year-earlier", "year-ago", "comparable"):
        base = _reporting_period(ctx)
        if base is not None:
            return _point(shift(base, -1, "year"), "year-earlier quarter", ctx, m, PREV)
        if pub is None:
            return _unresolved("year-earlier quarter", "quarter", m)
        return _point(shift(Point(pub, "quarter"), -5 if n is None else -1, "quarter"), "year-earlier quarter", ctx, m)
    if pub is None:
        return _unresolved("quarter", "quarter", m, f"XXXX-Q{n}" if n else None)
    current = _quarter_of(pub)
    if n is not None:
        year = pub.year
        if rel in ("next", "coming") or the == "next":
            year += n <= current
        elif the == "last" or rel in ("last", "past", "previous", "prior"):
            year -= n >= current
        elif n > current and direction(ctx.text, m.start(), m.end(), ctx.lang) < 0:
            year -= 1
        return _point(Point(date(year, 3 * n - 2, 1), "quarter"), "ordinal quarter", ctx, m)
    if rel in ("next", "coming") or the == "next":
        return _point(shift(Point(pub, "quarter"), 1), "next quarter", ctx, m)
    if rel in ("current",) or the == "this":
        return _point(Point(pub, "quarter"), "this quarter", ctx, m)
    if rel == "same" and ctx.previous and ctx.previous.granularity == "quarter":
        return _point(ctx.previous, "the same quarter", ctx, m, PREV)
    # "the quarter", "the latest quarter", "last quarter": in news, the one whose results are out
    return _point(shift(Point(pub, "quarter"), -1), "latest quarter", ctx, m)


def read_quarter_code(m: re.Match[str], ctx: Context) -> Reading | None:
    n = int(m["qn"][1])
    if _g(m, "qy1"):
        return _point(Point(date(int(m["qy1"]), 3 * n - 2, 1), "quarter"), "quarter code", ctx, m, ABS)
    if ctx.published is None:
        return _unresolved("quarter code", "quarter", m, f"XXXX-Q{n}")
    return _point(Point(date(ctx.published.year, 3 * n - 2, 1), "quarter"), "quarter code", ctx, m)


def read_half(m: re.Match[str], ctx: Context) -> Reading | None:
    n = 1 if _low(m, "hn") in ("first", "1st") else 2
    if _g(m, "hy"):
        year = int(m["hy"])
        anchor = ABS
    elif ctx.published is None:
        return _unresolved("half year", "half", m, f"XXXX-H{n}")
    else:
        year = ctx.published.year + {"last": -1, "next": 1}.get(_low(m, "hrel"), 0)
        anchor = PUB
    return _point(Point(date(year, 6 * n - 5, 1), "half"), "half year", ctx, m, anchor)


def read_season(m: re.Match[str], ctx: Context) -> Reading | None:
    rel, code = _low(m, "srel"), SEASON_WORDS[m["s"].lower()]
    if _g(m, "sy"):
        return _point(Point(season_start(int(m["sy"]), code), "season"), "season and year", ctx, m, ABS)
    if not rel and not _g(m, "mod"):
        return None  # "fall", "spring": verbs and nouns too often
    if ctx.published is None:
        return _unresolved("season", "season", m, f"XXXX-{code}")
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
    return _point(p, "season", ctx, m)


def read_weekday(m: re.Match[str], ctx: Context) -> Reading | None:
    name = m["wd"].lower()
    wd = weekday_table(ctx.lang).get(name, weekday_table("en").get(name))
    if wd is None:
        return None
    rel = _low(m, "rel") or _low(m, "rel2")
    pod = PARTS_OF_DAY_WORDS.get(_low(m, "pod")) if _g(m, "pod") else None
    if rel in ("every", "each") or _g(m, "plural"):
        return Reading("SET", f"XXXX-WXX-{wd + 1}" + (f"T{pod}" if pod else ""), "day", NONE, "every + weekday")
    if ctx.published is None:
        return _unresolved("weekday", "day", m, f"XXXX-WXX-{wd + 1}", "TIME" if pod else "DATE")
    pub = ctx.published
    if re.match(r"(last|this past|the previous|letzte|vergangene|vorige|derni|pass|el pasado|la pasada|pasad)", rel):
        day, rule = weekday_near(pub, wd, -1, strict=True), "last + weekday"
    elif re.match(r"(next|this coming|nächste|kommende|prochain|el próximo|la próxima|próxim|que viene)", rel):
        day, rule = weekday_near(pub, wd, 1, strict=True), "next + weekday"
    elif rel in ("the following", "the previous") and ctx.previous is not None:
        way = 1 if rel == "the following" else -1
        return _point(Point(weekday_near(ctx.previous.day, wd, way, strict=True), "day", pod), f"{rel} weekday",
                      ctx, m, PREV)
    else:
        way = direction(ctx.text, m.start(), m.end(), ctx.lang)
        day = weekday_near(pub, wd, way or -1)
        rule = "weekday" + (_tense_name(way) if way else ", no tense cue: the past one (news reports)")
    return _point(Point(day, "day", pod), rule, ctx, m)


_DEICTIC_DAYS = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0, "last night": -1, "overnight": -1,
                 "the day before yesterday": -2, "the day after tomorrow": 2,
                 "heute": 0, "gestern": -1, "morgen": 1, "vorgestern": -2, "übermorgen": 2,
                 "aujourd'hui": 0, "aujourd’hui": 0, "hier": -1, "demain": 1, "avant-hier": -2, "après-demain": 2,
                 "ce soir": 0, "cette nuit": 0,
                 "hoy": 0, "ayer": -1, "mañana": 1, "anteayer": -2, "pasado mañana": 2, "anoche": -1,
                 "anteanoche": -2, "esta noche": 0}
_NIGHT_WORDS = {"tonight", "last night", "overnight", "ce soir", "cette nuit", "anoche", "anteanoche", "esta noche"}


def read_deictic(m: re.Match[str], ctx: Context) -> Reading | None:
    word = _low(m, "dx")
    if word == "morgen" and m["dx"][0].isupper() and ctx.text[max(0, m.start() - 6):m.start()].strip().lower() in (
            "heute", "gestern", "am", "den", "jeden", "guten"):
        return None  # "heute Morgen", "am Morgen": the morning, not tomorrow
    if word == "hier" and ctx.lang == "de":
        return None
    if word not in _DEICTIC_DAYS:
        return None
    pod = PARTS_OF_DAY_WORDS.get(_low(m, "pod")) if _g(m, "pod") else ("NI" if word in _NIGHT_WORDS else None)
    if ctx.published is None:
        return _unresolved(word, "day", m, None, "TIME" if pod else "DATE")
    day = ctx.published + timedelta(days=_DEICTIC_DAYS[word])
    return _point(Point(day, "day", pod), word, ctx, m)


def read_part_of_day(m: re.Match[str], ctx: Context) -> Reading | None:
    rel = _low(m, "prel")
    day_word = _low(m, "pday")
    if not (rel or day_word or _g(m, "mod")):
        return None  # a bare "morning" is too often no time
    pod = PARTS_OF_DAY_WORDS[_low(m, "pod")]
    if ctx.published is None:
        return _unresolved("part of day", "part of day", m, None, "TIME")
    if day_word in weekday_table("en"):
        day = weekday_near(ctx.published, weekday_table("en")[day_word],
                           direction(ctx.text, m.start(), m.end(), ctx.lang) or -1)
        return _point(Point(day, "day", pod), "part of weekday", ctx, m)
    offset = {"tomorrow": 1, "yesterday": -1}
    day = ctx.published + timedelta(days=offset.get(rel, offset.get(day_word, 0)))
    return _point(Point(day, "day", pod), f"{rel} + part of day", ctx, m)


_LAST = ("last", "past", "previous", "the past", "the previous", "the last", "the prior", "the preceding",
         "this past", "the latest")
_NEXT = ("next", "coming", "the next", "the coming", "this coming")


def read_relative(m: re.Match[str], ctx: Context) -> Reading | None:
    rel, unit = _low(m, "rel"), m["unit"].lower()
    if m["unit"][0].isupper() and not m["unit"].isupper():
        return None  # "This Week", a programme's name
    if unit == "fortnight":
        unit = "week"
    if rel.startswith("the ") and rel not in ("the latest", "the current", "the same") and rel[4:] in (
            "past", "previous", "last", "next", "coming", "prior", "preceding", "whole", "entire", "full"):
        return Reading("DURATION", duration_value(1, unit), unit, NONE, f"{rel} + {unit}", _mod(m))
    if rel in ("that", "the same", "same", "the following", "following"):
        base = ctx.previous
        if base is None:
            return None if rel in ("that", "the same", "same") else _unresolved(f"{rel} {unit}", unit, m)
        p = Point(base.day, unit)
        return _point(shift(p, 1) if "following" in rel else p, f"{rel} + {unit}", ctx, m, PREV)
    if rel in ("the", "the current", "this", "the latest") and unit == "year" and re.match(
            r"\s+(?:ended|ending|to\s+date)\b", ctx.text[m.end():m.end() + 12]):
        return Reading("DURATION", "P1Y", unit, NONE, "the year ended …", _mod(m))
    if ctx.published is None:
        return _unresolved(f"{rel} {unit}", unit, m)
    p = Point(ctx.published, unit)
    period = _reporting_period(ctx)
    if rel == "last" and unit == "year" and period is not None and _COMPARED.search(
            ctx.text[max(0, m.start() - 50):m.start()]):
        return _point(shift(period, -1, "year"), "last year, beside a quarter", ctx, m, PREV)
    if rel in _LAST:
        p, rule = shift(p, -1), f"last {unit}"
    elif rel in _NEXT:
        p, rule = shift(p, 1), f"next {unit}"
    else:
        rule = f"this {unit}"
    return _point(p, rule, ctx, m)


def read_year_ago_adj(m: re.Match[str], ctx: Context) -> Reading | None:
    what = _low(m, "what")
    if "months" in what or "half" in what:
        n = amount(what.split()[0]) if "months" in what else 6
        return Reading("DURATION", duration_value(n, "month"), "month", NONE, "year-earlier period", None)
    base = _reporting_period(ctx)
    if base is not None:
        return _point(shift(base, -1, "year"), "year-earlier", ctx, m, PREV)
    if ctx.published is None:
        return _unresolved("year-earlier", "year", m)
    return _point(shift(Point(ctx.published, "year"), -1), "year-earlier", ctx, m)


_FINE = {"second": "time", "minute": "time", "hour": "time"}


def read_ago(m: re.Match[str], ctx: Context) -> Reading | None:
    unit = UNITS.get(m["unit"].lower(), "")
    n = amount(m["n"])
    way = m["dir"].lower().split()[0]
    back = way in ("ago", "earlier", "before", "since")
    from_previous = way in ("earlier", "later", "before", "after")
    if n is None:
        return Reading("DATE", "PAST_REF" if back else "FUTURE_REF", "vague", PUB, f"some {unit}s {way}", None)
    if unit in _FINE:
        return Reading("DURATION", duration_value(n, unit), unit, NONE, f"N {unit}s {way}", _mod(m))
    base_day = ctx.published
    anchor = PUB
    gran = unit
    period = _reporting_period(ctx)
    if unit == "year" and n == 1 and back and period is not None:
        # "a year earlier", "a year ago" beside a quarter: that quarter a year before
        return _point(shift(period, -1, "year"), f"a year {way}, beside a quarter", ctx, m, PREV)
    if from_previous and ctx.previous is not None:
        base_day, anchor = ctx.previous.day, PREV
    if base_day is None:
        return _unresolved(f"N {unit}s {way}", unit, m)
    steps = int(n) if n == int(n) else n
    if unit == "decade":
        steps, unit = steps * 10, "year"
    if not isinstance(steps, int):
        if unit != "year":
            return Reading("DURATION", duration_value(n, unit), unit, NONE, f"N {unit}s {way}", _mod(m))
        steps = round(steps)
    p = shift(Point(base_day, gran if gran in ("quarter", "month", "half") else unit), -steps if back else steps, unit)
    if unit == "week" and steps > 1:
        p = Point(p.day, "week")
    return _point(p, f"N {unit}s {way}", ctx, m, anchor)


_SPAN_BEFORE = re.compile(r"(?:first|time|highest|lowest|most|least|best|worst|biggest|largest|smallest|\w+est|"
                          r"only|once|twice|times)\s+(?:\w+\s+){0,2}in\s+$", re.I)


def read_in_n(m: re.Match[str], ctx: Context) -> Reading | None:
    """"in two years": the date two years on in a clause that is not past, else a span of time
    ("the first time in two years", "the highest in five years")."""
    if (ctx.published is None or direction(ctx.text, m.start(), m.end(), ctx.lang) < 0
            or _SPAN_BEFORE.search(ctx.text[max(0, m.start() - 40):m.start()])):
        return read_duration(m, ctx)
    unit = UNITS.get(m["unit"].lower(), "")
    n = amount(m["n"])
    if n is None or unit in _FINE or n != int(n):
        return read_duration(m, ctx)
    return _point(shift(Point(ctx.published, unit), int(n)), f"in N {unit}s", ctx, m)


def read_duration(m: re.Match[str], ctx: Context) -> Reading | None:
    unit = UNITS.get(m["unit"].lower(), "")
    n_text = _g(m, "n")
    plural = m["unit"].lower().endswith(("s", "ies"))
    if not unit or m["unit"][0].isupper() and not m["unit"].isupper() and m.start("unit") > m.start():
        return None  # "Sandra Day O'Connor"
    after = ctx.text[m.end():m.end() + 8]
    if re.match(r"\s+old\b", after) or unit == "quarter" and n_text and "-" in m[0]:
        return None  # an age; "three-quarters of its food"
    if unit == "second" and (n_text or "").lower() in ("a", "an") and not re.match(r"\s*[,.;)]", after):
        return None  # "a second group"
    if n_text is None:
        if not (_g(m, "rel") or _g(m, "det")) or not plural and not _g(m, "rel"):
            return None  # a bare "day" or "the year" is no duration
        n = None if plural else 1.0
    else:
        n = amount(n_text)
        if n_text.lower() in ("a", "an") and plural:
            return None
        if n is None and _low(m, "rel") in ("last", "past", "recent") and _low(m, "det") == "the":
            return Reading("DATE", "PAST_REF", "vague", PUB, "the last few units", None)
    if m["unit"].lower() == "fortnight" and n is not None:
        n *= 2
    if "and a half" in m[0].lower() and n is not None:
        n += 0.5
    if unit == "decade":
        unit, n = "year", None if n is None else n * 10
    if unit == "century":
        unit, n = "year", None if n is None else n * 100
    if unit == "weekend":
        return None
    if _g(m, "adj") and m["adj"].lower() == "-old":
        return None  # an age
    return Reading("DURATION", duration_value(n, unit), unit, NONE, "duration", _mod(m))


_SET_UNITS = {"daily": ("day", "P1D"), "weekly": ("week", "P1W"), "monthly": ("month", "P1M"),
              "quarterly": ("quarter", "P1Q"), "annually": ("year", "P1Y"), "yearly": ("year", "P1Y"),
              "hourly": ("hour", "PT1H"), "nightly": ("day", "P1D"), "biweekly": ("week", "P2W"),
              "semiannually": ("month", "P6M"), "semi-annually": ("month", "P6M"), "bimonthly": ("month", "P2M")}


def read_set(m: re.Match[str], ctx: Context) -> Reading | None:
    every, word = m["every"].lower(), m["unit"].lower()
    if every in ("a", "an"):
        before = ctx.text[max(0, m.start() - 12):m.start()]
        if not re.search(r"(?:\d|%|times|twice|once|cents?|dollars?|percent)\s*$", before, re.I):
            return None  # "a year" alone is a duration; "twice a year", "$5 a year" a set
    wd = weekday_table("en").get(word)
    if wd is not None:
        return Reading("SET", f"XXXX-WXX-{wd + 1}", "day", NONE, "every + weekday")
    month = month_table("en").get(word)
    if month is not None:
        return Reading("SET", f"XXXX-{month:02d}", "month", NONE, "every + month") if every in ("every", "each") else None
    n_text = _g(m, "n")
    n = 2 if n_text and n_text.lower() == "other" else amount(n_text) if n_text else 1
    unit = UNITS.get(word, word)
    if unit == "second" and every in ("a", "an"):
        return None  # "a second group"
    return Reading("SET", duration_value(n, unit), unit, NONE, f"{every} + {unit}")


def read_set_word(m: re.Match[str], ctx: Context) -> Reading | None:
    if re.match(r"\s+[a-z]", ctx.text[m.end():m.end() + 2]) and m["word"].lower() != "annually":
        return None  # "quarterly dividend", "daily volume": an adjective, no time
    unit, value = _SET_UNITS[m["word"].lower()]
    return Reading("SET", value, unit, NONE, m["word"].lower())


def read_reference(m: re.Match[str], ctx: Context) -> Reading | None:
    ref = REFERENCE_OF.get(_low(m, "ref"))
    if ref is None:
        return None
    if _low(m, "ref") == "soon" and re.match(r"\s+(?:as|after)\b", ctx.text[m.end():m.end() + 7]):
        return None
    return Reading("DATE", ref, "vague", PUB, _low(m, "ref"))


def read_clock(m: re.Match[str], ctx: Context) -> Reading | None:
    if _g(m, "word"):
        hh, mm = (12, 0) if m["word"].lower() == "noon" else (24, 0)
    else:
        hh = int(m["hh"] or m["hh2"])
        mm = int(m["mm"] or m["mm2"] or 0)
        ampm = _low(m, "ampm")
        if ampm:
            if not 1 <= hh <= 12:
                return None
            hh = hh % 12 + (12 if ampm.startswith("p") else 0)
        elif hh > 23:
            return None
    day_word = _low(m, "pre") or _low(m, "post")
    if _g(m, "mon") and ctx.published is not None:
        month = _month(m["mon"], ctx.lang)
        if month is None:
            return None
        year = year_for(ctx.published, month, int(m["d"]), direction(ctx.text, m.start(), m.end(), ctx.lang))
        try:
            day = date(year, month, int(m["d"]))
        except ValueError:
            return None
    elif ctx.published is None:
        return _unresolved("time of day", "time", m, f"XXXX-XX-XXT{hh:02d}:{mm:02d}", "TIME")
    elif day_word in _DEICTIC_DAYS:
        day = ctx.published + timedelta(days=_DEICTIC_DAYS[day_word])
    elif day_word:
        wd = weekday_table("en")[day_word]
        day = weekday_near(ctx.published, wd, direction(ctx.text, m.start(), m.end(), ctx.lang) or -1)
    elif ctx.previous is not None and ctx.previous.granularity == "day" and ctx.previous.clock is None:
        day = ctx.previous.day
        return _point(Point(day, "day", clock=(hh, mm)), "time of day", ctx, m, PREV)
    else:
        day = ctx.published
    return _point(Point(day, "day", clock=(hh, mm)), "time of day", ctx, m)


def _relative_unit_word(m: re.Match[str]) -> str:
    return UNITS.get((_g(m, "unit") or _g(m, "unit2") or "").lower(), "")


def read_relative_l(m: re.Match[str], ctx: Context) -> Reading | None:
    unit = _relative_unit_word(m)
    rel = _low(m, "rel") or _low(m, "rel2")
    if not unit or unit in _FINE:
        return None
    if ctx.published is None:
        return _unresolved(f"{rel} {unit}", unit, m)
    p = Point(ctx.published, unit)
    if re.match(r"(letzt|vergangen|vorig|derni|pass|pasad|el pasado|la pasada|précédent|anterior)", rel):
        p = shift(p, -1)
    elif re.match(r"(nächst|kommend|prochain|suivant|próxim|el próximo|la próxima|que viene|siguiente)", rel):
        p = shift(p, 1)
    return _point(p, f"{rel} + {unit}", ctx, m)


def read_ago_l(m: re.Match[str], ctx: Context, forward: bool = False) -> Reading | None:
    unit = UNITS.get(m["unit"].lower(), "")
    n = amount(m["n"])
    if not unit:
        return None
    if n is None or unit in _FINE or n != int(n):
        if forward:
            return Reading("DURATION", duration_value(n, unit), unit, NONE, "duration", None)
        return Reading("DATE", "PAST_REF", "vague", PUB, "some units ago", None)
    if ctx.published is None:
        return _unresolved(f"N {unit}s", unit, m)
    return _point(shift(Point(ctx.published, unit), int(n) if forward else -int(n)), f"N {unit}s", ctx, m)


def read_in_l(m: re.Match[str], ctx: Context) -> Reading | None:
    return read_ago_l(m, ctx, forward=True)


def read_spoken_year(m: re.Match[str], ctx: Context) -> Reading | None:
    words = re.split(r"[\s-]+", m["sy"].lower())
    if words[:2] == ["two", "thousand"]:
        year = 2000 + int(amount(" ".join(w for w in words[2:] if w != "and")) or 0) if len(words) > 2 else 2000
    else:
        head = NUMBER_WORDS_19.get(words[0])
        rest = [w for w in words[1:] if w != "oh"]
        tail = 0 if rest == ["hundred"] else amount(" ".join(rest))
        if head is None or tail is None:
            return None
        year = head * 100 + int(tail)
    return _point(Point(date(year, 1, 1), "year"), "spoken year", ctx, m, ABS)


NUMBER_WORDS_19 = {"nineteen": 19, "eighteen": 18}


def read_century(m: re.Match[str], ctx: Context) -> Reading | None:
    n = int(m["c"])
    return Reading("DATE", f"{n - 1:02d}", "century", ABS, "century",
                   MODS.get(_low(m, "mod2")) if _g(m, "mod2") else None)


def read_year_end(m: re.Match[str], ctx: Context) -> Reading | None:
    if ctx.published is None:
        return _unresolved("year end", "year", m)
    return Reading("DATE", f"{ctx.published.year:04d}", "year", PUB, "year end", "END")


def read_weekend(m: re.Match[str], ctx: Context) -> Reading | None:
    rel = _low(m, "wrel")
    if rel in ("that", "the following", "the previous") and ctx.previous is not None:
        way = 1 if rel == "the following" else -1 if rel == "the previous" else 0
        day = weekday_near(ctx.previous.day, 5, way or 1, strict=bool(way))
        return _point(Point(day, "weekend"), f"{rel} weekend", ctx, m, PREV)
    if ctx.published is None:
        return _unresolved("weekend", "weekend", m)
    pub = ctx.published
    if rel == "last" or rel == "the past":
        day = weekday_near(pub - timedelta(days=1), 5, -1)
    elif rel == "next":
        day = weekday_near(pub + timedelta(days=1), 5, 1)
    else:
        way = direction(ctx.text, m.start(), m.end(), ctx.lang)
        # a weekend in a past clause is the one gone, in a future one the one to come
        day = weekday_near(pub, 5, -1) if way < 0 or (way == 0 and pub.weekday() < 4) else weekday_near(pub, 5, 1)
        if pub.weekday() >= 5:
            day = pub - timedelta(days=pub.weekday() - 5)
    return _point(Point(day, "weekend"), f"{rel} weekend", ctx, m)


READERS: dict[str, Callable[[re.Match[str], Context], Reading | None]] = {
    "iso": read_iso, "numeric": read_numeric, "numeric_dmy": read_numeric_dmy, "month_day": read_month_day,
    "day_month": read_day_month, "month_year": read_month_year, "month": read_month, "year": read_year,
    "decade": read_decade, "quarter": read_quarter, "quarter_code": read_quarter_code, "half": read_half,
    "season": read_season, "weekday": read_weekday, "deictic": read_deictic, "part_of_day": read_part_of_day,
    "relative": read_relative, "year_ago_adj": read_year_ago_adj, "ago": read_ago, "in_n": read_in_n,
    "duration": read_duration, "set": read_set, "set_word": read_set_word, "reference": read_reference,
    "clock": read_clock, "spoken_year": read_spoken_year, "century": read_century, "year_end": read_year_end,
    "weekend": read_weekend, "relative_l": read_relative_l, "ago_l": read_ago_l, "in_l": read_in_l,
}

__all__ = ["READERS", "Context", "Reading", "as_date"]
