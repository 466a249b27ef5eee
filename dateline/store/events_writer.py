"""The writer of the "events" stage: each article's coded events as mentions of events that span
articles, joined by `events.identity`.

Per batch: the articles' old mentions are already gone (`delete`, called first; the trigger of
migration 0008 recounts their events and deletes those left without a mention), so re-processing
replaces an article's mentions and never counts them twice. Each coded event then joins the best
stored (or earlier in the batch) event it matches, `match_score` ≥ MATCH_THRESHOLD, else becomes
a new one with `stable_id` as its id. Candidates are stored events of the same type sharing an actor
code whose days overlap the coded event's, one day either side (an undated event looks among the
events reported in the UNDATED_WINDOW before its article). The joined events take the more
specific date and place and the actors of both; counts, flags, first and last seen are recounted
from their mentions.

`rebuild_identity` is the full pass: every stored mention's coded event merged again from scratch,
in the order the articles were published (after `reprocess --stage events`, whose incremental
joins depend on the order the articles came in).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    Connection,
    Integer,
    Text,
    and_,
    bindparam,
    case,
    delete,
    func,
    or_,
    select,
    update,
)

from ..events.identity import Merger, actor_keys, date_range, stable_id
from ..model import Actor, Event, EventMention
from .events_reads import event_from_row
from .schema import articles, event_actors, event_mentions, events
from .sql import chunks
from .stage_writers import StageOutput, register_stage_writer

FLAGS = ("future", "hypothetical", "negated", "historical")
UNDATED_WINDOW = timedelta(days=30)
QUERY_EVENTS = 50  # coded events whose candidates one query looks up

# The columns of `events` that say what the event is (the rest are counted from its mentions).
_DESCRIPTIVE = ("type", "mode", "contexts", "actors", "recipients", "actor_codes", "recipient_codes", "reciprocal",
                "cameo", "quad_class", "goldstein", "intensity", "date", "date_granularity", "date_source", "day_from",
                "day_to", "place", "place_geonameid", "place_country", "place_source")


class EventsWriter:
    """Stores the `list[Event]` of each article; module-level and stateless, so a writer process can unpickle it."""

    def write(self, conn: Connection, outputs: Sequence[StageOutput]) -> None:
        now = datetime.now(UTC)
        seen = _article_times(conn, [o.article_id for o in outputs], now)
        coded = [(o.article_id, k, event) for o in outputs for k, event in enumerate(o.output or [])]
        if not coded:
            return
        stored = _candidates(conn, [(e, seen[aid]) for aid, _, e in coded])
        merger = Merger()
        for event in stored:
            merger.add(event, join=False)  # stored events are apart already
        first_new = len(merger.events)
        placed: list[int] = []
        for _, _, event in coded:
            position, _joined = merger.add(replace(event, id=stable_id(event), mentions=[]))
            placed.append(position)
        touched = sorted(set(placed))
        ids = _unique_ids(conn, merger.events, first_new, touched)
        new = [p for p in touched if p >= first_new]
        changed = [p for p in touched if p < first_new]
        if new:
            conn.execute(events.insert(), [event_row(ids[p], merger.events[p], now) for p in new])
        if changed:
            _update_events(conn, [(ids[p], merger.events[p]) for p in changed])
        _replace_codes(conn, [(ids[p], merger.events[p]) for p in touched])
        rows = []
        for (aid, k, event), p in zip(coded, placed, strict=True):
            data = coded_dict(event)
            rows += [mention_row(aid, k, ids[p], event, n, m, seen[aid], data) for n, m in enumerate(event.mentions)]
        if rows:
            conn.execute(event_mentions.insert(), rows)
        refresh_events(conn, [ids[p] for p in touched])

    def delete(self, conn: Connection, article_ids: Sequence[int]) -> None:
        # The trigger recounts the events these mentions belonged to and deletes those left without any.
        conn.execute(delete(event_mentions).where(event_mentions.c.article_id.in_(article_ids)))


# -- rows -----------------------------------------------------------------------------------------


def codes(actors: Iterable[Actor]) -> list[str]:
    """What a side is found by: what identity matches it on (each actor's id and its country),
    and country+sector (RUSGOV)."""
    actors = list(actors)
    found = actor_keys(actors) | {a.country + a.sector for a in actors if a.country and a.sector}
    return sorted(found)


def _days(event: Event) -> tuple[str | None, str | None]:
    """The first and last day (YYYY-MM-DD) the event's date covers; None, None when undated."""
    days = date_range(event.date)
    return (days[0].isoformat(), days[1].isoformat()) if days else (None, None)


def _descriptive(event: Event) -> dict[str, Any]:
    day_from, day_to = _days(event)
    place = event.place
    return {
        "type": event.type, "mode": event.mode, "contexts": list(event.contexts),
        "actors": [a.to_dict() for a in event.actors], "recipients": [a.to_dict() for a in event.recipients],
        "actor_codes": " " + " ".join(codes(event.actors)) + " ",
        "recipient_codes": " " + " ".join(codes(event.recipients)) + " ",
        "reciprocal": bool(event.reciprocal), "cameo": event.cameo, "quad_class": event.quad_class,
        "goldstein": event.goldstein, "intensity": event.intensity, "date": event.date,
        "date_granularity": event.date_granularity or "", "date_source": event.date_source or "none",
        "day_from": day_from, "day_to": day_to,
        "place": place.to_dict() if place else None, "place_geonameid": place.geonameid if place else None,
        "place_country": place.country if place else None, "place_source": event.place_source or "none",
    }


def event_row(event_id: str, event: Event, now: datetime) -> dict[str, Any]:
    """A new `events` row; its counts, flags and times are set from its mentions (refresh_events)."""
    return {"id": event_id, **_descriptive(event), **{f: bool(getattr(event, f)) for f in FLAGS},
            "first_seen": now, "last_seen": now, "mention_count": 0, "article_count": 0, "confidence": 0.0}


def coded_dict(event: Event) -> dict[str, Any]:
    """The event as its article's coder gave it, without its mentions (event_mentions.coded)."""
    return {k: v for k, v in event.to_dict().items() if k != "mentions"}


def mention_row(article_id: int, article_event: int, event_id: str, coded: Event, position: int, m: EventMention,
                seen: datetime, data: dict[str, Any]) -> dict[str, Any]:
    s, t = m.sentence, m.trigger
    return {
        "article_id": article_id, "event_id": event_id, "article_event": article_event, "position": position,
        "sentence_start": s.start, "sentence_end": s.end, "sentence_text": s.text,
        "sentence_index": m.sentence_index, "trigger_start": t.start, "trigger_end": t.end, "trigger_text": t.text,
        "rule": m.rule or "", "quote_speaker": m.quote_speaker, "confidence": float(m.confidence),
        **{f: bool(getattr(coded, f)) for f in FLAGS}, "date": coded.date,
        "date_granularity": coded.date_granularity or "", "seen": seen,
        "coded": data,
    }


def _article_times(conn: Connection, ids: Sequence[int], now: datetime) -> dict[int, datetime]:
    """Each article's publication time, else `now`: when its mentions were seen."""
    found: dict[int, datetime] = {aid: now for aid in ids}
    for chunk in chunks(sorted(set(ids))):
        for aid, published in conn.execute(select(articles.c.id, articles.c.published_at)
                                           .where(articles.c.id.in_(chunk), articles.c.published_at.is_not(None))):
            found[aid] = published if published.tzinfo else published.replace(tzinfo=UTC)
    return found


# -- finding and writing events -------------------------------------------------------------------


def _candidates(conn: Connection, coded: Sequence[tuple[Event, datetime]]) -> list[Event]:
    """Stored events the coded ones may join: same type, a shared actor code, overlapping days.
    Their ids first (one query per type and QUERY_EVENTS coded events, in date order so that a
    query's days lie close), then each row once."""
    by_type: dict[str, list[tuple[Event, datetime]]] = defaultdict(list)
    for event, seen in coded:
        by_type[event.type].append((event, seen))
    found: set[str] = set()
    for type_, group in sorted(by_type.items()):
        group.sort(key=lambda pair: (pair[0].date is None, pair[0].date or "", pair[1]))
        for chunk in chunks(group, QUERY_EVENTS):
            keys = sorted({k for e, _ in chunk for k in actor_keys(e.actors) | actor_keys(e.recipients)})
            if not keys:
                continue
            windows = _windows([days for e, _ in chunk if (days := date_range(e.date)) is not None])
            when = [and_(events.c.day_from <= last.isoformat(), events.c.day_to >= first.isoformat())
                    for first, last in windows]
            undated = [seen for e, seen in chunk if date_range(e.date) is None]
            if undated:
                when.append(events.c.last_seen >= min(undated) - UNDATED_WINDOW)
            if windows:
                when.append(events.c.day_from.is_(None))
            found.update(conn.execute(
                select(events.c.id).where(
                    events.c.type == type_, or_(*when),
                    events.c.id.in_(select(event_actors.c.event_id).where(event_actors.c.code.in_(keys))))
            ).scalars())
    stored: list[Event] = []
    for ids in chunks(sorted(found)):
        stored += [event_from_row(row) for row in conn.execute(
            select(events).where(events.c.id.in_(ids)).order_by(events.c.id)).mappings()]
    return stored


def _windows(ranges: Sequence[tuple[date, date]]) -> list[tuple[date, date]]:
    """The stretches of days these ranges cover, a day either side, overlapping ones as one."""
    merged: list[tuple[date, date]] = []
    for first, last in sorted((f - timedelta(days=1), t + timedelta(days=1)) for f, t in ranges):
        if merged and first <= merged[-1][1] + timedelta(days=1):
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


def _unique_ids(conn: Connection, merged: list[Event], first_new: int, positions: Sequence[int]) -> dict[int, str]:
    """The id of each event: a stored one keeps its own; a new one its stable id, with "-2", "-3"...
    after it when that id is taken (two events nothing ties together but their key)."""
    ids = {p: merged[p].id for p in positions}
    wanted = sorted({merged[p].id for p in positions if p >= first_new})
    taken = {e.id for e in merged[:first_new]}
    clashes = []
    for chunk in chunks(wanted):
        clashes += [r[0] for r in conn.execute(select(events.c.id).where(events.c.id.in_(chunk)))]
    for base in clashes:  # rare: only then are the numbered ids looked up
        taken.add(base)
        taken.update(r[0] for r in conn.execute(select(events.c.id).where(events.c.id.like(f"{base}-%"))))
    for p in positions:
        if p < first_new:
            continue
        base, n = ids[p], 1
        while ids[p] in taken:
            n += 1
            ids[p] = f"{base}-{n}"
        taken.add(ids[p])
    return ids


def _update_events(conn: Connection, changed: Sequence[tuple[str, Event]]) -> None:
    statement = (update(events).where(events.c.id == bindparam("b_id"))
                 .values({name: bindparam(f"b_{name}", type_=events.c[name].type) for name in _DESCRIPTIVE}))
    conn.execute(statement, [{"b_id": event_id, **{f"b_{k}": v for k, v in _descriptive(event).items()}}
                             for event_id, event in changed])


def _replace_codes(conn: Connection, placed: Sequence[tuple[str, Event]]) -> None:
    for chunk in chunks([event_id for event_id, _ in placed]):
        conn.execute(delete(event_actors).where(event_actors.c.event_id.in_(chunk)))
    rows = [{"event_id": event_id, "side": side, "code": code, "day_from": day_from}
            for event_id, event in placed
            for day_from in [_days(event)[0]]
            for side, actors in (("actor", event.actors), ("recipient", event.recipients))
            for code in codes(actors)]
    if rows:
        conn.execute(event_actors.insert(), rows)


def refresh_events(conn: Connection, ids: Sequence[str]) -> None:
    """Counts, flags, first and last seen and confidence of these events from their mentions (as
    the trigger does on delete), one grouped UPDATE ... FROM per chunk; an event left without any
    mention is deleted."""
    m = event_mentions
    for chunk in chunks(sorted(set(ids))):
        agg = (select(m.c.event_id, func.count().label("n"), func.count(func.distinct(m.c.article_id)).label("a"),
                      func.min(m.c.seen).label("first"), func.max(m.c.seen).label("last"),
                      func.max(m.c.confidence).label("best"),
                      *(func.min(case((m.c[flag], 1), else_=0)).label(flag) for flag in FLAGS))
               .where(m.c.event_id.in_(chunk)).group_by(m.c.event_id).subquery())
        conn.execute(update(events).where(events.c.id == agg.c.event_id).values(
            mention_count=agg.c.n, article_count=agg.c.a, first_seen=agg.c.first, last_seen=agg.c.last,
            confidence=agg.c.best, **{flag: agg.c[flag] == 1 for flag in FLAGS}))
        kept = set(conn.execute(select(func.distinct(m.c.event_id)).where(m.c.event_id.in_(chunk))).scalars())
        orphans = [event_id for event_id in chunk if event_id not in kept]
        if orphans:
            conn.execute(delete(events).where(events.c.id.in_(orphans)))


# -- the full pass --------------------------------------------------------------------------------


def rebuild_identity(conn: Connection) -> int:
    """Merge every stored mention's coded event again from scratch, articles in the order they were
    published (then by id), and point the mentions at the events that come out; events no mention
    points at any more are deleted. Returns how many events there are. Holds every mention's coded
    event in memory once."""
    now = datetime.now(UTC)
    query = (select(event_mentions.c.id, event_mentions.c.article_id, event_mentions.c.article_event,
                    event_mentions.c.event_id, event_mentions.c.coded)
             .join(articles, articles.c.id == event_mentions.c.article_id)
             .order_by(articles.c.published_at.asc().nulls_last(), event_mentions.c.article_id,
                       event_mentions.c.article_event, event_mentions.c.position, event_mentions.c.id))
    coded: dict[tuple[int, int], Event] = {}
    members: dict[tuple[int, int], list[tuple[int, str]]] = defaultdict(list)
    for mid, aid, k, event_id, data in conn.execute(query):
        key = (aid, k)
        if key not in coded:
            event = Event.from_dict(data)
            coded[key] = replace(event, id=stable_id(event), mentions=[])
        members[key].append((mid, event_id))
    merger = Merger()
    placed = {key: merger.add(event)[0] for key, event in coded.items()}
    positions = list(range(len(merger.events)))
    ids = _unique_ids_from_scratch(merger.events)
    existing = {r[0] for r in conn.execute(select(events.c.id))}
    new = [p for p in positions if ids[p] not in existing]
    kept = [p for p in positions if ids[p] in existing]
    if new:
        conn.execute(events.insert(), [event_row(ids[p], merger.events[p], now) for p in new])
    if kept:
        _update_events(conn, [(ids[p], merger.events[p]) for p in kept])
    conn.execute(delete(event_actors))
    _replace_codes(conn, [(ids[p], merger.events[p]) for p in positions])
    moves = [{"b_id": mid, "b_event_id": ids[placed[key]]}
             for key, rows in members.items() for mid, old in rows if old != ids[placed[key]]]
    if moves:
        conn.execute(update(event_mentions).where(event_mentions.c.id == bindparam("b_id", type_=Integer))
                     .values(event_id=bindparam("b_event_id", type_=Text)), moves)
    gone = sorted(existing - set(ids.values()))
    for chunk in chunks(gone):
        conn.execute(delete(events).where(events.c.id.in_(chunk)))
    refresh_events(conn, list(ids.values()))
    return len(ids)


def _unique_ids_from_scratch(merged: Sequence[Event]) -> dict[int, str]:
    ids: dict[int, str] = {}
    taken: set[str] = set()
    for p, event in enumerate(merged):
        base, n, event_id = event.id, 1, event.id
        while event_id in taken:
            n += 1
            event_id = f"{base}-{n}"
        taken.add(event_id)
        ids[p] = event_id
    return ids


register_stage_writer("events", EventsWriter())
