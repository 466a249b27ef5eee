"""pages.derived: each version's own extraction, so that an article's fields are chosen from all
its versions; articles.source_id: a corpus row's own id

Pages stored before this revision have no `derived` until `dateline reprocess` re-derives
them; until then their article's stored fields count as one version.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("pages") as batch:
        batch.add_column(sa.Column("derived", sa.LargeBinary))
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("source_id", sa.Text))
    if op.get_bind().dialect.name == "postgresql":
        # Already zstd-compressed by dateline: no second pglz pass (as contents.data, 0002).
        op.execute("ALTER TABLE pages ALTER COLUMN derived SET STORAGE EXTERNAL")


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("source_id")
    with op.batch_alter_table("pages") as batch:
        batch.drop_column("derived")
