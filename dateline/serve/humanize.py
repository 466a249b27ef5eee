"""Times as people read them on a page: "7 minutes ago", computed by the server (no page script)."""

from __future__ import annotations

from datetime import UTC, datetime

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
    return when.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
