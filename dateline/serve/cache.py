"""A cache of rendered GET answers (pages and API JSON) that is never stale, with ETags.

An entry is kept per path and query string, with the store's data version it was rendered at
(data_version.py). A request asks the version first (one trivial query) and is answered from the
cache only when the entry's version is the current one: any commit, by this server or by another
process, makes every older entry a miss. A page that shows relative times ("7 minutes ago") or
the minute it was rendered also says until when it reads the same (the FRESH_UNTIL header, which
never leaves the server); past that, it is rendered again.

Every cached answer carries a strong ETag (a hash of its body); a request whose If-None-Match
names it gets 304 with no body. Only what is the same for everyone is cached: 200 answers of
HTML or JSON to GET requests without an Authorization header, never exports (streamed), the
ingest endpoints or static files. A write request (anything but GET, HEAD or OPTIONS) empties
the cache when it ends, whatever it did. Memory is bounded: least recently used entries go first
once the bodies and headers held pass `max_bytes`.
"""

from __future__ import annotations

import hashlib
import time
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass

import anyio

from .data_version import DataVersion
from .security import ASGIApp, Message, Receive, Scope, Send

FRESH_UNTIL = "x-dateline-fresh-until"  # a page's own expiry (seconds since the epoch), stripped here
_FRESH_UNTIL = FRESH_UNTIL.encode()
UNCACHED_PREFIXES = ("/api/export", "/api/ingest", "/static")
CACHED_TYPES = (b"text/html", b"application/json")
ENTRY_SHARE = 8  # one answer may take at most this fraction of the cache
OVERHEAD_BYTES = 200  # an entry's bookkeeping, counted with its body and headers


@dataclass
class Entry:
    version: Hashable
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    etag: bytes
    fresh_until: float | None
    size: int


