"""RSS 0.9x/1.0/2.0 and Atom feeds → PageRefs; feed links announced by HTML pages.

Well-formed feeds are read incrementally (lxml's iterparse, each item dropped once read), so the
first item comes at once and memory stays flat on a feed of any length. Feeds that are not
well-formed XML go to feedparser, which is lenient but reads the whole feed before its first item.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser
from feedparser.datetimes import _parse_date  # type: ignore[import-untyped]
from lxml import etree

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
    seen: set[str] = set()
    try:
        yield from _iter_xml_feed(data, source, base, since, seen)
        return
    except _NotXMLFeed:
        pass
    # Not well-formed (or not RSS/Atom at its root): feedparser, for whatever items are not yet out.
    yield from _parse_with_feedparser(data, source, base, since, seen)


_ATOM = "{http://www.w3.org/2005/Atom}"
_RSS1 = "{http://purl.org/rss/1.0/}"
_ITEM_TAGS = ("item", _RSS1 + "item", _ATOM + "entry")
_ROOTS = {"rss", "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}RDF", _ATOM + "feed"}
# Item children that date it (feedparser's published and updated, by local name).
_DATE_NAMES = frozenset({"pubDate", "date", "published", "updated", "issued", "modified"})


class _NotXMLFeed(Exception):
    pass


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _iter_xml_feed(data: bytes, source: str, base: str | None, since: datetime | None,
                   seen: set[str]) -> Iterator[PageRef]:
    """Items as the parser reaches them; raises _NotXMLFeed where feedparser must take over."""
    events = etree.iterparse(io.BytesIO(data), events=("start", "end"), resolve_entities=False,
                             no_network=True, huge_tree=True, remove_comments=True, remove_pis=True)
    resolve_from = base or source
    own_site = "://" in resolve_from
    depth = 0
    try:
        for event, el in events:
            if event == "start":
                if depth == 0 and el.tag not in _ROOTS:
                    raise _NotXMLFeed
                depth += 1
                continue
            depth -= 1
            tag = el.tag
            if tag in _ITEM_TAGS:
                ref = _item_ref(el, source, resolve_from, since, seen)
                # Drop the item and what came before it, so that memory stays flat.
                el.clear()
                parent = el.getparent()
                while parent is not None and el.getprevious() is not None:
                    del parent[0]
                if ref is not None:
                    yield ref
            elif not own_site and "://" not in resolve_from:
                # A local feed file has no URL: relative item links resolve against the site the
                # feed names (<channel><link> in RSS, <feed><link rel="alternate"> in Atom).
                href = ""
                if depth == 2 and tag in ("link", _RSS1 + "link"):
                    href = (el.text or "").strip()
                elif depth == 1 and tag == _ATOM + "link" and el.get("rel", "alternate") == "alternate":
                    href = (el.get("href") or "").strip()
                if "://" in href:
                    resolve_from = href
    except etree.XMLSyntaxError:
        # Items before the fault (if any) are out; feedparser reads the rest, skipping their links.
        raise _NotXMLFeed from None


def _item_ref(item: Any, source: str, resolve_from: str, since: datetime | None, seen: set[str]) -> PageRef | None:
    link = guid = title = None
    dates: list[datetime | None] = []
    for child in item:
        name = _local(child.tag)
        if name == "link":
            href = child.get("href")
            if href is not None:  # Atom: the alternate link, or the first with no rel
                if child.get("rel", "alternate") == "alternate" and not link:
                    link = href
            elif not link and child.text:
                link = child.text
        elif name in ("guid", "id"):
            guid = child.text
        elif name == "title":
            title = child.text if len(child) == 0 else "".join(child.itertext())
        elif name in _DATE_NAMES and child.text:
            dates.append(_parsed(child.text))
    link = (link or "").strip() or None
    if not link:
        ident = (guid or "").strip()
        link = ident if ident.startswith(("http://", "https://")) else None  # a permalink guid/id
    if not link:
        return None
    return _ref(link, title, dates, source, resolve_from, since, seen)


def _parsed(text: str) -> datetime | None:
    try:
        return _when({"d": _parse_date(text.strip())}, "d")
    except Exception:  # feedparser's date readers on odd strings
        return None


def _ref(link: str, title: str | None, dates: list[datetime | None], source: str, resolve_from: str,
         since: datetime | None, seen: set[str]) -> PageRef | None:
    link = urljoin(resolve_from, link) if "://" in resolve_from else link
    if urlsplit(link).scheme.lower() not in ("http", "https") or link in seen:
        return None
    seen.add(link)
    newest = latest(*dates) if dates else None
    if is_older(newest, since):
        return None
    title = html.unescape(_TAGS.sub("", title or "")).strip() or None
    return PageRef(url=link, source=source, lastmod=iso(newest) if newest else None, title=title)


def _parse_with_feedparser(data: bytes, source: str, base: str | None, since: datetime | None,
                           seen: set[str]) -> Iterator[PageRef | SourceError]:
    # A BytesIO, never a str: feedparser would treat a str as a URL or a path and open it.
    parsed = feedparser.parse(io.BytesIO(data), response_headers={"content-location": base or source},
                              sanitize_html=False, resolve_relative_uris=False)
    if not parsed.entries:
        if parsed.get("version") or seen:
            return  # a valid feed with no items
        reason = parsed.get("bozo_exception")
        yield SourceError(f"{source}: not a readable feed" + (f" ({reason})" if reason else ""))
        return
    # A local feed file has no URL: relative item links resolve against the site the feed names.
    resolve_from = base or source
    if "://" not in resolve_from:
        resolve_from = parsed.feed.get("link") or ""
    for entry in parsed.entries:
        link = _link(entry)
        if not link:
            continue
        ref = _ref(link, entry.get("title"), [_when(entry, "published_parsed"), _when(entry, "updated_parsed")],
                   source, resolve_from, since, seen)
        if ref is not None:
            yield ref


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
