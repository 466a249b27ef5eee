"""What the endpoints take: the store, and the query parameters several of them share."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import Depends, Query, Request

from ..store import ArticleFilter, EventFilter, Store
from ..store.story_reads import StoryFilter
from .errors import ApiError
from .pagination import MAX_LIMIT


def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


StoreDep = Annotated[Store, Depends(get_store)]
Limit = Annotated[int, Query(ge=1, description=f"rows per page (at most {MAX_LIMIT})")]
Cursor = Annotated[str | None, Query(description="next_cursor of the previous page")]


def when(name: str, value: str | None) -> str | None:
    """A since/until parameter: a day (YYYY-MM-DD) or an ISO 8601 time; anything else is a 422."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)
    except ValueError:
        raise ApiError(422, f"{name}: not a date: {value!r} (use YYYY-MM-DD or an ISO 8601 time)") from None
    return text


def article_filter(
    site: Annotated[str | None, Query(description="a domain; its subdomains match too")] = None,
    language: Annotated[str | None, Query(description="ISO 639-1, e.g. en")] = None,
    since: Annotated[str | None, Query(description="published on or after (YYYY-MM-DD or ISO time)")] = None,
    until: Annotated[str | None, Query(description="published on or before (YYYY-MM-DD or ISO time)")] = None,
) -> ArticleFilter:
    return ArticleFilter(since=when("since", since), until=when("until", until), site=site or None,
                         lang=language or None)


def event_filter(
    actor: Annotated[str | None, Query(description="a code of the acting side: RUS, RUSGOV, person:sergei-lavrov")]
    = None,
    recipient: Annotated[str | None, Query(description="a code of the receiving side")] = None,
    type: Annotated[str | None, Query(description="PLOVER type, e.g. CONSULT")] = None,
    country: Annotated[str | None, Query(description="either side's country or the place's")] = None,
    since: Annotated[str | None, Query(description="events whose date reaches this day or later")] = None,
    until: Annotated[str | None, Query(description="events whose date reaches this day or earlier")] = None,
    query: Annotated[str | None, Query(description="words in a mention's sentence")] = None,
) -> EventFilter:
    return EventFilter(actor=actor or None, recipient=recipient or None, type=type or None, country=country or None,
                       since=when("since", since), until=when("until", until), query=query or None, limit=None)


def story_filter(
    since: Annotated[str | None, Query(description="stories with an article on or after this day")] = None,
    until: Annotated[str | None, Query(description="stories with an article on or before this day")] = None,
    actor: Annotated[str | None, Query(description="an actor id (person:sergei-lavrov) or a country code (RUS)")]
    = None,
    place: Annotated[str | None, Query(description="a place name (Istanbul), GeoNames id or country code (TUR)")]
    = None,
    query: Annotated[str | None, Query(max_length=500, description="words of the story's title or summary")] = None,
    q: Annotated[str | None, Query(max_length=500, description="the same as query")] = None,
) -> StoryFilter:
    """The filters of `dateline stories`."""
    return StoryFilter(since=when("since", since), until=when("until", until), actor=actor or None,
                       place=place or None, query=query or q or None, limit=None)


ArticleFilterDep = Annotated[ArticleFilter, Depends(article_filter)]
StoryFilterDep = Annotated[StoryFilter, Depends(story_filter)]
EventFilterDep = Annotated[EventFilter, Depends(event_filter)]
