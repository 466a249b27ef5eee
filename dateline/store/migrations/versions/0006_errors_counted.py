"""errors.count and errors.last_seen: the same failure again is counted on its row

Rows stored before this revision count once, last seen when they were stored.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("errors") as batch:
        batch.add_column(sa.Column("last_seen", sa.DateTime(timezone=True)))
        batch.add_column(sa.Column("count", sa.Integer, nullable=False, server_default="1"))
    op.execute("UPDATE errors SET last_seen = at")


def downgrade() -> None:
    with op.batch_alter_table("errors") as batch:
        batch.drop_column("count")
        batch.drop_column("last_seen")
