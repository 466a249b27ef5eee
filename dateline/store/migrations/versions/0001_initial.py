"""initial store: contents, articles, article_urls, pages, errors, full-text search

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Written out here rather than imported from schema.py: a migration is frozen history.
JSONType = sa.JSON().with_variant(JSONB(), "postgresql")
Timestamp = sa.DateTime(timezone=True)

# SQLite: FTS5 external-content index over articles(title, body), kept in sync by triggers.
SQLITE_FTS = [
    """CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, body, content='articles', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
    """CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
    END""",
    # Only when the indexed text changes: metadata updates leave the index alone.
    """CREATE TRIGGER articles_fts_au AFTER UPDATE OF title, body ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
        INSERT INTO articles_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
]

# PostgreSQL: a generated tsvector ('simple' config: no stemming, so every language works),
# title weighted above body; the body is capped so that tsvector stays under its 1 MB limit.
PG_FTS = [
    """ALTER TABLE articles ADD COLUMN search_tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, coalesce(title, '')), 'A') ||
        setweight(to_tsvector('simple'::regconfig, left(coalesce(body, ''), 200000)), 'B')
    ) STORED""",
    "CREATE INDEX ix_articles_search_tsv ON articles USING gin (search_tsv)",
    # Raw pages are zstd-compressed already: TOAST should not try (and fail) to compress them again.
    "ALTER TABLE contents ALTER COLUMN data SET STORAGE EXTERNAL",
    # lz4 TOAST compression (PostgreSQL 14+ built with lz4) writes long text ~3x faster than pglz.
    """DO $$ BEGIN
        ALTER TABLE articles ALTER COLUMN body SET COMPRESSION lz4;
        ALTER TABLE articles ALTER COLUMN data SET COMPRESSION lz4;
    EXCEPTION WHEN others THEN NULL;
    END $$""",
]


def upgrade() -> None:
    op.create_table(
        "contents",
        sa.Column("content_hash", sa.Text, nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.Column("compression", sa.Text, nullable=False, server_default="zstd"),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("is_text", sa.Boolean, nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("content_hash", name="pk_contents"),
    )
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("body_hash", sa.Text),
        sa.Column("content_hash", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("canonical_url", sa.Text),
        sa.Column("site", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("subtitle", sa.Text),
        sa.Column("authors", JSONType),
        sa.Column("agency", sa.Text),
        sa.Column("published", sa.Text),
        sa.Column("published_at", Timestamp),
        sa.Column("published_day", sa.Text),
        sa.Column("modified", sa.Text),
        sa.Column("language", sa.Text),
        sa.Column("section", sa.Text),
        sa.Column("tags", JSONType),
        sa.Column("site_name", sa.Text),
        sa.Column("dateline_place", sa.Text),
        sa.Column("lede", sa.Text),
        sa.Column("body", sa.Text, nullable=False, server_default=""),
        sa.Column("word_count", sa.Integer),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("dateline_version", sa.Text, nullable=False),
        sa.Column("created_at", Timestamp, nullable=False),
        sa.Column("updated_at", Timestamp, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_articles"),
    )
    for col in ("body_hash", "content_hash", "url", "site", "published_at", "published_day", "language"):
        op.create_index(f"ix_articles_{col}", "articles", [col])
    op.create_table(
        "article_urls",
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("article_id", sa.Integer, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("first_seen", Timestamp, nullable=False),
        sa.PrimaryKeyConstraint("url", name="pk_article_urls"),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name="fk_article_urls_article_id_articles", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_article_urls_article_id", "article_urls", ["article_id"])
    op.create_table(
        "pages",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("url_key", sa.Text, nullable=False),
        sa.Column("requested_key", sa.Text, nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("requested_url", sa.Text),
        sa.Column("redirects", JSONType),
        sa.Column("source", sa.Text),
        sa.Column("fetched_at", Timestamp),
        sa.Column("status", sa.Integer),
        sa.Column("headers", JSONType),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("content_hash", sa.Text, nullable=False),
        sa.Column("given", JSONType),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("article_id", sa.Integer),
        sa.Column("dateline_version", sa.Text, nullable=False),
        sa.Column("derived_version", sa.Text, nullable=False),
        sa.Column("stored_at", Timestamp, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_pages"),
        sa.UniqueConstraint("url_key", "content_hash", name="uq_pages_url_key_content_hash"),
        sa.ForeignKeyConstraint(
            ["content_hash"], ["contents.content_hash"], name="fk_pages_content_hash_contents"
        ),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name="fk_pages_article_id_articles", ondelete="SET NULL"
        ),
    )
    for col in ("requested_key", "content_hash", "article_id"):
        op.create_index(f"ix_pages_{col}", "pages", [col])
    op.create_table(
        "errors",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("at", Timestamp, nullable=False),
        sa.Column("source", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("stage", sa.Text),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("dateline_version", sa.Text, nullable=False),
        sa.Column("page_id", sa.Integer),
        sa.PrimaryKeyConstraint("id", name="pk_errors"),
        sa.ForeignKeyConstraint(["page_id"], ["pages.id"], name="fk_errors_page_id_pages", ondelete="SET NULL"),
    )
    for col in ("at", "reason", "page_id"):
        op.create_index(f"ix_errors_{col}", "errors", [col])

    dialect = op.get_bind().dialect.name
    for statement in SQLITE_FTS if dialect == "sqlite" else PG_FTS if dialect == "postgresql" else []:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("articles_fts_ai", "articles_fts_ad", "articles_fts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS articles_fts")
    for table in ("errors", "pages", "article_urls", "articles", "contents"):
        op.drop_table(table)
