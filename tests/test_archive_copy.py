"""`bsmu-archive db copy`: a crawled archive moved into an empty database, row for row."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from archive.models import Base
from archive.storage import Archive
from replica import ReplicaServer, build_site
from tests.conftest import make_record
from tests.test_archive_migrations import table_rows
from tests.test_scraper_helpers import run_crawl_subprocess


@pytest.fixture(scope="module")
def crawled_archive(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite archive filled by a real crawl of the served replica."""
    db_url = f"sqlite:///{tmp_path_factory.mktemp('source') / 'archive.sqlite3'}"
    with ReplicaServer(build_site(n_articles=45)) as server:
        result = run_crawl_subprocess([server.url("/allarticles/rubric2/")], db_url=db_url, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return db_url


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "archive.cli", *args], capture_output=True, text=True, timeout=300, check=False)


def test_copy_keeps_every_row_and_the_copy_works(crawled_archive: str, any_archive_url: str) -> None:
    copied = cli("db", "copy", "--from", crawled_archive, "--to", any_archive_url)
    assert copied.returncode == 0, copied.stderr
    assert "every count verified" in copied.stderr
    tables = [t.name for t in Base.metadata.sorted_tables]
    with Archive.open(crawled_archive) as source, Archive.open(any_archive_url) as target:
        assert target.counts() == source.counts()
        assert list(target.iter_current_records()) == list(source.iter_current_records())
        source_rows = table_rows(source.engine, tables, Base.metadata)
        target_rows = table_rows(target.engine, tables, Base.metadata)
        for name in tables:
            assert target_rows[name] == source_rows[name], name
        # The copy is a working archive: new rows get fresh ids, not copied ones.
        from archive.fetched import FetchedPage
        from pipeline.record import Extraction
        from tests.conftest import FETCHED_AT

        record = make_record(9001, title="Written after the copy")
        ref = target.store_capture(FetchedPage(record.url, 200, b"<html>new</html>", FETCHED_AT), None)
        assert target.store_extraction(ref.capture_id, Extraction("ok", "article", record.url, record)) == "new"
        assert target.counts()["articles"] == source.counts()["articles"] + 1
    listed = cli("--db", crawled_archive, "export", "--format", "jsonl", "--out", "-")
    assert listed.returncode == 0 and listed.stdout.count("\n") == source.counts()["articles"]


def test_copy_refuses_a_target_with_data(crawled_archive: str, tmp_path: Path) -> None:
    target = f"sqlite:///{tmp_path / 'copy.sqlite3'}"
    assert cli("db", "copy", "--from", crawled_archive, "--to", target).returncode == 0
    again = cli("db", "copy", "--from", crawled_archive, "--to", target)
    assert again.returncode == 2
    assert "not empty" in again.stderr and len(again.stderr.strip().splitlines()) == 1
    same = cli("db", "copy", "--from", crawled_archive, "--to", crawled_archive)
    assert same.returncode == 2 and "same database" in same.stderr
