"""`Store`: the one class that talks to the database.

Writes are batched (one transaction per `write_batch`), idempotent (a page is keyed by its
normalised URL and its content hash; the unique index makes a repeat a no-op) and cheap: all
look-ups for a batch are a few `IN (...)` queries, all inserts are executemany.

Identity of articles, in this order:
1. the same raw content (page content hash) as a stored page that gave an article → that article;
2. the same body (hash of the whitespace-normalised body, bodies of >= 200 characters) → that article;
3. a URL (page URL, URLs redirected through, canonical URL) the store already knows → the same
   article in a new version: updated in place (its id, and so later stages' rows, stay); a match
   through a canonical link counts only when the headlines agree (templates get canonicals wrong);
4. otherwise a new article.
1 and 2 count as duplicates: the new URL is added to `article_urls`.

SQLite: WAL, `BEGIN IMMEDIATE` for writes (the write lock is taken at the start, so a busy
database waits `busy_timeout` and then raises `StoreBusy` instead of failing half-way).
PostgreSQL: writers serialise on an advisory transaction lock, so two ingests never race on
the identity look-ups.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import zstandard
from sqlalchemy import (
    Connection,
    Engine,
    bindparam,
    create_engine,
    delete,
    event,
    exists,
    func,
    inspect,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.exc import DBAPIError, OperationalError

from .. import __version__
from ..config import DEFAULT_DB
from ..model import KEPT_HEADERS, Article, Page
from ..urls import normalise_url, url_site
from ..writing_systems import UNSPACED
from . import BatchCounts, ErrorRow, PageVersion, Processed, SearchHit, StoreBusy, StoreError
from .schema import article_urls, articles, contents, errors, pages

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
HEAD_REVISION = "0002"  # the newest file in migrations/versions (a test keeps the two in step)
MIN_BODY_FOR_HASH = 200  # shorter bodies ("Subscribe to read") are too common to identify an article
_CHUNK = 500  # parameters per IN (...) query
_PG_WRITE_LOCK = 0x64617465  # "date": the advisory lock key dateline writers share
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")

# Article columns that hold the Article's fields (the rest are derived: hashes, site, times).
_ARTICLE_FIELDS = (
    "title",
    "subtitle",
    "authors",
    "agency",
    "published",
    "modified",
    "language",
    "section",
    "tags",
    "site_name",
    "lede",
    "body",
)


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _clean(text: str) -> str:
    """Text both databases accept: no NUL (PostgreSQL refuses it), no lone surrogates (not UTF-8)."""
    if "\x00" in text:
        text = text.replace("\x00", "")
    if text.isascii():  # a flag check in CPython: most strings stop here
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = _SURROGATE.sub("\ufffd", text)
    return text


def _error_row(at: datetime, source: str | None, url: str | None, stage: str | None, reason: Any,
               page_id: int | None) -> dict[str, Any]:
    """One row of the errors table, whichever step failed."""
    return {"at": at, "source": _plain(source), "url": _plain(url), "stage": stage, "reason": _clean(str(reason)),
            "dateline_version": __version__, "page_id": page_id}


def _plain(value: Any) -> Any:
    """The JSON-ready form of a dataclass tree, as model.to_dict gives it but with clean text,
    ~4x faster (the store serialises every article it writes)."""
    kind = type(value)
    if kind is str:
        return _clean(value)
    if value is None or kind is int or kind is float or kind is bool:
        return value
    if kind is list or kind is tuple:
        return [_plain(v) for v in value]
    if kind is dict:
        return {k: _plain(v) for k, v in value.items()}
    names = _FIELD_NAMES.get(kind)
    if names is None:
        if not dataclasses.is_dataclass(value):
            return value.decode("latin-1") if isinstance(value, bytes) else value
        names = _FIELD_NAMES[kind] = tuple(f.name for f in dataclasses.fields(value))
    out = {}
    for name in names:
        v = getattr(value, name)
        kind = type(v)
        if kind is str:
            out[name] = _clean(v)
        elif v is None or kind is int or kind is bool or kind is float:
            out[name] = v
        else:
            out[name] = _plain(v)
    return out


def _utc(value: Any) -> datetime | None:
    """A UTC-aware datetime from an ISO string or datetime (naive ones are taken as UTC)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, date):
        dt = datetime(value.year, value.month, value.day)
    else:
        try:
            dt = datetime.fromisoformat(str(value).strip())
        except ValueError:
            return None
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


def _iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.isoformat()


def body_hash(body: str | None, words: list[str] | None = None) -> str | None:
    text = " ".join(words if words is not None else (body or "").split())
    if len(text) < MIN_BODY_FOR_HASH:
        return None
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _page_key(url: str | None, source: str | None) -> str:
    return normalise_url(url) if url else f"source:{source or ''}"


_WORD = re.compile(r"\w+")


