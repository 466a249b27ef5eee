"""A scriptable HTTP server on 127.0.0.1 for tests that fetch (stdlib http.server in a thread).

    with LocalServer() as server:
        server.route("/robots.txt", Reply(body="User-agent: *\\nDisallow: /private/", content_type="text/plain"))
        server.route("/flaky", Reply(503), Reply(body="<html>ok</html>"))  # 503 once, then 200 for ever
        fetch(server.url("/flaky"))
        assert len(server.hits("/flaky")) == 2

A route serves its replies in order and repeats the last one. A reply may also be a function
`(request: Seen) -> Reply` for answers that depend on the request (conditional GET).
Unknown paths get a 404. Not a pytest fixture itself: conftest's `local_server` fixture yields
one, and test files add their routes to it. `fast_fetcher()` is a Fetcher without the politeness
delays, for tests against such a server.
"""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Reply:
    status: int = 200
    body: bytes | str = b""
    content_type: str | None = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    length: bool = True  # send Content-Length; False: the body ends when the connection closes
    repeat: int = 1  # send the body this many times (a huge response without holding it in memory)
    drip: float | None = None  # seconds to sleep between chunks of `chunk` bytes (a slow server)
    chunk: int = 1
    drip_headers: bool = False  # with `drip`: trickle the status line and headers too, a byte at a time


@dataclass
class Seen:
    """One request as the server saw it."""

    path: str
    headers: dict[str, str]
    at: float  # time.monotonic()


Responder = Reply | Callable[[Seen], Reply]


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.0"  # one request per connection; bodies may end at close

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        seen = Seen(self.path, {k.lower(): v for k, v in self.headers.items()}, time.monotonic())
        owner = self.server.owner
        with owner.lock:
            owner.requests.append(seen)
            replies = owner.routes.get(self.path.split("?")[0])
            count = sum(1 for r in owner.requests if r.path == self.path)
        if replies is None:
            reply = Reply(404, "<html><body><h1>Not found</h1></body></html>")
        else:
            reply = replies[min(count, len(replies)) - 1]
            if callable(reply):
                reply = reply(seen)
        body = reply.body.encode("utf-8") if isinstance(reply.body, str) else reply.body
        try:
            if reply.drip is not None and reply.drip_headers:
                head = f"HTTP/1.0 {reply.status} Slow\r\nContent-Type: text/html\r\n\r\n".encode()
                for i in range(len(head)):
                    self.wfile.write(head[i:i + 1])
                    self.wfile.flush()
                    time.sleep(reply.drip)
                self.wfile.write(body)
                return
            self.send_response(reply.status)
            if reply.content_type:
                self.send_header("Content-Type", reply.content_type)
            for key, value in reply.headers.items():
                self.send_header(key, value)
            if reply.length:
                self.send_header("Content-Length", str(len(body) * reply.repeat))
            self.end_headers()
            if reply.drip is None:
                for _ in range(reply.repeat):
                    self.wfile.write(body)
            else:
                for _ in range(reply.repeat):
                    for i in range(0, len(body), reply.chunk):
                        self.wfile.write(body[i:i + reply.chunk])
                        self.wfile.flush()
                        time.sleep(reply.drip)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (size cap, deadline): that is the point of the test

    def log_message(self, *args: object) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    owner: LocalServer


class LocalServer:
    def __init__(self) -> None:
        self.routes: dict[str, list[Responder]] = {}
        self.requests: list[Seen] = []
        self.lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.owner = self
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}"

    def url(self, path: str = "/") -> str:
        return self.base + path

    def route(self, path: str, *replies: Responder) -> None:
        with self.lock:
            self.routes[path] = list(replies)

    def hits(self, path: str) -> list[Seen]:
        with self.lock:
            return [r for r in self.requests if r.path == path]

    def __enter__(self) -> LocalServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()


def fast_fetcher(**options: Any) -> Any:
    """A dateline Fetcher for tests: no delay between requests, short backoff; `options` override."""
    from dateline.sources.http import Fetcher

    return Fetcher(**{"timeout": 5, "min_delay": 0, "backoff": 0.02, **options})
