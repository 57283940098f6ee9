"""Schema migrations on both backends: an archive made by the first migration, with data
in it, is upgraded to the newest and loses nothing; until then nothing runs on it."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from typing import Any

from alembic import command
from sqlalchemy import MetaData, inspect, select, text

from archive.db import make_engine, writer
from archive.schema import alembic_config, current_revision, head_revision
from archive.storage import Archive

FIRST = "0001"
T0 = dt.datetime(2023, 5, 4, 8, 30, tzinfo=dt.UTC)
URL = "https://eng.bsmu.by/allarticles/rubric2/article617/"


def first_version_rows() -> dict[str, list[dict[str, Any]]]:
    """What the first version of the archive held after crawling one article."""
    record = {
        "url": URL, "title": "BSMU and Nanjing Medical University sign an agreement",
        "announcement": "A delegation visited BSMU.", "published": "2023-03-03",
        "body": "The parties agreed on academic exchange.",
        "authors": [{"name": "Yelena Ivanova", "role": "BSMU spokesperson"}],
        "translators": ["Nadezhda Kolyago"], "photographers": [], "language": "en",
        "site_article_id": 617, "rubric": 2, "extractor_version": "1.0.0",
    }
    return {
        "capture_bodies": [{"sha256": "a" * 64, "body": b"<html>article 617</html>", "size": 24, "compression": "none"}],
        "runs": [{
            "id": 1, "started_at": T0, "finished_at": T0 + dt.timedelta(minutes=5), "status": "ok",
            "start_urls": ["https://eng.bsmu.by/allarticles/rubric2/"], "settings": {"DOWNLOAD_DELAY": 1.0},
            "requests": 4, "responses": 4, "new": 1, "changed": 0, "unchanged": 0, "gone": 0,
            "failed": 0, "not_articles": 0, "bytes": 24, "stats": {"finish_reason": "finished"},
            "message": None, "log_path": None,
        }],
        "people": [
            {"id": 1, "name": "Yelena Ivanova", "name_key": "yelena ivanova"},
            {"id": 2, "name": "Nadezhda Kolyago", "name_key": "nadezhda kolyago"},
        ],
        "articles": [{
            "id": 1, "canonical_url": URL, "site_article_id": 617, "rubric": 2, "host": "eng.bsmu.by",
            "first_seen_at": T0, "last_seen_at": T0, "gone_at": None, "current_revision_id": None,
        }],
        "captures": [{
            "id": 1, "url": URL, "requested_url": None, "canonical_url": URL, "status": 200,
            "headers": {"content-type": "text/html; charset=utf-8"}, "body_sha256": "a" * 64,
            "fetched_at": T0, "last_fetched_at": T0, "fetch_count": 1, "run_id": 1, "etag": '"e1"',
            "last_modified": "Fri, 03 Mar 2023 10:00:00 GMT", "extraction_status": "ok",
            "failure_reason": None, "failure_message": None, "page_kind": "article", "encoding": "utf-8",
            "extractor_version": "1.0.0", "extraction_notes": [], "article_id": 1,
        }],
        "revisions": [{
            "id": 1, "article_id": 1, "number": 1, "capture_id": 1, "created_at": T0,
            "extractor_version": "1.0.0", "content_hash": "c" * 64, "title": record["title"],
            "announcement": record["announcement"], "published": dt.date(2023, 3, 3),
            "body": record["body"], "language": "en", "record": record,
        }],
        "credits": [
            {"id": 1, "revision_id": 1, "person_id": 1, "role": "author", "position": "BSMU spokesperson", "ordinal": 1},
            {"id": 2, "revision_id": 1, "person_id": 2, "role": "translator", "position": None, "ordinal": 1},
        ],
    }


def table_rows(engine: Any, names: list[str], metadata: MetaData | None = None) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of each table by primary key; reflected unless ``metadata`` (typed) is given."""
    if metadata is None:
        metadata = MetaData()
        metadata.reflect(engine, only=names)
    with engine.connect() as connection:
        return {
            name: [tuple(row) for row in connection.execute(select(metadata.tables[name]).order_by(*metadata.tables[name].primary_key.columns))]
            for name in names
        }


def test_a_first_version_archive_with_data_upgrades_and_loses_nothing(any_archive_url: str) -> None:
    engine = make_engine(any_archive_url)
    try:
        command.upgrade(alembic_config(writer(engine)), FIRST)
        assert current_revision(engine) == FIRST
        rows = first_version_rows()
        metadata = MetaData()
        metadata.reflect(engine, only=list(rows))
        with writer(engine).begin() as connection:
            for name, values in rows.items():  # in foreign-key order
                connection.execute(metadata.tables[name].insert(), values)
            connection.execute(metadata.tables["articles"].update().values(current_revision_id=1))
            if engine.dialect.name == "sqlite":  # the first version kept FTS5 in step, too
                revision = rows["revisions"][0]
                connection.execute(
                    text("INSERT INTO article_search (rowid, title, announcement, body) VALUES (1, :t, :a, :b)"),
                    {"t": revision["title"], "a": revision["announcement"], "b": revision["body"]},
                )
        before = table_rows(engine, list(rows))
        older_tables = set(inspect(engine).get_table_names())
    finally:
        engine.dispose()

    # Nothing runs on an out-of-date archive: it says what to do.
    refused = subprocess.run(
        [sys.executable, "-m", "archive.cli", "--db", any_archive_url, "search", "agreement"],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert refused.returncode == 2
    assert "run `bsmu-archive db upgrade`" in refused.stderr and len(refused.stderr.strip().splitlines()) == 1
    crawl = subprocess.run(
        [sys.executable, "-m", "archive.cli", "--db", any_archive_url, "crawl", "--start-url", "http://127.0.0.1:9/allarticles/rubric2/"],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert crawl.returncode == 2 and "db upgrade" in crawl.stderr

    upgraded = subprocess.run(
        [sys.executable, "-m", "archive.cli", "--db", any_archive_url, "db", "upgrade"],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert upgraded.returncode == 0, upgraded.stderr

    engine = make_engine(any_archive_url)
    try:
        assert current_revision(engine) == head_revision()
        assert table_rows(engine, list(rows)) == before, "the upgrade changed the first version's data"
        assert older_tables < set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
    with Archive.open(any_archive_url) as archive:
        [record] = list(archive.iter_current_records())
        assert record["title"] == rows["revisions"][0]["title"]
        assert record["authors"] == [{"name": "Yelena Ivanova", "role": "BSMU spokesperson"}]
        assert record["translators"] == ["Nadezhda Kolyago"]
        assert [r.id for r in archive.runs()] == [1]
        # The search index covers what was there before the upgrade (PostgreSQL's is made
        # by migration 0003 and filled from the current revisions).
        from archive.search import search

        assert [hit.url for hit in search(archive, "agreement Nanjing")] == [URL]
