"""The archive's tables, as SQLAlchemy 2 declarative models.

Three layers, following the rule "raw first, identity by canonical article, history by
revisions":

* ``capture_bodies`` / ``captures`` — every response exactly as fetched, bodies stored
  once per SHA-256 however often they are fetched;
* ``articles`` / ``revisions`` / ``credits`` / ``people`` — one article per canonical URL,
  one revision per distinct content the extractor read from it, never overwritten;
* ``organisations`` / ``countries`` and the per-revision ``*_mentions`` link tables —
  the partners, named people and countries each revision names, so which organisations an
  article mentioned is part of its history like its text (``people`` holds both credited
  and named persons: one person, one row, however they appear);
* ``runs`` — one row per crawl, with its counts and the crawler's own stats.

Names are plain lower-case snake case and constraints are named by convention so the same
Alembic migrations work on SQLite and PostgreSQL. The schema itself is created only by
the migrations in ``archive/migrations``; ``Base.metadata`` is what they are checked
against.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, deferred, mapped_column, relationship

from archive.columns import JsonDocument, UtcDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

EXTRACTION_STATUSES = ("pending", "ok", "not_article", "failed")
CREDIT_ROLES = ("author", "translator", "photographer")
RUN_STATUSES = ("running", "ok", "failed", "interrupted")
#: Where an organisation's name came from: the curated registry, or discovery from how
#: organisation names are built (the press office's curation list).
ORGANISATION_MATCHES = ("registry", "discovered")
COMPRESSIONS = ("zlib", "none")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({quoted})"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dt.datetime: UtcDateTime, dict[str, Any]: JsonDocument}


class CaptureBody(Base):
    """A response body, stored once per content hash.

    Bodies are zlib-compressed: the site's HTML shrinks five- to tenfold, zlib is in the
    standard library of every Python and readable from any language, and decompression is
    fast enough to reprocess the whole archive. The hash is of the *uncompressed* bytes,
    so deduplication does not depend on how a body happens to be stored, and ``none`` is
    kept for bodies that do not compress.
    """

    __tablename__ = "capture_bodies"
    __table_args__ = (CheckConstraint(_one_of("compression", COMPRESSIONS), name="compression"),)

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    body: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    size: Mapped[int] = mapped_column(Integer)  # uncompressed length in bytes
    compression: Mapped[str] = mapped_column(String(16))


class Run(Base):
    """One crawl: when, with what settings, and what it found."""

    __tablename__ = "runs"
    __table_args__ = (CheckConstraint(_one_of("status", RUN_STATUSES), name="status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started_at: Mapped[dt.datetime]
    finished_at: Mapped[dt.datetime | None]
    status: Mapped[str] = mapped_column(String(16), default="running")
    start_urls: Mapped[list[str]] = mapped_column(JsonDocument)
    settings: Mapped[dict[str, Any]]
    requests: Mapped[int] = mapped_column(default=0)
    responses: Mapped[int] = mapped_column(default=0)
    new: Mapped[int] = mapped_column(default=0)
    changed: Mapped[int] = mapped_column(default=0)
    unchanged: Mapped[int] = mapped_column(default=0)
    gone: Mapped[int] = mapped_column(default=0)
    failed: Mapped[int] = mapped_column(default=0)
    not_articles: Mapped[int] = mapped_column(default=0)
    bytes: Mapped[int] = mapped_column(BigInteger, default=0)
    stats: Mapped[dict[str, Any] | None]
    message: Mapped[str | None] = mapped_column(Text)
    log_path: Mapped[str | None] = mapped_column(Text)


class Capture(Base):
    """One response as fetched, plus what extraction made of it.

    An identical re-fetch (same URL, status and body) bumps ``last_fetched_at`` and
    ``fetch_count`` on the latest capture instead of adding a row, so an unchanged
    re-crawl leaves the table as it was. ``etag`` / ``last_modified`` are the validators
    of the latest response with this content, ready for conditional requests.
    """

    __tablename__ = "captures"
    __table_args__ = (
        CheckConstraint(
            _one_of("extraction_status", EXTRACTION_STATUSES), name="extraction_status"
        ),
        Index("ix_captures_url_fetched_at", "url", "fetched_at"),
        Index("ix_captures_canonical_url", "canonical_url"),
        Index("ix_captures_extraction", "extraction_status", "extractor_version"),
        Index("ix_captures_run_id", "run_id"),
        Index("ix_captures_article_id", "article_id"),
        Index("ix_captures_body_sha256", "body_sha256"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(Text)
    requested_url: Mapped[str | None] = mapped_column(Text)
    canonical_url: Mapped[str | None] = mapped_column(Text)
    status: Mapped[int]
    headers: Mapped[dict[str, Any]]
    body_sha256: Mapped[str] = mapped_column(ForeignKey("capture_bodies.sha256"))
    fetched_at: Mapped[dt.datetime]
    last_fetched_at: Mapped[dt.datetime]
    fetch_count: Mapped[int] = mapped_column(default=1)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id"))
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    extraction_status: Mapped[str] = mapped_column(String(16), default="pending")
    failure_reason: Mapped[str | None] = mapped_column(String(32))
    failure_message: Mapped[str | None] = mapped_column(Text)
    page_kind: Mapped[str | None] = mapped_column(String(16))
    encoding: Mapped[str | None] = mapped_column(String(32))
    extractor_version: Mapped[str | None] = mapped_column(String(32))
    extraction_notes: Mapped[list[str] | None] = mapped_column(JsonDocument)
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id"))

    body: Mapped[CaptureBody] = relationship(lazy="raise")
    run: Mapped[Run | None] = relationship(lazy="raise")


class Article(Base):
    """One news article, identified by its canonical URL whatever URL it was found under."""

    __tablename__ = "articles"
    __table_args__ = (
        UniqueConstraint("canonical_url"),
        Index("ix_articles_site_article_id", "site_article_id"),
        # Search: from a revision to the article it is current for (migration 0004).
        Index("ix_articles_current_revision_id", "current_revision_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    canonical_url: Mapped[str] = mapped_column(Text)
    site_article_id: Mapped[int | None]
    rubric: Mapped[int | None]
    host: Mapped[str] = mapped_column(String(255), default="")
    first_seen_at: Mapped[dt.datetime]
    last_seen_at: Mapped[dt.datetime]
    gone_at: Mapped[dt.datetime | None]
    # The article <-> revision cycle: created after both tables (use_alter) and written
    # in a second statement (post_update) so either side can be inserted first.
    current_revision_id: Mapped[int | None] = mapped_column(
        ForeignKey("revisions.id", use_alter=True)
    )

    revisions: Mapped[list[Revision]] = relationship(
        back_populates="article",
        foreign_keys="Revision.article_id",
        order_by="Revision.number",
        lazy="raise",
    )
    current_revision: Mapped[Revision | None] = relationship(
        foreign_keys=[current_revision_id], post_update=True, lazy="raise"
    )


class Revision(Base):
    """One distinct content of an article, as one extractor version read it from one capture.

    ``record`` keeps the whole :class:`pipeline.record.ArticleRecord` as a dict so nothing
    the extractor said is lost; the scalar columns and credits are its queryable copy.
    """

    __tablename__ = "revisions"
    __table_args__ = (
        UniqueConstraint("article_id", "number"),
        Index("ix_revisions_published", "published"),
        # Search: date and language of a revision without reading its wide row (0004).
        Index("ix_revisions_id_published_language", "id", "published", "language"),
        Index("ix_revisions_capture_id", "capture_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"))
    number: Mapped[int]
    capture_id: Mapped[int] = mapped_column(ForeignKey("captures.id"))
    created_at: Mapped[dt.datetime]
    extractor_version: Mapped[str] = mapped_column(String(32))
    content_hash: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(Text)
    announcement: Mapped[str | None] = mapped_column(Text)
    published: Mapped[dt.date] = mapped_column(Date)
    body: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(16))
    record: Mapped[dict[str, Any]]

    article: Mapped[Article] = relationship(
        back_populates="revisions", foreign_keys=[article_id], lazy="raise"
    )
    capture: Mapped[Capture] = relationship(lazy="raise")
    credits: Mapped[list[Credit]] = relationship(
        back_populates="revision", order_by="(Credit.role, Credit.ordinal)", lazy="raise"
    )


class Person(Base):
    """A person credited on or named in an article (see :class:`Credit`, :class:`PersonMention`).

    ``name`` is the display form; ``name_key`` is for matching.
    """

    __tablename__ = "people"
    __table_args__ = (UniqueConstraint("name"), Index("ix_people_name_key", "name_key"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    name_key: Mapped[str] = mapped_column(Text)


class Credit(Base):
    """A person credited on a revision as author, translator or photographer.

    ``position`` is the role text printed with an author's name ("BSMU spokesperson");
    ``ordinal`` keeps the printed order within the role, starting at 1.
    """

    __tablename__ = "credits"
    __table_args__ = (
        CheckConstraint(_one_of("role", CREDIT_ROLES), name="role"),
        UniqueConstraint("revision_id", "role", "ordinal"),
        Index("ix_credits_person_id_role", "person_id", "role"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("revisions.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    role: Mapped[str] = mapped_column(String(16))
    position: Mapped[str | None] = mapped_column(Text)
    ordinal: Mapped[int]

    revision: Mapped[Revision] = relationship(back_populates="credits", lazy="raise")
    person: Mapped[Person] = relationship(lazy="raise")


class Country(Base):
    """A country, by the one normalised name the pipeline gives it.

    A table rather than a text column on each mention so "which countries" is one indexed
    lookup and filters can match case- and accent-insensitively on ``name_key``.
    """

    __tablename__ = "countries"
    __table_args__ = (UniqueConstraint("name"), Index("ix_countries_name_key", "name_key"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    name_key: Mapped[str] = mapped_column(Text)


class Organisation(Base):
    """An external organisation (a partner), by its canonical name.

    ``matched`` is ``registry`` once any article matched the name from the curated
    registry (a registry match wins over discovery, so curating a discovered name moves it
    out of ``partners --unknown`` at the next reprocess); country and kind follow the
    registry when it gives them.
    """

    __tablename__ = "organisations"
    __table_args__ = (
        CheckConstraint(_one_of("matched", ORGANISATION_MATCHES), name="matched"),
        UniqueConstraint("name"),
        Index("ix_organisations_name_key", "name_key"),
        Index("ix_organisations_country_id", "country_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    name_key: Mapped[str] = mapped_column(Text)
    country_id: Mapped[int | None] = mapped_column(ForeignKey("countries.id"))
    kind: Mapped[str | None] = mapped_column(String(32))
    matched: Mapped[str] = mapped_column(String(16))

    country: Mapped[Country | None] = relationship(lazy="raise")


class OrganisationMention(Base):
    """An organisation a revision names; ``surfaces`` are the spellings the text used.

    Per revision, like credits: the history of what an article said includes which
    partners it named. ``ordinal`` keeps the order of first mention, starting at 1.
    """

    __tablename__ = "organisation_mentions"
    __table_args__ = (
        UniqueConstraint("revision_id", "ordinal"),
        Index("ix_organisation_mentions_organisation_id", "organisation_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("revisions.id"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    surfaces: Mapped[list[str]] = mapped_column(JsonDocument)
    ordinal: Mapped[int]

    organisation: Mapped[Organisation] = relationship(lazy="raise")


class PersonMention(Base):
    """A person a revision names in its text, with the title printed before the name."""

    __tablename__ = "person_mentions"
    __table_args__ = (
        UniqueConstraint("revision_id", "ordinal"),
        Index("ix_person_mentions_person_id", "person_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("revisions.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    title: Mapped[str | None] = mapped_column(Text)
    ordinal: Mapped[int]

    person: Mapped[Person] = relationship(lazy="raise")


class CountryMention(Base):
    """A country a revision mentions or implies through its partners."""

    __tablename__ = "country_mentions"
    __table_args__ = (
        UniqueConstraint("revision_id", "ordinal"),
        Index("ix_country_mentions_country_id", "country_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("revisions.id"))
    country_id: Mapped[int] = mapped_column(ForeignKey("countries.id"))
    ordinal: Mapped[int]

    country: Mapped[Country] = relationship(lazy="raise")
