"""Reading what the "events" stage stored: events with their mentions, filtered (`read_events`),
one by id (`read_event`), and the articles their mentions stand in (`mention_sources`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Select, func, or_, select

from ..model import Actor, Event, EventMention, Place, Span
from .records import _AsDict
from .schema import articles, event_actors, event_mentions, events
from .sql import chunks


@dataclass(frozen=True)
class EventFilter(_AsDict):
    """Which events a read means. `actor` / `recipient`: a code of that side (a country RUS, a
    country and sector RUSGOV, an actor id person:sergei-lavrov); `country`: either side's country
    or the place's; `type`: PLOVER (CONSULT); `since` / `until`: days (YYYY-MM-DD) the event's date
    overlaps (undated events are left out when either is given); `query`: words in a mention's
    sentence (case-insensitive); `limit`: the newest events first, None for all."""

    actor: str | None = None
    recipient: str | None = None
    type: str | None = None
    country: str | None = None
    since: str | date | None = None
    until: str | date | None = None
    query: str | None = None
    limit: int | None = 50


@dataclass
class MentionSource(_AsDict):
    """The article a mention stands in, as a reader cites it."""

    article_id: int
    url: str | None
    site: str | None
    title: str | None
    published: str | None


def _day(value: str | date) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    return value.isoformat() if isinstance(value, date) else str(value)[:10]


def _side(side: str | None, code: str) -> Any:
    query = select(event_actors.c.event_id).where(event_actors.c.code.in_(sorted({code, code.upper()})))
    return query if side is None else query.where(event_actors.c.side == side)


def read_events(conn: Connection, where: EventFilter | None = None) -> list[Event]:
    """The events the filter picks, latest date first (undated last), each with its mentions."""
    f = where or EventFilter()
    query = filtered_events(f)
    query = query.order_by(events.c.day_from.desc().nulls_last(), events.c.last_seen.desc(), events.c.id)
    if f.limit:
        query = query.limit(f.limit)
    found = [event_from_row(row) for row in conn.execute(query).mappings()]
    add_mentions(conn, found)
    return found


def filtered_events(f: EventFilter) -> Select[Any]:
    """The `events` rows the filter picks, unordered and without its limit (read_events and the API's pages)."""
    query = select(events)
    if f.type:
        query = query.where(events.c.type == f.type.upper())
    if f.actor:
        query = query.where(events.c.id.in_(_side("actor", f.actor)))
    if f.recipient:
        query = query.where(events.c.id.in_(_side("recipient", f.recipient)))
    if f.country:
        query = query.where(or_(events.c.id.in_(_side(None, f.country)), events.c.place_country == f.country.upper()))
    if f.since:
        query = query.where(events.c.day_to >= _day(f.since))
    if f.until:
        query = query.where(events.c.day_from <= _day(f.until))
    if f.query:
        query = query.where(events.c.id.in_(select(event_mentions.c.event_id).where(
            func.lower(event_mentions.c.sentence_text).contains(f.query.lower(), autoescape=True))))
    return query


def read_event(conn: Connection, event_id: str) -> Event | None:
    row = conn.execute(select(events).where(events.c.id == event_id)).mappings().first()
    if row is None:
        return None
    event = event_from_row(row)
    add_mentions(conn, [event])
    return event


def events_in_order(conn: Connection, ids: Sequence[str]) -> list[Event]:
    """These events in the order of `ids` (those that exist), each with its mentions."""
    by_id: dict[str, Event] = {}
    for chunk in chunks(ids):
        for row in conn.execute(select(events).where(events.c.id.in_(chunk))).mappings():
            by_id[row["id"]] = event_from_row(row)
    found = [by_id[i] for i in ids if i in by_id]
    add_mentions(conn, found)
    return found


def event_from_row(row: Any) -> Event:
    """An `Event` of an `events` row, without its mentions."""
    place = row["place"]
    return Event(
        row["id"], row["type"], mode=row["mode"], contexts=list(row["contexts"] or []),
        actors=[Actor.from_dict(a) for a in row["actors"] or []],
        recipients=[Actor.from_dict(a) for a in row["recipients"] or []], reciprocal=bool(row["reciprocal"]),
        cameo=row["cameo"], quad_class=row["quad_class"], goldstein=row["goldstein"], intensity=row["intensity"],
        date=row["date"], date_granularity=row["date_granularity"] or "", date_source=row["date_source"] or "none",
        place=Place.from_dict(place) if place else None, place_source=row["place_source"] or "none",
        future=bool(row["future"]), hypothetical=bool(row["hypothetical"]), negated=bool(row["negated"]),
        historical=bool(row["historical"]),
    )


_MENTION_COLUMNS = tuple(event_mentions.c[name] for name in (
    "event_id", "article_id", "sentence_start", "sentence_end", "sentence_text", "trigger_start", "trigger_end",
    "trigger_text", "sentence_index", "rule", "quote_speaker", "confidence"))


def add_mentions(conn: Connection, found: Sequence[Event]) -> None:
    """Each event's mentions, oldest article first, with the article's id and publication date."""
    by_id = {e.id: e for e in found}
    for chunk in chunks(sorted(by_id)):
        rows = conn.execute(
            select(*_MENTION_COLUMNS, articles.c.published)  # not `coded`: a JSON document per mention, unused here
            .join(articles, articles.c.id == event_mentions.c.article_id)
            .where(event_mentions.c.event_id.in_(chunk))
            .order_by(articles.c.published_at.asc().nulls_last(), event_mentions.c.article_id,
                      event_mentions.c.article_event, event_mentions.c.position)
        ).mappings()
        for row in rows:
            by_id[row["event_id"]].mentions.append(EventMention(
                Span(row["sentence_start"], row["sentence_end"], row["sentence_text"]),
                Span(row["trigger_start"], row["trigger_end"], row["trigger_text"]),
                sentence_index=row["sentence_index"], rule=row["rule"], quote_speaker=row["quote_speaker"],
                confidence=row["confidence"], article_id=row["article_id"], published=row["published"]))


def mention_sources(conn: Connection, article_ids: Sequence[int]) -> dict[int, MentionSource]:
    """The articles of these ids (for their URL, site and title beside an event's mentions)."""
    found: dict[int, MentionSource] = {}
    for chunk in chunks(sorted(set(article_ids))):
        for aid, url, site, title, published in conn.execute(
                select(articles.c.id, articles.c.url, articles.c.site, articles.c.title, articles.c.published)
                .where(articles.c.id.in_(chunk))):
            found[aid] = MentionSource(aid, url, site, title, published)
    return found


def article_events(conn: Connection, article_ids: Sequence[int]) -> dict[int, list[str]]:
    """The ids of the events each of these articles reports, in the order it reports them."""
    found: dict[int, list[str]] = defaultdict(list)
    for chunk in chunks(sorted(set(article_ids))):
        for aid, event_id in conn.execute(
                select(event_mentions.c.article_id, event_mentions.c.event_id)
                .where(event_mentions.c.article_id.in_(chunk))
                .order_by(event_mentions.c.article_id, event_mentions.c.article_event, event_mentions.c.position)):
            if event_id not in found[aid]:
                found[aid].append(event_id)
    return dict(found)


def coded_events_of(conn: Connection, article_ids: Sequence[int]) -> dict[int, list[Event]]:
    """Each article's events as its coder gave them (without mentions), in the article's order."""
    found: dict[int, dict[int, Event]] = defaultdict(dict)
    m = event_mentions.c
    for chunk in chunks(sorted(set(article_ids))):
        for aid, k, data in conn.execute(select(m.article_id, m.article_event, m.coded)
                                         .where(m.article_id.in_(chunk)).order_by(m.article_id, m.article_event)):
            if k not in found[aid]:
                found[aid][k] = Event.from_dict(data)
    return {aid: list(by_k.values()) for aid, by_k in found.items()}
