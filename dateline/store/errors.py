"""Errors the store reports to users."""

from __future__ import annotations

from ..errors import DatelineError


class StoreError(DatelineError):
    """A store failure that the user should read (bad URL, unreachable server...)."""


class StoreBusy(StoreError):
    """Another process holds the SQLite write lock for longer than the busy timeout."""

    def __init__(self, path: str) -> None:
        super().__init__(f"database {path} is busy: another dateline process is writing to it")
        self.path = path
