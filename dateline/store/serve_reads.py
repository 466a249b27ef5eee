"""Reads for the REST API (dateline/serve): pages of articles, events and stories in a chosen
order, the places stored enrichment found, an article's events, and the article a page went to.

Pages are keyset pages: a page ends at a (sort value, id) key, and the next page starts after it,
so a page stays right while articles are added, and a deep page costs what the first one does.
Null sort values (an article without a publication date) come last in either direction.

`ServeReads` is a mixin of `Store` (which gives it `_read`): its methods are the store's public ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from sqlalchemy import Column, ColumnElement, Connection, DateTime, and_, func, or_, select

from ..model import Event
from .encode import utc
from .enrich_reads import actor_record, filtered_actors
from .events_reads import EventFilter, add_mentions, article_events, event_from_row, events_in_order, filtered_events
from .filters import filter_clauses
from .reads import article_columns
from .records import ActorRecord, ArticleFilter, StoredArticle, _AsDict
from .schema import actors, articles, events, pages, place_mentions, stories, story_merges
from .sql import chunks
from .story_reads import StoryFilter, StoryRecord, filtered_stories, record_from_row
from .ui_reads import UiReads

T = TypeVar("T")

# The orders a page of articles or events may be read in: a name for users, and its column.
ARTICLE_SORTS: dict[str, Column[Any]] = {
    "id": articles.c.id,
    "published_at": articles.c.published_at,
    "created_at": articles.c.created_at,
    "updated_at": articles.c.updated_at,
    "word_count": articles.c.word_count,
}
EVENT_SORTS: dict[str, Column[Any]] = {
    "date": events.c.day_from,
    "first_seen": events.c.first_seen,
    "last_seen": events.c.last_seen,
    "mentions": events.c.mention_count,
}

STORY_SORTS: dict[str, Column[Any]] = {
    "last_published": stories.c.last_published,
    "first_published": stories.c.first_published,
    "article_count": stories.c.article_count,
    "unique_count": stories.c.unique_count,
}

# (sort value, id) of the last row of a page, as JSON can carry it (times as ISO strings).
Key = tuple[Any, Any]


@dataclass
class KeysetPage(Generic[T]):
    """Rows of one page, and the key of its last row when more may follow (None: the last page)."""

    items: list[T]
    next_key: Key | None


@dataclass
class PlaceRecord(_AsDict):
    """A place stored enrichment found, with how many articles and mentions name it."""

    geonameid: int
    name: str | None
    kind: str | None
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    articles: int
    mentions: int
    names: list[str] = field(default_factory=list)


def _key_value(col: Column[Any], value: Any) -> Any:
    """A key's sort value as the column compares it (a time back from its ISO string)."""
    return utc(value) if value is not None and isinstance(col.type, DateTime) else value


