"""Full-text search on PostgreSQL: the :class:`~archive.search.SearchBackend` on tsvector.

The same queries mean the same on both engines. A parsed
:class:`~archive.search.SearchQuery` is rendered, never the raw text: its words, phrases
and exclusions become a ``websearch_to_tsquery`` string (quoted phrases, ``-`` for
exclusion: that function's own syntax, which cannot fail on any input), and its prefixes a
``to_tsquery`` of ``word:*`` terms made of word characters only. Ranking is ``ts_rank``
with the weights FTS5's bm25 uses on SQLite (title above announcement above body);
snippets are ``ts_headline`` over the announcement and body, asked only for the rows shown.
Hyphens are read as spaces when indexing, as SQLite's tokenizer does: PostgreSQL's parser
would otherwise index "COVID-19" as "covid" and "-19", and the phrase "covid 19" a query
makes of it would never match. The table, its text search configuration and its index are
made by migration 0003.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Float, Integer, Text, bindparam, column
from sqlalchemy import text as sql
from sqlalchemy.orm import Session
from sqlalchemy.sql.selectable import TextualSelect

from archive.search import DEFAULT_HIGHLIGHT, SNIPPET_TOKENS, SearchHit, SearchQuery, Term

#: English stemming after unaccent (made by migration 0003).
CONFIG = "bsmu_english"
#: ts_rank weights, in PostgreSQL's {D, C, B, A} order: body C, announcement B, title A,
#: in the proportions of FTS5_WEIGHTS (1 : 5 : 10).
RANK_WEIGHTS = "{0.0, 0.1, 0.5, 1.0}"
DOCUMENT = (
    f"setweight(to_tsvector('{CONFIG}', translate(coalesce(:title, ''), '-', ' ')), 'A') || "
    f"setweight(to_tsvector('{CONFIG}', translate(coalesce(:announcement, ''), '-', ' ')), 'B') || "
    f"setweight(to_tsvector('{CONFIG}', translate(coalesce(:body, ''), '-', ' ')), 'C')"
)


def websearch_text(query: SearchQuery) -> str:
    """The ``websearch_to_tsquery`` input for the query's whole words and phrases."""

    def render(term: Term, negated: bool) -> str:
        words = term.tokens[:-1] if term.prefix else term.tokens
        if not words:
            return ""
        phrase = " ".join(words)
        quoted = f'"{phrase}"' if len(words) > 1 else phrase
        return ("-" if negated else "") + quoted

    parts = [render(t, False) for t in query.include] + [render(t, True) for t in query.exclude]
    return " ".join(p for p in parts if p)


def prefix_text(query: SearchQuery) -> str:
    """The ``to_tsquery`` input for the query's prefixes (``vacc:*``), ANDed; excluded ones negated."""
    parts = [f"{t.tokens[-1]}:*" for t in query.include if t.prefix]
    parts += [f"!{t.tokens[-1]}:*" for t in query.exclude if t.prefix and len(t.tokens) == 1]
    return " & ".join(parts)


def tsquery_sql(query: SearchQuery) -> str | None:
    """SQL for the query's tsquery (with ``:ws`` and ``:px`` parameters), or None for nothing."""
    if query.is_empty:
        return None
    parts = []
    if websearch_text(query):
        parts.append(f"websearch_to_tsquery('{CONFIG}', :ws)")
    if prefix_text(query):
        parts.append(f"to_tsquery('{CONFIG}', :px)")
    return " && ".join(parts) if parts else None


def _params(query: SearchQuery) -> dict[str, str]:
    return {"ws": websearch_text(query), "px": prefix_text(query)}


