"""Reads for the web UI (dateline/serve/pages.py) beyond those of the REST API: an article's stored
pages and raw content, events counted by period and type and by place, an actor's counterparts
and quotes, the articles of each focus country, and for stories: the story an article is in, the
names of actors and the publication times of articles.

Every read is bounded (a LIMIT, or a GROUP BY over indexed columns) so that a page renders in well
under a second on a large store. `UiReads` is a mixin of `Store` (which gives it `_read` and
`_decompress`): its methods are the store's public ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Select, and_, func, select

from ..model import Event, Place, Quote
from .encode import utc
from .enrich_reads import _quote
from .events_reads import EventFilter, events_in_order, filtered_events
from .records import _AsDict
from .schema import (
    actors,
    articles,
    contents,
    event_actors,
    events,
    pages,
    place_mentions,
    quotes,
    stories,
    story_articles,
)
from .sql import among

COUNTERPART_EVENTS = 2000  # an actor's latest events that its counterparts are counted over


@dataclass
class PageRecord(_AsDict):
    """One stored version of an article's page: where it came from and when."""

    id: int
    url: str | None
    source: str | None
    fetched_at: datetime | None
    status: int | None
    content_hash: str
    size: int
    is_text: bool
    kind: str
    stored_at: datetime | None


@dataclass
class RawContent:
    """A page's bytes as they were fetched (text pages: UTF-8)."""

    page_id: int
    data: bytes
    is_text: bool


@dataclass
class EventCount(_AsDict):
    """Events of one type in one period (YYYY-MM; None: undated)."""

    period: str | None
    type: str
    events: int


@dataclass
class PlaceCount(_AsDict):
    """Events at one place."""

    place: Place
    events: int


@dataclass
class Counterpart(_AsDict):
    """An actor on the other side of an actor's events, and how many events they share."""

    id: str
    name: str
    country: str | None
    events: int


@dataclass
class QuoteRecord:
    """A quote an actor spoke, with its article."""

    quote: Quote
    article_id: int
    title: str | None
    published: str | None


@dataclass
class CountrySection(_AsDict):
    """A focus country and how many articles are about it."""

    country: str
    articles: int


def article_pages(conn: Connection, article_id: int) -> list[PageRecord]:
    """The stored pages an article was derived from, newest first."""
    rows = conn.execute(
        select(pages.c.id, pages.c.url, pages.c.source, pages.c.fetched_at, pages.c.status, pages.c.content_hash,
               contents.c.size, contents.c.is_text, pages.c.kind, pages.c.stored_at)
        .join(contents, contents.c.content_hash == pages.c.content_hash)
        .where(pages.c.article_id == article_id)
        .order_by(pages.c.id.desc())
        .limit(50)
    ).mappings()
    return [PageRecord(**{**row, "fetched_at": utc(row["fetched_at"]), "stored_at": utc(row["stored_at"]),
                          "is_text": bool(row["is_text"])}) for row in rows]


def compressed_content(conn: Connection, article_id: int, page_id: int | None) -> tuple[int, bytes, bool] | None:
    """The compressed content of an article's page (its newest when `page_id` is None)."""
    query = (select(pages.c.id, contents.c.data, contents.c.is_text)
             .join(contents, contents.c.content_hash == pages.c.content_hash)
             .where(pages.c.article_id == article_id))
    if page_id is not None:
        query = query.where(pages.c.id == page_id)
    row = conn.execute(query.order_by(pages.c.id.desc()).limit(1)).first()
    return (row[0], row[1], bool(row[2])) if row else None


def _period() -> Any:
    return func.substr(events.c.day_from, 1, 7)


def event_counts(conn: Connection, where: EventFilter | None) -> list[EventCount]:
    """The filter's events counted by month (of the day the date starts) and type, oldest month first."""
    period = _period().label("period")
    # The filter's own query with other columns: its WHERE stays, no second pass over an id list.
    rows = conn.execute(
        filtered_events(where or EventFilter()).with_only_columns(period, events.c.type, func.count().label("n"))
        .group_by(period, events.c.type)
        .order_by(period, events.c.type)
    )
    return [EventCount(p, t, int(n)) for p, t, n in rows]


