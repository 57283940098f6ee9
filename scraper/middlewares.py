"""Downloader middlewares of the news crawler.

``OffsiteRedirectGuard`` closes a gap in Scrapy's own offsite filtering. In Scrapy 2.19,
``scrapy.downloadermiddlewares.offsite.OffsiteMiddleware`` checks every scheduled and
every downloaded request, redirect targets included (RedirectMiddleware hands them back
to the engine, which schedules them again). But it lets through any request with
``dont_filter=True`` or ``meta["allow_offsite"]``, and RedirectMiddleware copies
``dont_filter`` from the redirected request to its target. RetryMiddleware marks every
retry ``dont_filter=True``, so a page that fails once and then answers its retry with a
redirect to another host would be followed there; so would a ``dont_filter`` start
request. The guard has no such exemptions: a request for a host outside the spider's
``allowed_domains`` is dropped, whatever flags it carries.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy import Request, signals
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.utils.httpobj import urlparse_cached

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)


class OffsiteRedirectGuard:
    """Drop every request for a host the spider is not allowed to visit, flags or not.

    Hosts are compared exactly (no subdomains, no ports): the crawler visits the hosts
    of its start URLs and nothing else. A spider without ``allowed_domains`` is not
    guarded, as in Scrapy's own filter. Switched off with ``OFFSITE_GUARD_ENABLED=False``.

    Stats: ``offsite_guard/filtered`` for every dropped request, and
    ``offsite_guard/redirects`` for those that were redirect targets.
    """

    def __init__(self, crawler: Crawler, stats: StatsCollector) -> None:
        self.crawler = crawler
        self.stats = stats
        self.allowed_hosts: frozenset[str] = frozenset()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> OffsiteRedirectGuard:
        if not crawler.settings.getbool("OFFSITE_GUARD_ENABLED", True):
            raise NotConfigured("OFFSITE_GUARD_ENABLED is off")
        assert crawler.stats is not None
        guard = cls(crawler, crawler.stats)
        crawler.signals.connect(guard.spider_opened, signal=signals.spider_opened)
        return guard

    def spider_opened(self, spider: Spider) -> None:
        domains = getattr(spider, "allowed_domains", None) or []
        self.allowed_hosts = frozenset(d.lower() for d in domains if d)

    def process_request(self, request: Request) -> None:
        if not self.allowed_hosts:
            return
        host = (urlparse_cached(request).hostname or "").lower()
        if host in self.allowed_hosts:
            return
        self.stats.inc_value("offsite_guard/filtered")
        redirected_from = request.meta.get("redirect_urls")
        if redirected_from:
            self.stats.inc_value("offsite_guard/redirects")
            logger.warning(
                "Refused offsite redirect to %s (from %s)", request.url, redirected_from[-1]
            )
        else:
            logger.info("Refused offsite request to %s", request.url)
        raise IgnoreRequest(f"offsite host {host!r}")
