"""The item pipeline that hands fetched pages to the archive.

Raw first: each response is stored as a capture (committed) before anything is
extracted from it, so a crash or a bug in extraction loses nothing that was fetched;
``bsmu-archive reprocess`` can redo the extraction later without the network. One
page that fails to extract or store is logged and counted, and the crawl goes on.

Archive calls are synchronous and run in the reactor thread. At the polite rate of the
real site (about one page a second) a few milliseconds of SQLite per page do not
matter, and it keeps one connection in one thread, which SQLite prefers.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import CloseSpider, NotConfigured
from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings

from archive.fetched import FetchedPage
from pipeline import EXTRACTOR_VERSION, canonical_article_url, extract_page
from scraper.runs import (
    RUN_DB_KEY,
    RUN_ID_KEY,
    RUN_MESSAGE_KEY,
    RUN_STATUS_KEY,
    json_safe,
    judge_run,
    run_counts,
)

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

    from archive.storage import Archive

logger = logging.getLogger(__name__)


def project_settings(settings: BaseSettings) -> dict[str, Any]:
    """The settings worth recording with a run: ours and the command line's, not Scrapy's defaults.

    A run's record should say how it was made (delays, limits, overrides) without
    hundreds of defaults that never changed.
    """
    floor = SETTINGS_PRIORITIES["project"]
    chosen: dict[str, Any] = {}
    for name in sorted(settings):
        if settings.getpriority(name) is not None and settings.getpriority(name) >= floor:
            value = settings[name]
            if isinstance(value, BaseSettings):
                value = value.copy_to_dict()
            chosen[name] = json_safe(value)
    return chosen


def capture_canonical_url(page: FetchedPage) -> str | None:
    """The article a capture belongs to: by the URL served, else by the URL asked for.

    A redirect from an article to a non-article page (a removed article sent to the home
    page, say) is still a fact about that article, like a 404 would be.
    """
    canonical = canonical_article_url(page.url)
    if canonical is None and page.requested_url:
        canonical = canonical_article_url(page.requested_url)
    return canonical


class ArchivePipeline:
    """Stores every FetchedPage (raw first), extracts it when needed, and records the run.

    Settings: ``ARCHIVE_DB_URL`` (empty: ``archive.db.resolve_db_url``), ``ARCHIVE_ENABLED``
    (False raises NotConfigured: the crawl runs without storing anything).

    Stats: ``archive/captures``, ``archive/captures_new``, ``archive/<outcome>`` for
    each extraction outcome (new, changed, unchanged, failed, not_article),
    ``archive/failed/<reason>``, ``archive/gone`` (a 404/410 marked a known article
    gone), ``archive/errors``; and the run's outcome under
    ``archive/run_id``, ``archive/run_status``, ``archive/run_message``, ``archive/db_url``.
    """

    def __init__(self, crawler: Crawler, db_url: str | None) -> None:
        self.crawler = crawler
        assert crawler.stats is not None
        self.stats: StatsCollector = crawler.stats
        self.configured_db_url = db_url
        self.archive: Archive | None = None
        self.run_id: int | None = None
        self.open_error: str | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchivePipeline:
        if not crawler.settings.getbool("ARCHIVE_ENABLED", True):
            raise NotConfigured("ARCHIVE_ENABLED is off")
        pipeline = cls(crawler, crawler.settings.get("ARCHIVE_DB_URL") or None)
        # The run is finished on spider_closed rather than in close_spider: only then are
        # the downloader's final stats in and the close reason known.
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def open_spider(self) -> None:
        """Open the archive and start a run; without an archive there is no point crawling."""
        from archive.db import describe_url, resolve_db_url
        from archive.errors import ArchiveError
        from archive.storage import Archive

        db_url = resolve_db_url(self.configured_db_url)
        self.stats.set_value(RUN_DB_KEY, describe_url(db_url))
        spider = self.crawler.spider
        try:
            self.archive = Archive.open(db_url)
        except ArchiveError as exc:
            self.open_error = str(exc)
            logger.error("Archive unavailable: %s", exc)
            raise CloseSpider("archive_unavailable") from exc
        start_urls = list(getattr(spider, "start_urls", []) or [])
        self.run_id = self.archive.start_run(
            start_urls,
            project_settings(self.crawler.settings),
            log_path=self.crawler.settings.get("LOG_FILE") or None,
        )
        self.stats.set_value(RUN_ID_KEY, self.run_id)
        if spider is not None:
            spider.run_id = self.run_id  # type: ignore[attr-defined]
        logger.info("Archive run %s started → %s", self.run_id, describe_url(db_url))

    def process_item(self, item: Any) -> Any:
        """Store the capture, then (if the archive asks for it) extract and store the record."""
        if not isinstance(item, FetchedPage) or self.archive is None:
            return item
        try:
            ref = self.archive.store_capture(
                item,
                self.run_id,
                canonical_url=capture_canonical_url(item),
                extractor_version=EXTRACTOR_VERSION,
            )
        except Exception:
            logger.exception("Could not store the capture of %s", item.url)
            self.stats.inc_value("archive/errors")
            return item
        self.stats.inc_value("archive/captures")
        if ref.is_new:
            self.stats.inc_value("archive/captures_new")
        if getattr(ref, "gone", False):
            self.stats.inc_value("archive/gone")
        if not ref.needs_extraction:
            self.stats.inc_value("archive/unchanged")
            return item
        try:
            extraction = extract_page(item.body, item.url, item.headers)
            outcome = self.archive.store_extraction(ref.capture_id, extraction)
        except Exception:
            logger.exception("Could not extract or store the record of %s", item.url)
            self.stats.inc_value("archive/errors")
            return item
        self.stats.inc_value(f"archive/{outcome}")
        if outcome == "failed":
            self.stats.inc_value(f"archive/failed/{extraction.failure or 'unknown'}")
            logger.warning(
                "Extraction failed (%s) for %s: %s",
                extraction.failure,
                item.url,
                extraction.message or "",
            )
        return item

    def spider_closed(self, spider: Spider, reason: str) -> None:
        """Judge the run, record it with its counts and stats, and close the archive."""
        stats = self.stats.get_stats()
        status, message = judge_run(stats, reason)
        if self.open_error:
            message = f"the archive could not be opened: {self.open_error}"
        self.stats.set_value(RUN_STATUS_KEY, status)
        if message:
            self.stats.set_value(RUN_MESSAGE_KEY, message)
            log = logger.warning if status != "ok" else logger.info
            log("Run %s %s: %s", self.run_id if self.run_id is not None else "-", status, message)
        if self.archive is None:
            return
        try:
            if self.run_id is not None:
                stats_copy = dict(stats)
                stats_copy.setdefault("finish_reason", reason)
                self.archive.finish_run(
                    self.run_id, status, run_counts(stats), json_safe(stats_copy), message=message
                )
        except Exception:
            logger.exception("Could not record the end of run %s", self.run_id)
            self.stats.inc_value("archive/errors")
        finally:
            self.archive.close()
            self.archive = None
