"""`discover`: what a URL or a file is — a feed, a sitemap (index), a robots.txt, a list of URLs
or an HTML page — read from its content, and the work items it stands for."""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from ..model import Page
from .errors import SourceError
from .feeds import feed_links
from .files import read_file
from .refs import PageRef
from .sitemaps import MAX_DEPTH, Kind, iter_listing, iter_sitemap, sniff, unpack
from .urllist import iter_url_lines

if TYPE_CHECKING:
    from .http import Fetcher

Item = Page | PageRef | SourceError
_LISTED: set[Kind] = {"feed", "sitemap", "robots", "urllist"}


def _resolve(fetcher: Fetcher | Callable[[], Fetcher] | None) -> Fetcher | None:
    """A Fetcher, or a function that makes one only when the network is really needed."""
    if callable(fetcher):
        return fetcher()
    return fetcher


def discover(url_or_path: str, fetcher: Fetcher | Callable[[], Fetcher] | None, since: datetime | None = None, *,
             follow_feed_links: bool = False, max_depth: int = MAX_DEPTH) -> Iterator[Item]:
    """Work items from a URL or a local file, whatever it turns out to be (read by content):

    - an RSS/Atom feed → its items; a sitemap or sitemap index (gzipped or not) → its URLs;
    - a robots.txt → the URLs of the sitemaps it names; a text list of URLs → those URLs;
    - an HTML page → the Page itself (already fetched: no second request), or, with
      `follow_feed_links`, the items of the feeds it announces (the Page when it announces none).
    Items dated before `since` are skipped; undated items are kept. Failures are yielded.
    """
    if url_or_path.lower().startswith(("http://", "https://")):
        resolved = _resolve(fetcher)
        if resolved is None:
            yield SourceError(f"{url_or_path}: a URL, not fetched (no fetcher)")
            return
        yield from discover_url(url_or_path, resolved, since, follow_feed_links=follow_feed_links,
                                max_depth=max_depth)
        return
    try:
        page = read_file(url_or_path)
    except SourceError as exc:
        yield exc
        return
    yield from _items(page, url_or_path, None, fetcher, since, follow_feed_links, max_depth)


def discover_url(url: str, fetcher: Fetcher, since: datetime | None = None, *, follow_feed_links: bool = False,
                 max_depth: int = MAX_DEPTH) -> Iterator[Item]:
    """`discover` for a URL: fetched once (any content type), then read by content."""
    try:
        page = fetcher.fetch(url, accept="any")
    except SourceError as exc:
        yield exc
        return
    yield from _items(page, url, page.url or url, fetcher, since, follow_feed_links, max_depth)


def discover_file(path: str, since: datetime | None = None, *,
                  fetcher: Fetcher | Callable[[], Fetcher] | None = None,
                  max_depth: int = MAX_DEPTH) -> Iterator[Item] | None:
    """The items a local feed, sitemap, robots.txt or URL list stands for; None when the file is none
    of these (a page, or unreadable: the caller reads it as a page and reports). Only the head of the
    file is read to decide. `fetcher` (or a function making one) is needed for a sitemap index's
    children and a robots.txt's sitemaps."""
    kind = sniff_file(path)
    if kind not in _LISTED:
        return None
    return discover(path, fetcher, since, max_depth=max_depth)


def discover_page(page: Page, source: str, since: datetime | None = None, *,
                  fetcher: Fetcher | Callable[[], Fetcher] | None = None,
                  max_depth: int = MAX_DEPTH) -> Iterator[Item] | None:
    """`discover_file` for a document already read (stdin): None when it is not a feed, sitemap,
    robots.txt or URL list."""
    raw = page.content if isinstance(page.content, bytes) else page.content.encode("utf-8")
    head = raw[:65536]
    if head.startswith(b"\x1f\x8b"):
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 65536)
        except zlib.error:
            return None
    if not head.strip() or sniff(head) not in _LISTED:
        return None
    return _items(page, source, None, fetcher, since, False, max_depth)


def sniff_file(path: str, head_bytes: int = 65536) -> Kind:
    """What a local file is from its first bytes (gzipped files are looked into)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(head_bytes)
    except OSError:
        return "unknown"
    if head.startswith(b"\x1f\x8b"):
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, head_bytes)
        except zlib.error:
            return "unknown"
    if not head.strip():
        return "unknown"
    return sniff(head)


def _items(page: Page, source: str, base: str | None, fetcher: Fetcher | Callable[[], Fetcher] | None,
           since: datetime | None, follow_feed_links: bool, max_depth: int) -> Iterator[Item]:
    """Work items from a document in hand; `base` is the final URL (None for a local file)."""
    raw = page.content if isinstance(page.content, bytes) else page.content.encode("utf-8")
    try:
        data, kind = unpack(raw, source)
    except SourceError as exc:
        yield exc
        return
    if kind in ("feed", "sitemap"):
        yield from iter_listing(data, kind, source, base, _Lazy(fetcher), since, max_depth=max_depth)
    elif kind == "robots":
        sitemaps = re.findall(r"^\s*sitemap\s*:\s*(\S+)", data.decode("utf-8", "replace"), re.I | re.M)
        if not sitemaps:
            yield SourceError(f"{source}: a robots.txt that names no sitemap")
        seen: set[str] = set()
        for sitemap in sitemaps:
            resolved = _resolve(fetcher)
            if resolved is None:
                yield SourceError(f"{sitemap}: named by {source}, not fetched (no fetcher)")
                continue
            yield from iter_sitemap(urljoin(base, sitemap) if base else sitemap, resolved, since,
                                    max_depth=max_depth, _seen=seen)
    elif kind == "urllist":
        yield from iter_url_lines(data.decode("utf-8", "replace").splitlines(), source)
    elif kind == "html":
        feeds = feed_links(data, base) if follow_feed_links and base else []
        resolved = _resolve(fetcher) if feeds else None
        if not feeds or resolved is None:
            yield page
            return
        for feed in feeds:
            yield from iter_sitemap(feed, resolved, since, max_depth=max_depth)  # reads feeds as well
    else:
        ctype = page.content_type
        yield SourceError(f"{source}: not a feed, sitemap, URL list or HTML page"
                          + (f" (content-type {ctype.split(';')[0].strip()})" if ctype else ""))


class _Lazy:
    """A Fetcher made on first use, so a local sitemap without an index needs no network client."""

    def __init__(self, fetcher: Fetcher | Callable[[], Fetcher] | None):
        self._arg = fetcher

    def __bool__(self) -> bool:
        return self._arg is not None

    def fetch(self, *args, **kwargs) -> Page:
        resolved = _resolve(self._arg)
        if resolved is None:
            raise SourceError("no fetcher")
        return resolved.fetch(*args, **kwargs)
