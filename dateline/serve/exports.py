"""Streamed exports: articles as JSON Lines or CSV (store/export.py), events as JSON Lines, CSV or
GDELT 2.0 rows (render_events.py). The writers are the CLI's own: they write to a file object,
which here is a bounded queue read by the response, so rows leave as they are made and a slow
client holds back the writer instead of filling memory."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from typing import IO, Annotated, Any, cast

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from ..render_events import write_events
from ..store import Store
from ..store.export import export_articles
from .errors import ERROR_RESPONSES
from .params import ArticleFilterDep, EventFilterDep, StoreDep

CHUNK_CHARS = 64 * 1024  # text gathered before it is handed to the response
_DONE = object()


class _Abandoned(Exception):
    """The client went away: the writer stops."""


class _QueueWriter:
    """A text file object whose writes go, in chunks, to a bounded queue."""

    def __init__(self, out: queue.Queue[Any], stopped: threading.Event) -> None:
        self.out = out
        self.stopped = stopped
        self.parts: list[str] = []
        self.size = 0

    def write(self, text: str) -> int:
        self.parts.append(text)
        self.size += len(text)
        if self.size >= CHUNK_CHARS:
            self.flush()
        return len(text)

    def flush(self) -> None:
        if self.parts:
            self._put("".join(self.parts))
            self.parts, self.size = [], 0

    def _put(self, item: Any) -> None:
        while not self.stopped.is_set():
            try:
                self.out.put(item, timeout=0.5)
                return
            except queue.Full:
                continue
        raise _Abandoned


def streamed(write: Callable[[IO[str]], Any]) -> Iterator[bytes]:
    """What `write(file)` writes, as UTF-8 chunks, written in a thread of its own as they are read."""
    chunks: queue.Queue[Any] = queue.Queue(maxsize=8)
    stopped = threading.Event()
    writer = _QueueWriter(chunks, stopped)
    failure: list[BaseException] = []

    def run() -> None:
        try:
            write(cast(IO[str], writer))
            writer.flush()
        except _Abandoned:
            return
        except BaseException as exc:  # noqa: BLE001 - raised again in the response's thread
            failure.append(exc)
        try:
            writer._put(_DONE)
        except _Abandoned:
            pass

    thread = threading.Thread(target=run, name="dateline-export", daemon=True)
    thread.start()
    try:
        while (item := chunks.get()) is not _DONE:
            yield item.encode("utf-8")
        if failure:
            # The status is sent already: the body ends short, and the server logs why.
            raise failure[0]
    finally:
        stopped.set()


def _attachment(name: str) -> dict[str, str]:
    return {"content-disposition": f'attachment; filename="{name}"'}


router = APIRouter(prefix="/api/export", tags=["export"], responses=ERROR_RESPONSES)

_ARTICLE_TYPES = {"jsonl": "application/x-ndjson", "csv": "text/csv; charset=utf-8"}


def _articles(store: Store, where: Any, fmt: str) -> StreamingResponse:
    body = streamed(lambda fh: export_articles(store, fmt, fh, where))
    return StreamingResponse(body, media_type=_ARTICLE_TYPES[fmt], headers=_attachment(f"articles.{fmt}"))


@router.get("/articles.jsonl", summary="Every matching article, one JSON object a line (as `dateline export`)")
def articles_jsonl(store: StoreDep, where: ArticleFilterDep) -> StreamingResponse:
    return _articles(store, where, "jsonl")


@router.get("/articles.csv", summary="Every matching article as CSV with a header (as `dateline export`)")
def articles_csv(store: StoreDep, where: ArticleFilterDep) -> StreamingResponse:
    return _articles(store, where, "csv")


def _events(store: Store, where: Any, fmt: str, media_type: str, name: str, header: bool = False) -> StreamingResponse:
    def write(fh: IO[str]) -> None:
        found = store.events(where)
        sources = store.event_sources([m.article_id for e in found for m in e.mentions if m.article_id is not None])
        write_events(found, fmt, sources, fh, header=header)

    return StreamingResponse(streamed(write), media_type=media_type, headers=_attachment(name))


@router.get("/events.jsonl", summary="Matching events, one JSON object a line (as `dateline events`)")
def events_jsonl(store: StoreDep, where: EventFilterDep) -> StreamingResponse:
    return _events(store, where, "jsonl", "application/x-ndjson", "events.jsonl")


@router.get("/events.csv", summary="Matching events as CSV with a header (as `dateline events`)")
def events_csv(store: StoreDep, where: EventFilterDep) -> StreamingResponse:
    return _events(store, where, "csv", "text/csv; charset=utf-8", "events.csv")


@router.get("/events.gdelt.tsv", summary="Matching events as GDELT 2.0 event rows: 61 tab-separated columns")
def events_gdelt(store: StoreDep, where: EventFilterDep,
                 header: Annotated[bool, Query(description="a first row of GDELT's column names")] = False,
                 ) -> StreamingResponse:
    return _events(store, where, "gdelt", "text/tab-separated-values; charset=utf-8", "events.gdelt.tsv", header)
