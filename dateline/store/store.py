"""`Store`: the one class that talks to the database: the engine, its transactions and migrations.

What it writes and reads is laid out elsewhere: encode.py (rows from model objects and back),
identity.py (which stored article a page joins), article_writer.py, page_writer.py and
stage_writers.py (the tables, within one transaction), reads.py and search.py (queries), and
records.py (the typed records it gives back).

Writes are batched (one transaction per `write_batch`), idempotent (a page is keyed by its
normalised URL and its content hash; the unique index makes a repeat a no-op) and cheap: all
look-ups for a batch are a few `IN (...)` queries, all inserts are executemany.

SQLite: WAL, `BEGIN IMMEDIATE` for writes (the write lock is taken at the start, so a busy
database waits `busy_timeout` and then raises `StoreBusy` instead of failing half-way).
PostgreSQL: writers serialise on an advisory transaction lock, so two ingests never race on
the identity look-ups.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import zstandard
from sqlalchemy import Connection, Engine, create_engine, inspect, or_, select, text
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError

from ..config import DEFAULT_DB, ConfigError
from ..model import Actor, Article, DuplicateGroup, Enrichment, Event, Processed
from ..optional import require
from ..urls import normalise_url
from ..version import __version__
from . import (  # events_writer and story_index register the events and stories stages' writers
    article_writer,
    dedup_index,
    enrich_reads,
    events_reads,
    events_writer,
    page_writer,
    reads,
    stage_writers,
    story_index,
    story_reads,
)
from . import enrich_writer as _enrich_writer  # noqa: F401 - registers the enrich stage's writer
from .encode import article_from_row, article_row, clean_text, error_row, page_from_row, page_key, page_row, plain, utc
from .errors import StoreBusy, StoreError
from .identity import Prep, decide, is_root, target_id
from .records import (
    ActorRecord,
    ArticleFilter,
    BatchCounts,
    ErrorRecord,
    ErrorRow,
    PageVersion,
    SearchHit,
    Stats,
    StoredArticle,
)
from .schema import article_urls, articles, pages
from .serve_reads import ServeReads
from .sql import chunks
from .sqlite_setup import sqlite_events
from .versions import Version

log = logging.getLogger(__name__)
MIGRATIONS_DIR = Path(__file__).with_name("migrations")
HEAD_REVISION = "0014"  # the newest file in migrations/versions (a test keeps the two in step)
NEWEST = 10**15  # the order of a version arriving in this batch: after every stored page id
_PG_WRITE_LOCK = 0x64617465  # "date": the advisory lock key dateline writers share

# What a PageVersion is made of, and the keys it is found by (not the headers or a corpus row).
_VERSION_COLUMNS = (pages.c.id, pages.c.url, pages.c.content_hash, pages.c.fetched_at, pages.c.status, pages.c.etag,
                    pages.c.last_modified, pages.c.article_id, pages.c.kind, pages.c.url_key, pages.c.requested_key)


def _page_version(row: Any) -> PageVersion:
    return PageVersion(
        page_id=row["id"],
        url=row["url"],
        content_hash=row["content_hash"],
        fetched_at=utc(row["fetched_at"]),
        status=row["status"],
        etag=row["etag"],
        last_modified=row["last_modified"],
        article_id=row["article_id"],
        kind=row["kind"],
    )


_PASSWORD = re.compile(r"(?P<head>\b[a-z][a-z0-9+.-]*://[^:/@\s]*):[^@\s]*@", re.I)


def redact(text: str) -> str:
    """`text` with the password of every URL in it masked: postgresql://user:***@host/db."""
    return _PASSWORD.sub(r"\g<head>:***@", text)


def _check_port(target: str) -> None:
    from urllib.parse import urlsplit

    try:
        _ = urlsplit(target).port
    except ValueError:
        netloc = redact(target).split("://", 1)[1].split("/", 1)[0]
        raise ConfigError(f"database URL {redact(target)}: the port in {netloc.rsplit('@', 1)[-1]!r} "
                          "is not a number") from None


