"""A per-document time limit that holds in any thread, so that no page can hang a batch.

A watchdog thread raises `TimeLimitExceeded` asynchronously in the thread that runs the block
(CPython's `PyThreadState_SetAsyncExc`). It is delivered between two bytecodes, as a signal
would be, but it works in worker threads, a web server's thread pool and Dask workers, where
SIGALRM does nothing. Like a signal, it cannot stop a long call inside C: lxml's parser is
linear in the input, whose size parse.shrink() bounds, so it cannot hang on its own.

Where the interpreter offers no such call (not CPython), `time_limit` says so once in a
warning and runs the block without a limit.
"""

from __future__ import annotations

import ctypes
import heapq
import itertools
import threading
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


class TimeLimitExceeded(Exception):
    pass


_set_async_exc = getattr(getattr(ctypes, "pythonapi", None), "PyThreadState_SetAsyncExc", None)
LIMIT_AVAILABLE = _set_async_exc is not None


@dataclass(order=True)
class _Deadline:
    at: float
    seq: int
    thread_id: int = field(compare=False)
    state: str = field(default="armed", compare=False)  # armed | fired | done


class _Watchdog:
    """One thread for the whole process: sleeps until the nearest deadline, fires what is due."""

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._heap: list[_Deadline] = []
        self._seq = itertools.count()
        self._thread: threading.Thread | None = None

    def arm(self, seconds: float) -> _Deadline:
        deadline = _Deadline(time.monotonic() + seconds, next(self._seq), threading.get_ident())
        with self._lock:
            heapq.heappush(self._heap, deadline)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="dateline-time-limit", daemon=True)
                self._thread.start()
            elif self._heap[0] is deadline:
                # Only a deadline nearer than the one the watchdog sleeps towards needs to wake it:
                # documents one after another never do, so a document costs a heap push, not a
                # thread switch.
                self._lock.notify()
        return deadline

    def disarm(self, deadline: _Deadline) -> None:
        with self._lock:
            fired = deadline.state == "fired"
            deadline.state = "done"
        if fired:
            # The exception may still be pending (not yet delivered) in this thread: clear it, so
            # that it never escapes after the block.
            _async_raise(deadline.thread_id, None)

    def _run(self) -> None:
        with self._lock:
            while True:
                while self._heap and self._heap[0].state == "done":
                    heapq.heappop(self._heap)
                if not self._heap:
                    self._lock.wait(timeout=60)
                    if not self._heap:
                        self._thread = None
                        return
                    continue
                head = self._heap[0]
                delay = head.at - time.monotonic()
                if delay > 0:
                    self._lock.wait(timeout=delay)
                    continue
                heapq.heappop(self._heap)
                if head.state == "armed":
                    head.state = "fired"
                    _async_raise(head.thread_id, TimeLimitExceeded)


def _async_raise(thread_id: int, exc: type[BaseException] | None) -> None:
    if _set_async_exc is not None:
        _set_async_exc(ctypes.c_ulong(thread_id), ctypes.py_object(exc) if exc is not None else None)


_watchdog = _Watchdog()
_warned = False


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise TimeLimitExceeded in the block after `seconds` (None or 0: no limit), in any thread."""
    global _warned
    if not seconds or seconds <= 0:
        yield
        return
    if not LIMIT_AVAILABLE:
        if not _warned:
            _warned = True
            warnings.warn("dateline: this Python cannot interrupt a thread; the per-document time limit is off",
                          RuntimeWarning, stacklevel=3)
        yield
        return
    deadline = _watchdog.arm(seconds)
    try:
        yield
    finally:
        _watchdog.disarm(deadline)
