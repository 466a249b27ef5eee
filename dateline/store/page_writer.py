"""The writer for `contents`, `pages` and `errors`: new pages with their raw bytes, stored pages
re-derived, and failures."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, bindparam, delete, exists, select, update

from .identity import Prep, Target, target_id
from .schema import article_urls, articles, contents, errors, pages
from .sql import chunks, insert_ignore, insert_returning_ids


def stored_contents(conn: Connection, hashes: Sequence[str]) -> set[str]:
    stored: set[str] = set()
    for chunk in chunks(sorted(set(hashes))):
        stored.update(conn.execute(select(contents.c.content_hash).where(contents.c.content_hash.in_(chunk))).scalars())
    return stored


def insert_pages(conn: Connection, preps: Sequence[Prep], targets: Sequence[Target], with_ids: bool) -> list[int]:
    """Insert the pages (and contents not stored yet); their ids in order when `with_ids`, else []."""
    content_rows = {p.content_hash: p.content_row for p in preps if p.content_row}
    if content_rows:
        conn.execute(insert_ignore(conn.dialect.name, contents, ["content_hash"]), list(content_rows.values()))
    rows = [dict(prep.page_row, kind=prep.kind, reason=prep.reason, article_id=target_id(target))
            for prep, target in zip(preps, targets, strict=True)]
    if not rows:
        return []
    if with_ids:
        return insert_returning_ids(conn, pages, rows)
    conn.execute(pages.insert(), rows)
    return []


def current_articles(conn: Connection, page_ids: Sequence[int]) -> dict[int, int | None]:
    """page id → its article id today, for the pages that still exist."""
    current: dict[int, int | None] = {}
    for chunk in chunks(list(page_ids)):
        for pid, aid in conn.execute(select(pages.c.id, pages.c.article_id).where(pages.c.id.in_(chunk))):
            current[pid] = aid
    return current


def rederive_pages(conn: Connection, page_ids: Sequence[int], preps: Sequence[Prep], targets: Sequence[Target],
                   old: Sequence[int | None]) -> None:
    """Point re-derived pages at their (new) article, move their own URLs along, and delete the
    articles left without any page."""
    conn.execute(
        update(pages)
        .where(pages.c.id == bindparam("b_id"))
        .values(kind=bindparam("b_kind"), reason=bindparam("b_reason"), article_id=bindparam("b_article_id"),
                derived_version=bindparam("b_version"), derived=bindparam("b_derived")),
        [
            {"b_id": pid, "b_kind": prep.kind, "b_reason": prep.reason, "b_article_id": target_id(target),
             "b_version": prep.page_row["derived_version"], "b_derived": prep.page_row.get("derived")}
            for pid, prep, target in zip(page_ids, preps, targets, strict=True)
        ],
    )
    moved = [
        {"b_url": url, "b_article_id": target_id(target)}
        for prep, target in zip(preps, targets, strict=True)
        if target is not None
        for url, kind in prep.url_keys
        if kind != "canonical"
    ]
    if moved:
        conn.execute(
            update(article_urls).where(article_urls.c.url == bindparam("b_url")).values(
                article_id=bindparam("b_article_id")),
            moved,
        )
    for chunk in chunks(sorted({a for a in old if a is not None})):
        conn.execute(
            delete(articles).where(articles.c.id.in_(chunk), ~exists().where(pages.c.article_id == articles.c.id))
        )


def insert_errors(conn: Connection, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        conn.execute(errors.insert(), list(rows))


def record_errors(conn: Connection, rows: Sequence[dict[str, Any]]) -> None:
    """Failures before there is a page: one that is stored already (same stage, source, URL and
    reason) is counted again with its time, not added as a new row."""
    fresh: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in rows:
        key = (row["stage"], row["source"], row["url"], row["reason"])
        if key in fresh:
            fresh[key]["count"] += 1
            continue
        found = conn.execute(
            select(errors.c.id).where(
                errors.c.page_id.is_(None), errors.c.stage == row["stage"], errors.c.reason == row["reason"],
                errors.c.source.is_(None) if row["source"] is None else errors.c.source == row["source"],
                errors.c.url.is_(None) if row["url"] is None else errors.c.url == row["url"],
            ).order_by(errors.c.id.desc()).limit(1)
        ).scalar()
        if found is None:
            fresh[key] = dict(row)
        else:
            conn.execute(update(errors).where(errors.c.id == found).values(
                count=errors.c.count + 1, last_seen=row["at"], code=row["code"], dateline_version=row["dateline_version"]))
    insert_errors(conn, list(fresh.values()))
