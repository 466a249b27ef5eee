"""PostgreSQL: indexes in the order of the latest-first lists (`published_at DESC NULLS LAST, id
DESC`, and per site). PostgreSQL puts NULLs first in a descending scan of a plain index, so a
"latest first, undated last" list sorted every article instead of reading an index from its end.
SQLite puts NULLs last when it scans descending (its plain indexes serve these lists already) and
has no NULLS LAST in an index: nothing changes there. The indexes are the migration's alone
(schema.POSTGRESQL_ONLY_INDEXES).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE INDEX ix_articles_latest ON articles (published_at DESC NULLS LAST, id DESC)")
    op.execute("CREATE INDEX ix_articles_site_latest ON articles (site, published_at DESC NULLS LAST, id DESC)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX ix_articles_site_latest")
    op.execute("DROP INDEX ix_articles_latest")
