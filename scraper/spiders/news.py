"""The ``news`` spider: walks the news listings and fetches the articles the archive lacks.

Listings are walked only of the kind the crawl started at (one rubric, or the
all-rubrics listing); articles are requested under their canonical URL, so Scrapy's
duplicate filter fetches each article once however many listing pages link to it and
under whatever offset-bearing URL. Article pages are archived, never walked: their
sidebars link to the newest news of the moment, which the listings already cover.

Three ways to walk (see :mod:`archive.crawl_memory` for the facts they rest on):

* **incremental** (the nightly default): listings newest first, one page after another,
  stopping once ``NEWS_LISTING_OVERLAP`` pages in a row held no article the archive lacks;
  only unknown articles are fetched, plus the recent ones (``NEWS_RECENT_DAYS``) and the
  failed ones, again, with conditional requests;
* **deep**: the same, but every listing page is walked, because the previous run did not
  finish its walk (killed, failed, lost requests): this is how a crawl resumes;
* **full** (``NEWS_FULL``, ``bsmu-archive crawl --full``): every listing page, and every
  known article not yet gone is asked again (conditionally), so edits to old articles
  and removed articles (404/410: marked gone, never deleted) are found.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Any

import scrapy
from scrapy.crawler import Crawler
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from archive.fetched import FetchedPage
from scraper.links import CrawlScope, LinkDecision
from scraper.pages import page_from_response
from scraper.redirects import RedirectRefused

if TYPE_CHECKING:
    from archive.crawl_memory import CrawlMemory, Revisit

logger = logging.getLogger(__name__)


def split_start_urls(value: str | None) -> list[str]:
    """The ``-a start_url=`` argument: one URL or several separated by commas."""
    if not value:
        return []
    return [part.strip() for part in value.split(",") if part.strip()]


#: Reasons for a lost page that reach the errback as an IgnoreRequest but are failures
#: (the page was not fetched), not decisions like robots.txt or an offsite link.
REDIRECT_FAILURES = frozenset({"offsite_redirect", "redirect_loop", "redirect_limit"})
#: Most pages that could not be fetched kept by URL in the run's stats (with the reason).
MAX_FAILED_URLS = 500


def failure_reason(failure: Failure) -> str:
    """A short, stable name for why a request failed, usable in a stats key.

    Scrapy's exception names are kept where they say what happened
    (``DownloadTimeoutError``, ``ResponseDataLossError``); the ones that do not are named
    here: ``size_cap`` (DOWNLOAD_MAXSIZE reached), ``redirect_limit``
    (REDIRECT_MAX_TIMES reached), and the redirects RedirectGuard refused.
    """
    if failure.check(HttpError):
        response = failure.value.response
        return f"http_{response.status}"
    if failure.check(RedirectRefused):
        return str(failure.value.reason)
    if failure.check(DownloadCancelledError):
        return "size_cap"
    if failure.check(IgnoreRequest) and "max redirections" in str(failure.value):
        return "redirect_limit"
    return failure.type.__name__ if failure.type is not None else "unknown"


class NewsSpider(scrapy.Spider):
    """Walks news listings newest first and yields one FetchedPage per article response."""

    name = "news"

    #: Added to the priority of article requests, so they always go before listings:
    #: the articles of page 1 are fetched before the crawl wanders deeper.
    ARTICLE_PRIORITY_BOOST = 1_000_000
    #: Article statuses that are archived rather than treated as errors: a 404 or 410 is
    #: a fact about the article (it was removed) that the archive should record; a 304
    #: answers a conditional request (the archive's capture is still current).
    ARTICLE_STATUSES = (304, 404, 410)
    #: Revisits go first of all, so an interrupted run has at least re-checked the news
    #: most likely to be edited.
    REVISIT_PRIORITY = 2 * ARTICLE_PRIORITY_BOOST

    scope: CrawlScope
    memory: CrawlMemory | None = None
    mode: str = "deep"

    def __init__(self, *args: Any, start_url: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.start_url_argument = start_url
        self.articles_found: set[str] = set()
        self.known: frozenset[str] = frozenset()
        self.revisited: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> NewsSpider:
        """Start URLs come from ``-a start_url=`` if given, else from NEWS_START_URLS."""
        spider = super().from_crawler(crawler, *args, **kwargs)
        urls = split_start_urls(spider.start_url_argument) or crawler.settings.getlist(
            "NEWS_START_URLS"
        )
        if not urls:
            raise ValueError("no start URLs: set NEWS_START_URLS or pass -a start_url=...")
        spider.start_urls = urls
        spider.scope = CrawlScope.from_start_urls(urls)
        # Host names only: Scrapy's offsite filter compares host names, and a port in
        # allowed_domains would never match (127.0.0.1:8000 must work for the replica).
        spider.allowed_domains = spider.scope.allowed_hosts
        return spider

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """Revisits first, then the start URLs.

        Start URLs are requested like any other link (not ``dont_filter``), so the
        offsite filter and the duplicate filter apply to them too.
        """
        self.memory = self.read_memory()
        self.choose_mode()
        for revisit in self.memory.revisits if self.memory else ():
            decision = self.scope.decide(revisit.url)
            if decision.action != "article":
                continue  # an article of another host or scheme than this crawl's
            yield self.revisit_request(revisit, decision.url)
        for url in self.start_urls:
            yield self.request_for(self.scope.decide_start(url), listing_offset=0)

    # -- what the archive knows ---------------------------------------------------------------

    def read_memory(self) -> CrawlMemory | None:
        """The archive's crawl memory, or None when the crawl runs without an archive."""
        settings = self.crawler.settings
        if not settings.getbool("ARCHIVE_ENABLED", True):
            return None
        from archive.db import resolve_db_url
        from archive.storage import Archive

        today_setting = settings.get("NEWS_TODAY") or ""
        today = dt.date.fromisoformat(today_setting) if today_setting else dt.datetime.now(dt.UTC).date()
        with Archive.open(resolve_db_url(settings.get("ARCHIVE_DB_URL") or None)) as archive:
            return archive.crawl_memory(
                today=today,
                recent_days=settings.getint("NEWS_RECENT_DAYS", 14),
                full=settings.getbool("NEWS_FULL", False),
                before_run_id=getattr(self, "run_id", None),
                job=settings.get("NEWS_CRAWL_JOB") or None,
            )

    def choose_mode(self) -> None:
        """Full when asked, deep when the previous walk left work undone, else incremental."""
        stats = self.crawler.stats
        memory = self.memory
        if self.crawler.settings.getbool("NEWS_FULL", False):
            self.mode = "full"
        elif memory is None or memory.deep_walk_needed:
            self.mode = "deep"
            reason = memory.why_deep if memory is not None else "no archive to compare with"
            stats.set_value("news/deep_reason", reason)
            logger.info("Walking every listing page: %s", reason)
        else:
            self.mode = "incremental"
        self.known = memory.known if memory is not None else frozenset()
        stats.set_value("news/mode", self.mode)
        if job := self.crawler.settings.get("NEWS_CRAWL_JOB"):
            stats.set_value("news/crawl_job", job)
        stats.set_value("news/known_articles", len(self.known))
        logger.info(
            "Crawl mode %s: %d articles known, %d to revisit",
            self.mode,
            len(self.known),
            len(memory.revisits) if memory is not None else 0,
        )

    def revisit_request(self, revisit: Revisit, url: str) -> scrapy.Request:
        """A conditional request for an article the archive has, with its validators."""
        headers = {}
        if revisit.etag:
            headers["If-None-Match"] = revisit.etag
        if revisit.last_modified:
            headers["If-Modified-Since"] = revisit.last_modified
        self.revisited.add(url)
        self.crawler.stats.inc_value(f"news/revisits/{revisit.reason}")
        self.crawler.stats.inc_value("news/articles_requested")
        return scrapy.Request(
            url,
            headers=headers,
            callback=self.parse_article,
            errback=self.on_error,
            priority=self.REVISIT_PRIORITY,
            meta={"handle_httpstatus_list": list(self.ARTICLE_STATUSES), "revisit": revisit.reason},
        )

    def wants_article(self, url: str) -> bool:
        """Whether an article link found on a listing is worth a request.

        Unknown articles always are. Known ones were either revisited from the start
        (recent, failed, or every one in a full pass) or are settled; in a full pass a
        known article that was not revisited is one marked gone, and seeing it listed
        again is worth a look.
        """
        if url not in self.known:
            return True
        return self.mode == "full" and url not in self.revisited

    def request_for(self, decision: LinkDecision, listing_offset: int) -> scrapy.Request:
        """The request for a followed link.

        Listings go newest first (priority ``-offset``); articles go before any listing,
        and articles found on newer listing pages before those found on older ones.
        """
        if decision.action == "article":
            self.articles_found.add(decision.url)
            self.crawler.stats.set_value("news/articles_found", len(self.articles_found))
            self.crawler.stats.inc_value("news/articles_requested")
            return scrapy.Request(
                decision.url,
                callback=self.parse_article,
                errback=self.on_error,
                priority=self.ARTICLE_PRIORITY_BOOST - listing_offset,
                meta={"handle_httpstatus_list": list(self.ARTICLE_STATUSES)},
            )
        return scrapy.Request(
            decision.url,
            callback=self.parse_listing,
            errback=self.on_error,
            priority=-decision.offset,
            meta={"listing_offset": decision.offset},
        )

    def parse(self, response: Response, **kwargs: Any) -> Iterator[scrapy.Request]:
        """Responses without an explicit callback are treated as listings."""
        return self.parse_listing(response)

    def parse_listing(self, response: Response) -> Iterator[scrapy.Request]:
        """Follow wanted article links and, depending on the mode, listing links."""
        stats = self.crawler.stats
        if not isinstance(response, TextResponse):
            stats.inc_value("news/listing_not_html")
            return
        stats.inc_value("news/listings")
        offset = int(response.meta.get("listing_offset", 1))
        articles: list[LinkDecision] = []
        listings: list[LinkDecision] = []
        for href in response.xpath("//a/@href").getall():
            try:
                url = response.urljoin(href.strip())
            except ValueError:
                stats.inc_value("news/ignored_links/unparsable")
                continue
            decision = self.scope.decide(url)
            if decision.action == "ignore":
                stats.inc_value(f"news/ignored_links/{decision.reason}")
            elif decision.action == "article":
                articles.append(decision)
            else:
                listings.append(decision)
        unknown = 0
        for decision in articles:
            if decision.url not in self.known:
                unknown += 1
            if self.wants_article(decision.url):
                yield self.request_for(decision, listing_offset=offset)
            else:
                self.articles_found.add(decision.url)
                stats.set_value("news/articles_found", len(self.articles_found))
                stats.inc_value("news/articles_skipped_known")
        yield from self.follow_listings(response, offset, listings, unknown)

    def follow_listings(
        self, response: Response, offset: int, listings: list[LinkDecision], unknown: int
    ) -> Iterator[scrapy.Request]:
        """Every listing link in a deep or full walk; in an incremental one, only the next page.

        The incremental walk goes page by page and stops after ``NEWS_LISTING_OVERLAP``
        pages in a row that held no unknown article (the overlap guards against an
        article published late, or a listing reordered, just past the first known page).
        """
        if self.mode != "incremental":
            for decision in listings:
                yield self.request_for(decision, listing_offset=offset)
            return
        overlap = self.crawler.settings.getint("NEWS_LISTING_OVERLAP", 1)
        streak = 0 if unknown else int(response.meta.get("known_streak", 0)) + 1
        later = [d for d in listings if d.offset > offset]
        if not later:
            self.crawler.stats.set_value("news/listing_walk_end", "last_page")
            return
        if streak > overlap:
            self.crawler.stats.set_value("news/listing_walk_end", f"known_since_offset_{offset}")
            return
        following = min(later, key=lambda d: d.offset)
        request = self.request_for(following, listing_offset=offset)
        request.meta["known_streak"] = streak
        yield request

    def parse_article(self, response: Response) -> Iterator[FetchedPage]:
        """Archive the response as it is (a 304 too: the archive confirms its capture);
        links on article pages are not followed."""
        self.crawler.stats.inc_value(f"news/article_responses/{response.status}")
        yield page_from_response(response)

    def on_error(self, failure: Failure) -> None:
        """Count and log a failed request; the crawl goes on with the others."""
        stats = self.crawler.stats
        request = getattr(failure, "request", None)
        url = request.url if request is not None else "?"
        reason = failure_reason(failure)
        if (
            failure.check(IgnoreRequest)
            and not failure.check(HttpError)
            and reason not in REDIRECT_FAILURES
        ):
            # An offsite link or robots.txt: a decision, not a failure.
            stats.inc_value("news/request_ignored")
            self.logger.debug("Ignored %s: %s", url, failure.value)
            return
        stats.inc_value("news/request_failed")
        stats.inc_value(f"news/request_failed/{reason}")
        # Which pages were lost and why, kept with the run (its stats JSON).
        lost = stats.get_value("news/request_failed_urls") or {}
        if len(lost) < MAX_FAILED_URLS and request is not None:
            original = (request.meta.get("redirect_urls") or [url])[0]
            stats.set_value("news/request_failed_urls", {**lost, original: reason})
        self.logger.warning("Request failed (%s): %s: %s", reason, url, failure.getErrorMessage())
