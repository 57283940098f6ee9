"""Pages per second of a whole crawl of the served replica, politeness delays off.

Runs ``bsmu-archive crawl`` (a child process, as an operator would) against the replica
on 127.0.0.1 into a fresh SQLite archive, once per concurrency level, and reports the
requests the replica served, the wall time and pages per second, side by side in one run.
The replica's request log is the witness for the request count.

    python bench/crawl_speed.py [--articles 320] [--concurrency 1 8]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from replica import ReplicaServer, build_site


def crawl_once(site, concurrency: int, workdir: Path) -> tuple[int, float, int]:
    db_url = f"sqlite:///{workdir / f'crawl-{concurrency}.sqlite3'}"
    with ReplicaServer(site) as server:
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "archive.cli", "--db", db_url, "crawl",
             "--start-url", f"{server.base_url}/allarticles/rubric2/",
             "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
             "-s", f"CONCURRENT_REQUESTS_PER_DOMAIN={concurrency}", "-s", "LOG_LEVEL=WARNING"],
            capture_output=True, text=True, check=False,
        )
        elapsed = time.perf_counter() - started
        requests = len(server.request_log)
    if result.returncode != 0:
        print(result.stderr[-2000:], file=sys.stderr)
    return requests, elapsed, result.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=320)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8])
    args = parser.parse_args(argv)
    site = build_site(n_articles=args.articles)
    print(f"replica: {len(site.truth)} articles; crawl with DOWNLOAD_DELAY=0, AutoThrottle off\n")
    print(f"{'concurrency':>11} {'requests':>9} {'seconds':>8} {'pages/s':>8}  (process start and archive set-up included)")
    with tempfile.TemporaryDirectory() as tmp:
        for concurrency in args.concurrency:
            requests, elapsed, code = crawl_once(site, concurrency, Path(tmp))
            note = "" if code == 0 else f"  exit {code}"
            print(f"{concurrency:>11} {requests:>9} {elapsed:>8.1f} {requests / elapsed:>8.1f}{note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
