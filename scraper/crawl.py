"""Running the news crawl from Python, for the CLI (``bsmu-archive crawl``) and for tests.

``scrapy crawl news`` finds its settings through ``scrapy.cfg`` in the current
directory; the CLI may run anywhere, so the settings module is loaded explicitly here
and the command line's ``-s NAME=VALUE`` overrides are laid over it at the same
priority Scrapy gives ``-s``. Both ways therefore build the same crawler.

Twisted's reactor cannot be restarted, so :func:`run_crawl` can run once per process.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from scraper.distributed import is_distributed
from scraper.links import CrawlScope
from scraper.lock import CrawlLock, lock_path_for
from scraper.runs import RUN_MESSAGE_KEY, RUN_STATUS_KEY, judge_run, summary_line

logger = logging.getLogger(__name__)

SETTINGS_MODULE = "scraper.settings"
SPIDER_NAME = "news"


def build_settings(db_url: str | None, overrides: Mapping[str, str] | None = None) -> Settings:
    """Project settings, then the archive URL, then every override (as ``-s`` would set them).

    Values may be strings, as typed on a command line: Scrapy converts them when they
    are read (``getbool``, ``getfloat``, ``getlist``, ``getdict`` accept strings and JSON).
    """
    settings = Settings()
    settings.setmodule(SETTINGS_MODULE, priority="project")
    if db_url:
        settings.set("ARCHIVE_DB_URL", db_url, priority="cmdline")
    for name, value in (overrides or {}).items():
        settings.set(name, value, priority="cmdline")
    return settings


def check_archive(db_url: str) -> None:
    """Open and close the archive once, so an unusable one fails before Scrapy starts.

    Raises ``archive.errors.ArchiveUnavailable`` or ``SchemaOutOfDate`` (one-line
    messages) for the caller to report.
    """
    from archive.storage import Archive

    Archive.open(db_url).close()


@contextmanager
def crawl_lock(settings: Settings, db_url: str) -> Iterator[None]:
    """Hold the archive's crawl lock for the block; close the books of runs killed before.

    Raises :class:`scraper.lock.CrawlLocked` when another crawl holds it. Without an
    archive there is nothing to protect, and the workers of a distributed crawl
    (:mod:`scraper.distributed`) run side by side on purpose: no lock is taken then.
    """
    if not settings.getbool("ARCHIVE_ENABLED", True) or is_distributed(settings):
        # Workers of a distributed crawl share the job by design; Redis keeps them apart.
        yield
        return
    from archive.storage import Archive

    with CrawlLock(lock_path_for(db_url, settings.get("CRAWL_LOCK_FILE") or None)):
        with Archive.open(db_url) as archive:
            for run_id in archive.abandon_stale_runs():
                logger.warning("Run %s was left running by a process that died: marked interrupted", run_id)
        yield


@dataclass(frozen=True, slots=True)
class CrawlOutcome:
    """What one crawl came to: its run status, the summary line and Scrapy's final stats."""

    status: str
    summary: str
    stats: dict[str, Any]

    @property
    def exit_code(self) -> int:
        """0 for an ``ok`` run, 1 for a failed or interrupted one."""
        return 0 if self.status == "ok" else 1


def crawl_once(
    start_urls: Sequence[str],
    db_url: str | None,
    overrides: Mapping[str, str],
    log_file: str | None = None,
) -> CrawlOutcome:
    """Crawl ``start_urls`` (default: NEWS_START_URLS) into the archive at ``db_url``.

    Raises the archive's ArchiveUnavailable / SchemaOutOfDate before crawling when the
    archive cannot be used, ``scraper.lock.CrawlLocked`` when another crawl of the same
    archive is running, and ValueError when a start URL is not an absolute http(s) URL. Overrides win over ``db_url``: ``-s ARCHIVE_DB_URL=...`` is honoured like any
    other setting.
    """
    from archive.db import describe_url, resolve_db_url

    settings = build_settings(db_url, overrides)
    # Bad start URLs fail here, as a ValueError with the URL, not inside Scrapy's startup.
    CrawlScope.from_start_urls(list(start_urls) or settings.getlist("NEWS_START_URLS"))
    effective_db_url = resolve_db_url(settings.get("ARCHIVE_DB_URL") or None)
    settings.set("ARCHIVE_DB_URL", effective_db_url, priority="cmdline")
    if settings.getbool("ARCHIVE_ENABLED", True):
        check_archive(effective_db_url)
    if log_file:
        settings.set("LOG_FILE", log_file, priority="cmdline")

    with crawl_lock(settings, effective_db_url):
        process = CrawlerProcess(settings)
        crawler = process.create_crawler(SPIDER_NAME)
        spider_args = {"start_url": ",".join(start_urls)} if start_urls else {}
        process.crawl(crawler, **spider_args)
        process.start()

    assert crawler.stats is not None
    stats = dict(crawler.stats.get_stats())
    if RUN_STATUS_KEY not in stats:
        # No ArchivePipeline (ARCHIVE_ENABLED=False, or an early crash): judge it here.
        status, message = judge_run(stats, stats.get("finish_reason"))
        stats[RUN_STATUS_KEY] = status
        if message:
            stats[RUN_MESSAGE_KEY] = message
    db_description = describe_url(effective_db_url)
    if not settings.getbool("ARCHIVE_ENABLED", True):
        db_description = "(archive off)"
    return CrawlOutcome(
        status=str(stats[RUN_STATUS_KEY]),
        summary=summary_line(stats, db_description),
        stats=stats,
    )


def run_crawl(
    start_urls: Sequence[str],
    db_url: str | None,
    overrides: Mapping[str, str],
    log_file: str | None = None,
) -> int:
    """Crawl (see :func:`crawl_once`), print the one-line summary, return the exit code.

    0 when the run is ``ok``, 1 when it failed or was interrupted.
    """
    outcome = crawl_once(start_urls, db_url, overrides, log_file)
    print(outcome.summary, flush=True)
    return outcome.exit_code
