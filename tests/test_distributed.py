"""Two crawler processes share one frontier in the real Redis and write one PostgreSQL archive.

The witness is the replica's request log: every article requested once in all, the work
split between the two workers, and the two run rows adding up to the whole crawl.
"""

from __future__ import annotations

import subprocess
import sys
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from archive.storage import Archive
from replica import ReplicaServer, build_site
from tests.conftest import service_url

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.slow]

FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "RETRY_TIMES=1"]


@pytest.fixture
def redis_url() -> Iterator[str]:
    import redis

    url = service_url("BSMU_TEST_REDIS_URL", "Redis")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=3).ping()
    except redis.RedisError as exc:
        pytest.fail(f"BSMU_TEST_REDIS_URL={url} is set but Redis does not answer: {exc}")
    yield url


def worker(db_url: str, redis_url: str, job: str, server: ReplicaServer, log_dir: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable, "-m", "archive.cli", "--db", db_url, "crawl",
            "--start-url", server.url("/allarticles/rubric2/"), "--redis", redis_url, "--crawl-job", job,
            *FAST, "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2", "-s", "REDIS_IDLE_GRACE=2",
            "-s", f"RUN_LOG_DIR={log_dir}",
        ],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def test_two_workers_share_the_frontier_and_archive_each_article_once(
    postgres_archive_url: str, redis_url: str, tmp_path: Path
) -> None:
    import redis

    site = build_site(n_articles=120)
    job = f"test-{uuid.uuid4().hex[:8]}"
    # Create the schema once, before two processes race to do it.
    Archive.open(postgres_archive_url).close()
    try:
        with ReplicaServer(site, latency=0.1) as server:
            workers = [worker(postgres_archive_url, redis_url, job, server, tmp_path) for _ in range(2)]
            outputs = [w.communicate(timeout=300) for w in workers]
            log = server.request_log
            # The next night's job on the unchanged site: both workers walk incrementally
            # (neither takes the other's unfinished run for a crawl that left work undone).
            nightly = [worker(postgres_archive_url, redis_url, job + "-2", server, tmp_path) for _ in range(2)]
            for w in nightly:
                w.communicate(timeout=300)
            nightly_log = server.request_log[len(log) :]
        keys = redis.Redis.from_url(redis_url).keys(f"bsmu-archive:{job}:*")
        ttls = [redis.Redis.from_url(redis_url).ttl(k) for k in keys]
    finally:
        client = redis.Redis.from_url(redis_url)
        for key in client.keys(f"bsmu-archive:{job}*"):
            client.delete(key)
    for w, (out, err) in zip(workers, outputs, strict=True):
        assert w.returncode == 0, out + err[-3000:]
    # The job's frontier outlives its workers only for a while.
    assert keys and all(0 < ttl <= 7 * 24 * 3600 for ttl in ttls)

    paths = Counter(e.path for e in log)
    articles = {p: n for p, n in paths.items() if "/article" in p}
    assert set(articles) == {t["canonical_path"] for t in site.truth}
    assert set(articles.values()) == {1}, "an article was requested by both workers"
    listings = {p: n for p, n in paths.items() if p != "/robots.txt" and "/article" not in p}
    assert set(listings.values()) == {1}, "a listing page was requested twice"

    servable = sum(1 for t in site.truth if not t.get("expected_failure"))
    broken = len(site.truth) - servable
    with Archive.open(postgres_archive_url) as archive, archive.engine.connect() as conn:
        runs = archive.runs()
        assert conn.execute(text("SELECT count(*) FROM articles")).scalar_one() == servable
        assert conn.execute(text("SELECT count(*) FROM revisions")).scalar_one() == servable
    first_job, runs = runs[2:], runs[:2]
    assert [r.stats["news/mode"] for r in runs if r.stats] == ["incremental", "incremental"]
    assert not [e for e in nightly_log if "/article" in e.path and e.status == 200]
    assert sum(r.requests for r in runs) == len(nightly_log) < 20
    runs = first_job
    assert len(runs) == 2 and all(r.status == "ok" for r in runs)
    # The runs add up to the whole crawl, and each worker did a fair part of it.
    assert sum(r.new for r in runs) == servable
    assert sum(r.failed for r in runs) == broken
    assert sum(r.requests for r in runs) == len(log)
    shares = sorted(r.responses for r in runs)
    print(f"\nrequests per worker: {shares}, {len(log)} in all")
    # an idle worker polls the shared queue (REDIS_IDLE_POLL), so neither sits out the crawl
    assert shares[0] >= 0.2 * len(log), f"the work was not split: {shares}"
