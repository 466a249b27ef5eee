"""The FastAPI application of `dateline serve`: the /api router, /docs, the web UI's pages, one
error shape, the security headers and the body size limit."""

from __future__ import annotations

from collections.abc import AsyncIterator, Collection
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from ..config import Settings
from ..store import Store, open_store
from ..version import __version__
from .api import api_router
from .cache import CachedResponses, ResponseCache
from .data_version import data_version_of
from .docs import install_docs
from .errors import install_error_handlers
from .pages import install_pages
from .security import BodyLimit, HostCheck, SecurityHeaders

DESCRIPTION = """News pages turned into articles, actors, places, times and events (PLOVER/CAMEO).

Lists page with cursors: pass a response's `next_cursor` as `cursor` for the next page (it is good
for the same `sort` only). Errors have one shape: `{"error": {"code", "message", "detail"?}}`.
The `/api/ingest/*` endpoints need `Authorization: Bearer <serve_token>`."""


def create_app(settings: Settings | None = None, store: Store | None = None,
               allowed_hosts: Collection[str] | None = None) -> FastAPI:
    """The app over `store` (opened from `settings.db` when not given, and then closed with the app).
    `allowed_hosts`: the Host header names it answers (security.local_names); None: any.

    A database that does not exist is created only when writes are on (a `serve_token` is set):
    a read-only server pointed at a wrong path says so instead of serving an empty database."""
    settings = settings or Settings()
    owned = store is None
    opened = store if store is not None else open_store(settings.db, create=bool(settings.serve_token))

    # The cache of rendered answers (cache.py): on unless set to 0 MB or the database's commits
    # cannot be seen from a connection of our own (an in-memory SQLite database).
    versions = data_version_of(opened.engine) if settings.serve_cache_mb > 0 else None
    cache = ResponseCache(settings.serve_cache_mb * 1024 * 1024) if versions is not None else None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        if versions is not None:
            versions.close()
        if owned:
            opened.close()

    app = FastAPI(title="dateline", version=__version__, description=DESCRIPTION, docs_url=None, redoc_url=None,
                  openapi_url="/openapi.json", lifespan=lifespan)
    app.state.settings = settings
    app.state.store = opened
    app.state.response_cache = cache
    app.state.data_version = versions
    install_error_handlers(app)
    app.include_router(api_router())
    install_docs(app)
    install_pages(app)
    # Middlewares: the last added is the outermost. The cache is innermost: a cached answer still
    # gets the host check, CORS and the security headers of its request.
    if cache is not None and versions is not None:
        app.add_middleware(CachedResponses, cache=cache, versions=versions)
    app.add_middleware(BodyLimit, max_bytes=settings.serve_max_body)
    origins = [o.strip() for o in settings.serve_cors_origins.split(",") if o.strip()]
    if origins:  # off unless asked for: the API is for this origin and for programs
        app.add_middleware(CORSMiddleware, allow_origins=origins, allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type"])
    if allowed_hosts is not None:
        app.add_middleware(HostCheck, allowed=allowed_hosts)
    app.add_middleware(SecurityHeaders)
    return app
