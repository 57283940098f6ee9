"""A full crawl of a hostile replica: nothing lost that can be served, nothing crashes,
nothing fetched from anywhere it should not be.

The replica answers with the faults of a seeded :class:`replica.faults.FaultPlan`
(5xx and resets and stalls on first tries or for ever, truncated bodies, wrong and
invalid charsets, redirect loops and chains, a redirect to another loopback host,
50 MB answers with and without a Content-Length, a page nested 10,000 deep, an empty
200, a binary file as text/html). The crawl is the real console command in a child
process. What must be archived, and what must be recorded as lost, is computed from
the plan; the server's request logs (the site's and the offsite trap's) are the witness
for what the crawler asked.
"""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import text

from archive.storage import Archive
from replica import ReplicaServer, Site, build_site
from replica.faults import HUGE_SIZE, FaultPlan
from tests.soak import SOAK
from tests.test_nightly import crawl_argv

pytestmark = pytest.mark.slow

#: The soak (``make soak``) crawls the whole replica with four pages per fault kind.
N_ARTICLES, PER_KIND = (320, 4) if SOAK else (120, 2)
SEED = 8
RETRY_TIMES = 2
TIMEOUT = 2
REDIRECT_MAX_TIMES = 5
HOSTILE = [
    "-s", f"RETRY_TIMES={RETRY_TIMES}", "-s", f"DOWNLOAD_TIMEOUT={TIMEOUT}",
    "-s", f"REDIRECT_MAX_TIMES={REDIRECT_MAX_TIMES}",
    "-s", "CONCURRENT_REQUESTS=8", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8",
]
#: What a lost page is recorded as, by the fault that lost it: the meaning of each
#: reason, which is what this suite checks (the names are the spider's).
LOST_REASONS: dict[str, set[str]] = {
    "http_5xx": {"http_503"},
    "reset": {"DownloadFailedError", "ConnectionLost", "ResponseNeverReceived"},
    "stall": {"DownloadTimeoutError"},
    "truncated": {"ResponseDataLossError"},
    "redirect_loop": {"redirect_loop"},
    "redirect_chain": {"redirect_limit"},
    "offsite_redirect": {"offsite_redirect"},
    "huge": {"size_cap"},
    "huge_streamed": {"size_cap"},
}
#: Content faults that leave no article in the bytes, and the failure they must be
#: recorded as; the other content faults (wrong or invalid charset) must still be read.
DESTROYED: dict[str, set[str]] = {
    "empty_200": {"empty"},
    "binary_html": {"undecodable", "not_html"},
    "deep_nesting": {"too_deep"},
}


@dataclass
class HostileCrawl:
    site: Site
    plan: FaultPlan
    port: int
    result: subprocess.CompletedProcess[str]
    requests: Counter[str]  # faulty path (query ignored) -> requests that reached the site
    trap_requests: list[Any]
    db_url: str
    second: subprocess.CompletedProcess[str] | None = None
    second_requests: Counter[str] | None = None

    def path(self, url: str) -> str:
        return url.split(str(self.port), 1)[1]


def _article_requests(server: ReplicaServer, since: int = 0) -> Counter[str]:
    return Counter(e.path.split("?", 1)[0] for e in server.request_log[since:] if "/article" in e.path)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HostileCrawl]:
    site = build_site(n_articles=N_ARTICLES)
    db_url = f"sqlite:///{tmp_path_factory.mktemp('faults') / 'archive.sqlite3'}"
    today = site.fetched.date()
    # The offsite redirect's target: another loopback address, watched, never to be asked.
    with ReplicaServer(site, host="127.0.0.2") as trap:
        plan = FaultPlan.for_site(site, SEED, per_kind=PER_KIND, offsite_base=trap.base_url,
                                  stall_seconds=TIMEOUT + 1.5)
        with ReplicaServer(site, faults=plan) as server:
            first = subprocess.run(crawl_argv(db_url, server, today, *HOSTILE),
                                   capture_output=True, text=True, timeout=300, check=False)
            requests = Counter(plan.requests_seen())
            crawl = HostileCrawl(site, plan, server.port, first, requests, [], db_url)
            # The network is as bad the next night: the pages lost are asked again.
            plan.reset_counts()
            mark = len(server.request_log)
            crawl.second = subprocess.run(crawl_argv(db_url, server, today, *HOSTILE),
                                          capture_output=True, text=True, timeout=300, check=False)
            crawl.second_requests = _article_requests(server, mark)
        crawl.trap_requests = trap.request_log
    yield crawl


