"""How dateline opens a SQLite file: WAL (kept in the file), a busy timeout, `BEGIN` emitted by us so
a write takes its lock at the start (`sqlite_begin` execution option), foreign keys on."""

from __future__ import annotations

import sqlite3
import time
from typing import Any

from sqlalchemy import Connection, Engine, event


def use_wal(cur: Any, busy_timeout: float) -> None:
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


def sqlite_events(engine: Engine, busy_timeout: float) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # We emit BEGIN ourselves (below): pysqlite's own transaction handling would defer it.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
        use_wal(cur, busy_timeout)
        cur.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: a crash of the process loses nothing committed
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA wal_autocheckpoint = 8000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")
