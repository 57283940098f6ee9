"""Is an archive sound? The checks a crawl killed at any moment must leave passing.

The archive writes raw-first, one transaction per step, so a SIGKILL can only cut
between transactions; these checks are how that claim is proved rather than assumed
(``tests/test_kill_soak.py`` runs them after every kill). Each returns a list of
problems in words, empty when sound, so a failure says what is wrong and where.

SQLite only (PRAGMAs and the FTS5 index); other backends get the relational checks.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, text

from archive.people import display_name

#: Credit roles and the record field listing the people credited in each.
ROLE_FIELDS = {"author": "authors", "translator": "translators", "photographer": "photographers"}


def check_archive_integrity(engine: Engine, *, settled: bool = False) -> list[str]:
    """Every problem found in the archive behind ``engine``; empty when it is sound.

    ``settled``: no crawl is running or was cut short since the last finished one, so
    no capture may still wait for its extraction (``pending``). Right after a kill a
    pending capture is expected: raw first, extraction next, and the next run reads it.
    """
    problems: list[str] = []
    with engine.connect() as conn:
        sqlite = engine.dialect.name == "sqlite"
        if sqlite:
            verdict = conn.execute(text("PRAGMA integrity_check")).scalars().all()
            if verdict != ["ok"]:
                problems.append(f"integrity_check: {verdict[:5]}")
            broken_keys = conn.execute(text("PRAGMA foreign_key_check")).all()
            if broken_keys:
                problems.append(f"foreign_key_check: {[tuple(r) for r in broken_keys[:5]]}")
        problems += _query_problems(conn, RELATIONAL_CHECKS)
        if sqlite:
            problems += _query_problems(conn, SEARCH_CHECKS)
        problems += _credit_problems(conn)
        if settled:
            problems += _query_problems(conn, SETTLED_CHECKS)
    return problems


#: (what must hold, a query returning the rows that break it)
RELATIONAL_CHECKS = (
    ("a current revision belongs to its article",
     "SELECT a.id FROM articles a LEFT JOIN revisions r ON r.id = a.current_revision_id "
     "WHERE a.current_revision_id IS NOT NULL AND (r.id IS NULL OR r.article_id != a.id)"),
    ("the current revision is the article's newest",
     "SELECT a.id FROM articles a JOIN revisions r ON r.id = a.current_revision_id "
     "WHERE r.number != (SELECT max(number) FROM revisions r2 WHERE r2.article_id = a.id)"),
    ("an article with revisions has a current one",
     "SELECT a.id FROM articles a WHERE a.current_revision_id IS NULL "
     "AND EXISTS (SELECT 1 FROM revisions r WHERE r.article_id = a.id)"),
    ("revision numbers run 1..n without gaps",
     "SELECT article_id FROM revisions GROUP BY article_id HAVING max(number) != count(*)"),
    ("a revision comes from a capture read as that article",
     "SELECT r.id FROM revisions r JOIN captures c ON c.id = r.capture_id "
     "WHERE c.extraction_status != 'ok' OR c.article_id IS NOT r.article_id"),
    ("a revision is whole (title, date, body)",
     "SELECT id FROM revisions WHERE title IS NULL OR title = '' OR published IS NULL "
     "OR body IS NULL OR record IS NULL"),
    ("a capture's body is stored",
     "SELECT c.id FROM captures c LEFT JOIN capture_bodies b ON b.sha256 = c.body_sha256 "
     "WHERE b.sha256 IS NULL"),
    ("an extracted capture says how it went",
     "SELECT id FROM captures WHERE extraction_status = 'failed' AND failure_reason IS NULL"),
    ("a person is credited or named somewhere",
     "SELECT p.id FROM people p WHERE NOT EXISTS (SELECT 1 FROM credits c WHERE c.person_id = p.id) "
     "AND NOT EXISTS (SELECT 1 FROM person_mentions m WHERE m.person_id = p.id)"),
)
SEARCH_CHECKS = (
    ("every current article is in the search index with its current title",
     "SELECT a.id FROM articles a JOIN revisions r ON r.id = a.current_revision_id "
     "LEFT JOIN article_search s ON s.rowid = a.id WHERE s.rowid IS NULL OR s.title != r.title"),
    ("the search index holds current articles only, once each",
     "SELECT s.rowid FROM article_search s LEFT JOIN articles a ON a.id = s.rowid "
     "WHERE a.current_revision_id IS NULL "
     "UNION ALL SELECT rowid FROM article_search GROUP BY rowid HAVING count(*) > 1"),
)
SETTLED_CHECKS = (
    ("no capture waits for its extraction",
     "SELECT id FROM captures WHERE extraction_status = 'pending'"),
    ("no run is left running",
     "SELECT id FROM runs WHERE status = 'running'"),
)


def _query_problems(conn: Any, checks: tuple[tuple[str, str], ...]) -> list[str]:
    problems = []
    for rule, query in checks:
        rows = conn.execute(text(query)).all()
        if rows:
            problems.append(f"{rule}: broken by {len(rows)}, e.g. {[tuple(r) for r in rows[:5]]}")
    return problems


def _credit_problems(conn: Any) -> list[str]:
    """Each revision's credit rows are exactly the people its record credits."""
    counted: dict[tuple[int, str], int] = {}
    for revision_id, role, n in conn.execute(
        text("SELECT revision_id, role, count(*) FROM credits GROUP BY revision_id, role")
    ):
        counted[(revision_id, role)] = n
    problems = []
    for revision_id, record in conn.execute(text("SELECT id, record FROM revisions")):
        record = _as_dict(record)
        for role, field in ROLE_FIELDS.items():
            people = record.get(field) or []
            names = [p["name"] if isinstance(p, dict) else p for p in people]
            expected = sum(1 for name in names if display_name(name))
            if counted.get((revision_id, role), 0) != expected:
                problems.append(
                    f"revision {revision_id}: {counted.get((revision_id, role), 0)} {role} "
                    f"credits, its record names {expected}"
                )
    return problems[:20]


def _as_dict(value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    import json

    return json.loads(value) if value else {}
