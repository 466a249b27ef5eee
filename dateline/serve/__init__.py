"""`dateline serve`: the REST API (and later the web UI) over a store, in one uvicorn process.

    from dateline.serve import create_app      # an ASGI app, e.g. for a test client
    serve(settings, host="127.0.0.1", port=8000)
"""

from __future__ import annotations

import socket
import sys
from typing import TYPE_CHECKING

from ..config import Settings
from ..errors import DatelineError

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


class AddressInUse(DatelineError):
    """The address and port to serve on are taken, or not this machine's."""


def check_address(host: str, port: int) -> None:
    """Raise AddressInUse, naming the address, when a server could not listen there (uvicorn itself
    would only log it and exit)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise AddressInUse(f"cannot serve on {host}: {exc.strerror}") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            probe.bind(address)
        except OSError as exc:
            raise AddressInUse(f"cannot serve on {host}:{port}: {exc.strerror or exc} "
                               "(another --port, or stop what listens there)") from None


def serve(settings: Settings, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, check_only: bool = False) -> int:
    """Serve until interrupted; returns the exit status. `check_only`: open the database and check the
    address as serving would, print where it would serve, and return (for scripts with no one to stop it)."""
    import uvicorn

    from ..store.store import redact
    from .security import local_names

    check_address(host, port)
    app = create_app(settings, allowed_hosts=local_names(host))
    where = f"http://{'[' + host + ']' if ':' in host else host}:{port}"
    writes = "on" if settings.serve_token else "off (no serve_token)"
    doing = "would serve" if check_only else "serving"
    print(f"dateline: {doing} {redact(settings.db)} at {where} (API docs: {where}/docs; writes {writes})",
          file=sys.stderr, flush=True)
    if check_only:
        app.state.store.close()
        return 0
    uvicorn.run(app, host=host, port=port, log_level="warning" if settings.quiet else "info",
                server_header=False, proxy_headers=False, access_log=not settings.quiet)
    return 0
