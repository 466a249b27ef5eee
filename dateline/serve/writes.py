"""The write endpoints: a URL, an HTML page or a text dump submitted for ingestion.

Each goes through the one ingest loop (dateline.ingest) like a source on the command line: the
same pipeline, identity rules and error rows. They need the bearer token of the `serve_token`
setting; without one set, writes are off (403). Ingests run one at a time: the pipeline's models
are loaded once and shared, and SQLite takes one writer anyway."""

from __future__ import annotations

import threading
from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field, field_validator

from ..config import Settings
from ..ingest import Source, ingest
from ..model import Page, utc_now_iso
from .errors import ERROR_RESPONSES, ApiError, ErrorBody
from .params import StoreDep
from .schemas import IngestResult
from .security import token_matches

SOURCE = "api"  # the source the store records for a page posted here
_INGEST_LOCK = threading.Lock()


# Declared for the OpenAPI description (Swagger UI's "Authorize"); the check is ours, for our error body.
_BEARER = HTTPBearer(auto_error=False, description="the serve_token setting")


def require_token(request: Request,
                  credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_BEARER)] = None) -> None:
    expected = request.app.state.settings.serve_token
    if not expected:
        raise ApiError(403, "writes are off: set serve_token (DATELINE_SERVE_TOKEN) to allow them",
                       code="writes_disabled")
    if not token_matches(credentials.credentials if credentials else None, expected):
        raise ApiError(401, "a valid bearer token is needed: Authorization: Bearer <serve_token>",
                       headers={"www-authenticate": "Bearer"})


def _http_url(value: str | None) -> str | None:
    if value is not None and not value.strip().lower().startswith(("http://", "https://")):
        raise ValueError("must be an http(s) URL")
    return value.strip() if value else None


class UrlIn(BaseModel):
    url: str = Field(description="an article's http(s) URL, fetched as `dateline ingest URL` fetches it")

    _check_url = field_validator("url")(_http_url)


class HtmlIn(BaseModel):
    html: str = Field(min_length=1, description="the page's HTML")
    url: str | None = Field(None, description="the URL the page came from")

    _check_url = field_validator("url")(_http_url)


class TextIn(BaseModel):
    text: str = Field(min_length=1, description="the page's text as copied or scraped (a text dump)")
    url: str | None = Field(None, description="the URL the page came from")

    _check_url = field_validator("url")(_http_url)


_WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    **ERROR_RESPONSES,
    401: {"model": ErrorBody, "description": "No bearer token, or not the right one"},
    403: {"model": ErrorBody, "description": "Writes are off: no serve_token is set"},
    413: {"model": ErrorBody, "description": "The body is over serve_max_body bytes"},
}
_ANSWERS: dict[int | str, dict[str, Any]] = {
    200: {"model": IngestResult, "description": "Stored already, or not an article"},
    201: {"model": IngestResult, "description": "A new article"},
}
router = APIRouter(prefix="/api/ingest", tags=["ingest"], dependencies=[Depends(require_token)],
                   responses=_WRITE_ERRORS)


def _ingest(request: Request, source: Source) -> tuple[Any, list[dict[str, Any]]]:
    settings: Settings = request.app.state.settings
    errors: list[dict[str, Any]] = []

    def on_event(kind: str, data: dict[str, Any]) -> None:
        if kind == "error":
            errors.append({k: data.get(k) for k in ("stage", "code", "reason")})

    with _INGEST_LOCK:
        report = ingest([source], request.app.state.store, settings=replace(settings, write_process=False),
                        on_event=on_event)
    return report, errors


def _answer(report: Any, errors: list[dict[str, Any]], article_id: int | None) -> JSONResponse:
    body = {"article_id": article_id, "report": report.to_dict(), "errors": errors}
    if report.nothing_stored():
        reason = errors[0]["reason"] if errors else report.nothing_stored()
        raise ApiError(422, f"not ingested: {reason}", code="ingest_failed", detail=body)
    return JSONResponse(body, status_code=201 if report.articles else 200)


@router.post("/url", summary="Fetch a URL and ingest it", status_code=201, responses=_ANSWERS)
def ingest_url(payload: UrlIn, request: Request, store: StoreDep) -> JSONResponse:
    report, errors = _ingest(request, payload.url)
    known = store.known_url(payload.url)
    return _answer(report, errors, known.article_id if known else None)


def _page(content: str, url: str | None, content_type: str) -> Page:
    return Page(content=content, url=url, source=SOURCE, fetched_at=utc_now_iso(),
                headers={"content-type": content_type})


@router.post("/html", summary="Ingest an HTML page", status_code=201, responses=_ANSWERS)
def ingest_html(payload: HtmlIn, request: Request, store: StoreDep) -> JSONResponse:
    page = _page(payload.html, payload.url, "text/html; charset=utf-8")
    report, errors = _ingest(request, page)
    return _answer(report, errors, store.article_of_content(page.content_hash))


@router.post("/text", summary="Ingest a text dump (a page's text as copied or scraped)", status_code=201,
             responses=_ANSWERS)
def ingest_text(payload: TextIn, request: Request, store: StoreDep) -> JSONResponse:
    page = _page(payload.text, payload.url, "text/plain; charset=utf-8")
    report, errors = _ingest(request, page)
    return _answer(report, errors, store.article_of_content(page.content_hash))

