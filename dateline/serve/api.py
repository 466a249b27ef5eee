"""The `/api/` router: articles, search, actors, places, events, stories and stats (reads), with the
exports (exports.py) and the ingest endpoints (writes.py) mounted under it.

Every read goes through the store's public methods; list endpoints page with cursors
(pagination.py) and take `sort` from a fixed set of fields."""

from __future__ import annotations

from html import escape
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query
from fastapi.responses import RedirectResponse

from ..render_events import event_record
from ..store import ArticleFilter, Store
from ..store.encode import utc
from ..store.serve_reads import ACTOR_SORTS, ARTICLE_SORTS, EVENT_SORTS, PLACE_SORTS, STORY_SORTS
from ..store.story_reads import StoryDetail
from . import exports, writes
from .errors import ERROR_RESPONSES, ApiError
from .pagination import DEFAULT_LIMIT, MAX_LIMIT, key_of, make_cursor, offset_of, page, parse_sort, read_cursor
from .params import ArticleFilterDep, Cursor, EventFilterDep, Limit, StoreDep, StoryFilterDep
from .schemas import (
    ActorDetail,
    ActorSummary,
    ArticleDetail,
    ArticleSummary,
    EventOut,
    Page,
    PlaceOut,
    SearchResults,
    StatsOut,
    StoryDetailOut,
    StorySummary,
)

# Search marks matches with characters of Unicode's private use area, which articles all but never
# hold, so that the snippet can be given as plain text and as escaped HTML with <mark> (a body that
# holds one gets at worst a stray <mark>, never unescaped text).
_MARK_START, _MARK_END = "\ue000", "\ue001"
MAX_SEARCH_HITS = 100


router = APIRouter(prefix="/api", tags=["read"], responses=ERROR_RESPONSES)


def _article_item(row: Any) -> dict[str, Any]:
    values = row.to_dict()
    values.pop("article", None)
    values.pop("body", None)  # the list is for finding; /api/articles/{id} has the body
    return values


@router.get("/articles", response_model=Page[ArticleSummary], summary="List articles (cursor pages, filters, sort)")
def list_articles(store: StoreDep, where: ArticleFilterDep, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None,
                  sort: Annotated[str, Query(description=f"one of {', '.join(ARTICLE_SORTS)}; '-' for descending")]
                  = "-published_at") -> dict[str, Any]:
    order = parse_sort(sort, ARTICLE_SORTS, "-published_at")
    limit = min(limit, MAX_LIMIT)
    position = read_cursor(cursor, str(order))
    found = store.article_page(where, sort=order.field, descending=order.descending,
                               after=key_of(position) if position is not None else None, limit=limit)
    next_cursor = make_cursor(str(order), list(found.next_key)) if found.next_key else None
    return page([_article_item(row) for row in found.items], next_cursor, limit)


@router.get("/articles/{article_id}", response_model=ArticleDetail,
            summary="One article with its body, enrichment and events")
def get_article(article_id: int, store: StoreDep) -> dict[str, Any]:
    article = store.get_article(article_id)
    if article is None:
        raise ApiError(404, f"no article with id {article_id}")
    enrichment = store.enrichments([article_id]).get(article_id)
    events = store.article_events(article_id)
    sources = store.event_sources([m.article_id for e in events for m in e.mentions if m.article_id is not None])
    return {"id": article_id, **article.to_dict(), "urls": store.article_urls(article_id),
            "enrichment": enrichment.to_dict() if enrichment is not None else None,
            "events": [event_record(e, sources) for e in events]}


@router.get("/search", response_model=SearchResults, summary="Full-text search with highlighted snippets")
def search(store: StoreDep, where: ArticleFilterDep,
           q: Annotated[str, Query(min_length=1, max_length=500, description="the query (see the README's syntax)")],
           limit: Annotated[int, Query(ge=1, description=f"hits, best first (at most {MAX_SEARCH_HITS})")] = 20,
           ) -> dict[str, Any]:
    return {"query": q, "items": search_items(store, q, where, limit)}


