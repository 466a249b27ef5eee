"""Which reports are one happening: a score between two coded events, the greedy merge of a list of
them, and the stable id of a new event. Pure: no I/O (the store calls it with stored events).

`match_score(a, b)` is 0 unless
- the types are the same (PLOVER type; two different modes of one type match, a little weaker),
- the actors overlap: the two events share an actor id or a country (ISO alpha-3, or an organisation
  code) on the same side, and no side has two disjoint non-empty lists; a side empty on one event is
  neutral. An event both sides do to each other (`reciprocal`, or a meeting or call) also matches
  with its sides swapped ("Russian and US diplomats met" = "US diplomats met Russian diplomats"),
- the dates are compatible: the same day, days one apart (time zones, "overnight"), a day inside a
  month, week, quarter or year the other names. Flags do not stand in the way: a planned event
  ("will meet on Thursday", future) matches a later report of the same day that it happened.
  No date on one side is weaker, not a veto.
Then the score weighs actors (0.45), date (0.35) and place (0.2): the same GeoNames place scores
1, the same country 0.7 (0.8 when one place is the country of the other), a missing place 0.5
(neutral), places in two countries 0.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, timedelta
from functools import lru_cache

from ..model import Actor, Event, Place

MATCH_THRESHOLD = 0.6

ACTOR_WEIGHT, DATE_WEIGHT, PLACE_WEIGHT = 0.45, 0.35, 0.2
OTHER_MODE = 0.85  # factor when both events name a mode and the modes differ ("meet" and "phone")
NEUTRAL = 0.5  # what a side, a date or a place missing on one event scores

# Modes in which both sides do the same thing to each other: the sides may be swapped.
SYMMETRIC = {("CONSULT", None), ("CONSULT", "meet"), ("CONSULT", "phone"), ("CONSULT", "talks")}

# The more specific, the lower (a city beats a country); unknown kinds rank with admin2.
PLACE_RANK = {"city": 0, "admin2": 1, "admin1": 2, "country": 3, "continent": 4}
SOURCE_RANK = {"sentence": 0, "paragraph": 1, "publication date": 2, "dateline": 2, "none": 3}

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:T.*)?$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_YEAR = re.compile(r"^(\d{4})(?:-(?:SP|SU|FA|WI|H[12]))?$")


@lru_cache(maxsize=65536)
def date_range(value: str | None) -> tuple[date, date] | None:
    """The first and last day a TIMEX3 value covers: 2025-02-27, 2025-02, 2025-W09, 2025-Q1, 2025
    (a season or half counts as its year); None for no value and for what names no stretch of
    days (202X, PRESENT_REF, XXXX-03-21, P3Y)."""
    if not value:
        return None
    value = value.strip()
    try:
        if m := _DAY.match(value):
            day = date(int(m[1]), int(m[2]), int(m[3]))
            return day, day
        if m := _MONTH.match(value):
            year, month = int(m[1]), int(m[2])
            first = date(year, month, 1)
            last = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
            return first, last
        if m := _WEEK.match(value):
            monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return monday, monday + timedelta(days=6)
        if m := _QUARTER.match(value):
            year, q = int(m[1]), int(m[2])
            first = date(year, 3 * q - 2, 1)
            last = date(year + (q == 4), (3 * q) % 12 + 1, 1) - timedelta(days=1)
            return first, last
        if m := _YEAR.match(value):
            return date(int(m[1]), 1, 1), date(int(m[1]), 12, 31)
    except ValueError:  # 2025-02-30, week 54
        return None
    return None


def _span(days: tuple[date, date] | None) -> int:
    return 10**6 if days is None else (days[1] - days[0]).days


def date_score(a: str | None, b: str | None) -> float:
    """How well two event dates agree: 1 the same day, 0.6 a day apart, 0.5-0.8 one stretch inside
    the other (the narrower the container, the higher), 0.5 when one is missing, 0 when apart."""
    ra, rb = date_range(a), date_range(b)
    if ra is None or rb is None:
        return NEUTRAL
    if ra == rb:
        span = _span(ra)
        return 1.0 if span == 0 else 0.8 if span <= 31 else 0.6
    if _span(ra) == 0 and _span(rb) == 0:
        return 0.6 if abs((ra[0] - rb[0]).days) == 1 else 0.0
    inner, outer = (ra, rb) if _span(ra) <= _span(rb) else (rb, ra)
    if outer[0] <= inner[0] and inner[1] <= outer[1]:
        span = _span(outer)
        return 0.8 if span <= 7 else 0.7 if span <= 31 else 0.6 if span <= 92 else 0.5
    if inner[0] <= outer[1] and outer[0] <= inner[1]:
        return 0.4  # overlapping stretches (a week across two months)
    return 0.0


def place_score(a: Place | None, b: Place | None) -> float:
    """1 the same GeoNames place, 0.8 a place and its own country, 0.7 two places of one country,
    0.5 when one is missing, 0 in two countries (0.3 two places of unknown countries)."""
    if a is None or b is None:
        return NEUTRAL
    if a.geonameid == b.geonameid:
        return 1.0
    if a.country and b.country:
        if a.country != b.country:
            return 0.0
        return 0.8 if "country" in (a.kind, b.kind) else 0.7
    return 0.3


def actor_keys(actors: Iterable[Actor]) -> set[str]:
    """What a side is matched on: each actor's id and its country."""
    keys: set[str] = set()
    for actor in actors:
        keys.add(actor.id)
        if actor.country:
            keys.add(actor.country)
    return keys


