"""The item pipeline that hands fetched pages to the archive.

Raw first: each response is stored as a capture (committed) before anything is
extracted from it, so a crash or a bug in extraction loses nothing that was fetched;
``bsmu-archive reprocess`` can redo the extraction later without the network. One
page that fails to extract or store is logged and counted, and the crawl goes on.

Archive calls are synchronous (SQLAlchemy), about 20 ms a page with SQLite, so they run
in one dedicated worker thread: downloads go on while a page is stored, and every archive
call, from opening to closing, happens in that same thread, in order, over one
connection, which is what SQLite prefers. Stats are updated back in the reactor thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from scrapy import signals
from scrapy.exceptions import CloseSpider, NotConfigured
from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import threads
from twisted.python.threadpool import ThreadPool

from archive.fetched import FetchedPage
from pipeline import EXTRACTOR_VERSION, canonical_article_url, extract_page
from pipeline.record import Extraction
from scraper.runs import (
    DEFAULT_MAX_FAILED_SHARE,
    EXTRACTED_KEY,
    FAILED_PREFIX,
    RUN_DB_KEY,
    RUN_ID_KEY,
    RUN_MESSAGE_KEY,
    RUN_STATUS_KEY,
    json_safe,
    judge_run,
    run_counts,
    summary_line,
    walk_complete,
)

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

    from archive.storage import Archive, CaptureRef

logger = logging.getLogger(__name__)

T = TypeVar("T")


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


@dataclass(frozen=True, slots=True)
class StoredPage:
    """What storing one page came to, handed from the archive thread back to the reactor.

    ``outcome`` is the extraction outcome (new, changed, unchanged, failed, not_article),
    the earlier outcome (``unchanged`` for an article) when the archive already had this
    capture extracted by this extractor version, or ``None`` when
    storing failed (``error`` is then set; ``captured`` says whether the raw response
    made it in before the failure).
    """

    outcome: str | None
    captured: bool = True
    is_new: bool = False
    gone: bool = False
    failure: str | None = None
    error: bool = False
    repeated: bool = False  # already extracted by this extractor version: outcome as before


class ArchivePipeline:
    """Stores every FetchedPage (raw first), extracts it when needed, and records the run.

    Settings: ``ARCHIVE_DB_URL`` (empty: ``archive.db.resolve_db_url``), ``ARCHIVE_ENABLED``
    (False raises NotConfigured: the crawl runs without storing anything).

    Stats: ``archive/captures``, ``archive/captures_new``, ``archive/<outcome>`` for
    each extraction outcome (new, changed, unchanged, failed, not_article),
    ``archive/failed/<reason>``, ``archive/already_extracted``, ``archive/gone`` (a 404/410 marked a known article
    gone), ``archive/errors``; and the run's outcome under ``archive/run_id``,
    ``archive/run_status``, ``archive/run_message``, ``archive/db_url``.
    """

    def __init__(self, crawler: Crawler, db_url: str | None) -> None:
        self.crawler = crawler
        assert crawler.stats is not None
        self.stats: StatsCollector = crawler.stats
        self.configured_db_url = db_url
        self.archive: Archive | None = None
        self.run_id: int | None = None
        self.open_error: str | None = None
        self._pool: ThreadPool | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchivePipeline:
        if not crawler.settings.getbool("ARCHIVE_ENABLED", True):
            raise NotConfigured("ARCHIVE_ENABLED is off")
        pipeline = cls(crawler, crawler.settings.get("ARCHIVE_DB_URL") or None)
        # The run is finished on spider_closed rather than in close_spider: only then are
        # the downloader's final stats in and the close reason known.
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    # -- the archive thread ---------------------------------------------------------------

    async def _in_archive_thread(self, function: Callable[..., T], *args: Any) -> T:
        """Run ``function(*args)`` in the archive thread and wait for it without blocking."""
        from twisted.internet import reactor

        if self._pool is None:
            self._pool = ThreadPool(minthreads=1, maxthreads=1, name="archive-writer")
            self._pool.start()
        deferred = threads.deferToThreadPool(reactor, self._pool, function, *args)
        return await maybe_deferred_to_future(deferred)

    def _stop_archive_thread(self) -> None:
        if self._pool is not None:
            self._pool.stop()
            self._pool = None

    # -- opening --------------------------------------------------------------------------

    async def open_spider(self) -> None:
        """Open the archive and start a run; without an archive there is no point crawling."""
        from archive.db import describe_url, resolve_db_url
        from archive.errors import ArchiveError

        db_url = resolve_db_url(self.configured_db_url)
        self.stats.set_value(RUN_DB_KEY, describe_url(db_url))
        spider = self.crawler.spider
        start_urls = list(getattr(spider, "start_urls", []) or [])
        try:
            self.run_id = await self._in_archive_thread(self.open_archive, db_url, start_urls)
        except ArchiveError as exc:
            self.open_error = str(exc)
            logger.error("Archive unavailable: %s", exc)
            raise CloseSpider("archive_unavailable") from exc
        self.stats.set_value(RUN_ID_KEY, self.run_id)
        if spider is not None:
            spider.run_id = self.run_id  # type: ignore[attr-defined]
        logger.info("Archive run %s started → %s", self.run_id, describe_url(db_url))

    def open_archive(self, db_url: str, start_urls: list[str]) -> int:
        """(Archive thread.) Open the archive and record the start of a run; its id."""
        from archive.storage import Archive

        self.archive = Archive.open(db_url)
        return self.archive.start_run(
            start_urls,
            project_settings(self.crawler.settings),
            log_path=getattr(self.crawler, "run_log_path", None)
            or self.crawler.settings.get("LOG_FILE")
            or None,
        )

    # -- pages ------------------------------------------------------------------------------

    async def process_item(self, item: Any) -> Any:
        """Store the capture, then (if the archive asks for it) extract and store the record."""
        if not isinstance(item, FetchedPage) or self.archive is None:
            return item
        stored = await self._in_archive_thread(self.store_page, item)
        self.count(stored)
        return item

    def store_page(self, page: FetchedPage) -> StoredPage:
        """(Archive thread.) Raw first, then extraction; never raises.

        Any exception is logged with the page's URL and reported as an error, so one bad
        page costs one page, not the crawl.
        """
        assert self.archive is not None
        try:
            ref = self.archive.store_capture(
                page,
                self.run_id,
                canonical_url=capture_canonical_url(page),
                extractor_version=EXTRACTOR_VERSION,
            )
        except Exception:
            logger.exception("Could not store the capture of %s", page.url)
            return StoredPage(None, captured=False, error=True)
        gone = bool(getattr(ref, "gone", False))
        if not ref.needs_extraction:
            outcome = self.previous_outcome(ref)
            return StoredPage(outcome, is_new=ref.is_new, gone=gone, repeated=True)
        if page.status != 200:
            # An error page (a removed article's 404) says nothing about the article's
            # content: recorded as what it is, never read as a failed article.
            extraction = Extraction(
                "not_article", "other", page.url, message=f"HTTP {page.status}",
                extractor_version=EXTRACTOR_VERSION,
            )
            outcome = self.archive.store_extraction(ref.capture_id, extraction)
            return StoredPage(outcome, is_new=ref.is_new, gone=gone)
        try:
            extraction = extract_page(page.body, page.url, page.headers)
            outcome = self.archive.store_extraction(ref.capture_id, extraction)
        except Exception:
            logger.exception("Could not extract or store the record of %s", page.url)
            return StoredPage(None, is_new=ref.is_new, gone=gone, error=True)
        if outcome == "failed":
            logger.warning(
                "Extraction failed (%s) for %s: %s",
                extraction.failure,
                page.url,
                extraction.message or "",
            )
        return StoredPage(outcome, is_new=ref.is_new, gone=gone, failure=extraction.failure)

    @staticmethod
    def previous_outcome(ref: CaptureRef) -> str:
        """The outcome a capture already extracted by this version had.

        An identical re-fetch of a page that failed to extract is still a failure (and a
        non-article still a non-article): counting it as "unchanged" would hide a
        persistent problem from every run after the first. The archive hands the stored
        status back with the capture reference, so no second read is needed.
        """
        return {"failed": "failed", "not_article": "not_article"}.get(ref.extraction_status, "unchanged")

    def count(self, stored: StoredPage) -> None:
        """(Reactor thread.) Turn one page's result into stats."""
        if stored.error:
            self.stats.inc_value("archive/errors")
        if not stored.captured:
            return
        self.stats.inc_value("archive/captures")
        if stored.is_new:
            self.stats.inc_value("archive/captures_new")
        if stored.gone:
            self.stats.inc_value("archive/gone")
        if stored.outcome is not None:
            self.stats.inc_value(f"archive/{stored.outcome}")
        if stored.repeated:
            self.stats.inc_value("archive/already_extracted")
            return
        if stored.outcome in ("new", "changed", "unchanged", "failed"):
            self.stats.inc_value(EXTRACTED_KEY)
        if stored.outcome == "failed":
            self.stats.inc_value(f"{FAILED_PREFIX}{stored.failure or 'unknown'}")

    # -- closing --------------------------------------------------------------------------

    async def spider_closed(self, spider: Spider, reason: str) -> None:
        """Judge the run, record it with its counts and stats, and close the archive."""
        from archive.crawl_memory import WALK_COMPLETE_KEY

        stats = self.stats.get_stats()
        self.stats.set_value(WALK_COMPLETE_KEY, walk_complete(stats, reason))
        threshold = self.crawler.settings.getfloat(
            "ARCHIVE_MAX_FAILED_SHARE", DEFAULT_MAX_FAILED_SHARE
        )
        status, message = judge_run(stats, reason, threshold)
        if self.open_error:
            message = f"the archive could not be opened: {self.open_error}"
        self.stats.set_value(RUN_STATUS_KEY, status)
        if message:
            self.stats.set_value(RUN_MESSAGE_KEY, message)
            log = logger.warning if status != "ok" else logger.info
            log("Run %s %s: %s", self.run_id if self.run_id is not None else "-", status, message)
        # The summary in the run's log file too, where the morning reader starts.
        logger.info("%s", summary_line(stats, str(stats.get(RUN_DB_KEY) or "")))
        try:
            if self.archive is not None:
                stats_copy = json_safe({"finish_reason": reason, **stats})
                await self._in_archive_thread(
                    self.close_archive, status, run_counts(stats), stats_copy, message
                )
        except Exception:
            logger.exception("Could not record the end of run %s", self.run_id)
            self.stats.inc_value("archive/errors")
        finally:
            self._stop_archive_thread()

    def close_archive(
        self, status: str, counts: dict[str, int], stats: dict[str, Any], message: str | None
    ) -> None:
        """(Archive thread.) Record how the run ended and close the archive."""
        assert self.archive is not None
        try:
            if self.run_id is not None:
                self.archive.finish_run(self.run_id, status, counts, stats, message=message)
        finally:
            self.archive.close()
            self.archive = None
