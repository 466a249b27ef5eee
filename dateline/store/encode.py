"""Rows from model objects and back: how pages, articles and errors are laid out in the tables.

Pure functions (no connection, no engine): the writers call them before taking the write
lock, the readers after a query.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from datetime import UTC, date, datetime
from typing import Any

from ..model import KEPT_HEADERS, Article, Page
from ..urls import normalise_url, url_site
from ..version import __version__
from .query import search_columns

# Bodies shorter than this ("Subscribe to read") are too common to say that two pages are one
# article; their hash is still kept, for the stages computed on them.
MIN_BODY_FOR_IDENTITY = 200
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")

# Article columns that hold the Article's fields (the rest are derived: hashes, site, times).
ARTICLE_FIELDS = (
    "title",
    "subtitle",
    "authors",
    "agency",
    "published",
    "modified",
    "language",
    "section",
    "tags",
    "site_name",
    "lede",
    "body",
)

_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
_ARTICLE_ORDER = tuple(f.name for f in dataclasses.fields(Article))


def clean_text(text: str) -> str:
    """Text both databases accept: no NUL (PostgreSQL refuses it), no lone surrogates (not UTF-8)."""
    if "\x00" in text:
        text = text.replace("\x00", "")
    if text.isascii():  # a flag check in CPython: most strings stop here
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = _SURROGATE.sub("\ufffd", text)
    return text


def plain(value: Any) -> Any:
    """The JSON-ready form of a dataclass tree, as model.to_dict gives it but with clean text,
    ~4x faster (the store serialises every article it writes)."""
    kind = type(value)
    if kind is str:
        return clean_text(value)
    if value is None or kind is int or kind is float or kind is bool:
        return value
    if kind is list or kind is tuple:
        return [plain(v) for v in value]
    if kind is dict:
        return {k: plain(v) for k, v in value.items()}
    names = _FIELD_NAMES.get(kind)
    if names is None:
        if not dataclasses.is_dataclass(value):
            return value.decode("latin-1") if isinstance(value, bytes) else value
        names = _FIELD_NAMES[kind] = tuple(f.name for f in dataclasses.fields(value))
    out = {}
    for name in names:
        v = getattr(value, name)
        kind = type(v)
        if kind is str:
            out[name] = clean_text(v)
        elif v is None or kind is int or kind is bool or kind is float:
            out[name] = v
        else:
            out[name] = plain(v)
    return out


def utc(value: Any) -> datetime | None:
    """A UTC-aware datetime from an ISO string or datetime (naive ones are taken as UTC)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, date):
        dt = datetime(value.year, value.month, value.day)
    else:
        try:
            dt = datetime.fromisoformat(str(value).strip())
        except ValueError:
            return None
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


def iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.isoformat()


def body_hash(body: str | None) -> str:
    """sha256 of the whitespace-normalised body, for every body: later stages record the hash
    of the body they read, so that a changed body shows which of their rows are stale."""
    return _hash_normalised(" ".join((body or "").split()))


