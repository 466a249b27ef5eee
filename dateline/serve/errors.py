"""One error body for every error the server answers: {"error": {"code", "message", "detail"?}}.

FastAPI's own answers (404 of an unknown path, 405, 422 of a bad parameter) and ours (`ApiError`)
all leave through the handlers below, so a client reads one shape whatever went wrong."""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..store import StoreBusy, StoreError
from ..store.query import QueryError
from .security import security_headers

log = logging.getLogger("dateline.serve")

# The code of a status that no handler named more precisely.
_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
          413: "payload_too_large", 415: "unsupported_media_type", 422: "invalid_request", 429: "too_many_requests",
          500: "internal_error", 503: "unavailable"}


class ErrorDetail(BaseModel):
    code: str
    message: str
    detail: Any = None


class ErrorBody(BaseModel):
    """The body of every error response."""

    error: ErrorDetail


# What the OpenAPI description says each endpoint may answer besides its success.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": text}
    for status, text in ((404, "Not found"), (422, "Invalid parameters or body"), (503, "Database busy or unreachable"))
}


class ApiError(Exception):
    """An error to answer with: its HTTP status, a code for programs and a message for people."""

    def __init__(self, status: int, message: str, code: str | None = None, detail: Any = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code or _CODES.get(status, "error")
        self.message = message
        self.detail = detail
        self.headers = headers


def error_body(code: str, message: str, detail: Any = None) -> dict[str, Any]:
    error: dict[str, Any] = {"code": code, "message": message}
    if detail is not None:
        error["detail"] = jsonable_encoder(detail)
    return {"error": error}


def error_response(status: int, code: str, message: str, detail: Any = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(code, message, detail), status_code=status, headers=headers)


def _api_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return error_response(exc.status, exc.code, exc.message, exc.detail, exc.headers)


def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    status = exc.status_code
    message = exc.detail if isinstance(exc.detail, str) else HTTPStatus(status).phrase
    if status == 404 and message == "Not Found":
        message = f"no such path: {request.url.path}"
    return error_response(status, _CODES.get(status, "error"), message, headers=getattr(exc, "headers", None))


def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = [{"where": ".".join(str(part) for part in e.get("loc", ())), "problem": e.get("msg", "")}
                for e in exc.errors()]
    first = problems[0] if problems else {"where": "request", "problem": "invalid"}
    return error_response(422, "invalid_request", f"{first['where']}: {first['problem']}", problems)


def _query_error(request: Request, exc: Exception) -> JSONResponse:
    return error_response(422, "invalid_query", str(exc))


def _store_error(request: Request, exc: Exception) -> JSONResponse:
    # A busy or unreachable database: the message names it, never with a password (Store.redact).
    status, code = (503, "database_busy") if isinstance(exc, StoreBusy) else (503, "database_error")
    return error_response(status, code, str(exc))


def _internal_error(request: Request, exc: Exception) -> JSONResponse:
    # Starlette answers this one outside every middleware, so the headers are added here.
    log.exception("internal error on %s %s", request.method, request.url.path)
    response = error_response(500, "internal_error", "internal error: the server's log has the details")
    response.headers.update(security_headers(request.url.path))
    return response


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(QueryError, _query_error)
    app.add_exception_handler(StoreError, _store_error)
    app.add_exception_handler(Exception, _internal_error)
