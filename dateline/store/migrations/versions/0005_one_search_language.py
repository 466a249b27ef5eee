"""one search language: both backends index the same words (articles.search_title, search_body)

SQLite's FTS5 (unicode61) and PostgreSQL's text parser split and fold words differently
(`AT&T`, hyphens, accents, numbers with dots), so the same query found different articles.
Title and body are now tokenised by dateline (store/query.py: search_columns) into two new
columns, and both indexes read those: FTS5 with the 'ascii' tokenizer (the words are separated
by spaces; nothing else separates them), the tsvector with the 'simple' configuration.
Existing rows are filled here, in Python.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BATCH = 500

SQLITE_FTS = [
    """CREATE VIRTUAL TABLE articles_fts USING fts5(
        search_title, search_body, content='articles', content_rowid='id', tokenize='ascii')""",
    """CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, search_title, search_body) VALUES (new.id, new.search_title, new.search_body);
    END""",
    """CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, search_title, search_body)
        VALUES ('delete', old.id, old.search_title, old.search_body);
    END""",
    """CREATE TRIGGER articles_fts_au AFTER UPDATE OF search_title, search_body ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, search_title, search_body)
        VALUES ('delete', old.id, old.search_title, old.search_body);
        INSERT INTO articles_fts(rowid, search_title, search_body) VALUES (new.id, new.search_title, new.search_body);
    END""",
    "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')",
]
PG_FTS = [
    """ALTER TABLE articles ADD COLUMN search_tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, coalesce(search_title, '')), 'A') ||
        setweight(to_tsvector('simple'::regconfig, coalesce(search_body, '')), 'B')
    ) STORED""",
    "CREATE INDEX ix_articles_search_tsv ON articles USING gin (search_tsv)",
]

# As revision 0001 made them (for downgrade).
OLD_SQLITE_FTS = [
    """CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, body, content='articles', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
    """CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
    END""",
    """CREATE TRIGGER articles_fts_au AFTER UPDATE OF title, body ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
        INSERT INTO articles_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
    "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')",
]
OLD_PG_FTS = [
    """ALTER TABLE articles ADD COLUMN search_tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, coalesce(title, '')), 'A') ||
        setweight(to_tsvector('simple'::regconfig, left(coalesce(body, ''), 200000)), 'B')
    ) STORED""",
    "CREATE INDEX ix_articles_search_tsv ON articles USING gin (search_tsv)",
]


def _drop_search(dialect: str) -> None:
    if dialect == "sqlite":
        for name in ("articles_fts_ai", "articles_fts_ad", "articles_fts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS articles_fts")
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_articles_search_tsv")
        op.execute("ALTER TABLE articles DROP COLUMN IF EXISTS search_tsv")


def upgrade() -> None:
    # The tokeniser is the package's: the same rule that writes new rows fills the old ones.
    from dateline.store.query import search_columns

    conn = op.get_bind()
    dialect = conn.dialect.name
    _drop_search(dialect)
    op.add_column("articles", sa.Column("search_title", sa.Text))
    op.add_column("articles", sa.Column("search_body", sa.Text))
    articles = sa.table("articles", sa.column("id", sa.Integer), sa.column("title", sa.Text),
                        sa.column("body", sa.Text), sa.column("search_title", sa.Text),
                        sa.column("search_body", sa.Text))
    last = 0
    while True:
        rows = conn.execute(sa.select(articles.c.id, articles.c.title, articles.c.body)
                            .where(articles.c.id > last).order_by(articles.c.id).limit(_BATCH)).all()
        if not rows:
            break
        last = rows[-1].id
        conn.execute(
            articles.update().where(articles.c.id == sa.bindparam("b_id"))
            .values(search_title=sa.bindparam("b_title"), search_body=sa.bindparam("b_body")),
            [{"b_id": row.id, **{"b_" + k.removeprefix("search_"): v
                                 for k, v in search_columns(row.title, row.body).items()}} for row in rows],
        )
    for statement in SQLITE_FTS if dialect == "sqlite" else PG_FTS if dialect == "postgresql" else []:
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    _drop_search(dialect)
    op.drop_column("articles", "search_body")
    op.drop_column("articles", "search_title")
    for statement in OLD_SQLITE_FTS if dialect == "sqlite" else OLD_PG_FTS if dialect == "postgresql" else []:
        op.execute(statement)