def _side(a: Sequence[Actor], b: Sequence[Actor]) -> tuple[float, bool]:
    """(score, overlap) of one side: 1 a shared actor, 0.7 a shared country, 0.5 one side empty
    (1 both), 0 two disjoint lists."""
    if not a or not b:
        return (1.0 if not a and not b else NEUTRAL), False
    if {x.id for x in a} & {y.id for y in b}:
        return 1.0, True
    if {x.country for x in a if x.country} & {y.country for y in b if y.country}:
        return 0.7, True
    return 0.0, False


def _sides(a: Event, b: Event, swapped: bool) -> float:
    first, overlap1 = _side(a.actors, b.recipients if swapped else b.actors)
    second, overlap2 = _side(a.recipients, b.actors if swapped else b.recipients)
    if not (overlap1 or overlap2) or first == 0 or second == 0:
        return 0.0
    return (first + second) / 2


def symmetric(event: Event) -> bool:
    """Whether its two sides do the same to each other, so that they may be swapped."""
    return event.reciprocal or (event.type, event.mode) in SYMMETRIC


def _score(a: Event, b: Event) -> tuple[float, bool]:
    """match_score, and whether b's sides are swapped against a's."""
    if a.type != b.type:
        return 0.0, False
    when = date_score(a.date, b.date)  # the cheaper veto first
    if when == 0:
        return 0.0, False
    actors, swapped = _sides(a, b, False), False
    if symmetric(a) or symmetric(b):
        other = _sides(a, b, True)
        if other > actors:
            actors, swapped = other, True
    if actors == 0:
        return 0.0, False
    score = ACTOR_WEIGHT * actors + DATE_WEIGHT * when + PLACE_WEIGHT * place_score(a.place, b.place)
    if a.mode and b.mode and a.mode != b.mode:
        score *= OTHER_MODE
    return round(score, 6), swapped


def match_score(a: Event, b: Event) -> float:
    """How likely two coded events are one happening, 0-1 (see the module docstring); events that
    score MATCH_THRESHOLD or more are merged."""
    return _score(a, b)[0]


# The id suffix of the unidentified doer the coder infers (enrich.actors_book.unidentified_in).
UNIDENTIFIED = ":UNK"


def _union(first: Sequence[Actor], second: Sequence[Actor]) -> list[Actor]:
    by_id = {a.id: a for a in second}
    by_id.update({a.id: a for a in first})  # first's own copy of an actor both name
    union = list({a.id: by_id[a.id] for a in [*first, *second]}.values())
    # a doer the coder inferred ("unidentified (Mali)") gives way to one another report names
    named = [a for a in union if not a.id.endswith(UNIDENTIFIED)]
    return named or union


def _date_rank(event: Event) -> tuple[int, int]:
    return _span(date_range(event.date)), SOURCE_RANK.get(event.date_source, 3)


def _place_rank(event: Event) -> tuple[int, int]:
    if event.place is None:
        return 9, 9
    return PLACE_RANK.get(event.place.kind, 1), SOURCE_RANK.get(event.place_source, 3)


