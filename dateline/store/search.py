"""Full-text search over articles (title and body), ranked, with highlighted snippets.

The query language is dateline's own (store/query.py), parsed once and rendered for each backend,
over the same words: titles and bodies are tokenised in Python into `articles.search_title` and
`.search_body`, and both backends index those columns split on spaces only.

- SQLite: the FTS5 table `articles_fts` (external content = articles.search_title/search_body,
  synced by triggers, tokenizer 'ascii': spaces separate, nothing else does), ranked by bm25
  with the title weighted 10:1 over the body.
- PostgreSQL: the generated `articles.search_tsv` ('simple' config over the same columns, title
  weight A, body B) with its GIN index, ranked by ts_rank_cd.
Snippets are cut from the real body (or title) in Python for the returned rows only.

Every search runs under a time limit (SEARCH_TIMEOUT): PostgreSQL stops the statement itself
(SET LOCAL statement_timeout), SQLite is interrupted by a progress handler; either way the caller
gets a QueryError.

Chinese, Japanese, Korean and Thai are written without spaces, so the tokeniser sees a whole
clause as one word. A query in those scripts is answered by a substring scan instead (the same
syntax; a word or phrase is a substring, title: looks in the title; ranked by occurrences, a
title's counting tenfold): exact, but it reads every article that passes the filters, so it is
slower on a large store.
"""

from __future__ import annotations

import re
import string
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, func, literal_column, not_, or_, select, table, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.sql import column

from ..writing_systems import UNSPACED
from .filters import filter_clauses
from .query import Node, Not, Or, QueryError, Term, leaves, marked_spans, parse_query, to_fts5, to_tsquery
from .records import ArticleFilter, SearchHit
from .schema import articles

# Default markers around matched words in snippets (the CLI swaps them for terminal bold).
HIGHLIGHT_START = "<mark>"
HIGHLIGHT_END = "</mark>"
# Seconds a search may take before the database is told to stop it.
SEARCH_TIMEOUT = 10.0
SNIPPET_WORDS = 32

# Case is folded for ASCII only in the substring scan, in Python and in SQL alike (SQLite's lower()
# folds nothing else, PostgreSQL's depends on the collation), so that both backends find the same rows.
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def search(
    conn: Connection,
    query: str,
    where: ArticleFilter | None = None,
    limit: int = 20,
    highlight: tuple[str, str] = (HIGHLIGHT_START, HIGHLIGHT_END),
    timeout: float = SEARCH_TIMEOUT,
) -> list[SearchHit]:
    """Hits for `query` (see query.py for the syntax), best first. Raises QueryError for a query
    that cannot be answered or that runs past `timeout` seconds."""
    node = parse_query(query)
    if node is None:
        return []
    filters = filter_clauses(where)
    with _time_limit(conn, timeout):
        if UNSPACED.search(query):
            return _search_substrings(conn, node, filters, limit, highlight)
        if conn.dialect.name == "postgresql":
            return _search_pg(conn, node, filters, limit, highlight)
        return _search_sqlite(conn, node, filters, limit, highlight)


@contextmanager
def _time_limit(conn: Connection, timeout: float) -> Iterator[None]:
    too_long = QueryError(f"the search took longer than {timeout:g} s and was stopped: narrow the query "
                          "(more words, a phrase, fewer prefixes) or the filters")
    if conn.dialect.name == "postgresql":
        # Within the transaction the connection runs in (a read: rolled back when it closes).
        conn.execute(text(f"SET LOCAL statement_timeout = {max(1, round(timeout * 1000))}"))
        try:
            yield
        except OperationalError as exc:
            if type(exc.orig).__name__ != "QueryCanceled":
                raise
            conn.rollback()
            raise too_long from None
        return
    raw = conn.connection.driver_connection
    deadline = time.monotonic() + timeout
    raw.set_progress_handler(lambda: int(time.monotonic() > deadline), 1000)  # type: ignore[union-attr]
    try:
        yield
    except OperationalError as exc:
        if "interrupted" not in str(exc.orig):
            raise
        raise too_long from None
    finally:
        raw.set_progress_handler(None, 0)  # type: ignore[union-attr]


