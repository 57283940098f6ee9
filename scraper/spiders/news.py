"""The ``news`` spider: walks the news listings and fetches every article once.

Listings are walked only of the kind the crawl started at (one rubric, or the
all-rubrics listing); articles are requested under their canonical URL, so Scrapy's
duplicate filter fetches each article once however many listing pages link to it and
under whatever offset-bearing URL. Article pages are archived, never walked: their
sidebars link to the newest news of the moment, which the listings already cover.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from archive.fetched import FetchedPage
from scraper.links import CrawlScope, LinkDecision
from scraper.pages import page_from_response


def split_start_urls(value: str | None) -> list[str]:
    """The ``-a start_url=`` argument: one URL or several separated by commas."""
    if not value:
        return []
    return [part.strip() for part in value.split(",") if part.strip()]


def failure_reason(failure: Failure) -> str:
    """A short, stable name for why a request failed, usable in a stats key."""
    if failure.check(HttpError):
        response = failure.value.response
        return f"http_{response.status}"
    return failure.type.__name__ if failure.type is not None else "unknown"


class NewsSpider(scrapy.Spider):
    """Walks news listings newest first and yields one FetchedPage per article response."""

    name = "news"

    #: Added to the priority of article requests, so they always go before listings:
    #: the articles of page 1 are fetched before the crawl wanders deeper.
    ARTICLE_PRIORITY_BOOST = 1_000_000
    #: Article statuses that are archived rather than treated as errors: a 404 or 410 is
    #: a fact about the article (it was removed) that the archive should record.
    ARTICLE_STATUSES = (404, 410)

    scope: CrawlScope

    def __init__(self, *args: Any, start_url: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.start_url_argument = start_url
        self.articles_found: set[str] = set()

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
        """Start URLs are requested like any other link (not ``dont_filter``), so the
        offsite filter and the duplicate filter apply to them too."""
        for url in self.start_urls:
            yield self.request_for(self.scope.decide_start(url), listing_offset=0)

    def request_for(self, decision: LinkDecision, listing_offset: int) -> scrapy.Request:
        """The request for a followed link.

        Listings go newest first (priority ``-offset``); articles go before any listing,
        and articles found on newer listing pages before those found on older ones.
        """
        if decision.action == "article":
            self.articles_found.add(decision.url)
            self.crawler.stats.set_value("news/articles_found", len(self.articles_found))
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
        """Follow article links and same-kind listing links; ignore everything else."""
        stats = self.crawler.stats
        if not isinstance(response, TextResponse):
            stats.inc_value("news/listing_not_html")
            return
        stats.inc_value("news/listings")
        offset = int(response.meta.get("listing_offset", 1))
        for href in response.xpath("//a/@href").getall():
            try:
                url = response.urljoin(href.strip())
            except ValueError:
                stats.inc_value("news/ignored_links/unparsable")
                continue
            decision = self.scope.decide(url)
            if decision.action == "ignore":
                stats.inc_value(f"news/ignored_links/{decision.reason}")
                continue
            yield self.request_for(decision, listing_offset=offset)

    def parse_article(self, response: Response) -> Iterator[FetchedPage]:
        """Archive the response as it is; links on article pages are not followed."""
        self.crawler.stats.inc_value(f"news/article_responses/{response.status}")
        yield page_from_response(response)

    def on_error(self, failure: Failure) -> None:
        """Count and log a failed request; the crawl goes on with the others."""
        stats = self.crawler.stats
        request = getattr(failure, "request", None)
        url = request.url if request is not None else "?"
        if failure.check(IgnoreRequest) and not failure.check(HttpError):
            # Offsite or robots.txt: a decision, not a failure.
            stats.inc_value("news/request_ignored")
            self.logger.debug("Ignored %s: %s", url, failure.value)
            return
        reason = failure_reason(failure)
        stats.inc_value("news/request_failed")
        stats.inc_value(f"news/request_failed/{reason}")
        self.logger.warning("Request failed (%s): %s: %s", reason, url, failure.getErrorMessage())
