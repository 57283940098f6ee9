"""URL rules of the site: what a URL points to and the canonical form of an article URL.

The CMS serves one article under many URLs (``.../rubric2/article641/`` and
``.../rubric2/page16/article641/``, where ``page16`` is the listing's start offset the
link came from). The article's identity is its ID, so every variant maps to one
canonical URL. These rules are facts of the URL scheme, not of the markup, which is why
they are safe to rely on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit, urlunsplit

UrlKind = Literal["article", "listing", "static", "search", "other"]

_ARTICLE = re.compile(r"^/allarticles/rubric(?P<rubric>\d+)/(?:page(?P<offset>\d+)/)?article(?P<id>\d+)/?$")
_RUBRIC_LISTING = re.compile(r"^/allarticles/rubric(?P<rubric>\d+)/(?:page(?P<offset>\d+)/?)?$")
_ALL_LISTING = re.compile(r"^/allarticles/(?:page(?P<offset>\d+)/?)?$")
_STATIC = re.compile(r"^/page/\d+/\d+/?$")
_SEARCH = re.compile(r"^/searchArticles/")


@dataclass(frozen=True, slots=True)
class UrlInfo:
    kind: UrlKind
    canonical: str  # for articles: the one URL of the article; for listings: normalised
    article_id: int | None = None
    rubric: int | None = None
    offset: int | None = None  # a listing's 1-based start offset (1 for the first page)
    host: str = ""


def _origin(scheme: str, netloc: str) -> tuple[str, str]:
    return (scheme or "https").lower(), netloc.lower()


def classify_url(url: str) -> UrlInfo:
    """Say what ``url`` points to on the site and give its canonical form.

    Query strings and fragments never identify an article on this CMS, so they are
    dropped from article and listing URLs; everything else is returned as given.
    """
    parts = urlsplit(url.strip())
    scheme, netloc = _origin(parts.scheme, parts.netloc)
    path = parts.path or "/"
    host = parts.hostname or ""

    m = _ARTICLE.match(path)
    if m:
        rubric, article_id = int(m["rubric"]), int(m["id"])
        canonical = urlunsplit((scheme, netloc, f"/allarticles/rubric{rubric}/article{article_id}/", "", ""))
        return UrlInfo("article", canonical, article_id, rubric, None, host)
    m = _RUBRIC_LISTING.match(path)
    if m:
        rubric = int(m["rubric"])
        offset = int(m["offset"]) if m["offset"] else 1
        suffix = f"page{offset}/" if offset > 1 else ""
        canonical = urlunsplit((scheme, netloc, f"/allarticles/rubric{rubric}/{suffix}", "", ""))
        return UrlInfo("listing", canonical, None, rubric, offset, host)
    m = _ALL_LISTING.match(path)
    if m:
        offset = int(m["offset"]) if m["offset"] else 1
        suffix = f"page{offset}/" if offset > 1 else ""
        canonical = urlunsplit((scheme, netloc, f"/allarticles/{suffix}", "", ""))
        return UrlInfo("listing", canonical, None, None, offset, host)
    if _STATIC.match(path):
        return UrlInfo("static", urlunsplit((scheme, netloc, path, "", "")), host=host)
    if _SEARCH.match(path):
        return UrlInfo("search", url, host=host)
    return UrlInfo("other", url, host=host)


def canonical_article_url(url: str) -> str | None:
    """The canonical URL of the article ``url`` points to, or None if it is no article."""
    info = classify_url(url)
    return info.canonical if info.kind == "article" else None
