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

from sqlalchemy import Select, false, select

from archive.models import (
    Article,
    Capture,
    Country,
    CountryMention,
    Credit,
    Organisation,
    OrganisationMention,
    Person,
    PersonMention,
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
    ``published_to`` are inclusive; ``year`` narrows to one calendar year. ``photographer``
    matches like ``author``; ``person`` matches anyone the article credits or names in its
    text. ``rubric`` is the site's rubric number, ``language`` a code such as ``en``.
    """

    query: str | None = None
    published_from: dt.date | None = None
    published_to: dt.date | None = None
    year: int | None = None
    author: str | None = None
    translator: str | None = None
    photographer: str | None = None
    person: str | None = None
    partner: str | None = None
    country: str | None = None
    rubric: int | None = None
    language: str | None = None


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
    return where_record_matches(statement, record_filter, backend)


def where_record_matches(
    statement: Select[Any],
    record_filter: RecordFilter | None,
    backend: SearchBackend,
    *,
    text_drives: bool = True,
) -> Select[Any]:
    """``statement`` narrowed to the articles whose current record passes ``record_filter``.

    Split from :func:`select_current_records` so that any select over ``Revision`` joined
    to its ``Article`` as the current revision (the export's full rows, the search page's
    ids, the facets' revision ids) filters in exactly one way.

    ``text_drives`` says how a text query is combined with the other filters, which only
    changes speed: the text matches drive the query (the default, right when the words
    are rare), or, when the words are common and other filters narrow more, the filters
    drive and each candidate is looked up in the matches (``archive.query`` decides).
    """
    f = record_filter or RecordFilter()
    has_text = bool(f.query and f.query.strip())
    # When the text matches drive, entity filters are probed per matching revision;
    # otherwise they are where the query starts.
    probe = has_text and text_drives
    if f.published_from is not None:
        statement = statement.where(Revision.published >= f.published_from)
    if f.published_to is not None:
        statement = statement.where(Revision.published <= f.published_to)
    if f.year is not None:
        statement = statement.where(
            Revision.published >= dt.date(f.year, 1, 1), Revision.published <= dt.date(f.year, 12, 31)
        )
    if f.author:
        statement = statement.where(_credited("author", f.author, probe))
    if f.translator:
        statement = statement.where(_credited("translator", f.translator, probe))
    if f.photographer:
        statement = statement.where(_credited("photographer", f.photographer, probe))
    if f.person:
        statement = statement.where(
            _credited(None, f.person, probe) | _named_person(f.person, probe)
        )
    if f.rubric is not None:
        statement = statement.where(Article.rubric == f.rubric)
    if f.language:
        statement = statement.where(Revision.language == f.language.strip().lower())
    if f.partner:
        statement = statement.where(_names_partner(f.partner, probe))
    if f.country:
        statement = statement.where(_mentions_country(f.country, probe))
    if f.query is not None and f.query.strip():
        ids = backend.matching_article_ids(parse_query(f.query))
        if ids is None:
            return statement.where(false())
        # Joined rather than tested with IN: the engine's matches then drive the query.
        # With IN, SQLite may probe an (article, rowid) index once per listed id for every
        # candidate row, which turned a filtered search on 100,000 articles into seconds.
        if not text_drives:
            # ``+ 0``: a membership test only, never an index probe per listed id.
            return statement.where((Article.id + 0).in_(ids))
        matches = ids.subquery("text_matches")
        statement = statement.join(matches, next(iter(matches.c)) == Article.id)
    return statement


# Each entity filter is a select of the revision ids that credit or name someone, used
# one of two ways. Without a text query it is an uncorrelated IN: the database starts from
# the few revisions that name the partner instead of testing every revision. With one,
# the text matches drive the query and the filter is a correlated EXISTS, a probe of the
# link table's (revision_id, ...) index per match; building the whole IN list for a common
# name would cost more than the search. Both keep filtered searches on 100,000 articles
# fast (bench/search_speed.py).


def _linked(revision_id: Any, revisions: Select[Any], probe: bool) -> Any:
    if probe:
        return revisions.where(revision_id == Revision.id).exists()
    return Revision.id.in_(revisions)


def _credited(role: str | None, name: str, probe: bool) -> Any:
    """Credited in ``role`` (any role when None) under a name containing ``name``."""
    revisions = (
        select(Credit.revision_id)
        .join(Person, Person.id == Credit.person_id)
        .where(Person.name_key.like(_contains(name), escape="\\"))
    )
    if role is not None:
        revisions = revisions.where(Credit.role == role)
    return _linked(Credit.revision_id, revisions, probe)


def _named_person(name: str, probe: bool) -> Any:
    revisions = (
        select(PersonMention.revision_id)
        .join(Person, Person.id == PersonMention.person_id)
        .where(Person.name_key.like(_contains(name), escape="\\"))
    )
    return _linked(PersonMention.revision_id, revisions, probe)


def _names_partner(name: str, probe: bool) -> Any:
    revisions = (
        select(OrganisationMention.revision_id)
        .join(Organisation, Organisation.id == OrganisationMention.organisation_id)
        .where(Organisation.name_key.like(_contains(name), escape="\\"))
    )
    return _linked(OrganisationMention.revision_id, revisions, probe)


def _mentions_country(name: str, probe: bool) -> Any:
    revisions = (
        select(CountryMention.revision_id)
        .join(Country, Country.id == CountryMention.country_id)
        .where(Country.name_key == name_key(name))
    )
    return _linked(CountryMention.revision_id, revisions, probe)


def _contains(name: str) -> str:
    """A LIKE pattern: the name's matching key anywhere, wildcards in it taken literally."""
    return "%" + _escape_like(name_key(name)) + "%"


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
    # ``data`` is written in RECORD_FIELDS order (tests check it): no reordering copy, it
    # runs once per exported record.
    return data


def format_timestamp(value: dt.datetime | None) -> str | None:
    """ISO 8601 in UTC to the second, with a ``Z``: ``2024-03-01T08:15:00Z``."""
    if value is None:
        return None
    # isoformat is several times faster than strftime (it runs once per exported record).
    return value.astimezone(dt.UTC).replace(microsecond=0, tzinfo=None).isoformat() + "Z"