def _headline_units(text: str) -> set[str]:
    """Words; for scripts without spaces, pairs of characters (a headline is one "word" there)."""
    text = text.casefold()
    if UNSPACED.search(text):
        chars = [ch for ch in text if ch.isalnum()]
        return {a + b for a, b in zip(chars, chars[1:], strict=False)} or set(chars)
    return set(_WORD.findall(text))


def _same_headline(a: str | None, b: str | None) -> bool:
    """Two headlines share most of their words (a word changed), or one holds nearly all of the
    other (a site name or a clause added); "Storm hits the coast" and "Storm hits the city" differ.
    Without a headline on one side, nothing says no."""
    if not a or not b:
        return True
    units_a, units_b = _headline_units(a), _headline_units(b)
    if not units_a or not units_b:
        return True
    shared, shorter = len(units_a & units_b), min(len(units_a), len(units_b))
    return shared >= 0.65 * len(units_a | units_b) or (shorter >= 3 and shared >= 0.9 * shorter)


def _is_root(url: str) -> bool:
    try:
        return urlsplit(url).path in ("", "/")
    except ValueError:
        return True


# What a PageVersion is made of, and the keys it is found by (not the headers or a corpus row).
_VERSION_COLUMNS = (pages.c.id, pages.c.url, pages.c.content_hash, pages.c.fetched_at, pages.c.status, pages.c.etag,
                    pages.c.last_modified, pages.c.article_id, pages.c.kind, pages.c.url_key, pages.c.requested_key)


def _page_version(row: Any) -> PageVersion:
    return PageVersion(
        page_id=row["id"],
        url=row["url"],
        content_hash=row["content_hash"],
        fetched_at=_utc(row["fetched_at"]),
        status=row["status"],
        etag=row["etag"],
        last_modified=row["last_modified"],
        article_id=row["article_id"],
        kind=row["kind"],
    )


def _chunks(seq: Sequence[Any], size: int = _CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(seq), size):
        yield seq[start : start + size]


def resolve_db_url(url_or_path: str | None) -> tuple[str, str]:
    """(SQLAlchemy URL, name to show users) for a path, `sqlite:///...` or `postgresql://...`."""
    target = (url_or_path or DEFAULT_DB).strip()
    for prefix in ("postgres://", "postgresql://"):
        if target.startswith(prefix):
            # psycopg 3 is the driver dateline ships with (SQLAlchemy's default would be psycopg2).
            return "postgresql+psycopg://" + target[len(prefix) :], target
    if target.startswith("postgresql+"):
        return target, target
    if target.startswith("sqlite:"):
        path = target.split(":///", 1)[1] if ":///" in target else ""
        return target, path or target
    if "://" in target:
        raise StoreError(f"unsupported database URL {target!r}: use a file path, sqlite:///... or postgresql://...")
    path = Path(target).expanduser()
    if path.is_dir():
        raise StoreError(f"database path {target} is a directory")
    if not path.parent.exists():
        raise StoreError(f"cannot create database {target}: folder {path.parent} does not exist")
    return f"sqlite:///{path.resolve()}", str(path)


@dataclass(eq=False)  # compared by identity
class _Pending:
    """An article row to insert in this batch; `id` is known after the insert."""

    row: dict[str, Any]
    id: int | None = None


@dataclass
class _Prep:
    """One processed page, turned into rows before the write lock is taken."""

    page_row: dict[str, Any]
    content_row: dict[str, Any] | None
    kind: str
    reason: str | None
    error: str | None
    stage: str | None
    article_row: dict[str, Any] | None
    body_hash: str | None
    url_keys: list[tuple[str, str]] = field(default_factory=list)  # (normalised URL, kind) for article_urls


