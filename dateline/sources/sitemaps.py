"""Sitemaps (urlset, sitemap index, the Google News `news:` extension, gzipped) → PageRefs.

A sitemap index is walked recursively through the Fetcher (robots.txt and rate limits apply)
with a depth cap and a cycle guard; with `since`, child sitemaps whose own lastmod is older
are not fetched at all, and URLs dated before `since` are skipped (undated ones are kept).
Parsing streams with lxml.iterparse, so a 50 000-URL sitemap does not build a whole tree.
"""

from __future__ import annotations

import io
import re
import zlib
from collections.abc import Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Literal, Protocol
from urllib.parse import urljoin, urlsplit

from lxml import etree

from .errors import SourceError
from .refs import PageRef, is_older, iso, latest, parse_w3c_date

if TYPE_CHECKING:
    from ..model import Page
    from .http import Accept

MAX_SITEMAP_BYTES = 64 * 1024 * 1024  # the protocol allows 50 MB uncompressed; cap gunzip there
MAX_DEPTH = 3
Kind = Literal["feed", "sitemap", "html", "robots", "urllist", "unknown"]



class PageFetcher(Protocol):
    """What a sitemap walk needs of a fetcher: a `Fetcher`, or a stand-in that makes one on first use."""

    def fetch(self, url: str, *, accept: Accept = ..., max_bytes: int | None = ...) -> Page: ...


_FIRST_TAG = re.compile(rb"<([!?]?)([A-Za-z_][\w.:-]*)")
_FEED_ROOTS = {"rss", "rdf", "feed", "channel"}
_SITEMAP_ROOTS = {"urlset", "sitemapindex"}
_HTML_ROOTS = {"html", "head", "body", "meta", "title", "div", "p", "article", "link", "script", "style"}


def gunzip(data: bytes, source: str, max_bytes: int = MAX_SITEMAP_BYTES) -> bytes:
    """Gzipped bytes decompressed (capped, so a gzip bomb is an error); other bytes unchanged."""
    if not data.startswith(b"\x1f\x8b"):
        return data
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, max_bytes + 1)
    except zlib.error as exc:
        raise SourceError(f"{source}: broken gzip data ({exc})") from None
    if len(out) > max_bytes:
        raise SourceError(f"{source}: more than {max_bytes // 1_000_000} MB once decompressed")
    return out


def sniff(data: bytes) -> Kind:
    """What a document is, from its first element (or, for plain text, its lines)."""
    head = data[:8192].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        head = re.sub(rb"<!--.*?(-->|$)", b"", head, flags=re.S)  # a tag inside a comment is not the root
        for match in _FIRST_TAG.finditer(head):
            mark, name = match.group(1), match.group(2).decode("ascii", "replace").lower()
            if mark == b"?":
                continue
            if mark == b"!":
                if name == "doctype" and re.match(rb"<!doctype\s+html", head[match.start():], re.I):
                    return "html"
                continue
            local = name.rsplit(":", 1)[-1]
            if local in _FEED_ROOTS:
                return "feed"
            if local in _SITEMAP_ROOTS:
                return "sitemap"
            if local in _HTML_ROOTS:
                return "html"
            return "unknown"
        return "unknown"
    if b"\x00" in head:
        return "unknown"
    text = head.decode("utf-8", "replace")
    if re.search(r"^\s*(sitemap|user-agent)\s*:", text, re.I | re.M):
        return "robots"
    from .urllist import looks_like_url_list

    return "urllist" if looks_like_url_list(text) else "unknown"


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _entries(data: bytes) -> Iterator[tuple[str, dict[str, str]]]:
    """("url" | "sitemap", {loc, lastmod, publication_date, title}) per entry, streaming."""
    parser = etree.iterparse(io.BytesIO(data), events=("end",), tag=("{*}url", "{*}sitemap"), recover=True,
                             resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)
    for _event, elem in parser:
        fields: dict[str, str] = {}
        # Direct children only: <image:loc> and <video:title> sit deeper inside <url>.
        for child in elem:
            name = _local(child.tag)
            if name in ("loc", "lastmod"):
                fields[name] = (child.text or "").strip()
            elif name == "news":
                for sub in child:
                    sub_name = _local(sub.tag)
                    if sub_name in ("publication_date", "title"):
                        fields[sub_name] = (sub.text or "").strip()
        if fields.get("loc"):
            yield _local(elem.tag), fields
        elem.clear()
        while elem.getprevious() is not None:  # drop finished siblings: memory stays flat
            del elem.getparent()[0]


