"""Readers of times relative to the publication date or to the previous expression: weekdays,
today and yesterday, last/next/this + unit, N units ago or later, in N units, times of day.

A bare weekday goes the way its clause's tense points (times_tense.py); "the following day",
"a year earlier" count from the last point the text named.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from .times_calendar import Point, duration_value, shift, weekday_near, year_for
from .times_reading import (
    COMPARED,
    NONE,
    PREV,
    PUB,
    Context,
    Reading,
    group,
    lowered,
    modifier,
    month_number,
    point_reading,
    reporting_period,
    tense_name,
    unresolved,
)
from .times_spans import read_duration
from .times_tense import direction
from .times_words import PARTS_OF_DAY_WORDS, UNITS, amount, weekday_table


def read_weekday(m: re.Match[str], ctx: Context) -> Reading | None:
    name = m["wd"].lower()
    wd = weekday_table(ctx.lang).get(name, weekday_table("en").get(name))
    if wd is None:
        return None
    rel = lowered(m, "rel") or lowered(m, "rel2")
    pod = PARTS_OF_DAY_WORDS.get(lowered(m, "pod")) if group(m, "pod") else None
    if rel in ("every", "each") or group(m, "plural"):
        return Reading("SET", f"XXXX-WXX-{wd + 1}" + (f"T{pod}" if pod else ""), "day", NONE, "every + weekday")
    if ctx.published is None:
        return unresolved("weekday", "day", m, f"XXXX-WXX-{wd + 1}", "TIME" if pod else "DATE")
    pub = ctx.published
    if re.match(r"(last|this past|the previous|letzte|vergangene|vorige|derni|pass|el pasado|la pasada|pasad)", rel):
        day, rule = weekday_near(pub, wd, -1, strict=True), "last + weekday"
    elif re.match(r"(next|this coming|nächste|kommende|prochain|el próximo|la próxima|próxim|que viene)", rel):
        day, rule = weekday_near(pub, wd, 1, strict=True), "next + weekday"
    elif rel in ("the following", "the previous") and ctx.previous is not None:
        way = 1 if rel == "the following" else -1
        return point_reading(Point(weekday_near(ctx.previous.day, wd, way, strict=True), "day", pod), f"{rel} weekday",
                      ctx, m, PREV)
    else:
        way = direction(ctx.text, m.start(), m.end(), ctx.lang)
        day = weekday_near(pub, wd, way or -1)
        rule = "weekday" + (tense_name(way) if way else ", no tense cue: the past one (news reports)")
    return point_reading(Point(day, "day", pod), rule, ctx, m)


DEICTIC_DAYS = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0, "last night": -1, "overnight": -1,
                 "the day before yesterday": -2, "the day after tomorrow": 2,
                 "heute": 0, "gestern": -1, "morgen": 1, "vorgestern": -2, "übermorgen": 2,
                 "aujourd'hui": 0, "aujourd’hui": 0, "hier": -1, "demain": 1, "avant-hier": -2, "après-demain": 2,
                 "ce soir": 0, "cette nuit": 0,
                 "hoy": 0, "ayer": -1, "mañana": 1, "anteayer": -2, "pasado mañana": 2, "anoche": -1,
                 "anteanoche": -2, "esta noche": 0}
_PARTS_ABROAD = {"morgen": "MO", "früh": "MO", "vormittag": "MO", "mittag": "MI", "nachmittag": "AF", "abend": "EV",
                 "nacht": "NI", "matin": "MO", "après-midi": "AF", "soir": "EV", "mañana": "MO", "tarde": "AF",
                 "noche": "NI"}
_NIGHT_WORDS = {"tonight", "last night", "overnight", "ce soir", "cette nuit", "anoche", "anteanoche", "esta noche"}


def read_deictic(m: re.Match[str], ctx: Context) -> Reading | None:
    word = lowered(m, "dx")
    if word == "morgen" and re.search(r"\b(?:heute|gestern|am|den|jeden|guten|des|vom|zum|einen|der)\s+$",
                                      ctx.text[max(0, m.start() - 10):m.start()], re.I):
        return None  # "heute Morgen", "am Morgen": the morning, not tomorrow
    if word == "hier" and ctx.lang == "de":
        return None
    if word == "mañana" and re.search(r"\b(?:la|de|por|cada|toda)\s+$", ctx.text[max(0, m.start() - 8):m.start()], re.I):
        return None  # "la mañana": the morning, not tomorrow
    pod = None
    if " " in word and word not in DEICTIC_DAYS:
        # "heute Abend", "hier soir", "esta mañana": a day and a part of it
        day_word, part = word.split()[0], word.split()[-1]
        word, pod = {"esta": "hoy", "ce": "aujourd'hui"}.get(day_word, day_word), _PARTS_ABROAD[part]
    if word not in DEICTIC_DAYS:
        return None
    pod = pod or (PARTS_OF_DAY_WORDS.get(lowered(m, "pod")) if group(m, "pod") else
                  ("NI" if word in _NIGHT_WORDS else None))
    if ctx.published is None:
        return unresolved(word, "day", m, None, "TIME" if pod else "DATE")
    day = ctx.published + timedelta(days=DEICTIC_DAYS[word])
    return point_reading(Point(day, "day", pod), word, ctx, m)


def read_part_of_day(m: re.Match[str], ctx: Context) -> Reading | None:
    rel = lowered(m, "prel")
    day_word = lowered(m, "pday")
    if not (rel or day_word or group(m, "mod")):
        return None  # a bare "morning" is too often no time
    pod = PARTS_OF_DAY_WORDS[lowered(m, "pod")]
    if ctx.published is None:
        return unresolved("part of day", "part of day", m, None, "TIME")
    if day_word in weekday_table("en"):
        day = weekday_near(ctx.published, weekday_table("en")[day_word],
                           direction(ctx.text, m.start(), m.end(), ctx.lang) or -1)
        return point_reading(Point(day, "day", pod), "part of weekday", ctx, m)
    offset = {"tomorrow": 1, "yesterday": -1}
    day = ctx.published + timedelta(days=offset.get(rel, offset.get(day_word, 0)))
    return point_reading(Point(day, "day", pod), f"{rel} + part of day", ctx, m)


# "the past year" is last year, "the full year" this one, as TimeBank reads them
_LAST = ("last", "past", "previous", "the past", "the previous", "the last", "the prior", "the preceding",
         "this past", "the latest")
_NEXT = ("next", "coming", "the next", "the coming", "this coming")


def read_relative(m: re.Match[str], ctx: Context) -> Reading | None:
    rel, unit = lowered(m, "rel"), m["unit"].lower()
    if m["unit"][0].isupper() and not m["unit"].isupper():
        return None  # "This Week", a programme's name
    if unit == "fortnight":
        unit = "week"
    if rel in ("that", "the same", "same", "the following", "following"):
        base = ctx.previous
        if base is None:
            return None if rel in ("that", "the same", "same") else unresolved(f"{rel} {unit}", unit, m)
        p = Point(base.day, unit)
        return point_reading(shift(p, 1) if "following" in rel else p, f"{rel} + {unit}", ctx, m, PREV)
    if rel in ("the", "the current", "this", "the latest") and unit == "year" and re.match(
            r"\s+(?:ended|ending|to\s+date)\b", ctx.text[m.end():m.end() + 12]):
        return Reading("DURATION", "P1Y", unit, NONE, "the year ended …", modifier(m))
    if ctx.published is None:
        return unresolved(f"{rel} {unit}", unit, m)
    p = Point(ctx.published, unit)
    period = reporting_period(ctx)
    if rel == "last" and unit == "year" and period is not None and COMPARED.search(
            ctx.text[max(0, m.start() - 50):m.start()]):
        return point_reading(shift(period, -1, "year"), "last year, beside a quarter", ctx, m, PREV)
    if rel in _LAST:
        p, rule = shift(p, -1), f"last {unit}"
    elif rel in _NEXT:
        p, rule = shift(p, 1), f"next {unit}"
    else:
        rule = f"this {unit}"
    return point_reading(p, rule, ctx, m)


def read_year_ago_adj(m: re.Match[str], ctx: Context) -> Reading | None:
    what = lowered(m, "what")
    if "months" in what or "half" in what:
        n = amount(what.split()[0]) if "months" in what else 6
        return Reading("DURATION", duration_value(n, "month"), "month", NONE, "year-earlier period", None)
    base = reporting_period(ctx)
    if base is not None:
        return point_reading(shift(base, -1, "year"), "year-earlier", ctx, m, PREV)
    if ctx.published is None:
        return unresolved("year-earlier", "year", m)
    return point_reading(shift(Point(ctx.published, "year"), -1), "year-earlier", ctx, m)


FINE_UNITS = {"second": "time", "minute": "time", "hour": "time"}


def read_ago(m: re.Match[str], ctx: Context) -> Reading | None:
    unit = UNITS.get(m["unit"].lower(), "")
    n = amount(m["n"])
    way = m["dir"].lower().split()[0]
    back = way in ("ago", "earlier", "before", "since")
    from_previous = way in ("earlier", "later", "before", "after")
    if n is None:
        return Reading("DATE", "PAST_REF" if back else "FUTURE_REF", "vague", PUB, f"some {unit}s {way}", None)
    if unit in FINE_UNITS:
        return Reading("DURATION", duration_value(n, unit), unit, NONE, f"N {unit}s {way}", modifier(m))
    base_day = ctx.published
    anchor = PUB
    gran = unit
    period = reporting_period(ctx)
    if unit == "year" and n == 1 and back and period is not None:
        # "a year earlier", "a year ago" beside a quarter: that quarter a year before
        return point_reading(shift(period, -1, "year"), f"a year {way}, beside a quarter", ctx, m, PREV)
    # "three days later" goes on from the story's last date; "a year earlier" compares with now
    if from_previous and ctx.previous is not None and unit not in ("year", "decade", "century"):
        base_day, anchor = ctx.previous.day, PREV
    if base_day is None:
        return unresolved(f"N {unit}s {way}", unit, m)
    steps = int(n) if n == int(n) else n
    if unit == "decade":
        steps, unit = steps * 10, "year"
    if not isinstance(steps, int):
        if unit != "year":
            return Reading("DURATION", duration_value(n, unit), unit, NONE, f"N {unit}s {way}", modifier(m))
        steps = round(steps)
    p = shift(Point(base_day, gran if gran in ("quarter", "month", "half") else unit), -steps if back else steps, unit)
    if unit == "week" and steps > 1:
        p = Point(p.day, "week")
    return point_reading(p, f"N {unit}s {way}", ctx, m, anchor)


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
    if n is None or unit in FINE_UNITS or n != int(n):
        return read_duration(m, ctx)
    return point_reading(shift(Point(ctx.published, unit), int(n)), f"in N {unit}s", ctx, m)


def read_clock(m: re.Match[str], ctx: Context) -> Reading | None:
    if group(m, "word"):
        hh, mm = (12, 0) if m["word"].lower() == "noon" else (24, 0)
    else:
        hh = int(m["hh"] or m["hh2"])
        mm = int(m["mm"] or m["mm2"] or 0)
        ampm = lowered(m, "ampm")
        if ampm:
            if not 1 <= hh <= 12:
                return None
            hh = hh % 12 + (12 if ampm.startswith("p") else 0)
        elif hh > 23:
            return None
    day_word = lowered(m, "pre") or lowered(m, "post")
    if group(m, "mon") and ctx.published is not None:
        month = month_number(m["mon"], ctx.lang)
        if month is None:
            return None
        year = year_for(ctx.published, month, int(m["d"]), direction(ctx.text, m.start(), m.end(), ctx.lang))
        try:
            day = date(year, month, int(m["d"]))
        except ValueError:
            return None
    elif ctx.published is None:
        return unresolved("time of day", "time", m, f"XXXX-XX-XXT{hh:02d}:{mm:02d}", "TIME")
    elif day_word in DEICTIC_DAYS:
        day = ctx.published + timedelta(days=DEICTIC_DAYS[day_word])
    elif day_word:
        wd = weekday_table("en")[day_word]
        day = weekday_near(ctx.published, wd, direction(ctx.text, m.start(), m.end(), ctx.lang) or -1)
    elif ctx.previous is not None and ctx.previous.granularity == "day" and ctx.previous.clock is None:
        day = ctx.previous.day
        return point_reading(Point(day, "day", clock=(hh, mm)), "time of day", ctx, m, PREV)
    else:
        day = ctx.published
    return point_reading(Point(day, "day", clock=(hh, mm)), "time of day", ctx, m)


def _relative_unit_word(m: re.Match[str]) -> str:
    return UNITS.get((group(m, "unit") or group(m, "unit2") or "").lower(), "")


_PLURAL_UNITS = {"tage", "tagen", "wochen", "monate", "monaten", "jahre", "jahren", "jours", "semaines", "ans", "années",
                 "días", "semanas", "meses", "años"}


def read_relative_l(m: re.Match[str], ctx: Context) -> Reading | None:
    unit = _relative_unit_word(m)
    rel = lowered(m, "rel") or lowered(m, "rel2")
    if not unit or unit in FINE_UNITS:
        return None
    words = (group(m, "unit") or group(m, "unit2") or "").lower()
    back = re.match(r"(letzt|vergangen|vorig|(?:les )?derni|pass|pasad|el pasado|la pasada|précédent|anterior|"
                    r"(?:los |las )?últim)", rel)
    if words in _PLURAL_UNITS:
        # "in den vergangenen Monaten", "les prochaines semaines", "dieser Tage": some time back, ahead or now
        ref = "PRESENT_REF" if re.match(r"(dies|ce|est)", rel) else "PAST_REF" if back else "FUTURE_REF"
        return Reading("DATE", ref, "vague", PUB, f"{rel} + {unit}s")
    if ctx.published is None:
        return unresolved(f"{rel} {unit}", unit, m)
    p = Point(ctx.published, unit)
    if back:
        p = shift(p, -1)
    elif re.match(r"(nächst|kommend|(?:les )?prochain|suivant|(?:los |las )?próxim|el próximo|la próxima|que viene|"
                  r"siguiente)", rel):
        p = shift(p, 1)
    return point_reading(p, f"{rel} + {unit}", ctx, m)


def read_ago_l(m: re.Match[str], ctx: Context, forward: bool = False) -> Reading | None:
    unit = UNITS.get(m["unit"].lower(), "")
    n = amount(m["n"])
    if not unit:
        return None
    if n is None or unit in FINE_UNITS or n != int(n):
        if forward:
            return Reading("DURATION", duration_value(n, unit), unit, NONE, "duration", None)
        return Reading("DATE", "PAST_REF", "vague", PUB, "some units ago", None)
    if ctx.published is None:
        return unresolved(f"N {unit}s", unit, m)
    return point_reading(shift(Point(ctx.published, unit), int(n) if forward else -int(n)), f"N {unit}s", ctx, m)


def read_in_l(m: re.Match[str], ctx: Context) -> Reading | None:
    return read_ago_l(m, ctx, forward=True)


def read_weekend(m: re.Match[str], ctx: Context) -> Reading | None:
    rel = lowered(m, "wrel")
    if rel in ("that", "the following", "the previous") and ctx.previous is not None:
        way = 1 if rel == "the following" else -1 if rel == "the previous" else 0
        day = weekday_near(ctx.previous.day, 5, way or 1, strict=bool(way))
        return point_reading(Point(day, "weekend"), f"{rel} weekend", ctx, m, PREV)
    if ctx.published is None:
        return unresolved("weekend", "weekend", m)
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
    return point_reading(Point(day, "weekend"), f"{rel} weekend", ctx, m)