def search_items(store: Store, q: str, where: ArticleFilter | None, limit: int) -> list[dict[str, Any]]:
    """Search hits as the API gives them: `snippet` as text, `snippet_html` escaped with <mark> (the web UI's too)."""
    items = []
    for hit in store.search(q, where, limit=min(limit, MAX_SEARCH_HITS), highlight=(_MARK_START, _MARK_END)):
        values = hit.to_dict()
        snippet = values.pop("snippet")
        values["snippet"] = snippet.replace(_MARK_START, "").replace(_MARK_END, "")
        values["snippet_html"] = escape(snippet).replace(_MARK_START, "<mark>").replace(_MARK_END, "</mark>")
        items.append(values)
    return items


@router.get("/actors", response_model=Page[ActorSummary], summary="Actors of the knowledge base, most named first")
def list_actors(store: StoreDep, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None,
                country: str | None = None, sector: str | None = None, kind: str | None = None,
                name: Annotated[str | None, Query(description="part of a name or alias")] = None,
                sort: Annotated[str, Query(description=f"one of {', '.join(ACTOR_SORTS)}; '-' for descending")]
                = "-articles") -> dict[str, Any]:
    order = parse_sort(sort, ACTOR_SORTS, "-articles")
    limit = min(limit, MAX_LIMIT)
    offset = offset_of(read_cursor(cursor, str(order)))
    found = store.actor_list(country=country, sector=sector, kind=kind, name=name, sort=order.field,
                             descending=order.descending, offset=offset, limit=limit + 1)
    rows = [{k: v for k, v in a.to_dict().items() if k not in ("aliases", "roles", "recent")} for a in found[:limit]]
    return page(rows, make_cursor(str(order), offset + limit) if len(found) > limit else None, limit)


@router.get("/actors/{name}", response_model=ActorDetail,
            summary="One actor by id, name or alias, with roles and latest articles")
def get_actor(name: str, store: StoreDep) -> dict[str, Any]:
    found = store.actor(name)
    if found is None:
        raise ApiError(404, f"no actor called {name!r} in the knowledge base")
    return found.to_dict()


@router.get("/places", response_model=Page[PlaceOut], summary="Geocoded places of stored enrichment, most named first")
def list_places(store: StoreDep, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None,
                country: Annotated[str | None, Query(description="ISO alpha-3, e.g. UKR")] = None,
                kind: Annotated[str | None, Query(description="city, admin1, country ...")] = None,
                name: Annotated[str | None, Query(description="part of the name")] = None,
                sort: Annotated[str, Query(description=f"one of {', '.join(PLACE_SORTS)}; '-' for descending")]
                = "-articles") -> dict[str, Any]:
    order = parse_sort(sort, PLACE_SORTS, "-articles")
    limit = min(limit, MAX_LIMIT)
    offset = offset_of(read_cursor(cursor, str(order)))
    found = store.places(country=country, kind=kind, name=name, sort=order.field, descending=order.descending,
                         offset=offset, limit=limit + 1)
    rows = [p.to_dict() for p in found[:limit]]
    return page(rows, make_cursor(str(order), offset + limit) if len(found) > limit else None, limit)


@router.get("/events", response_model=Page[EventOut],
            summary="Events (PLOVER/CAMEO) with their mentions; the filters of `dateline events`")
def list_events(store: StoreDep, where: EventFilterDep, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None,
                sort: Annotated[str, Query(description=f"one of {', '.join(EVENT_SORTS)}; '-' for descending")]
                = "-date") -> dict[str, Any]:
    order = parse_sort(sort, EVENT_SORTS, "-date")
    limit = min(limit, MAX_LIMIT)
    position = read_cursor(cursor, str(order))
    found = store.event_page(where, sort=order.field, descending=order.descending,
                             after=key_of(position) if position is not None else None, limit=limit)
    sources = store.event_sources([m.article_id for e in found.items for m in e.mentions if m.article_id is not None])
    next_cursor = make_cursor(str(order), list(found.next_key)) if found.next_key else None
    return page([event_record(e, sources) for e in found.items], next_cursor, limit)


