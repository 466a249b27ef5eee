"""Cursors and sort orders of the list endpoints.

A cursor is opaque to clients: base64url JSON of the sort it belongs to and the key (or offset)
the previous page ended at. A cursor is only good with the sort it was made for."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from .errors import ApiError

MAX_LIMIT = 500  # rows a page may hold, whatever `limit` asks
DEFAULT_LIMIT = 50


@dataclass(frozen=True)
class Sort:
    field: str
    descending: bool

    def __str__(self) -> str:
        return ("-" if self.descending else "") + self.field


def parse_sort(value: str | None, allowed: Collection[str], default: str) -> Sort:
    """`published_at` (ascending) or `-published_at` (descending), among `allowed`."""
    text = (value or default).strip()
    name = text.lstrip("-+")
    if name not in allowed:
        raise ApiError(422, f"sort: {text!r} is not one of {', '.join(sorted(allowed))} (a leading '-' for descending)",
                       code="invalid_sort")
    return Sort(name, text.startswith("-"))


def make_cursor(sort: str, position: Any) -> str:
    raw = json.dumps({"sort": sort, "at": position}, separators=(",", ":"), ensure_ascii=False)
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def read_cursor(cursor: str | None, sort: str) -> Any:
    """The position a cursor carries (None without a cursor); a cursor of another sort or a made-up one is a 422."""
    if not cursor:
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        data = None
    if not isinstance(data, dict) or "at" not in data:
        raise ApiError(422, "cursor: not a cursor this API gave (use next_cursor as it was returned)",
                       code="invalid_cursor")
    if data.get("sort") != sort:
        raise ApiError(422, f"cursor: it was made for sort {data.get('sort')!r}, not {sort!r}", code="invalid_cursor")
    return data["at"]


def key_of(position: Any) -> tuple[Any, Any]:
    """A keyset position [sort value, id] as read from a cursor."""
    if not isinstance(position, list) or len(position) != 2:
        raise ApiError(422, "cursor: not a cursor this API gave", code="invalid_cursor")
    return position[0], position[1]


def offset_of(position: Any) -> int:
    if position is None:
        return 0
    if not isinstance(position, int) or isinstance(position, bool) or position < 0:
        raise ApiError(422, "cursor: not a cursor this API gave", code="invalid_cursor")
    return position


def page(items: list[Any], next_cursor: str | None, limit: int) -> dict[str, Any]:
    """The body of a list endpoint."""
    return {"items": items, "next_cursor": next_cursor, "limit": limit}