class ResponseCache:
    """Entries by key, least recently used first out once they hold more than `max_bytes`."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self.hits = self.misses = 0
        self._entries: OrderedDict[str, Entry] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: str, version: Hashable, now: float) -> Entry | None:
        entry = self._entries.get(key)
        if entry is not None and entry.version == version and (entry.fresh_until is None or now < entry.fresh_until):
            self._entries.move_to_end(key)
            self.hits += 1
            return entry
        if entry is not None:  # of an older version, or past its time: it can never be answered again
            self._drop(key)
        self.misses += 1
        return None

    def put(self, key: str, entry: Entry) -> bool:
        if entry.size > self.max_bytes // ENTRY_SHARE:
            return False
        if key in self._entries:
            self._drop(key)
        self._entries[key] = entry
        self.size += entry.size
        while self.size > self.max_bytes:
            self._drop(next(iter(self._entries)))
        return True

    def clear(self) -> None:
        self._entries.clear()
        self.size = 0

    def _drop(self, key: str) -> None:
        self.size -= self._entries.pop(key).size


def etag_of(body: bytes) -> bytes:
    return b'"' + hashlib.blake2b(body, digest_size=16).hexdigest().encode() + b'"'


def etag_matches(if_none_match: bytes | None, etag: bytes) -> bool:
    """If-None-Match against our strong ETag (weak comparison, as RFC 9110 asks for GET)."""
    if not if_none_match:
        return False
    for tag in if_none_match.split(b","):
        tag = tag.strip()
        if tag == b"*" or tag.removeprefix(b"W/") == etag:
            return True
    return False


def _header(scope: Scope, name: bytes) -> bytes | None:
    return next((v for k, v in scope.get("headers", []) if k.lower() == name), None)


def _without_fresh_until(headers: list[tuple[bytes, bytes]]) -> tuple[list[tuple[bytes, bytes]], float | None]:
    kept, fresh_until = [], None
    for name, value in headers:
        if name.lower() == _FRESH_UNTIL:
            try:
                fresh_until = float(value)
            except ValueError:
                fresh_until = 0.0  # unreadable: already past
        else:
            kept.append((name, value))
    return kept, fresh_until


def _storable(status: int, headers: list[tuple[bytes, bytes]]) -> bool:
    if status != 200:
        return False
    values = {name.lower(): value for name, value in headers}
    return (values.get(b"content-type", b"").startswith(CACHED_TYPES) and b"set-cookie" not in values
            and b"no-store" not in values.get(b"cache-control", b""))


class CachedResponses:
    """The ASGI middleware of the cache (see the module's docstring)."""

    def __init__(self, app: ASGIApp, cache: ResponseCache, versions: DataVersion) -> None:
        self.app = app
        self.cache = cache
        self.versions = versions

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        if method not in ("GET", "HEAD", "OPTIONS"):
            try:
                await self.app(scope, receive, send)
            finally:  # the server's own writes: nothing rendered before them is answered again
                self.cache.clear()
            return
        path: str = scope.get("path", "")
        if (method != "GET" or path.startswith(UNCACHED_PREFIXES) or _header(scope, b"authorization") is not None):
            await self.app(scope, receive, _stripping(send))
            return
        version = self.versions.current() if self.versions.inline else await anyio.to_thread.run_sync(
            self.versions.current)
        if version is None:
            await self.app(scope, receive, _stripping(send))
            return
        key = path + "?" + scope.get("query_string", b"").decode("latin-1")
        if_none_match = _header(scope, b"if-none-match")
        entry = self.cache.get(key, version, time.time())
        if entry is not None:
            await _answer(send, entry.status, entry.headers, entry.body, entry.etag, if_none_match)
            return
        await self._render(scope, receive, send, key, version, if_none_match)

    async def _render(self, scope: Scope, receive: Receive, send: Send, key: str, version: Hashable,
                      if_none_match: bytes | None) -> None:
        """Run the app, holding back an answer that may be stored until its body is whole (its
        ETag goes in the headers); any other answer goes out as it comes."""
        start: Message | None = None
        parts: list[bytes] = []
        held = 0
        passing = False
        fresh_until: float | None = None

        async def capture(message: Message) -> None:
            nonlocal start, held, passing, fresh_until
            if passing:
                await send(message)
                return
            if message["type"] == "http.response.start":
                headers, fresh_until = _without_fresh_until(list(message.get("headers", [])))
                message["headers"] = headers
                if not _storable(message["status"], headers):
                    passing = True
                    await send(message)
                    return
                start = message
                return
            if message["type"] != "http.response.body" or start is None:
                await send(message)
                return
            parts.append(message.get("body", b""))
            held += len(parts[-1])
            if message.get("more_body", False):
                if held > self.cache.max_bytes // ENTRY_SHARE:  # too big to keep: let it flow
                    passing = True
                    await send(start)
                    await send({"type": "http.response.body", "body": b"".join(parts), "more_body": True})
                return
            body = b"".join(parts)
            headers = [(k, v) for k, v in start["headers"] if k.lower() not in (b"etag", b"cache-control")]
            # Browsers may keep a copy, but ask again before each use (a 304 when it is still right).
            headers.append((b"cache-control", b"no-cache"))
            etag = etag_of(body)
            size = len(body) + len(key) + sum(len(k) + len(v) for k, v in headers) + OVERHEAD_BYTES
            self.cache.put(key, Entry(version, start["status"], headers, body, etag, fresh_until, size))
            await _answer(send, start["status"], headers, body, etag, if_none_match)

        await self.app(scope, receive, capture)


async def _answer(send: Send, status: int, headers: list[tuple[bytes, bytes]], body: bytes, etag: bytes,
                  if_none_match: bytes | None) -> None:
    if etag_matches(if_none_match, etag):
        kept = [(k, v) for k, v in headers if k.lower() == b"cache-control"]
        await send({"type": "http.response.start", "status": 304, "headers": [*kept, (b"etag", etag)]})
        await send({"type": "http.response.body", "body": b""})
        return
    await send({"type": "http.response.start", "status": status, "headers": [*headers, (b"etag", etag)]})
    await send({"type": "http.response.body", "body": body})


def _stripping(send: Send) -> Send:
    """`send` with the FRESH_UNTIL header taken out of the answer (it is for this module only)."""
    async def stripped(message: Message) -> None:
        if message["type"] == "http.response.start":
            message["headers"] = _without_fresh_until(list(message.get("headers", [])))[0]
        await send(message)

    return stripped
