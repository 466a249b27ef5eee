"""The writer for `articles` and `article_urls`: what the store knows of a batch's keys, and
carrying out an identity `Decision` (identity.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Connection, bindparam, func, select, update

from .identity import Decision, Known, Prep, target_id
from .schema import article_urls, articles, pages
from .sql import chunks, insert_ignore, insert_returning_ids


def lookup(conn: Connection, preps: Sequence[Prep]) -> tuple[set[tuple[str, str]], Known]:
    """Stored (url_key, content_hash) pairs for the batch's contents, and the articles its
    contents, bodies and URLs already belong to."""
    stored_pairs: set[tuple[str, str]] = set()
    known = Known()
    for chunk in chunks(sorted({p.content_hash for p in preps})):
        rows = conn.execute(
            select(pages.c.url_key, pages.c.content_hash, pages.c.article_id).where(pages.c.content_hash.in_(chunk))
        )
        for url_key, content_hash, article_id in rows:
            stored_pairs.add((url_key, content_hash))
            if article_id is not None:
                known.content_article.setdefault(content_hash, article_id)
    for chunk in chunks(sorted({p.identity_hash for p in preps if p.identity_hash})):
        for bh, aid in conn.execute(
            select(articles.c.body_hash, func.min(articles.c.id))
            .where(articles.c.body_hash.in_(chunk))
            .group_by(articles.c.body_hash)
        ):
            known.body_article[bh] = aid
    for chunk in chunks(sorted({u for p in preps for u, _ in p.url_keys})):
        for url, aid, kind, title in conn.execute(
            select(article_urls.c.url, article_urls.c.article_id, article_urls.c.kind, articles.c.title)
            .join(articles, articles.c.id == article_urls.c.article_id)
            .where(article_urls.c.url.in_(chunk))
        ):
            known.url_article[url] = (aid, kind, title)
    return stored_pairs, known


def apply(conn: Connection, decision: Decision, now: datetime) -> None:
    """Insert the new articles (their ids land in the Pending targets), update the others, add URLs."""
    if decision.new:
        ids = insert_returning_ids(conn, articles, [p.row for p in decision.new])
        for pending, new_id in zip(decision.new, ids, strict=True):
            pending.id = new_id
    if decision.updates:
        columns = [c for c in next(iter(decision.updates.values())) if c != "id"]
        stmt = (
            update(articles)
            .where(articles.c.id == bindparam("b_id"))
            .values({c: bindparam(f"b_{c}") for c in columns})
        )
        conn.execute(
            stmt, [{"b_id": aid, **{f"b_{c}": row[c] for c in columns}} for aid, row in decision.updates.items()]
        )
    if decision.url_rows:
        conn.execute(
            insert_ignore(conn.dialect.name, article_urls, ["url"]),
            [
                {"url": url, "article_id": target_id(t), "kind": kind, "first_seen": now}
                for url, (t, kind) in decision.url_rows.items()
            ],
        )
