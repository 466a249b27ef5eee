"""Reading the stories the "stories" stage stored: a filtered list (`list_stories`), one story
with its articles grouped by duplicate group and its timeline (`read_story`), and which story each
article is in (`memberships`, for exports and for scoring against a user's own labels)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Select, and_, exists, func, or_, select

from ..model import Event
from .encode import utc
from .errors import StoreError
from .events_reads import add_mentions, event_from_row
from .records import _AsDict
from .schema import (
    actor_mentions,
    articles,
    dedup_articles,
    event_mentions,
    events,
    place_mentions,
    stories,
    story_articles,
)


@dataclass(frozen=True)
class StoryFilter(_AsDict):
    """Which stories a read means. `since` / `until`: days (YYYY-MM-DD) or datetimes the story's
    span overlaps; `actor`: an article of the story names this actor (an id such as
    person:sergei-lavrov, or a country code: any actor of that country); `place`: an article
    names this place (a GeoNames id, a name, or a country code); `query`: every word appears in
    the story's title or summary; `limit`: latest stories first, None for all."""

    since: str | date | datetime | None = None
    until: str | date | datetime | None = None
    actor: str | None = None
    place: str | None = None
    query: str | None = None
    limit: int | None = 50


@dataclass
class StoryRecord(_AsDict):
    """A story as the list shows it."""

    id: str
    title: str
    summary: str
    first_published: datetime | None
    last_published: datetime | None
    article_count: int
    unique_count: int
    outlets: list[str]
    actors: list[str]
    places: list[str]


@dataclass
class StoryMember(_AsDict):
    """One article of a story, as a reader cites it."""

    article_id: int
    url: str | None
    site: str | None
    title: str | None
    published: str | None
    similarity: float
    duplicate_group: int | None


@dataclass
class StoryDetail(StoryRecord):
    """A story with its articles, grouped: each list is one duplicate group (a lone article is a
    group of one), groups in publication order; and its events in date order (its timeline)."""

    groups: list[list[StoryMember]] = field(default_factory=list)
    timeline: list[Event] = field(default_factory=list)
    group_count: int = 0  # all its duplicate groups (`groups` may hold only the first of them)
    event_count: int = 0  # all its events (`timeline` may hold only the first of them)


def _bound(value: str | date | datetime, upper: bool) -> datetime:
    """A day's first (or, for `upper`, last) instant in UTC; a time as it is."""
    if isinstance(value, date) and not isinstance(value, datetime):
        value = value.isoformat()
    if isinstance(value, str) and len(value.strip()) == 10:
        value = value.strip() + ("T23:59:59" if upper else "T00:00:00")
    when = utc(value)
    if when is None:
        raise StoreError(f"not a date: {value!r} (use YYYY-MM-DD or an ISO 8601 time)")
    return when


def filtered_stories(f: StoryFilter) -> Select[Any]:
    """The `stories` rows the filter picks, unordered and without its limit (the list and the API)."""
    query = select(stories)
    s = story_articles.c
    if f.since:
        query = query.where(stories.c.last_published >= _bound(f.since, upper=False))
    if f.until:
        query = query.where(stories.c.first_published <= _bound(f.until, upper=True))
    if f.actor:
        code = f.actor.strip()
        named = or_(actor_mentions.c.actor_id == code, actor_mentions.c.country == code.upper())
        query = query.where(exists().where(and_(s.story_id == stories.c.id,
                                                actor_mentions.c.article_id == s.article_id, named)))
    if f.place:
        name = f.place.strip()
        where = [place_mentions.c.name.ilike(name), place_mentions.c.country == name.upper()]
        if name.isdigit():
            where.append(place_mentions.c.geonameid == int(name))
        query = query.where(exists().where(and_(s.story_id == stories.c.id,
                                                place_mentions.c.article_id == s.article_id, or_(*where))))
    for word in (f.query or "").casefold().split():
        query = query.where(stories.c.search_text.contains(word, autoescape=True))
    return query


def record_from_row(row: Any) -> StoryRecord:
    return StoryRecord(id=row["id"], title=row["title"], summary=row["summary"],
                       first_published=row["first_published"], last_published=row["last_published"],
                       article_count=row["article_count"], unique_count=row["unique_count"],
                       outlets=list(row["outlets"] or []), actors=list(row["actors"] or []),
                       places=list(row["places"] or []))


