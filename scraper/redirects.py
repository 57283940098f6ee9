"""Redirects the crawl must refuse, refused where the spider hears of it.

Scrapy drops two kinds of redirect silently, so the article behind them would vanish
from the run without a word: a redirect to another host is filtered when its target is
scheduled (OffsiteMiddleware's ``request_scheduled`` handler: no errback, no
``request_dropped``), and a redirect loop (A -> B -> A) ends when the duplicate filter
drops the second A. ``RedirectGuard`` looks at each 3xx answer *before*
RedirectMiddleware turns it into a new request, and refuses the two cases with
:class:`RedirectRefused`, an ``IgnoreRequest`` that reaches the request's errback; the
spider counts it as a lost page with its reason (``offsite_redirect``, ``redirect_loop``).
Endless chains of new URLs are RedirectMiddleware's (``REDIRECT_MAX_TIMES``).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from scrapy import Request, signals
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

#: Statuses RedirectMiddleware follows through a Location header.
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


class RedirectRefused(IgnoreRequest):
    """A redirect the crawl will not follow; ``reason`` names why, for the run's stats."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class RedirectGuard:
    """Refuse redirects off the spider's allowed hosts and redirects back to a URL the
    same chain already visited.

    Must sit above RedirectMiddleware (600) so its ``process_response`` runs first.
    The offsite check follows ``OFFSITE_GUARD_ENABLED`` like ``OffsiteRedirectGuard``,
    whose stats it shares (``offsite_guard/filtered``, ``offsite_guard/redirects``);
    loops are counted as ``redirect_guard/loops``.
    """

    def __init__(self, stats: StatsCollector, offsite: bool) -> None:
        self.stats = stats
        self.offsite = offsite
        self.allowed_hosts: frozenset[str] = frozenset()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedirectGuard:
        assert crawler.stats is not None
        guard = cls(crawler.stats, crawler.settings.getbool("OFFSITE_GUARD_ENABLED", True))
        crawler.signals.connect(guard.spider_opened, signal=signals.spider_opened)
        return guard

    def spider_opened(self, spider: Spider) -> None:
        domains = getattr(spider, "allowed_domains", None) or []
        self.allowed_hosts = frozenset(d.lower() for d in domains if d)

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status not in REDIRECT_STATUSES or b"Location" not in response.headers:
            return response
        if response.status in request.meta.get("handle_httpstatus_list", ()):
            return response  # the spider asked to see this status itself
        location = response.headers[b"Location"].decode("latin-1")
        target = urljoin(request.url, location.strip()).split("#", 1)[0]
        host = (urlsplit(target).hostname or "").lower()
        if self.offsite and self.allowed_hosts and host not in self.allowed_hosts:
            self.stats.inc_value("offsite_guard/filtered")
            self.stats.inc_value("offsite_guard/redirects")
            logger.warning("Refused offsite redirect to %s (from %s)", target, request.url)
            raise RedirectRefused("offsite_redirect", f"redirect to offsite host {host!r}")
        visited = {*request.meta.get("redirect_urls", ()), request.url}
        if target in visited:
            self.stats.inc_value("redirect_guard/loops")
            logger.warning("Refused redirect loop back to %s (from %s)", target, request.url)
            raise RedirectRefused("redirect_loop", f"redirect loop back to {target}")
        return response
