"""The store: the one place that talks to the database (SQLite by default, or PostgreSQL).

    store = Store.open("dateline.db")          # or "sqlite:///...", "postgresql://..."
    counts = store.write_batch([Processed(page, article, None, None), ...])
    hits = store.search("flood warning", lang="en")
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ..model import Article, Page

if TYPE_CHECKING:
    from .store import Store


class StoreError(Exception):
    """A store failure that the user should read (bad URL, unreachable server...)."""


class StoreBusy(StoreError):
    """Another process holds the SQLite write lock for longer than the busy timeout."""

    def __init__(self, path: str) -> None:
        super().__init__(f"database {path} is busy: another dateline process is writing to it")
        self.path = path


@dataclass
class Processed:
    """One page through the pipeline: the article it gave, or the error that stopped it at `stage`."""

    page: Page
    article: Article | None = None
    error: str | None = None
    stage: str | None = None


@dataclass
class BatchCounts:
    pages_added: int = 0  # new page rows (new URL, or new content at a known URL)
    articles_added: int = 0  # new article rows
    articles_updated: int = 0  # an article's URL served new content: same article, new version
    duplicates: int = 0  # same content (page or body) as an article already stored: its URL added
    non_articles: int = 0
    errors: int = 0  # pages whose processing failed (stored with their error)
    skipped: int = 0  # same URL and same content already stored: nothing added

    def add(self, other: BatchCounts) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class ErrorRow:
    """A failure before there is a page to store (read, fetch, robots...)."""

    source: str | None
    url: str | None
    stage: str
    reason: str


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
class SearchHit:
    article_id: int
    url: str | None
    title: str | None
    site: str | None
    language: str | None
    published: str | None
    snippet: str  # the best fragment, matches wrapped in the highlight markers
    score: float  # higher is better (backend-specific scale)
    extra: dict[str, Any] = field(default_factory=dict)


def open_store(url_or_path: str | None = None, **kwargs: Any) -> Store:
    from .store import Store

    return Store.open(url_or_path, **kwargs)


def __getattr__(name: str) -> Any:
    # Store is imported lazily so that `from dateline.store import Processed` stays cheap
    # (no SQLAlchemy import) for code that only builds work items.
    if name == "Store":
        from .store import Store

        return Store
    raise AttributeError(name)


__all__ = [
    "BatchCounts",
    "ErrorRow",
    "PageVersion",
    "Processed",
    "SearchHit",
    "Store",
    "StoreBusy",
    "StoreError",
    "open_store",
]
