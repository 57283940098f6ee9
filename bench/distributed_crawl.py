"""One crawler process against two sharing a Redis frontier, side by side in one run.

Serves the replica on 127.0.0.1 with a small per-request latency (a real server is not
instant, and without latency one process already saturates this machine's cores), then
crawls it into a fresh PostgreSQL database twice: once with one process, once with two
processes on one scrapy-redis job. Prints requests (the replica's log), wall time and the
split between the workers.

    python bench/distributed_crawl.py [--articles 320] [--latency 0.05]
        [--postgres postgresql+psycopg://127.0.0.1:5432/test] [--redis redis://127.0.0.1:6379/0]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from archive.storage import Archive
from replica import ReplicaServer, build_site

FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "LOG_LEVEL=WARNING",
        "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2", "-s", "REDIS_IDLE_GRACE=2", "-s", "RUN_LOG_DIR="]


@contextmanager
def fresh_database(base_url: str) -> Iterator[str]:
    base = make_url(base_url)
    name = f"bsmu_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def crawl(server: ReplicaServer, db_url: str, workers: int, redis_url: str) -> tuple[int, float, list[int]]:
    Archive.open(db_url).close()  # the schema, before the workers race to make it
    job = f"bench-{uuid.uuid4().hex[:8]}"
    extra = ["--redis", redis_url, "--crawl-job", job] if workers > 1 else []
    mark = len(server.request_log)
    started = time.perf_counter()
    procs = [
        subprocess.Popen([sys.executable, "-m", "archive.cli", "--db", db_url, "crawl",
                          "--start-url", server.url("/allarticles/rubric2/"), *FAST, *extra],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(workers)
    ]
    for proc in procs:
        out, err = proc.communicate()
        if proc.returncode != 0:
            print(out[-500:], err[-1500:], file=sys.stderr)
    elapsed = time.perf_counter() - started
    with Archive.open(db_url) as archive:
        split = sorted(run.responses for run in archive.runs())
    if workers > 1:
        import redis

        client = redis.Redis.from_url(redis_url)
        for key in client.keys(f"bsmu-archive:{job}:*"):
            client.delete(key)
    return len(server.request_log) - mark, elapsed, split


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=320)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--postgres", default="postgresql+psycopg://127.0.0.1:5432/test")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0")
    args = parser.parse_args(argv)
    site = build_site(n_articles=args.articles)
    print(f"replica: {len(site.truth)} articles, {args.latency * 1000:.0f} ms per answer; PostgreSQL archive\n")
    print(f"{'processes':>9} {'requests':>9} {'seconds':>8}  responses per worker")
    with ReplicaServer(site, latency=args.latency) as server:
        for workers in (1, 2):
            with fresh_database(args.postgres) as db_url:
                requests, elapsed, split = crawl(server, db_url, workers, args.redis)
            print(f"{workers:>9} {requests:>9} {elapsed:>8.1f}  {split}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
