"""Partners, named people and countries: how a revision's entities are stored and counted.

The pipeline resolves every mention to one canonical organisation with its country, so the
archive keeps one row per organisation (by canonical name) and per country, and links each
revision to what it names. Links are per revision, never per article: an edit that adds or
drops a partner is history, like an edit of the text.

An organisation first met through discovery and later matched from the registry becomes
a registry organisation (and takes the registry's country and kind); the reverse never
happens, so a discovered spelling cannot demote a curated name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from archive.models import (
    Article,
    Country,
    CountryMention,
    Organisation,
    OrganisationMention,
    PersonMention,
    Revision,
)
from archive.people import display_name, name_key

if TYPE_CHECKING:
    from pipeline.record import ArticleRecord, Partner

#: Inserts a row unless one with the same key columns exists (``storage._insert_ignore``).
InsertIgnore = Callable[[Session, type[Any], Mapping[str, Any], list[str]], None]


@dataclass(frozen=True, slots=True)
class PartnerSummary:
    """One organisation as ``bsmu-archive partners`` lists it.

    Counts and dates are over the articles whose *current* revision names it: a partner an
    article no longer mentions is history, not a partnership.
    """

    name: str
    country: str | None
    kind: str | None
    matched: str
    articles: int
    first: dt.date  # earliest publication date among those articles
    last: dt.date  # latest publication date
    sample_url: str  # the most recently published of those articles


def add_entities(
    session: Session,
    revision_id: int,
    record: ArticleRecord,
    person_id: Callable[[Session, str], int],
    insert_ignore: InsertIgnore,
) -> None:
    """Link a new revision to the partners, named people and countries of its record.

    ``person_id`` and ``insert_ignore`` are the storage's own helpers, passed in so named
    people and credited people resolve to the same ``people`` rows by the same rule.
    """
    ordinal = 0
    seen_organisations: set[int] = set()
    for partner in record.partners:
        name = display_name(partner.name)
        if not name:
            continue
        organisation_id = _organisation_id(session, name, partner, insert_ignore)
        if organisation_id in seen_organisations:
            continue
        seen_organisations.add(organisation_id)
        ordinal += 1
        session.add(
            OrganisationMention(
                revision_id=revision_id,
                organisation_id=organisation_id,
                surfaces=list(partner.surfaces),
                ordinal=ordinal,
            )
        )

    ordinal = 0
    for named in record.people:
        name = display_name(named.name)
        if not name:
            continue
        ordinal += 1
        session.add(
            PersonMention(
                revision_id=revision_id,
                person_id=person_id(session, name),
                title=display_name(named.title) if named.title else None,
                ordinal=ordinal,
            )
        )

    ordinal = 0
    seen_countries: set[int] = set()
    for raw in record.countries:
        country_id = country_id_for(session, raw, insert_ignore)
        if country_id is None or country_id in seen_countries:
            continue
        seen_countries.add(country_id)
        ordinal += 1
        session.add(CountryMention(revision_id=revision_id, country_id=country_id, ordinal=ordinal))
    session.flush()


def country_id_for(session: Session, raw: str | None, insert_ignore: InsertIgnore) -> int | None:
    """The id of the country named ``raw`` (created if new); None for an empty name."""
    name = display_name(raw or "")
    if not name:
        return None
    found = session.scalars(select(Country.id).where(Country.name == name)).first()
    if found is not None:
        return found
    insert_ignore(session, Country, {"name": name, "name_key": name_key(name)}, ["name"])
    return session.scalars(select(Country.id).where(Country.name == name)).one()


def _organisation_id(
    session: Session, name: str, partner: Partner, insert_ignore: InsertIgnore
) -> int:
    """The organisation's id, created or upgraded as this mention says (registry wins)."""
    country_id = country_id_for(session, partner.country, insert_ignore)
    kind = display_name(partner.kind) if partner.kind else None
    organisation = session.scalars(select(Organisation).where(Organisation.name == name)).first()
    if organisation is None:
        insert_ignore(
            session,
            Organisation,
            {
                "name": name,
                "name_key": name_key(name),
                "country_id": country_id,
                "kind": kind,
                "matched": partner.matched,
            },
            ["name"],
        )
        organisation = session.scalars(
            select(Organisation).where(Organisation.name == name)
        ).one()
    if partner.matched == "registry":
        # The registry is the curated truth: it may move an organisation to another
        # country or kind, and it promotes a discovered name.
        organisation.matched = "registry"
        organisation.country_id = country_id if country_id is not None else organisation.country_id
        organisation.kind = kind or organisation.kind
    elif organisation.matched == "discovered":
        organisation.country_id = organisation.country_id or country_id
        organisation.kind = organisation.kind or kind
    return organisation.id


def partner_summaries(
    session: Session, *, country: str | None = None, unknown: bool = False
) -> list[PartnerSummary]:
    """Organisations named by current revisions, most-mentioned first, then by name.

    ``country`` keeps those of that country (case and accents ignored); ``unknown`` keeps
    only discovered organisations, the ones the registry does not know yet.
    """
    organisation_country = aliased(Country)
    statement = (
        select(
            Organisation.id,
            Organisation.name,
            Organisation.kind,
            Organisation.matched,
            organisation_country.name.label("country"),
            Article.id.label("article_id"),
            Article.canonical_url,
            Revision.published,
        )
        .join(OrganisationMention, OrganisationMention.organisation_id == Organisation.id)
        .join(Revision, Revision.id == OrganisationMention.revision_id)
        .join(Article, Article.current_revision_id == Revision.id)
        .outerjoin(organisation_country, organisation_country.id == Organisation.country_id)
    )
    if country is not None:
        statement = statement.where(organisation_country.name_key == name_key(country))
    if unknown:
        statement = statement.where(Organisation.matched == "discovered")

    grouped: dict[int, dict[str, Any]] = {}
    for row in session.execute(statement):
        entry = grouped.setdefault(
            row.id,
            {
                "name": row.name,
                "country": row.country,
                "kind": row.kind,
                "matched": row.matched,
                "articles": set(),
                "first": row.published,
                "last": row.published,
                "sample": (row.published, row.canonical_url),
            },
        )
        entry["articles"].add(row.article_id)
        entry["first"] = min(entry["first"], row.published)
        entry["last"] = max(entry["last"], row.published)
        entry["sample"] = max(entry["sample"], (row.published, row.canonical_url))
    summaries = [
        PartnerSummary(
            name=e["name"],
            country=e["country"],
            kind=e["kind"],
            matched=e["matched"],
            articles=len(e["articles"]),
            first=e["first"],
            last=e["last"],
            sample_url=e["sample"][1],
        )
        for e in grouped.values()
    ]
    summaries.sort(key=lambda s: (-s.articles, name_key(s.name), s.name))
    return summaries
