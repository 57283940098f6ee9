"""Nightly crawls of the served replica: incremental, revision-keeping, judged, locked.

Every crawl here is the real console command in a child process, against the replica over
HTTP; the replica's request log is the witness for what each run asked for. The site
changes between runs with ``Site.evolve`` (new, edited and removed articles).
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from archive.storage import Archive
from replica import ReplicaServer, build_site
from replica.pages import Response

pytestmark = pytest.mark.slow

START = "/allarticles/rubric2/"
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "RETRY_TIMES=1"]


def crawl_argv(db_url: str, server: ReplicaServer, today: dt.date, *extra: str) -> list[str]:
    return [
        sys.executable, "-m", "archive.cli", "--db", db_url, "crawl",
        "--start-url", server.url(START), *FAST, "-s", f"NEWS_TODAY={today.isoformat()}", *extra,
    ]


def crawl(db_url: str, server: ReplicaServer, today: dt.date, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        crawl_argv(db_url, server, today, *extra), capture_output=True, text=True, timeout=300, check=False
    )


def new_requests(server: ReplicaServer, before: int) -> list[Any]:
    return server.request_log[before:]


def article_paths(entries: list[Any]) -> list[str]:
    return [e.path for e in entries if "/article" in e.path]


def listing_paths(entries: list[Any]) -> list[str]:
    return [e.path for e in entries if e.path != "/robots.txt" and "/article" not in e.path]


def recent(site: Any, today: dt.date, days: int = 14) -> set[str]:
    """Canonical paths of servable articles published within ``days`` of ``today``."""
    since = today - dt.timedelta(days=days)
    return {
        t["canonical_path"]
        for t in site.truth
        if dt.date.fromisoformat(t["published"]) >= since
    }


def revisions_of(db_url: str, path: str) -> list[tuple[int, str]]:
    with Archive.open(db_url) as archive, archive.engine.connect() as conn:
        return [
            (row.number, row.body)
            for row in conn.execute(
                text(
                    "SELECT r.number, r.body FROM revisions r JOIN articles a ON a.id = r.article_id "
                    "WHERE a.canonical_url LIKE :url ORDER BY r.number"
                ),
                {"url": "%" + path},
            )
        ]


@pytest.fixture(scope="module")
def nightly(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A full first crawl, an unchanged nightly run, then a changed site crawled twice."""
    site = build_site(n_articles=90)
    today = site.fetched.date()
    db_url = f"sqlite:///{tmp_path_factory.mktemp('nightly') / 'archive.sqlite3'}"
    out: dict[str, Any] = {"site": site, "db_url": db_url, "today": today}
    with ReplicaServer(site) as server:
        t0 = time.monotonic()
        out["first"] = crawl(db_url, server, today)
        out["first_seconds"] = time.monotonic() - t0
        out["first_log"] = server.request_log
        mark = len(server.request_log)
        t0 = time.monotonic()
        out["unchanged"] = crawl(db_url, server, today)
        out["unchanged_seconds"] = time.monotonic() - t0
        out["unchanged_log"] = new_requests(server, mark)

        newest = [a.article_id for a in site.newest_first]
        oldest = [a.article_id for a in reversed(site.newest_first)]
        out["edited_recent"] = site.article(newest[1]).canonical_path
        out["edited_old"] = site.article(oldest[5]).canonical_path
        out["removed"] = site.article(oldest[6]).canonical_path
        changed = site.evolve(add=4, edit=[newest[1], oldest[5]], remove=[oldest[6]], days=2)
        out["changed_site"] = changed
        server.replace_site(changed)
        later = changed.fetched.date()
        mark = len(server.request_log)
        out["incremental"] = crawl(db_url, server, later)
        out["incremental_log"] = new_requests(server, mark)
        out["after_incremental"] = {
            p: revisions_of(db_url, p) for p in (out["edited_recent"], out["edited_old"])
        }
        mark = len(server.request_log)
        out["full"] = crawl(db_url, server, later, "--full")
        out["full_log"] = new_requests(server, mark)
    return out


def test_first_crawl_fetches_everything_once(nightly: dict[str, Any]) -> None:
    first = nightly["first"]
    assert first.returncode == 0, first.stderr[-3000:]
    articles = article_paths(nightly["first_log"])
    assert sorted(articles) == sorted(t["canonical_path"] for t in nightly["site"].truth)
    print(f"\nfull crawl: {len(nightly['first_log'])} requests in {nightly['first_seconds']:.1f} s")


