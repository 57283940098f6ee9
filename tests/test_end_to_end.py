"""The whole slice over real HTTP: replica → spider → pipeline → SQLite archive → CLI.

Each markup variant of the replica is served on 127.0.0.1 and crawled by the real
console command in a child process; every archived article is then checked against the
replica's ground truth, field by field.
"""

from __future__ import annotations

import collections
import json
import subprocess
import sys

import pytest
from sqlalchemy import text

from archive.storage import Archive
from pipeline.urls import classify_url
from replica import ReplicaServer

pytestmark = pytest.mark.slow

FIELDS = ("title", "announcement", "published", "body", "authors", "translators", "photographers", "language")
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8"]


def crawl(db_url: str, start_url: str, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "archive.cli", "--db", db_url, "crawl", "--start-url", start_url, *FAST, *extra],
        capture_output=True, text=True, timeout=300, check=False,
    )


def truth_fields(truth: dict) -> dict:
    return {f: truth[f] for f in FIELDS}


@pytest.fixture(scope="module", params=["modern", "legacy"])
def crawled(request, replica_sites, tmp_path_factory):
    """One crawl of one variant: (site, server request log, db url, crawl result)."""
    site = replica_sites[request.param]
    db_url = f"sqlite:///{tmp_path_factory.mktemp(request.param) / 'archive.sqlite3'}"
    with ReplicaServer(site) as server:
        result = crawl(db_url, f"{server.base_url}/allarticles/rubric2/")
        log = list(server.request_log)
        with Archive.open(db_url) as archive:
            after_first = archive.counts()
        second = crawl(db_url, f"{server.base_url}/allarticles/rubric2/", "--full")
    return request.param, site, log, db_url, result, (second, after_first)


def test_every_archived_article_matches_the_truth(crawled):
    variant, site, _log, db_url, result, _second = crawled
    assert result.returncode == 0, result.stderr[-3000:]
    good = {t["canonical_path"]: t for t in site.truth if not t.get("expected_failure")}
    with Archive.open(db_url) as archive:
        records = {classify_url(r["url"]).canonical.split("//", 1)[1].split("/", 1)[1]: r
                   for r in archive.iter_current_records()}
    records = {"/" + path: r for path, r in records.items()}
    assert set(records) == set(good), "archived articles differ from the replica's servable articles"
    correct = collections.Counter()
    wrong = []
    for path, truth in good.items():
        got = records[path]
        for field in FIELDS:
            if got[field] == truth[field]:
                correct[field] += 1
            else:
                wrong.append((path, field, truth[field], got[field]))
        assert got["article_id"] == truth["article_id"]
    accuracy = {f: correct[f] / len(good) for f in FIELDS}
    print(f"\n{variant}: per-field accuracy over {len(good)} articles: {json.dumps(accuracy)}")
    assert not wrong, f"{len(wrong)} wrong fields, first: {wrong[:3]}"


def test_broken_pages_are_failed_captures_with_their_reason(crawled):
    _variant, site, _log, db_url, _result, _second = crawled
    broken = {t["canonical_path"]: t["expected_failure"] for t in site.truth if t.get("expected_failure")}
    with Archive.open(db_url) as archive, archive.engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT canonical_url, failure_reason, body_sha256 FROM captures WHERE extraction_status = 'failed'"
        )).all()
        runs = archive.runs()
    failed = {"/" + r.canonical_url.split("//", 1)[1].split("/", 1)[1]: r.failure_reason for r in rows}
    assert failed == broken
    assert all(r.body_sha256 for r in rows), "the raw capture of a failed page is kept"
    first_run = runs[-1]
    assert first_run.failed == len(broken)


def test_each_article_is_fetched_once_and_static_pages_never(crawled):
    _variant, site, log, _db_url, _result, _second = crawled
    paths = [entry.path for entry in log]
    article_requests = collections.Counter(p for p in paths if "/article" in p)
    assert all(n == 1 for n in article_requests.values()), article_requests.most_common(3)
    assert set(article_requests) == {t["canonical_path"] for t in site.truth}, "only canonical URLs, every article"
    assert not any(p.startswith(("/page/", "/searchArticles", "/rss")) for p in paths)
    assert "/robots.txt" in paths


def test_a_second_full_crawl_of_the_unchanged_site_adds_nothing(crawled):
    _variant, site, _log, db_url, result, (second, after_first) = crawled
    assert second.returncode == 0, second.stderr[-3000:]
    with Archive.open(db_url) as archive:
        counts = archive.counts()
        runs = archive.runs()
    servable = sum(1 for t in site.truth if not t.get("expected_failure"))
    assert counts["articles"] == servable
    assert counts["revisions"] == servable
    assert counts["runs"] == after_first["runs"] + 1
    for table in ("articles", "revisions", "captures", "bodies", "people"):
        assert counts[table] == after_first[table], table
    latest = runs[0]
    assert (latest.new, latest.changed) == (0, 0)
    assert latest.unchanged == servable
