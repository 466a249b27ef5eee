"""A store's writes done in a process of its own, so that storing runs beside extraction.

Ingest extracts in its main process and hands batches to a writer. Writing a batch is also
Python work (rows, the search tokens, each version's record) that a thread would do under the
same GIL as extraction; in a process of its own it runs on another core, and ingest takes about
as long as extraction alone. The child opens its own connection to the same database (a SQLite
file or a server: an in-memory database cannot be shared) and answers `write_batch` and
`record_errors` calls over a pipe, one at a time, so batches commit in order.

The child ignores Ctrl-C (the parent decides what is still committed), and ends when the parent
closes the pipe or dies. When the child dies, the next call raises `StoreError`.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from collections.abc import Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from ..model import Processed
from .errors import StoreBusy, StoreError
from .records import BatchCounts, ErrorRow
from .stage_writers import registered_writers, restore_writers
from .store import Store

_STARTUP_SECONDS = 60.0  # to import and connect; then each call waits as long as the write takes


def start_write_process(store: Store) -> WriteProcess | None:
    """A writer process for `store`, or None where writes must stay in this process: an
    in-memory SQLite database, a registered stage writer that cannot be sent to a child, or no
    process to be had."""
    url = store.engine.url
    if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
        return None
    try:
        writers = registered_writers()
    except Exception:  # noqa: BLE001 - whatever pickle raises means: write in this process
        return None
    try:
        return WriteProcess(url.render_as_string(hide_password=False), store.name, writers)
    except OSError:  # no process to be had (limits): this process writes, as on one core
        return None


class WriteProcess:
    """`write_batch` and `record_errors` of a `Store`, carried out in a child process."""

    def __init__(self, url: str, name: str, writers: bytes) -> None:
        self.name = name
        # A fresh interpreter (no inherited connections or locks), started as a module rather
        # than by multiprocessing's spawn, which would run the caller's script again in it.
        ours, theirs = socket.socketpair()
        package_root = str(Path(__file__).resolve().parents[2])
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))}
        self._process = subprocess.Popen(
            [sys.executable, "-c", f"from dateline.store.write_process import serve; serve({theirs.fileno()})"],
            pass_fds=[theirs.fileno()], env=env, stdin=subprocess.DEVNULL)
        theirs.close()
        self._conn = Connection(ours.detach())
        self._conn.send((url, writers))
        self._ready = False

    def write_batch(self, items: Sequence[Processed]) -> BatchCounts:
        counts: BatchCounts = self._call("write_batch", list(items))
        return counts

    def record_errors(self, rows: Sequence[ErrorRow]) -> None:
        self._call("record_errors", list(rows))

    def close(self) -> None:
        """Tell the child to end; never raises. Every call has returned, so everything written is
        committed: the child's exit (closing its connection, the interpreter's teardown) is not
        waited for, and the process is reaped by the subprocess module."""
        try:
            self._conn.send(None)
        except (OSError, ValueError):
            pass
        self._conn.close()

    def _call(self, method: str, argument: Any) -> Any:
        try:
            if not self._ready:
                if not self._conn.poll(_STARTUP_SECONDS):
                    raise StoreError(f"{self.name}: the writer process did not start")
                self._expect(self._conn.recv())
                self._ready = True
            self._conn.send((method, argument))
            return self._expect(self._conn.recv())
        except (EOFError, OSError) as exc:
            code = self._process.poll()
            raise StoreError(f"{self.name}: the writer process ended unexpectedly"
                             + (f" (exit code {code})" if code is not None else "")) from exc

    def _expect(self, reply: tuple[bool, Any]) -> Any:
        ok, value = reply
        if ok:
            return value
        kind, message = value
        raise (StoreBusy if kind == "StoreBusy" else StoreError)(message)


def serve(fd: int) -> None:
    """The child, talking over the socket `fd`: open the store, then answer calls until the
    socket closes or None arrives."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    conn = Connection(fd)
    try:
        url, writers = conn.recv()
        restore_writers(writers)
        store = Store.open(url, migrate=False)
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which raises it
        conn.send((False, _describe(exc)))
        return
    conn.send((True, None))
    try:
        while True:
            try:
                call = conn.recv()
            except EOFError:  # the parent is gone
                return
            if call is None:
                return
            method, argument = call
            try:
                conn.send((True, getattr(store, method)(argument)))
            except BaseException as exc:  # noqa: BLE001 - reported to the parent, which raises it
                conn.send((False, _describe(exc)))
    finally:
        store.close()


def _describe(exc: BaseException) -> tuple[str, str]:
    # The message, not the exception: an exception from a driver may not survive pickling.
    if isinstance(exc, StoreError):
        return type(exc).__name__, str(exc)
    return "StoreError", f"{type(exc).__name__}: {exc}"


