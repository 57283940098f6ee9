"""Turning a Scrapy response into the archive's :class:`~archive.fetched.FetchedPage`.

The archive stores responses raw and outlives Scrapy's types, so the conversion keeps
only plain values: ``str`` headers with lower-case names (HTTP header names are
case-insensitive, and one spelling makes them comparable across captures), bytes as
they arrived, and an aware UTC timestamp.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from scrapy.http import Headers, Response

from archive.fetched import FetchedPage


def headers_dict(headers: Headers) -> dict[str, str]:
    """Lower-cased header names; a header sent several times keeps all values, joined by ", ".

    Header bytes are decoded as Latin-1, which maps every byte to one character, so no
    header can fail to decode and the original bytes can always be recovered.
    """
    result: dict[str, str] = {}
    for name, values in headers.items():
        key = name.decode("latin-1").lower()
        text = [v.decode("latin-1") for v in values if v is not None]
        result[key] = ", ".join([result[key], *text]) if key in result else ", ".join(text)
    return result


def requested_url(response: Response) -> str:
    """The URL first asked for: before any redirect, else the response's own URL."""
    request = response.request
    if request is None:
        return response.url
    redirects = request.meta.get("redirect_urls")
    return redirects[0] if redirects else request.url


def page_from_response(
    response: Response, now: Callable[[], dt.datetime] | None = None
) -> FetchedPage:
    """A FetchedPage for ``response``; ``requested_url`` is set only when a redirect moved it."""
    fetched_at = now() if now is not None else dt.datetime.now(dt.UTC)
    asked = requested_url(response)
    return FetchedPage(
        url=response.url,
        status=response.status,
        body=bytes(response.body),
        fetched_at=fetched_at,
        headers=headers_dict(response.headers),
        requested_url=asked if asked != response.url else None,
    )
