"""Search latency on a large synthetic archive: text, filtered and faceted queries.

Builds an archive of ``--articles`` synthetic articles (100,000 by default) with
``bench/synthetic_archive.py`` (or reuses ``--db`` when it already holds articles), lets
SQLite refresh its planner statistics as ``bsmu-archive serve`` does when it starts, then
times :func:`archive.query.search_archive` — the one function behind the CLI, the web
page and the API — on query sets drawn from the archive itself. ``--db`` may name a
SQLite file or a PostgreSQL database (``postgresql+psycopg://...``; an empty one is
filled), so the two engines can be compared on the same synthetic archive:

* **text**: one or two words, a phrase or a prefix, taken from the index's own vocabulary
  across document frequencies from 0.1 % to 50 % of the archive; relevance order, first
  page of 20 with snippets;
* **text + filters**: the same with one or two filters (year, country, translator,
  partner, date range), as the press office combines them;
* **text + filters + facets**: the same, also counting the five facets;
* **filters + facets** (no words): browsing by facet.

Prints p50/p95/max per set and the targets (p95 < 50 ms with filters, < 150 ms with
facets). The machine's load average is printed too: the numbers are wall-clock time of
one process on a shared 2-core machine. CPU time is this process's; on PostgreSQL the
search runs in the server, so the CPU time of this connection's server process is added
when the server is on this machine (read from ``/proc/<pid>/schedstat``; the time of any
parallel query workers is not in it).

    python bench/search_speed.py                       # 100,000 articles in a temp dir
    python bench/search_speed.py --articles 20000 --queries 40
    python bench/search_speed.py --db sqlite:////tmp/synthetic.sqlite3   # build once, reuse
    python bench/search_speed.py --db postgresql+psycopg://127.0.0.1:5432/bench_search
    python bench/search_speed.py --db postgresql+psycopg://127.0.0.1:5432/bench_search \
        --queries-from sqlite:////tmp/synthetic.sqlite3       # the same queries on both
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from archive.db import describe_url  # noqa: E402
from archive.query import SearchRequest, refresh_statistics, search_archive  # noqa: E402
from archive.records import RecordFilter  # noqa: E402
from archive.storage import Archive  # noqa: E402

TARGETS_MS = {"text + filters": 50.0, "text + filters + facets": 150.0}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=60, help="queries per set (default 60)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--db", help="archive URL to reuse or fill (default: a temporary file)")
    parser.add_argument(
        "--queries-from",
        metavar="URL",
        help="draw the query words and filter values from this archive's index instead (e.g. "
        "the SQLite build of the same seed), so that two engines run the very same queries",
    )
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bsmu-search-bench-") as folder:
        url = args.db or f"sqlite:///{Path(folder) / 'synthetic.sqlite3'}"
        archive = _archive_with_articles(url, args.articles, args.seed)
        with archive:
            started = time.perf_counter()
            refresh_statistics(archive)
            print(f"planner statistics refreshed in {time.perf_counter() - started:.1f} s")
            _run(archive, args.queries, random.Random(args.seed), args.queries_from)
    return 0


def _archive_with_articles(url: str, n_articles: int, seed: int) -> Archive:
    archive = Archive.open(url)
    with archive.session() as session:
        existing = session.scalar(text("SELECT count(*) FROM articles")) or 0
    if existing:
        print(f"reusing {describe_url(archive.url)}: {existing} articles")
        return archive
    archive.close()
    from bench.synthetic_archive import build_synthetic_archive

    started = time.perf_counter()
    build_synthetic_archive(url, n_articles, seed)
    print(f"built {n_articles} synthetic articles in {time.perf_counter() - started:.0f} s")
    return Archive.open(url)


def _run(archive: Archive, n: int, rng: random.Random, queries_from: str | None = None) -> None:
    if queries_from:
        with Archive.open(queries_from) as source:
            print(f"queries drawn from {describe_url(source.url)}")
            words = _vocabulary(source, rng)
            values = _filter_values(source)
    else:
        words = _vocabulary(archive, rng)
        values = _filter_values(archive)
    texts = [_text_query(words, rng) for _ in range(n)]
    filters = [_filters(values, rng) for _ in range(n)]

    sets: dict[str, list[tuple[RecordFilter, bool]]] = {
        "text": [(RecordFilter(query=t), False) for t in texts],
        "text + filters": [(_with(f, t), False) for f, t in zip(filters, texts, strict=True)],
        "text + filters + facets": [
            (_with(f, t), True) for f, t in zip(filters, texts, strict=True)
        ],
        "filters + facets": [(f, True) for f in filters],
    }
    for name, cases in sets.items():
        _measure(archive, cases[:3])  # warm the page cache
        measured = _measure(archive, cases)
        timings = [m[0] for m in measured]
        cpu = [m[1] for m in measured]
        totals = [m[2] for m in measured]
        p50, p95 = _percentiles(timings)
        cpu50, cpu95 = _percentiles(cpu)
        target = TARGETS_MS.get(name)
        verdict = ""
        if target is not None:
            verdict = f"  target p95 < {target:.0f} ms: {'met' if p95 < target else 'NOT met'}"
        print(
            f"{name:24} wall p50 {p50:6.1f} p95 {p95:6.1f} max {max(timings):6.1f} ms | "
            f"cpu p50 {cpu50:6.1f} p95 {cpu95:6.1f} ms | {len(timings)} queries, "
            f"median {statistics.median(totals):.0f} matches{verdict}"
        )
    load = os.getloadavg()
    print(f"load average during the run: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} (2 cores)")


def _percentiles(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(ordered), ordered[round(0.95 * (len(ordered) - 1))]


def _measure(
    archive: Archive, cases: list[tuple[RecordFilter, bool]]
) -> list[tuple[float, float, int]]:
    """Time each search: wall clock (what a user waits) and this process's CPU time (what
    the search costs, whatever else the shared machine is doing)."""
    measured = []
    with archive.session() as session:
        server_cpu = _server_cpu_clock(session)
        for filters, facets in cases:
            started, cpu_started = time.perf_counter(), time.process_time()
            server_started = server_cpu()
            found = search_archive(session, SearchRequest(filters=filters, facets=facets))
            measured.append(
                (
                    (time.perf_counter() - started) * 1000,
                    (time.process_time() - cpu_started + server_cpu() - server_started) * 1000,
                    found.total,
                )
            )
    return measured


def _server_cpu_clock(session: Session) -> Callable[[], float]:
    """Seconds of CPU the session's PostgreSQL server process has used (0 on SQLite, whose
    searches run in this process, or when that process is not readable from here)."""
    if session.get_bind().dialect.name != "postgresql":
        return lambda: 0.0
    pid = session.execute(text("SELECT pg_backend_pid()")).scalar_one()
    schedstat = Path(f"/proc/{pid}/schedstat")
    try:
        schedstat.read_text()
    except OSError:
        print(f"note: {schedstat} is not readable: cpu is this process's only")
        return lambda: 0.0
    return lambda: int(schedstat.read_text().split()[0]) / 1e9


def _vocabulary(archive: Archive, rng: random.Random) -> list[str]:
    """Indexed words found in 0.1 % to 50 % of the articles, from the index itself."""
    if archive.engine.dialect.name == "postgresql":
        return _postgres_vocabulary(archive, rng)
    with archive.engine.connect() as connection:
        total = connection.scalar(text("SELECT count(*) FROM articles")) or 1
        connection.exec_driver_sql(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.bench_vocab "
            "USING fts5vocab(main, article_search, row)"
        )
        rows = connection.execute(
            text(
                "SELECT term FROM temp.bench_vocab WHERE doc BETWEEN :low AND :high "
                "AND length(term) > 3 AND term GLOB '[a-z]*' ORDER BY term"
            ),
            {"low": max(1, total // 1000), "high": total // 2},
        ).scalars().all()
    if not rows:
        raise SystemExit("the archive's index has no words to search for")
    return rng.sample(list(rows), min(len(rows), 200))


def _postgres_vocabulary(archive: Archive, rng: random.Random) -> list[str]:
    """The same on PostgreSQL: the lexemes of the tsvector index, with their document
    counts from ``ts_stat`` (stems, as FTS5's porter tokenizer gives on SQLite)."""
    with archive.engine.connect() as connection:
        total = connection.scalar(text("SELECT count(*) FROM articles")) or 1
        rows = connection.execute(
            text(
                "SELECT word FROM ts_stat('SELECT document FROM article_search') "
                "WHERE ndoc BETWEEN :low AND :high AND length(word) > 3 AND word ~ '^[a-z]' "
                "ORDER BY word COLLATE \"C\""
            ),
            {"low": max(1, total // 1000), "high": total // 2},
        ).scalars().all()
    if not rows:
        raise SystemExit("the archive's index has no words to search for")
    return rng.sample(list(rows), min(len(rows), 200))


def _text_query(words: list[str], rng: random.Random) -> str:
    kind = rng.random()
    first, second = rng.sample(words, 2)
    if kind < 0.4:
        return first
    if kind < 0.7:
        return f"{first} {second}"
    if kind < 0.85:
        return f'"{first} {second}"' if rng.random() < 0.5 else f"{first} -{second}"
    return f"{first[:4]}*"


def _filter_values(archive: Archive) -> dict[str, list[str]]:
    year = (
        "CAST(strftime('%Y', published) AS INTEGER)"
        if archive.engine.dialect.name == "sqlite"
        else "CAST(EXTRACT(YEAR FROM published) AS INTEGER)"
    )
    with archive.session() as session:
        def top(sql: str) -> list[str]:
            return [row[0] for row in session.execute(text(sql))]

        return {
            "country": top(
                "SELECT c.name FROM countries c JOIN country_mentions m ON m.country_id = c.id "
                "GROUP BY c.id ORDER BY count(*) DESC LIMIT 15"
            ),
            "partner": top(
                "SELECT o.name FROM organisations o JOIN organisation_mentions m "
                "ON m.organisation_id = o.id GROUP BY o.id ORDER BY count(*) DESC LIMIT 30"
            ),
            "translator": top(
                "SELECT p.name FROM people p JOIN credits c ON c.person_id = p.id "
                "WHERE c.role = 'translator' GROUP BY p.id ORDER BY count(*) DESC LIMIT 15"
            ),
            "year": top(f"SELECT DISTINCT {year} FROM revisions ORDER BY 1"),
        }


def _filters(values: dict[str, list[str]], rng: random.Random) -> RecordFilter:
    import datetime as dt

    chosen: dict[str, object] = {}
    for name in rng.sample(["year", "country", "translator", "partner", "range"], rng.choice((1, 2))):
        if name == "year":
            chosen["year"] = int(rng.choice(values["year"]))
        elif name == "range":
            start = dt.date(int(rng.choice(values["year"])), rng.randint(1, 12), 1)
            chosen["published_from"] = start
            chosen["published_to"] = start + dt.timedelta(days=180)
        elif values[name]:
            value = rng.choice(values[name])
            # People type part of a name: the surname of a translator, a partner's key word.
            chosen[name] = value.split()[-1] if name == "translator" else value
    return RecordFilter(**chosen)  # type: ignore[arg-type]


def _with(filters: RecordFilter, query: str) -> RecordFilter:
    import dataclasses

    return dataclasses.replace(filters, query=query)


if __name__ == "__main__":
    sys.exit(main())