def actor_event_counts(conn: Connection, actor_id: str) -> dict[str, dict[str, int]]:
    """An actor's events by side ("actor", "recipient") and month ("undated" for none), in one pass
    over the index of its roles (their copy of the event's first day)."""
    period = func.substr(event_actors.c.day_from, 1, 7).label("period")
    rows = conn.execute(
        select(event_actors.c.side, period, func.count().label("n"))
        .where(event_actors.c.code == actor_id)
        .group_by(event_actors.c.side, period)
    )
    found: dict[str, dict[str, int]] = {"actor": {}, "recipient": {}}
    for side, month, n in rows:
        found.setdefault(side, {})[month or "undated"] = int(n)
    return found


def _latest_event_roles(actor_id: str, side: str | None = None) -> Select[Any]:
    """An actor's event roles, the latest event date first (undated last): read from the index alone."""
    query = select(event_actors.c.event_id, event_actors.c.side).where(event_actors.c.code == actor_id)
    if side is not None:
        query = query.where(event_actors.c.side == side)
    return query.order_by(event_actors.c.day_from.desc().nulls_last(), event_actors.c.event_id.desc())


def latest_events(conn: Connection, actor_id: str, side: str, limit: int = 10) -> list[Event]:
    """The latest events (by date, undated last) with this actor on `side`, each with its mentions:
    the first page of the event explorer filtered on it, without reading its other events."""
    return events_in_order(conn, [event_id for event_id, _ in conn.execute(_latest_event_roles(actor_id, side)
                                                                           .limit(limit))])


def event_places(conn: Connection, where: EventFilter | None, limit: int = 300) -> list[PlaceCount]:
    """The places of the filter's events (the most events first), with their coordinates."""
    n = func.count().label("n")
    top = conn.execute(
        filtered_events(where or EventFilter()).with_only_columns(events.c.place_geonameid, n, func.min(events.c.id))
        .where(events.c.place_geonameid.is_not(None))
        .group_by(events.c.place_geonameid)
        .order_by(n.desc(), events.c.place_geonameid)
        .limit(limit)
    ).all()
    sample = {event_id: int(count) for _, count, event_id in top}
    found = []
    if sample:
        for event_id, place in conn.execute(select(events.c.id, events.c.place).where(events.c.id.in_(sample))):
            if place:
                found.append(PlaceCount(Place.from_dict(place), sample[event_id]))
    return sorted(found, key=lambda p: (-p.events, p.place.name))


def counterparts(conn: Connection, actor_id: str, limit: int = 10, within: int = COUNTERPART_EVENTS) -> list[Counterpart]:
    """The actors of the knowledge base on the other side of this actor's events (its latest
    `within` events by date, so that a country in every other event costs what a minister does),
    most shared events first."""
    latest = _latest_event_roles(actor_id).limit(within).subquery("mine")
    theirs = event_actors.alias("theirs")
    shared = func.count(func.distinct(theirs.c.event_id)).label("n")
    rows = conn.execute(
        select(actors.c.id, actors.c.name, actors.c.country, shared)
        .select_from(latest)
        .join(theirs, and_(theirs.c.event_id == latest.c.event_id, theirs.c.side != latest.c.side))
        .join(actors, actors.c.id == theirs.c.code)
        .where(actors.c.id != actor_id)
        .group_by(actors.c.id, actors.c.name, actors.c.country)
        .order_by(shared.desc(), actors.c.name)
        .limit(limit)
    )
    return [Counterpart(i, name, country, int(count)) for i, name, country, count in rows]


