"""``make demo``: serve the bundled replica, crawl it into the default archive, show it.

The crawl runs through the real console command (``bsmu-archive crawl``) in a child
process, exactly as an operator would run it against the real site, only pointed at the
replica on 127.0.0.1 with the politeness delays switched off.

    python -m replica.demo [--db URL] [--variant modern|legacy] [--articles N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time

from replica import ReplicaServer, build_site


def _cli() -> list[str]:
    exe = shutil.which("bsmu-archive", path=os.path.dirname(sys.executable))
    return [exe] if exe else [sys.executable, "-m", "archive.cli"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Crawl the bundled replica of eng.bsmu.by into an archive.")
    parser.add_argument("--db", default=None, help="archive URL (default: BSMU_ARCHIVE_DB or sqlite:///data/archive.sqlite3)")
    parser.add_argument("--variant", choices=["modern", "legacy"], default="modern")
    parser.add_argument("--articles", type=int, default=320)
    args = parser.parse_args(argv)

    site = build_site(n_articles=args.articles, variant=args.variant)
    db = ["--db", args.db] if args.db else []
    cli = _cli()
    with ReplicaServer(site) as server:
        start_url = f"{server.base_url}/allarticles/rubric2/"
        print(f"Replica of eng.bsmu.by ({args.variant} markup, {len(site.truth)} articles) at {server.base_url}")
        print(f"Crawling {start_url} with delays off ...\n", flush=True)
        started = time.monotonic()
        crawl = subprocess.run(
            [*cli, *db, "crawl", "--start-url", start_url,
             "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
             "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8", "-s", "LOG_LEVEL=WARNING"],
            check=False,
        )
        elapsed = time.monotonic() - started
        print(f"\n{len(server.request_log)} requests served in {elapsed:.1f} s")
    # A run that archived what it could but counted failed extractions (the replica
    # holds a few deliberately broken pages) still has an archive worth showing.
    print("\nWhat the archive holds now:\n", flush=True)
    subprocess.run([*cli, *db, "stats"], check=False)
    print("\nTry:")
    where = f" --db {args.db}" if args.db else ""
    print(f'  .venv/bin/bsmu-archive{where} search "Nanjing Medical University"')
    print(f"  .venv/bin/bsmu-archive{where} export --format jsonl --out data/articles.jsonl")
    print(f"  .venv/bin/bsmu-archive{where} search delegation --country Uzbekistan --year 2022")
    print(f"  .venv/bin/bsmu-archive{where} export --format csv --out data/articles.csv --from 2022-01-01")
    print(f"  .venv/bin/bsmu-archive{where} export --dataset data/dataset")
    print(f"  .venv/bin/bsmu-archive{where} serve    # the search page at http://127.0.0.1:8000/")
    print(f"  .venv/bin/bsmu-archive{where} runs")
    return 0 if crawl.returncode in (0, 1) else crawl.returncode


if __name__ == "__main__":
    sys.exit(main())
