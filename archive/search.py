"""Full-text search over the current revision of every article.

People type queries, not query languages, so the user's text is parsed into a small
:class:`SearchQuery` and only then rendered for the database; nothing the user types
reaches the engine's parser, which is what makes any input safe:

* bare words must all occur (``vaccine students``),
* ``"quoted phrases"`` must occur as written (an unclosed quote runs to the end),
* a trailing ``*`` matches a prefix (``vacc*``),
* a leading ``-`` excludes a word or phrase (``-covid``, ``-"open day"``).

Punctuation inside a word only separates its parts, which must then be adjacent:
``COVID-19`` searches for the phrase "covid 19". A query with nothing to look for (only
exclusions, or only punctuation) matches nothing.

The engine sits behind :class:`SearchBackend`: SQLite's FTS5 now (Porter stemming, so
"student" also finds "students"; bm25 ranking with the title weighted above the
announcement above the body), PostgreSQL's tsvector later, with the same callers.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import Date, Float, Integer, Text, column
from sqlalchemy import text as sql
from sqlalchemy.orm import Session
from sqlalchemy.sql.selectable import TextualSelect

from archive.errors import ArchiveError

DEFAULT_HIGHLIGHT = ("[", "]")
#: bm25 weights of the indexed columns: title, announcement, body.
FTS5_WEIGHTS = (10.0, 5.0, 1.0)
SNIPPET_TOKENS = 16

_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One matching article. ``score`` is higher for better matches (negated bm25)."""

    article_id: int  # the archive's articles.id (not the site's article number)
    url: str
    title: str
    published: dt.date
    snippet: str
    score: float


@dataclass(frozen=True, slots=True)
class Term:
    """A word or phrase of a query: its tokens must occur next to each other, in order."""

    tokens: tuple[str, ...]
    prefix: bool = False  # the last token may be the start of a longer word


@dataclass(frozen=True, slots=True)
class SearchQuery:
    include: tuple[Term, ...] = ()
    exclude: tuple[Term, ...] = ()

    @property
    def is_empty(self) -> bool:
        """True when nothing is asked for; such a query matches no article."""
        return not self.include


class SearchUnavailable(ArchiveError):
    """The database has no full-text index this code can use."""


def parse_query(text: str) -> SearchQuery:
    """Turn what a user typed into a :class:`SearchQuery`; never fails."""
    text = unicodedata.normalize("NFKC", text)
    include: list[Term] = []
    exclude: list[Term] = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        negated = False
        if text[i] == "-" and i + 1 < n and not text[i + 1].isspace():
            negated = True
            i += 1
        if text[i] == '"':
            end = text.find('"', i + 1)
            end = n if end == -1 else end
            raw = text[i + 1 : end]
            i = end + 1
            prefix = i < n and text[i] == "*"
            while i < n and text[i] == "*":
                i += 1
        else:
            start = i
            while i < n and not text[i].isspace() and text[i] != '"':
                i += 1
            raw = text[start:i]
            prefix = raw.endswith("*")
        tokens = tuple(token.casefold() for token in _WORD.findall(raw))
        if tokens:
            (exclude if negated else include).append(Term(tokens, prefix))
    return SearchQuery(tuple(include), tuple(exclude))


def fts5_expression(query: SearchQuery) -> str | None:
    """The FTS5 MATCH expression for ``query``, or None when it asks for nothing.

    Every term becomes a double-quoted FTS5 string built from word characters only, so
    the expression is well-formed whatever the user typed.
    """
    if query.is_empty:
        return None

    def render(term: Term) -> str:
        return '"' + " ".join(term.tokens) + '"' + ("*" if term.prefix else "")

    expression = " AND ".join(render(term) for term in query.include)
    if query.exclude:
        excluded = " OR ".join(render(term) for term in query.exclude)
        expression = f"({expression}) NOT ({excluded})"
    return expression