def actor_quotes(conn: Connection, actor_id: str, limit: int = 20) -> list[QuoteRecord]:
    """What this actor said, as quotes attributed to it, the latest articles first."""
    said = select(quotes.c.article_id).where(quotes.c.speaker_actor == actor_id)
    rows = conn.execute(
        select(quotes, articles.c.title.label("article_title"), articles.c.published.label("article_published"))
        .join(articles, articles.c.id == quotes.c.article_id)
        .where(quotes.c.speaker_actor == actor_id, among(conn.dialect.name, articles.c.id, said))
        .order_by(articles.c.published_at.desc().nulls_last(), quotes.c.id)
        .limit(limit)
    ).mappings()
    return [QuoteRecord(_quote(row), row["article_id"], row["article_title"], row["article_published"])
            for row in rows]


def top_sites(conn: Connection, top: int = 6) -> list[str]:
    """The sites of the most articles (a GROUP BY over the site index: the front page's sections,
    without the rest of `stats`)."""
    n = func.count().label("n")
    rows = conn.execute(select(articles.c.site, n).where(articles.c.site.is_not(None)).group_by(articles.c.site)
                        .order_by(n.desc(), articles.c.site).limit(top))
    return [site for site, _ in rows]


LATEST_SCANNED = 500  # the latest articles whose sites fill the front page's sections before a look-up per site
_LATEST_FIRST = (articles.c.published_at.desc().nulls_last(), articles.c.id.desc())


def latest_by_site(conn: Connection, sites: Sequence[str], limit: int = 4) -> dict[str, list[dict[str, Any]]]:
    """Per site (exactly that site), its latest articles: id, title, site, published_at, bodies
    left unread. The latest LATEST_SCANNED articles (the publication-time index, read from its
    end) fill most sections; a site with fewer there is looked up on its own."""
    found: dict[str, list[dict[str, Any]]] = {site: [] for site in sites}
    if not sites:
        return found
    cols = (articles.c.id, articles.c.title, articles.c.site, articles.c.published_at)
    for latest in conn.execute(select(*cols).order_by(*_LATEST_FIRST).limit(LATEST_SCANNED)).mappings():
        if latest["site"] in found and len(found[latest["site"]]) < limit:
            found[latest["site"]].append(dict(latest))
    for site, rows in found.items():
        if len(rows) < limit:
            rows[:] = [dict(r) for r in conn.execute(select(*cols).where(articles.c.site == site)
                                                     .order_by(*_LATEST_FIRST).limit(limit)).mappings()]
        for values in rows:
            values["published_at"] = utc(values["published_at"])
    return found


def focus_countries(conn: Connection, top: int = 8) -> list[CountrySection]:
    """The countries articles are about (their focus place's), those of the most articles first."""
    pm = place_mentions
    n = func.count(func.distinct(pm.c.article_id)).label("n")
    rows = conn.execute(select(pm.c.country, n).where(pm.c.focus.is_(True), pm.c.country.is_not(None))
                        .group_by(pm.c.country).order_by(n.desc(), pm.c.country).limit(top))
    return [CountrySection(country, int(count)) for country, count in rows]


def articles_about(conn: Connection, countries: Sequence[str], limit: int = 5) -> dict[str, list[dict[str, Any]]]:
    """Per country, the latest articles whose focus place lies in it: id, title, site, published_at.
    A query per country, each reading that country's article ids from the focus index, then those
    articles' times (bounded by the country's articles, however long ago it was last written about)."""
    pm = place_mentions
    cols = (articles.c.id, articles.c.title, articles.c.site, articles.c.published_at)
    found: dict[str, list[dict[str, Any]]] = {}
    for country in countries:
        about = select(pm.c.article_id).where(pm.c.focus.is_(True), pm.c.country == country)
        query = (select(*cols).where(among(conn.dialect.name, articles.c.id, about))
                 .order_by(*_LATEST_FIRST).limit(limit))
        found[country] = [{**row, "published_at": utc(row["published_at"])}
                          for row in conn.execute(query).mappings()]
    return found


@dataclass
class StoryLink(_AsDict):
    """The story an article is in, as a link shows it."""

    id: str
    title: str
    article_count: int


def story_link(conn: Connection, article_id: int) -> StoryLink | None:
    row = conn.execute(select(stories.c.id, stories.c.title, stories.c.article_count)
                       .join(story_articles, story_articles.c.story_id == stories.c.id)
                       .where(story_articles.c.article_id == article_id)).first()
    return StoryLink(row[0], row[1], int(row[2])) if row else None


