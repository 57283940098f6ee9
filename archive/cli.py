"""``bsmu-archive``: the operator's command line (crawl, export, search, serve, stats,
partners, reprocess, db).

Meant for people and for cron alike: every expected failure (a bad argument or date, an
unreachable database, a schema that needs upgrading) is ONE line on stderr,
``bsmu-archive: error: ...``, with exit status 2 and no traceback, so a cron mail says
what is wrong in its first line. Output is plain, tab-separated text when stdout is not a
terminal (pipes, files, cron) and a rich table when it is.

The crawler is imported only by ``crawl`` and the extractor only by ``reprocess``: the
other commands work without Scrapy being importable, and stay quick to start.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from archive.db import DB_URL_ENV, DEFAULT_DB_URL, describe_url, make_engine, resolve_db_url
from archive.errors import ArchiveError

PROG = "bsmu-archive"
DEFAULT_START_URL = "https://eng.bsmu.by/allarticles/rubric2/"
USAGE_ERROR = 2


class UsageError(Exception):
    """A problem with what the user asked for, reported in one line (exit status 2)."""


class ArgumentParser(argparse.ArgumentParser):
    """argparse that reports errors by raising, so ``main`` prints exactly one line."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


# -- argument types -------------------------------------------------------------------------

_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def _parse_date(value: str, *, end: bool) -> dt.date:
    """``YYYY-MM-DD``, or ``YYYY-MM`` / ``YYYY`` meaning the first (or, for ``end``, last) day."""
    m = _DATE.match(value.strip())
    try:
        if not m:
            raise ValueError
        year, month, day = int(m[1]), int(m[2] or 0), int(m[3] or 0)
        if day:
            return dt.date(year, month, day)
        if month:
            first = dt.date(year, month, 1)
            if not end:
                return first
            next_month = dt.date(year + (month == 12), month % 12 + 1, 1)
            return next_month - dt.timedelta(days=1)
        return dt.date(year, 12, 31) if end else dt.date(year, 1, 1)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"invalid date {value!r} (use YYYY-MM-DD, YYYY-MM or YYYY)"
        ) from None


def date_from(value: str) -> dt.date:
    return _parse_date(value, end=False)


def date_to(value: str) -> dt.date:
    return _parse_date(value, end=True)


def positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number <= 0:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, got {value!r}")
    return number


