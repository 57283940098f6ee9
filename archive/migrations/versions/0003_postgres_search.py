"""PostgreSQL full-text search: ``article_search`` with a weighted tsvector and a GIN index.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22

SQLite has had its FTS5 ``article_search`` since 0001; this gives PostgreSQL the same
table name, one row per article holding its current revision's text as one tsvector:
title weighted A, announcement B, body C (the ranking weights of FTS5's bm25 in the same
order), with the ``bsmu_english`` configuration: English stemming after ``unaccent``, so
"Belarus" finds "Bélarus" as SQLite's ``remove_diacritics`` does. The GIN index makes a
match an index lookup. Articles stored before this migration are indexed here, from their current revision.
Nothing changes on SQLite.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: The tsvector of one article; the same expression the backend writes with.
DOCUMENT = (
    "setweight(to_tsvector('bsmu_english', translate(coalesce(r.title, ''), '-', ' ')), 'A') || "
    "setweight(to_tsvector('bsmu_english', translate(coalesce(r.announcement, ''), '-', ' ')), 'B') || "
    "setweight(to_tsvector('bsmu_english', translate(coalesce(r.body, ''), '-', ' ')), 'C')"
)


def upgrade() -> None:
    if op.get_context().dialect.name != "postgresql":
        return
    # unaccent ships with PostgreSQL (contrib) and is a trusted extension: the archive's
    # owner may create it without being a superuser.
    op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    op.execute("CREATE TEXT SEARCH CONFIGURATION bsmu_english (COPY = english)")
    op.execute(
        "ALTER TEXT SEARCH CONFIGURATION bsmu_english "
        "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem"
    )
    op.execute(
        "CREATE TABLE article_search ("
        "article_id integer PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE, "
        "document tsvector NOT NULL)"
    )
    op.execute("CREATE INDEX ix_article_search_document ON article_search USING gin (document)")
    op.execute(
        "INSERT INTO article_search (article_id, document) "
        f"SELECT a.id, {DOCUMENT} FROM articles a JOIN revisions r ON r.id = a.current_revision_id"
    )


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute("DROP TABLE IF EXISTS article_search")
        op.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS bsmu_english")
