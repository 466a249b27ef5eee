"""Streaming exports of articles: JSON Lines, CSV and Parquet.

Rows come from `Store.iter_articles` (a server-side cursor on PostgreSQL, a stepping cursor on
SQLite) and leave in batches: at most `batch_size` articles are in memory at once, so a million
rows export in little memory. Parquet is written one row group per batch.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import itertools
import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import JSON, DateTime, Integer

from ..model import Article, Enrichment
from ..optional import require
from .reads import article_columns
from .records import ArticleFilter, StoredArticle
from .schema import articles
from .store import Store

FORMATS = ("jsonl", "csv", "parquet")

# One list of columns for every format, in this order: the article columns a reader sees, then
# the Article's fields that are no column (its paragraphs, images, evidence...), so that JSON
# Lines, CSV and Parquet hold the same things. Where a column and a field share a name, the
# column wins (the URL as stored, normalised).
_STORED = tuple(article_columns())
_FIELDS = tuple(f.name for f in dataclasses.fields(Article) if f.name not in _STORED)
# What enrichment found (model.Enrichment, offsets into `body`): null for an article not enriched.
ENRICHMENT_COLUMNS = ("entities", "actors", "places", "focus_place", "times", "quotes", "enrichment_skipped")
COLUMNS = _STORED + _FIELDS + ENRICHMENT_COLUMNS
# Their types, read off the schema: JSON lists, timestamps and integers; nested fields travel as
# JSON text in CSV and Parquet; the rest is text.
_LIST_COLUMNS = tuple(c.name for c in articles.c if c.name in COLUMNS and isinstance(c.type, JSON))
_TIME_COLUMNS = tuple(c.name for c in articles.c if c.name in COLUMNS and isinstance(c.type, DateTime))
_INT_COLUMNS = tuple(c.name for c in articles.c if c.name in COLUMNS and isinstance(c.type, Integer))
_BOOL_COLUMNS = ("is_article",)
_NESTED_COLUMNS = tuple(name for name in COLUMNS[len(_STORED):] if name not in (*_BOOL_COLUMNS, "input", "reason"))
_UNENRICHED = dict.fromkeys(ENRICHMENT_COLUMNS)


def export_articles(
    store: Store,
    fmt: str,
    out: str | Path | IO[Any] | None = None,
    where: ArticleFilter | None = None,
    *,
    batch_size: int = 2000,
) -> int:
    """Write the matching articles to `out` (a path, an open file, or None / "-" for stdout);
    returns the number of articles written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    fetch = min(batch_size, 500)  # rows held by the cursor at once; bodies make rows large
    rows = _export_values(store, store.iter_articles(where, batch_size=fetch, full=True), fetch)
    if fmt == "jsonl":
        with _open(out, binary=False) as fh:
            return write_jsonl(rows, fh)
    if fmt == "csv":
        with _open(out, binary=False, newline="") as fh:
            return write_csv(rows, fh)
    with _open(out, binary=True) as fh:
        return write_parquet(rows, fh, batch_size=batch_size)


export = export_articles  # the name the CLI calls


@contextmanager
def _open(out: str | Path | IO[Any] | None, binary: bool, newline: str | None = None) -> Iterator[IO[Any]]:
    if out is None or out == "-":
        yield sys.stdout.buffer if binary else sys.stdout
        (sys.stdout.buffer if binary else sys.stdout).flush()
    elif isinstance(out, (str, Path)):
        mode = "wb" if binary else "w"
        with open(out, mode, encoding=None if binary else "utf-8", newline=newline) as fh:
            yield fh
    else:
        yield out


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (datetime, date)) else value


def _export_values(store: Store, rows: Iterator[StoredArticle], size: int) -> Iterator[dict[str, Any]]:
    """Every export column of each article, with its stored enrichment (read `size` articles at a time)."""
    while batch := list(itertools.islice(rows, size)):
        found = store.enrichments([row.id for row in batch])
        for row in batch:
            yield _values(row, found.get(row.id))


