"""The defaults are polite to the real site, and every one can be overridden like ``-s``."""

from __future__ import annotations

import configparser
import os
import subprocess
import sys

import pytest

from scraper.crawl import build_settings
from tests.test_scraper_helpers import (
    REPO_ROOT,
    ROBOTS_ALLOW_ALL,
    LocalSite,
    Reply,
    html,
    run_crawl_subprocess,
)


def test_defaults_are_polite() -> None:
    settings = build_settings(None, {})
    assert settings.getbool("ROBOTSTXT_OBEY") is True
    assert settings.getfloat("DOWNLOAD_DELAY") >= 1.0
    assert settings.getfloat("DOWNLOAD_DELAY_JITTER") == 0.0  # the delay is a floor
    assert settings.getbool("AUTOTHROTTLE_ENABLED") is True
    assert settings.getfloat("AUTOTHROTTLE_TARGET_CONCURRENCY") == 1.0
    assert settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") <= 2
    user_agent = settings.get("USER_AGENT")
    assert user_agent.startswith("bsmu-news-archive/")
    assert "+https://github.com/bsmu-news-archive/bsmu-news-archive" in user_agent
    assert settings.getint("DOWNLOAD_MAXSIZE") == 4 * 1024 * 1024
    assert settings.getint("DOWNLOAD_WARNSIZE") == 1 * 1024 * 1024
    assert settings.getint("DOWNLOAD_TIMEOUT") == 30
    assert settings.getint("RETRY_TIMES") == 3
    assert settings.getint("REDIRECT_MAX_TIMES") == 5
    assert settings.getbool("TELNETCONSOLE_ENABLED") is False
    assert settings.getbool("REMOTE_CONTROL_ENABLED") is False
    assert settings.getlist("NEWS_START_URLS") == ["https://eng.bsmu.by/allarticles/rubric2/"]
    assert "scraper.pipelines.ArchivePipeline" in settings.getwithbase("ITEM_PIPELINES")
    assert "scraper.middlewares.OffsiteRedirectGuard" in settings.getwithbase(
        "DOWNLOADER_MIDDLEWARES"
    )
    # above RedirectMiddleware (600), so it sees 3xx answers before they are followed
    assert settings.getwithbase("DOWNLOADER_MIDDLEWARES")["scraper.redirects.RedirectGuard"] > 600


def test_db_url_is_resolved_lazily() -> None:
    assert build_settings(None, {}).get("ARCHIVE_DB_URL") is None
    assert build_settings("sqlite:///x.db", {}).get("ARCHIVE_DB_URL") == "sqlite:///x.db"


def test_string_overrides_are_read_like_command_line_values() -> None:
    settings = build_settings(
        "sqlite:///a.db",
        {
            "DOWNLOAD_DELAY": "0",
            "AUTOTHROTTLE_ENABLED": "False",
            "NEWS_START_URLS": "http://127.0.0.1:1/allarticles/,http://127.0.0.1:1/allarticles/rubric2/",
            "ITEM_PIPELINES": "{}",
            "ARCHIVE_DB_URL": "sqlite:///b.db",
        },
    )
    assert settings.getfloat("DOWNLOAD_DELAY") == 0.0
    assert settings.getbool("AUTOTHROTTLE_ENABLED") is False
    assert len(settings.getlist("NEWS_START_URLS")) == 2
    assert dict(settings.getwithbase("ITEM_PIPELINES")) == {}
    assert settings.get("ARCHIVE_DB_URL") == "sqlite:///b.db"


def test_scrapy_cfg_points_at_the_settings_and_scrapyd() -> None:
    cfg = configparser.ConfigParser()
    cfg.read(REPO_ROOT / "scrapy.cfg")
    assert cfg["settings"]["default"] == "scraper.settings"
    assert cfg["deploy"]["url"] == "http://127.0.0.1:6800/"
    assert cfg["deploy"]["project"] == "bsmu_news_archive"


def test_overrides_reach_the_crawler_through_run_crawl() -> None:
    """NEWS_START_URLS and the User-Agent given as overrides are what the site sees."""
    routes = {
        "/robots.txt": ROBOTS_ALLOW_ALL,
        "/allarticles/rubric2/": Reply(200, html("/allarticles/rubric2/article1/")),
        "/allarticles/rubric2/article1/": Reply(200, b"<html>1</html>"),
    }
    with LocalSite(routes) as site:
        result = run_crawl_subprocess(
            [],
            {
                "NEWS_START_URLS": site.base_url + "/allarticles/rubric2/",
                "USER_AGENT": "override-test/1.0",
                "CLOSESPIDER_PAGECOUNT": "2",
            },
        )
        assert site.paths()[:2] == ["/robots.txt", "/allarticles/rubric2/"]
        assert result.stats["finish_reason"] == "closespider_pagecount"
        assert result.stats["news/articles_found"] == 1
        assert {r.user_agent for r in site.requests} == {"override-test/1.0"}
    # The page limit stopped the crawl before any article was fetched: a failed run.
    assert result.returncode == 1
    assert result.stdout.splitlines()[0].startswith("run - failed:")


def test_scrapy_crawl_news_accepts_arguments_and_overrides() -> None:
    """``scrapy crawl news -a start_url=... -s ...`` from the repo root builds the same crawler."""
    routes = {
        "/robots.txt": ROBOTS_ALLOW_ALL,
        "/allarticles/rubric2/": Reply(200, html("/allarticles/rubric2/page16/article7/")),
        "/allarticles/rubric2/article7/": Reply(200, b"<html>7</html>"),
    }
    with LocalSite(routes) as site:
        env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "scrapy",
                "crawl",
                "news",
                "-a",
                f"start_url={site.base_url}/allarticles/rubric2/",
                "-s",
                "DOWNLOAD_DELAY=0",
                "-s",
                "AUTOTHROTTLE_ENABLED=False",
                "-s",
                "ARCHIVE_ENABLED=False",
            ],
            cwd=REPO_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert proc.returncode == 0, proc.stderr[-3000:]
        assert site.paths() == [
            "/robots.txt",
            "/allarticles/rubric2/",
            "/allarticles/rubric2/article7/",
        ]
        assert "'DOWNLOAD_DELAY': '0'" in proc.stderr
        assert {r.user_agent for r in site.requests} == {
            "bsmu-news-archive/0.1 (+https://github.com/bsmu-news-archive/bsmu-news-archive)"
        }


def test_bad_start_url_fails_before_scrapy_starts() -> None:
    from scraper.crawl import crawl_once

    with pytest.raises(ValueError, match="absolute http"):
        crawl_once(["eng.bsmu.by/allarticles/rubric2/"], None, {"ARCHIVE_ENABLED": "False"})
