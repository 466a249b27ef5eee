"""Indexes for the front page's sections: each site's latest articles (`articles (site,
published_at)`) and the articles a country is the focus of (`place_mentions (focus, country,
article_id)`, which holds every id such a section reads, so the table itself is not read).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_articles_site_published_at", "articles", ["site", "published_at"])
    op.create_index("ix_place_mentions_focus_country", "place_mentions", ["focus", "country", "article_id"])


def downgrade() -> None:
    op.drop_index("ix_place_mentions_focus_country", table_name="place_mentions")
    op.drop_index("ix_articles_site_published_at", table_name="articles")
