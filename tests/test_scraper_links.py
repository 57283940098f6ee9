"""The spider's link decisions: which links are followed, under which URL, in which order.

Responses are built in the test, so these run without network or reactor.
"""

from __future__ import annotations

import asyncio
from urllib.parse import urljoin

import pytest
import scrapy
from scrapy.http import HtmlResponse, Request, TextResponse
from scrapy.utils.test import get_crawler

from scraper.links import CrawlScope
from scraper.spiders.news import NewsSpider, split_start_urls

BASE = "https://eng.bsmu.by"


def make_spider(start_url: str | None = None, **settings: object) -> NewsSpider:
    crawler = get_crawler(
        NewsSpider, settings_dict={"NEWS_START_URLS": [f"{BASE}/allarticles/rubric2/"], **settings}
    )
    kwargs = {"start_url": start_url} if start_url else {}
    spider = NewsSpider.from_crawler(crawler, **kwargs)
    crawler.spider = spider
    return spider


def listing(url: str, *hrefs: str, offset: int = 1) -> HtmlResponse:
    body = "<html><body>" + "".join(f'<a href="{h}">x</a>' for h in hrefs) + "</body></html>"
    request = Request(url, meta={"listing_offset": offset})
    return HtmlResponse(url, body=body.encode(), encoding="utf-8", request=request)


def requests_from(spider: NewsSpider, response: HtmlResponse) -> list[scrapy.Request]:
    return list(spider.parse_listing(response))


# --- CrawlScope ------------------------------------------------------------------------


def test_scope_allows_start_hosts_without_ports() -> None:
    scope = CrawlScope.from_start_urls(["http://127.0.0.1:8123/allarticles/rubric2/"])
    assert scope.allowed_hosts == ["127.0.0.1"]
    decision = scope.decide("http://127.0.0.1:8123/allarticles/rubric2/page16/article641/")
    assert decision.action == "article"
    assert decision.url == "http://127.0.0.1:8123/allarticles/rubric2/article641/"


def test_scope_rejects_relative_or_non_http_start_urls() -> None:
    with pytest.raises(ValueError):
        CrawlScope.from_start_urls(["/allarticles/rubric2/"])
    with pytest.raises(ValueError):
        CrawlScope.from_start_urls(["ftp://eng.bsmu.by/allarticles/"])


@pytest.mark.parametrize(
    ("link", "action", "url_or_reason"),
    [
        ("/allarticles/rubric2/article641/", "article", f"{BASE}/allarticles/rubric2/article641/"),
        (
            "/allarticles/rubric2/page16/article641/",
            "article",
            f"{BASE}/allarticles/rubric2/article641/",
        ),
        (
            "/allarticles/rubric2/page16/article641",
            "article",
            f"{BASE}/allarticles/rubric2/article641/",
        ),
        (
            "/allarticles/rubric2/article641/?print=1#top",
            "article",
            f"{BASE}/allarticles/rubric2/article641/",
        ),
        # an article of another rubric is still an article of the site
        ("/allarticles/rubric5/article12/", "article", f"{BASE}/allarticles/rubric5/article12/"),
        ("/allarticles/rubric2/page16/", "listing", f"{BASE}/allarticles/rubric2/page16/"),
        ("/allarticles/rubric2/page1/", "listing", f"{BASE}/allarticles/rubric2/"),
        ("/allarticles/rubric3/", "ignore", "other_listing"),
        ("/allarticles/", "ignore", "other_listing"),
        ("/allarticles/page16/", "ignore", "other_listing"),
        ("/page/3/1/", "ignore", "static"),
        ("/searchArticles/?words=rector", "ignore", "search"),
        ("/rss/rss.xml", "ignore", "other"),
        ("/ImgForArticles/20230101m_photo.jpg", "ignore", "other"),
        ("https://www.bsmu.by/allarticles/rubric2/article5/", "ignore", "offsite"),
        ("https://example.org/allarticles/rubric2/article5/", "ignore", "offsite"),
        ("https://sub.eng.bsmu.by/allarticles/rubric2/article5/", "ignore", "offsite"),
        ("mailto:press@bsmu.by", "ignore", "scheme"),
        ("javascript:void(0)", "ignore", "scheme"),
    ],
)
def test_rubric_scope_decisions(link: str, action: str, url_or_reason: str) -> None:
    scope = CrawlScope.from_start_urls([f"{BASE}/allarticles/rubric2/"])
    decision = scope.decide(urljoin(f"{BASE}/allarticles/rubric2/", link))
    assert decision.action == action
    if action == "ignore":
        assert decision.reason == url_or_reason
    else:
        assert decision.url == url_or_reason


def test_all_rubrics_scope_walks_all_listing_but_not_rubric_listings() -> None:
    scope = CrawlScope.from_start_urls([f"{BASE}/allarticles/"])
    assert scope.decide(f"{BASE}/allarticles/page31/").action == "listing"
    assert scope.decide(f"{BASE}/allarticles/rubric2/").action == "ignore"
    assert scope.decide(f"{BASE}/allarticles/rubric2/page4/article9/").url == (
        f"{BASE}/allarticles/rubric2/article9/"
    )


def test_article_start_url_walks_no_listings() -> None:
    scope = CrawlScope.from_start_urls([f"{BASE}/allarticles/rubric2/page16/article641/"])
    start = scope.decide_start(f"{BASE}/allarticles/rubric2/page16/article641/")
    assert (start.action, start.url) == ("article", f"{BASE}/allarticles/rubric2/article641/")
    assert scope.decide(f"{BASE}/allarticles/rubric2/").action == "ignore"