# What every search selects for a hit (see _hit), beside its snippet and rank.
_HIT_COLUMNS = (articles.c.id, articles.c.url, articles.c.title, articles.c.site, articles.c.language,
                articles.c.published)


def _hit(row: Any, score: float) -> SearchHit:
    return SearchHit(
        article_id=row.id,
        url=row.url,
        title=row.title,
        site=row.site,
        language=row.language,
        published=row.published,
        snippet="",
        score=score,
    )


def _search_sqlite(
    conn: Connection, node: Node, filters: list[ColumnElement[bool]], limit: int, highlight: tuple[str, str]
) -> list[SearchHit]:
    fts = table("articles_fts", column("rowid"))
    fts_ref: ColumnElement[Any] = literal_column("articles_fts")
    rank = func.bm25(fts_ref, 10.0, 1.0)
    stmt = (
        select(*_HIT_COLUMNS, articles.c.body, rank.label("rank"))
        .select_from(fts.join(articles, articles.c.id == fts.c.rowid))
        .where(text("articles_fts MATCH :fts_query").bindparams(fts_query=to_fts5(node)), *filters)
        .order_by(rank, articles.c.id.desc())
        .limit(limit)
    )
    return _hits(conn.execute(stmt), node, highlight, sign=-1.0)


def _search_pg(
    conn: Connection, node: Node, filters: list[ColumnElement[bool]], limit: int, highlight: tuple[str, str]
) -> list[SearchHit]:
    tsquery = func.to_tsquery(literal_column("'simple'::regconfig"), to_tsquery(node))
    tsv: ColumnElement[Any] = literal_column("articles.search_tsv")
    rank = func.ts_rank_cd(tsv, tsquery).label("rank")
    top = (
        select(articles.c.id, rank)
        .where(tsv.op("@@")(tsquery), *filters)
        .order_by(rank.desc(), articles.c.id.desc())
        .limit(limit)
        .subquery()
    )
    stmt = (
        select(*_HIT_COLUMNS, articles.c.body, top.c.rank)
        .join(top, top.c.id == articles.c.id)
        .order_by(top.c.rank.desc(), articles.c.id.desc())
    )
    return _hits(conn.execute(stmt), node, highlight, sign=1.0)


def _hits(rows: Any, node: Node, highlight: tuple[str, str], sign: float) -> list[SearchHit]:
    """Hits with the body's best fragment, or the highlighted title when only the title matched."""
    wanted = [term for term, negated in leaves(node) if not negated]
    exact = {t for term in wanted for t in (term.tokens if not term.prefix else term.tokens[:-1])}
    prefixes = tuple(term.tokens[-1] for term in wanted if term.prefix)
    hits = []
    for row in rows:
        hit = _hit(row, sign * float(row.rank))
        title = row.title or ""
        body = row.body or ""
        spans = marked_spans(body, exact, prefixes)
        hit.snippet = ((_fragment(body, spans, highlight) if spans else "")
                       or _mark(title, marked_spans(title, exact, prefixes), highlight)
                       or _fragment(body, [], highlight))
        hits.append(hit)
    return hits


def _mark(text_: str, spans: list[tuple[int, int]], highlight: tuple[str, str]) -> str:
    if not spans:
        return ""
    out, at = [], 0
    for a, b in spans:
        out += [text_[at:a], highlight[0], text_[a:b], highlight[1]]
        at = b
    out.append(text_[at:])
    return " ".join("".join(out).split())