def list_stories(conn: Connection, where: StoryFilter | None = None) -> list[StoryRecord]:
    """The stories the filter picks, the latest article first."""
    f = where or StoryFilter()
    query = filtered_stories(f).order_by(stories.c.last_published.desc().nulls_last(), stories.c.id)
    if f.limit:
        query = query.limit(f.limit)
    return [record_from_row(row) for row in conn.execute(query).mappings()]


def read_story(conn: Connection, story_id: str, limit: int | None = None, offset: int = 0) -> StoryDetail | None:
    """The story with its groups and timeline; with `limit` (and `offset`), only that stretch of its
    groups (in publication order) and of its events (in date order), and the counts of all."""
    row = conn.execute(select(stories).where(stories.c.id == story_id)).mappings().first()
    if row is None:
        return None
    detail = StoryDetail(**record_from_row(row).to_dict())
    s, a, d = story_articles.c, articles.c, dedup_articles.c
    members = conn.execute(
        select(s.article_id, a.url, a.site, a.title, a.published, s.similarity, d.group_id)
        .join(articles, a.id == s.article_id).outerjoin(dedup_articles, d.article_id == s.article_id)
        .where(s.story_id == story_id).order_by(a.published_at.asc().nulls_last(), s.article_id)).all()
    groups: dict[int | str, list[StoryMember]] = {}
    for m in members:
        member = StoryMember(m.article_id, m.url, m.site, m.title, m.published, m.similarity, m.group_id)
        groups.setdefault(m.group_id if m.group_id is not None else f"a{m.article_id}", []).append(member)
    detail.groups = list(groups.values())[offset:None if limit is None else offset + limit]
    detail.group_count = len(groups)
    in_story = select(s.article_id).where(s.story_id == story_id)
    reported = events.c.id.in_(select(event_mentions.c.event_id).where(event_mentions.c.article_id.in_(in_story)))
    timeline = conn.execute(select(events).where(reported)
                            .order_by(events.c.day_from.asc().nulls_last(), events.c.id).offset(offset).limit(limit))
    detail.timeline = [event_from_row(r) for r in timeline.mappings()]
    whole = offset == 0 and (limit is None or len(detail.timeline) < limit)
    detail.event_count = (len(detail.timeline) if whole
                          else int(conn.execute(select(func.count()).select_from(events).where(reported)).scalar() or 0))
    add_mentions(conn, detail.timeline)
    return detail


def story_of_article(conn: Connection, article_id: int) -> str | None:
    return conn.execute(select(story_articles.c.story_id).where(story_articles.c.article_id == article_id)).scalar()


def memberships(conn: Connection) -> Iterator[dict[str, Any]]:
    """Every stored article's story: article id, URL, source id, story id, similarity and
    duplicate group, in story order."""
    s, a, d = story_articles.c, articles.c, dedup_articles.c
    query = (select(s.story_id, s.article_id, a.url, a.source_id, s.similarity, d.group_id)
             .join(articles, a.id == s.article_id).outerjoin(dedup_articles, d.article_id == s.article_id)
             .order_by(s.story_id, s.article_id))
    for row in conn.execute(query):
        yield {"story_id": row.story_id, "article_id": row.article_id, "url": row.url,
               "source_id": row.source_id, "similarity": row.similarity, "duplicate_group": row.group_id}


class StoryReads:
    """The reads above as methods of `Store`."""

    def _read(self) -> AbstractContextManager[Connection]:
        raise NotImplementedError  # Store's

    def stories(self, where: StoryFilter | None = None) -> list[StoryRecord]:
        """Stories, the latest first (list_stories)."""
        with self._read() as conn:
            return list_stories(conn, where)

    def story(self, story_id: str, limit: int | None = None, offset: int = 0) -> StoryDetail | None:
        """One story with its articles by duplicate group and its timeline (with `limit`, `limit` of
        each from `offset` on, and the counts of all); None when there is none."""
        with self._read() as conn:
            return read_story(conn, story_id, limit, offset)

    def story_of(self, article_id: int) -> str | None:
        """The id of the story an article is in."""
        with self._read() as conn:
            return story_of_article(conn, article_id)

    def iter_story_memberships(self) -> Iterator[dict[str, Any]]:
        """Every clustered article's story (memberships), streamed."""
        with self._read() as conn:
            yield from memberships(conn)