class SearchBackend(Protocol):
    """What the archive needs from a full-text engine.

    The index holds one entry per article, made of its *current* revision; the storage
    layer replaces it in the same transaction that changes the current revision.
    """

    def index_article(
        self, session: Session, article_id: int, title: str, announcement: str | None, body: str
    ) -> None: ...

    def remove_article(self, session: Session, article_id: int) -> None: ...

    def matching_article_ids(self, query: SearchQuery) -> TextualSelect | None:
        """A one-column select of the ids of matching articles (None: matches nothing)."""
        ...

    def scored_matches(self, query: SearchQuery) -> TextualSelect | None:
        """A select of ``article_id`` and ``score`` (higher is better) of every match.

        The archive joins it with its own filters and sorts and pages the result itself,
        so filters, facets and paging work the same on every engine (None: no match).
        """
        ...

    def snippets(
        self,
        session: Session,
        query: SearchQuery,
        article_ids: list[int],
        highlight: tuple[str, str],
    ) -> dict[int, str]:
        """Highlighted excerpts for a few articles (one page of results): costly per row,
        so asked only for the rows shown."""
        ...

    def search(
        self,
        session: Session,
        query: SearchQuery,
        limit: int,
        offset: int,
        highlight: tuple[str, str],
    ) -> list[SearchHit]: ...

    def count(self, session: Session, query: SearchQuery) -> int: ...


class Fts5Backend:
    """SQLite FTS5 table ``article_search`` (rowid = articles.id), made by migration 0001."""

    def index_article(
        self, session: Session, article_id: int, title: str, announcement: str | None, body: str
    ) -> None:
        self.remove_article(session, article_id)
        session.execute(
            sql(
                "INSERT INTO article_search (rowid, title, announcement, body) "
                "VALUES (:id, :title, :announcement, :body)"
            ),
            {"id": article_id, "title": title, "announcement": announcement or "", "body": body},
        )

    def remove_article(self, session: Session, article_id: int) -> None:
        session.execute(sql("DELETE FROM article_search WHERE rowid = :id"), {"id": article_id})

    def matching_article_ids(self, query: SearchQuery) -> TextualSelect | None:
        expression = fts5_expression(query)
        if expression is None:
            return None
        return (
            sql("SELECT rowid FROM article_search WHERE article_search MATCH :fts_query")
            .bindparams(fts_query=expression)
            .columns(column("rowid", Integer))
        )

    def scored_matches(self, query: SearchQuery) -> TextualSelect | None:
        expression = fts5_expression(query)
        if expression is None:
            return None
        weights = ", ".join(str(w) for w in FTS5_WEIGHTS)
        return (
            sql(
                f"SELECT rowid AS article_id, -bm25(article_search, {weights}) AS score "
                "FROM article_search WHERE article_search MATCH :fts_scored_query"
            )
            .bindparams(fts_scored_query=expression)
            .columns(column("article_id", Integer), column("score", Float))
        )

    def snippets(
        self,
        session: Session,
        query: SearchQuery,
        article_ids: list[int],
        highlight: tuple[str, str] = DEFAULT_HIGHLIGHT,
    ) -> dict[int, str]:
        expression = fts5_expression(query)
        if expression is None or not article_ids:
            return {}
        statement = sql(
            "SELECT rowid AS article_id, "
            f"snippet(article_search, -1, :mark_open, :mark_close, '…', {SNIPPET_TOKENS}) AS snippet "
            "FROM article_search WHERE article_search MATCH :fts_query "
            "AND rowid IN (SELECT value FROM json_each(:ids))"
        )
        rows = session.execute(
            statement,
            {
                "fts_query": expression,
                "mark_open": highlight[0],
                "mark_close": highlight[1],
                "ids": json.dumps([int(i) for i in article_ids]),
            },
        )
        return {row.article_id: row.snippet or "" for row in rows}

    def search(
        self,
        session: Session,
        query: SearchQuery,
        limit: int,
        offset: int,
        highlight: tuple[str, str] = DEFAULT_HIGHLIGHT,
    ) -> list[SearchHit]:
        expression = fts5_expression(query)
        if expression is None or limit <= 0:
            return []
        weights = ", ".join(str(w) for w in FTS5_WEIGHTS)
        statement = sql(
            "SELECT a.id AS article_id, a.canonical_url AS url, r.title AS title, "
            "r.published AS published, "
            f"snippet(article_search, -1, :mark_open, :mark_close, '…', {SNIPPET_TOKENS}) AS snippet, "
            f"bm25(article_search, {weights}) AS rank "
            "FROM article_search "
            "JOIN articles AS a ON a.id = article_search.rowid "
            "JOIN revisions AS r ON r.id = a.current_revision_id "
            "WHERE article_search MATCH :fts_query "
            "ORDER BY rank, r.published DESC, a.id "
            "LIMIT :limit OFFSET :offset"
        ).columns(
            column("article_id", Integer),
            column("url", Text),
            column("title", Text),
            column("published", Date),
            column("snippet", Text),
            column("rank", Float),
        )
        rows = session.execute(
            statement,
            {
                "fts_query": expression,
                "mark_open": highlight[0],
                "mark_close": highlight[1],
                "limit": limit,
                "offset": max(offset, 0),
            },
        )
        return [
            SearchHit(
                row.article_id, row.url, row.title, row.published, row.snippet or "", -row.rank
            )
            for row in rows
        ]

    def count(self, session: Session, query: SearchQuery) -> int:
        expression = fts5_expression(query)
        if expression is None:
            return 0
        return session.execute(
            sql("SELECT count(*) FROM article_search WHERE article_search MATCH :q"),
            {"q": expression},
        ).scalar_one()


