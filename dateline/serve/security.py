"""What every response carries and every request is held to: security headers, the body size
limit, and the bearer token of the write endpoints.

The two middlewares are plain ASGI (no BaseHTTPMiddleware), so streamed exports stay streamed."""

from __future__ import annotations

import hmac
import json
from collections.abc import Awaitable, Callable, Collection, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# Everything comes from this server: no inline script, no framing, no plugins, nothing from a CDN.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
# Swagger UI (vendored, served from here) sets style attributes from its script: /docs allows them.
DOCS_CSP = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")

_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}


def security_headers(path: str) -> dict[str, str]:
    return {"content-security-policy": DOCS_CSP if path.startswith("/docs") else CSP, **_HEADERS}


class SecurityHeaders:
    """Adds the security headers to every response (a handler's own value is left as it is)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = security_headers(scope.get("path", ""))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.decode("latin-1").lower() for name, _ in headers}
                headers += [(k.encode(), v.encode()) for k, v in extra.items() if k not in present]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class HostCheck:
    """Answers only requests whose Host header names this server (400 otherwise).

    A server on 127.0.0.1 is still reachable from a web page through DNS rebinding (a name of the
    attacker's that turns into 127.0.0.1): its requests carry the attacker's name as Host."""

    def __init__(self, app: ASGIApp, allowed: Collection[str]) -> None:
        self.app = app
        self.allowed = {host.lower() for host in allowed}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or "*" in self.allowed:
            await self.app(scope, receive, send)
            return
        host = next((v.decode("latin-1") for k, v in scope.get("headers", []) if k.lower() == b"host"), "")
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host  # without the port; [::1] as it is
        if name.lower() in self.allowed:
            await self.app(scope, receive, send)
            return
        await send_error(send, 400, "invalid_host", f"this server does not answer for host {host!r}")


def local_names(bind: str) -> list[str]:
    """The Host names a server bound to `bind` answers for: this machine's names on a loopback
    address, any name on another address (whoever can reach it may name it as they like)."""
    if bind in ("127.0.0.1", "localhost", "::1") or bind.startswith("127."):
        return ["127.0.0.1", "localhost", "[::1]", bind if ":" not in bind else f"[{bind}]"]
    return ["*"]


async def send_error(send: Send, status: int, code: str, message: str) -> None:
    """An error response in the API's one shape, for the middlewares (which answer before FastAPI)."""
    body = json.dumps({"error": {"code": code, "message": message}}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """Refuses a request body over `max_bytes` with 413, before the endpoint reads any of it.

    A declared Content-Length over the limit is refused at once; a body without one (chunked) is
    read up to the limit first and then handed on, so no endpoint sees a body cut short."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        declared = next((v for k, v in scope.get("headers", []) if k.lower() == b"content-length"), None)
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(send)
            return
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            if len(body) > self.max_bytes:
                await self._refuse(send)
                return
            if not message.get("more_body", False):
                break
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, send: Send) -> None:
        await send_error(send, 413, "payload_too_large", f"the request body is over {self.max_bytes} bytes")


def token_matches(given: str | None, expected: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())
