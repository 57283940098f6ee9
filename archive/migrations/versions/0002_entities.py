"""Entities: organisations (partners), countries, and what each revision names.

Revision ID: 0002
Revises: 0001
Create Date: 2025-02-01

Adds ``countries``, ``organisations`` and three per-revision link tables:
``organisation_mentions``, ``person_mentions`` (named people reuse the ``people`` table of
credited persons: one person, one row) and ``country_mentions``. Only new tables, so the
migration is plain ``CREATE TABLE`` on SQLite and PostgreSQL alike; types are spelled out
rather than imported from the models, as in 0001.

Revisions stored before this migration have no mentions: ``bsmu-archive reprocess`` reads
their captures again and fills them in wherever the extractor now finds entities.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON_DOCUMENT = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "countries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_key", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_countries"),
        sa.UniqueConstraint("name", name="uq_countries_name"),
    )
    op.create_index("ix_countries_name_key", "countries", ["name_key"])

    op.create_table(
        "organisations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_key", sa.Text(), nullable=False),
        sa.Column("country_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(32), nullable=True),
        sa.Column("matched", sa.String(16), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_organisations"),
        sa.ForeignKeyConstraint(
            ["country_id"], ["countries.id"], name="fk_organisations_country_id_countries"
        ),
        sa.UniqueConstraint("name", name="uq_organisations_name"),
        sa.CheckConstraint(
            "matched IN ('registry', 'discovered')", name=op.f("ck_organisations_matched")
        ),
    )
    op.create_index("ix_organisations_name_key", "organisations", ["name_key"])
    op.create_index("ix_organisations_country_id", "organisations", ["country_id"])

    op.create_table(
        "organisation_mentions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("surfaces", JSON_DOCUMENT, nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_organisation_mentions"),
        sa.ForeignKeyConstraint(
            ["revision_id"], ["revisions.id"], name="fk_organisation_mentions_revision_id_revisions"
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name="fk_organisation_mentions_organisation_id_organisations",
        ),
        sa.UniqueConstraint(
            "revision_id", "ordinal", name="uq_organisation_mentions_revision_id_ordinal"
        ),
    )
    op.create_index(
        "ix_organisation_mentions_organisation_id", "organisation_mentions", ["organisation_id"]
    )

    op.create_table(
        "person_mentions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_person_mentions"),
        sa.ForeignKeyConstraint(
            ["revision_id"], ["revisions.id"], name="fk_person_mentions_revision_id_revisions"
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name="fk_person_mentions_person_id_people"
        ),
        sa.UniqueConstraint("revision_id", "ordinal", name="uq_person_mentions_revision_id_ordinal"),
    )
    op.create_index("ix_person_mentions_person_id", "person_mentions", ["person_id"])

    op.create_table(
        "country_mentions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("country_id", sa.Integer(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_country_mentions"),
        sa.ForeignKeyConstraint(
            ["revision_id"], ["revisions.id"], name="fk_country_mentions_revision_id_revisions"
        ),
        sa.ForeignKeyConstraint(
            ["country_id"], ["countries.id"], name="fk_country_mentions_country_id_countries"
        ),
        sa.UniqueConstraint(
            "revision_id", "ordinal", name="uq_country_mentions_revision_id_ordinal"
        ),
    )
    op.create_index("ix_country_mentions_country_id", "country_mentions", ["country_id"])


def downgrade() -> None:
    op.drop_table("country_mentions")
    op.drop_table("person_mentions")
    op.drop_table("organisation_mentions")
    op.drop_table("organisations")
    op.drop_table("countries")
