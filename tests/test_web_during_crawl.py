"""Reads during writes: the web UI and API answer while a crawl writes the same SQLite file.

Two real processes share one archive file, as on a press-office machine: ``bsmu-archive
crawl`` fetching the served replica, and ``bsmu-archive serve``. Four client threads send
searches, facet queries, article pages and downloads all through the crawl. Every answer
must be a 200 (WAL lets readers read while the writer writes; the busy timeout covers the
moments a checkpoint needs the file), and the hits must grow while the crawl runs: the
readers saw the writer's work as it landed, not before or after it.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest

from archive.search import count_matches
from archive.storage import Archive
from replica import ReplicaServer, build_site
from tests.test_nightly import crawl_argv
from tests.test_web_api import _cli_env

pytestmark = pytest.mark.slow

READERS = 4
#: what a press officer does, round robin: (path, query)
ROUNDS: list[tuple[str, dict[str, str]]] = [
    ("/api/articles", {"q": "university"}),
    ("/api/articles", {"q": "students", "facets": "true"}),
    ("/", {"q": "medical", "sort": "date"}),
    ("/api/facets", {}),
    ("/api/partners", {}),
    ("/partners", {}),
    ("/api/articles", {"year": "2023", "sort": "date"}),
    ("/download/articles.jsonl", {"q": "university"}),
]


def serve(db_url: str, cwd: Path) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "archive.cli", "--db", db_url, "serve", "--port", "0"],
        cwd=cwd, env=_cli_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert process.stdout is not None
    line = process.stdout.readline()
    assert line.startswith("serving "), line + (process.stderr.read() if process.stderr else "")
    return process, line.rsplit(" at ", 1)[1].strip().rstrip("/")


def test_searches_answer_while_a_crawl_writes(tmp_path: Path) -> None:
    site = build_site(n_articles=150)
    db_url = f"sqlite:///{tmp_path / 'archive.sqlite3'}"
    Archive.open(db_url).close()  # the schema exists before either process starts
    web, base = serve(db_url, tmp_path)
    statuses: Counter[int] = Counter()
    errors: list[str] = []
    # (sent, answered, total hits for "university"): requests of different readers overlap,
    # so only one answered before another was sent must not see more than that other
    totals: list[tuple[float, float, int]] = []
    stop = threading.Event()

    def reader(offset: int) -> None:
        with httpx.Client(base_url=base, timeout=60) as client:
            turn = offset
            while not stop.is_set():
                path, params = ROUNDS[turn % len(ROUNDS)]
                turn += 1
                sent = time.monotonic()
                try:
                    response = client.get(path, params=params)
                except httpx.HTTPError as exc:
                    errors.append(f"{path}: {exc!r}")
                    continue
                statuses[response.status_code] += 1
                if response.status_code != 200:
                    errors.append(f"{path}?{params}: {response.status_code} {response.text[:300]}")
                elif path == "/api/articles" and params == ROUNDS[0][1]:
                    totals.append((sent, time.monotonic(), response.json()["total"]))

    try:
        with ReplicaServer(site, latency=0.01) as server:
            threads = [threading.Thread(target=reader, args=(i,)) for i in range(READERS)]
            for thread in threads:
                thread.start()
            started = time.monotonic()
            argv = crawl_argv(db_url, server, site.fetched.date(), "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=4")
            crawl = subprocess.run(argv, capture_output=True, text=True, timeout=600, check=False)
            finished = time.monotonic()
            time.sleep(0.5)  # the readers see the finished archive once more
            stop.set()
            for thread in threads:
                thread.join(timeout=120)
        final = httpx.get(f"{base}/api/articles", params=ROUNDS[0][1], timeout=60).json()["total"]
    finally:
        stop.set()
        web.terminate()
        web.wait(timeout=30)

    assert crawl.returncode == 0, crawl.stderr[-3000:]
    totals.sort()
    during = [total for sent, answered, total in totals if started <= sent and answered <= finished]
    print(f"\n{sum(statuses.values())} requests during a {finished - started:.1f} s crawl: "
          f"{dict(statuses)}; hits for 'university' went {during[:1]} -> {during[-1:]} -> {final}")  # fmt: skip
    assert errors == [], errors[:5]
    assert sum(statuses.values()) >= 50, "the readers barely read: the test proved nothing"
    assert len(during) >= 5, "too few searches landed while the crawl was writing"
    assert during[0] < final, "the first search during the crawl already saw everything"
    assert len(set(during)) >= 3, f"the hits never grew while the crawl wrote: {during}"
    shrunk = [
        (earlier, later)
        for earlier in totals
        for later in totals
        if earlier[1] < later[0] and earlier[2] > later[2]
    ]
    assert shrunk == [], f"a search saw fewer hits than one answered before it: {shrunk[:3]}"
    with Archive.open(db_url) as archive:
        assert final == count_matches(archive, "university")  # the server saw it all in the end
