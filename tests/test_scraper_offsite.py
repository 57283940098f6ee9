"""The crawler never leaves its allowed hosts, redirects included.

The local site listens on 127.0.0.1 and redirects to ``http://localhost:<same port>/``:
the same server under another host name, so a followed redirect would show up in the
server's own request log (with Host ``localhost:...``). No address other than the
loopback interface is ever involved.

Scrapy 2.19's OffsiteMiddleware filters ordinary redirects but exempts ``dont_filter``
requests, and retries are ``dont_filter``: a page that fails once and then redirects
its retry offsite is followed unless OffsiteRedirectGuard is on. The last test shows
both halves of that, so it will say so if a future Scrapy closes the gap.
"""

from __future__ import annotations

import pytest

from tests.test_scraper_helpers import (
    ROBOTS_ALLOW_ALL,
    LocalSite,
    Reply,
    html,
    redirect,
    run_crawl_subprocess,
)

OFFSITE_PATH = "/allarticles/rubric2/article999/"


def offsite_hosts(site: LocalSite) -> list[str]:
    return [r.host for r in site.requests if not r.host.startswith("127.0.0.1")]


def test_redirect_to_another_host_is_never_fetched() -> None:
    with LocalSite({}) as site:
        target = f"http://localhost:{site.port}{OFFSITE_PATH}"
        site.routes.update(
            {
                "/robots.txt": ROBOTS_ALLOW_ALL,
                "/allarticles/rubric2/": Reply(
                    200,
                    html(
                        "/allarticles/rubric2/article1/",
                        "/allarticles/rubric2/article2/",
                        "/allarticles/rubric2/page16/",
                    ),
                ),
                "/allarticles/rubric2/page16/": redirect(target.replace("article999/", "page16/")),
                "/allarticles/rubric2/article1/": Reply(200, html(text="1 May 2023 г.")),
                "/allarticles/rubric2/article2/": redirect(target, 301),
                OFFSITE_PATH: Reply(200, b"<html>offsite</html>"),
            }
        )
        result = run_crawl_subprocess([site.base_url + "/allarticles/rubric2/"])
        assert result.returncode == 0, result.stderr[-3000:]
        assert OFFSITE_PATH not in site.paths()
        assert offsite_hosts(site) == []
        assert "/allarticles/rubric2/article1/" in site.paths()
        assert result.stats["news/article_responses/200"] == 1


def test_start_url_redirecting_offsite_is_not_followed() -> None:
    with LocalSite({}) as site:
        site.routes.update(
            {
                "/robots.txt": ROBOTS_ALLOW_ALL,
                "/allarticles/rubric2/": redirect(
                    f"http://localhost:{site.port}/allarticles/rubric2/"
                ),
                "/allarticles/rubric2/article5/": redirect(
                    f"http://localhost:{site.port}{OFFSITE_PATH}"
                ),
            }
        )
        result = run_crawl_subprocess(
            [
                site.base_url + "/allarticles/rubric2/",
                site.base_url + "/allarticles/rubric2/article5/",
            ]
        )
        assert offsite_hosts(site) == []
        # Nothing was archived and no article link found: the run is a failure, not a success.
        assert result.returncode == 1
        assert result.stats["archive/run_status"] == "failed"


@pytest.mark.parametrize("guard", ["True", "False"])
def test_retried_request_redirecting_offsite(guard: str) -> None:
    with LocalSite({}) as site:
        target = f"http://localhost:{site.port}{OFFSITE_PATH}"
        site.routes.update(
            {
                "/robots.txt": ROBOTS_ALLOW_ALL,
                "/allarticles/rubric2/": Reply(200, html("/allarticles/rubric2/article3/")),
                # 503 first (retried as dont_filter), then a redirect off the site
                "/allarticles/rubric2/article3/": lambda n: (
                    Reply(503, b"busy") if n == 1 else redirect(target)
                ),
                OFFSITE_PATH: Reply(200, b"<html>offsite</html>"),
            }
        )
        result = run_crawl_subprocess(
            [site.base_url + "/allarticles/rubric2/"], {"OFFSITE_GUARD_ENABLED": guard}
        )
        assert site.paths().count("/allarticles/rubric2/article3/") == 2
        if guard == "True":
            assert offsite_hosts(site) == []
            assert result.stats["offsite_guard/redirects"] == 1
        else:
            # Scrapy's own filter lets this one through: the reason the guard exists.
            assert offsite_hosts(site) == [f"localhost:{site.port}"]
