"""Fetching pages over HTTP(S), politely and within bounds.

Politeness: robots.txt is read once per origin and honoured (its Crawl-delay too, capped),
requests to one host are spaced by at least `min_delay` seconds, `fetch_many` keeps at most
one request in flight per host, and the user agent says who we are.
Bounds: connect and read timeouts, a total `deadline` per fetch (a server that trickles bytes
cannot hold a fetch), a size cap on the decoded body, at most `max_redirects` hops, at most
`retries` retries (429/5xx/connection errors; exponential backoff from `backoff` seconds,
Retry-After honoured when it is no longer than `max_retry_after`, else we give up at once).

Conditional GET: `fetch(url, etag=..., last_modified=...)` sends If-None-Match and
If-Modified-Since; a 304 answer comes back as a `Page` with `status == 304` and empty
content (its headers carry the new validators), so callers test `page.status == 304`.

A Page keeps `source` = the URL asked for, `url` = the final URL, `redirects` = the URLs passed
through before it, and `headers` = the ones that matter (content-type, etag, last-modified, date,
content-language), with lower-case names.

Every failure is a `FetchError` (a `SourceError` with `.url`, `.reason`, `.status`) whose
message starts with the URL that was asked for.
"""

from __future__ import annotations

import re
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, Literal, TypeVar
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpcore
import httpx
from protego import Protego

from ..model import KEPT_HEADERS, Page, utc_now_iso
from ..version import __version__
from .errors import SourceError

USER_AGENT = f"dateline/{__version__} (news article extraction; +https://pypi.org/project/dateline/)"
ROBOTS_AGENT = "dateline"
MAX_RESPONSE_BYTES = 20 * 1024 * 1024
MAX_ROBOTS_BYTES = 512 * 1024  # RFC 9309 asks crawlers to read at least 500 KiB

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
# Servers send these for anything; the body decides (binary bytes are not a page).
AMBIGUOUS_TYPES = frozenset({"", "application/octet-stream", "binary/octet-stream", "application/x-unknown",
                             "unknown/unknown", "application/unknown"})
RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_ACCEPT = {
    "html": "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.5,*/*;q=0.1",
    "any": "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9,"
           "text/html;q=0.8,*/*;q=0.5",
}
Accept = Literal["html", "any"]
UrlItem = str | tuple[str, str | None, str | None]  # a URL, or (url, etag, last_modified)
T = TypeVar("T")
_END = object()


class FetchError(SourceError):
    """A URL could not be fetched; the message is "<url>: <reason>"."""

    def __init__(self, url: str, reason: str, status: int | None = None):
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.status = status


# The deadline of the fetch running on this thread, read by every socket operation below.
_current = threading.local()


def _bounded(timeout: float | None, kind: type[Exception] = httpcore.ReadTimeout) -> float | None:
    at: float | None = getattr(_current, "deadline_at", None)
    if at is None:
        return timeout
    remaining = at - time.monotonic()
    if remaining <= 0:
        raise kind("deadline passed")
    return remaining if timeout is None else min(timeout, remaining)


class _DeadlineStream(httpcore.NetworkStream):
    """A socket whose every read and write ends by the fetch deadline, so a server that
    trickles its status line and headers a byte at a time cannot hold a fetch either."""

    def __init__(self, inner: httpcore.NetworkStream):
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _bounded(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _bounded(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        return _DeadlineStream(self._inner.start_tls(ssl_context, server_hostname, _bounded(timeout)))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    def __init__(self, inner: httpcore.NetworkBackend):
        self._inner = inner

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Any = None) -> httpcore.NetworkStream:
        stream = self._inner.connect_tcp(host, port, _bounded(timeout, httpcore.ConnectTimeout), local_address,
                                         socket_options)
        return _DeadlineStream(stream)

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Any = None) -> httpcore.NetworkStream:
        return _DeadlineStream(self._inner.connect_unix_socket(path, _bounded(timeout), socket_options))

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def _deadline_transport(limits: httpx.Limits) -> httpx.HTTPTransport:
    transport = httpx.HTTPTransport(limits=limits)
    pool = getattr(transport, "_pool", None)
    backend = getattr(pool, "_network_backend", None)
    if backend is not None:  # httpcore internals: without them, only the body reading is bounded
        pool._network_backend = _DeadlineBackend(backend)  # type: ignore[union-attr]
    return transport