def _values(row: StoredArticle, enrichment: Enrichment | None) -> dict[str, Any]:
    """Every export column of one article, as Python values (times as datetimes)."""
    article = row.article.to_dict() if row.article is not None else {}
    found = _UNENRICHED
    if enrichment is not None:
        found = {**enrichment.to_dict(), "enrichment_skipped": enrichment.skipped}
    return {**{name: getattr(row, name) for name in _STORED},
            **{name: article.get(name) for name in _FIELDS},
            **{name: found.get(name) for name in ENRICHMENT_COLUMNS}}


def write_jsonl(rows: Iterable[dict[str, Any]], fh: IO[str]) -> int:
    """One article a line, with every export column (nested fields as JSON)."""
    n = 0
    for row in rows:
        # Line by line: the file object buffers, and joining many lines into one str can
        # widen it to 4 bytes a character.
        fh.write(json.dumps(row, ensure_ascii=False, default=_jsonable) + "\n")
        n += 1
    return n


def _flat(row: dict[str, Any]) -> list[Any]:
    values = []
    for name, value in row.items():
        if name in _LIST_COLUMNS:
            value = "; ".join(value or [])
        elif name in _NESTED_COLUMNS:
            value = json.dumps(value, ensure_ascii=False) if value not in (None, [], {}) else None
        elif isinstance(value, bool):
            value = "true" if value else "false"
        elif isinstance(value, (datetime, date)):
            value = value.isoformat()
        values.append("" if value is None else value)
    return values


def write_csv(rows: Iterable[dict[str, Any]], fh: IO[str]) -> int:
    """RFC 4180 CSV with a header; authors and tags joined with "; "."""
    writer = csv.writer(fh)
    writer.writerow(COLUMNS)
    n = 0
    for row in rows:
        writer.writerow(_flat(row))
        n += 1
    return n


def parquet_schema() -> Any:
    pa = require("pyarrow", extra="parquet", purpose="writing Parquet")
    fields = []
    for name in COLUMNS:
        if name in _INT_COLUMNS:
            typ = pa.int64()
        elif name in _LIST_COLUMNS:
            typ = pa.list_(pa.string())
        elif name in _TIME_COLUMNS:
            typ = pa.timestamp("us", tz="UTC")
        elif name in _BOOL_COLUMNS:
            typ = pa.bool_()
        else:
            typ = pa.string()
        fields.append(pa.field(name, typ))
    return pa.schema(fields)


def write_parquet(rows: Iterable[dict[str, Any]], fh: IO[bytes] | str | Path, batch_size: int = 2000) -> int:
    """Parquet (zstd) with one row group per `batch_size` articles; lists stay lists, times are UTC timestamps."""
    pa = require("pyarrow", extra="parquet", purpose="writing Parquet")
    pq = require("pyarrow.parquet", extra="parquet", purpose="writing Parquet")

    schema = parquet_schema()
    # Parquet is written front to back (footer last), so a pipe such as stdout works too.
    sink: Any = str(fh) if isinstance(fh, (str, Path)) else pa.PythonFile(fh, mode="w")
    n = 0
    with pq.ParquetWriter(sink, schema, compression="zstd") as writer:
        columns: dict[str, list[Any]] = {name: [] for name in COLUMNS}

        def flush() -> None:
            if columns["id"]:
                writer.write_table(pa.Table.from_pydict(columns, schema=schema), row_group_size=batch_size)
                for values in columns.values():
                    values.clear()

        for row in rows:
            for name, value in row.items():
                if name in _LIST_COLUMNS:
                    value = list(value or [])
                elif name in _NESTED_COLUMNS:
                    value = json.dumps(value, ensure_ascii=False) if value not in (None, [], {}) else None
                columns[name].append(value)
            n += 1
            if n % batch_size == 0:
                flush()
        flush()
    return n


def export_bytes(store: Store, fmt: str, where: ArticleFilter | None = None) -> bytes:
    """The whole export in memory: for tests and small result sets."""
    if fmt == "parquet":
        binary = io.BytesIO()
        export_articles(store, fmt, binary, where)
        return binary.getvalue()
    textual = io.StringIO()
    export_articles(store, fmt, textual, where)
    return textual.getvalue().encode("utf-8")
