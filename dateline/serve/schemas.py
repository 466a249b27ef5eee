"""The shapes of the API's answers, for the OpenAPI description (/docs) and for clients.

They mirror the store's records and the model's `to_dict()`; the endpoints answer through them,
so a field that drifts away from its record fails the tests instead of the docs going stale.
Nested parts of articles and events that the model already documents (paragraphs, evidence,
enrichment items, actors, places) are plain objects here."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")

JsonObject = dict[str, Any]


class Page(BaseModel, Generic[T]):
    """One page of a list: pass `next_cursor` back as `cursor` for the next (null: the last page)."""

    items: list[T]
    next_cursor: str | None
    limit: int


class ArticleSummary(BaseModel):
    """An article as lists show it: its stored columns, without the body."""

    model_config = ConfigDict(extra="forbid")

    id: int
    url: str | None
    canonical_url: str | None
    site: str | None
    site_name: str | None
    title: str | None
    subtitle: str | None
    authors: list[str]
    agency: str | None
    published: str | None = Field(description="as the page printed it (ISO 8601, maybe without offset)")
    published_at: datetime | None = Field(description="the same in UTC, for sorting and ranges")
    published_day: str | None
    modified: str | None
    language: str | None
    section: str | None
    tags: list[str]
    dateline_place: str | None
    lede: str | None
    word_count: int | None
    source_id: str | None
    dateline_version: str
    created_at: datetime
    updated_at: datetime


class EventOut(BaseModel):
    """An event (model.Event.to_dict()) with its counts; each mention has its article's URL."""

    model_config = ConfigDict(extra="allow")

    id: str
    type: str = Field(description="PLOVER type, e.g. CONSULT")
    mode: str | None
    contexts: list[str]
    actors: list[JsonObject]
    recipients: list[JsonObject]
    reciprocal: bool
    cameo: str | None
    quad_class: int | None
    goldstein: float | None
    intensity: float | None
    date: str | None = Field(description="TIMEX3 value: 2025-02-27, 2025-02, 2025-W09 ...")
    date_granularity: str
    date_source: str
    place: JsonObject | None
    place_source: str
    future: bool
    hypothetical: bool
    negated: bool
    historical: bool
    mentions: list[JsonObject] = Field(description="sentence and trigger (offsets into the article's body), "
                                                   "rule, confidence, article_id, published, url")
    mention_count: int
    article_count: int


class ArticleDetail(BaseModel):
    """Every field of the article (model.Article.to_dict()), its URLs, enrichment and events."""

    model_config = ConfigDict(extra="allow")

    id: int
    title: str | None
    body: str
    urls: list[str]
    enrichment: JsonObject | None = Field(description="entities, actors, places, focus_place, times, quotes, "
                                                      "skipped; null when the article was not enriched")
    events: list[EventOut]


class SearchHitOut(BaseModel):
    model_config = ConfigDict(extra="forbid")

    article_id: int
    url: str | None
    title: str | None
    site: str | None
    language: str | None
    published: str | None
    score: float = Field(description="higher is better; the scale is the database's own")
    extra: JsonObject
    snippet: str = Field(description="the best fragment of the body (or title), as text")
    snippet_html: str = Field(description="the same, HTML-escaped, matched words in <mark>")


class SearchResults(BaseModel):
    query: str
    items: list[SearchHitOut]


class ActorSummary(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    name: str
    kind: str
    country: str | None
    sector: str | None
    articles: int
    mentions: int
    first_seen: datetime | None
    last_seen: datetime | None


class ActorRoleOut(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: str
    country: str | None
    sector: str | None
    since: str | None
    last: str | None
    ended: str | None
    articles: int


class ActorDetail(ActorSummary):
    aliases: dict[str, int] = Field(description="name -> articles that call it so")
    roles: list[ActorRoleOut]
    recent: list[JsonObject] = Field(description="id, title, published, url of its latest articles")


class PlaceOut(BaseModel):
    model_config = ConfigDict(extra="forbid")

    geonameid: int
    name: str | None
    kind: str | None
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    articles: int
    mentions: int
    names: list[str] = Field(description="the words articles wrote for it, most used first")


class StorySummary(BaseModel):
    """A story as the list shows it (`dateline stories`): the articles of several outlets and days
    that tell one story."""

    model_config = ConfigDict(extra="forbid")

    id: str
    title: str = Field(description="its most representative headline (the one whose words the others share most)")
    summary: str = Field(description="a few lead sentences, one per unique article, most representative first")
    first_published: datetime | None
    last_published: datetime | None
    article_count: int
    unique_count: int = Field(description="articles that are not copies of another (one per duplicate group)")
    outlets: list[str] = Field(description="the sites that tell it, most articles first")
    actors: list[str] = Field(description="ids of its main actors (see /api/actors/{id})")
    places: list[str] = Field(description="names of its main places")


class StoryMemberOut(BaseModel):
    model_config = ConfigDict(extra="forbid")

    article_id: int
    url: str | None
    site: str | None
    title: str | None
    published: str | None
    similarity: float = Field(description="how close the article came to the story when it joined")
    duplicate_group: int | None = Field(description="its near-duplicate group (null: it has no copy)")


class StoryDetailOut(StorySummary):
    """A story with its articles by duplicate group and its events in date order."""

    groups: list[list[StoryMemberOut]] = Field(description="one list per duplicate group, in publication order; "
                                                            "the first member of a group is the earliest, the "
                                                            "others its copies")
    timeline: list[EventOut] = Field(description="the events its articles report, in date order")
    group_count: int = Field(description="all its duplicate groups (`groups` holds one page of them)")
    event_count: int = Field(description="all its events (`timeline` holds one page of them)")
    next_cursor: str | None = Field(description="the next page's groups and events (as `cursor`); null on the last")


class StatsOut(BaseModel):
    model_config = ConfigDict(extra="forbid")

    totals: dict[str, int]
    by_site: dict[str, int]
    by_language: dict[str, int]
    by_day: dict[str, int]
    errors_by_reason: dict[str, int]
    errors_by_stage: dict[str, int]


class IngestResult(BaseModel):
    model_config = ConfigDict(extra="forbid")

    article_id: int | None = Field(description="the article the page went to (null: not an article)")
    report: JsonObject = Field(description="the run's counts, as `dateline ingest --log-format json` reports them")
    errors: list[JsonObject]
