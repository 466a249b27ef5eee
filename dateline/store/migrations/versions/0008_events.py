"""Events: `events` (a happening across articles), `event_actors` (the codes it is found by) and
`event_mentions` (the sentences of each article that report it), and a trigger that keeps an event's
counts and flags in step when its mentions are deleted and deletes an event left without any.

Existing articles get no rows here: `dateline reprocess --stage events --outdated-only` codes them.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSONType = sa.JSON().with_variant(sa.dialects.postgresql.JSONB(), "postgresql")
Timestamp = sa.DateTime(timezone=True)


def _flag(name: str) -> sa.Column:
    return sa.Column(name, sa.Boolean, nullable=False, server_default="0")


FLAGS = ("future", "hypothetical", "negated", "historical")

# What an event is made of, from its remaining mentions (`:id` is the event's id). Each flag holds
# only when every mention says so.
_REFRESH = """UPDATE events SET
    mention_count = (SELECT count(*) FROM event_mentions m WHERE m.event_id = {id}),
    article_count = (SELECT count(DISTINCT m.article_id) FROM event_mentions m WHERE m.event_id = {id}),
    {flags},
    first_seen = coalesce((SELECT min(m.seen) FROM event_mentions m WHERE m.event_id = {id}), first_seen),
    last_seen = coalesce((SELECT max(m.seen) FROM event_mentions m WHERE m.event_id = {id}), last_seen),
    confidence = coalesce((SELECT max(m.confidence) FROM event_mentions m WHERE m.event_id = {id}), 0)
  WHERE id = {id};
  DELETE FROM events WHERE id = {id} AND NOT EXISTS (SELECT 1 FROM event_mentions m WHERE m.event_id = {id});"""


def _refresh(id_expr: str) -> str:
    flags = ",\n    ".join(
        f"{f} = NOT EXISTS (SELECT 1 FROM event_mentions m WHERE m.event_id = {id_expr} AND NOT m.{f})" for f in FLAGS)
    return _REFRESH.format(id=id_expr, flags=flags)


SQLITE_TRIGGER = f"""CREATE TRIGGER event_mentions_ad AFTER DELETE ON event_mentions BEGIN
  {_refresh("OLD.event_id")}
END"""

PG_FUNCTION = f"""CREATE FUNCTION event_mentions_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  {_refresh("OLD.event_id")}
  RETURN NULL;
END $$"""
PG_TRIGGER = """CREATE TRIGGER event_mentions_ad AFTER DELETE ON event_mentions
  FOR EACH ROW EXECUTE FUNCTION event_mentions_deleted()"""


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("id", sa.Text, nullable=False),
        sa.Column("type", sa.Text, nullable=False),
        sa.Column("mode", sa.Text),
        sa.Column("contexts", JSONType),
        sa.Column("actors", JSONType),
        sa.Column("recipients", JSONType),
        sa.Column("actor_codes", sa.Text),
        sa.Column("recipient_codes", sa.Text),
        _flag("reciprocal"),
        sa.Column("cameo", sa.Text),
        sa.Column("quad_class", sa.Integer),
        sa.Column("goldstein", sa.Float),
        sa.Column("intensity", sa.Float),
        sa.Column("date", sa.Text),
        sa.Column("date_granularity", sa.Text, nullable=False, server_default=""),
        sa.Column("date_source", sa.Text, nullable=False, server_default="none"),
        sa.Column("day_from", sa.Text),
        sa.Column("day_to", sa.Text),
        sa.Column("place", JSONType),
        sa.Column("place_geonameid", sa.Integer),
        sa.Column("place_country", sa.Text),
        sa.Column("place_source", sa.Text, nullable=False, server_default="none"),
        *(_flag(f) for f in FLAGS),
        sa.Column("first_seen", Timestamp, nullable=False),
        sa.Column("last_seen", Timestamp, nullable=False),
        sa.Column("mention_count", sa.Integer, nullable=False, server_default="0"),
        sa.Column("article_count", sa.Integer, nullable=False, server_default="0"),
        sa.Column("confidence", sa.Float, nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("id", name="pk_events"),
    )
    for column in ("cameo", "place_geonameid", "place_country", "last_seen", "day_from"):
        op.create_index(f"ix_events_{column}", "events", [column])
    op.create_index("ix_events_type_day_from", "events", ["type", "day_from"])
    op.create_table(
        "event_actors",
        sa.Column("event_id", sa.Text, sa.ForeignKey("events.id", name="fk_event_actors_event_id_events",
                                                     ondelete="CASCADE"), nullable=False),
        sa.Column("side", sa.Text, nullable=False),
        sa.Column("code", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("event_id", "side", "code", name="pk_event_actors"),
    )
    op.create_index("ix_event_actors_code_side", "event_actors", ["code", "side"])
    op.create_table(
        "event_mentions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", name="fk_event_mentions_article_id_articles",
                                                          ondelete="CASCADE"), nullable=False),
        sa.Column("event_id", sa.Text, sa.ForeignKey("events.id", name="fk_event_mentions_event_id_events"),
                  nullable=False),
        sa.Column("article_event", sa.Integer, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("sentence_start", sa.Integer, nullable=False),
        sa.Column("sentence_end", sa.Integer, nullable=False),
        sa.Column("sentence_text", sa.Text, nullable=False),
        sa.Column("sentence_index", sa.Integer, nullable=False),
        sa.Column("trigger_start", sa.Integer, nullable=False),
        sa.Column("trigger_end", sa.Integer, nullable=False),
        sa.Column("trigger_text", sa.Text, nullable=False),
        sa.Column("rule", sa.Text, nullable=False),
        sa.Column("quote_speaker", sa.Text),
        sa.Column("confidence", sa.Float, nullable=False),
        *(_flag(f) for f in FLAGS),
        sa.Column("date", sa.Text),
        sa.Column("date_granularity", sa.Text, nullable=False, server_default=""),
        sa.Column("seen", Timestamp, nullable=False),
        sa.Column("coded", JSONType, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_event_mentions"),
    )
    op.create_index("ix_event_mentions_article_id", "event_mentions", ["article_id"])
    op.create_index("ix_event_mentions_event_id", "event_mentions", ["event_id"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_FUNCTION)
        op.execute(PG_TRIGGER)
    else:
        op.execute(SQLITE_TRIGGER)


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS event_mentions_ad" +
               (" ON event_mentions" if op.get_bind().dialect.name == "postgresql" else ""))
    for table in ("event_mentions", "event_actors", "events"):
        op.drop_table(table)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS event_mentions_deleted()")
