"""A whole crawl of the served replica, checked through the replica's own request log.

What the log must show: robots.txt fetched; each article requested exactly once and
only under its canonical URL (the listings link to ``page{S}/article{ID}/`` variants);
no static page and no site search ever requested; nothing outside the rubric's listings.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from pipeline.urls import classify_url
from tests.test_scraper_helpers import run_crawl_subprocess

try:
    from replica import ReplicaServer, build_site
except ImportError as exc:  # the replica package is written in parallel with the scraper
    pytest.skip(f"replica not available: {exc}", allow_module_level=True)

pytestmark = pytest.mark.slow


def request_path(entry: Any) -> str:
    """The path (with query) of one request-log entry, whatever shape the log uses."""
    if isinstance(entry, str):
        value = entry
    elif isinstance(entry, dict):
        value = entry.get("path") or entry.get("url") or ""
    elif hasattr(entry, "path"):
        value = entry.path
    elif hasattr(entry, "url"):
        value = entry.url
    elif isinstance(entry, tuple | list):
        value = next((v for v in entry if isinstance(v, str) and v.startswith(("/", "http"))), "")
    else:
        value = str(entry)
    parts = urlsplit(value)
    return parts.path + (f"?{parts.query}" if parts.query else "")


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, list[str], Any]:
    site = build_site(n_articles=60)
    db_url = f"sqlite:///{Path(tmp_path_factory.mktemp('replica')) / 'archive.sqlite3'}"
    with ReplicaServer(site) as server:
        result = run_crawl_subprocess(
            [f"{server.base_url}/allarticles/rubric2/"],
            {"CONCURRENT_REQUESTS_PER_DOMAIN": "8"},
            db_url=db_url,
            timeout=600,
        )
        paths = [request_path(entry) for entry in list(server.request_log)]
    return site, paths, result


def test_crawl_succeeds(crawled: tuple[Any, list[str], Any]) -> None:
    site, _paths, result = crawled
    assert result.returncode == 0, result.stdout + result.stderr[-4000:]
    assert result.stats["archive/run_status"] == "ok"
    assert result.stats.get("archive/errors", 0) == 0


def test_robots_txt_is_fetched_first(crawled: tuple[Any, list[str], Any]) -> None:
    _site, paths, _result = crawled
    assert paths[0] == "/robots.txt"
    assert paths.count("/robots.txt") == 1


def test_each_article_is_requested_once_under_its_canonical_url(
    crawled: tuple[Any, list[str], Any],
) -> None:
    site, paths, result = crawled
    articles = [p for p in paths if classify_url("http://replica" + p).kind == "article"]
    canonical = [urlsplit(classify_url("http://replica" + p).canonical).path for p in articles]
    assert articles == canonical, "an article was requested under a non-canonical URL"
    duplicates = sorted({p for p in articles if articles.count(p) > 1})
    assert duplicates == [], f"articles requested more than once: {duplicates[:5]}"
    assert len(articles) == result.stats["news/articles_found"]
    assert sorted(articles) == sorted(site.article_paths), "not every article was reached"


def test_static_pages_search_and_feeds_are_never_requested(
    crawled: tuple[Any, list[str], Any],
) -> None:
    _site, paths, _result = crawled
    kinds = {p: classify_url("http://replica" + p) for p in paths}
    assert [p for p, info in kinds.items() if info.kind == "static"] == []
    assert [p for p, info in kinds.items() if info.kind == "search"] == []
    assert not any(p.startswith("/searchArticles") for p in paths)
    others = [p for p, info in kinds.items() if info.kind == "other" and p != "/robots.txt"]
    assert others == [], f"requested pages that are neither articles nor listings: {others[:5]}"
    listings = [info for info in kinds.values() if info.kind == "listing"]
    assert listings and all(info.rubric == 2 for info in listings)
