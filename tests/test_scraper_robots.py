"""robots.txt is fetched first and obeyed: a disallowed path is never requested."""

from __future__ import annotations

from tests.test_scraper_helpers import LocalSite, Reply, html, run_crawl_subprocess

ROBOTS = Reply(
    200,
    b"User-agent: *\nDisallow: /allarticles/rubric2/article2/\nDisallow: /allarticles/rubric2/page16/\n",
    {"Content-Type": "text/plain"},
)


def test_disallowed_paths_are_never_requested() -> None:
    routes = {
        "/robots.txt": ROBOTS,
        "/allarticles/rubric2/": Reply(
            200,
            html(
                "/allarticles/rubric2/article1/",
                "/allarticles/rubric2/page16/article2/",
                "/allarticles/rubric2/page16/",
            ),
        ),
        "/allarticles/rubric2/article1/": Reply(200, b"<html>1</html>"),
        "/allarticles/rubric2/article2/": Reply(200, b"<html>2</html>"),
        "/allarticles/rubric2/page16/": Reply(200, html("/allarticles/rubric2/article3/")),
    }
    with LocalSite(routes) as site:
        result = run_crawl_subprocess([site.base_url + "/allarticles/rubric2/"])
        paths = site.paths()
        assert paths[0] == "/robots.txt"
        assert paths.count("/robots.txt") == 1
        assert "/allarticles/rubric2/article1/" in paths
        assert "/allarticles/rubric2/article2/" not in paths
        assert "/allarticles/rubric2/page16/" not in paths
        assert "/allarticles/rubric2/article3/" not in paths
        assert result.stats["robotstxt/forbidden"] == 2
        assert result.returncode == 0


def test_robots_can_be_switched_off_with_an_override() -> None:
    routes = {
        "/robots.txt": Reply(200, b"User-agent: *\nDisallow: /\n", {"Content-Type": "text/plain"}),
        "/allarticles/rubric2/": Reply(200, html("/allarticles/rubric2/article1/")),
        "/allarticles/rubric2/article1/": Reply(200, b"<html>1</html>"),
    }
    with LocalSite(routes) as site:
        run_crawl_subprocess([site.base_url + "/allarticles/rubric2/"], {"ROBOTSTXT_OBEY": "False"})
        assert site.paths() == ["/allarticles/rubric2/", "/allarticles/rubric2/article1/"]
