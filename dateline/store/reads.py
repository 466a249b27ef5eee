"""Reading the store: typed records out of queries (listing, stats, errors, stored pages)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection, Select, and_, exists, func, select

from .encode import article_from_row, utc
from .filters import filter_clauses
from .records import ArticleFilter, ErrorRecord, Stats, StoredArticle, Totals
from .schema import article_urls, articles, contents, errors, pages, stage_runs

# Columns kept from readers: the stored JSON (read only with `full`), the identity hashes and the
# text as search indexes it.
_INTERNAL_COLUMNS = frozenset({"data", "content_hash", "body_hash", "search_title", "search_body"})


def article_columns() -> list[str]:
    """The columns of `articles` a reader sees, in table order: the fields of `StoredArticle`
    and the flat export's columns (a test keeps the three in step)."""
    return [c.name for c in articles.c if c.name not in _INTERNAL_COLUMNS]


def iter_articles(conn: Connection, where: ArticleFilter | None, batch_size: int, full: bool) -> Iterator[StoredArticle]:
    cols = [articles.c[name] for name in article_columns()]
    if full:
        cols.append(articles.c.data)
    query = select(*cols).where(*filter_clauses(where)).order_by(articles.c.id)
    result = conn.execution_options(stream_results=True, yield_per=batch_size).execute(query)
    for row in result.mappings():
        values = dict(row)
        data = values.pop("data", None)
        for name in ("created_at", "updated_at", "published_at"):
            values[name] = utc(values[name])
        values["authors"] = values["authors"] or []
        values["tags"] = values["tags"] or []
        values["body"] = values["body"] or ""
        yield StoredArticle(**values, article=article_from_row(data, values["body"]) if full else None)


def stats(conn: Connection, database: str, top: int | None = None) -> Stats:
    def grouped(col: Any, order_by_key: bool = False) -> dict[Any, int]:
        n = func.count().label("n")
        q = select(col, n).group_by(col)
        q = q.order_by(col) if order_by_key else q.order_by(n.desc(), col)
        if top and not order_by_key:
            q = q.limit(top)
        return {k: int(v) for k, v in conn.execute(q)}

    def one(q: Select[Any]) -> int:
        return int(conn.execute(q).scalar_one())

    by_kind = grouped(pages.c.kind)
    totals = Totals(
        pages=one(select(func.count()).select_from(pages)),
        articles=one(select(func.count()).select_from(articles)),
        non_articles=by_kind.get("non_article", 0),
        failed_pages=by_kind.get("error", 0),
        urls=one(select(func.count()).select_from(article_urls)),
        errors=one(select(func.count()).select_from(errors)),
        raw_bytes=one(select(func.coalesce(func.sum(contents.c.size), 0))),
        stored_bytes=one(select(func.coalesce(func.sum(func.length(contents.c.data)), 0))),
    )
    return Stats(
        database=database,
        totals=totals,
        by_site=grouped(articles.c.site),
        by_language=grouped(articles.c.language),
        by_day=grouped(articles.c.published_day, order_by_key=True),
        errors_by_reason=grouped(errors.c.reason),
        errors_by_stage=grouped(errors.c.stage),
    )


def latest_errors(conn: Connection, limit: int, stage: str | None) -> list[ErrorRecord]:
    query = select(errors).order_by(errors.c.id.desc()).limit(limit)
    if stage:
        query = query.where(errors.c.stage == stage)
    out = []
    for row in conn.execute(query).mappings():
        values = dict(row)
        values["at"] = utc(values["at"])
        values["last_seen"] = utc(values["last_seen"]) or values["at"]
        out.append(ErrorRecord(**values))
    return out


def stored_pages_query(stage: str | None, version: str | None) -> Select[Any]:
    """Stored pages to run again, with their content.

    - no stage, or "extract": every page; with `version`, those derived by another version;
    - a later stage: one page per article (its newest), with `version` only the articles whose
      run of that stage is missing, of another version, or computed on another body.
    """
    query = select(pages, contents.c.data, contents.c.is_text).join(
        contents, contents.c.content_hash == pages.c.content_hash)
    if stage in (None, "extract"):
        return query.where(pages.c.derived_version != version) if version else query
    newest = select(func.max(pages.c.id)).where(pages.c.article_id.is_not(None)).group_by(pages.c.article_id)
    query = query.add_columns(articles.c.data.label("article_data"), articles.c.body.label("article_body")).join(
        articles, articles.c.id == pages.c.article_id).where(pages.c.id.in_(newest))
    if version:
        current = exists().where(
            and_(stage_runs.c.article_id == articles.c.id, stage_runs.c.stage == stage,
                 stage_runs.c.version == version, stage_runs.c.body_hash == articles.c.body_hash)
        )
        query = query.where(~current)
    return query


def count(conn: Connection, query: Select[Any]) -> int:
    return int(conn.execute(select(func.count()).select_from(query.subquery())).scalar_one())


def stage_run(conn: Connection, article_id: int, stage: str) -> dict[str, Any] | None:
    row = conn.execute(
        select(stage_runs).where(stage_runs.c.article_id == article_id, stage_runs.c.stage == stage)
    ).mappings().first()
    return dict(row) if row else None

