"""Streamed exports: articles as JSON Lines or CSV (store/export.py), events as JSON Lines, CSV or
GDELT 2.0 rows (render_events.py), stories and which story each article is in as JSON Lines or CSV
(the rows and columns of `dateline stories [--members]`). The writers write to a file object, which
here is a bounded queue read by the response, so rows leave as they are made and a slow client
holds back the writer instead of filling memory."""

from __future__ import annotations

import csv
import json
import queue
import threading
from collections.abc import Callable, Iterator
from typing import IO, Annotated, Any, cast

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from ..render_events import write_events
from ..store import Store
from ..store.encode import utc
from ..store.export import export_articles
from .errors import ERROR_RESPONSES
from .params import ArticleFilterDep, EventFilterDep, StoreDep, StoryFilterDep

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


# The columns of the story exports, as `dateline stories --format csv` and `--members` write them.
STORY_COLUMNS = ("id", "title", "summary", "first_published", "last_published", "article_count", "unique_count",
                 "outlets", "actors", "places")
MEMBER_COLUMNS = ("story_id", "article_id", "url", "source_id", "similarity", "duplicate_group")
_TYPES = {"jsonl": "application/x-ndjson", "csv": "text/csv; charset=utf-8"}


def _cell(value: Any) -> Any:
    """A CSV cell: a list as JSON (as the CLI writes it), a time as ISO 8601."""
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    return value.isoformat() if hasattr(value, "isoformat") else value


def write_rows(rows: Iterator[dict[str, Any]], fmt: str, columns: tuple[str, ...], fh: IO[str]) -> None:
    """Rows as JSON Lines, or as CSV with a header of `columns`."""
    if fmt == "jsonl":
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False, default=_cell) + "\n")
        return
    writer = csv.DictWriter(fh, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(v) for k, v in row.items()})


def _stories(store: Store, where: Any, fmt: str) -> StreamingResponse:
    def rows() -> Iterator[dict[str, Any]]:
        for record in store.stories(where):
            values = record.to_dict()
            values["first_published"] = utc(values["first_published"])
            values["last_published"] = utc(values["last_published"])
            yield values

    body = streamed(lambda fh: write_rows(rows(), fmt, STORY_COLUMNS, fh))
    return StreamingResponse(body, media_type=_TYPES[fmt], headers=_attachment(f"stories.{fmt}"))


@router.get("/stories.jsonl", summary="Matching stories, latest first, one JSON object a line (as `dateline stories`)")
def stories_jsonl(store: StoreDep, where: StoryFilterDep) -> StreamingResponse:
    return _stories(store, where, "jsonl")


@router.get("/stories.csv", summary="Matching stories as CSV with a header; lists as JSON (as `dateline stories`)")
def stories_csv(store: StoreDep, where: StoryFilterDep) -> StreamingResponse:
    return _stories(store, where, "csv")


def _members(store: Store, fmt: str) -> StreamingResponse:
    body = streamed(lambda fh: write_rows(store.iter_story_memberships(), fmt, MEMBER_COLUMNS, fh))
    return StreamingResponse(body, media_type=_TYPES[fmt], headers=_attachment(f"story-members.{fmt}"))


@router.get("/story-members.jsonl",
            summary="Every clustered article's story and duplicate group (as `dateline stories --members`)")
def story_members_jsonl(store: StoreDep) -> StreamingResponse:
    return _members(store, "jsonl")


@router.get("/story-members.csv", summary="The same membership as CSV with a header")
def story_members_csv(store: StoreDep) -> StreamingResponse:
    return _members(store, "csv")
