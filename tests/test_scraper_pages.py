"""Responses become FetchedPages with plain, comparable values; failures become stats."""

from __future__ import annotations

import datetime as dt

from scrapy.http import Headers, HtmlResponse, Request, Response
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.test import get_crawler
from twisted.internet.error import ConnectionRefusedError
from twisted.python.failure import Failure

from scraper.pages import headers_dict, page_from_response
from scraper.spiders.news import NewsSpider, failure_reason

URL = "https://eng.bsmu.by/allarticles/rubric2/article641/"


def test_headers_are_lower_cased_and_repeats_joined() -> None:
    headers = Headers()
    headers.appendlist("Set-Cookie", "a=1")
    headers.appendlist("Set-Cookie", "b=2")
    headers["Content-Type"] = "text/html; charset=windows-1251"
    headers["X-Odd"] = "caf\xe9".encode("latin-1")
    assert headers_dict(headers) == {
        "set-cookie": "a=1, b=2",
        "content-type": "text/html; charset=windows-1251",
        "x-odd": "caf\xe9",
    }


def test_page_keeps_raw_bytes_and_utc_time() -> None:
    body = "Ректор".encode("cp1251")
    response = Response(URL, status=404, body=body, request=Request(URL))
    page = page_from_response(response)
    assert page.body == body and page.status == 404
    assert page.fetched_at.tzinfo is not None
    assert page.fetched_at.utcoffset() == dt.timedelta(0)
    assert page.requested_url is None


def test_redirected_page_remembers_the_url_asked_for() -> None:
    asked = "https://eng.bsmu.by/allarticles/rubric2/page16/article641/"
    request = Request(URL, meta={"redirect_urls": [asked]})
    response = HtmlResponse(URL, body=b"<html></html>", request=request)
    fixed = dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    page = page_from_response(response, now=lambda: fixed)
    assert page.url == URL
    assert page.requested_url == asked
    assert page.fetched_at == fixed


def test_errback_counts_failures_by_reason_and_never_raises() -> None:
    crawler = get_crawler(NewsSpider, settings_dict={"NEWS_START_URLS": [URL]})
    spider = NewsSpider.from_crawler(crawler)
    crawler.spider = spider
    refused = Failure(ConnectionRefusedError("nope"))
    refused.request = Request(URL)  # type: ignore[attr-defined]
    http = Failure(HttpError(Response(URL, status=503), "Ignoring non-200 response"))
    http.request = Request(URL)  # type: ignore[attr-defined]
    assert failure_reason(refused) == "ConnectionRefusedError"
    assert failure_reason(http) == "http_503"
    spider.on_error(refused)
    spider.on_error(http)
    spider.on_error(http)
    stats = crawler.stats.get_stats()
    assert stats["news/request_failed"] == 3
    assert stats["news/request_failed/http_503"] == 2
    assert stats["news/request_failed/ConnectionRefusedError"] == 1
