"""Served responses and the path -> response mapping of a replica site.

Responses carry an ETag (quoted SHA-1 of the body) and a fixed Last-Modified so crawlers
can be tested on conditional requests; both are properties of the bytes and the content,
never of the moment the server answers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from email.utils import format_datetime
from urllib.parse import unquote


@dataclass(frozen=True, slots=True)
class Response:
    """One response as the server sends it (minus Date and Server headers)."""

    body: bytes
    content_type: str
    status: int = 200
    last_modified: dt.datetime | None = None
    etag: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not self.etag:
            object.__setattr__(self, "etag", f'"{hashlib.sha1(self.body).hexdigest()}"')

    @property
    def last_modified_http(self) -> str | None:
        """Last-Modified in the HTTP date format (always GMT)."""
        if self.last_modified is None:
            return None
        return format_datetime(self.last_modified.astimezone(dt.UTC), usegmt=True)

    @property
    def headers(self) -> dict[str, str]:
        out = {"Content-Type": self.content_type, "Content-Length": str(len(self.body))}
        if self.status == 200:
            out["ETag"] = self.etag
            if self.last_modified_http:
                out["Last-Modified"] = self.last_modified_http
        return out

    def text(self) -> str:
        """The body decoded with the charset of the header or, failing that, the meta."""
        m = re.search(r"charset=([\w-]+)", self.content_type)
        charset = m.group(1) if m else None
        if charset is None:
            meta = re.search(rb'charset=["\']?([\w-]+)', self.body[:2048])
            charset = meta.group(1).decode("ascii") if meta else "windows-1251"
        return self.body.decode(charset)


_ARTICLE_ALIAS = re.compile(r"^/allarticles/rubric(\d+)/page(\d+)/article(\d+)/$")
_LISTING = re.compile(r"^/allarticles/(?:rubric(\d+)/)?page(\d+)/$")


class PageMap(Mapping[str, Response]):
    """Every page of a site by path.

    Iteration yields the pages a crawler can discover by links (one per URL that any
    page links to, plus robots.txt and the RSS feed). Lookups also answer what the CMS
    answers without being linked: an article under any ``page{S}/`` prefix, a listing at
    any start offset, and any of these without the trailing slash.
    """

    def __init__(self, pages: dict[str, Response],
                 listing_at: Callable[[int | None, int], Response | None]) -> None:
        self._pages = pages
        self._listing_at = listing_at

    def __iter__(self) -> Iterator[str]:
        return iter(self._pages)

    def __len__(self) -> int:
        return len(self._pages)

    def __getitem__(self, path: str) -> Response:
        resolved = self.resolve(path)
        if resolved is None:
            raise KeyError(path)
        return resolved

    def resolve(self, path: str) -> Response | None:
        """The response for ``path`` (query string ignored), or None if there is none."""
        path = unquote(path.split("?", 1)[0].split("#", 1)[0]) or "/"
        hit = self._pages.get(path)
        if hit is not None:
            return hit
        if not path.endswith("/") and "." not in path.rsplit("/", 1)[-1]:
            return self.resolve(path + "/")
        m = _ARTICLE_ALIAS.match(path)
        if m:
            return self._pages.get(f"/allarticles/rubric{m[1]}/article{m[3]}/")
        m = _LISTING.match(path)
        if m:
            rubric = int(m[1]) if m[1] else None
            return self._listing_at(rubric, int(m[2]))
        return None