class Store:
    """The database of pages, articles and errors. Use `Store.open(...)`; close() when done."""

    def __init__(self, engine: Engine, name: str) -> None:
        self.engine = engine
        self.name = name
        self.dialect = engine.dialect.name
        self._local = threading.local()  # zstd contexts are not thread-safe

    # -- opening -----------------------------------------------------------------------------

    @classmethod
    def open(cls, url_or_path: str | None = None, *, busy_timeout: float = 30.0, migrate: bool = True) -> Store:
        """Open (and create or migrate) the database; `busy_timeout` in seconds (SQLite)."""
        url, name = resolve_db_url(url_or_path)
        serializer = lambda obj: json.dumps(obj, ensure_ascii=False)  # noqa: E731
        if url.startswith("sqlite"):
            engine = create_engine(
                url,
                connect_args={"timeout": busy_timeout, "check_same_thread": False},
                json_serializer=serializer,
            )
            _sqlite_events(engine, busy_timeout)
        else:
            engine = create_engine(url, json_serializer=serializer, pool_pre_ping=True)
        store = cls(engine, name)
        try:
            if migrate:
                store.migrate()
            else:
                with engine.connect():
                    pass
        except StoreBusy:
            engine.dispose()
            raise
        except (OperationalError, DBAPIError) as exc:
            engine.dispose()
            if isinstance(exc, OperationalError) and url.startswith("sqlite") and _is_busy(exc):
                raise StoreBusy(name) from exc
            raise StoreError(f"cannot open database {name}: {getattr(exc, 'orig', exc)}") from exc
        return store

    def migrate(self) -> None:
        """Bring the schema to the newest migration (`alembic upgrade head`), under the write lock."""
        current = self.current_revision()
        if current == HEAD_REVISION:
            return  # the common case, answered without importing Alembic (~0.1 s)
        from alembic import command
        from alembic.config import Config
        from alembic.runtime.migration import MigrationContext
        from alembic.script import ScriptDirectory

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        script = ScriptDirectory.from_config(config)
        if current is not None and current not in {rev.revision for rev in script.walk_revisions()}:
            raise StoreError(
                f"database {self.name} has schema revision {current}, which this dateline ({__version__}) "
                "does not know: it was written by a newer dateline"
            )
        head = script.get_current_head()
        with self._write() as conn:
            # Checked again under the lock: another process may have migrated meanwhile.
            if MigrationContext.configure(conn).get_current_revision() != head:
                config.attributes["connection"] = conn
                command.upgrade(config, "head")

    def current_revision(self) -> str | None:
        """The schema's migration revision, None for an empty database."""
        with self.engine.connect() as conn:
            if not inspect(conn).has_table("alembic_version"):
                return None
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.name!r})"

    # -- transactions --------------------------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        try:
            with self.engine.connect() as conn:
                if self.dialect == "sqlite":
                    conn.execution_options(sqlite_begin="IMMEDIATE")
                with conn.begin():
                    if self.dialect == "postgresql":
                        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_WRITE_LOCK})")
                    yield conn
        except OperationalError as exc:
            if self.dialect == "sqlite" and _is_busy(exc):
                raise StoreBusy(self.name) from exc
            # A full disk, a lost server...: the transaction is rolled back, what was committed stays.
            raise StoreError(f"cannot write to database {self.name}: {exc.orig}") from exc

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    # -- compression ---------------------------------------------------------------------------

    def _compress(self, data: bytes) -> bytes:
        comp = getattr(self._local, "comp", None)
        if comp is None:
            # Level 1: 4.6x on news HTML at ~500 MB/s; level 3 gains 6 % in size for 40 % more time.
            comp = self._local.comp = zstandard.ZstdCompressor(level=1)
        return comp.compress(data)

    def _decompress(self, data: bytes) -> bytes:
        dec = getattr(self._local, "dec", None)
        if dec is None:
            dec = self._local.dec = zstandard.ZstdDecompressor()
        return dec.decompress(data)

    # -- look-ups for ingest -----------------------------------------------------------------

    def known_page(self, url: str | None, content_hash: str, source: str | None = None) -> bool:
        """Is this content already stored at this URL (or, without URL, from this source)?"""
        query = select(pages.c.id).where(pages.c.content_hash == content_hash).limit(1)
        if url or source:
            key = _page_key(url, source)
            query = query.where(or_(pages.c.url_key == key, pages.c.requested_key == key))
        with self._read() as conn:
            return conn.execute(query).first() is not None

    def known_pages(self, pairs: Sequence[tuple[str | None, str] | tuple[str | None, str, str | None]]) -> list[bool]:
        """`known_page` for many (url, content_hash) or (url, content_hash, source) tuples, one query
        per 500; without url and source, any page with that content counts."""
        keys = [
            (_page_key(p[0], p[2] if len(p) > 2 else None) if p[0] or (len(p) > 2 and p[2]) else None, p[1])
            for p in pairs
        ]
        found: set[tuple[str, str]] = set()
        hashes_found: set[str] = set()
        with self._read() as conn:
            for chunk in _chunks(sorted({h for _, h in keys})):
                rows = conn.execute(
                    select(pages.c.url_key, pages.c.requested_key, pages.c.content_hash).where(
                        pages.c.content_hash.in_(chunk)
                    )
                )
                for url_key, requested_key, content_hash in rows:
                    found.add((url_key, content_hash))
                    found.add((requested_key, content_hash))
                    hashes_found.add(content_hash)
        return [(k, h) in found if k else h in hashes_found for k, h in keys]

    def known_url(self, url: str) -> PageVersion | None:
        """The latest stored version of a URL (as requested or as finally served), for resume and conditional GET."""
        return self.known_urls([url]).get(normalise_url(url))

    def known_urls(self, urls: Sequence[str]) -> dict[str, PageVersion]:
        """`known_url` for many URLs, one query per 500: the latest version by normalised URL."""
        keys = sorted({normalise_url(url) for url in urls})
        latest: dict[str, PageVersion] = {}
        with self._read() as conn:
            for chunk in _chunks(keys):
                rows = conn.execute(
                    select(*_VERSION_COLUMNS).where(or_(pages.c.url_key.in_(chunk), pages.c.requested_key.in_(chunk)))
                ).mappings()
                for row in rows:
                    version = _page_version(row)
                    for key in {row["url_key"], row["requested_key"]}.intersection(chunk):
                        if key not in latest or latest[key].page_id < version.page_id:
                            latest[key] = version
        return latest

    # -- writing -------------------------------------------------------------------------------

    def _article_row(self, article: Article, page_url: str | None, content_hash: str, now: datetime) -> dict[str, Any]:
        data = _plain(article)
        # Columns from the cleaned copy, so that both hold the same text.
        row: dict[str, Any] = {name: data.get(name) for name in _ARTICLE_FIELDS}
        body = row["body"] or ""
        _compact_text(data)
        canonical = normalise_url(data["canonical_url"]) if data.get("canonical_url") else None
        url = page_url or (normalise_url(data["url"]) if data.get("url") else None) or canonical
        published = row["published"]
        words = body.split()
        dateline = data.get("dateline") or {}
        row.update(
            body=body,
            url=url,
            canonical_url=canonical,
            site=url_site(url or canonical),
            published_at=_utc(published),
            published_day=published[:10] if published and _DAY.match(published) else None,
            dateline_place=dateline.get("place"),
            word_count=len(words),
            data=data,
            content_hash=content_hash,
            body_hash=body_hash(body, words),
            dateline_version=__version__,
            updated_at=now,
        )
        return row

    def _prepare(self, item: Processed, now: datetime, stored: set[str]) -> _Prep:
        page = item.page
        raw = page.content.encode("utf-8") if isinstance(page.content, str) else page.content
        url_key = _page_key(page.url, page.source)
        requested_url = page.redirects[0] if page.redirects else page.url
        requested_key = normalise_url(requested_url) if requested_url else url_key
        headers = {k.lower(): _clean(str(v)) for k, v in (page.headers or {}).items() if k.lower() in KEPT_HEADERS}
        page_row = {
            "url_key": url_key,
            "requested_key": requested_key,
            "url": _plain(page.url),
            "requested_url": _plain(requested_url),
            "redirects": _plain(list(page.redirects)) or None,
            "source": _plain(page.source),
            "fetched_at": _utc(page.fetched_at),
            "status": page.status,
            "headers": headers or None,
            "etag": headers.get("etag"),
            "last_modified": headers.get("last-modified"),
            "content_hash": page.content_hash,
            "given": _plain(dict(page.given)) or None,
            "dateline_version": __version__,
            "derived_version": __version__,
            "stored_at": now,
        }
        content_row = None
        if page.content_hash not in stored:  # bytes seen before are not compressed again
            content_row = {
                "content_hash": page.content_hash,
                "data": self._compress(raw),
                "size": len(raw),
                "is_text": isinstance(page.content, str),
            }
        return self._derive_prep(item, page_row, content_row, now)

    def _derive_prep(
        self, item: Processed, page_row: dict[str, Any], content_row: dict[str, Any] | None, now: datetime
    ) -> _Prep:
        article = item.article
        page = item.page
        if item.error:
            error = _clean(str(item.error))
            return _Prep(page_row, content_row, "error", error, error, item.stage or "process", None, None)
        if article is None or not article.is_article:
            reason = _clean(article.reason) if article is not None and article.reason else None
            return _Prep(page_row, content_row, "non_article", reason, None, None, None, None)
        page_url = normalise_url(page.url) if page.url else None
        row = self._article_row(article, page_url, page.content_hash, now)
        keys: list[tuple[str, str]] = []
        if page_url:
            keys.append((page_url, "url"))
        keys.extend((normalise_url(u), "redirect") for u in page.redirects if u)
        for extra in (row["url"], row["canonical_url"]):
            # A canonical pointing at a site's front page is a template default, not this article.
            if extra and extra != page_url and not _is_root(extra):
                keys.append((extra, "canonical"))
        return _Prep(page_row, content_row, "article", None, None, None, row, row["body_hash"], keys)

    def write_batch(self, items: Sequence[Processed]) -> BatchCounts:
        """Store processed pages in ONE transaction; pages already stored (same URL, same content) are skipped."""
        counts = BatchCounts()
        if not items:
            return counts
        now = datetime.now(UTC)
        # Compression and row building happen before the write lock, so that concurrent writers
        # hold it only for the SQL; contents already stored (ingest re-run, same page at another
        # URL) are not compressed again.
        hashes = sorted({item.page.content_hash for item in items})
        stored: set[str] = set()
        with self._read() as conn:
            for chunk in _chunks(hashes):
                stored.update(
                    conn.execute(select(contents.c.content_hash).where(contents.c.content_hash.in_(chunk))).scalars()
                )
        preps = [self._prepare(item, now, stored) for item in items]
        with self._write() as conn:
            known, content_article = self._lookup_pages(conn, preps)
            fresh: list[_Prep] = []
            seen: set[tuple[str, str]] = set()
            for prep in preps:
                key = (prep.page_row["url_key"], prep.page_row["content_hash"])
                if key in known or key in seen:
                    counts.skipped += 1
                    continue
                seen.add(key)
                fresh.append(prep)
            counts.pages_added = len(fresh)
            targets = self._resolve(conn, fresh, [None] * len(fresh), content_article, counts, now)

            content_rows = {p.content_row["content_hash"]: p.content_row for p in fresh if p.content_row}
            if content_rows:
                conn.execute(_insert_ignore(self.dialect, contents, ["content_hash"]), list(content_rows.values()))
            page_rows = []
            for prep, target in zip(fresh, targets, strict=True):
                row = dict(prep.page_row, kind=prep.kind, reason=prep.reason, article_id=_target_id(target))
                page_rows.append(row)
            page_ids: list[int] = []
            if page_rows:
                if any(p.error for p in fresh):
                    page_ids = self._insert_returning_ids(conn, pages, page_rows)
                else:
                    conn.execute(pages.insert(), page_rows)
            error_rows = [
                _error_row(now, prep.page_row["source"], prep.page_row["url"], prep.stage, prep.error,
                           page_ids[i] if page_ids else None)
                for i, prep in enumerate(fresh)
                if prep.error
            ]
            if error_rows:
                conn.execute(errors.insert(), error_rows)
        return counts

    def _insert_returning_ids(self, conn: Connection, table: Any, rows: list[dict[str, Any]]) -> list[int]:
        """Insert rows and give their new ids in order."""
        if self.dialect == "sqlite":
            # SQLite cannot batch INSERT ... RETURNING in parameter order (SQLAlchemy falls back to
            # one statement per row); under BEGIN IMMEDIATE nobody else writes, so ids are ours to give.
            start = conn.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one() + 1
            ids = list(range(start, start + len(rows)))
            conn.execute(table.insert(), [dict(row, id=i) for row, i in zip(rows, ids, strict=True)])
            return ids
        # PostgreSQL: take the ids from the table's sequence first, then a plain batched insert
        # (cheaper than INSERT ... RETURNING kept in parameter order).
        ids = list(
            conn.execute(
                text("SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)"),
                {"table": table.name, "n": len(rows)},
            ).scalars()
        )
        conn.execute(table.insert(), [dict(row, id=i) for row, i in zip(rows, ids, strict=True)])
        return ids

    def _lookup_pages(self, conn: Connection, preps: Sequence[_Prep]) -> tuple[set[tuple[str, str]], dict[str, int]]:
        """Stored (url_key, content_hash) pairs and content_hash → article id, for the batch's hashes."""
        known: set[tuple[str, str]] = set()
        content_article: dict[str, int] = {}
        hashes = sorted({p.page_row["content_hash"] for p in preps})
        for chunk in _chunks(hashes):
            rows = conn.execute(
                select(pages.c.url_key, pages.c.content_hash, pages.c.article_id).where(pages.c.content_hash.in_(chunk))
            )
            for url_key, content_hash, article_id in rows:
                known.add((url_key, content_hash))
                if article_id is not None:
                    content_article.setdefault(content_hash, article_id)
        return known, content_article

    def _resolve(
        self,
        conn: Connection,
        preps: Sequence[_Prep],
        current: Sequence[int | None],
        content_article: dict[str, int],
        counts: BatchCounts,
        now: datetime,
    ) -> list[int | _Pending | None]:
        """Decide each page's article (see the module docstring), then insert and update articles and URLs."""
        body_hashes = sorted({p.body_hash for p in preps if p.body_hash})
        url_list = sorted({u for p in preps for u, _ in p.url_keys})
        body_article: dict[str, int] = {}
        url_article: dict[str, tuple[int, str, str | None]] = {}  # url -> (article id, url kind, title)
        for chunk in _chunks(body_hashes):
            for bh, aid in conn.execute(
                select(articles.c.body_hash, func.min(articles.c.id))
                .where(articles.c.body_hash.in_(chunk))
                .group_by(articles.c.body_hash)
            ):
                body_article[bh] = aid
        for chunk in _chunks(url_list):
            for url, aid, kind, title in conn.execute(
                select(article_urls.c.url, article_urls.c.article_id, article_urls.c.kind, articles.c.title)
                .join(articles, articles.c.id == article_urls.c.article_id)
                .where(article_urls.c.url.in_(chunk))
            ):
                url_article[url] = (aid, kind, title)

        new: list[_Pending] = []
        updates: dict[int, dict[str, Any]] = {}
        batch_content: dict[str, int | _Pending] = {}
        batch_body: dict[str, int | _Pending] = {}
        batch_url: dict[str, tuple[int | _Pending, str, str | None]] = {}
        url_rows: dict[str, tuple[int | _Pending, str]] = {}
        targets: list[int | _Pending | None] = []
        for prep, cur in zip(preps, current, strict=True):
            if prep.kind == "error":
                counts.errors += 1
                targets.append(None)
                continue
            if prep.kind != "article" or prep.article_row is None:
                counts.non_articles += 1
                targets.append(None)
                continue
            chash = prep.page_row["content_hash"]
            bh = prep.body_hash
            target: int | _Pending | None = None
            if chash in batch_content:
                target = batch_content[chash]
            elif chash in content_article and content_article[chash] != cur:
                target = content_article[chash]
            elif bh and bh in batch_body:
                target = batch_body[bh]
            elif bh and bh in body_article and body_article[bh] != cur:
                target = body_article[bh]
            url_target: int | _Pending | None = None
            if cur is None:
                title = prep.article_row.get("title")
                for url, kind in prep.url_keys:
                    known = batch_url.get(url) or url_article.get(url)
                    if known is None:
                        continue
                    known_target, known_kind, known_title = known
                    # A canonical link is the site's word, and templates get it wrong (every page
                    # naming one URL): it joins two pages only when their headlines agree.
                    if "canonical" in (kind, known_kind) and not _same_headline(title, known_title):
                        continue
                    url_target = known_target
                    break
            if target is not None and target != cur and target != url_target:
                counts.duplicates += 1
            else:
                # reprocess: the page's article gets the new derivation (same id); a known URL's
                # article gets its newer version (same body, maybe a corrected title or date).
                target = cur if cur is not None else url_target
                if target is None:
                    target = _Pending(dict(prep.article_row, created_at=now))
                    new.append(target)
                    counts.articles_added += 1
                elif isinstance(target, _Pending):
                    target.row.update(prep.article_row)
                    counts.articles_updated += 1
                else:
                    updates[target] = prep.article_row
                    counts.articles_updated += 1
                if bh:
                    batch_body[bh] = target
            batch_content[chash] = target
            for url, kind in prep.url_keys:
                batch_url.setdefault(url, (target, kind, prep.article_row.get("title")))
                if url not in url_article and url not in url_rows:
                    url_rows[url] = (target, kind)
            targets.append(target)

        if new:
            ids = self._insert_returning_ids(conn, articles, [p.row for p in new])
            for pending, new_id in zip(new, ids, strict=True):
                pending.id = new_id
        if updates:
            columns = [c for c in next(iter(updates.values())) if c != "id"]
            stmt = (
                update(articles)
                .where(articles.c.id == bindparam("b_id"))
                .values({c: bindparam(f"b_{c}") for c in columns})
            )
            conn.execute(
                stmt, [{"b_id": aid, **{f"b_{c}": row[c] for c in columns}} for aid, row in updates.items()]
            )
        if url_rows:
            conn.execute(
                _insert_ignore(self.dialect, article_urls, ["url"]),
                [
                    {"url": url, "article_id": _target_id(t), "kind": kind, "first_seen": now}
                    for url, (t, kind) in url_rows.items()
                ],
            )
        return targets

    def record_errors(self, rows: Sequence[ErrorRow]) -> None:
        """Store failures that happened before there was a page (read, fetch, robots...)."""
        if not rows:
            return
        now = datetime.now(UTC)
        with self._write() as conn:
            conn.execute(errors.insert(), [_error_row(now, r.source, r.url, r.stage, r.reason, None) for r in rows])

    # -- reprocess -----------------------------------------------------------------------------

    def count_raw_pages(self, outdated_only: bool = False) -> int:
        query = select(func.count()).select_from(pages)
        if outdated_only:
            query = query.where(pages.c.derived_version != __version__)
        with self._read() as conn:
            return int(conn.execute(query).scalar_one())

    def iter_raw_pages(self, batch_size: int = 500, outdated_only: bool = False) -> Iterator[tuple[int, Page]]:
        """Every stored page, rebuilt from its compressed content, by id; `outdated_only`: pages
        whose article was derived by another dateline version. Keyset pages, so that the caller
        may write (replace_articles) between batches."""
        last = 0
        cols = [pages, contents.c.data, contents.c.is_text]
        while True:
            query = (
                select(*cols)
                .join(contents, contents.c.content_hash == pages.c.content_hash)
                .where(pages.c.id > last)
                .order_by(pages.c.id)
                .limit(batch_size)
            )
            if outdated_only:
                query = query.where(pages.c.derived_version != __version__)
            with self._read() as conn:
                rows = conn.execute(query).mappings().all()
            if not rows:
                return
            for row in rows:
                raw = self._decompress(row["data"])
                page = Page(
                    content=raw.decode("utf-8") if row["is_text"] else raw,
                    url=row["url"],
                    source=row["source"],
                    fetched_at=_iso(row["fetched_at"]),
                    status=row["status"],
                    headers=dict(row["headers"] or {}),
                    content_hash=row["content_hash"],
                    redirects=list(row["redirects"] or []),
                    given=dict(row["given"] or {}),
                )
                yield row["id"], page
            last = rows[-1]["id"]

    def replace_articles(self, items: Sequence[tuple[int, Processed]]) -> BatchCounts:
        """Re-derive stored pages (page id, new result) in one transaction: a page's article is
        updated in place (same id), relinked to an equal article, or created; articles left
        without any page are deleted."""
        counts = BatchCounts()
        if not items:
            return counts
        now = datetime.now(UTC)
        preps = [self._derive_prep(proc, {"content_hash": proc.page.content_hash}, None, now) for _, proc in items]
        ids = [pid for pid, _ in items]
        with self._write() as conn:
            current: dict[int, int | None] = {}
            for chunk in _chunks(ids):
                for pid, aid in conn.execute(select(pages.c.id, pages.c.article_id).where(pages.c.id.in_(chunk))):
                    current[pid] = aid
            keep = [i for i, pid in enumerate(ids) if pid in current]
            preps = [preps[i] for i in keep]
            ids = [ids[i] for i in keep]
            old = [current[pid] for pid in ids]
            # Content links from pages outside this batch still count (the same page at another URL).
            _, content_article = self._lookup_pages(conn, preps)
            targets = self._resolve(conn, preps, old, content_article, counts, now)
            conn.execute(
                update(pages)
                .where(pages.c.id == bindparam("b_id"))
                .values(
                    kind=bindparam("b_kind"),
                    reason=bindparam("b_reason"),
                    article_id=bindparam("b_article_id"),
                    derived_version=bindparam("b_version"),
                ),
                [
                    {
                        "b_id": pid,
                        "b_kind": prep.kind,
                        "b_reason": prep.reason,
                        "b_article_id": _target_id(target),
                        "b_version": __version__,
                    }
                    for pid, prep, target in zip(ids, preps, targets, strict=True)
                ],
            )
            error_rows = [
                _error_row(now, item.page.source, item.page.url, prep.stage, prep.error, pid)
                for pid, prep, (_, item) in zip(ids, preps, [items[i] for i in keep], strict=True)
                if prep.error
            ]
            if error_rows:
                conn.execute(errors.insert(), error_rows)
            # A page's own URLs follow it to its (new) article.
            moved = [
                {"b_url": url, "b_article_id": _target_id(target)}
                for prep, target in zip(preps, targets, strict=True)
                if target is not None
                for url, kind in prep.url_keys
                if kind != "canonical"
            ]
            if moved:
                conn.execute(
                    update(article_urls)
                    .where(article_urls.c.url == bindparam("b_url"))
                    .values(article_id=bindparam("b_article_id")),
                    moved,
                )
            orphans = sorted({a for a in old if a is not None})
            for chunk in _chunks(orphans):
                conn.execute(
                    delete(articles).where(
                        articles.c.id.in_(chunk), ~exists().where(pages.c.article_id == articles.c.id)
                    )
                )
        return counts

    # -- reading -------------------------------------------------------------------------------

    def get_article(self, article_id: int) -> Article | None:
        with self._read() as conn:
            row = conn.execute(
                select(articles.c.data, articles.c.body).where(articles.c.id == article_id)
            ).first()
        return article_from_row(row.data, row.body) if row else None

    def article_urls(self, article_id: int) -> list[str]:
        with self._read() as conn:
            rows = conn.execute(
                select(article_urls.c.url).where(article_urls.c.article_id == article_id).order_by(article_urls.c.url)
            )
            return [r[0] for r in rows]

    def iter_articles(
        self,
        since: str | date | datetime | None = None,
        until: str | date | datetime | None = None,
        site: str | None = None,
        lang: str | None = None,
        *,
        batch_size: int = 500,
        full: bool = False,
    ) -> Iterator[dict[str, Any]]:
        """Articles as flat dicts, oldest id first, streamed (PostgreSQL: a server-side cursor);
        `full` adds "article": the whole Article as a dict."""
        from .search import article_filters

        cols = [c for c in articles.c if c.name not in ("data", "content_hash", "body_hash")]
        if full:
            cols.append(articles.c.data)
        query = select(*cols).where(*article_filters(since, until, site, lang)).order_by(articles.c.id)
        with self.engine.connect() as conn:
            result = conn.execution_options(stream_results=True, yield_per=batch_size).execute(query)
            for row in result.mappings():
                out = dict(row)
                for name in ("created_at", "updated_at", "published_at"):
                    out[name] = _utc(out[name])
                out["authors"] = out["authors"] or []
                out["tags"] = out["tags"] or []
                if full:
                    data = out.pop("data")
                    out["article"] = article_dict_from_row(data, out["body"])
                yield out

    def search(
        self,
        query: str,
        since: str | date | datetime | None = None,
        until: str | date | datetime | None = None,
        site: str | None = None,
        lang: str | None = None,
        limit: int = 20,
        highlight: tuple[str, str] | None = None,
    ) -> list[SearchHit]:
        """Full-text search over title and body, best first; snippets mark matches with `highlight`
        (default search.HIGHLIGHT_START/END). See search.py for the query language."""
        from .search import HIGHLIGHT_END, HIGHLIGHT_START, search

        with self._read() as conn:
            return search(
                conn,
                query,
                since=since,
                until=until,
                site=site,
                lang=lang,
                limit=limit,
                highlight=highlight or (HIGHLIGHT_START, HIGHLIGHT_END),
            )

    def stats(self, top: int | None = None) -> dict[str, Any]:
        """Counts: totals, articles by site, language and (published) day, pages by kind, errors by reason and stage."""

        def grouped(conn: Connection, col: Any, order_by_key: bool = False) -> dict[Any, int]:
            n = func.count().label("n")
            q = select(col, n).group_by(col)
            q = q.order_by(col) if order_by_key else q.order_by(n.desc(), col)
            if top and not order_by_key:
                q = q.limit(top)
            return {k: int(v) for k, v in conn.execute(q)}

        with self._read() as conn:
            one = lambda q: int(conn.execute(q).scalar_one())  # noqa: E731
            by_kind = grouped(conn, pages.c.kind)
            totals = {
                "pages": one(select(func.count()).select_from(pages)),
                "articles": one(select(func.count()).select_from(articles)),
                "non_articles": by_kind.get("non_article", 0),
                "failed_pages": by_kind.get("error", 0),
                "urls": one(select(func.count()).select_from(article_urls)),
                "errors": one(select(func.count()).select_from(errors)),
                "raw_bytes": one(select(func.coalesce(func.sum(contents.c.size), 0))),
                "stored_bytes": one(select(func.coalesce(func.sum(func.length(contents.c.data)), 0))),
            }
            return {
                "database": self.name,
                **totals,  # also at the top level: stats()["articles"]
                "totals": totals,
                "by_site": grouped(conn, articles.c.site),
                "by_language": grouped(conn, articles.c.language),
                "by_day": grouped(conn, articles.c.published_day, order_by_key=True),
                "errors_by_reason": grouped(conn, errors.c.reason),
                "errors_by_stage": grouped(conn, errors.c.stage),
            }

    def errors(self, limit: int = 50, stage: str | None = None) -> list[dict[str, Any]]:
        """The latest failures, newest first."""
        query = select(errors).order_by(errors.c.id.desc()).limit(limit)
        if stage:
            query = query.where(errors.c.stage == stage)
        with self._read() as conn:
            rows = [dict(r) for r in conn.execute(query).mappings()]
        for row in rows:
            row["at"] = _utc(row["at"])
        return rows