def _fragment(body: str, spans: list[tuple[int, int]], highlight: tuple[str, str]) -> str:
    """About SNIPPET_WORDS words of the body around its densest cluster of matches (`spans`),
    marked; its opening words when there is none."""
    if not body.strip():
        return ""
    if not spans:
        words = body.split()
        return " ".join(words[:SNIPPET_WORDS]) + (" …" if len(words) > SNIPPET_WORDS else "")
    # The window of ~SNIPPET_WORDS words (about 7 characters each) holding the most matches.
    width = SNIPPET_WORDS * 7
    best, best_count, j = 0, 0, 0
    for i, (a, _) in enumerate(spans):
        while spans[j][0] < a - width:
            j += 1
        if i - j + 1 > best_count:
            best, best_count = j, i - j + 1
    first = spans[best][0]
    start = max(0, first - width // 4)
    start = body.rfind(" ", 0, start) + 1 if start else 0
    end = body.find(" ", min(len(body), start + width))
    end = len(body) if end < 0 else end
    inside = [(a - start, b - start) for a, b in spans if a >= start and b <= end]
    piece = _mark(body[start:end], inside, highlight)
    return ("…" if start else "") + piece + (" …" if end < len(body) else "")


def _substring(term: Term) -> str:
    """What a term looks for in the substring scan: its words as written, ASCII letters folded."""
    raw = term.raw.translate(_ASCII_LOWER)
    return raw if term.raw.strip() and any(ch.isalnum() for ch in raw) else ""


def _search_substrings(
    conn: Connection, node: Node, filters: list[ColumnElement[bool]], limit: int, highlight: tuple[str, str]
) -> list[SearchHit]:
    title: ColumnElement[Any] = func.coalesce(articles.c.title, "")
    body: ColumnElement[Any] = func.coalesce(articles.c.body, "")
    if any(ch in string.ascii_letters for term, _ in leaves(node) for ch in term.raw):
        if conn.dialect.name == "sqlite":
            title, body = func.lower(title), func.lower(body)
        else:
            title, body = (func.translate(col, string.ascii_uppercase, string.ascii_lowercase) for col in (title, body))

    def contains(haystack: Any, term: str) -> ColumnElement[bool]:
        return func.instr(haystack, term) > 0 if conn.dialect.name == "sqlite" else func.strpos(haystack, term) > 0

    def occurrences(haystack: Any, term: str) -> Any:
        return (func.length(haystack) - func.length(func.replace(haystack, term, ""))) / len(term)

    def where(n: Node) -> ColumnElement[bool]:
        if isinstance(n, Term):
            sub = _substring(n)
            places = [title] if n.field == "title" else [body] if n.field == "body" else [title, body]
            return or_(*(contains(p, sub) for p in places))
        if isinstance(n, Not):
            return not_(where(n.item))
        if isinstance(n, Or):
            return or_(*(where(item) for item in n.items))
        return and_(*(where(item) for item in n.items))

    required = [sub for term, negated in leaves(node) if not negated and (sub := _substring(term))]
    score = sum(10 * occurrences(title, t) + occurrences(body, t) for t in required)
    stmt = (
        select(*_HIT_COLUMNS, articles.c.body, score.label("rank"))
        .where(*filters, where(node))
        .order_by(score.desc(), articles.c.id.desc())
        .limit(limit)
    )
    hits = []
    for row in conn.execute(stmt):
        hit = _hit(row, float(row.rank))
        hit.snippet = _marked_fragment(row.body or "", required, highlight) or _marked_fragment(
            row.title or "", required, highlight
        )
        hits.append(hit)
    return hits


def _marked_fragment(text_: str, terms: list[str], highlight: tuple[str, str], width: int = 120) -> str:
    """About `width` characters around the first match, every match marked; "" without a match."""
    # Matched on the text folded as the SQL folds it (A-Z only; same length, so same positions).
    folded = text_.translate(_ASCII_LOWER)
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)))
    first = pattern.search(folded)
    if first is None:
        return ""
    start = max(0, first.start() - width // 3)
    end = min(len(text_), start + width)
    piece = text_[start:end]
    spans = [(m.start(), m.end()) for m in pattern.finditer(folded[start:end])]
    marked = piece
    for a, b in reversed(spans):
        marked = f"{marked[:a]}{highlight[0]}{marked[a:b]}{highlight[1]}{marked[b:]}"
    return ("…" if start else "") + " ".join(marked.split()) + ("…" if end < len(text_) else "")
