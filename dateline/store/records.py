"""What the store gives back and takes: typed records, one shape for the CLI, the exports and a REST API.

Plain dataclasses (no SQLAlchemy here), so that `from dateline.store import ArticleFilter`
costs nothing and a web layer can serialise them with `to_dict()`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from ..model import Article

# A bound of a date filter: a day ("2025-03-04", a `date`) compares with the day the article
# printed; a time (an ISO string with a time, a `datetime`) with the UTC instant.
DateBound = str | date | datetime


class _AsDict:
    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}  # type: ignore[arg-type]


@dataclass(frozen=True)
class ArticleFilter(_AsDict):
    """Which articles a read means: the same four filters for search, export, listing and stats."""

    since: DateBound | None = None
    until: DateBound | None = None
    site: str | None = None  # a domain; its subdomains match too
    lang: str | None = None  # ISO 639-1; "en" also matches "en-GB"

    def __bool__(self) -> bool:
        return any(v not in (None, "") for v in (self.since, self.until, self.site, self.lang))


@dataclass
class StoredArticle(_AsDict):
    """One stored article: the columns of `articles` that a reader wants (the schema's export
    columns, see `export_columns`), and with `full=True` the whole `Article`."""

    id: int
    url: str | None
    canonical_url: str | None
    site: str | None
    site_name: str | None
    title: str | None
    subtitle: str | None
    authors: list[str]
    agency: str | None
    published: str | None
    published_at: datetime | None
    published_day: str | None
    modified: str | None
    language: str | None
    section: str | None
    tags: list[str]
    dateline_place: str | None
    lede: str | None
    body: str
    word_count: int | None
    source_id: str | None
    dateline_version: str
    created_at: datetime
    updated_at: datetime
    article: Article | None = None


@dataclass
class SearchHit(_AsDict):
    article_id: int
    url: str | None
    title: str | None
    site: str | None
    language: str | None
    published: str | None
    snippet: str  # the best fragment, matches wrapped in the highlight markers
    score: float  # higher is better (backend-specific scale)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class ErrorRecord(_AsDict):
    """One stored failure."""

    id: int
    at: datetime | None  # first seen
    last_seen: datetime | None
    count: int  # how many times it happened
    source: str | None
    url: str | None
    stage: str | None
    code: str | None
    reason: str
    dateline_version: str
    page_id: int | None


@dataclass
class Totals(_AsDict):
    pages: int = 0
    articles: int = 0
    non_articles: int = 0
    failed_pages: int = 0
    urls: int = 0
    errors: int = 0
    raw_bytes: int = 0
    stored_bytes: int = 0


@dataclass
class Stats(_AsDict):
    """Counts over the store; the `by_*` maps go from a value to its count, largest first (days in order)."""

    database: str
    totals: Totals
    by_site: dict[str | None, int]
    by_language: dict[str | None, int]
    by_day: dict[str | None, int]
    errors_by_reason: dict[str, int]
    errors_by_stage: dict[str | None, int]

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "totals": self.totals.to_dict()}


@dataclass
class BatchCounts:
    pages_added: int = 0  # new page rows (new URL, or new content at a known URL)
    articles_added: int = 0  # new article rows
    articles_updated: int = 0  # an article's URL served new content, or a stored page re-derived: same article, new version
    duplicates: int = 0  # same content (page or body) as an article already stored: its URL added
    non_articles: int = 0
    errors: int = 0  # pages whose processing failed (stored with their error)
    skipped: int = 0  # same URL and same content already stored: nothing added

    def add(self, other: BatchCounts) -> None:
        for f in dataclasses.fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))


@dataclass
class ErrorRow:
    """A failure before there is a page to store (read, fetch, robots...)."""

    source: str | None
    url: str | None
    stage: str
    reason: str
    code: str | None = None


@dataclass
class PageVersion:
    """What the store knows of the latest stored version of a URL (for conditional GETs)."""

    page_id: int
    url: str | None
    content_hash: str
    fetched_at: datetime | None
    status: int | None
    etag: str | None
    last_modified: str | None
    article_id: int | None
    kind: str


@dataclass
class ActorRole(_AsDict):
    """A role articles gave an actor: the first and last day an article gave it, the first day one
    called it former (None while none has), and how many articles attest it."""

    role: str
    country: str | None
    sector: str | None
    since: str | None
    last: str | None
    ended: str | None
    articles: int


@dataclass
class ActorRecord(_AsDict):
    """An actor of the knowledge base, with what the stored articles attest of it."""

    id: str
    name: str
    kind: str
    country: str | None
    sector: str | None
    articles: int  # articles that mention it
    mentions: int
    first_seen: datetime | None
    last_seen: datetime | None
    aliases: dict[str, int] = field(default_factory=dict)  # name -> articles that call it so
    roles: list[ActorRole] = field(default_factory=list)  # the latest first
    recent: list[dict[str, Any]] = field(default_factory=list)  # id, title, published of the latest articles

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "roles": [r.to_dict() for r in self.roles]}
