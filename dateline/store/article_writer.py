"""The writer for `articles` and `article_urls`: what the store knows of a batch's keys, and
carrying out an identity `Decision` (identity.py)."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, func, select, update

from ..model import Article
from ..urls import normalise_url
from .encode import ARTICLE_FIELDS, article_from_row, article_row
from .identity import Decision, Known, Pending, Prep, target_id
from .schema import article_urls, articles, pages
from .sql import chunks, insert_ignore, insert_returning_ids
from .versions import Choice, Version, choose


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


# The columns that say what an article shows: a re-chosen row that keeps them all is no update.
_SHOWN = (*ARTICLE_FIELDS, "url", "canonical_url", "source_id", "dateline_place")


def choose_fields(conn: Connection, decision: Decision, preps: Sequence[Prep], rederived_page_ids: Sequence[int],
                  decompress: Callable[[bytes], bytes], now: datetime) -> None:
    """Give every article this batch touches its fields as chosen from all its versions
    (versions.py): the stored ones and the ones arriving now. Rewrites `decision.updates`
    and the rows of new articles, and counts a stored article as updated when what it shows
    changes; one whose chosen fields stay (a poorer copy, an identical one) is left alone."""
    arriving: dict[int, list[Version]] = {}
    pending: dict[int, tuple[Pending, list[Version]]] = {}
    for prep, target in zip(preps, decision.targets, strict=True):
        if prep.version is None or target is None:
            continue
        if isinstance(target, Pending):
            pending.setdefault(id(target), (target, []))[1].append(prep.version)
        else:
            arriving.setdefault(target, []).append(prep.version)
    for target, versions in pending.values():
        if len(versions) > 1:
            target.row.update(_row(choose(versions), now))
    if not arriving:
        return
    stored, rows = _stored_versions(conn, sorted(arriving), set(rederived_page_ids), decompress)
    for aid, versions in arriving.items():
        row = _row(choose(stored.get(aid, []) + versions), now)
        current = rows.get(aid)
        if current is None or any(row[c] != current[c] for c in _SHOWN):
            decision.updates[aid] = row
            decision.counts.articles_updated += 1
        else:
            decision.updates.pop(aid, None)


def _row(choice: Choice, now: datetime) -> dict[str, Any]:
    row, _ = article_row(choice.article, choice.page_url, choice.content_hash, now, choice.source_id)
    return row


def _stored_versions(conn: Connection, article_ids: Sequence[int], skip_pages: set[int],
                     decompress: Callable[[bytes], bytes]) -> tuple[dict[int, list[Version]], dict[int, Any]]:
    """The stored versions of these articles (pages re-derived in this batch left out, their new
    derivation arrives), and the articles' current rows. A page stored before versions were kept
    counts through its article's current fields, as the oldest version."""
    versions: dict[int, list[Version]] = {}
    rows: dict[int, Any] = {}
    rederived: set[int] = set()
    for chunk in chunks(list(article_ids)):
        for page in conn.execute(
            select(pages.c.id, pages.c.article_id, pages.c.url, pages.c.url_key, pages.c.status, pages.c.given,
                   pages.c.content_hash, pages.c.derived).where(pages.c.article_id.in_(chunk))
        ):
            if page.id in skip_pages:
                rederived.add(page.article_id)
                continue
            if page.derived is None:
                continue
            article = Article.from_dict(json.loads(decompress(page.derived)))
            given = page.given or {}
            versions.setdefault(page.article_id, []).append(Version(
                article, normalise_url(page.url) if page.url else None, fetched=page.status is not None,
                corpus=bool(given.get("text")), order=page.id, content_hash=page.content_hash,
                source_id=given.get("id") or None, location=page.url_key))
        for row in conn.execute(select(articles).where(articles.c.id.in_(chunk))).mappings():
            rows[row["id"]] = row
    for aid, row in rows.items():
        if aid not in versions and aid not in rederived:
            legacy = article_from_row(row["data"], row["body"])
            versions[aid] = [Version(legacy, row["url"], fetched=True, corpus=False, order=0,
                                     content_hash=row["content_hash"] or "", source_id=row["source_id"],
                                     location=row["url"] or f"article:{aid}")]
    return versions, rows
