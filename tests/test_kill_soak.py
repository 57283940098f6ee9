"""SIGKILL at random moments, again and again: the archive stays sound after every kill,
and the crawl that finally runs to the end leaves what an uninterrupted crawl leaves.

Each kill moment is drawn from a seeded random generator: either a time after the
process starts (start-up, opening the archive, the first requests) or a number of
article requests the server has seen plus a few milliseconds (mid-crawl, mid-write).
After every kill the archive must pass :func:`archive.integrity.check_archive_integrity`
(PRAGMA integrity_check and foreign keys, no half-written revision, credits matching
their record, the search index in step with the current titles). At the end the
exported records must equal those of one crawl of the same site into a fresh archive.

``make test``: 10 kills of crawls of a 150-article replica. ``make soak``
(``BSMU_SOAK=1``): 40 kills of a 320-article one.
"""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import time
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from archive.integrity import check_archive_integrity
from archive.storage import Archive
from replica import ReplicaServer, build_site
from tests.soak import SOAK
from tests.test_nightly import article_paths, crawl, crawl_argv

pytestmark = [pytest.mark.slow] + ([pytest.mark.soak] if SOAK else [])

SEED = 20261122
KILLS = 40 if SOAK else 10
N_ARTICLES = 320 if SOAK else 150
CONCURRENT = ["-s", "CONCURRENT_REQUESTS_PER_DOMAIN=4", "-s", "NEWS_RECENT_DAYS=0"]


def kill_at_random(
    server: ReplicaServer, argv: list[str], rng: random.Random, by_time: bool
) -> tuple[str, int | None]:
    """Start a crawl and SIGKILL it at a moment drawn from ``rng``: ``by_time``, a
    delay after the start; otherwise once some article requests have arrived.

    Returns (the moment, described) and the exit status: ``-SIGKILL`` when it was
    killed, 0 or 1 when it finished first (a kill that came too late does not count).
    """
    mark = len(server.request_log)
    if by_time:
        delay = rng.uniform(0.0, 2.5)
        moment, until = f"{delay:.2f} s after start", ("time", time.monotonic() + delay)
    else:
        articles = rng.randint(1, 25)
        jitter = rng.uniform(0.0, 0.05)
        moment, until = f"after {articles} article requests + {jitter * 1000:.0f} ms", ("articles", articles)
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while proc.poll() is None:
        if until[0] == "time" and time.monotonic() >= until[1]:
            break
        if until[0] == "articles" and len(article_paths(server.request_log[mark:])) >= until[1]:
            time.sleep(jitter)
            break
        assert time.monotonic() < deadline, "the crawl neither finished nor got that far"
        time.sleep(0.005)
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    return moment, proc.wait(timeout=30)


def exported(db_url: str) -> list[dict[str, Any]]:
    """Every current record, as ``export`` writes it, minus when it was fetched."""
    with Archive.open(db_url) as archive:
        return [{k: v for k, v in r.items() if k != "fetched_at"} for r in archive.iter_current_records()]


def failed_pages(db_url: str) -> set[tuple[str, str]]:
    with Archive.open(db_url) as archive, archive.engine.connect() as conn:
        return {
            (row.canonical_url, row.failure_reason)
            for row in conn.execute(text(
                "SELECT canonical_url, failure_reason FROM captures WHERE extraction_status = 'failed'"
            ))
        }


def integrity(db_url: str, *, settled: bool = False) -> list[str]:
    with Archive.open(db_url) as archive:
        return check_archive_integrity(archive.engine, settled=settled)