@router.get("/events/{event_id}", response_model=EventOut, summary="One event with its mentions and their articles")
def get_event(event_id: str, store: StoreDep) -> dict[str, Any]:
    event = store.event(event_id)
    if event is None:
        raise ApiError(404, f"no event with id {event_id!r}")
    sources = store.event_sources([m.article_id for m in event.mentions if m.article_id is not None])
    return event_record(event, sources)


@router.get("/stories", response_model=Page[StorySummary],
            summary="Stories across outlets and days; the filters of `dateline stories`")
def list_stories(store: StoreDep, where: StoryFilterDep, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None,
                 sort: Annotated[str, Query(description=f"one of {', '.join(STORY_SORTS)}; '-' for descending")]
                 = "-last_published") -> dict[str, Any]:
    order = parse_sort(sort, STORY_SORTS, "-last_published")
    limit = min(limit, MAX_LIMIT)
    position = read_cursor(cursor, str(order))
    found = store.story_page(where, sort=order.field, descending=order.descending,
                             after=key_of(position) if position is not None else None, limit=limit)
    next_cursor = make_cursor(str(order), list(found.next_key)) if found.next_key else None
    return page([s.to_dict() for s in found.items], next_cursor, limit)


@router.get("/stories/{story_id}", response_model=StoryDetailOut,
            responses={307: {"description": "the story was merged into another: its address"}},
            summary="One story: its articles by duplicate group and its timeline of events")
def get_story(story_id: str, store: StoreDep, limit: Annotated[int, Query(
        ge=1, description=f"duplicate groups and events per page (at most {MAX_LIMIT}, the default)")] = MAX_LIMIT,
        cursor: Cursor = None) -> Any:
    limit = min(limit, MAX_LIMIT)
    offset = offset_of(read_cursor(cursor, "story"))
    story = store.story(story_id, limit=limit, offset=offset)
    if story is None:
        merged = store.merged_story(story_id)
        if merged is not None:  # a story that has since joined another one: that one
            return RedirectResponse(f"/api/stories/{quote(merged, safe='')}", status_code=307)
        raise ApiError(404, f"no story with id {story_id!r}")
    more = offset + limit < max(story.group_count, story.event_count)
    return {**story_record(store, story), "group_count": story.group_count, "event_count": story.event_count,
            "next_cursor": make_cursor("story", offset + limit) if more else None}


def story_record(store: Store, story: StoryDetail) -> dict[str, Any]:
    """A story as /api/stories/{id} gives it: its fields, groups of members, events as /api/events does."""
    timeline = story.timeline
    sources = store.event_sources([m.article_id for e in timeline for m in e.mentions if m.article_id is not None])
    values = {name: getattr(story, name) for name in StorySummary.model_fields}
    for name in ("first_published", "last_published"):
        values[name] = utc(values[name])
    return {**values, "groups": [[m.to_dict() for m in group] for group in story.groups],
            "timeline": [event_record(e, sources) for e in timeline]}


@router.get("/stats", response_model=StatsOut, summary="Counts: totals, articles by site, language and day, errors")
def stats(store: StoreDep, top: Annotated[int | None, Query(ge=1, le=1000)] = 20) -> dict[str, Any]:
    counts = store.stats(top=top).to_dict()
    counts.pop("database")  # where the database lives is the server's business, not its clients'
    # A missing site or language counts under "null", as `dateline stats --format json` prints it.
    return {k: {("null" if key is None else key): n for key, n in v.items()} if isinstance(v, dict) and k != "totals"
            else v for k, v in counts.items()}


def api_router() -> APIRouter:
    """The whole /api router: these reads, the exports and the ingest endpoints."""
    whole = APIRouter()
    whole.include_router(router)
    whole.include_router(exports.router)
    whole.include_router(writes.router)
    return whole