def _compact_text(data: dict[str, Any]) -> None:
    """Keep the text once: the body lives in its column, and paragraphs whose texts joined by blank
    lines are the body (how extraction builds it) keep only their kinds. Undone by article_from_row."""
    body = data.pop("body", None) or ""
    paragraphs = data.get("paragraphs") or []
    if paragraphs and body.split("\n\n") == [p["text"] for p in paragraphs]:
        data["paragraphs"] = None
        data["_paragraph_kinds"] = [p["kind"] for p in paragraphs]


_ARTICLE_ORDER = tuple(f.name for f in dataclasses.fields(Article))


def article_dict_from_row(data: dict[str, Any], body: str | None) -> dict[str, Any]:
    """The Article's to_dict() form back from the stored JSON and body column."""
    data = dict(data, body=body or "")
    kinds = data.pop("_paragraph_kinds", None)
    if kinds is not None:
        texts = data["body"].split("\n\n")
        data["paragraphs"] = [{"text": t, "kind": k} for t, k in zip(texts, kinds, strict=True)]
    elif data.get("paragraphs") is None:
        data["paragraphs"] = []
    ordered = {name: data[name] for name in _ARTICLE_ORDER if name in data}
    ordered.update((k, v) for k, v in data.items() if k not in ordered)  # fields of a newer model version
    return ordered