def run_stats(db_url: str, index: int) -> dict[str, Any]:
    """Stats of a run, oldest first (index 0 is the first run)."""
    with Archive.open(db_url) as archive:
        runs = sorted(archive.runs(), key=lambda r: r.id)
        stats = runs[index].stats
    assert stats is not None
    return stats


def captures_by_path(crawl: HostileCrawl) -> dict[str, list[Any]]:
    with Archive.open(crawl.db_url) as archive, archive.engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT canonical_url, status, extraction_status, failure_reason FROM captures"
        )).all()
    out: dict[str, list[Any]] = {}
    for row in rows:
        out.setdefault(crawl.path(row.canonical_url), []).append(row)
    return out


def current_records(crawl: HostileCrawl) -> dict[str, dict[str, Any]]:
    with Archive.open(crawl.db_url) as archive:
        return {crawl.path(r["url"]): r for r in archive.iter_current_records()}


def test_plan_is_deterministic_and_says_what_is_servable() -> None:
    site = build_site(n_articles=120)
    one, same, other = (FaultPlan.for_site(site, s) for s in (SEED, SEED, SEED + 1))
    assert one.faults == same.faults and one.faults != other.faults
    labels = one.by_label()
    # every kind, transient ones both ways
    assert {"reset", "reset_first", "stall", "stall_first", "truncated_first", "http_5xx_first",
            "huge", "huge_streamed", "deep_nesting", "binary_html", "empty_200"} <= set(labels)
    lost = one.unfetchable(RETRY_TIMES)
    assert all(f.tries is None for f in lost.values())
    assert one.unfetchable(0).keys() > lost.keys()  # without retries the transient ones are lost
    assert len(one.servable_articles(site.truth, RETRY_TIMES)) == len(site.truth) - len(lost)


def test_the_crawl_survives_and_finishes(hostile: HostileCrawl) -> None:
    assert hostile.result.returncode == 0, hostile.result.stdout + hostile.result.stderr[-3000:]
    stats = run_stats(hostile.db_url, 0)
    assert stats["finish_reason"] == "finished"
    assert stats["archive/run_status"] == "ok"
    assert not stats.get("archive/errors")
    assert "Traceback" not in hostile.result.stderr


def test_every_servable_article_is_archived(hostile: HostileCrawl) -> None:
    plan, truth = hostile.plan, {t["canonical_path"]: t for t in hostile.site.truth}
    servable = plan.servable_articles(truth.values(), RETRY_TIMES)
    captures = captures_by_path(hostile)
    records = current_records(hostile)
    archived = {p for p in servable if any(c.status == 200 for c in captures.get(p, ()))}
    destroyed = plan.of_kind(*DESTROYED)
    readable = {p for p in servable if p not in destroyed and not truth[p].get("expected_failure")}
    read = {p for p in readable if p in records}
    by_kind = sorted(hostile.plan.by_label().items())
    print(f"\nfaults injected by kind: {dict(by_kind)}"
          f"\narticles archived (raw capture kept) {len(archived)} of {len(servable)} servable;"
          f" records extracted {len(read)} of {len(readable)} whose content survives")
    assert archived == servable
    assert read == readable
    for path in readable:  # the same record as on a quiet night, faults or not
        record, expected = records[path], truth[path]
        assert (record["title"], record["published"]) == (expected["title"], expected["published"])
        assert record["body"].replace("\ufffd", "") == expected["body"], path
    for path, fault in destroyed.items():  # kept raw, with a reason that says why
        (capture,) = [c for c in captures[path] if c.status == 200]
        assert capture.extraction_status == "failed"
        assert capture.failure_reason in DESTROYED[fault.kind], (path, fault, capture)
    # nothing that could not be fetched left a capture behind
    assert not set(plan.unfetchable(RETRY_TIMES)) & set(captures)


