"""How often each partner organisation is named, year by year.

``archive.entities.partner_summaries`` says how many articles name an organisation in
all; the partners page also draws *when*: a cooperation that was busy in 2019 and silent
since reads differently from a steady one. Counted like the summaries (articles whose
current revision names the organisation, by publication year) and with the same
``country`` / ``unknown`` selection, so the chart and the table agree.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import extract, func, select
from sqlalchemy.orm import Session, aliased

from archive.models import Article, Country, Organisation, OrganisationMention, Revision
from archive.people import name_key


def mentions_per_year(
    session: Session, *, country: str | None = None, unknown: bool = False
) -> dict[str, dict[int, int]]:
    """Organisation name -> {year: number of articles naming it that year}."""
    year = extract("year", Revision.published)
    organisation_country = aliased(Country)
    statement = (
        select(Organisation.name, year.label("year"), func.count(Article.id.distinct()))
        .join(OrganisationMention, OrganisationMention.organisation_id == Organisation.id)
        .join(Revision, Revision.id == OrganisationMention.revision_id)
        .join(Article, Article.current_revision_id == Revision.id)
        .outerjoin(organisation_country, organisation_country.id == Organisation.country_id)
        .group_by(Organisation.name, year)
    )
    if country is not None:
        statement = statement.where(organisation_country.name_key == name_key(country))
    if unknown:
        statement = statement.where(Organisation.matched == "discovered")
    timeline: dict[str, dict[int, int]] = defaultdict(dict)
    for name, when, count in session.execute(statement):
        timeline[name][int(when)] = int(count)
    return dict(timeline)


def yearly_totals(timeline: dict[str, dict[int, int]]) -> dict[int, int]:
    """Year -> partner mentions that year (an article naming two partners counts twice),
    with every year between the first and the last present, zeros included."""
    totals: dict[int, int] = defaultdict(int)
    for per_year in timeline.values():
        for year, count in per_year.items():
            totals[year] += count
    if not totals:
        return {}
    return {year: totals.get(year, 0) for year in range(min(totals), max(totals) + 1)}
