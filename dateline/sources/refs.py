"""A URL still to be fetched, as discovered by a feed, a sitemap or a URL list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta


@dataclass(frozen=True)
class PageRef:
    """A page to fetch later; ingest asks the store about `url` before fetching it.

    `lastmod` is the item's latest known date (ISO 8601: published or updated, whichever
    is later; a bare date when the source gave only a day). `title` is the headline the
    feed or news sitemap announced, when it did.
    """

    url: str
    source: str  # the feed, sitemap or list file that named the URL
    lastmod: str | None = None
    title: str | None = None


def parse_w3c_date(text: str | None) -> datetime | date | None:
    """A W3C/ISO date or datetime as found in sitemaps ("2025-03-04", "...T18:20+01:00", "...Z").

    Naive datetimes are taken as UTC; a bare day stays a `date`. None when unreadable.
    """
    if not text:
        return None
    text = text.strip()
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        if len(text) == 7:  # "2025-03": W3C allows year-month; take the first day
            return date.fromisoformat(text + "-01")
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def iso(value: datetime | date) -> str:
    return value.isoformat()


def is_older(value: datetime | date | None, since: datetime | None) -> bool:
    """True when the item is dated strictly before `since`; undated items are never old.

    A bare day counts as the whole day, so an item dated the same day as `since` is kept.
    """
    if since is None or value is None:
        return False
    if since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    if isinstance(value, datetime):
        return value < since
    end_of_day = datetime(value.year, value.month, value.day, tzinfo=UTC) + timedelta(days=1)
    return end_of_day <= since


def latest(*values: datetime | date | None) -> datetime | date | None:
    """The latest of several dates, comparing a bare day as its start (UTC)."""

    def key(v: datetime | date) -> datetime:
        return v if isinstance(v, datetime) else datetime(v.year, v.month, v.day, tzinfo=UTC)

    present = [v for v in values if v is not None]
    return max(present, key=key) if present else None