def merge(a: Event, b: Event, swapped: bool = False) -> Event:
    """One event of two reports of it: every mention; actors and contexts of both; the more
    specific date and place (a day beats a month, a city a country; then the sentence's word beats
    the publication date or the dateline); `future`, `hypothetical`, `negated` and `historical` only
    when both are (a planned meeting reported later as held is no longer future). Keeps a's id,
    and a's coding (mode, CAMEO) where it has one."""
    b_actors, b_recipients = (b.recipients, b.actors) if swapped else (b.actors, b.recipients)
    merged = replace(
        a,
        mode=a.mode or b.mode,
        contexts=list(dict.fromkeys([*a.contexts, *b.contexts])),
        actors=_union(a.actors, b_actors),
        recipients=_union(a.recipients, b_recipients),
        reciprocal=a.reciprocal or b.reciprocal,
        future=a.future and b.future,
        hypothetical=a.hypothetical and b.hypothetical,
        negated=a.negated and b.negated,
        historical=a.historical and b.historical,
        mentions=[*a.mentions, *b.mentions],
    )
    if a.cameo is None and b.cameo is not None:
        merged.cameo, merged.quad_class, merged.goldstein, merged.intensity = (b.cameo, b.quad_class, b.goldstein,
                                                                               b.intensity)
    if b.date is not None and _date_rank(b) < _date_rank(a):
        merged.date, merged.date_granularity, merged.date_source = b.date, b.date_granularity, b.date_source
    if b.place is not None and _place_rank(b) < _place_rank(a):
        merged.place, merged.place_source = b.place, b.place_source
    return merged


def _months(days: tuple[date, date]) -> list[str]:
    """The months (YYYY-MM) a stretch of days touches, a day either side."""
    first, last = days[0] - timedelta(days=1), days[1] + timedelta(days=1)
    months, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


class Merger:
    """The greedy merge, one event at a time: each joins the best event so far that it matches
    (MATCH_THRESHOLD or more; the earlier on a tie), else starts one. Candidates are found by type,
    a shared actor key and the months their days touch (an undated event: by type and key alone),
    so a long list costs what the overlapping events cost."""

    def __init__(self) -> None:
        self.events: list[Event] = []
        self._by_key: dict[tuple[str, str], set[int]] = defaultdict(set)  # every event
        self._by_month: dict[tuple[str, str, str], set[int]] = defaultdict(set)  # dated events
        self._undated: dict[tuple[str, str], set[int]] = defaultdict(set)

    def _candidates(self, event: Event) -> list[int]:
        keys = actor_keys(event.actors) | actor_keys(event.recipients)
        days = date_range(event.date)
        found: set[int] = set()
        for key in keys:
            if days is None:
                found.update(self._by_key.get((event.type, key), ()))
                continue
            found.update(self._undated.get((event.type, key), ()))
            for month in _months(days):
                found.update(self._by_month.get((event.type, key, month), ()))
        return sorted(found)

    def _index(self, position: int) -> None:
        event = self.events[position]
        days = date_range(event.date)
        for key in actor_keys(event.actors) | actor_keys(event.recipients):
            self._by_key[(event.type, key)].add(position)
            if days is None:
                self._undated[(event.type, key)].add(position)
            else:
                for month in _months(days):
                    self._by_month[(event.type, key, month)].add(position)

    def add(self, event: Event, join: bool = True) -> tuple[int, bool]:
        """Put `event` in; (the position of the event it is now part of, whether it joined one).
        `join=False` keeps it apart from those before it (events already known to differ)."""
        candidates = self._candidates(event) if join else []
        best, best_score, best_swapped = -1, 0.0, False
        for n in candidates:
            score, swapped = _score(self.events[n], event)
            if score >= MATCH_THRESHOLD and score > best_score:
                best, best_score, best_swapped = n, score, swapped
        if best < 0:
            self.events.append(event)
            best = len(self.events) - 1
        else:
            self.events[best] = merge(self.events[best], event, best_swapped)
        self._index(best)  # (a merged event may have a narrower date: its old entries stay, harmless)
        return best, best_score > 0


def merge_events(events: Sequence[Event]) -> list[Event]:
    """Events that are one happening merged into one (see `Merger` and `merge`), in the order
    of their first report."""
    merger = Merger()
    for event in events:
        merger.add(event)
    return merger.events


def _ids(actors: Iterable[Actor]) -> str:
    return ",".join(sorted({a.id for a in actors}))


def event_key(event: Event) -> str:
    """What identifies a happening before any other report joins it: type, actor ids, recipient
    ids (the two sides in a fixed order when they may be swapped), date and place id."""
    sides = [_ids(event.actors), _ids(event.recipients)]
    if symmetric(event):
        sides.sort()
    place = str(event.place.geonameid) if event.place is not None else ""
    return "|".join([event.type, *sides, event.date or "", place])


def stable_id(event: Event) -> str:
    """A short id for a new event: 16 hex digits of the SHA-1 of `event_key`, "ev-" before it."""
    return "ev-" + hashlib.sha1(event_key(event).encode("utf-8")).hexdigest()[:16]
