"""Stories: `stories` (each story as a reader sees it), `story_articles` (which story each article
is in, with the marks clustering read of it) and `story_merges` (where a merged story's id leads) and `story_state` (the online clusterer's state).

Existing articles get no rows here: `dateline reprocess --stage stories` clusters them.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Timestamp = sa.DateTime(timezone=True)
JSONType = sa.JSON().with_variant(sa.dialects.postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "stories",
        sa.Column("id", sa.Text, nullable=False),
        sa.Column("title", sa.Text, nullable=False, server_default=""),
        sa.Column("summary", sa.Text, nullable=False, server_default=""),
        sa.Column("first_published", Timestamp),
        sa.Column("last_published", Timestamp),
        sa.Column("article_count", sa.Integer, nullable=False),
        sa.Column("unique_count", sa.Integer, nullable=False),
        sa.Column("outlets", JSONType, nullable=False),
        sa.Column("actors", JSONType, nullable=False),
        sa.Column("places", JSONType, nullable=False),
        sa.Column("search_text", sa.Text, nullable=False, server_default=""),
        sa.Column("updated_at", Timestamp, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_stories"),
    )
    op.create_index("ix_stories_first_published", "stories", ["first_published"])
    op.create_index("ix_stories_last_published", "stories", ["last_published"])
    op.create_table(
        "story_articles",
        sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", name="fk_story_articles_article_id_articles",
                                                          ondelete="CASCADE"), nullable=False),
        sa.Column("story_id", sa.Text, nullable=False),
        sa.Column("similarity", sa.Float, nullable=False),
        sa.Column("assigned_at", Timestamp, nullable=False),
        sa.Column("actors", JSONType, nullable=False),
        sa.Column("places", JSONType, nullable=False),
        sa.Column("event_keys", JSONType, nullable=False),
        sa.PrimaryKeyConstraint("article_id", name="pk_story_articles"),
    )
    op.create_index("ix_story_articles_story_id", "story_articles", ["story_id"])
    op.create_index("ix_story_articles_assigned_at", "story_articles", ["assigned_at"])
    op.create_table(
        "story_merges",
        sa.Column("old_id", sa.Text, nullable=False),
        sa.Column("story_id", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("old_id", name="pk_story_merges"),
    )
    op.create_index("ix_story_merges_story_id", "story_merges", ["story_id"])
    op.create_table(
        "story_state",
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("generation", sa.Integer, nullable=False),
        sa.Column("state", sa.LargeBinary, nullable=False),
        sa.Column("updated_at", Timestamp, nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_story_state"),
    )


def downgrade() -> None:
    for table in ("story_state", "story_merges", "story_articles", "stories"):
        op.drop_table(table)