def iter_sitemap(url: str, fetcher: PageFetcher, since: datetime | None = None, *, max_depth: int = MAX_DEPTH,
                 _depth: int = 0, _seen: set[str] | None = None) -> Iterator[PageRef | SourceError]:
    """PageRefs from the sitemap (or feed) at `url`, following an index."""
    seen = _seen if _seen is not None else set()
    seen.add(url.split("#")[0])
    try:
        page = fetcher.fetch(url, accept="any", max_bytes=MAX_SITEMAP_BYTES)
    except SourceError as exc:
        yield exc
        return
    data, base = page.content if isinstance(page.content, bytes) else page.content.encode(), page.url or url
    try:
        data, kind = unpack(data, url)
    except SourceError as exc:
        yield exc
        return
    if kind not in ("feed", "sitemap"):
        yield SourceError(f"{url}: not a sitemap")
        return
    yield from iter_listing(data, kind, url, base, fetcher, since, max_depth=max_depth, _depth=_depth, _seen=seen)


def unpack(data: bytes, source: str) -> tuple[bytes, Kind]:
    """A fetched or read document gunzipped (capped), and what it is."""
    data = gunzip(data, source)
    return data, sniff(data)


def iter_listing(data: bytes, kind: Kind, source: str, base: str | None, fetcher: PageFetcher | None,
                 since: datetime | None = None, *, max_depth: int = MAX_DEPTH, _depth: int = 0,
                 _seen: set[str] | None = None) -> Iterator[PageRef | SourceError]:
    """PageRefs of an unpacked feed or sitemap (index) in hand; the protocol accepts feeds as sitemaps."""
    if kind == "feed":
        from .feeds import parse_feed

        yield from parse_feed(data, source=source, base=base, since=since)
    elif kind == "sitemap":
        seen = _seen if _seen is not None else {source}
        yield from _walk(data, source, base or source, fetcher, since, max_depth, _depth, seen)


def parse_sitemap(data: bytes, source: str, since: datetime | None = None,
                  base: str | None = None) -> Iterator[tuple[str, PageRef]]:
    """Entries of one sitemap document without fetching: ("url" | "sitemap", PageRef)."""
    for name, fields in _entries(data):
        loc = fields["loc"]
        if not loc.startswith(("http://", "https://")):  # sitemaps should hold absolute URLs; mend if not
            loc = urljoin(base or source, loc) if base or "://" in source else loc
            if urlsplit(loc).scheme.lower() not in ("http", "https"):
                continue
        lastmod = parse_w3c_date(fields.get("lastmod"))
        newest = latest(lastmod, parse_w3c_date(fields.get("publication_date")))
        if is_older(newest, since):
            continue
        title = fields.get("title") or None
        yield name, PageRef(url=loc, source=source, lastmod=iso(newest) if newest else None, title=title)


def _walk(data: bytes, url: str, base: str, fetcher: PageFetcher | None, since: datetime | None, max_depth: int,
          depth: int, seen: set[str]) -> Iterator[PageRef | SourceError]:
    for name, ref in parse_sitemap(data, url, since, base):
        if name == "url":
            yield ref
            continue
        child = ref.url.split("#")[0]
        if child in seen:
            continue  # a cycle, or the same child listed twice
        if depth + 1 > max_depth:
            yield SourceError(f"{child}: sitemap index nested deeper than {max_depth} levels, not followed")
            continue
        if not fetcher:
            yield SourceError(f"{child}: child sitemap of a local file, not fetched (no fetcher)")
            continue
        yield from iter_sitemap(child, fetcher, since, max_depth=max_depth, _depth=depth + 1, _seen=seen)
