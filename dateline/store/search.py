"""Full-text search over articles (title and body), ranked, with highlighted snippets.

- SQLite: the FTS5 table `articles_fts` (external content = articles, synced by triggers),
  ranked by bm25 with the title weighted 10:1 over the body, `snippet()` for the fragment.
- PostgreSQL: the generated `articles.search_tsv` ('simple' config, title weight A, body B)
  with its GIN index, ranked by ts_rank_cd, `ts_headline` computed for the returned rows only.
Both accept the same query language: words (all must match), "quoted phrases", OR, and
-word to exclude; SQLite also takes word* as a prefix.

Chinese, Japanese, Korean and Thai are written without spaces, so both tokenizers see a
whole clause as one word. A query in those scripts is answered by a substring scan instead
(every term must occur; ranked by occurrences, a title's counting tenfold): exact, but it
reads every article that passes the filters, so it is slower on a large store.
"""

from __future__ import annotations

import re
import string
from typing import Any

from sqlalchemy import ColumnElement, Connection, func, literal_column, or_, select, table, text
from sqlalchemy.sql import column

from ..writing_systems import UNSPACED
from .filters import filter_clauses
from .records import ArticleFilter, SearchHit
from .schema import articles

# Default markers around matched words in snippets (the CLI swaps them for terminal bold).
HIGHLIGHT_START = "<mark>"
HIGHLIGHT_END = "</mark>"

_TOKEN = re.compile(r'-?"[^"]*"?|\S+')


def fts5_query(query: str) -> str:
    """The user's query as an FTS5 expression: every term quoted, so punctuation never breaks the syntax."""
    out: list[str] = []
    for token in _TOKEN.findall(query):
        if token in ("OR", "AND", "NOT"):
            if out and out[-1] not in ("OR", "AND", "NOT"):
                out.append(token)
            continue
        negate = token.startswith("-") and len(token) > 1
        if negate:
            token = token[1:]
        prefix = token.endswith("*") and not token.startswith('"')
        word = token.strip('"*').replace('"', "")
        if not word.strip() or not any(ch.isalnum() for ch in word):
            continue
        term = f'"{word}"' + ("*" if prefix else "")
        if negate:
            if not out:
                continue  # FTS5 NOT is binary: a leading exclusion has nothing to exclude from
            if out[-1] in ("OR", "AND", "NOT"):
                out.pop()
            out.extend(["NOT", term])
        else:
            out.append(term)
    while out and out[-1] in ("OR", "AND", "NOT"):
        out.pop()
    return " ".join(out)


# Case is folded for ASCII only, in Python and in SQL alike (SQLite's lower() folds nothing else,
# PostgreSQL's depends on the collation), so that both backends find the same rows.
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def substring_terms(query: str) -> tuple[list[str], list[str]]:
    """(terms that must occur, terms that must not), quoted phrases kept whole; OR is not supported
    here, so its parts all count as required."""
    required: list[str] = []
    excluded: list[str] = []
    for token in _TOKEN.findall(query):
        if token in ("OR", "AND", "NOT"):
            continue
        negate = token.startswith("-") and len(token) > 1
        term = " ".join(token.lstrip("-").strip('"*').split()).translate(_ASCII_LOWER)
        if any(ch.isalnum() for ch in term):
            (excluded if negate else required).append(term)
    return required, excluded


def search(
    conn: Connection,
    query: str,
    where: ArticleFilter | None = None,
    limit: int = 20,
    highlight: tuple[str, str] = (HIGHLIGHT_START, HIGHLIGHT_END),
) -> list[SearchHit]:
    filters = filter_clauses(where)
    if UNSPACED.search(query):
        return _search_substrings(conn, query, filters, limit, highlight)
    if conn.dialect.name == "postgresql":
        return _search_pg(conn, query, filters, limit, highlight)
    return _search_sqlite(conn, query, filters, limit, highlight)


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
        snippet=" ".join((row.snippet or "").split()),
        score=score,
    )


