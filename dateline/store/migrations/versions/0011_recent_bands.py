"""Near-duplicates: `dedup_bands_recent`, the band rows of recent batches in levels, which move into
`dedup_bands` in key order (store/dedup_index.py), so that a batch no longer writes most pages of
the large table.

Existing band rows stay in `dedup_bands`, where look-ups still find them. A downgrade moves the
recent rows back into it first.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "dedup_bands_recent",
        sa.Column("level", sa.SmallInteger, nullable=False, autoincrement=False),
        sa.Column("band_key", sa.BigInteger, nullable=False, autoincrement=False),
        sa.Column("article_id", sa.Integer, nullable=False, autoincrement=False),
        sa.PrimaryKeyConstraint("level", "band_key", "article_id", name="pk_dedup_bands_recent"),
        sqlite_with_rowid=False,
    )


def downgrade() -> None:
    conflict = " ON CONFLICT DO NOTHING" if op.get_bind().dialect.name == "postgresql" else ""
    verb = "INSERT" if conflict else "INSERT OR IGNORE"
    op.execute(f"{verb} INTO dedup_bands (band_key, article_id) SELECT band_key, article_id "
               f"FROM dedup_bands_recent ORDER BY band_key, article_id{conflict}")
    op.drop_table("dedup_bands_recent")
