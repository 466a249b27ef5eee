"""The store's data version: a value that changes whenever any connection, of this process or of
another one (a concurrent `dateline ingest`), commits a write. The response cache (cache.py) keys
its entries by it, so that an answer is never served from before a commit.

- SQLite: `PRAGMA data_version` on a connection of our own that never writes. SQLite changes it on
  that connection whenever another connection, in any process, has committed since; it reads the
  WAL index in shared memory, a few microseconds.
- PostgreSQL: `pg_current_snapshot()` as text (xmin:xmax:in-progress ids). A commit or rollback of
  any transaction that wrote ends an id: the id leaves the in-progress list or, when it was the
  newest, moves xmax. Read-only transactions take no id and change nothing. The ids are 64-bit, so a
  value never comes back. It needs no privilege. It is the whole cluster's, so writes to other
  databases make misses too: never a stale answer, only a wasted one.

A version of None means "not known now" (no database of our own to ask, or the query failed): the
cache then neither answers nor stores."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Hashable
from typing import Any

from sqlalchemy import Engine

log = logging.getLogger(__name__)
RETRY_SECONDS = 1.0  # after a failed query, how long the probe stays "unknown" before reconnecting
SQLITE_BUSY_MS = 50  # the probe runs on the event loop: never wait long for a lock


class DataVersion:
    """Asks the database for its data version, on a connection held for it alone."""

    inline = True  # cheap enough to ask on the event loop (SQLite); False: from a worker thread

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._conn: Any = None
        self._epoch = 0  # a new connection numbers SQLite's data_version afresh
        self._failed_at = 0.0
        self._lock = threading.Lock()

    def current(self) -> Hashable | None:
        with self._lock:
            if self._conn is None:
                if time.monotonic() - self._failed_at < RETRY_SECONDS:
                    return None
                try:
                    self._conn = self._connect()
                    self._epoch += 1
                except Exception as exc:  # noqa: BLE001 - any failure only turns the cache off for a while
                    self._failed(exc)
                    return None
            try:
                return (self._epoch, self._query(self._conn))
            except Exception as exc:  # noqa: BLE001
                self._failed(exc)
                return None

    def _failed(self, exc: Exception) -> None:
        log.warning("response cache: cannot read the data version (%s); answering uncached", exc)
        self.close()
        self._failed_at = time.monotonic()
        return None

    def _connect(self) -> Any:
        raw = self.engine.raw_connection()
        conn = raw.driver_connection
        raw.detach()  # ours for good: not handed back to the pool, not counted in it
        return conn

    def _query(self, conn: Any) -> Hashable:
        raise NotImplementedError

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.close()
            except Exception:  # noqa: BLE001, S110 - a connection that is gone is closed enough
                pass


class SqliteDataVersion(DataVersion):
    def _connect(self) -> Any:
        conn = super()._connect()
        conn.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_MS}")
        return conn

    def _query(self, conn: Any) -> Hashable:
        return int(conn.execute("PRAGMA data_version").fetchone()[0])


class PostgresDataVersion(DataVersion):
    inline = False  # a round trip to the server: not on the event loop

    def _connect(self) -> Any:
        conn = super()._connect()
        conn.rollback()  # whatever the pool's checkout began
        conn.autocommit = True  # each query its own statement: a fresh snapshot, no transaction held open
        return conn

    def _query(self, conn: Any) -> Hashable:
        return str(conn.execute("SELECT pg_current_snapshot()::text").fetchone()[0])


def _in_memory(engine: Engine) -> bool:
    database = engine.url.database or ""
    return database in ("", ":memory:") or "mode=memory" in database or "mode=memory" in str(engine.url.query)


def data_version_of(engine: Engine) -> DataVersion | None:
    """The probe for this engine's database; None when no connection of our own can see its commits
    (an in-memory SQLite database) or the dialect is not one we know."""
    if engine.dialect.name == "sqlite":
        return None if _in_memory(engine) else SqliteDataVersion(engine)
    if engine.dialect.name == "postgresql":
        return PostgresDataVersion(engine)
    return None
