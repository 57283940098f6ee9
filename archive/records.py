"""The current record of each article: how it is selected, filtered and shaped.

One shape serves the export files, the CLI and (later) the web UI's JSON, so a field
means the same thing everywhere. It is built from the current revision's stored
``ArticleRecord`` dict plus what only the archive knows: which revision it is and when
the capture behind it was fetched. Nothing in it depends on the time of the export, so
exporting an unchanged archive twice gives identical bytes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, exists, false, select

from archive.models import (
    Article,
    Capture,
    Country,
    CountryMention,
    Credit,
    Organisation,
    OrganisationMention,
    Person,
    Revision,
)
from archive.people import name_key
from archive.search import SearchBackend, parse_query

#: The fields of a current record, in the order they are written.
RECORD_FIELDS = (
    "url",
    "title",
    "announcement",
    "published",
    "authors",
    "translators",
    "photographers",
    "partners",
    "people",
    "countries",
    "body",
    "language",
    "fetched_at",
    "article_id",
    "rubric",
    "revision",
    "extractor_version",
)


@dataclass(frozen=True, slots=True)
class RecordFilter:
    """Which current records to select; every given condition must hold.

    ``author`` and ``translator`` match any credited name containing the given text,
    ignoring case and accents ("ivanova" finds "Yelena Ivanova"); ``partner`` likewise
    matches the canonical name of an organisation the current revision names
    ("yevdokimov" finds "Moscow State University of Medicine and Dentistry named after
    A.I. Yevdokimov"). ``country`` is a whole country name, case and accents ignored,
    mentioned by the article or implied by its partners. ``published_from`` and
    ``published_to`` are inclusive.
    """

    query: str | None = None
    published_from: dt.date | None = None
    published_to: dt.date | None = None
    author: str | None = None
    translator: str | None = None
    partner: str | None = None
    country: str | None = None


def select_current_records(
    record_filter: RecordFilter | None, backend: SearchBackend
) -> Select[Any]:
    """Rows of the current revision of every matching article, by publication date then URL."""
    statement = (
        select(
            Revision.record,
            Revision.number,
            Revision.extractor_version,
            Article.canonical_url,
            Article.site_article_id,
            Article.rubric,
            Capture.fetched_at,
        )
        .join(Article, Article.current_revision_id == Revision.id)
        .join(Capture, Capture.id == Revision.capture_id)
        .order_by(Revision.published, Article.canonical_url)
    )
    f = record_filter or RecordFilter()
    if f.published_from is not None:
        statement = statement.where(Revision.published >= f.published_from)
    if f.published_to is not None:
        statement = statement.where(Revision.published <= f.published_to)
    if f.author:
        statement = statement.where(_credited("author", f.author))
    if f.translator:
        statement = statement.where(_credited("translator", f.translator))
    if f.partner:
        statement = statement.where(_names_partner(f.partner))
    if f.country:
        statement = statement.where(_mentions_country(f.country))
    if f.query is not None and f.query.strip():
        ids = backend.matching_article_ids(parse_query(f.query))
        statement = statement.where(false() if ids is None else Article.id.in_(ids))
    return statement


def _credited(role: str, name: str) -> Any:
    pattern = "%" + _escape_like(name_key(name)) + "%"
    return exists().where(
        Credit.revision_id == Revision.id,
        Credit.role == role,
        Credit.person_id == Person.id,
        Person.name_key.like(pattern, escape="\\"),
    )


def _names_partner(name: str) -> Any:
    pattern = "%" + _escape_like(name_key(name)) + "%"
    return exists().where(
        OrganisationMention.revision_id == Revision.id,
        OrganisationMention.organisation_id == Organisation.id,
        Organisation.name_key.like(pattern, escape="\\"),
    )


def _mentions_country(name: str) -> Any:
    return exists().where(
        CountryMention.revision_id == Revision.id,
        CountryMention.country_id == Country.id,
        Country.name_key == name_key(name),
    )


def _escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def current_record(row: Any) -> dict[str, Any]:
    """One row of :func:`select_current_records` as a record dict (``RECORD_FIELDS`` order)."""
    stored: dict[str, Any] = row.record
    site_id = stored.get("site_article_id")
    rubric = stored.get("rubric")
    data = {
        "url": row.canonical_url,
        "title": stored.get("title"),
        "announcement": stored.get("announcement"),
        "published": stored.get("published"),
        "authors": [
            {"name": a.get("name"), "role": a.get("role")} for a in stored.get("authors") or ()
        ],
        "translators": list(stored.get("translators") or ()),
        "photographers": list(stored.get("photographers") or ()),
        # Surfaces (the spellings the text used) stay in the revision: an export names
        # each partner once, canonically.
        "partners": [
            {
                "name": p.get("name"),
                "country": p.get("country"),
                "kind": p.get("kind"),
                "matched": p.get("matched"),
            }
            for p in stored.get("partners") or ()
        ],
        "people": [{"name": p.get("name"), "title": p.get("title")} for p in stored.get("people") or ()],
        "countries": list(stored.get("countries") or ()),
        "body": stored.get("body"),
        "language": stored.get("language"),
        "fetched_at": format_timestamp(row.fetched_at),
        "article_id": site_id if site_id is not None else row.site_article_id,
        "rubric": rubric if rubric is not None else row.rubric,
        "revision": row.number,
        "extractor_version": row.extractor_version,
    }
    return {name: data[name] for name in RECORD_FIELDS}


def format_timestamp(value: dt.datetime | None) -> str | None:
    """ISO 8601 in UTC to the second, with a ``Z``: ``2024-03-01T08:15:00Z``."""
    if value is None:
        return None
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
