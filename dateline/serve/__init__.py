"""`dateline serve`: the REST API (and later the web UI) over a store, in one uvicorn process.

    from dateline.serve import create_app      # an ASGI app, e.g. for a test client
    serve(settings, host="127.0.0.1", port=8000)
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from ..config import Settings

if TYPE_CHECKING:
    from collections.abc import Collection

    from fastapi import FastAPI

    from ..store import Store

DEFAULT_HOST = "127.0.0.1"  # this machine only, unless told otherwise
DEFAULT_PORT = 8000


def create_app(settings: Settings | None = None, store: Store | None = None,
               allowed_hosts: Collection[str] | None = None) -> FastAPI:
    from .app import create_app as build

    return build(settings, store, allowed_hosts)


def serve(settings: Settings, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> int:
    """Serve until interrupted; returns the exit status."""
    import uvicorn

    from ..store.store import redact
    from .security import local_names

    app = create_app(settings, allowed_hosts=local_names(host))
    where = f"http://{'[' + host + ']' if ':' in host else host}:{port}"
    writes = "on" if settings.serve_token else "off (no serve_token)"
    print(f"dateline: serving {redact(settings.db)} at {where} (API docs: {where}/docs; writes {writes})",
          file=sys.stderr, flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning" if settings.quiet else "info",
                server_header=False, proxy_headers=False, access_log=not settings.quiet)
    return 0
