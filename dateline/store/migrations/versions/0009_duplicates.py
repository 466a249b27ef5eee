"""Near-duplicates: `dedup_articles` (each article's MinHash fingerprint and duplicate group),
`dedup_bands` (its LSH bucket keys, what a new article's candidates are found by) and
`duplicate_groups` (each group's original, size and wire copies).

Existing articles get no rows here: `dateline reprocess --stage stories` fingerprints them and
rebuilds the groups.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Timestamp = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "dedup_articles",
        sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", name="fk_dedup_articles_article_id_articles",
                                                          ondelete="CASCADE"), nullable=False),
        sa.Column("signature", sa.LargeBinary, nullable=False),
        sa.Column("lead", sa.LargeBinary, nullable=False),
        sa.Column("shingles", sa.Integer, nullable=False),
        sa.Column("wire", sa.Text),
        sa.Column("group_id", sa.Integer),
        sa.Column("similarity", sa.Float),
        sa.PrimaryKeyConstraint("article_id", name="pk_dedup_articles"),
    )
    op.create_index("ix_dedup_articles_group_id", "dedup_articles", ["group_id"])
    op.create_table(
        "dedup_bands",
        sa.Column("band_key", sa.BigInteger, nullable=False, autoincrement=False),
        sa.Column("article_id", sa.Integer, nullable=False, autoincrement=False),
        sa.PrimaryKeyConstraint("band_key", "article_id", name="pk_dedup_bands"),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "duplicate_groups",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=False),
        sa.Column("original_id", sa.Integer, nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("wire_count", sa.Integer, nullable=False),
        sa.Column("updated_at", Timestamp, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_duplicate_groups"),
    )


def downgrade() -> None:
    for table in ("duplicate_groups", "dedup_bands", "dedup_articles"):
        op.drop_table(table)