def actor_names(conn: Connection, ids: Sequence[str]) -> dict[str, tuple[str, str | None]]:
    """The name and country of each of these actors the knowledge base knows."""
    found: dict[str, tuple[str, str | None]] = {}
    if ids:
        for actor_id, name, country in conn.execute(select(actors.c.id, actors.c.name, actors.c.country)
                                                    .where(actors.c.id.in_(list(ids)))):
            found[actor_id] = (name, country)
    return found


def published_times(conn: Connection, article_ids: Sequence[int]) -> dict[int, datetime | None]:
    """Each article's publication time in UTC (None: undated)."""
    found: dict[int, datetime | None] = {}
    for start in range(0, len(article_ids), 500):
        chunk = list(article_ids[start:start + 500])
        for article_id, when in conn.execute(select(articles.c.id, articles.c.published_at)
                                             .where(articles.c.id.in_(chunk))):
            found[article_id] = utc(when)
    return found


class UiReads:
    """The reads above as methods of `Store`."""

    def _read(self) -> AbstractContextManager[Connection]:
        raise NotImplementedError  # Store's

    def _decompress(self, data: bytes) -> bytes:
        raise NotImplementedError  # Store's

    def article_pages(self, article_id: int) -> list[PageRecord]:
        with self._read() as conn:
            return article_pages(conn, article_id)

    def raw_content(self, article_id: int, page_id: int | None = None) -> RawContent | None:
        """The raw content of one of the article's pages (the newest when `page_id` is None)."""
        with self._read() as conn:
            found = compressed_content(conn, article_id, page_id)
        if found is None:
            return None
        return RawContent(found[0], self._decompress(found[1]), found[2])

    def event_counts(self, where: EventFilter | None = None) -> list[EventCount]:
        with self._read() as conn:
            return event_counts(conn, where)

    def actor_event_counts(self, actor_id: str) -> dict[str, dict[str, int]]:
        with self._read() as conn:
            return actor_event_counts(conn, actor_id)

    def latest_events(self, actor_id: str, side: str, limit: int = 10) -> list[Event]:
        with self._read() as conn:
            return latest_events(conn, actor_id, side, limit)

    def event_places(self, where: EventFilter | None = None, limit: int = 300) -> list[PlaceCount]:
        with self._read() as conn:
            return event_places(conn, where, limit)

    def counterparts(self, actor_id: str, limit: int = 10) -> list[Counterpart]:
        with self._read() as conn:
            return counterparts(conn, actor_id, limit)

    def actor_quotes(self, actor_id: str, limit: int = 20) -> list[QuoteRecord]:
        with self._read() as conn:
            return actor_quotes(conn, actor_id, limit)

    def top_sites(self, top: int = 6) -> list[str]:
        with self._read() as conn:
            return top_sites(conn, top)

    def latest_by_site(self, sites: Sequence[str], limit: int = 4) -> dict[str, list[dict[str, Any]]]:
        with self._read() as conn:
            return latest_by_site(conn, sites, limit)

    def focus_countries(self, top: int = 8) -> list[CountrySection]:
        with self._read() as conn:
            return focus_countries(conn, top)

    def articles_about(self, countries: Sequence[str], limit: int = 5) -> dict[str, list[dict[str, Any]]]:
        with self._read() as conn:
            return articles_about(conn, countries, limit)

    def story_link(self, article_id: int) -> StoryLink | None:
        with self._read() as conn:
            return story_link(conn, article_id)

    def actor_names(self, ids: Sequence[str]) -> dict[str, tuple[str, str | None]]:
        with self._read() as conn:
            return actor_names(conn, ids)

    def published_times(self, article_ids: Sequence[int]) -> dict[int, datetime | None]:
        with self._read() as conn:
            return published_times(conn, article_ids)


__all__ = ["Counterpart", "CountrySection", "EventCount", "PageRecord", "PlaceCount", "QuoteRecord", "RawContent",
           "StoryLink", "UiReads"]


