"""Initial schema: captures, articles, revisions, people, credits, runs, search index.

Revision ID: 0001
Revises:
Create Date: 2025-01-01

Written by hand and checked against ``archive.models`` by the test suite. Types are
spelled out here rather than imported from the models, so this migration keeps creating
exactly this schema whatever later code looks like.

The article <-> current revision foreign key closes a cycle: on SQLite it is declared
inline (SQLite resolves references lazily and cannot add constraints later); elsewhere it
is added once both tables exist. The full-text index is an FTS5 table on SQLite only;
PostgreSQL gets its own search structure in a later migration.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON_DOCUMENT = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def _timestamp(nullable: bool = False) -> dict[str, object]:
    return {"type_": sa.DateTime(timezone=True), "nullable": nullable}


def upgrade() -> None:
    is_sqlite = op.get_context().dialect.name == "sqlite"

    op.create_table(
        "capture_bodies",
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=True),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("compression", sa.String(16), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name="pk_capture_bodies"),
        sa.CheckConstraint("compression IN ('zlib', 'none')", name=op.f("ck_capture_bodies_compression")),
    )

    op.create_table(
        "runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("started_at", **_timestamp()),
        sa.Column("finished_at", **_timestamp(nullable=True)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("start_urls", JSON_DOCUMENT, nullable=False),
        sa.Column("settings", JSON_DOCUMENT, nullable=False),
        sa.Column("requests", sa.Integer(), nullable=False),
        sa.Column("responses", sa.Integer(), nullable=False),
        sa.Column("new", sa.Integer(), nullable=False),
        sa.Column("changed", sa.Integer(), nullable=False),
        sa.Column("unchanged", sa.Integer(), nullable=False),
        sa.Column("gone", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.Column("not_articles", sa.Integer(), nullable=False),
        sa.Column("bytes", sa.BigInteger(), nullable=False),
        sa.Column("stats", JSON_DOCUMENT, nullable=True),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("log_path", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_runs"),
        sa.CheckConstraint(
            "status IN ('running', 'ok', 'failed', 'interrupted')", name=op.f("ck_runs_status")
        ),
    )

    op.create_table(
        "people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_key", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_people"),
        sa.UniqueConstraint("name", name="uq_people_name"),
    )
    op.create_index("ix_people_name_key", "people", ["name_key"])

    article_cycle = (
        [
            sa.ForeignKeyConstraint(
                ["current_revision_id"],
                ["revisions.id"],
                name="fk_articles_current_revision_id_revisions",
            )
        ]
        if is_sqlite
        else []
    )
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("canonical_url", sa.Text(), nullable=False),
        sa.Column("site_article_id", sa.Integer(), nullable=True),
        sa.Column("rubric", sa.Integer(), nullable=True),
        sa.Column("host", sa.String(255), nullable=False),
        sa.Column("first_seen_at", **_timestamp()),
        sa.Column("last_seen_at", **_timestamp()),
        sa.Column("gone_at", **_timestamp(nullable=True)),
        sa.Column("current_revision_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_articles"),
        sa.UniqueConstraint("canonical_url", name="uq_articles_canonical_url"),
        *article_cycle,
    )
    op.create_index("ix_articles_site_article_id", "articles", ["site_article_id"])

    op.create_table(
        "captures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("requested_url", sa.Text(), nullable=True),
        sa.Column("canonical_url", sa.Text(), nullable=True),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("headers", JSON_DOCUMENT, nullable=False),
        sa.Column("body_sha256", sa.String(64), nullable=False),
        sa.Column("fetched_at", **_timestamp()),
        sa.Column("last_fetched_at", **_timestamp()),
        sa.Column("fetch_count", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.Text(), nullable=True),
        sa.Column("extraction_status", sa.String(16), nullable=False),
        sa.Column("failure_reason", sa.String(32), nullable=True),
        sa.Column("failure_message", sa.Text(), nullable=True),
        sa.Column("page_kind", sa.String(16), nullable=True),
        sa.Column("encoding", sa.String(32), nullable=True),
        sa.Column("extractor_version", sa.String(32), nullable=True),
        sa.Column("extraction_notes", JSON_DOCUMENT, nullable=True),
        sa.Column("article_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_captures"),
        sa.ForeignKeyConstraint(
            ["body_sha256"],
            ["capture_bodies.sha256"],
            name="fk_captures_body_sha256_capture_bodies",
        ),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], name="fk_captures_run_id_runs"),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name="fk_captures_article_id_articles"
        ),
        sa.CheckConstraint(
            "extraction_status IN ('pending', 'ok', 'not_article', 'failed')",
            name=op.f("ck_captures_extraction_status"),
        ),
    )
    op.create_index("ix_captures_url_fetched_at", "captures", ["url", "fetched_at"])
    op.create_index("ix_captures_canonical_url", "captures", ["canonical_url"])
    op.create_index(
        "ix_captures_extraction", "captures", ["extraction_status", "extractor_version"]
    )
    op.create_index("ix_captures_run_id", "captures", ["run_id"])
    op.create_index("ix_captures_article_id", "captures", ["article_id"])
    op.create_index("ix_captures_body_sha256", "captures", ["body_sha256"])

    op.create_table(
        "revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("capture_id", sa.Integer(), nullable=False),
        sa.Column("created_at", **_timestamp()),
        sa.Column("extractor_version", sa.String(32), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("announcement", sa.Text(), nullable=True),
        sa.Column("published", sa.Date(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("language", sa.String(16), nullable=False),
        sa.Column("record", JSON_DOCUMENT, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_revisions"),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name="fk_revisions_article_id_articles"
        ),
        sa.ForeignKeyConstraint(
            ["capture_id"], ["captures.id"], name="fk_revisions_capture_id_captures"
        ),
        sa.UniqueConstraint("article_id", "number", name="uq_revisions_article_id_number"),
    )
    op.create_index("ix_revisions_published", "revisions", ["published"])
    op.create_index("ix_revisions_capture_id", "revisions", ["capture_id"])

    if not is_sqlite:
        op.create_foreign_key(
            "fk_articles_current_revision_id_revisions",
            "articles",
            "revisions",
            ["current_revision_id"],
            ["id"],
        )

    op.create_table(
        "credits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("position", sa.Text(), nullable=True),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_credits"),
        sa.ForeignKeyConstraint(
            ["revision_id"], ["revisions.id"], name="fk_credits_revision_id_revisions"
        ),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name="fk_credits_person_id_people"),
        sa.UniqueConstraint(
            "revision_id", "role", "ordinal", name="uq_credits_revision_id_role_ordinal"
        ),
        sa.CheckConstraint(
            "role IN ('author', 'translator', 'photographer')", name=op.f("ck_credits_role")
        ),
    )
    op.create_index("ix_credits_person_id_role", "credits", ["person_id", "role"])

    if is_sqlite:
        # rowid = articles.id; holds the current revision's text of each article.
        # Porter stemming so "student" finds "students"; prefix indexes keep "vacc*" fast.
        op.execute(
            "CREATE VIRTUAL TABLE article_search USING fts5("
            "title, announcement, body, "
            "tokenize = 'porter unicode61 remove_diacritics 2', prefix = '2 3')"
        )


def downgrade() -> None:
    is_sqlite = op.get_context().dialect.name == "sqlite"
    if is_sqlite:
        op.execute("DROP TABLE IF EXISTS article_search")
    # Break the article <-> revision cycle before dropping either side.
    op.execute("UPDATE articles SET current_revision_id = NULL")
    if not is_sqlite:
        op.drop_constraint(
            "fk_articles_current_revision_id_revisions", "articles", type_="foreignkey"
        )
    op.drop_table("credits")
    op.drop_table("revisions")
    op.drop_table("captures")
    op.drop_table("articles")
    op.drop_table("people")
    op.drop_table("runs")
    op.drop_table("capture_bodies")