@pytest.mark.timeout(900 if SOAK else 300)
def test_random_kills_leave_a_sound_archive_and_the_same_result(tmp_path: Path) -> None:
    site = build_site(n_articles=N_ARTICLES)
    today = site.fetched.date()
    db_url = f"sqlite:///{tmp_path / 'killed.sqlite3'}"
    reference_url = f"sqlite:///{tmp_path / 'uninterrupted.sqlite3'}"
    rng = random.Random(SEED)
    kills: list[str] = []
    with ReplicaServer(site, latency=0.01) as server:
        argv = crawl_argv(db_url, server, today, *CONCURRENT)
        attempts = 0
        while len(kills) < KILLS:
            attempts += 1
            assert attempts <= 3 * KILLS, f"only {len(kills)} of {KILLS} crawls could be killed"
            # one kill in three by time (start-up, opening the archive), the rest mid-crawl
            moment, status = kill_at_random(server, argv, rng, by_time=attempts % 3 == 1)
            problems = integrity(db_url)
            assert not problems, f"after a kill {moment}: {problems}"
            if status == -signal.SIGKILL:
                kills.append(moment)
        with Archive.open(db_url) as archive, archive.engine.connect() as conn:
            stored = conn.execute(text("SELECT count(*) FROM articles")).scalar_one()
        finishing = crawl(db_url, server, today, *CONCURRENT)
        reference = crawl(reference_url, server, today, *CONCURRENT)
    print(f"\n{len(kills)} kills survived ({attempts} crawls started), "
          f"{stored} of {len(site.truth)} articles stored before the finishing run; moments: {kills}")
    assert finishing.returncode == 0, finishing.stdout + finishing.stderr[-3000:]
    assert reference.returncode == 0, reference.stdout + reference.stderr[-3000:]
    assert integrity(db_url, settled=True) == []
    assert integrity(reference_url, settled=True) == []
    killed_records, reference_records = exported(db_url), exported(reference_url)
    assert len(reference_records) == sum(1 for t in site.truth if not t.get("expected_failure"))
    assert killed_records == reference_records
    assert failed_pages(db_url) == failed_pages(reference_url)
    with Archive.open(db_url) as archive:
        runs = archive.runs(limit=10 * KILLS)
    # A crawl killed after it asked for articles had opened its run: the next run closed
    # its books as interrupted (one killed in start-up may not have had a run row yet).
    mid_crawl = sum(1 for moment in kills if "article requests" in moment)
    interrupted = sum(1 for r in runs if r.status == "interrupted")
    assert mid_crawl <= interrupted <= len(kills), (mid_crawl, interrupted, len(kills))
    assert [r.status for r in runs[:1]] == ["ok"]


def test_the_integrity_check_finds_what_a_bad_write_would_leave(tmp_path: Path) -> None:
    """The check is not vacuous: each kind of damage a torn write could leave is named."""
    site = build_site(n_articles=20)
    db_url = f"sqlite:///{tmp_path / 'archive.sqlite3'}"
    with ReplicaServer(site) as server:
        done = crawl(db_url, server, site.fetched.date())
    assert done.returncode == 0, done.stderr[-3000:]
    assert integrity(db_url, settled=True) == []
    damage = {
        "search index": "DELETE FROM article_search WHERE rowid = (SELECT min(id) FROM articles)",
        "has a current one": "UPDATE articles SET current_revision_id = NULL WHERE id = (SELECT max(id) FROM articles)",
        "credits": "DELETE FROM credits WHERE id = (SELECT min(id) FROM credits)",
        "waits for its extraction": "UPDATE captures SET extraction_status = 'pending' WHERE id = (SELECT max(id) FROM captures)",
        "foreign_key_check": "INSERT INTO credits (revision_id, person_id, role, ordinal) VALUES (999999, 1, 'author', 9)",
    }
    for expected, statement in damage.items():
        copy = tmp_path / f"damaged-{len(expected)}.sqlite3"
        copy.write_bytes((tmp_path / "archive.sqlite3").read_bytes())
        with closing(sqlite3.connect(copy)) as conn, conn:  # foreign keys unenforced here
            conn.execute(statement)
        problems = integrity(f"sqlite:///{copy}", settled=True)
        assert any(expected in p for p in problems), (expected, problems)