class _Retry(Exception):
    """A transient failure of one attempt: worth another try after a wait."""

    def __init__(self, reason: str, status: int | None = None, retry_after: float | None = None):
        super().__init__(reason)
        self.reason = reason
        self.status = status
        self.retry_after = retry_after


@dataclass
class _Host:
    """Per-host politeness state; `next_slot` is the monotonic time the next request may start."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    next_slot: float = 0.0
    delay: float = 0.0


def _refused(exc: BaseException) -> bool:
    """True when a connect error is a refusal (ECONNREFUSED), found anywhere in its chain of causes."""
    seen: BaseException | None = exc
    for _ in range(8):
        if seen is None:
            break
        if isinstance(seen, ConnectionRefusedError) or "connection refused" in str(seen).lower():
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def size_text(n: int) -> str:
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f} MB"
    if n >= 1_000:
        return f"{n / 1_000:.1f} kB"
    return f"{n} bytes"


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date; None if unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), "", "", ""))


def _host(url: str) -> str:
    try:
        return urlsplit(url).netloc.lower()
    except ValueError:
        return ""  # a broken URL: fetch() reports it


def _agent_token(user_agent: str) -> str:
    """The product token robots.txt groups are matched against: "dateline/0.1 (...)" → "dateline"."""
    token = re.split(r"[/\s]", user_agent.strip(), maxsplit=1)[0]
    return token or ROBOTS_AGENT


_HTML_SNIFF = re.compile(rb"<(?:!doctype\s+html|html|head|body|title|meta|p|div|article)[\s>/]", re.I)


class Fetcher:
    """One HTTP client with per-host robots.txt, rate limit and retries; use as a context manager.

    `timeout` is the read timeout (seconds between bytes); `connect_timeout` defaults to
    min(timeout, 10); `deadline` (default 3 × timeout) bounds a whole fetch — attempts,
    redirects and retry waits — counted from its first request.
    """

    def __init__(self, timeout: float = 20.0, user_agent: str = USER_AGENT, max_bytes: int = MAX_RESPONSE_BYTES, *,
                 connect_timeout: float | None = None, deadline: float | None = None, min_delay: float = 1.0,
                 max_workers: int = 8, retries: int = 3, backoff: float = 1.0, max_retry_after: float = 60.0,
                 max_redirects: int = 10, robots: bool = True, max_crawl_delay: float = 10.0,
                 transport: httpx.BaseTransport | None = None):
        self.user_agent = user_agent
        self.robots_agent = _agent_token(user_agent)
        self.max_bytes = max_bytes
        self.timeout = timeout
        self.connect_timeout = connect_timeout if connect_timeout is not None else min(timeout, 10.0)
        self.deadline = deadline if deadline is not None else 3 * timeout
        self.min_delay = min_delay
        self.max_workers = max(1, max_workers)
        self.retries = retries
        self.backoff = backoff
        self.max_retry_after = max_retry_after
        self.max_redirects = max_redirects
        self.respect_robots = robots
        self.max_crawl_delay = max_crawl_delay
        self.sleep: Callable[[float], None] = time.sleep  # replaceable in tests
        self._robots: dict[str, Protego | str | None] = {}  # origin → rules, a refusal reason, or no rules
        self._robots_locks: dict[str, threading.Lock] = {}
        self._hosts: dict[str, _Host] = {}
        self._lock = threading.Lock()
        limits = httpx.Limits(max_connections=self.max_workers * 2, max_keepalive_connections=self.max_workers)
        self._client = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=self.connect_timeout),
            headers={"User-Agent": user_agent},
            follow_redirects=False,  # followed by hand: each hop is checked, recorded and rate limited
            limits=limits,
            transport=transport or _deadline_transport(limits),
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    # robots.txt

    def allowed(self, url: str) -> bool:
        return self._robots_refusal(url) is None

    def _robots_refusal(self, url: str) -> str | None:
        """Why robots.txt forbids `url`, or None when it may be fetched."""
        if not self.respect_robots:
            return None
        origin = _origin(url)
        with self._lock:
            lock = self._robots_locks.setdefault(origin, threading.Lock())
        with lock:  # one robots.txt request per origin even with many threads
            if origin not in self._robots:
                self._robots[origin] = self._load_robots(origin)
        rules = self._robots[origin]
        if isinstance(rules, str):
            return rules
        if rules is not None and not rules.can_fetch(url, self.robots_agent):
            return "disallowed by robots.txt"
        return None

    def _load_robots(self, origin: str) -> Protego | str | None:
        _current.deadline_at = time.monotonic() + self.deadline
        try:
            with self._client.stream("GET", origin + "/robots.txt", follow_redirects=True,
                                     headers={"Accept": "text/plain,*/*;q=0.5"}) as response:
                data = bytearray()
                for chunk in response.iter_bytes():
                    data += chunk
                    if len(data) >= MAX_ROBOTS_BYTES:
                        break
        except httpx.HTTPError:
            return None  # unreachable: no rules known; the page fetch reports the real failure
        finally:
            _current.deadline_at = None
        status = response.status_code
        if status in (401, 403):
            return f"robots.txt answered HTTP {status}: the site refuses crawlers"
        if status == 429 or status >= 500:
            # RFC 9309: an unavailable robots.txt means "assume everything is disallowed" for now.
            return f"robots.txt unavailable (HTTP {status}): not fetching"
        if status >= 400:
            return None
        rules = Protego.parse(bytes(data[:MAX_ROBOTS_BYTES]).decode("utf-8", "replace"))
        delay = rules.crawl_delay(self.robots_agent)
        if delay:
            self._host_state(_host(origin)).delay = min(float(delay), self.max_crawl_delay)
        return rules

    # per-host rate limit

    def _host_state(self, host: str) -> _Host:
        with self._lock:
            state = self._hosts.get(host)
            if state is None:
                state = self._hosts[host] = _Host()
            return state

    def _wait_turn(self, url: str) -> None:
        """Reserve the host's next slot and sleep until it; concurrent callers get successive slots."""
        state = self._host_state(_host(url))
        with state.lock:
            now = time.monotonic()
            slot = max(now, state.next_slot)
            state.next_slot = slot + max(self.min_delay, state.delay)
        if slot > now:
            self.sleep(slot - now)

    def _push_back(self, url: str, seconds: float) -> None:
        """After a 429/503 the whole host waits, not only the request that was refused."""
        state = self._host_state(_host(url))
        with state.lock:
            state.next_slot = max(state.next_slot, time.monotonic() + seconds)

    # fetching

    def fetch(self, url: str, etag: str | None = None, last_modified: str | None = None, *,
              accept: Accept = "html", max_bytes: int | None = None) -> Page:
        """GET `url`, following redirects; raises FetchError. `accept="any"` takes any content type;
        `max_bytes` overrides the size cap for this fetch (sitemaps may reach 50 MB)."""
        headers = {"Accept": _ACCEPT[accept]}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        chain = [url]
        current = url
        attempt = 0
        deadline_at: float | None = None
        while True:
            self._check_url(url, current)
            refusal = self._robots_refusal(current)
            if refusal:
                raise FetchError(url, refusal if current == url else f"{refusal} (redirected to {current})")
            self._wait_turn(current)
            if deadline_at is None:
                deadline_at = time.monotonic() + self.deadline
            try:
                result = self._attempt(url, current, headers, deadline_at, accept, max_bytes or self.max_bytes)
            except _Retry as failure:
                attempt += 1
                wait_s = failure.retry_after
                if wait_s is not None and wait_s > self.max_retry_after:
                    raise FetchError(url, f"{failure.reason} (Retry-After {wait_s:.0f} s is over the "
                                          f"{self.max_retry_after:.0f} s cap)", failure.status) from None
                if attempt > self.retries:
                    tries = f"{attempt} attempts" if attempt > 1 else "1 attempt"
                    raise FetchError(url, f"{failure.reason} (gave up after {tries})", failure.status) from None
                if wait_s is None:
                    wait_s = self.backoff * 2 ** (attempt - 1)
                if time.monotonic() + wait_s > deadline_at:
                    raise FetchError(url, f"{failure.reason} (a retry in {wait_s:.1f} s would pass the "
                                          f"{self.deadline:g} s deadline)", failure.status) from None
                self._push_back(current, wait_s)
                continue
            if isinstance(result, Page):
                result.redirects = chain[:-1]
                return result
            try:
                target = urljoin(current, result)
            except ValueError as exc:
                raise FetchError(url, f"not a valid URL (redirect to {result!r}: {exc})") from None
            # A URL may come back once (a site that sets a cookie and redirects to the same page);
            # the third visit is a loop.
            if chain.count(target) >= 2:
                loop = " → ".join([*chain[chain.index(target):], target])
                raise FetchError(url, f"redirect loop ({loop})")
            if len(chain) > self.max_redirects:
                raise FetchError(url, f"too many redirects (more than {self.max_redirects})")
            chain.append(target)
            current = target
            attempt = 0

    @staticmethod
    def _check_url(url: str, current: str) -> None:
        try:
            scheme = urlsplit(current).scheme.lower()
            if scheme in ("http", "https") and not httpx.URL(current).host:
                raise ValueError("no host")
        except (httpx.InvalidURL, ValueError) as exc:
            raise FetchError(url, f"not a valid URL ({current}: {exc})") from None
        if scheme not in ("http", "https"):
            raise FetchError(url, f"only http and https URLs can be fetched ({current})")

    def _attempt(self, url: str, current: str, headers: dict[str, str], deadline_at: float,
                 accept: Accept, cap: int) -> Page | str:
        """One request: a Page, or the Location of a redirect; raises _Retry or FetchError."""
        remaining = deadline_at - time.monotonic()
        if remaining <= 0:
            raise FetchError(url, f"deadline of {self.deadline:g} s passed")
        timeout = httpx.Timeout(min(self.timeout, remaining), connect=min(self.connect_timeout, remaining))
        _current.deadline_at = deadline_at
        try:
            with self._client.stream("GET", current, headers=headers, timeout=timeout) as response:
                return self._read(url, response, deadline_at, accept, cap)
        except (FetchError, _Retry):
            raise
        except httpx.TimeoutException as exc:
            if time.monotonic() >= deadline_at:
                raise FetchError(url, f"deadline of {self.deadline:g} s passed (slow response)") from None
            kind = "connect" if isinstance(exc, httpx.ConnectTimeout) else "read"
            raise _Retry(f"{kind} timed out") from None
        except (httpx.ConnectError, httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError) as exc:
            if isinstance(exc, httpx.ConnectError) and _refused(exc):
                # Nothing listens there: asking again in a second would get the same answer.
                raise FetchError(url, "connection refused") from None
            raise _Retry(f"{type(exc).__name__}: {exc}".rstrip(": ")) from None
        except httpx.DecodingError:
            raise FetchError(url, "could not decode the response (bad Content-Encoding)") from None
        except httpx.HTTPError as exc:
            raise FetchError(url, f"{type(exc).__name__}: {exc}") from None
        finally:
            _current.deadline_at = None

    def _read(self, url: str, response: httpx.Response, deadline_at: float, accept: Accept,
              cap: int) -> Page | str:
        status = response.status_code
        if status in REDIRECT_STATUSES and response.headers.get("location"):
            return response.headers["location"]
        kept = {k: v for k, v in response.headers.items() if k.lower() in KEPT_HEADERS}
        if status == 304:
            return Page(content=b"", url=str(response.url), source=url, fetched_at=utc_now_iso(),
                        status=304, headers=kept)
        if status in RETRY_STATUSES:
            retry_after = parse_retry_after(response.headers.get("retry-after"))
            raise _Retry(f"HTTP {status} {response.reason_phrase}".strip(), status, retry_after)
        if status >= 300:
            raise FetchError(url, f"HTTP {status} {response.reason_phrase}".strip(), status)
        mime = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if accept == "html" and mime not in HTML_TYPES and mime not in AMBIGUOUS_TYPES:
            raise FetchError(url, f"not HTML (content-type {mime})", status)
        announced = response.headers.get("content-length", "")
        if announced.isdigit() and int(announced) > cap and "content-encoding" not in response.headers:
            raise FetchError(url, f"response is {size_text(int(announced))}, over the "
                                  f"{size_text(cap)} cap", status)
        data = bytearray()
        for chunk in response.iter_bytes():  # decoded bytes: a gzip bomb hits the cap too
            data += chunk
            if len(data) > cap:
                raise FetchError(url, f"response passed the {size_text(cap)} cap "
                                      f"(stopped at {size_text(len(data))})", status)
            if time.monotonic() > deadline_at:
                raise FetchError(url, f"deadline of {self.deadline:g} s passed while reading "
                                      f"(slow response, {size_text(len(data))} received)", status)
        content = bytes(data)
        if accept == "html" and mime in AMBIGUOUS_TYPES and b"\x00" in content[:1024] \
                and not _HTML_SNIFF.search(content[:2048]):
            raise FetchError(url, f"not HTML (content-type {mime or 'missing'}, binary content)", status)
        return Page(content=content, url=str(response.url), source=url, fetched_at=utc_now_iso(),
                    status=status, headers=kept)

    def fetch_many(self, urls: Iterable[UrlItem], *, accept: Accept = "html",
                   read_ahead: int = 10_000) -> Iterator[Page | FetchError]:
        """Fetch URLs concurrently (up to `max_workers`, one request in flight per host).

        Each item is a URL or (url, etag, last_modified). Results come in completion order,
        each URL answered exactly once: a Page (status 304 for not modified) or a FetchError.
        The input is read lazily, at most `read_ahead` items ahead.
        """
        for _item, result in self.fetch_each(urls, lambda item: item, accept=accept, read_ahead=read_ahead):
            yield result

    def fetch_each(self, items: Iterable[T], key: Callable[[T], UrlItem], *, accept: Accept = "html",
                   read_ahead: int = 10_000) -> Iterator[tuple[T, Page | FetchError]]:
        """`fetch_many` for any work items: `key(item)` gives the URL (or url, etag, last_modified);
        yields (item, result) so the caller keeps what it knew about each item (a PageRef's feed...)."""
        source = iter(items)
        pending: dict[str, deque[tuple[T, str, str | None, str | None]]] = {}
        waiting = 0
        exhausted = False
        busy: set[str] = set()
        running: dict[Future, tuple[str, T]] = {}
        pool = ThreadPoolExecutor(max_workers=self.max_workers, thread_name_prefix="dateline-fetch")
        try:
            while True:
                while not exhausted and waiting < read_ahead:
                    item = next(source, _END)
                    if item is _END:
                        exhausted = True
                        break
                    wanted = key(item)  # type: ignore[arg-type]
                    url, etag, modified = (wanted, None, None) if isinstance(wanted, str) else wanted
                    pending.setdefault(_host(url), deque()).append((item, url, etag, modified))  # type: ignore[arg-type]
                    waiting += 1
                for host in list(pending):
                    if len(running) >= self.max_workers:
                        break
                    if host in busy:
                        continue  # politeness: one request in flight per host
                    item, url, etag, modified = pending[host].popleft()
                    if not pending[host]:
                        del pending[host]
                    waiting -= 1
                    busy.add(host)
                    running[pool.submit(self._fetch_safely, url, etag, modified, accept)] = (host, item)
                if not running:
                    if exhausted and not pending:
                        return
                    continue
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    host, item = running.pop(future)
                    busy.discard(host)
                    yield item, future.result()
        finally:
            for future in running:
                future.cancel()
            pool.shutdown(wait=False, cancel_futures=True)

    def _fetch_safely(self, url: str, etag: str | None, modified: str | None, accept: Accept) -> Page | FetchError:
        try:
            return self.fetch(url, etag=etag, last_modified=modified, accept=accept)
        except FetchError as exc:
            return exc
        except Exception as exc:  # noqa: BLE001 - one bad URL must not stop a run
            return FetchError(url, f"{type(exc).__name__}: {exc}")


def fetch(url: str, timeout: float = 20.0) -> Page:
    with Fetcher(timeout=timeout) as fetcher:
        return fetcher.fetch(url)
