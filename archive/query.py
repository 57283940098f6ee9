"""One search over the archive: text query, filters, sort, paging and facets together.

The CLI's ``search``, the web page and the JSON API all ask the archive the same
question ("these words, with these filters, sorted so, this page, and how the matches
spread over years, partners, countries and people"), so the answer is computed here once.

It is written against :class:`archive.search.SearchBackend` only: the engine says which
articles match and how well (``scored_matches``) and gives excerpts for the rows shown
(``snippets``); filtering (:func:`archive.records.where_record_matches`), sorting, paging
and facets are plain SQL over the archive's own tables, so a PostgreSQL ``tsvector``
backend gets all of it by implementing those two methods.

Facets are counted with ``GROUP BY`` over the revision ids of the matches, computed once
(a ``MATERIALIZED`` common table expression) and shared by the total and every facet in a
single ``UNION ALL`` statement: one pass over the full-text index whatever the number of
facets. This is what keeps a faceted query on 100,000 articles within its budget
(``bench/search_speed.py``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from sqlalchemy import (
    Column,
    Date,
    Float,
    Integer,
    MetaData,
    Select,
    String,
    Table,
    cast,
    extract,
    func,
    literal,
    null,
    select,
    union_all,
)
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Session

from archive.models import (
    Article,
    Country,
    CountryMention,
    Credit,
    Organisation,
    OrganisationMention,
    Person,
    Revision,
)
from archive.records import (
    RecordFilter,
    current_record,
    select_current_records,
    where_record_matches,
)
from archive.search import DEFAULT_HIGHLIGHT, SearchBackend, backend_for, parse_query

SortOrder = Literal["relevance", "date"]
SORT_ORDERS: tuple[str, ...] = get_args(SortOrder)
FacetName = Literal["year", "partner", "country", "author", "translator"]
#: The facets, in the order pages show them; each is also the name of the
#: :class:`RecordFilter` field that narrows to one of its values.
FACETS: tuple[str, ...] = get_args(FacetName)
DEFAULT_FACET_LIMIT = 10


@dataclass(frozen=True, slots=True)
class SearchRequest:
    """What to search for and how much of the answer to compute.

    ``sort="relevance"`` needs a text query; without one the newest articles come first,
    as with ``sort="date"``. Facets cost a second statement, so they are computed only when
    asked for; ``facet_limit`` caps every facet but the years, which are all listed.
    """

    filters: RecordFilter = field(default_factory=RecordFilter)
    sort: SortOrder = "relevance"
    limit: int = 20
    offset: int = 0
    facets: bool = False
    facet_limit: int = DEFAULT_FACET_LIMIT
    highlight: tuple[str, str] = DEFAULT_HIGHLIGHT


@dataclass(frozen=True, slots=True)
class SearchResult:
    """One article in a page of results: its current record and how it matched."""

    record: dict[str, Any]  # archive.records.current_record shape
    score: float | None  # relevance (higher is better); None without a text query
    snippet: str  # excerpt with the highlight marks around matches; "" without a text query


@dataclass(frozen=True, slots=True)
class FacetCount:
    value: str
    count: int


@dataclass(frozen=True, slots=True)
class SearchResults:
    total: int
    results: list[SearchResult]
    sort: SortOrder  # the order actually used (relevance falls back to date without a query)
    facets: dict[str, list[FacetCount]] = field(default_factory=dict)


def search_archive(session_or_archive: Any, request: SearchRequest) -> SearchResults:
    """Run ``request``; ``session_or_archive`` is a ``Session`` or an ``Archive``."""
    if isinstance(session_or_archive, Session):
        return _search(session_or_archive, request)
    with session_or_archive.session() as session:
        return _search(session, request)


def _search(session: Session, request: SearchRequest) -> SearchResults:
    backend = backend_for(session.get_bind().dialect.name)
    text = (request.filters.query or "").strip()
    query = parse_query(text) if text else None
    sort: SortOrder = "relevance" if query is not None and request.sort == "relevance" else "date"
    filters = dataclasses.replace(request.filters, query=text or None)
    empty_facets = {name: [] for name in FACETS} if request.facets else {}
    if query is not None and query.is_empty:
        return SearchResults(0, [], sort, empty_facets)

    text_drives = query is None or _text_drives(session, backend, query, filters)
    matching = where_record_matches(
        select(
            Revision.id.label("revision_id"),
            Article.id.label("article_id"),
            Revision.published.label("published"),
        )
        .select_from(Revision)
        .join(Article, Article.current_revision_id == Revision.id),
        filters,
        backend,
        text_drives=text_drives,
    )
    total: int | None = None
    facets: dict[str, list[FacetCount]] = {}
    source: Any = None
    if request.facets:
        source = _computed_once(session, matching)
        total, facets = _total_and_facets(session, source, request.facet_limit)
        if total == 0:
            return SearchResults(0, [], sort, facets)
    if request.limit <= 0:
        if total is None:
            total = session.scalar(select(func.count()).select_from(matching.subquery())) or 0
        return SearchResults(total, [], sort, facets)

    page = _page(
        source, matching, filters, backend, query, sort, request.limit, request.offset,
        text_drives=text_drives, with_total=total is None,
    )  # fmt: skip
    rows = session.execute(page).all()
    if total is None:
        if rows:
            total = int(rows[0].total)
        else:  # past the last page: count separately
            total = session.scalar(select(func.count()).select_from(matching.subquery())) or 0
    ids = [row.article_id for row in rows]
    scores = {row.article_id: row.score for row in rows}
    records = {
        row.article_id: current_record(row)
        for row in session.execute(
            select_current_records(None, backend)
            .add_columns(Article.id.label("article_id"))
            .where(Article.id.in_(ids))
        )
    }
    snippets = (
        backend.snippets(session, query, ids, request.highlight) if query is not None else {}
    )
    results = [
        SearchResult(records[i], scores[i], snippets.get(i, "")) for i in ids if i in records
    ]
    return SearchResults(total, results, sort, facets)


#: Above this many text matches, other filters (when there are any) drive the query.
TEXT_DRIVES_UP_TO = 5_000


def _text_drives(
    session: Session, backend: SearchBackend, query: Any, filters: RecordFilter
) -> bool:
    """Whether the text matches should drive the query rather than the other filters.

    The engine counts its matches in about a millisecond, which a query planner cannot
    know in advance: a rare word ("Nanjing") is best looked up first and the filters
    checked per match; a common one ("students", half the archive) with a translator or a
    year is best found the other way round.
    """
    others = dataclasses.replace(filters, query=None)
    if others == RecordFilter():
        return True
    return backend.count(session, query) <= TEXT_DRIVES_UP_TO


def _page(
    source: Any,
    matching: Select[Any],
    filters: RecordFilter,
    backend: SearchBackend,
    query: Any,
    sort: SortOrder,
    limit: int,
    offset: int,
    *,
    text_drives: bool,
    with_total: bool,
) -> Select[Any]:
    """The article ids (and scores) of one page, in the requested order.

    ``source`` is the matches already computed for the facets (None: not computed); with
    ``with_total`` each row also carries the number of matches (a window count: the same
    pass over the matches that sorts them, not a second statement).
    """
    if sort == "relevance":
        scored = backend.scored_matches(query)
        assert scored is not None, "an empty query was answered before paging"
        matches = scored.subquery("scored")
        if source is not None:
            statement = select(
                source.c.article_id, matches.c.score.label("score"), source.c.published
            ).join(matches, matches.c.article_id == source.c.article_id)
            published, article_id = source.c.published, source.c.article_id
        else:
            # The text is matched by the join with the scores, so the filters leave it out
            # when the text drives; otherwise the filters drive and test membership.
            statement = where_record_matches(
                select(Article.id.label("article_id"), matches.c.score.label("score"))
                .select_from(Revision)
                .join(Article, Article.current_revision_id == Revision.id)
                .join(matches, matches.c.article_id == Article.id),
                filters if not text_drives else dataclasses.replace(filters, query=None),
                backend,
                text_drives=text_drives,
            )
            published, article_id = Revision.published, Article.id
        statement = statement.order_by(matches.c.score.desc(), published.desc(), article_id.desc())
    else:
        inner = source if source is not None else matching.subquery("matching")
        statement = select(inner.c.article_id, cast(null(), Float).label("score")).order_by(
            inner.c.published.desc(), inner.c.article_id.desc()
        )
    if with_total:
        statement = statement.add_columns(func.count().over().label("total"))
    return statement.limit(limit).offset(max(offset, 0))


#: Where SQLite keeps one search's matches while the facets are counted: a temporary
#: table, private to the connection, never part of the archive's schema.
_MATCHES = Table(
    "search_matches",
    MetaData(),
    # Keyed by article: the relevance page joins the engine's scored matches on it, so
    # scores are computed only for the matches that passed the filters.
    Column("article_id", Integer, primary_key=True),
    Column("revision_id", Integer),
    Column("published", Date),
    schema="temp",
)


def _computed_once(session: Session, matching: Select[Any]) -> Any:
    """The matches as something every facet can read without computing them again.

    PostgreSQL materialises a ``MATERIALIZED`` common table expression once per
    statement; SQLite (3.40) materialises it again for each member of a ``UNION ALL``,
    which made six facets cost six searches. On SQLite the matches therefore go into a
    temporary table first (a private scratch table of this connection: the archive
    itself is not written).
    """
    if session.get_bind().dialect.name != "sqlite":
        return matching.cte("matches").prefix_with("MATERIALIZED")
    session.execute(
        sql_text(
            "CREATE TEMP TABLE IF NOT EXISTS search_matches "
            "(article_id INTEGER PRIMARY KEY, revision_id INTEGER, published DATE)"
        )
    )
    session.execute(_MATCHES.delete())
    inner = matching.subquery()
    session.execute(
        _MATCHES.insert().from_select(
            ["revision_id", "article_id", "published"],
            select(inner.c.revision_id, inner.c.article_id, inner.c.published),
        )
    )
    return _MATCHES


def _total_and_facets(
    session: Session, matches: Any, limit: int
) -> tuple[int, dict[str, list[FacetCount]]]:
    """The number of matches and every facet, in one statement over the matches computed
    once (see :func:`_computed_once`)."""
    # ``+ 0`` keeps the planner from indexing the matches and scanning a whole link table
    # against them: it walks the matches into each link table's (revision_id, ...) index.
    revision = matches.c.revision_id + 0
    year = cast(extract("year", matches.c.published), String)

    def grouped(name: str, key: Any, *joins: tuple[Any, Any], distinct: bool = False) -> Any:
        """The ``limit`` most frequent values of ``key`` (an id) among the matches.

        Grouped by the id, not the name: the planner then walks the (few) matches into the
        link table's (revision_id, ...) index, instead of every link row of every name.
        """
        count = func.count(revision.distinct()) if distinct else func.count()
        statement = select(key.label("key"), count.label("n")).select_from(matches)
        for target, on in joins:
            statement = statement.join(target, on)
        # SQLite allows ORDER BY / LIMIT in a compound member only inside a subquery.
        return statement.group_by(key).order_by(count.desc()).limit(limit).subquery(name)

    def named(name: str, top: Any, table: Any) -> Any:
        return select(literal(name), table.name, top.c.n).join(table, table.id == top.c.key)

    def credited(role: str) -> Any:
        top = grouped(
            role,
            Credit.person_id,
            (Credit, (Credit.revision_id == revision) & (Credit.role == role)),
            distinct=True,
        )
        return named(role, top, Person)

    statement = union_all(
        select(literal("total"), cast(null(), String), func.count()).select_from(matches),
        select(literal("year"), year, func.count()).select_from(matches).group_by(year),
        named(
            "partner",
            grouped(
                "partner",
                OrganisationMention.organisation_id,
                (OrganisationMention, OrganisationMention.revision_id == revision),
            ),
            Organisation,
        ),
        named(
            "country",
            grouped(
                "country",
                CountryMention.country_id,
                (CountryMention, CountryMention.revision_id == revision),
            ),
            Country,
        ),
        credited("author"),
        credited("translator"),
    )
    total = 0
    facets: dict[str, list[FacetCount]] = {name: [] for name in FACETS}
    for name, value, count in session.execute(statement):
        if name == "total":
            total = int(count)
        elif value is not None:
            facets[name].append(FacetCount(str(value), int(count)))
    facets["year"].sort(key=lambda f: f.value, reverse=True)
    for name in FACETS[1:]:
        facets[name].sort(key=lambda f: (-f.count, f.value))
    return total, facets


def facet_filter(filters: RecordFilter, name: str, value: str) -> RecordFilter:
    """``filters`` narrowed to one facet value (what clicking a facet does)."""
    if name not in FACETS:
        raise ValueError(f"unknown facet {name!r}; known: {', '.join(FACETS)}")
    if name == "year":
        return dataclasses.replace(filters, year=int(value))
    return dataclasses.replace(filters, **{name: value})



def refresh_statistics(archive: Any) -> None:
    """Let SQLite's planner see the archive as it is now.

    The search statements rely on the planner reading a revision's date through the
    narrow ``ix_revisions_id_published_language`` index rather than the wide row, which
    it only does with statistics. An archive that grew since its last ``ANALYZE`` (the
    migrations run one on a new, empty archive) is analysed again, with
    ``analysis_limit`` so that it takes milliseconds, not seconds; otherwise ``PRAGMA
    optimize`` does what little is due. Statistics are not archive content: the
    read-only web UI calls this when it starts. Other databases keep their own.
    """
    if archive.engine.dialect.name != "sqlite":
        return
    with archive.engine.connect() as connection:
        rows = connection.exec_driver_sql("SELECT max(rowid) FROM revisions").scalar() or 0
        stat = connection.exec_driver_sql(
            "SELECT stat FROM sqlite_stat1 WHERE tbl = 'revisions' AND idx IS NOT NULL LIMIT 1"
        ).scalar()
        counted = int(str(stat).split()[0]) if stat else 0
        if rows > 2 * counted:
            connection.exec_driver_sql("PRAGMA analysis_limit=1000")
            connection.exec_driver_sql("ANALYZE")
        else:
            connection.exec_driver_sql("PRAGMA optimize=0x10002")
        connection.commit()
