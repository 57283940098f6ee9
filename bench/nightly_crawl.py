"""What a nightly run costs the site compared with a full crawl, side by side in one run.

Serves the replica on 127.0.0.1 and runs ``bsmu-archive crawl`` (child processes, as cron
would) into one fresh SQLite archive: a first full crawl, an incremental run of the
unchanged site, an incremental run after the site changed (new, edited and removed
articles), and a ``--full`` pass of the changed site. For each: requests the replica's log
saw, by status, and wall time. ``--polite`` keeps the real-site settings (1 s between
requests, AutoThrottle), which is what the site actually sees; by default they are off.

    python bench/nightly_crawl.py [--articles 320] [--polite]
"""

from __future__ import annotations

import argparse
import collections
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from replica import ReplicaServer, build_site

FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False"]


def run(server: ReplicaServer, db_url: str, today: str, polite: bool, *extra: str) -> tuple[int, dict[int, int], float, int]:
    mark = len(server.request_log)
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "archive.cli", "--db", db_url, "crawl",
         "--start-url", server.url("/allarticles/rubric2/"), "-s", f"NEWS_TODAY={today}",
         "-s", "LOG_LEVEL=WARNING", *([] if polite else FAST), *extra],
        capture_output=True, text=True, check=False,
    )
    elapsed = time.perf_counter() - started
    log = server.request_log[mark:]
    if result.returncode != 0:
        print(result.stdout[-1000:], result.stderr[-2000:], file=sys.stderr)
    return len(log), dict(sorted(collections.Counter(e.status for e in log).items())), elapsed, result.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=320)
    parser.add_argument("--polite", action="store_true", help="keep the real-site delays")
    args = parser.parse_args(argv)
    site = build_site(n_articles=args.articles)
    changed = site.evolve(
        add=5, edit=[site.newest_first[1].article_id, site.newest_first[-10].article_id],
        remove=[site.newest_first[-20].article_id], days=1,
    )
    mode = "polite defaults (1 s delay, AutoThrottle)" if args.polite else "delays off"
    print(f"replica: {len(site.truth)} articles, {len(site.listing_offsets)} listing pages; {mode}\n")
    print(f"{'run':<34} {'requests':>8} {'seconds':>8}  by status   exit")
    with tempfile.TemporaryDirectory() as tmp, ReplicaServer(site) as server:
        db_url = f"sqlite:///{Path(tmp) / 'archive.sqlite3'}"
        today = site.fetched.date().isoformat()
        later = changed.fetched.date().isoformat()
        steps = [
            ("first crawl (empty archive)", today, site, ()),
            ("nightly, site unchanged", today, site, ()),
            ("nightly, 5 new / 2 edited / 1 gone", later, changed, ()),
            ("--full, same changed site", later, changed, ("--full",)),
        ]
        for label, day, served, extra in steps:
            server.replace_site(served)
            requests, statuses, elapsed, code = run(server, db_url, day, args.polite, *extra)
            by_status = " ".join(f"{s}:{n}" for s, n in statuses.items())
            print(f"{label:<34} {requests:>8} {elapsed:>8.1f}  {by_status:<11} {code}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
