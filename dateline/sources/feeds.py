"""RSS 0.9x/1.0/2.0 and Atom feeds → PageRefs (feedparser); feed links announced by HTML pages."""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser

from .errors import SourceError
from .refs import PageRef, is_older, iso, latest

_TAGS = re.compile(r"<[^>]+>")
_FEED_LINK = re.compile(r"<link\b[^>]*>", re.I)
_ATTR = re.compile(r"""([\w:-]+)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""")
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json")


def _when(entry: Any, key: str) -> datetime | None:
    # dict.get: FeedParserDict.get maps a missing updated_parsed to published_parsed (with a warning).
    parsed = dict.get(entry, key)  # a UTC struct_time
    if not parsed:
        return None
    try:
        year, month, day, hour, minute, second = parsed[:6]
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except (TypeError, ValueError):
        return None


def _link(entry: Any) -> str | None:
    link = entry.get("link")
    if not link:
        for candidate in entry.get("links", []):
            if candidate.get("rel", "alternate") == "alternate" and candidate.get("href"):
                link = candidate["href"]
                break
    if not link:
        ident = entry.get("id") or ""
        link = ident if ident.startswith(("http://", "https://")) else None  # a permalink guid/id
    return link.strip() if link else None


def parse_feed(data: bytes, source: str, base: str | None = None,
               since: datetime | None = None) -> Iterator[PageRef | SourceError]:
    """One PageRef per feed item with a link; lastmod is the later of published and updated (UTC)."""
    # A BytesIO, never a str: feedparser would treat a str as a URL or a path and open it.
    parsed = feedparser.parse(io.BytesIO(data), response_headers={"content-location": base or source},
                              sanitize_html=False, resolve_relative_uris=False)
    if not parsed.entries:
        if parsed.get("version"):
            return  # a valid feed with no items
        reason = parsed.get("bozo_exception")
        yield SourceError(f"{source}: not a readable feed" + (f" ({reason})" if reason else ""))
        return
    seen: set[str] = set()
    # A local feed file has no URL: relative item links resolve against the site the feed names.
    resolve_from = base or source
    if "://" not in resolve_from:
        resolve_from = parsed.feed.get("link") or ""
    for entry in parsed.entries:
        link = _link(entry)
        if not link:
            continue
        link = urljoin(resolve_from, link) if "://" in resolve_from else link
        if urlsplit(link).scheme.lower() not in ("http", "https") or link in seen:
            continue
        seen.add(link)
        newest = latest(_when(entry, "published_parsed"), _when(entry, "updated_parsed"))
        if is_older(newest, since):
            continue
        title = html.unescape(_TAGS.sub("", entry.get("title") or "")).strip() or None
        yield PageRef(url=link, source=source, lastmod=iso(newest) if newest else None, title=title)


def feed_links(page_html: bytes, base: str) -> list[str]:
    """Feeds a page announces with <link rel="alternate" type="application/rss+xml" href=...>."""
    found: list[str] = []
    for tag in _FEED_LINK.findall(page_html[:200_000].decode("utf-8", "replace")):
        attrs = {k.lower(): v.strip("\"'") for k, v in _ATTR.findall(tag)}
        if "alternate" in attrs.get("rel", "").lower().split() and attrs.get("type", "").lower() in _FEED_TYPES \
                and attrs.get("href"):
            url = urljoin(base, html.unescape(attrs["href"]))
            if url not in found:
                found.append(url)
    return found
