"""The same archive code on a real PostgreSQL server (BSMU_TEST_POSTGRES_URL)."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import text

from archive.search import search
from archive.storage import Archive
from pipeline.record import Partner
from tests.conftest import make_record

pytestmark = pytest.mark.postgres


def test_schema_writes_and_revisions_on_postgresql(postgres_archive_url, tmp_path):
    from archive.fetched import FetchedPage
    from pipeline.record import Extraction
    from tests.conftest import FETCHED_AT

    record = make_record(641, partners=(Partner("Nanjing Medical University", "China", "university", "registry"),),
                         countries=("China",))
    with Archive.open(postgres_archive_url) as archive:
        assert archive.engine.dialect.name == "postgresql"

        def store(rec, body: bytes) -> str:
            ref = archive.store_capture(FetchedPage(rec.url, 200, body, FETCHED_AT), None)
            return archive.store_extraction(ref.capture_id, Extraction("ok", "article", rec.url, rec))

        assert store(record, b"<html>v1</html>") == "new"
        counts = archive.counts()
        assert store(record, b"<html>v1</html>") == "unchanged"  # identical re-fetch
        assert archive.counts() == counts
        changed = dataclasses.replace(record, title="A new title")
        assert store(changed, b"<html>v2</html>") == "changed"
        [current] = list(archive.iter_current_records())
        assert current["title"] == "A new title" and current["revision"] == 2
        assert current["partners"][0]["name"] == "Nanjing Medical University"
        assert current["countries"] == ["China"]
        with archive.engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM revisions")).scalar() == 2
        # Full-text search on PostgreSQL: tsvector, kept in step with the current revision.
        [hit] = search(archive, "new titles")
        assert hit.title == "A new title" and hit.url == record.url
        assert search(archive, "Nanjing -title") == []
