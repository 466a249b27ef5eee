"""Time expressions in a text, normalised TIMEX3-style against the publication date.

`find_times(text, published, lang)` is pure and fast: regexes (times_patterns.py) find the
candidates, the longest leftmost ones win, and each is read (times_resolve.py) in document
order, so that "a year earlier" can count from the quarter named just before it. Weekdays and
dates without a year follow the tense of their clause (times_tense.py). Without a publication
date the expressions are still found, with anchor "unresolved".
"""

from __future__ import annotations

import re
from datetime import date, datetime

from ..model import TimeExpr
from .times_calendar import as_date
from .times_patterns import patterns
from .times_resolve import PREV, PUB, READERS, Context, Reading

# A page is not a book: past this many expressions the rest of a huge text is left unread.
MAX_EXPRESSIONS = 5000


def find_times(text: str, published: datetime | date | None = None, lang: str = "en") -> list[TimeExpr]:
    """Every time expression in `text`, left to right, with its TIMEX3 type, value and anchor.

    `published` is the anchor of relative expressions ("last month", "Thursday"); `lang` the
    text's language (ISO 639-1): English, German, French and Spanish are read, other languages
    get their ISO dates only.
    """
    if not text:
        return []
    anchor = as_date(published) if published is not None else None
    lang = (lang or "en").lower()[:2]
    probe = Context(text, anchor, lang)
    # every candidate that reads as a time expression at all (the previous expression aside)
    found: list[tuple[int, int, int, re.Match[str]]] = []
    for order, pattern in enumerate(patterns(lang)):
        read = READERS[pattern.kind]
        for m in pattern.regex.finditer(text):
            if m.end() > m.start() and read(m, probe) is not None:
                found.append((m.start(), m.end(), order, m))
    chosen = _longest_first(found, len(text))
    out: list[TimeExpr] = []
    ctx = Context(text, anchor, lang)
    for start, end, order, m in chosen[:MAX_EXPRESSIONS]:
        reading = READERS[patterns(lang)[order].kind](m, ctx)
        if reading is None:
            continue
        start = _without_determiner(text, start, end)
        out.append(_expression(text, start, end, reading))
        if reading.point is not None and reading.anchor in ("absolute", PUB, PREV):
            ctx.previous = reading.point
    return out


def _longest_first(found: list[tuple[int, int, int, re.Match[str]]], size: int) -> list[tuple[int, int, int, re.Match[str]]]:
    """The candidates that no longer one overlaps, in document order (ties: the earlier pattern)."""
    taken = bytearray(size)  # one mark per character: the check costs the candidate's length, not their number
    chosen = []
    for cand in sorted(found, key=lambda c: (c[0] - c[1], c[0], c[2])):
        start, end = cand[0], cand[1]
        if any(taken[start:end]):
            continue
        taken[start:end] = b"\x01" * (end - start)
        chosen.append(cand)
    return sorted(chosen, key=lambda c: c[0])


_ADJECTIVE_TIME = re.compile(r"(?:the|its|that|this|a|an)\s+(?=\S+-(?:quarter|year|week|day|month|hour|minute)\b)", re.I)


def _without_determiner(text: str, start: int, end: int) -> int:
    """TimeML leaves out the determiner of a time used as an adjective: "the [third-quarter] loss"."""
    m = _ADJECTIVE_TIME.match(text, start, end)
    if m is None or text[end:end + 1] == " " and not re.match(r"\s+[a-z]", text[end:end + 3]):
        return start
    return m.end()


def _expression(text: str, start: int, end: int, r: Reading) -> TimeExpr:
    return TimeExpr(start=start, end=end, text=text[start:end], type=r.type, value=r.value,
                    granularity=r.granularity, anchor=r.anchor, rule=r.rule, mod=r.mod)