def test_links_written_with_another_scheme_use_the_start_origin() -> None:
    scope = CrawlScope.from_start_urls([f"{BASE}/allarticles/rubric2/"])
    decision = scope.decide("http://ENG.bsmu.by/allarticles/rubric2/page16/article7/")
    assert decision.url == f"{BASE}/allarticles/rubric2/article7/"


# --- The spider ------------------------------------------------------------------------


def test_start_urls_from_argument_or_setting() -> None:
    assert split_start_urls(" http://a/x/ , http://b/y/,") == ["http://a/x/", "http://b/y/"]
    spider = make_spider()
    assert spider.start_urls == [f"{BASE}/allarticles/rubric2/"]
    assert spider.allowed_domains == ["eng.bsmu.by"]
    spider = make_spider(
        "http://127.0.0.1:8123/allarticles/rubric2/,http://localhost:9/allarticles/"
    )
    assert spider.allowed_domains == ["127.0.0.1", "localhost"]


def test_start_requests_for_listing_and_article() -> None:
    spider = make_spider(
        f"{BASE}/allarticles/rubric2/,{BASE}/allarticles/rubric2/page16/article641/"
    )

    async def collect() -> list[scrapy.Request]:
        return [request async for request in spider.start()]

    listing_request, article_request = asyncio.run(collect())
    assert listing_request.url == f"{BASE}/allarticles/rubric2/"
    assert listing_request.callback == spider.parse_listing
    assert not listing_request.dont_filter
    assert article_request.url == f"{BASE}/allarticles/rubric2/article641/"
    assert article_request.callback == spider.parse_article
    assert article_request.meta["handle_httpstatus_list"] == [304, 404, 410]


def test_listing_yields_canonical_articles_and_same_rubric_pages_only() -> None:
    spider = make_spider()
    response = listing(
        f"{BASE}/allarticles/rubric2/",
        "/allarticles/rubric2/page1/article641/",
        "article640/",  # relative to the listing
        "/allarticles/rubric2/page16/",
        "/allarticles/rubric3/page16/",
        "/page/6/2/",
        "/searchArticles/?words=x",
        "https://www.bsmu.by/novosti/mezhdunarodnye/x/",
        "/rss/rss.xml",
    )
    requests = requests_from(spider, response)
    urls = [r.url for r in requests]
    assert urls == [
        f"{BASE}/allarticles/rubric2/article641/",
        f"{BASE}/allarticles/rubric2/article640/",
        f"{BASE}/allarticles/rubric2/page16/",
    ]
    stats = spider.crawler.stats.get_stats()
    assert stats["news/articles_found"] == 2
    assert stats["news/ignored_links/static"] == 1
    assert stats["news/ignored_links/search"] == 1
    assert stats["news/ignored_links/offsite"] == 1
    assert stats["news/ignored_links/other_listing"] == 1


def test_same_article_under_many_urls_gets_one_request_url() -> None:
    spider = make_spider()
    response = listing(
        f"{BASE}/allarticles/rubric2/page16/",
        "/allarticles/rubric2/article641/",
        "/allarticles/rubric2/page16/article641/",
        "/allarticles/rubric2/page31/article641",
        "/allarticles/rubric2/article641/#comments",
        offset=16,
    )
    urls = {r.url for r in requests_from(spider, response)}
    assert urls == {f"{BASE}/allarticles/rubric2/article641/"}
    assert spider.crawler.stats.get_value("news/articles_found") == 1


def test_priorities_put_articles_first_and_newer_pages_before_older() -> None:
    spider = make_spider()
    page1 = requests_from(
        spider, listing(f"{BASE}/allarticles/rubric2/", "article9/", "/allarticles/rubric2/page16/")
    )
    page16 = requests_from(
        spider,
        listing(
            f"{BASE}/allarticles/rubric2/page16/",
            "/allarticles/rubric2/article3/",
            "/allarticles/rubric2/page31/",
            offset=16,
        ),
    )
    article9, listing16 = page1
    article3, listing31 = page16
    assert article9.priority > article3.priority > listing16.priority > listing31.priority
    assert listing16.meta["listing_offset"] == 16


def test_article_pages_are_archived_not_walked() -> None:
    spider = make_spider()
    url = f"{BASE}/allarticles/rubric2/article641/"
    response = HtmlResponse(
        url,
        status=200,
        body=b'<html><a href="/allarticles/rubric2/article1/">other</a></html>',
        headers={"Content-Type": "text/html; charset=windows-1251"},
        request=Request(url),
    )
    items = list(spider.parse_article(response))
    assert len(items) == 1
    page = items[0]
    assert page.url == url and page.status == 200 and page.requested_url is None
    assert page.headers["content-type"] == "text/html; charset=windows-1251"


def test_non_html_listing_is_counted_not_parsed() -> None:
    spider = make_spider()
    response = scrapy.http.Response(
        f"{BASE}/allarticles/rubric2/",
        body=b"\x00\x01",
        request=Request(f"{BASE}/allarticles/rubric2/"),
    )
    assert list(spider.parse_listing(response)) == []
    assert spider.crawler.stats.get_value("news/listing_not_html") == 1
    assert isinstance(listing(f"{BASE}/allarticles/", "x"), TextResponse)
