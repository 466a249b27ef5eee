"""Fetching pages over HTTP(S): a timeout, an honest user agent, robots.txt respected, a size cap."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

import httpx
from protego import Protego

from .. import __version__
from ..model import Page, utc_now_iso
from .errors import SourceError

USER_AGENT = f"dateline/{__version__} (news article extraction; +https://pypi.org/project/dateline/)"
ROBOTS_AGENT = "dateline"
MAX_RESPONSE_BYTES = 20 * 1024 * 1024
_KEPT_HEADERS = ("content-type", "last-modified", "etag", "date", "content-language")


class Fetcher:
    """One HTTP client with a robots.txt cache per host; use as a context manager."""

    def __init__(self, timeout: float = 20.0, user_agent: str = USER_AGENT, max_bytes: int = MAX_RESPONSE_BYTES):
        self.user_agent = user_agent
        self.max_bytes = max_bytes
        self._robots: dict[str, Protego | None] = {}
        self._client = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            headers={"User-Agent": user_agent, "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"},
            follow_redirects=True,
            max_redirects=10,
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self._client.close()

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = urlunsplit((parts.scheme, parts.netloc, "", "", ""))
        if origin not in self._robots:
            self._robots[origin] = self._load_robots(origin)
        robots = self._robots[origin]
        return robots is None or robots.can_fetch(url, ROBOTS_AGENT)

    def _load_robots(self, origin: str) -> Protego | None:
        try:
            response = self._client.get(origin + "/robots.txt")
        except httpx.HTTPError:
            return None  # unreachable robots.txt: no rules known, the page fetch will tell
        if response.status_code in (401, 403):
            return Protego.parse("User-agent: *\nDisallow: /")
        if response.status_code >= 400:
            return None
        return Protego.parse(response.text[:500_000])

    def fetch(self, url: str) -> Page:
        if urlsplit(url).scheme not in ("http", "https"):
            raise SourceError(f"{url}: only http and https URLs can be fetched")
        if not self.allowed(url):
            raise SourceError(f"{url}: disallowed by robots.txt")
        try:
            with self._client.stream("GET", url) as response:
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    chunks.append(chunk)
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise SourceError(f"{url}: response larger than {self.max_bytes // 1_000_000} MB")
        except httpx.TimeoutException:
            raise SourceError(f"{url}: timed out") from None
        except httpx.TooManyRedirects:
            raise SourceError(f"{url}: too many redirects") from None
        except httpx.HTTPError as exc:
            raise SourceError(f"{url}: {type(exc).__name__}: {exc}") from None
        if response.status_code >= 400:
            raise SourceError(f"{url}: HTTP {response.status_code} {response.reason_phrase}")
        headers = {k: v for k, v in response.headers.items() if k.lower() in _KEPT_HEADERS}
        return Page(
            content=b"".join(chunks),
            url=str(response.url),
            source=url,
            fetched_at=utc_now_iso(),
            status=response.status_code,
            headers=headers,
        )


def fetch(url: str, timeout: float = 20.0) -> Page:
    with Fetcher(timeout=timeout) as fetcher:
        return fetcher.fetch(url)
