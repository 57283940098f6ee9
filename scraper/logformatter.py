"""A log formatter that does not print whole pages.

Scrapy logs every scraped item with its ``repr``; a FetchedPage carries the raw body,
so at DEBUG level each article would dump tens of kilobytes of bytes literal into the
log. This formatter logs the URL, status and size instead.
"""

from __future__ import annotations

from typing import Any

from scrapy import Spider
from scrapy.http import Response
from scrapy.logformatter import LogFormatter, LogFormatterResult
from twisted.python.failure import Failure

from archive.fetched import FetchedPage


class PageLogFormatter(LogFormatter):
    """Summarises FetchedPage items in the "Scraped from" log line; other items as usual."""

    def scraped(
        self, item: Any, response: Response | Failure | None, spider: Spider
    ) -> LogFormatterResult:
        result = super().scraped(item, response, spider)
        if isinstance(item, FetchedPage):
            args = dict(result["args"])
            args["item"] = f"<FetchedPage {item.status} {item.url} ({len(item.body)} bytes)>"
            result["args"] = args
        return result
