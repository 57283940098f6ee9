"""A crawl killed with SIGKILL leaves a consistent archive, and the next run finishes its work.

Real crawl processes (the console command) are killed at several points of their work
— right after they start, early, midway — against the served replica. Then one more
run goes to the end. The archive must then hold every servable article exactly once,
with one revision each, no duplicate capture, an index in step, a sound database file,
and the killed runs' rows saying what happened to them; and the finishing run must not
have fetched again what the killed ones had already stored.
"""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from archive.crawl_memory import ABANDONED_MESSAGE
from archive.storage import Archive
from replica import ReplicaServer, build_site
from tests.test_nightly import article_paths, crawl, crawl_argv

pytestmark = pytest.mark.slow

#: Kill once this many article requests of the run have reached the server.
KILL_POINTS = (0, 4, 30, 70)
CONCURRENT = ["-s", "CONCURRENT_REQUESTS_PER_DOMAIN=4", "-s", "NEWS_RECENT_DAYS=0"]


def kill_after(server: ReplicaServer, argv: list[str], articles: int) -> int:
    """Start a crawl, SIGKILL it once ``articles`` article requests arrived; its exit status."""
    mark = len(server.request_log)
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while True:
        log = server.request_log[mark:]
        started = bool(log) if articles == 0 else len(article_paths(log)) >= articles
        if started or proc.poll() is not None:
            break
        assert time.monotonic() < deadline, "the crawl never got that far"
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    return proc.wait(timeout=30)


def known_urls(db_url: str) -> set[str]:
    with Archive.open(db_url) as archive, archive.engine.connect() as conn:
        return {
            row[0]
            for row in conn.execute(
                text("SELECT DISTINCT canonical_url FROM captures WHERE extraction_status != 'pending'")
            )
        }


def test_killed_crawls_are_completed_by_the_next_run(tmp_path: Path) -> None:
    site = build_site(n_articles=120)
    today = site.fetched.date()
    db_url = f"sqlite:///{tmp_path / 'archive.sqlite3'}"
    servable = {t["canonical_path"] for t in site.truth if not t.get("expected_failure")}
    broken = {t["canonical_path"] for t in site.truth if t.get("expected_failure")}
    with ReplicaServer(site, latency=0.01) as server:
        statuses = [
            kill_after(server, crawl_argv(db_url, server, today, *CONCURRENT), n) for n in KILL_POINTS
        ]
        assert statuses == [-signal.SIGKILL] * len(KILL_POINTS), "each crawl was killed, not finished"
        stored_before = {u.split(str(server.port), 1)[1] for u in known_urls(db_url)}
        print(f"\nafter {len(KILL_POINTS)} kills: {len(stored_before)} of {len(servable)} articles stored")
        assert 0 < len(stored_before) < len(servable), "the kills left work undone"
        mark = len(server.request_log)
        finishing = crawl(db_url, server, today, *CONCURRENT)
        fetched_again = set(article_paths(server.request_log[mark:])) & stored_before
        again = crawl(db_url, server, today, *CONCURRENT)
        port = server.port
    assert finishing.returncode == 0, finishing.stdout + finishing.stderr[-3000:]
    # Nothing stored by a killed run is fetched in full again, but the broken pages, which
    # every run asks again (conditionally) in case they were mended.
    assert fetched_again <= broken

    with Archive.open(db_url) as archive, archive.engine.connect() as conn:
        assert conn.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
        articles = {
            row.url.split(str(port), 1)[1]: row
            for row in conn.execute(
                text(
                    "SELECT a.canonical_url AS url, a.current_revision_id AS current, "
                    "(SELECT count(*) FROM revisions r WHERE r.article_id = a.id) AS revisions "
                    "FROM articles a"
                )
            )
        }
        assert set(articles) == servable, "every servable article, no other"
        assert all(row.revisions == 1 and row.current is not None for row in articles.values())
        duplicates = conn.execute(
            text("SELECT url, body_sha256, count(*) FROM captures GROUP BY url, body_sha256 HAVING count(*) > 1")
        ).all()
        assert not duplicates, duplicates
        pending = conn.execute(text("SELECT count(*) FROM captures WHERE extraction_status = 'pending'")).scalar_one()
        assert pending == 0
        indexed = conn.execute(text("SELECT count(*) FROM article_search")).scalar_one()
        assert indexed == len(servable)
        failed = {
            row[0].split(str(port), 1)[1]
            for row in conn.execute(text("SELECT canonical_url FROM captures WHERE extraction_status = 'failed'"))
        }
        assert failed == broken
        runs = archive.runs()
    killed, finished = runs[2:], runs[:2]
    assert [r.status for r in killed] == ["interrupted"] * len(KILL_POINTS)
    assert all(r.message == ABANDONED_MESSAGE for r in killed)
    assert [r.status for r in finished] == ["ok", "ok"]
    assert finished[1].stats is not None and finished[1].stats["news/mode"] == "deep"
    # Once a walk has finished, the next run is incremental again.
    assert finished[0].stats is not None and finished[0].stats["news/mode"] == "incremental"
    assert again.returncode == 0 and finished[0].new == 0