def _jsonable(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _after(col: Column[Any], key_col: Column[Any], descending: bool, key: Key) -> ColumnElement[bool]:
    """Rows past `key` in the order (col, key_col), both descending or both ascending, nulls last."""
    value, last_id = _key_value(col, key[0]), key[1]
    tie = key_col < last_id if descending else key_col > last_id
    if col is key_col:
        return tie
    if value is None:
        return and_(col.is_(None), tie)
    beyond = col < value if descending else col > value
    return or_(beyond, and_(col == value, tie), col.is_(None))


def _order(col: Column[Any], key_col: Column[Any], descending: bool) -> list[Any]:
    first = (col.desc() if descending else col.asc()).nulls_last()
    return [first] if col is key_col else [first, key_col.desc() if descending else key_col.asc()]


def _stored_article(values: dict[str, Any]) -> StoredArticle:
    for name in ("created_at", "updated_at", "published_at"):
        values[name] = utc(values[name])
    values["authors"] = values["authors"] or []
    values["tags"] = values["tags"] or []
    values["body"] = values["body"] or ""
    return StoredArticle(**values)


def article_page(conn: Connection, where: ArticleFilter | None, sort: str, descending: bool, after: Key | None,
                 limit: int) -> KeysetPage[StoredArticle]:
    col = ARTICLE_SORTS[sort]
    query = select(*[articles.c[name] for name in article_columns()]).where(*filter_clauses(where))
    if after is not None:
        query = query.where(_after(col, articles.c.id, descending, after))
    rows = [dict(r) for r in conn.execute(query.order_by(*_order(col, articles.c.id, descending))
                                          .limit(limit + 1)).mappings()]
    more = len(rows) > limit
    found = [_stored_article(r) for r in rows[:limit]]
    last = rows[limit - 1] if more else None
    return KeysetPage(found, (_jsonable(last[col.name]), last["id"]) if last else None)


def event_page(conn: Connection, where: EventFilter | None, sort: str, descending: bool, after: Key | None,
               limit: int) -> KeysetPage[Event]:
    col = EVENT_SORTS[sort]
    query = filtered_events(where or EventFilter())
    if after is not None:
        query = query.where(_after(col, events.c.id, descending, after))
    rows = list(conn.execute(query.order_by(*_order(col, events.c.id, descending)).limit(limit + 1)).mappings())
    more = len(rows) > limit
    found = [event_from_row(r) for r in rows[:limit]]
    add_mentions(conn, found)
    last = rows[limit - 1] if more else None
    return KeysetPage(found, (_jsonable(last[col.name]), last["id"]) if last else None)


def story_record(row: Any) -> StoryRecord:
    """A `stories` row as its record, its times in UTC on either backend."""
    record = record_from_row(row)
    record.first_published, record.last_published = utc(record.first_published), utc(record.last_published)
    return record


def story_page(conn: Connection, where: StoryFilter | None, sort: str, descending: bool, after: Key | None,
               limit: int) -> KeysetPage[StoryRecord]:
    """A page of the stories the filter picks (its `limit` is not used) in the order of `sort`."""
    col = STORY_SORTS[sort]
    query = filtered_stories(where or StoryFilter())
    if after is not None:
        query = query.where(_after(col, stories.c.id, descending, after))
    rows = list(conn.execute(query.order_by(*_order(col, stories.c.id, descending)).limit(limit + 1)).mappings())
    more = len(rows) > limit
    last = rows[limit - 1] if more else None
    return KeysetPage([story_record(r) for r in rows[:limit]], (_jsonable(last[col.name]), last["id"]) if last else None)


def merged_story(conn: Connection, story_id: str) -> str | None:
    """The id of the story that absorbed `story_id` when that story was merged into another
    (None: it was never merged)."""
    return conn.execute(select(story_merges.c.story_id).where(story_merges.c.old_id == story_id)).scalar()


def events_of_article(conn: Connection, article_id: int) -> list[Event]:
    """The events an article reports, in the order it reports them, each with all its mentions."""
    return events_in_order(conn, article_events(conn, [article_id]).get(article_id, []))


PLACE_SORTS = ("articles", "mentions")
ACTOR_SORTS = ("articles", "mentions", "first_seen", "last_seen")


def actor_list(conn: Connection, *, country: str | None = None, sector: str | None = None, kind: str | None = None,
               name: str | None = None, sort: str = "articles", descending: bool = True, offset: int = 0,
               limit: int = 50) -> list[ActorRecord]:
    """Actors of the knowledge base in the order of `sort` (one of ACTOR_SORTS), then by id."""
    query = filtered_actors(country=country, sector=sector, kind=kind, name=name)
    col = query.selected_columns[sort]
    order = [col.desc() if descending else col.asc(), actors.c.id.desc() if descending else actors.c.id.asc()]
    return [actor_record(row) for row in conn.execute(query.order_by(*order).offset(offset).limit(limit)).mappings()]


def places(conn: Connection, *, country: str | None = None, kind: str | None = None, name: str | None = None,
           sort: str = "articles", descending: bool = True, offset: int = 0, limit: int = 50) -> list[PlaceRecord]:
    """Geocoded places of stored enrichment, by the articles (or mentions) that name them."""
    pm = place_mentions
    query = (select(pm.c.geonameid, func.max(pm.c.name).label("name"), func.max(pm.c.kind).label("kind"),
                    func.max(pm.c.country).label("country"), func.max(pm.c.admin1).label("admin1"),
                    func.max(pm.c.lat).label("lat"), func.max(pm.c.lon).label("lon"),
                    func.count(func.distinct(pm.c.article_id)).label("articles"), func.count().label("mentions"))
             .where(pm.c.geonameid.is_not(None))
             .group_by(pm.c.geonameid))
    if country:
        query = query.where(pm.c.country == country.upper())
    if kind:
        query = query.where(pm.c.kind == kind)
    if name:
        query = query.where(pm.c.geonameid.in_(select(pm.c.geonameid).where(
            func.lower(pm.c.name).contains(name.lower(), autoescape=True))))
    counts = [func.count(func.distinct(pm.c.article_id)), func.count()]
    if sort == "mentions":
        counts.reverse()
    query = query.order_by(*[c.desc() if descending else c.asc() for c in counts], pm.c.geonameid)
    found = [PlaceRecord(**dict(row)) for row in conn.execute(query.offset(offset).limit(limit)).mappings()]
    _add_place_names(conn, found)
    return found


def _add_place_names(conn: Connection, found: Sequence[PlaceRecord]) -> None:
    """The words articles wrote for each place ("Kyiv", "Kiev"), most used first."""
    by_id = {p.geonameid: p for p in found}
    for chunk in chunks(sorted(by_id)):
        n = func.count().label("n")
        rows = conn.execute(select(place_mentions.c.geonameid, place_mentions.c.text, n)
                            .where(place_mentions.c.geonameid.in_(chunk))
                            .group_by(place_mentions.c.geonameid, place_mentions.c.text)
                            .order_by(place_mentions.c.geonameid, n.desc(), place_mentions.c.text))
        for geonameid, text, _ in rows:
            by_id[geonameid].names.append(text)


def article_of_content(conn: Connection, content_hash: str) -> int | None:
    """The article the newest page with this content went to (None: not stored, or no article)."""
    return conn.execute(select(pages.c.article_id).where(pages.c.content_hash == content_hash)
                        .order_by(pages.c.id.desc()).limit(1)).scalar()


class ServeReads(UiReads):
    """The reads above as methods of `Store` (with the web UI's own, ui_reads.py)."""

    def _read(self) -> AbstractContextManager[Connection]:
        raise NotImplementedError  # Store's

    def article_page(self, where: ArticleFilter | None = None, *, sort: str = "id", descending: bool = False,
                     after: Key | None = None, limit: int = 50) -> KeysetPage[StoredArticle]:
        """A page of articles (without `.article`) in the order of `sort` (a key of ARTICLE_SORTS),
        after the key the previous page ended with."""
        with self._read() as conn:
            return article_page(conn, where, sort, descending, after, limit)

    def event_page(self, where: EventFilter | None = None, *, sort: str = "date", descending: bool = True,
                   after: Key | None = None, limit: int = 50) -> KeysetPage[Event]:
        """A page of events (`where.limit` is not used) in the order of `sort` (a key of EVENT_SORTS)."""
        with self._read() as conn:
            return event_page(conn, where, sort, descending, after, limit)

    def story_page(self, where: StoryFilter | None = None, *, sort: str = "last_published", descending: bool = True,
                   after: Key | None = None, limit: int = 50) -> KeysetPage[StoryRecord]:
        """A page of stories (`where.limit` is not used) in the order of `sort` (a key of STORY_SORTS)."""
        with self._read() as conn:
            return story_page(conn, where, sort, descending, after, limit)

    def merged_story(self, story_id: str) -> str | None:
        """The story a merged story's id now belongs to (None: no such merge)."""
        with self._read() as conn:
            return merged_story(conn, story_id)

    def article_events(self, article_id: int) -> list[Event]:
        with self._read() as conn:
            return events_of_article(conn, article_id)

    def places(self, *, country: str | None = None, kind: str | None = None, name: str | None = None,
               sort: str = "articles", descending: bool = True, offset: int = 0, limit: int = 50) -> list[PlaceRecord]:
        """Geocoded places of stored enrichment; `sort` one of PLACE_SORTS."""
        with self._read() as conn:
            return places(conn, country=country, kind=kind, name=name, sort=sort, descending=descending,
                          offset=offset, limit=limit)

    def actor_list(self, *, country: str | None = None, sector: str | None = None, kind: str | None = None,
                   name: str | None = None, sort: str = "articles", descending: bool = True, offset: int = 0,
                   limit: int = 50) -> list[ActorRecord]:
        """Actors of the knowledge base, filtered as `actors` filters, in the order of `sort` (ACTOR_SORTS)."""
        with self._read() as conn:
            return actor_list(conn, country=country, sector=sector, kind=kind, name=name, sort=sort,
                              descending=descending, offset=offset, limit=limit)

    def article_of_content(self, content_hash: str) -> int | None:
        with self._read() as conn:
            return article_of_content(conn, content_hash)


__all__ = ["ACTOR_SORTS", "ARTICLE_SORTS", "EVENT_SORTS", "PLACE_SORTS", "STORY_SORTS", "Key", "KeysetPage",
           "PlaceRecord", "ServeReads"]
