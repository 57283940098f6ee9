"""Indexes for searching with filters and facets on a large archive.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22

Every search joins each article to its current revision and reads the revision's
publication date (and language). Revision rows are wide (the body and the whole record
live in them), so reading ``published`` through the table touches one page per article:
on 100,000 articles that alone cost about 100 ms a query. Two narrow indexes let both
directions of that join stay inside indexes:

* ``revisions (id, published, language)`` answers "date and language of revision N"
  without the row;
* ``articles (current_revision_id)`` answers "which article is this revision current for"
  (the other way round, when a date range drives the query).

On SQLite the planner picks the covering index over the row only when it has statistics,
so the migration runs ``ANALYZE`` (the web server refreshes them with ``PRAGMA optimize``
when it starts; see ``archive.query.refresh_statistics``).
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_revisions_id_published_language", "revisions", ["id", "published", "language"]
    )
    op.create_index("ix_articles_current_revision_id", "articles", ["current_revision_id"])
    if op.get_context().dialect.name == "sqlite":
        op.execute("ANALYZE")


def downgrade() -> None:
    op.drop_index("ix_articles_current_revision_id", table_name="articles")
    op.drop_index("ix_revisions_id_published_language", table_name="revisions")
