"""An `ArticleFilter` as WHERE clauses on `articles`: one reading of since/until/site/lang for
search, export, listing and stats."""

from __future__ import annotations

import re
from datetime import date, datetime

from sqlalchemy import ColumnElement, or_

from ..urls import url_site
from .encode import utc
from .errors import StoreError
from .records import ArticleFilter, DateBound
from .schema import articles

_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _bound(value: DateBound, upper: bool) -> ColumnElement[bool]:
    """A since/until filter: a day compares with the printed day, a time with the UTC timestamp."""
    if isinstance(value, date) and not isinstance(value, datetime):
        value = value.isoformat()
    if isinstance(value, str) and _DATE_ONLY.match(value.strip()):
        day = articles.c.published_day
        return day <= value.strip() if upper else day >= value.strip()
    when = utc(value)
    if when is None:
        raise StoreError(f"not a date: {value!r} (use YYYY-MM-DD or an ISO 8601 time)")
    col = articles.c.published_at
    return col <= when if upper else col >= when


def _like_literal(value: str) -> str:
    """`value` inside a LIKE pattern (ESCAPE '\\'): its % and _ match themselves."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def filter_clauses(where: ArticleFilter | None) -> list[ColumnElement[bool]]:
    """WHERE clauses on `articles` for a filter (none for None or an empty filter)."""
    clauses: list[ColumnElement[bool]] = []
    if where is None:
        return clauses
    if where.since:
        clauses.append(_bound(where.since, upper=False))
    if where.until:
        clauses.append(_bound(where.until, upper=True))
    if where.site:
        host = where.site.strip().lower()
        if "://" in host:
            host = url_site(host) or host
        host = host.removeprefix("www.").strip("/")
        # The site and its subdomains: "example.com" also finds "news.example.com".
        clauses.append(or_(articles.c.site == host, articles.c.site.like(f"%.{_like_literal(host)}", escape="\\")))
    if where.lang:
        code = where.lang.strip().lower()
        clauses.append(or_(articles.c.language == code,
                           articles.c.language.like(f"{_like_literal(code)}-%", escape="\\")))
    return clauses
