"""Times as people read them on a page: "7 minutes ago", computed by the server (no page script)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime, timedelta

# While a page renders (`watching_changes`): the instants at which a time it shows would read otherwise.
_CHANGES: ContextVar[list[datetime] | None] = ContextVar("relative_time_changes", default=None)
_UNITS = (("year", 365 * 86400), ("month", 30 * 86400), ("week", 7 * 86400), ("day", 86400), ("hour", 3600),
          ("minute", 60))


def relative_time(when: datetime | None, now: datetime | None = None) -> str:
    """`when` relative to `now` in the largest whole unit: "7 minutes ago", "in 2 days", "just now"."""
    if when is None:
        return ""
    now = now or datetime.now(UTC)
    if when.tzinfo is None:  # stored times are UTC
        when = when.replace(tzinfo=UTC)
    seconds = (now - when).total_seconds()
    changes = _CHANGES.get()
    if changes is not None:
        changes.append(_changes_at(when, seconds))
    future = seconds < 0
    seconds = abs(seconds)
    if seconds < 60:
        return "just now"
    for name, size in _UNITS:
        if seconds >= size:
            count = int(seconds // size)
            text = f"{count} {name}{'s' if count != 1 else ''}"
            return f"in {text}" if future else f"{text} ago"
    return "just now"  # not reached: a minute or more matched above


def _changes_at(when: datetime, seconds: float) -> datetime:
    """When `relative_time` of `when`, now `seconds` after it, next reads otherwise."""
    if abs(seconds) < 60:
        return when + timedelta(seconds=60)  # "just now" from a minute before to a minute after
    for rank, (_, size) in enumerate(_UNITS):
        count = int(abs(seconds) // size)
        if count == 0:
            continue
        if seconds < 0:  # "in 3 days" until fewer than 3 days are left
            return when - timedelta(seconds=count * size)
        # "3 days ago" until 4 days have passed, or a week ("1 week ago"), whichever is first
        reach = (count + 1) * size if rank == 0 else min((count + 1) * size, _UNITS[rank - 1][1])
        return when + timedelta(seconds=reach)
    return when + timedelta(seconds=60)  # not reached: a minute or more matched above


@contextmanager
def watching_changes() -> Iterator[list[datetime]]:
    """Collect, for what is rendered inside, the instants at which its relative times change."""
    changes: list[datetime] = []
    token = _CHANGES.set(changes)
    try:
        yield changes
    finally:
        _CHANGES.reset(token)


def iso_utc(when: datetime | None) -> str:
    """The machine-readable time of a `<time datetime>`: ISO 8601 in UTC."""
    if when is None:
        return ""
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).isoformat().replace("+00:00", "Z")


def readable_utc(when: datetime | None) -> str:
    """The absolute time shown on hover: 2025-02-26 22:29 UTC."""
    if when is None:
        return ""
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    when = when.astimezone(UTC)
    if when.year < 1000:  # strftime's own way with short years
        return when.strftime("%Y-%m-%d %H:%M UTC")
    # Formatted by hand: strftime costs ~30 µs a call, and a front page shows ~90 times.
    return f"{when.year}-{when.month:02d}-{when.day:02d} {when.hour:02d}:{when.minute:02d} UTC"
