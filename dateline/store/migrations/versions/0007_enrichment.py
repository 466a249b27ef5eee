"""Enrichment: entities, actor mentions, place mentions, time expressions and quotes of each
article, and the actor knowledge base (actors, their aliases and roles as articles attest them)

Existing articles get no rows here: `dateline reprocess --stage enrich --outdated-only` enriches
them (their `stage_runs` have no "enrich" run, so they count as outdated).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSONType = sa.JSON().with_variant(sa.dialects.postgresql.JSONB(), "postgresql")
Timestamp = sa.DateTime(timezone=True)

SPAN_TABLES: dict[str, list[sa.Column]] = {
    "entities": [sa.Column("label", sa.Text, nullable=False)],
    "actor_mentions": [
        sa.Column("actor_id", sa.Text),
        sa.Column("signal", sa.Text, nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("sentence", sa.Integer, nullable=False),
        sa.Column("name", sa.Text),
        sa.Column("kind", sa.Text),
        sa.Column("country", sa.Text),
        sa.Column("sector", sa.Text),
        sa.Column("role", sa.Text),
        sa.Column("former", sa.Boolean, nullable=False, server_default="0"),
    ],
    "place_mentions": [
        sa.Column("geonameid", sa.Integer),
        sa.Column("name", sa.Text),
        sa.Column("kind", sa.Text),
        sa.Column("country", sa.Text),
        sa.Column("country_code", sa.Text),
        sa.Column("admin1", sa.Text),
        sa.Column("admin1_code", sa.Text),
        sa.Column("lat", sa.Float),
        sa.Column("lon", sa.Float),
        sa.Column("population", sa.Integer),
        sa.Column("signal", sa.Text, nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("detected_by", sa.Text, nullable=False),
        sa.Column("focus", sa.Boolean, nullable=False, server_default="0"),
    ],
    "time_expressions": [
        sa.Column("type", sa.Text, nullable=False),
        sa.Column("value", sa.Text),
        sa.Column("granularity", sa.Text, nullable=False),
        sa.Column("anchor", sa.Text, nullable=False),
        sa.Column("rule", sa.Text, nullable=False),
        sa.Column("mod", sa.Text),
    ],
    "quotes": [
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("partial", sa.Boolean, nullable=False, server_default="0"),
        sa.Column("parts", JSONType),
        sa.Column("speaker_start", sa.Integer),
        sa.Column("speaker_end", sa.Integer),
        sa.Column("speaker_text", sa.Text),
        sa.Column("speaker_pronoun", sa.Boolean, nullable=False, server_default="0"),
        sa.Column("speaker_actor", sa.Text),
        sa.Column("cue_start", sa.Integer),
        sa.Column("cue_end", sa.Integer),
        sa.Column("cue_text", sa.Text),
        sa.Column("cue_lemma", sa.Text),
        sa.Column("signal", sa.Text, nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
    ],
}
# Columns with an index of their own, beside every span table's article_id.
INDEXED = {"actor_mentions": ["actor_id"], "place_mentions": ["geonameid"], "time_expressions": ["value"],
           "quotes": ["speaker_actor"]}


def _article_fk(table: str) -> sa.ForeignKey:
    return sa.ForeignKey("articles.id", ondelete="CASCADE", name=f"fk_{table}_article_id_articles")


def upgrade() -> None:
    for table, columns in SPAN_TABLES.items():
        op.create_table(
            table,
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("article_id", sa.Integer, _article_fk(table), nullable=False),
            sa.Column("start", sa.Integer, nullable=False),
            sa.Column("end", sa.Integer, nullable=False),
            sa.Column("text", sa.Text, nullable=False),
            *columns,
            sa.PrimaryKeyConstraint("id", name=f"pk_{table}"),
        )
        for column in ["article_id", *INDEXED.get(table, [])]:
            op.create_index(f"ix_{table}_{column}", table, [column])
    op.create_table(
        "enrichments",
        sa.Column("article_id", sa.Integer, _article_fk("enrichments"), nullable=False),
        sa.Column("focus_place", JSONType),
        sa.Column("skipped", JSONType),
        sa.PrimaryKeyConstraint("article_id", name="pk_enrichments"),
    )
    op.create_table(
        "actors",
        sa.Column("id", sa.Text, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("country", sa.Text),
        sa.Column("sector", sa.Text),
        sa.Column("first_seen", Timestamp, nullable=False),
        sa.Column("last_seen", Timestamp, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_actors"),
    )
    op.create_index("ix_actors_country", "actors", ["country"])
    op.create_index("ix_actors_sector", "actors", ["sector"])
    op.create_table(
        "actor_aliases",
        sa.Column("actor_id", sa.Text, sa.ForeignKey("actors.id", name="fk_actor_aliases_actor_id_actors", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("alias_key", sa.Text, nullable=False),
        sa.Column("article_id", sa.Integer, _article_fk("actor_aliases"), nullable=False),
        sa.Column("alias", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("actor_id", "alias_key", "article_id", name="pk_actor_aliases"),
    )
    op.create_index("ix_actor_aliases_alias_key", "actor_aliases", ["alias_key"])
    op.create_index("ix_actor_aliases_article_id", "actor_aliases", ["article_id"])
    op.create_table(
        "actor_roles",
        sa.Column("actor_id", sa.Text, sa.ForeignKey("actors.id", name="fk_actor_roles_actor_id_actors", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("article_id", sa.Integer, _article_fk("actor_roles"), nullable=False),
        sa.Column("country", sa.Text),
        sa.Column("sector", sa.Text),
        sa.Column("former", sa.Boolean, nullable=False, server_default="0"),
        sa.Column("attested", sa.Text),
        sa.PrimaryKeyConstraint("actor_id", "role", "article_id", name="pk_actor_roles"),
    )
    op.create_index("ix_actor_roles_article_id", "actor_roles", ["article_id"])


def downgrade() -> None:
    for table in ("actor_roles", "actor_aliases", "actors", "enrichments", *reversed(SPAN_TABLES)):
        op.drop_table(table)
