"""The database schema as SQLAlchemy 2 Core tables: the same tables on SQLite and PostgreSQL.

Migrations (store/migrations/versions/) create and change these tables; this module is what the
code queries against, and tests check that the two agree. Backend-specific search structures
live outside the tables below, made by the migrations (see search.py):
- SQLite: the FTS5 external-content table `articles_fts` (search_title, search_body) kept in sync
  by triggers;
- PostgreSQL: the generated column `articles.search_tsv` (tsvector, 'simple' config, over
  search_title and search_body) with a GIN index.

Later stages add their tables by their own migrations and write them through a stage writer
(stage_writers.py), in the transaction that stores the article. Every such row points at
`articles.id` (ON DELETE CASCADE) with character offsets into `articles.body`, so it is only
right for the body it was computed on: `stage_runs` records, per article and stage, the stage
version and the body hash it read. When an article's body changes, the runs (and rows) of the
stages that read the old body are dropped, and `reprocess --stage NAME --outdated-only` finds
the articles whose run is missing, of another version, or of another body.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB

# Stable constraint names so that migrations can refer to them on both backends.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

JSONType = JSON().with_variant(JSONB(), "postgresql")
# Timestamps are stored in UTC (SQLite keeps them as naive UTC text; PostgreSQL as timestamptz).
Timestamp = DateTime(timezone=True)

# Raw page bytes, once per distinct content (the same bytes at several URLs are stored once).
contents = Table(
    "contents",
    metadata,
    Column("content_hash", Text, primary_key=True),  # sha256 hex of the raw bytes (Page.content_hash)
    Column("data", LargeBinary, nullable=False),  # zstandard-compressed
    Column("compression", Text, nullable=False, server_default="zstd"),
    Column("size", Integer, nullable=False),  # uncompressed size in bytes
    Column("is_text", Boolean, nullable=False, server_default="0"),  # the source delivered str, not bytes
)

# One derived article: the same content at several URLs is one row (see article_urls).
articles = Table(
    "articles",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    # sha256 of the whitespace-normalised body, for every body (identity uses it only for long ones;
    # later stages record it with their rows, see stage_runs).
    Column("body_hash", Text, index=True),
    Column("content_hash", Text, index=True),  # raw content of the page it was first derived from
    Column("url", Text, index=True),  # normalised
    Column("canonical_url", Text),  # normalised
    Column("site", Text, index=True),  # host without "www."
    Column("title", Text),
    Column("subtitle", Text),
    Column("authors", JSONType),
    Column("agency", Text),
    Column("published", Text),  # as extracted (ISO 8601, maybe date only)
    Column("published_at", Timestamp, index=True),  # the same in UTC, for range filters
    Column("published_day", Text, index=True),  # YYYY-MM-DD as printed (local day), for stats and day filters
    Column("modified", Text),
    Column("language", Text, index=True),
    Column("section", Text),
    Column("tags", JSONType),
    Column("site_name", Text),
    Column("dateline_place", Text),
    Column("lede", Text),
    Column("body", Text, nullable=False, server_default=""),
    Column("word_count", Integer),
    Column("source_id", Text),  # a corpus row's own id, where the article came from one
    # Title and body as search sees them (store/query.py: search_columns), what both backends index.
    Column("search_title", Text),
    Column("search_body", Text),
    # The whole Article as JSON (Article.to_dict(), text kept once: see store._compact_text); plain
    # JSON rather than JSONB on PostgreSQL: it is read whole, never queried, and JSONB costs on write.
    Column("data", JSON, nullable=False),
    Column("dateline_version", Text, nullable=False),  # the version that derived it
    Column("created_at", Timestamp, nullable=False),
    Column("updated_at", Timestamp, nullable=False),
)

# Every normalised URL an article was seen at (page URL, URLs redirected through, canonical URL).
# One URL belongs to one article.
article_urls = Table(
    "article_urls",
    metadata,
    Column("url", Text, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("kind", Text, nullable=False),  # url | redirect | canonical
    Column("first_seen", Timestamp, nullable=False),
)

# One stored version of one page: provenance plus a link to its content and its derived article.
pages = Table(
    "pages",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    # Normalised final URL; a page without URL (a file, stdin) is keyed "source:<source>".
    Column("url_key", Text, nullable=False),
    Column("requested_key", Text, nullable=False, index=True),  # normalised first URL before redirects
    Column("url", Text),  # final URL as delivered
    Column("requested_url", Text),
    Column("redirects", JSONType),
    Column("source", Text),
    Column("fetched_at", Timestamp),
    Column("status", Integer),
    Column("headers", JSONType),  # the headers that matter (see model.KEPT_HEADERS)
    Column("etag", Text),
    Column("last_modified", Text),
    Column("content_hash", Text, ForeignKey("contents.content_hash"), nullable=False, index=True),
    Column("given", JSONType),  # fields a corpus row already carried (Page.given)
    # What extraction made of this version (zstd-compressed JSON of the Article): the article's
    # fields are chosen from all its versions (versions.py).
    Column("derived", LargeBinary),
    Column("kind", Text, nullable=False),  # article | non_article | error
    Column("reason", Text),  # why not an article, or the error
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="SET NULL"), index=True),
    Column("dateline_version", Text, nullable=False),  # the version that stored the page
    Column("derived_version", Text, nullable=False),  # the version that derived kind/article (reprocess)
    Column("stored_at", Timestamp, nullable=False),
    UniqueConstraint("url_key", "content_hash"),
)

# Every failure, with its reason; no failure stops a run. The same failure again (a URL that
# still fails on the next run) is the same row, counted, with the time it was last seen.
errors = Table(
    "errors",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", Timestamp, nullable=False, index=True),  # first seen
    Column("last_seen", Timestamp),
    Column("count", Integer, nullable=False, server_default="1"),
    Column("source", Text),
    Column("url", Text),
    Column("stage", Text),  # read | fetch | robots | decode | extract | store ...
    Column("code", Text),  # a stable code for the kind of failure (model.Failure.code), where known
    Column("reason", Text, nullable=False),
    Column("dateline_version", Text, nullable=False),
    Column("page_id", Integer, ForeignKey("pages.id", ondelete="SET NULL"), index=True),
)

Index("ix_errors_reason", errors.c.reason)


# Which version of which stage derived an article's rows, from which body (see the docstring).
# Extraction itself is recorded on the page (pages.derived_version).
stage_runs = Table(
    "stage_runs",
    metadata,
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("stage", Text, primary_key=True),
    Column("version", Text, nullable=False),
    Column("body_hash", Text, nullable=False),
    Column("derived_at", Timestamp, nullable=False),
)
Index("ix_stage_runs_stage_version", stage_runs.c.stage, stage_runs.c.version)
