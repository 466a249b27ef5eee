"""contents.data is kept as dateline compressed it: PostgreSQL does not compress it again

The raw pages are zstd-compressed before they are written; PostgreSQL's default storage for
a large bytea (EXTENDED) would try pglz on them once more, spending server time on every
insert for nothing. EXTERNAL keeps them out of line, uncompressed by the server. SQLite has
no such setting.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE contents ALTER COLUMN data SET STORAGE EXTERNAL")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE contents ALTER COLUMN data SET STORAGE EXTENDED")
