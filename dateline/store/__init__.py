"""The store: the one place that talks to the database (SQLite by default, or PostgreSQL).

    store = open_store("dateline.db")          # or "sqlite:///...", "postgresql://..."
    counts = store.write_batch([Processed(page, article), ...])
    hits = store.search("flood warning", ArticleFilter(lang="en"))
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..model import Processed
from .errors import StoreBusy, StoreError
from .records import (
    ActorRecord,
    ActorRole,
    ArticleFilter,
    BatchCounts,
    ErrorRecord,
    ErrorRow,
    PageVersion,
    SearchHit,
    Stats,
    StoredArticle,
    Totals,
)

if TYPE_CHECKING:
    from .events_reads import EventFilter, MentionSource
    from .store import Store
    from .story_reads import StoryDetail, StoryFilter, StoryRecord


def open_store(url_or_path: str | None = None, **kwargs: Any) -> Store:
    """Open the store, creating the database or bringing its schema up to date as needed.

        with dateline.open_store("news.db") as store:
            hits = store.search("gas storage", dateline.ArticleFilter(lang="en"))

    `url_or_path`: a SQLite file path (its folder must exist), `sqlite:///...`, or
    `postgresql://user:password@host/db` (needs the `postgres` extra); None is `./dateline.db`.
    Keyword arguments go to `Store.open`: `busy_timeout` (seconds to wait for another process's
    SQLite write lock, default 30) and `migrate` (False: open as is, without migrating).
    The `Store` is a context manager; close it (or leave the `with`) when done.

    Raises `StoreError` with a message for people when the URL is not supported, the path is a
    folder or its folder is missing, or the server cannot be reached; `StoreBusy` (a
    `StoreError`) when another process keeps the SQLite database locked past `busy_timeout`.
    """
    from .store import Store

    return Store.open(url_or_path, **kwargs)


def __getattr__(name: str) -> Any:
    # Store is imported lazily so that `from dateline.store import Processed` stays cheap
    # (no SQLAlchemy import) for code that only builds work items.
    if name == "Store":
        from .store import Store

        return Store
    if name in ("EventFilter", "MentionSource"):
        from . import events_reads

        return getattr(events_reads, name)
    if name in ("StoryDetail", "StoryFilter", "StoryRecord"):
        from . import story_reads

        return getattr(story_reads, name)
    raise AttributeError(name)


__all__ = [
    "ActorRecord",
    "ActorRole",
    "ArticleFilter",
    "BatchCounts",
    "ErrorRecord",
    "ErrorRow",
    "EventFilter",
    "MentionSource",
    "PageVersion",
    "Processed",
    "SearchHit",
    "Stats",
    "Store",
    "StoreBusy",
    "StoreError",
    "StoredArticle",
    "StoryDetail",
    "StoryFilter",
    "StoryRecord",
    "Totals",
    "open_store",
]
