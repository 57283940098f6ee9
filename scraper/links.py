"""Which links the crawler follows, decided from URLs alone.

The real site's markup is unknown and its templates live in the CMS database, so no
decision here looks at CSS classes: every link is judged by :func:`pipeline.urls.classify_url`,
whose rules are facts of the URL scheme. Keeping the decisions in one pure object (no
Scrapy, no network) is what lets them be unit-tested link by link.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit, urlunsplit

from pipeline.urls import classify_url

Action = Literal["article", "listing", "ignore"]


@dataclass(frozen=True, slots=True)
class LinkDecision:
    """What to do with one link: fetch it as an article, walk it as a listing, or ignore it.

    ``url`` is the URL to request (the canonical one), ``reason`` says why a link is
    ignored (it becomes a stats key, so it is short and stable).
    """

    action: Action
    url: str
    reason: str = ""
    offset: int = 1  # listing start offset; orders listings newest first
    article_id: int | None = None


#: A listing scope: (host, rubric) where rubric None means the all-rubrics listing.
ListingScope = tuple[str, int | None]


@dataclass(frozen=True, slots=True)
class CrawlScope:
    """The part of the site one crawl covers, derived from its start URLs.

    ``origins`` maps each allowed host name to the scheme and netloc of its start URL, so
    that a link written as ``http://host/...`` on a page served from ``https://host/``
    is requested under the start URL's origin: one article, one URL.
    """

    origins: dict[str, tuple[str, str]]
    listings: frozenset[ListingScope]

    @classmethod
    def from_start_urls(cls, start_urls: Iterable[str]) -> CrawlScope:
        """Allowed hosts are the start URLs' hosts; listings are walked only of the kinds started at.

        Starting at rubric 2's listing walks rubric 2's pages only; starting at
        ``/allarticles/`` walks the all-rubrics pages; starting at an article walks nothing.
        """
        origins: dict[str, tuple[str, str]] = {}
        listings: set[ListingScope] = set()
        for url in start_urls:
            parts = urlsplit(url.strip())
            host = (parts.hostname or "").lower()
            if not host or parts.scheme not in ("http", "https"):
                raise ValueError(f"start URL must be an absolute http(s) URL: {url!r}")
            origins.setdefault(host, (parts.scheme, parts.netloc.lower()))
            info = classify_url(url)
            if info.kind == "listing":
                listings.add((host, info.rubric))
        return cls(origins=origins, listings=frozenset(listings))

    @property
    def allowed_hosts(self) -> list[str]:
        """Host names without ports, in the form Scrapy's ``allowed_domains`` expects."""
        return sorted(self.origins)

    def normalise_origin(self, url: str) -> str:
        """``url`` with scheme and port of the start URL on the same host, if there is one."""
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        origin = self.origins.get(host)
        if origin is None:
            return url
        return urlunsplit((origin[0], origin[1], parts.path, parts.query, parts.fragment))

    def decide(self, url: str) -> LinkDecision:
        """Decide what to do with an absolute link found on a listing page."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            return LinkDecision("ignore", url, "scheme")
        host = (parts.hostname or "").lower()
        if host not in self.origins:
            return LinkDecision("ignore", url, "offsite")
        info = classify_url(self.normalise_origin(url))
        if info.kind == "article":
            return LinkDecision("article", info.canonical, article_id=info.article_id)
        if info.kind == "listing":
            if (host, info.rubric) in self.listings:
                return LinkDecision("listing", info.canonical, offset=info.offset or 1)
            return LinkDecision("ignore", url, "other_listing")
        return LinkDecision("ignore", url, info.kind)

    def decide_start(self, url: str) -> LinkDecision:
        """Decide how to fetch a start URL: articles are archived, anything else is walked.

        A start URL that is neither article nor listing (the home page, say) is still
        walked for article links, but only listings named as start URLs are followed.
        """
        info = classify_url(self.normalise_origin(url))
        if info.kind == "article":
            return LinkDecision("article", info.canonical, article_id=info.article_id)
        if info.kind == "listing":
            return LinkDecision("listing", info.canonical, offset=info.offset or 1)
        return LinkDecision("listing", url.strip(), reason=info.kind)