def test_an_unchanged_nightly_run_makes_a_handful_of_requests(nightly: dict[str, Any]) -> None:
    result, log = nightly["unchanged"], nightly["unchanged_log"]
    assert result.returncode == 0, result.stderr[-3000:]
    site, today = nightly["site"], nightly["today"]
    # robots.txt, the first listing page and one page of overlap; nothing deeper.
    assert [e.path for e in log if e.path == "/robots.txt"] == ["/robots.txt"]
    first_pages = site.listing_paths[:2]  # rubric 2's first two listing pages
    assert listing_paths(log) == first_pages or sorted(listing_paths(log)) == sorted(first_pages)
    # Only the recent articles are asked again, conditionally, and the server says 304.
    revisited = article_paths(log)
    expected = recent(site, today) | {
        t["canonical_path"] for t in site.truth if t.get("expected_failure")
    }
    assert set(revisited) == expected and len(revisited) == len(expected)
    for entry in log:
        if "/article" in entry.path and entry.status == 200:
            pytest.fail(f"{entry.path} was sent again in full: conditional headers missing?")
        if "/article" in entry.path:
            assert "if-none-match" in entry.headers and "if-modified-since" in entry.headers
    assert len(log) < 3 + len(expected) + 1
    print(
        f"\nunchanged nightly run: {len(log)} requests in {nightly['unchanged_seconds']:.1f} s "
        f"(full crawl: {len(nightly['first_log'])} requests in {nightly['first_seconds']:.1f} s)"
    )
    with Archive.open(nightly["db_url"]) as archive:
        run = archive.run(2)
    assert (run.status, run.new, run.changed) == ("ok", 0, 0)
    assert run.responses_by_status.get(304) == len(expected)
    assert run.stats is not None and run.stats["news/mode"] == "incremental"


def test_an_incremental_run_fetches_new_articles_and_keeps_revisions(nightly: dict[str, Any]) -> None:
    result, log = nightly["incremental"], nightly["incremental_log"]
    assert result.returncode == 0, result.stderr[-3000:]
    site, changed = nightly["site"], nightly["changed_site"]
    added = {t["canonical_path"] for t in changed.truth} - {t["canonical_path"] for t in site.truth}
    assert len(added) == 4
    fetched_in_full = {e.path for e in log if "/article" in e.path and e.status == 200}
    assert added <= fetched_in_full
    # The edited recent article has a second revision; the first is kept, unchanged.
    revisions = nightly["after_incremental"][nightly["edited_recent"]]
    assert [n for n, _ in revisions] == [1, 2]
    assert "updated with comments" not in revisions[0][1] and "updated with comments" in revisions[1][1]
    # The old edit is not seen by an incremental run (it is not recent) ...
    assert [n for n, _ in nightly["after_incremental"][nightly["edited_old"]]] == [1]
    with Archive.open(nightly["db_url"]) as archive:
        run = archive.run(3)
    assert (run.new, run.changed) == (4, 1)


def test_a_full_run_finds_old_edits_and_marks_removed_articles_gone(nightly: dict[str, Any]) -> None:
    result, log = nightly["full"], nightly["full_log"]
    assert result.returncode == 0, result.stderr[-3000:]
    db_url = nightly["db_url"]
    assert [n for n, _ in revisions_of(db_url, nightly["edited_old"])] == [1, 2]
    removed = nightly["removed"]
    assert any(e.path == removed and e.status == 404 for e in log)
    with Archive.open(db_url) as archive, archive.engine.connect() as conn:
        gone = conn.execute(
            text("SELECT gone_at, current_revision_id FROM articles WHERE canonical_url LIKE :u"),
            {"u": "%" + removed},
        ).one()
        run = archive.run(4)
    assert gone.gone_at is not None, "a removed article is marked gone with the date"
    assert gone.current_revision_id is not None, "and never deleted"
    assert revisions_of(db_url, removed), "its revisions stay"
    assert (run.gone, run.changed, run.new) == (1, 1, 0)
    assert run.stats is not None and run.stats["news/mode"] == "full"