def _hash_normalised(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def page_key(url: str | None, source: str | None) -> str:
    return normalise_url(url) if url else f"source:{source or ''}"


def error_row(at: datetime, source: str | None, url: str | None, stage: str | None, code: str | None, reason: Any,
              page_id: int | None) -> dict[str, Any]:
    """One row of the errors table, whichever step failed."""
    text = clean_text(str(reason))
    if url and url in text:
        # The URL has its own column: reasons without it group by what went wrong.
        text = text.replace(url, "").strip(" :-\u2013\u2014") or text
    return {"at": at, "last_seen": at, "count": 1, "source": plain(source), "url": plain(url), "stage": stage,
            "code": code, "reason": text, "dateline_version": __version__, "page_id": page_id}


def page_row(page: Page, now: datetime, derived_version: str) -> dict[str, Any]:
    """The `pages` row of a page (without kind, reason and article, which derivation decides)."""
    url_key = page_key(page.url, page.source)
    requested_url = page.redirects[0] if page.redirects else page.url
    requested_key = normalise_url(requested_url) if requested_url else url_key
    headers = {k.lower(): clean_text(str(v)) for k, v in (page.headers or {}).items() if k.lower() in KEPT_HEADERS}
    return {
        "url_key": url_key,
        "requested_key": requested_key,
        "url": plain(page.url),
        "requested_url": plain(requested_url),
        "redirects": plain(list(page.redirects)) or None,
        "source": None if page.source is None else clean_text(str(page.source)),  # a str, even from a Path
        "fetched_at": utc(page.fetched_at),
        "status": page.status,
        "headers": headers or None,
        "etag": headers.get("etag"),
        "last_modified": headers.get("last-modified"),
        "content_hash": page.content_hash,
        "given": plain(dict(page.given)) or None,
        "dateline_version": __version__,
        "derived_version": derived_version,
        "stored_at": now,
    }


def page_from_row(row: Any, raw: bytes) -> Page:
    """A stored page rebuilt from its `pages` row and its decompressed content."""
    return Page(
        content=raw.decode("utf-8") if row["is_text"] else raw,
        url=row["url"],
        source=row["source"],
        fetched_at=iso(row["fetched_at"]),
        status=row["status"],
        headers=dict(row["headers"] or {}),
        content_hash=row["content_hash"],
        redirects=list(row["redirects"] or []),
        given=dict(row["given"] or {}),
    )


def article_row(article: Article, page_url: str | None, content_hash: str, now: datetime,
                source_id: str | None = None, data: dict[str, Any] | None = None) -> tuple[dict[str, Any], bool]:
    """The `articles` row of an article, and whether its body is long enough for its hash to say
    "the same article". `data`: `plain(article)` when the caller has it already (it is taken over)."""
    data = plain(article) if data is None else data
    # Columns from the cleaned copy, so that both hold the same text.
    row: dict[str, Any] = {name: data.get(name) for name in ARTICLE_FIELDS}
    body = row["body"] or ""
    _compact_text(data)
    canonical = normalise_url(data["canonical_url"]) if data.get("canonical_url") else None
    url = page_url or (normalise_url(data["url"]) if data.get("url") else None) or canonical
    published = row["published"]
    words = body.split()
    normalised = " ".join(words)
    dateline = data.get("dateline") or {}
    row.update(
        body=body,
        url=url,
        canonical_url=canonical,
        site=url_site(url or canonical),
        published_at=utc(published),
        published_day=published[:10] if published and _DAY.match(published) else None,
        dateline_place=dateline.get("place"),
        word_count=len(words),
        **search_columns(row["title"], body),
        data=data,
        content_hash=content_hash,
        body_hash=_hash_normalised(normalised),
        source_id=plain(source_id),
        dateline_version=__version__,
        updated_at=now,
    )
    return row, len(normalised) >= MIN_BODY_FOR_IDENTITY


def _compact_text(data: dict[str, Any]) -> None:
    """Keep the text once: the body lives in its column, and paragraphs whose texts joined by blank
    lines are the body (how extraction builds it) keep only their kinds. Undone by article_from_row."""
    body = data.pop("body", None) or ""
    paragraphs = data.get("paragraphs") or []
    if paragraphs and body.split("\n\n") == [p["text"] for p in paragraphs]:
        data["paragraphs"] = None
        data["_paragraph_kinds"] = [p["kind"] for p in paragraphs]


def article_dict_from_row(data: dict[str, Any], body: str | None) -> dict[str, Any]:
    """The Article's to_dict() form back from the stored JSON and body column."""
    data = dict(data, body=body or "")
    kinds = data.pop("_paragraph_kinds", None)
    if kinds is not None:
        texts = data["body"].split("\n\n")
        data["paragraphs"] = [{"text": t, "kind": k} for t, k in zip(texts, kinds, strict=True)]
    elif data.get("paragraphs") is None:
        data["paragraphs"] = []
    ordered = {name: data[name] for name in _ARTICLE_ORDER if name in data}
    ordered.update((k, v) for k, v in data.items() if k not in ordered)  # fields of a newer model version
    return ordered


def article_from_row(data: dict[str, Any], body: str | None) -> Article:
    return Article.from_dict(article_dict_from_row(data, body))
