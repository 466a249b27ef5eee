"""Time expressions in a text, normalised TIMEX3-style against the publication date.

`find_times(text, published, lang)` is pure and fast: regexes (times_patterns.py) find the
candidates, the longest leftmost ones win, and each is read (times_dates.py, times_relative.py,
times_spans.py) in document order, so that "a year earlier" can count from the quarter named
just before it. Weekdays and
dates without a year follow the tense of their clause (times_tense.py). Without a publication
date the expressions are still found, with anchor "unresolved".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime

from ..model import TimeExpr
from . import times_dates as dates
from . import times_relative as relative
from . import times_spans as spans
from .times_calendar import Point, as_date
from .times_patterns import DIGITS, Pattern, patterns
from .times_reading import PREV, PUB, Context, Reading

# Each pattern kind (times_patterns.py) and the function that reads its matches.
READERS: dict[str, Callable[[re.Match[str], Context], Reading | None]] = {
    "iso": dates.read_iso, "numeric": dates.read_numeric, "numeric_dmy": dates.read_numeric_dmy,
    "month_day": dates.read_month_day, "day_month": dates.read_day_month, "month_year": dates.read_month_year,
    "month": dates.read_month, "year": dates.read_year, "decade": dates.read_decade, "quarter": dates.read_quarter,
    "quarter_code": dates.read_quarter_code, "half": dates.read_half, "season": dates.read_season,
    "spoken_year": dates.read_spoken_year, "century": dates.read_century, "year_end": dates.read_year_end,
    "weekday": relative.read_weekday, "deictic": relative.read_deictic, "part_of_day": relative.read_part_of_day,
    "relative": relative.read_relative, "year_ago_adj": relative.read_year_ago_adj, "ago": relative.read_ago,
    "in_n": relative.read_in_n, "clock": relative.read_clock, "weekend": relative.read_weekend,
    "relative_l": relative.read_relative_l, "ago_l": relative.read_ago_l, "in_l": relative.read_in_l,
    "duration": spans.read_duration, "bare_units": spans.read_bare_units, "set": spans.read_set, "set_word": spans.read_set_word,
    "reference": spans.read_reference,
}

# A page is not a book: past this many expressions, or this many words that may start one (about
# four times what 2 MB of news holds; "May May May …" or "1 1 1 …" hold far more), the rest of a
# huge text is left unread.
MAX_EXPRESSIONS = 5000
MAX_TRIGGERS = 100_000
# How far an expression reaches before and after the word that triggers it ("no more than a couple
# of [years] ago", "the third [quarter] of fiscal 1989").
REACH_BEFORE, REACH_AFTER = 80, 60
BLOCK = 100_000
_WORD = re.compile(r"[^\W_]+")


def find_times(text: str, published: datetime | date | None = None, lang: str = "en") -> list[TimeExpr]:
    """Every time expression in `text`, left to right, with its TIMEX3 type, value and anchor.

    `published` is the anchor of relative expressions ("last month", "Thursday"); `lang` the
    text's language (ISO 639-1): English is read in full; German, French and Spanish get their
    dates, weekdays, deictic days (gestern, hier, ayer), last/next units and "N units ago";
    other languages their dates written with a month name extraction knows, in figures, or ISO.
    """
    if not text:
        return []
    anchor = as_date(published) if published is not None else None
    lang = (lang or "en").lower()[:2]
    ctx = Context(text, anchor, lang)
    out: list[TimeExpr] = []
    triggers = 0
    for lo, hi in _blocks(text):
        triggers += _read_block(ctx, lo, hi, out)
        if len(out) >= MAX_EXPRESSIONS or triggers >= MAX_TRIGGERS:
            break
    return out[:MAX_EXPRESSIONS]


def _blocks(text: str) -> list[tuple[int, int]]:
    """The text in blocks of about BLOCK characters, cut at a line end or a space: a huge text is
    read block by block and given up once MAX_EXPRESSIONS are found."""
    blocks = []
    lo = 0
    while lo < len(text):
        hi = min(len(text), lo + BLOCK)
        if hi < len(text):
            cut = max(text.rfind("\n", lo + BLOCK // 2, hi), text.rfind(" ", hi - 200, hi))
            hi = cut + 1 if cut > lo else hi
        blocks.append((lo, hi))
        lo = hi
    return blocks


def _read_block(ctx: Context, lo: int, hi: int, out: list[TimeExpr]) -> int:
    """Appends the expressions of text[lo:hi] to `out`; returns how many trigger words it held."""
    text, lang = ctx.text, ctx.lang
    # The probe reads each candidate as if a reported quarter had just been named, so that "that
    # quarter" or "the latest period" compete for their span; read for real, they may come to nothing.
    somewhen = Point(ctx.published or date(2000, 1, 1), "quarter")
    probe = Context(text, ctx.published, lang, previous=somewhen, period=somewhen)
    # every candidate that reads as a time expression at all (the previous expression aside)
    found: list[tuple[int, int, int, re.Match[str]]] = []
    words = _trigger_positions(text, lang, lo, hi)
    for order, pattern in enumerate(patterns(lang)):
        read = READERS[pattern.kind]
        for w_lo, w_hi in _windows(pattern, words, lo, hi):
            for m in pattern.regex.finditer(text, w_lo, w_hi):
                if m.end() > m.start() and _safely(read, m, probe) is not None:
                    found.append((m.start(), m.end(), order, m))
    for start, end, order, m in _longest_first(found, lo, hi):
        reading = _safely(READERS[patterns(lang)[order].kind], m, ctx)
        if reading is None:
            continue
        start = _without_determiner(text, start, end)
        out.append(_expression(text, start, end, reading))
        if reading.point is not None and reading.anchor in ("absolute", PUB, PREV):
            ctx.remember(reading.point)
    return sum(len(at) for at in words.values())


def _safely(read: Callable[[re.Match[str], Context], Reading | None], m: re.Match[str],
            ctx: Context) -> Reading | None:
    """The reading, or None where the arithmetic leaves the calendar (year 1 or 9999 and beyond)."""
    try:
        return read(m, ctx)
    except (OverflowError, ValueError):
        return None


def _trigger_positions(text: str, lang: str, lo: int, hi: int) -> dict[str, list[int]]:
    """Where each word that some pattern needs stands (figures under DIGITS): one pass of a word regex."""
    wanted = frozenset().union(*(p.triggers for p in patterns(lang)))
    positions: dict[str, list[int]] = {}
    for m in _WORD.finditer(text, lo, hi):
        word = m[0]
        key = DIGITS if word[0].isdigit() or word[-1].isdigit() else word.lower()
        if key in wanted:
            positions.setdefault(key, []).append(m.start())
    return positions


def _windows(pattern: Pattern, positions: dict[str, list[int]], lo: int, hi: int) -> list[tuple[int, int]]:
    """The stretches of text around the pattern's trigger words, merged: a pattern searches only
    these, so that a long text with few times costs one pass of a word regex, not one of every pattern."""
    starts = sorted(p for word in pattern.triggers if word in positions for p in positions[word])
    windows: list[tuple[int, int]] = []
    for at in starts:
        start, end = max(lo, at - REACH_BEFORE), min(hi, at + REACH_AFTER)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


def _longest_first(found: list[tuple[int, int, int, re.Match[str]]], lo: int,
                   hi: int) -> list[tuple[int, int, int, re.Match[str]]]:
    """The candidates that no longer one overlaps, in document order (ties: the earlier pattern)."""
    taken = bytearray(hi - lo)  # one mark per character: the check costs the candidate's length, not their number
    chosen = []
    for cand in sorted(found, key=lambda c: (c[0] - c[1], c[0], c[2])):
        start, end = cand[0] - lo, cand[1] - lo
        if any(taken[start:end]):
            continue
        taken[start:end] = b"\x01" * (end - start)
        chosen.append(cand)
    return sorted(chosen, key=lambda c: c[0])


_ADJECTIVE_TIME = re.compile(r"(?:the|its|that|this|a|an)\s+(?=\S+-(?:quarter|year|week|day|month|hour|minute)\b)", re.I)


def _without_determiner(text: str, start: int, end: int) -> int:
    """TimeML leaves out the determiner of a time used as an adjective: "the [third-quarter] loss"."""
    m = _ADJECTIVE_TIME.match(text, start, end)
    if m is None or text[end:end + 1] == " " and not re.match(r"\s+\w", text[end:end + 3]):
        return start
    return m.end()


def _expression(text: str, start: int, end: int, r: Reading) -> TimeExpr:
    return TimeExpr(start=start, end=end, text=text[start:end], type=r.type, value=r.value,
                    granularity=r.granularity, anchor=r.anchor, rule=r.rule, mod=r.mod)