def test_runs_are_listed_with_their_counts(nightly: dict[str, Any]) -> None:
    listed = subprocess.run(
        [sys.executable, "-m", "archive.cli", "--db", nightly["db_url"], "runs"],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert listed.returncode == 0, listed.stderr
    rows = [line.split("\t") for line in listed.stdout.splitlines() if not line.startswith("#")]
    header = listed.stdout.splitlines()[0].split(": ", 1)[1].split("\t")
    runs = [dict(zip(header, row, strict=True)) for row in rows]
    assert [r["run"] for r in runs] == ["4", "3", "2", "1"]
    assert all(r["status"] == "ok" for r in runs)
    assert runs[-1]["new"] == str(sum(1 for t in nightly["site"].truth if not t.get("expected_failure")))
    assert "304:" in runs[-2]["responses"] and runs[0]["gone"] == "1"


def test_each_run_writes_its_own_log_file_with_the_summary(nightly: dict[str, Any]) -> None:
    with Archive.open(nightly["db_url"]) as archive:
        runs = archive.runs()
    paths = [Path(r.log_path) for r in runs if r.log_path]
    assert len(set(paths)) == len(runs) == 4
    for run, path in zip(runs, paths, strict=True):
        content = path.read_text(encoding="utf-8")
        assert f"run {run.id} ok:" in content, path
    assert paths[0].parent == Path(nightly["db_url"].removeprefix("sqlite:///")).parent / "logs"


# -- judged ----------------------------------------------------------------------------------


def test_a_layout_change_fails_the_run_and_says_where_the_captures_are(tmp_path: Path) -> None:
    site = build_site(n_articles=45)
    today = site.fetched.date()
    db_url = f"sqlite:///{tmp_path / 'archive.sqlite3'}"
    with ReplicaServer(site) as server:
        assert crawl(db_url, server, today).returncode == 0
        changed = site.evolve(add=5, days=1)
        server.replace_site(changed)
        added = sorted({t["canonical_path"] for t in changed.truth} - {t["canonical_path"] for t in site.truth})
        for path in added:  # the redesign lost the date line
            server.override(path, Response(
                f"<html><head><title>News</title></head><body><main><h1>Item {path}</h1>"
                "<p>The new design shows no date.</p></main></body></html>".encode(),
                "text/html; charset=utf-8",
            ))
        result = crawl(db_url, server, changed.fetched.date())
    assert result.returncode == 1
    summary = result.stdout.strip().splitlines()[-1]
    counted = re.search(r"failed: .* — (\d+) of (\d+) article pages failed extraction \(no_date x(\d+)", summary)
    assert counted, summary
    # The five redesigned pages, plus any broken page whose bytes changed with the site.
    assert int(counted[1]) >= 5 and int(counted[1]) == int(counted[3])
    assert db_url in summary and "runs --show 2" in summary
    shown = subprocess.run(
        [sys.executable, "-m", "archive.cli", "--db", db_url, "runs", "--show", "2"],
        capture_output=True, text=True, timeout=60, check=False,
    )
    failed_urls = [line.split("\t")[-1] for line in shown.stdout.splitlines() if "\tno_date\t" in line]
    assert {"/" + u.split("127.0.0.1", 1)[1].split("/", 1)[1] for u in failed_urls} >= set(added)


def test_an_unreachable_site_fails_the_nightly_run(tmp_path: Path) -> None:
    site = build_site(n_articles=20)
    db_url = f"sqlite:///{tmp_path / 'archive.sqlite3'}"
    with ReplicaServer(site) as server:
        pass  # stopped: its port now refuses connections
    result = crawl(db_url, server, site.fetched.date())
    assert result.returncode == 1
    assert "could not be reached" in result.stdout


# -- locked ----------------------------------------------------------------------------------


def test_a_second_crawl_while_one_runs_exits_with_a_clear_message(tmp_path: Path) -> None:
    site = build_site(n_articles=30)
    today = site.fetched.date()
    db_url = f"sqlite:///{tmp_path / 'archive.sqlite3'}"
    with ReplicaServer(site, latency=0.05) as server:
        slow = subprocess.Popen(
            crawl_argv(db_url, server, today, "-s", "DOWNLOAD_DELAY=0.1"),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        try:
            deadline = time.monotonic() + 60
            while not any("/article" in e.path for e in server.request_log):
                assert time.monotonic() < deadline and slow.poll() is None, "the first crawl never started"
                time.sleep(0.05)
            second = crawl(db_url, server, today)
        finally:
            slow.wait(timeout=300)
    assert second.returncode == 75
    assert "another crawl is running" in second.stderr and "crawl.lock" in second.stderr
    assert len(second.stderr.strip().splitlines()) == 1
    assert slow.returncode == 0
    with Archive.open(db_url) as archive:
        assert [r.status for r in archive.runs()] == ["ok"], "the refused crawl leaves no run"