class PostgresBackend:
    """``article_search (article_id, document tsvector)`` with a GIN index."""

    def index_article(
        self, session: Session, article_id: int, title: str, announcement: str | None, body: str
    ) -> None:
        session.execute(
            sql(
                f"INSERT INTO article_search (article_id, document) VALUES (:id, {DOCUMENT}) "
                "ON CONFLICT (article_id) DO UPDATE SET document = EXCLUDED.document"
            ),
            {"id": article_id, "title": title, "announcement": announcement or "", "body": body},
        )

    def remove_article(self, session: Session, article_id: int) -> None:
        session.execute(sql("DELETE FROM article_search WHERE article_id = :id"), {"id": article_id})

    def _matches(self, query: SearchQuery, columns: str) -> TextualSelect | None:
        tsquery = tsquery_sql(query)
        if tsquery is None:
            return None
        used = {name: value for name, value in _params(query).items() if f":{name}" in tsquery}
        return sql(
            f"SELECT {columns} FROM article_search, (SELECT {tsquery} AS q) AS t WHERE document @@ t.q"
        ).bindparams(*(bindparam(name, value) for name, value in used.items()))

    def matching_article_ids(self, query: SearchQuery) -> TextualSelect | None:
        statement = self._matches(query, "article_id")
        return None if statement is None else statement.columns(column("article_id", Integer))

    def scored_matches(self, query: SearchQuery) -> TextualSelect | None:
        statement = self._matches(
            query, f"article_id, ts_rank('{RANK_WEIGHTS}', document, t.q) AS score"
        )
        if statement is None:
            return None
        return statement.columns(column("article_id", Integer), column("score", Float))

    def snippets(
        self,
        session: Session,
        query: SearchQuery,
        article_ids: list[int],
        highlight: tuple[str, str] = DEFAULT_HIGHLIGHT,
    ) -> dict[int, str]:
        tsquery = tsquery_sql(query)
        if tsquery is None or not article_ids:
            return {}
        rows = session.execute(
            sql(
                "SELECT a.id AS article_id, ts_headline("
                f"'{CONFIG}', concat_ws(' ', r.announcement, r.body), t.q, :options) AS snippet "
                f"FROM articles a JOIN revisions r ON r.id = a.current_revision_id, (SELECT {tsquery} AS q) AS t "
                "WHERE a.id = ANY(:ids)"
            ),
            {**_params(query), "options": headline_options(highlight), "ids": list(article_ids)},
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
        tsquery = tsquery_sql(query)
        if tsquery is None or limit <= 0:
            return []
        statement = sql(
            "SELECT a.id AS article_id, a.canonical_url AS url, r.title AS title, "
            "r.published AS published, "
            f"ts_headline('{CONFIG}', concat_ws(' ', r.announcement, r.body), t.q, :options) AS snippet, "
            f"ts_rank('{RANK_WEIGHTS}', s.document, t.q) AS score "
            f"FROM article_search s, (SELECT {tsquery} AS q) AS t, articles a, revisions r "
            "WHERE s.document @@ t.q AND a.id = s.article_id AND r.id = a.current_revision_id "
            "ORDER BY score DESC, r.published DESC, a.id "
            "LIMIT :limit OFFSET :offset"
        ).columns(
            column("article_id", Integer),
            column("url", Text),
            column("title", Text),
            column("published", Date),
            column("snippet", Text),
            column("score", Float),
        )
        rows = session.execute(
            statement,
            {**_params(query), "options": headline_options(highlight), "limit": limit, "offset": max(offset, 0)},
        )
        return [
            SearchHit(row.article_id, row.url, row.title, _date(row.published), row.snippet or "", float(row.score))
            for row in rows
        ]

    def count(self, session: Session, query: SearchQuery) -> int:
        statement = self._matches(query, "count(*)")
        if statement is None:
            return 0
        return int(session.execute(statement).scalar_one())


def headline_options(highlight: tuple[str, str]) -> str:
    """``ts_headline`` options: our markers (quoted), one fragment of about SNIPPET_TOKENS words."""
    start, stop = (marker.replace('"', '""') for marker in highlight)
    return (
        f'StartSel="{start}", StopSel="{stop}", MaxWords={SNIPPET_TOKENS}, '
        f"MinWords={SNIPPET_TOKENS // 2}, MaxFragments=1, FragmentDelimiter=\" … \""
    )


def _date(value: object) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
