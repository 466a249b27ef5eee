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
    from .store import Store


def open_store(url_or_path: str | None = None, **kwargs: Any) -> Store:
    """Open (create or migrate) the store at a SQLite path or a postgresql:// URL; see `Store.open`."""
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
    "ArticleFilter",
    "BatchCounts",
    "ErrorRecord",
    "ErrorRow",
    "PageVersion",
    "Processed",
    "SearchHit",
    "Stats",
    "Store",
    "StoreBusy",
    "StoreError",
    "StoredArticle",
    "Totals",
    "open_store",
]
