"""Indexes for an actor's page, which must not read every row of a busy actor's events:
`event_actors.day_from` (the event's first day, copied) with the index `(code, side, day_from,
event_id)` answers its events by month, its latest events and its counterparts from the index alone,
and `actor_mentions (actor_id, article_id)` its article counts and latest articles.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("event_actors", sa.Column("day_from", sa.Text))
    op.execute("UPDATE event_actors SET day_from = "
               "(SELECT events.day_from FROM events WHERE events.id = event_actors.event_id)")
    op.drop_index("ix_event_actors_code_side", table_name="event_actors")
    op.create_index("ix_event_actors_code_side_day", "event_actors", ["code", "side", "day_from", "event_id"])
    op.drop_index("ix_actor_mentions_actor_id", table_name="actor_mentions")
    op.create_index("ix_actor_mentions_actor_article", "actor_mentions", ["actor_id", "article_id"])


def downgrade() -> None:
    op.drop_index("ix_actor_mentions_actor_article", table_name="actor_mentions")
    op.create_index("ix_actor_mentions_actor_id", "actor_mentions", ["actor_id"])
    op.drop_index("ix_event_actors_code_side_day", table_name="event_actors")
    op.create_index("ix_event_actors_code_side", "event_actors", ["code", "side"])
    with op.batch_alter_table("event_actors") as batch:
        batch.drop_column("day_from")