def resolve_db_url(url_or_path: str | None) -> tuple[str, str]:
    """(SQLAlchemy URL, name to show users) for a path, `sqlite:///...` or `postgresql://...`.

    The name never holds a password; a port that is not a number is a `ConfigError`."""
    target = (url_or_path or DEFAULT_DB).strip()
    for prefix in ("postgres://", "postgresql://"):
        if target.startswith(prefix):
            _check_port(target)
            # psycopg 3 is the driver dateline ships with (SQLAlchemy's default would be psycopg2).
            return "postgresql+psycopg://" + target[len(prefix) :], redact(target)
    if target.startswith("postgresql+"):
        _check_port(target)
        return target, redact(target)
    if target.startswith("sqlite:"):
        path = target.split(":///", 1)[1] if ":///" in target else ""
        return target, path or target
    if "://" in target:
        raise StoreError(f"unsupported database URL {redact(target)!r}: use a file path, sqlite:///... or postgresql://...")
    file = Path(target).expanduser()
    if file.is_dir():
        raise StoreError(f"database path {target} is a directory")
    if not file.parent.exists():
        raise StoreError(f"cannot create database {target}: folder {file.parent} does not exist")
    return f"sqlite:///{file.resolve()}", str(file)


class Store(ServeReads, story_reads.StoryReads):
    """The database of pages, articles and errors. Use `Store.open(...)`; close() when done."""

    def __init__(self, engine: Engine, name: str) -> None:
        self.engine = engine
        self.name = redact(name)
        self.dialect = engine.dialect.name
        self._local = threading.local()  # zstd contexts are not thread-safe

    # -- opening -----------------------------------------------------------------------------

    @classmethod
    def open(cls, url_or_path: str | None = None, *, busy_timeout: float = 30.0, migrate: bool = True,
             create: bool = True) -> Store:
        """Open (and create or migrate) the database; `busy_timeout` in seconds (SQLite).

        `create=False` (the read commands): a database that does not exist, or has no dateline
        tables, is a `StoreMissing` error; it is neither created nor given the tables."""
        url, name = resolve_db_url(url_or_path)
        if not create and url.startswith("sqlite"):
            path = url.split(":///", 1)[1] if ":///" in url else ""
            file = path.split("?", 1)[0]
            # An empty file is what sqlite3 leaves behind when it was pointed at a wrong path.
            if path and path != ":memory:" and (not os.path.exists(file) or os.path.getsize(file) == 0):
                raise StoreMissing(name)
        if url.startswith("postgresql+psycopg"):
            require("psycopg", extra="postgres", purpose="a PostgreSQL store")
        serializer = lambda obj: json.dumps(obj, ensure_ascii=False)  # noqa: E731
        if url.startswith("sqlite"):
            engine = create_engine(
                url,
                connect_args={"timeout": busy_timeout, "check_same_thread": False},
                json_serializer=serializer,
            )
            sqlite_events(engine, busy_timeout)
        else:
            engine = create_engine(url, json_serializer=serializer, pool_pre_ping=True)
        store = cls(engine, name)
        try:
            if not create and store.current_revision() is None:
                engine.dispose()
                raise StoreMissing(name)
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
            raise StoreError(describe_db_error(exc, name, "cannot open database")) from exc
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
        try:
            # The story clusterer saves its state now and then, not after every batch: the rest now.
            if story_index.pending(self.engine):
                with self._write() as conn:
                    story_index.flush(conn)
        except (StoreError, SQLAlchemyError) as exc:  # the stories' rows are stored; only the state lags
            log.warning("could not save the story clustering state of %s (%s); the next run puts back "
                        "what it lacks", self.name, exc)
        finally:
            self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.name!r})"  # the name holds no password (resolve_db_url)

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
            raise StoreError(describe_db_error(exc, self.name, "cannot write to database")) from exc
        except DBAPIError as exc:
            raise StoreError(describe_db_error(exc, self.name, "cannot write to database")) from exc

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        try:
            with self.engine.connect() as conn:
                yield conn
        except DBAPIError as exc:
            raise StoreError(describe_db_error(exc, self.name, "cannot read database")) from exc

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
            key = page_key(url, source)
            query = query.where(or_(pages.c.url_key == key, pages.c.requested_key == key))
        with self._read() as conn:
            return conn.execute(query).first() is not None

    def known_pages(self, pairs: Sequence[tuple[str | None, str] | tuple[str | None, str, str | None]]) -> list[bool]:
        """`known_page` for many (url, content_hash) or (url, content_hash, source) tuples, one query
        per 500; without url and source, any page with that content counts."""
        keys = [
            (page_key(p[0], p[2] if len(p) > 2 else None) if p[0] or (len(p) > 2 and p[2]) else None, p[1])
            for p in pairs
        ]
        found: set[tuple[str, str]] = set()
        hashes_found: set[str] = set()
        with self._read() as conn:
            for chunk in chunks(sorted({h for _, h in keys})):
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
            for chunk in chunks(keys):
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

    def _prep(self, item: Processed, now: datetime, stored: set[str] | None, order: int) -> Prep:
        """Rows for one processed page; its content is compressed only for a new page whose bytes
        are not stored yet (`stored` is None for a stored page being re-derived)."""
        page = item.page
        row = page_row(page, now, item.versions.get("extract", __version__))
        row["derived"] = None  # what extraction made of an article page, set below
        content_row = None
        if stored is not None and page.content_hash not in stored:
            raw = page.content.encode("utf-8") if isinstance(page.content, str) else page.content
            content_row = {"content_hash": page.content_hash, "data": self._compress(raw), "size": len(raw),
                           "is_text": isinstance(page.content, str)}
        article, failure = item.article, item.failure
        if failure is not None and (article is None or failure.stage == "extract"):
            message = clean_text(failure.message)
            return Prep(row, content_row, "error", message, message, failure.stage, None, None, code=failure.code)
        prep = self._article_prep(item, row, content_row, now, order)
        if failure is not None:
            # A later stage failed: the article stays, with what the stages before it made, and
            # the failure is recorded against its page.
            prep.error, prep.stage, prep.code = clean_text(failure.message), failure.stage, failure.code
        return prep

    def _article_prep(self, item: Processed, row: dict[str, Any], content_row: dict[str, Any] | None,
                      now: datetime, order: int) -> Prep:
        page, article = item.page, item.article
        if article is None or not article.is_article:
            reason = clean_text(article.reason) if article is not None and article.reason else None
            return Prep(row, content_row, "non_article", reason, None, None, None, None)
        page_url = normalise_url(page.url) if page.url else None
        version = Version(article, page_url, fetched=page.status is not None, corpus=bool(page.given.get("text")),
                          order=order, content_hash=page.content_hash, source_id=page.given.get("id") or None,
                          location=row["url_key"])
        # One plain copy serves both: the version's own record, then (compacted) the article row.
        data = plain(article)
        row["derived"] = self._compress(json.dumps(data, ensure_ascii=False, default=str).encode("utf-8"))
        arow, identifies = article_row(article, page_url, page.content_hash, now, version.source_id, data)
        keys: list[tuple[str, str]] = []
        if page_url:
            keys.append((page_url, "url"))
        keys.extend((normalise_url(u), "redirect") for u in page.redirects if u)
        for extra in (arow["url"], arow["canonical_url"]):
            # A canonical pointing at a site's front page is a template default, not this article.
            if extra and extra != page_url and not is_root(extra):
                keys.append((extra, "canonical"))
        identity = arow["body_hash"] if identifies else None
        return Prep(row, content_row, "article", None, None, None, arow, identity, keys, version=version)

    def write_batch(self, items: Sequence[Processed]) -> BatchCounts:
        """Store processed pages in ONE transaction, with what their later stages assigned.

        A new page is added (one already stored, same URL and same content, is skipped); a
        stored page (`page_id` set) is re-derived: its article updated in place (same id),
        relinked to an equal article, or created, and articles left without a page deleted.
        A stored page that went through later stages only keeps its article and gets their rows.
        """
        counts = BatchCounts()
        if not items:
            return counts
        now = datetime.now(UTC)
        fresh_items = [i for i in items if i.page_id is None]
        redo_items = [i for i in items if i.page_id is not None and "extract" in i.versions]
        later_only = [i for i in items if i.page_id is not None and "extract" not in i.versions]
        # Compression and row building happen before the write lock, so that concurrent writers
        # hold it only for the SQL; contents already stored (ingest re-run, same page at another
        # URL) are not compressed again.
        stored: set[str] = set()
        if fresh_items:
            with self._read() as conn:
                stored = page_writer.stored_contents(conn, [i.page.content_hash for i in fresh_items])
        # Versions arriving now are newer than every stored one; a stored page keeps its place.
        fresh_preps = [self._prep(item, now, stored, NEWEST + n) for n, item in enumerate(fresh_items)]
        redo_preps = [self._prep(item, now, None, int(item.page_id or 0)) for item in redo_items]
        with self._write() as conn:
            stored_pairs, known = article_writer.lookup(conn, fresh_preps + redo_preps)
            # New pages: skip what is stored already (a re-run) or twice in this batch.
            new_items, new_preps, seen = [], [], set()
            for item, prep in zip(fresh_items, fresh_preps, strict=True):
                key = (prep.page_row["url_key"], prep.content_hash)
                if key in stored_pairs or key in seen:
                    counts.skipped += 1
                    continue
                seen.add(key)
                new_items.append(item)
                new_preps.append(prep)
            counts.pages_added = len(new_preps)
            # Stored pages: the article each has today (pages deleted meanwhile drop out).
            current = page_writer.current_articles(conn, [i.page_id for i in redo_items if i.page_id is not None])
            kept = [k for k, item in enumerate(redo_items) if item.page_id in current]
            redo_items = [redo_items[k] for k in kept]
            redo_preps = [redo_preps[k] for k in kept]
            redo_ids = [int(item.page_id or 0) for item in redo_items]
            old = [current[pid] for pid in redo_ids]

            decision = decide(new_preps + redo_preps, [None] * len(new_preps) + old, known, now)
            article_writer.choose_fields(conn, decision, new_preps + redo_preps, redo_ids, self._decompress, now)
            counts.add(decision.counts)
            article_writer.apply(conn, decision, now)
            new_targets = decision.targets[: len(new_preps)]
            redo_targets = decision.targets[len(new_preps) :]
            page_ids = page_writer.insert_pages(conn, new_preps, new_targets, with_ids=any(p.error for p in new_preps))
            if redo_items:
                page_writer.rederive_pages(conn, redo_ids, redo_preps, redo_targets, old)
            new_page_ids: list[int | None] = list(page_ids) if page_ids else [None] * len(new_preps)
            page_writer.insert_errors(conn, [
                error_row(now, prep.page_row["source"], prep.page_row["url"], prep.stage, prep.code, prep.error, pid)
                for prep, pid in zip(new_preps + redo_preps, new_page_ids + list(redo_ids), strict=True)
                if prep.error
            ])
            updated = [aid for aid in decision.updates] + [
                target_id(t) for t in redo_targets if target_id(t) is not None]
            stage_writers.drop_stale(conn, [a for a in updated if a is not None])
            # Stored articles that went through later stages only: their failures, and what is updated.
            page_writer.insert_errors(conn, [
                error_row(now, item.page.source, item.page.url, item.failure.stage, item.failure.code,
                          item.failure.message, item.page_id)
                for item in later_only if item.failure is not None
            ])
            counts.errors += sum(item.failure is not None for item in later_only)
            counts.articles_updated += sum(bool(item.outputs) for item in later_only)
            outputs = self._stage_outputs(
                list(zip(new_items + redo_items, decision.targets, strict=True)), later_only, conn)
            if outputs:
                stage_writers.write_outputs(conn, outputs, now)
        return counts

    def _stage_outputs(self, derived: list[tuple[Processed, Any]], later_only: Sequence[Processed],
                       conn: Connection) -> list[stage_writers.StageOutput]:
        """What later stages assigned, for the articles the pages went to."""
        by_article: list[tuple[Processed, int]] = []
        for item, target in derived:
            aid = target_id(target)
            if aid is not None and item.outputs:
                by_article.append((item, aid))
        if later_only:
            current = page_writer.current_articles(conn, [int(i.page_id or 0) for i in later_only])
            by_article.extend((item, aid) for item in later_only
                              if item.outputs and (aid := current.get(int(item.page_id or 0))) is not None)
        if not by_article:
            return []
        hashes: dict[int, str] = {}
        for chunk in chunks(sorted({aid for _, aid in by_article})):
            rows = conn.execute(select(articles.c.id, articles.c.body_hash).where(articles.c.id.in_(chunk)))
            hashes.update((aid, bh) for aid, bh in rows)
        return [
            stage_writers.StageOutput(aid, stage, item.versions.get(stage, ""), hashes[aid], output)
            for item, aid in by_article
            if aid in hashes
            for stage, output in item.outputs.items()
            if stage not in item.stored_inputs
        ]

    def record_errors(self, rows: Sequence[ErrorRow]) -> None:
        """Store failures that happened before there was a page (read, fetch, robots...)."""
        if not rows:
            return
        now = datetime.now(UTC)
        with self._write() as conn:
            page_writer.record_errors(conn, [error_row(now, r.source, r.url, r.stage, r.code, r.reason, None)
                                             for r in rows])

    # -- stored pages, for reprocess ----------------------------------------------------------------

    def count_stored_pages(self, stage: str | None = None, outdated_version: str | None = None) -> int:
        """How many pages `iter_stored_pages` gives for the same arguments."""
        with self._read() as conn:
            return reads.count(conn, reads.stored_pages_query(stage, outdated_version))

    def iter_stored_pages(self, stage: str | None = None, outdated_version: str | None = None,
                          batch_size: int = 500) -> Iterator[Processed]:
        """Stored pages rebuilt from their compressed content, by id, as work for the pipeline
        (`page_id` set). For a later stage than extraction, one page per article, carrying the
        stored article; `outdated_version`: only what that version of the stage did not derive
        (see reads.stored_pages_query). Keyset pages, so the caller may write between batches."""
        last = 0
        base = reads.stored_pages_query(stage, outdated_version)
        later = stage not in (None, "extract")
        # a stage after enrichment (events, stories) reads the stored enrichment as its input, and
        # stories the stored events too
        after_enrich = later and stage != "enrich"
        after_events = stage == "stories"
        while True:
            query = base.where(pages.c.id > last).order_by(pages.c.id).limit(batch_size)
            with self._read() as conn:
                rows = conn.execute(query).mappings().all()
                ids = [r["article_id"] for r in rows]
                enriched = enrich_reads.enrichments_of(conn, ids) if after_enrich else {}
                coded = events_reads.coded_events_of(conn, ids) if after_events else {}
            if not rows:
                return
            for row in rows:
                page = page_from_row(row, self._decompress(row["data"]))
                article = article_from_row(row["article_data"], row["article_body"]) if later else None
                item = Processed(page, article, page_id=row["id"])
                if row["article_id"] in enriched:
                    item.outputs["enrich"] = enriched[row["article_id"]]
                if row["article_id"] in coded:
                    item.outputs["events"] = coded[row["article_id"]]
                item.stored_inputs = tuple(item.outputs)
                yield item
            last = rows[-1]["id"]

    def stage_run(self, article_id: int, stage: str) -> dict[str, Any] | None:
        """The record of `stage`'s run on an article (version, body_hash, derived_at), or None."""
        with self._read() as conn:
            return reads.stage_run(conn, article_id, stage)

    # -- enrichment and the actor knowledge base -----------------------------------------------

    def enrichments(self, article_ids: Sequence[int]) -> dict[int, Enrichment]:
        """The stored enrichment of each of these articles that was enriched."""
        with self._read() as conn:
            return enrich_reads.enrichments_of(conn, article_ids)

    def known_actors(self) -> list[Actor]:
        """The actor knowledge base as actors with their aliases and latest role: what
        `enrich.actors_known.KnownActors.of` makes the enrich stage's read-only snapshot of."""
        with self._read() as conn:
            return enrich_reads.known_actors(conn)

    def actors(self, *, country: str | None = None, sector: str | None = None, kind: str | None = None,
               name: str | None = None, limit: int | None = 50) -> list[ActorRecord]:
        """Actors of the knowledge base, those named in the most articles first; `name` matches
        part of a name or alias."""
        with self._read() as conn:
            return enrich_reads.list_actors(conn, country=country, sector=sector, kind=kind, name=name, limit=limit)

    def actor(self, name: str, recent: int = 10) -> ActorRecord | None:
        """The actor with this id, name or alias, with its aliases, roles and `recent` latest articles."""
        with self._read() as conn:
            return enrich_reads.find_actor(conn, name, recent)

    # -- events ------------------------------------------------------------------------------

    def events(self, where: events_reads.EventFilter | None = None) -> list[Event]:
        """Events the filter picks, latest date first, each with its mentions (article id and date)."""
        with self._read() as conn:
            return events_reads.read_events(conn, where)

    def event(self, event_id: str) -> Event | None:
        with self._read() as conn:
            return events_reads.read_event(conn, event_id)

    def event_sources(self, article_ids: Sequence[int]) -> dict[int, events_reads.MentionSource]:
        """The articles (URL, site, title, date) that mentions of these article ids stand in."""
        with self._read() as conn:
            return events_reads.mention_sources(conn, article_ids)

    def rebuild_event_identity(self) -> int:
        """Merge every stored event mention again from scratch (events_writer.rebuild_identity); how many events."""
        with self._write() as conn:
            return events_writer.rebuild_identity(conn)

    # -- near-duplicates ---------------------------------------------------------------------

    def duplicate_group(self, article_id: int) -> DuplicateGroup | None:
        """The duplicate group of an article (dedup_index.group_of); None when it has no duplicate."""
        with self._read() as conn:
            return dedup_index.group_of(conn, article_id)

    def rebuild_duplicates(self) -> int:
        """Group every stored fingerprint again from scratch (dedup_index.rebuild); how many groups."""
        with self._write() as conn:
            return dedup_index.rebuild(conn)

    # -- stories -------------------------------------------------------------------------------

    def rebuild_stories(self) -> int:
        """Cluster every stored article again from scratch (story_index.rebuild); how many stories."""
        with self._write() as conn:
            return story_index.rebuild(conn)

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

    def iter_articles(self, where: ArticleFilter | None = None, *, batch_size: int = 500,
                      full: bool = False) -> Iterator[StoredArticle]:
        """Articles oldest id first, streamed (PostgreSQL: a server-side cursor); `full` adds the
        whole `Article` as `.article`."""
        with self._read() as conn:
            yield from reads.iter_articles(conn, where, batch_size, full)

    def search(self, query: str, where: ArticleFilter | None = None, *, limit: int = 20,
               highlight: tuple[str, str] | None = None, timeout: float | None = None) -> list[SearchHit]:
        """Full-text search over title and body, best first; snippets mark matches with `highlight`
        (default search.HIGHLIGHT_START/END). See query.py for the query language; a query it cannot
        answer, or one running past `timeout` seconds (default search.SEARCH_TIMEOUT), raises QueryError."""
        from .search import HIGHLIGHT_END, HIGHLIGHT_START, SEARCH_TIMEOUT, search

        with self._read() as conn:
            return search(conn, query, where, limit=limit, highlight=highlight or (HIGHLIGHT_START, HIGHLIGHT_END),
                          timeout=SEARCH_TIMEOUT if timeout is None else timeout)

    def stats(self, top: int | None = None) -> Stats:
        """Counts: totals, articles by site, language and (published) day, pages by kind, errors by reason and stage."""
        with self._read() as conn:
            return reads.stats(conn, self.name, top)

    def errors(self, limit: int = 50, stage: str | None = None) -> list[ErrorRecord]:
        """The latest failures, newest first."""
        with self._read() as conn:
            return reads.latest_errors(conn, limit, stage)


class StoreMissing(StoreError):
    """A read command was pointed at a database that does not exist (or holds no dateline tables)."""

    def __init__(self, name: str) -> None:
        super().__init__(f"no database at {name}: ingest something first, or give --db")


_DAMAGED = ("file is not a database", "malformed", "file is encrypted", "disk image")


def describe_db_error(exc: BaseException, name: str, doing: str) -> str:
    """One line for a database failure: the driver's first line, never the SQL, the parameters or
    a password; a damaged SQLite file is called damaged."""
    orig = getattr(exc, "orig", None) or exc
    first = (str(orig).strip().splitlines() or [type(orig).__name__])[0][:300]
    if isinstance(orig, sqlite3.DatabaseError) and any(mark in first.lower() for mark in _DAMAGED):
        return (f"database {name} is damaged ({first}): restore it from a backup, "
                "or ingest into a new database")
    return redact(f"{doing} {name}: {first}")


def _is_busy(exc: OperationalError) -> bool:
    text = str(exc.orig).lower()
    return "database is locked" in text or "database is busy" in text or "database table is locked" in text