def port_number(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = -1
    if not 0 <= number <= 65535:
        raise argparse.ArgumentTypeError(f"expected a port number from 0 to 65535, got {value!r}")
    return number


def setting(value: str) -> tuple[str, str]:
    name, sep, setting_value = value.partition("=")
    if not sep or not name.strip():
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, got {value!r}")
    return name.strip(), setting_value


# -- the parser -----------------------------------------------------------------------------


def build_parser() -> ArgumentParser:
    """The whole command line; ``--db`` is accepted before or after the subcommand."""
    db_help = f"database URL (default: ${DB_URL_ENV}, else {DEFAULT_DB_URL})"
    common = ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="URL", default=argparse.SUPPRESS, help=db_help)

    parser = ArgumentParser(
        prog=PROG,
        description="Archive of the news of eng.bsmu.by: crawl, search, export.",
    )
    parser.add_argument("--db", metavar="URL", default=None, help=db_help)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    crawl = commands.add_parser(
        "crawl",
        parents=[common],
        help="crawl the site into the archive",
        description=("Crawl the site from the start URLs and store every response and article."),
    )
    crawl.add_argument(
        "--start-url",
        dest="start_urls",
        metavar="URL",
        action="append",
        help=f"where to start (repeatable; default: {DEFAULT_START_URL})",
    )
    crawl.add_argument(
        "-s",
        "--set",
        dest="settings",
        metavar="NAME=VALUE",
        type=setting,
        action="append",
        default=[],
        help="override a Scrapy setting, as with `scrapy crawl -s` (repeatable)",
    )
    crawl.add_argument(
        "--full",
        action="store_true",
        help="walk every listing page and re-check every known article (conditionally): "
        "the periodic deep pass that finds edited old articles and removed ones",
    )
    crawl.add_argument(
        "--redis",
        metavar="URL",
        help="share the crawl frontier with other workers through Redis (scrapy-redis), "
        "e.g. redis://127.0.0.1:6379/0; use a server database (--db postgresql+psycopg://...)",
    )
    crawl.add_argument(
        "--crawl-job",
        metavar="NAME",
        help="with --redis: the shared job workers join (default: nightly-<UTC date>)",
    )
    crawl.add_argument(
        "--log-file",
        metavar="PATH",
        help="write the crawl log to PATH (default: a file per run in logs/ beside the archive)",
    )
    crawl.set_defaults(handler=cmd_crawl)

    runs = commands.add_parser(
        "runs",
        parents=[common],
        help="list the crawl runs, or show one",
        description="The latest crawl runs, newest first; --show N details one of them.",
    )
    runs.add_argument("--limit", type=positive_int, default=20, help="how many runs (default 20)")
    runs.add_argument("--show", metavar="N", type=positive_int, help="details of run N")
    runs.set_defaults(handler=cmd_runs)

    export = commands.add_parser(
        "export",
        parents=[common],
        help="export the current records (JSON Lines, CSV, Parquet), raw captures (WARC) or a dataset",
        description=(
            "Export the current record of every matching article, ordered by date then URL; "
            "--format warc writes the raw captures of the matching articles; --dataset DIR "
            "writes normalised tables as CSV and Parquet with datapackage.json, a data card "
            "and a manifest. The same archive and arguments give byte-identical files."
        ),
    )
    export.add_argument(
        "--format",
        choices=("jsonl", "csv", "parquet", "warc"),
        default=None,
        help="default: jsonl; warc is gzipped per record when PATH ends in .gz",
    )
    export.add_argument(
        "--out", metavar="PATH", default=None, help="output file, - for stdout (default)"
    )
    export.add_argument(
        "--dataset", metavar="DIR", default=None, help="write the research dataset into DIR"
    )
    _add_filters(export)
    export.set_defaults(handler=cmd_export)

    search = commands.add_parser(
        "search",
        parents=[common],
        help="full-text search",
        description=(
            'Search titles, announcements and bodies. Words are AND-ed; "quoted phrases", '
            "prefix* and -excluded words are understood."
        ),
    )
    search.add_argument("text", nargs="+", metavar="TEXT", help="what to look for")
    search.add_argument(
        "--limit", type=positive_int, default=20, help="at most N hits (default 20)"
    )
    search.add_argument("--offset", type=int, default=0, help="skip the first N hits")
    search.add_argument(
        "--sort",
        choices=("relevance", "date"),
        default="relevance",
        help="best match first (default) or newest first",
    )
    _add_filters(search)
    search.set_defaults(handler=cmd_search)

    serve = commands.add_parser(
        "serve",
        parents=[common],
        help="the read-only web UI and JSON API",
        description=(
            "Serve the search page, article pages, the partners page and the JSON API "
            "(OpenAPI at /api/openapi.json). Read-only. Listens on 127.0.0.1 unless --host "
            "says otherwise."
        ),
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument(
        "--port", type=port_number, default=8000, help="port (default 8000; 0 picks a free one)"
    )
    serve.set_defaults(handler=cmd_serve)

    stats = commands.add_parser(
        "stats",
        parents=[common],
        help="articles per year, totals and the last runs",
        description="Print article counts per year, row totals and the latest crawl runs.",
    )
    stats.add_argument(
        "--runs", type=positive_int, default=5, help="how many runs to list (default 5)"
    )
    stats.set_defaults(handler=cmd_stats)

    partners = commands.add_parser(
        "partners",
        parents=[common],
        help="partner organisations with article counts and first/last mention",
        description=(
            "List the organisations the articles name (by their current revision), with "
            "how many articles name them and the first and last publication date, most "
            "named first."
        ),
    )
    partners.add_argument("--country", metavar="NAME", help="only organisations of this country")
    partners.add_argument(
        "--unknown",
        action="store_true",
        help="only organisations not in the registry (found by discovery), with a sample "
        "article URL each: the list to curate",
    )
    partners.set_defaults(handler=cmd_partners)

    reprocess = commands.add_parser(
        "reprocess",
        parents=[common],
        help="extract the stored captures again (no network)",
        description=(
            "Run the current extractor over the stored captures, after the pipeline or the "
            "organisation registry changed. Records that change get a new revision; the "
            "rest add nothing. Safe to interrupt and run again."
        ),
    )
    which = reprocess.add_mutually_exclusive_group()
    which.add_argument(
        "--only-failed",
        action="store_true",
        help="only captures whose extraction failed, whatever version read them",
    )
    which.add_argument(
        "--all",
        dest="every",
        action="store_true",
        help="every capture, even those this extractor version already read "
        "(e.g. after a registry edit)",
    )
    reprocess.set_defaults(handler=cmd_reprocess)

    db = commands.add_parser(
        "db", parents=[common], help="database schema management", description="Schema management."
    )
    db_commands = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    upgrade = db_commands.add_parser(
        "upgrade",
        parents=[common],
        help="apply pending schema migrations",
        description="Bring the database schema to the newest revision (creates it if empty).",
    )
    upgrade.set_defaults(handler=cmd_db_upgrade)
    current = db_commands.add_parser(
        "current",
        parents=[common],
        help="show the schema revision",
        description="Print the database's schema revision and whether it is the newest.",
    )
    current.set_defaults(handler=cmd_db_current)
    copy = db_commands.add_parser(
        "copy",
        help="copy a whole archive into an empty database (e.g. SQLite to PostgreSQL)",
        description=(
            "Copy every table of the archive at --from into the empty database at --to, ids "
            "kept, then rebuild the search index and compare the row counts of every table."
        ),
    )
    copy.add_argument("--from", dest="source", metavar="URL", required=True, help="the archive to copy")
    copy.add_argument("--to", dest="target", metavar="URL", required=True, help="an empty database")
    copy.set_defaults(handler=cmd_db_copy)
    check = db_commands.add_parser(
        "check",
        parents=[common],
        help="check the archive's integrity",
        description=(
            "Check the archive: database integrity (SQLite), foreign keys, revisions and "
            "credits, the search index against the current revisions. Exit 1 on any problem."
        ),
    )
    check.set_defaults(handler=cmd_db_check)
    return parser


def _add_filters(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("filters")
    group.add_argument("--query", metavar="TEXT", help="full-text query (same syntax as search)")
    group.add_argument(
        "--from",
        dest="published_from",
        metavar="DATE",
        type=date_from,
        help="published on or after DATE (YYYY-MM-DD, YYYY-MM or YYYY)",
    )
    group.add_argument(
        "--to",
        dest="published_to",
        metavar="DATE",
        type=date_to,
        help="published on or before DATE (YYYY-MM-DD, YYYY-MM or YYYY)",
    )
    group.add_argument("--author", metavar="NAME", help="credited author's name contains NAME")
    group.add_argument(
        "--translator", metavar="NAME", help="credited translator's name contains NAME"
    )
    group.add_argument(
        "--partner", metavar="NAME", help="a named partner organisation's name contains NAME"
    )
    group.add_argument(
        "--country", metavar="NAME", help="the article mentions country NAME (whole name)"
    )
    group.add_argument("--year", metavar="YYYY", type=positive_int, help="published in year YYYY")
    group.add_argument(
        "--photographer", metavar="NAME", help="credited photographer's name contains NAME"
    )
    group.add_argument(
        "--person", metavar="NAME", help="anyone credited or named in the text whose name contains NAME"
    )
    group.add_argument("--rubric", metavar="N", type=positive_int, help="the site's rubric number N")
    group.add_argument("--language", metavar="CODE", help="language code of the article, e.g. en")


def filters_from_args(args: argparse.Namespace) -> Any:
    """The RecordFilter the filter options of ``args`` describe (see :func:`_add_filters`)."""
    from archive.records import RecordFilter

    _check_range(args)
    return RecordFilter(
        query=args.query,
        published_from=args.published_from,
        published_to=args.published_to,
        year=args.year,
        author=args.author,
        translator=args.translator,
        photographer=args.photographer,
        person=args.person,
        partner=args.partner,
        country=args.country,
        rubric=args.rubric,
        language=args.language,
    )


# -- commands -------------------------------------------------------------------------------


def _open_archive(args: argparse.Namespace) -> Any:
    from archive.storage import Archive

    return Archive.open(args.db)


def cmd_crawl(args: argparse.Namespace) -> int:
    db_url = resolve_db_url(args.db)
    # Check the database first: a wrong URL should fail before Scrapy starts up.
    _open_archive(args).close()
    try:
        from scraper.crawl import run_crawl
    except ImportError as exc:
        raise UsageError(f"the crawler cannot be loaded: {exc}") from exc
    from scraper.lock import EXIT_LOCKED, CrawlLocked

    overrides = dict(args.settings)
    if args.full:
        overrides["NEWS_FULL"] = "True"
    if args.crawl_job and not args.redis:
        raise UsageError("--crawl-job needs --redis")
    if args.redis:
        from scraper.distributed import check_redis, default_job, redis_settings

        try:
            overrides.update(redis_settings(args.redis, args.crawl_job or default_job()))
            check_redis(args.redis)
        except ValueError as exc:
            raise UsageError(str(exc)) from exc
    # No --start-url: the crawler's NEWS_START_URLS setting decides (its default is
    # DEFAULT_START_URL), so `-s NEWS_START_URLS=...` works as with `scrapy crawl`.
    try:
        return run_crawl(list(args.start_urls or []), db_url, overrides, args.log_file)
    except CrawlLocked as exc:
        _error(str(exc))
        return EXIT_LOCKED
    except ValueError as exc:
        raise UsageError(str(exc).splitlines()[0] if str(exc) else "invalid crawl arguments") from exc


def cmd_runs(args: argparse.Namespace) -> int:
    with _open_archive(args) as archive:
        if args.show is not None:
            try:
                run = archive.run(args.show)
            except KeyError as exc:
                raise UsageError(f"no run {args.show} in this archive") from exc
            _print_run(run, archive.run_failures(run.id))
            return 0
        runs = archive.runs(limit=args.limit)
    if not runs:
        print("no runs yet", file=sys.stderr)
        return 0
    _print_runs(runs)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from archive.export import export_to_path

    filters = filters_from_args(args)
    if args.dataset is not None:
        return _export_dataset(args, filters)
    fmt, out = args.format or "jsonl", args.out or "-"
    with _open_archive(args) as archive:
        try:
            count = export_to_path(archive, fmt, out, filters)
        except OSError as exc:
            raise UsageError(f"cannot write {out}: {exc.strerror or exc}") from exc
    if out != "-":
        what = "captures" if fmt == "warc" else "records"
        print(f"exported {count} {what} to {out}", file=sys.stderr)
    return 0


def _export_dataset(args: argparse.Namespace, filters: Any) -> int:
    from archive.dataset import DatasetTargetError, export_dataset

    if args.format is not None or args.out is not None:
        raise UsageError("--dataset writes every table as CSV and Parquet into DIR: drop --format and --out")
    with _open_archive(args) as archive:
        try:
            summary = export_dataset(archive, args.dataset, filters)
        except DatasetTargetError as exc:
            raise UsageError(str(exc)) from exc
        except OSError as exc:
            raise UsageError(f"cannot write {args.dataset}: {exc.strerror or exc}") from exc
    print(f"exported {summary.articles} articles in {len(summary.files)} files to {args.dataset}", file=sys.stderr)
    return 0


def _check_range(args: argparse.Namespace) -> None:
    if args.published_from and args.published_to and args.published_from > args.published_to:
        raise UsageError(f"--from {args.published_from} is after --to {args.published_to}")


def cmd_search(args: argparse.Namespace) -> int:
    import dataclasses

    from archive.query import SearchRequest, search_archive

    filters = filters_from_args(args)
    text = " ".join([*args.text, filters.query or ""]).strip()
    request = SearchRequest(
        filters=dataclasses.replace(filters, query=text),
        sort=args.sort,
        limit=args.limit,
        offset=max(args.offset, 0),
    )
    with _open_archive(args) as archive:
        found = search_archive(archive, request)
    rows = [
        (r.record["published"] or "", _one_line(r.record["title"] or ""), r.record["url"])
        for r in found.results
    ]
    if not rows:
        print("no articles match", file=sys.stderr)
        return 0
    _print_table(("date", "title", "url"), rows)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    try:
        from archive.web.server import bind, serve
    except ImportError as exc:
        raise UsageError(f"the web UI cannot be loaded: {exc}") from exc

    with _open_archive(args) as archive:
        try:
            sock = bind(args.host, args.port)
        except OSError as exc:
            raise UsageError(
                f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}"
            ) from exc
        serve(archive, sock, lambda url: print(f"serving {archive.url} at {url}/", flush=True))
    return 0


def cmd_stats(args: argparse.Namespace) -> int:

    with _open_archive(args) as archive:
        per_year = archive.articles_per_year()
        totals = archive.counts()
        runs = archive.runs(args.runs)
    _print_table(
        ("year", "articles"), [(str(y), str(n)) for y, n in per_year], title="articles per year"
    )
    _print_table(("total", "count"), [(k, str(v)) for k, v in totals.items()], title="totals")
    _print_runs(runs)
    return 0


PARTNER_COLUMNS = ("organisation", "country", "kind", "matched", "articles", "first", "last")
UNKNOWN_COLUMNS = ("organisation", "country", "kind", "articles", "first", "last", "url")


def cmd_partners(args: argparse.Namespace) -> int:
    with _open_archive(args) as archive:
        partners = archive.partners(country=args.country, unknown=args.unknown)
    if not partners:
        print("no organisations match", file=sys.stderr)
        return 0
    if args.unknown:
        header: Sequence[str] = UNKNOWN_COLUMNS
        title = "organisations not in the registry"
        rows = [
            (
                p.name,
                p.country or "",
                p.kind or "",
                str(p.articles),
                p.first.isoformat(),
                p.last.isoformat(),
                p.sample_url,
            )
            for p in partners
        ]
    else:
        header, title = PARTNER_COLUMNS, "partners"
        rows = [
            (
                p.name,
                p.country or "",
                p.kind or "",
                p.matched,
                str(p.articles),
                p.first.isoformat(),
                p.last.isoformat(),
            )
            for p in partners
        ]
    _print_table(header, rows, title=title)
    return 0


def cmd_reprocess(args: argparse.Namespace) -> int:
    from archive.reprocess import reprocess

    try:
        from pipeline import EXTRACTOR_VERSION, extract_page
    except ImportError as exc:
        raise UsageError(f"the extractor cannot be loaded: {exc}") from exc

    with _open_archive(args) as archive:
        if sys.stdout.isatty():
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
            )

            with Progress(
                TextColumn("reprocessing"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                transient=True,
            ) as progress:
                task = progress.add_task("reprocess", total=None)
                summary = reprocess(
                    archive,
                    only_failed=args.only_failed,
                    every=args.every,
                    extract=extract_page,
                    extractor_version=EXTRACTOR_VERSION,
                    on_start=lambda total: progress.update(task, total=total),
                    on_capture=lambda _id, _outcome: progress.advance(task),
                )
        else:
            summary = reprocess(
                archive,
                only_failed=args.only_failed,
                every=args.every,
                extract=extract_page,
                extractor_version=EXTRACTOR_VERSION,
            )
    print(summary.line())
    return 0


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    from archive.schema import current_revision, upgrade, user_tables

    engine = make_engine(resolve_db_url(args.db))
    try:
        before = current_revision(engine)
        if before is None and user_tables(engine):
            raise UsageError(
                "the database has tables but no archive schema version; not upgrading it"
            )
        upgrade(engine)
        after = current_revision(engine)
    finally:
        engine.dispose()
    if before == after:
        print(f"{describe_url(engine.url)}: already at revision {after} (head)")
    else:
        print(f"{describe_url(engine.url)}: upgraded from {before or 'empty'} to {after}")
    return 0


def cmd_db_copy(args: argparse.Namespace) -> int:
    from archive.copy import copy_archive

    if resolve_db_url(args.source) == resolve_db_url(args.target):
        raise UsageError("--from and --to name the same database")
    copied = copy_archive(args.source, args.target)
    _print_table(
        ("table", "source rows", "target rows"),
        [(c.name, str(c.source_rows), str(c.target_rows)) for c in copied],
        title="copied",
    )
    print(
        f"copied {describe_url(args.source)} to {describe_url(args.target)}: "
        f"{sum(c.target_rows for c in copied)} rows, every count verified",
        file=sys.stderr,
    )
    return 0


def cmd_db_check(args: argparse.Namespace) -> int:
    from archive.integrity import check_archive_integrity

    with _open_archive(args) as archive:
        problems = check_archive_integrity(archive.engine)
        where = describe_url(archive.engine.url)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{where}: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    print(f"{where}: sound", file=sys.stderr)
    return 0


def cmd_db_current(args: argparse.Namespace) -> int:
    from archive.schema import current_revision, head_revision

    engine = make_engine(resolve_db_url(args.db))
    try:
        current = current_revision(engine)
    finally:
        engine.dispose()
    head = head_revision()
    if current is None:
        state = "empty (no schema yet)"
    elif current == head:
        state = f"{current} (head)"
    else:
        state = f"{current} (head is {head}: run `{PROG} db upgrade`)"
    print(f"{describe_url(engine.url)}: {state}")
    return 0


# -- output ---------------------------------------------------------------------------------


def _one_line(value: str) -> str:
    return " ".join(value.split())


RUN_COLUMNS = (
    "run",
    "started",
    "seconds",
    "status",
    "requests",
    "responses",
    "new",
    "changed",
    "unchanged",
    "gone",
    "failed",
    "not_articles",
    "bytes",
    "message",
)


def _run_seconds(run: Any) -> str:
    if run.finished_at is None:
        return ""
    return f"{(run.finished_at - run.started_at).total_seconds():.1f}"


def _by_status(run: Any) -> str:
    """``200:12 304:40``: responses by HTTP status."""
    return " ".join(f"{status}:{count}" for status, count in run.responses_by_status.items())


def _print_runs(runs: Sequence[Any]) -> None:
    """Runs as sentences on a terminal, as tab-separated rows (RUN_COLUMNS) otherwise."""
    from archive.records import format_timestamp

    if sys.stdout.isatty():
        _print_runs_for_people(runs)
        return
    _print_table(
        RUN_COLUMNS,
        [
            (
                str(run.id),
                format_timestamp(run.started_at) or "",
                _run_seconds(run),
                run.status,
                str(run.requests),
                _by_status(run),
                *(str(getattr(run, name)) for name in RUN_COLUMNS[6:-1]),
                _one_line(run.message or ""),
            )
            for run in runs
        ],
        title="last runs",
    )


def _print_run(run: Any, failures: Sequence[Any]) -> None:
    """One run in full: counts, responses by status, log file and failed extractions."""
    from archive.records import format_timestamp

    fields = [
        ("run", str(run.id)),
        ("status", run.status),
        ("started", format_timestamp(run.started_at) or ""),
        ("finished", format_timestamp(run.finished_at) or "(not recorded)"),
        ("seconds", _run_seconds(run)),
        ("mode", str((run.stats or {}).get("news/mode", ""))),
        ("start urls", " ".join(run.start_urls)),
        ("requests", str(run.requests)),
        ("responses", f"{run.responses} ({_by_status(run)})" if run.responses else "0"),
        *((name, str(getattr(run, name))) for name in RUN_COLUMNS[6:-1]),
        ("log file", run.log_path or ""),
        ("message", _one_line(run.message or "")),
    ]
    _print_table(("field", "value"), fields, title=f"run {run.id}")
    lost = (run.stats or {}).get("news/request_failed_urls") or {}
    if lost:
        _print_table(
            ("reason", "url"),
            [(str(reason), str(url)) for url, reason in sorted(lost.items())],
            title="requests lost (the next run asks again)",
        )
    if failures:
        _print_table(
            ("capture", "reason", "url"),
            [(str(c.capture_id), c.failure_reason or "", c.url) for c in failures],
            title="failed extractions (raw captures kept; `reprocess --only-failed` retries them)",
        )


def _print_table(
    header: Sequence[str], rows: Sequence[Sequence[str]], title: str | None = None
) -> None:
    """A rich table on a terminal; otherwise tab-separated lines for scripts.

    In plain output a titled table starts with one comment line naming its columns
    (``# last runs: id<TAB>started...``), so the rows stay pure data for ``cut``/``awk``.

    On a terminal, URLs fold onto the next line rather than being cut with an ellipsis:
    they are there to be copied.
    """
    if sys.stdout.isatty():
        from rich.console import Console
        from rich.table import Table

        table = Table(title=title, title_justify="left")
        for name in header:
            if name == "url":
                table.add_column(name, overflow="fold")
            else:
                table.add_column(name, no_wrap=name in ("date", "year"))
        for row in rows:
            table.add_row(*row)
        Console().print(table)
        return
    if title:
        print(f"# {title}: " + "\t".join(header))
    for row in rows:
        print("\t".join(row))


def _print_runs_for_people(runs: Sequence[Any]) -> None:
    """Runs as one readable sentence each: ten numeric columns do not fit a terminal."""
    from rich.console import Console
    from rich.markup import escape

    console = Console()
    console.print("[italic]last runs[/italic]")
    colours = {"ok": "green", "failed": "red", "interrupted": "yellow", "running": "cyan"}
    for run in runs:
        started = run.started_at.strftime("%Y-%m-%d %H:%M UTC")
        colour = colours.get(run.status, "white")
        counts = (
            f"{run.requests} requests: {run.new} new, {run.changed} changed, "
            f"{run.unchanged} unchanged, {run.gone} gone, {run.failed} failed"
        )
        message = f" — {escape(_one_line(run.message))}" if run.message else ""
        console.print(f"#{run.id}  {started}  [{colour}]{run.status}[/{colour}]  {counts}{message}")


# -- entry point ----------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    try:
        try:
            args = parser.parse_args(argv)
        except SystemExit as exc:  # --help and --version exit through argparse
            return exc.code if isinstance(exc.code, int) else 0
        handler: Callable[[argparse.Namespace], int] = args.handler
        return handler(args)
    except (UsageError, ArchiveError) as exc:
        _error(str(exc))
        return USAGE_ERROR
    except KeyboardInterrupt:
        _error("interrupted")
        return 130
    except BrokenPipeError:
        # The reader went away (`| head`): not worth a traceback. Point stdout at
        # /dev/null so the interpreter's final flush does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def _error(message: str) -> None:
    print(f"{PROG}: error: {' '.join(message.split())}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