def _search_sqlite(
    conn: Connection, query: str, filters: list[ColumnElement[bool]], limit: int, highlight: tuple[str, str]
) -> list[SearchHit]:
    expr = fts5_query(query)
    if not expr:
        return []
    fts = table("articles_fts", column("rowid"))
    fts_ref: ColumnElement[Any] = literal_column("articles_fts")
    rank = func.bm25(fts_ref, 10.0, 1.0)
    stmt = (
        select(
            *_HIT_COLUMNS,
            func.snippet(fts_ref, 1, highlight[0], highlight[1], "…", 32).label("snippet"),
            func.highlight(fts_ref, 0, highlight[0], highlight[1]).label("title_snippet"),
            rank.label("rank"),
        )
        .select_from(fts.join(articles, articles.c.id == fts.c.rowid))
        .where(text("articles_fts MATCH :fts_query").bindparams(fts_query=expr), *filters)
        .order_by(rank, articles.c.id.desc())
        .limit(limit)
    )
    return _hits(conn.execute(stmt), highlight[0], sign=-1.0)


def _search_pg(
    conn: Connection, query: str, filters: list[ColumnElement[bool]], limit: int, highlight: tuple[str, str]
) -> list[SearchHit]:
    if not query.strip():
        return []
    tsquery = func.websearch_to_tsquery(literal_column("'simple'::regconfig"), query)
    tsv: ColumnElement[Any] = literal_column("articles.search_tsv")
    rank = func.ts_rank_cd(tsv, tsquery).label("rank")
    top = (
        select(articles.c.id, rank)
        .where(tsv.op("@@")(tsquery), *filters)
        .order_by(rank.desc(), articles.c.id.desc())
        .limit(limit)
        .subquery()
    )
    start = highlight[0]
    quoted_start, quoted_stop = (m.replace('"', '""') for m in highlight)
    options = f'StartSel="{quoted_start}", StopSel="{quoted_stop}", MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "'
    simple: ColumnElement[Any] = literal_column("'simple'::regconfig")
    headline = func.ts_headline(simple, func.coalesce(articles.c.body, ""), tsquery, options)
    title_headline = func.ts_headline(simple, func.coalesce(articles.c.title, ""), tsquery, options)
    stmt = (
        select(
            *_HIT_COLUMNS,
            headline.label("snippet"),
            title_headline.label("title_snippet"),
            top.c.rank,
        )
        .join(top, top.c.id == articles.c.id)
        .order_by(top.c.rank.desc(), articles.c.id.desc())
    )
    return _hits(conn.execute(stmt), start, sign=1.0)


def _hits(rows: Any, start: str, sign: float) -> list[SearchHit]:
    """Hits with the body's best fragment, or the highlighted title when only the title matched."""
    hits = []
    for row in rows:
        hit = _hit(row, sign * float(row.rank))
        if start not in hit.snippet and start in (row.title_snippet or ""):
            hit.snippet = row.title_snippet
        hits.append(hit)
    return hits


def _search_substrings(
    conn: Connection, query: str, filters: list[ColumnElement[bool]], limit: int, highlight: tuple[str, str]
) -> list[SearchHit]:
    required, excluded = substring_terms(query)
    if not required:
        return []
    title: ColumnElement[Any] = func.coalesce(articles.c.title, "")
    body: ColumnElement[Any] = func.coalesce(articles.c.body, "")
    if any(ch in string.ascii_letters for term in required + excluded for ch in term):
        if conn.dialect.name == "sqlite":
            title, body = func.lower(title), func.lower(body)
        else:
            title, body = (func.translate(col, string.ascii_uppercase, string.ascii_lowercase) for col in (title, body))

    def contains(haystack: Any, term: str) -> ColumnElement[bool]:
        return func.instr(haystack, term) > 0 if conn.dialect.name == "sqlite" else func.strpos(haystack, term) > 0

    def occurrences(haystack: Any, term: str) -> Any:
        return (func.length(haystack) - func.length(func.replace(haystack, term, ""))) / len(term)

    score = sum(10 * occurrences(title, t) + occurrences(body, t) for t in required)
    stmt = (
        select(
            *_HIT_COLUMNS,
            articles.c.body,
            literal_column("''").label("snippet"),  # made below, in Python
            score.label("rank"),
        )
        .where(
            *filters,
            *(or_(contains(title, t), contains(body, t)) for t in required),
            *(~or_(contains(title, t), contains(body, t)) for t in excluded),
        )
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
