"""/docs: Swagger UI over the API's OpenAPI description, from files served here (the
swagger-ui-bundle package's copy and static/docs.js), never from a CDN."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

STATIC = Path(__file__).with_name("static")

_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>dateline API</title>
<link rel="stylesheet" href="/docs/swagger/swagger-ui.css">
<link rel="icon" href="/docs/swagger/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"><noscript>The API's description is at <a href="/openapi.json">/openapi.json</a>.</noscript></div>
<script src="/docs/swagger/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>
"""


def openapi_30(node: Any) -> Any:
    """An OpenAPI 3.1 description (FastAPI's) told in 3.0 terms, for the vendored Swagger UI (4.x),
    which reads 3.0 only: "anyOf [X, null]" becomes X with "nullable". /openapi.json stays 3.1."""
    if isinstance(node, list):
        return [openapi_30(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: openapi_30(value) for key, value in node.items()}
    if isinstance(out.get("openapi"), str):
        out["openapi"] = "3.0.3"
    choices = out.get("anyOf")
    if isinstance(choices, list) and {"type": "null"} in choices:
        rest = [c for c in choices if c != {"type": "null"}]
        del out["anyOf"]
        if len(rest) == 1:
            out = {**rest[0], **out}
        elif rest:
            out["anyOf"] = rest
        out["nullable"] = True
    return out


def swagger_ui_folder() -> Path | None:
    """The swagger-ui-bundle package's files, None when the package is missing."""
    try:
        from swagger_ui_bundle import swagger_ui_path
    except ImportError:
        return None
    return Path(swagger_ui_path)


def install_docs(app: FastAPI) -> None:
    folder = swagger_ui_folder()

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        if folder is None:  # still useful: the description itself
            return HTMLResponse('<!doctype html><title>dateline API</title><p>The API\'s description is at '
                                '<a href="/openapi.json">/openapi.json</a>.</p>')
        return HTMLResponse(_PAGE)

    @app.get("/docs/openapi-3.0.json", include_in_schema=False)
    def docs_openapi() -> JSONResponse:
        return JSONResponse(openapi_30(app.openapi()))

    @app.get("/docs/init.js", include_in_schema=False)
    def docs_init() -> FileResponse:
        return FileResponse(STATIC / "docs.js", media_type="text/javascript")

    if folder is not None:
        app.mount("/docs/swagger", StaticFiles(directory=folder), name="swagger-ui")