def article_from_row(data: dict[str, Any], body: str | None) -> Article:
    return Article.from_dict(article_dict_from_row(data, body))


def _target_id(target: int | _Pending | None) -> int | None:
    return target.id if isinstance(target, _Pending) else target


def _insert_ignore(dialect: str, table: Any, keys: list[str]) -> Any:
    """INSERT ... ON CONFLICT (keys) DO NOTHING on either backend."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table).on_conflict_do_nothing(index_elements=keys)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(table).on_conflict_do_nothing(index_elements=keys)


def _is_busy(exc: OperationalError) -> bool:
    text = str(exc.orig).lower()
    return "database is locked" in text or "database is busy" in text or "database table is locked" in text


def _use_wal(cur: Any, busy_timeout: float) -> None:
    """Switch the file to WAL (a setting kept in the file), waiting out a writer that holds it.

    Changing the journal mode needs an exclusive lock. When two processes open a new database
    at once, both hold a read lock and want it; SQLite then answers "database is locked" at once
    rather than wait into a deadlock, so we retry for up to `busy_timeout`.
    """
    deadline = time.monotonic() + busy_timeout
    while True:
        try:
            if cur.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                cur.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc).lower() or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _sqlite_events(engine: Engine, busy_timeout: float) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # We emit BEGIN ourselves (below): pysqlite's own transaction handling would defer it.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
        _use_wal(cur, busy_timeout)
        cur.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: a crash of the process loses nothing committed
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA wal_autocheckpoint = 8000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")
