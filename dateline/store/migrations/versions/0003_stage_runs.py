"""stage_runs: the version and body hash behind each later stage's rows; a body hash for every body; errors.code

Before this revision `articles.body_hash` was NULL for bodies under 200 characters (the hash
served identity only). Later stages record the hash of the body they read, so every article
gets one here.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "stage_runs",
        sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE",
                                                          name="fk_stage_runs_article_id_articles"), nullable=False),
        sa.Column("stage", sa.Text, nullable=False),
        sa.Column("version", sa.Text, nullable=False),
        sa.Column("body_hash", sa.Text, nullable=False),
        sa.Column("derived_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("article_id", "stage", name="pk_stage_runs"),
    )
    op.create_index("ix_stage_runs_stage_version", "stage_runs", ["stage", "version"])
    with op.batch_alter_table("errors") as batch:
        batch.add_column(sa.Column("code", sa.Text))
    # The same hash as store.encode.body_hash (kept here as it was: a migration never changes).
    conn = op.get_bind()
    articles = sa.table("articles", sa.column("id", sa.Integer), sa.column("body", sa.Text),
                        sa.column("body_hash", sa.Text))
    rows = conn.execute(sa.select(articles.c.id, articles.c.body).where(articles.c.body_hash.is_(None))).all()
    updates = [
        {"b_id": row.id, "b_hash": hashlib.sha256(" ".join((row.body or "").split()).encode("utf-8")).hexdigest()}
        for row in rows
    ]
    if updates:
        conn.execute(
            articles.update().where(articles.c.id == sa.bindparam("b_id")).values(body_hash=sa.bindparam("b_hash")),
            updates,
        )


def downgrade() -> None:
    with op.batch_alter_table("errors") as batch:
        batch.drop_column("code")
    op.drop_index("ix_stage_runs_stage_version", table_name="stage_runs")
    op.drop_table("stage_runs")