class NoSearchBackend:
    """For databases whose search index is not written yet: storing works, searching says so."""

    def __init__(self, dialect_name: str) -> None:
        self.dialect_name = dialect_name

    def index_article(
        self, session: Session, article_id: int, title: str, announcement: str | None, body: str
    ) -> None:
        return None

    def remove_article(self, session: Session, article_id: int) -> None:
        return None

    def _unavailable(self) -> SearchUnavailable:
        return SearchUnavailable(f"full-text search is not available on {self.dialect_name} yet")

    def matching_article_ids(self, query: SearchQuery) -> TextualSelect | None:
        raise self._unavailable()

    def scored_matches(self, query: SearchQuery) -> TextualSelect | None:
        raise self._unavailable()

    def snippets(
        self,
        session: Session,
        query: SearchQuery,
        article_ids: list[int],
        highlight: tuple[str, str] = DEFAULT_HIGHLIGHT,
    ) -> dict[int, str]:
        raise self._unavailable()

    def search(
        self,
        session: Session,
        query: SearchQuery,
        limit: int,
        offset: int,
        highlight: tuple[str, str] = DEFAULT_HIGHLIGHT,
    ) -> list[SearchHit]:
        raise self._unavailable()

    def count(self, session: Session, query: SearchQuery) -> int:
        raise self._unavailable()


def backend_for(dialect_name: str) -> SearchBackend:
    """The search backend for a database dialect."""
    if dialect_name == "sqlite":
        return Fts5Backend()
    if dialect_name == "postgresql":
        from archive.search_postgres import PostgresBackend

        return PostgresBackend()
    return NoSearchBackend(dialect_name)


def search(
    session_or_archive: Any,
    text: str,
    limit: int = 20,
    offset: int = 0,
    *,
    highlight: tuple[str, str] = DEFAULT_HIGHLIGHT,
) -> list[SearchHit]:
    """The best-matching articles for what the user typed, best first.

    ``session_or_archive`` is a SQLAlchemy ``Session`` or an ``archive.storage.Archive``
    (anything with a ``session()`` method), so the CLI, the web UI and tests can all call it.
    """
    query = parse_query(text)
    if isinstance(session_or_archive, Session):
        return _backend_of(session_or_archive).search(
            session_or_archive, query, limit, offset, highlight
        )
    with session_or_archive.session() as session:
        return _backend_of(session).search(session, query, limit, offset, highlight)


def count_matches(session_or_archive: Any, text: str) -> int:
    """How many articles match what the user typed (for paging)."""
    query = parse_query(text)
    if isinstance(session_or_archive, Session):
        return _backend_of(session_or_archive).count(session_or_archive, query)
    with session_or_archive.session() as session:
        return _backend_of(session).count(session, query)


def _backend_of(session: Session) -> SearchBackend:
    return backend_for(session.get_bind().dialect.name)
