"""Readers of spans, recurrences and vague references: durations (P3Y), sets (every week, daily)
and PRESENT_REF / PAST_REF / FUTURE_REF ("now", "recently", "the future"). None is anchored.
"""

from __future__ import annotations

import re

from .times_calendar import duration_value
from .times_reading import NONE, PUB, Context, Reading, group, lowered, modifier
from .times_words import REFERENCE_OF, UNITS, amount, month_table, weekday_table

_RATE_BEFORE = re.compile(r"(?:\d|%|million|billion|thousand|cents?|dollars?|percent)\S*\s+(?:[a-z]+\s+){0,3}$",
                          re.I)


def read_duration(m: re.Match[str], ctx: Context) -> Reading | None:
    unit = UNITS.get(m["unit"].lower(), "")
    n_text = group(m, "n")
    plural = m["unit"].lower().endswith(("s", "ies"))
    if not unit or m["unit"][0].isupper() and not m["unit"].isupper() and m.start("unit") > m.start():
        return None  # "Sandra Day O'Connor"
    after = ctx.text[m.end():m.end() + 8]
    if re.match(r"\s+old\b", after) or unit == "quarter" and n_text and "-" in m[0]:
        return None  # an age; "three-quarters of its food"
    if unit == "second" and (n_text or "").lower() in ("a", "an") and not re.match(r"\s*[,.;)]", after):
        return None  # "a second group"
    if (n_text or "").lower() in ("a", "an") and _RATE_BEFORE.search(ctx.text[max(0, m.start() - 40):m.start()]):
        return None  # "$500 million a year", "four flights a week": a rate, no time of its own
    if n_text is None:
        if not (group(m, "rel") or group(m, "det")) or not plural and not group(m, "rel"):
            return None  # a bare "day" or "the year" is no duration
        n = None if plural else 1.0
    else:
        n = amount(n_text)
        if n_text.lower() in ("a", "an") and plural:
            return None
        if n is None and lowered(m, "rel") in ("last", "past", "recent") and lowered(m, "det") == "the":
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
    if group(m, "adj") and m["adj"].lower() == "-old":
        return None  # an age
    return Reading("DURATION", duration_value(n, unit), unit, NONE, "duration", modifier(m))


_SET_UNITS = {"daily": ("day", "P1D"), "weekly": ("week", "P1W"), "monthly": ("month", "P1M"),
              "quarterly": ("quarter", "P1Q"), "annually": ("year", "P1Y"), "yearly": ("year", "P1Y"),
              "hourly": ("hour", "PT1H"), "nightly": ("day", "P1D"), "biweekly": ("week", "P2W"),
              "semiannually": ("month", "P6M"), "semi-annually": ("month", "P6M"), "bimonthly": ("month", "P2M")}


def read_bare_units(m: re.Match[str], ctx: Context) -> Reading | None:
    """"for years", "within weeks": a span of some length."""
    unit = UNITS[m["unit"].lower()]
    if unit in ("decade", "century"):
        unit = "year"
    return Reading("DURATION", duration_value(None, unit), unit, NONE, "units, no number")


def read_set(m: re.Match[str], ctx: Context) -> Reading | None:
    every, word = m["every"].lower(), m["unit"].lower()
    if every in ("a", "an"):
        before = ctx.text[max(0, m.start() - 12):m.start()]
        if not re.search(r"(?:times|twice|once)\s*$", before, re.I):
            return None  # "twice a year" is a set; "a year" alone a duration, "$5 million a year" a rate
    wd = weekday_table("en").get(word)
    if wd is not None:
        return Reading("SET", f"XXXX-WXX-{wd + 1}", "day", NONE, "every + weekday")
    month = month_table("en").get(word)
    if month is not None:
        return Reading("SET", f"XXXX-{month:02d}", "month", NONE, "every + month") if every in ("every", "each") else None
    n_text = group(m, "n")
    n = 2 if n_text and n_text.lower() == "other" else amount(n_text) if n_text else 1
    unit = UNITS.get(word, word)
    if unit == "second" and every in ("a", "an"):
        return None  # "a second group"
    return Reading("SET", duration_value(n, unit), unit, NONE, f"{every} + {unit}")


def read_set_word(m: re.Match[str], ctx: Context) -> Reading | None:
    if re.match(r"\s+[a-z]", ctx.text[m.end():m.end() + 2]) and m["word"].lower() != "annually":
        return None  # "quarterly dividend", "daily volume": an adjective, no time
    if _RATE_BEFORE.search(ctx.text[max(0, m.start() - 40):m.start()]):
        return None  # "to rise 8.5% annually", "10,000 units annually": a rate
    unit, value = _SET_UNITS[m["word"].lower()]
    return Reading("SET", value, unit, NONE, m["word"].lower())


def read_reference(m: re.Match[str], ctx: Context) -> Reading | None:
    ref = REFERENCE_OF.get(lowered(m, "ref"))
    if ref is None:
        return None
    if lowered(m, "ref") == "soon" and re.match(r"\s+(?:as|after)\b", ctx.text[m.end():m.end() + 7]):
        return None
    return Reading("DATE", ref, "vague", PUB, lowered(m, "ref"))