def test_what_could_not_be_fetched_is_recorded_with_its_reason(hostile: HostileCrawl) -> None:
    stats = run_stats(hostile.db_url, 0)
    lost = {hostile.path(url): reason for url, reason in stats["news/request_failed_urls"].items()}
    expected = hostile.plan.unfetchable(RETRY_TIMES)
    assert set(lost) == set(expected)
    for path, fault in expected.items():
        assert lost[path] in LOST_REASONS[fault.kind], (path, fault, lost[path])
    counted = {k.rsplit("/", 1)[1]: v for k, v in stats.items() if k.startswith("news/request_failed/")}
    assert counted == Counter(lost.values())
    # a walk that lost pages is not complete: the next run walks every listing again
    assert stats["news/walk_complete"] is False
    second = run_stats(hostile.db_url, 1)
    assert second["news/mode"] == "deep"


def test_retries_only_where_they_help(hostile: HostileCrawl) -> None:
    for path, fault in hostile.plan.faults.items():
        asked = hostile.requests[path]
        if "/article" not in path:
            continue
        if fault.kind in ("http_5xx", "reset", "stall", "truncated"):
            # transient: fails `tries` times, then answers; permanent: 1 + RETRY_TIMES tries
            tries = fault.tries + 1 if fault.tries else 1 + RETRY_TIMES
            if fault.kind == "reset":
                # Twisted's connection pool itself sends a request once more when a
                # reused connection dies before any answer: at most twice per try.
                assert tries <= asked <= 2 * tries, (path, fault, asked)
            else:
                assert asked == tries, (path, fault, asked)
        elif fault.kind in ("huge", "huge_streamed", "offsite_redirect", "redirect_loop"):
            assert asked == 1 + (fault.kind == "redirect_loop"), (path, fault)  # A, then A?moved=1
        elif fault.kind == "redirect_chain":
            assert asked == 1 + REDIRECT_MAX_TIMES, (path, fault)  # never loops for ever
        else:
            assert asked == 1, (path, fault)


def test_never_off_host_never_past_the_cap(hostile: HostileCrawl) -> None:
    assert hostile.trap_requests == [], "a request reached the offsite host"
    huge = hostile.plan.of_kind("huge", "huge_streamed")
    sent = hostile.plan.huge_bytes_sent
    assert set(sent) == set(huge)
    for path, written in sent.items():
        # The client hung up: the server never got its 50 MB out (what it did write
        # went partly into loopback buffers, which may grow to tens of MB, so the
        # client's own account below is the measure of what was read).
        assert written < HUGE_SIZE, (path, written)
    # The crawler's own log: a declared 50 MB is refused before its body; an
    # undeclared one is read up to the cap (4 MiB, the default) and one chunk more.
    cap = 4 * 1024 * 1024
    log = hostile.result.stderr
    received = {
        hostile.path(m[2]): (m[0], int(m[1]))
        for m in re.findall(rf"(Expected to receive|Received) (\d+) bytes which is larger "
                            rf"than download max size \({cap}\) in request <GET ([^>]+)>", log)
    }
    assert set(received) == set(huge)
    for path, fault in huge.items():
        how, size = received[path]
        if fault.kind == "huge":
            assert (how, size) == ("Expected to receive", HUGE_SIZE)
        else:
            assert how == "Received" and cap < size <= cap + 1024 * 1024, (path, size)
    stats = run_stats(hostile.db_url, 0)
    assert stats["offsite_guard/redirects"] == len(hostile.plan.of_kind("offsite_redirect"))
    assert stats["redirect_guard/loops"] == len(hostile.plan.of_kind("redirect_loop"))


def test_the_next_run_asks_again_for_what_was_lost(hostile: HostileCrawl) -> None:
    second = hostile.second
    assert second is not None and hostile.second_requests is not None
    assert second.returncode == 0, second.stdout + second.stderr[-3000:]
    lost = set(hostile.plan.unfetchable(RETRY_TIMES))
    assert lost <= set(hostile.second_requests)
    stats = run_stats(hostile.db_url, 1)
    assert {hostile.path(u) for u in stats["news/request_failed_urls"]} == lost
    # nothing archived twice: one capture per distinct body
    with Archive.open(hostile.db_url) as archive, archive.engine.connect() as conn:
        duplicates = conn.execute(text(
            "SELECT url, body_sha256, count(*) FROM captures GROUP BY url, body_sha256 HAVING count(*) > 1"
        )).all()
    assert not duplicates
