"""The ArchivePipeline: raw first, extraction after, one bad page never stops the crawl.

The first tests drive the pipeline directly with a stand-in archive, to reach the error
paths; the last ones crawl a local site into a real SQLite archive in a subprocess.
"""

from __future__ import annotations

import datetime as dt
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from archive.fetched import FetchedPage
from scraper.pipelines import ArchivePipeline, capture_canonical_url, project_settings
from scraper.spiders.news import NewsSpider
from tests.test_scraper_helpers import (
    REPO_ROOT,
    ROBOTS_ALLOW_ALL,
    LocalSite,
    Reply,
    crawl_command,
    html,
    parse_stats,
    run_crawl_subprocess,
)

ARTICLE_URL = "https://eng.bsmu.by/allarticles/rubric2/article5/"


def article_html(day: int, title: str, body: str) -> bytes:
    """An article page in the shape the site notes describe (date line, title, body, credit)."""
    return (
        "<html><head><meta charset='windows-1251'><title>BSMU</title></head><body>"
        "<div>Main News International</div><div class='content'>"
        f"<p>{day} May 2023 г.</p><h1>{title}</h1><p>{title}</p>"
        f"<p>{body}</p><p>Author: Oksana Kurbeko, BSMU spokesperson</p></div>"
        "<div>220083, Minsk, Dzerzhinski Ave., 83</div></body></html>"
    ).encode("cp1251")


def page(url: str = ARTICLE_URL, body: bytes = b"<html></html>", **kw: Any) -> FetchedPage:
    return FetchedPage(
        url=url,
        status=kw.pop("status", 200),
        body=body,
        fetched_at=dt.datetime.now(dt.UTC),
        headers={"content-type": "text/html; charset=windows-1251"},
        **kw,
    )


@dataclass
class Ref:
    capture_id: int
    is_new: bool = True
    needs_extraction: bool = True
    gone: bool = False
    extraction_status: str = "pending"


@dataclass
class StubArchive:
    """Records calls; fails where told to."""

    fail_capture_for: set[str] = field(default_factory=set)
    fail_extraction: bool = False
    captures: list[tuple[str, str | None]] = field(default_factory=list)
    extractions: list[int] = field(default_factory=list)
    needs_extraction: bool = True
    previous_status: str = "ok"

    def store_capture(
        self,
        page: FetchedPage,
        run_id: int | None,
        canonical_url: str | None = None,
        *,
        extractor_version: str | None = None,
    ) -> Ref:
        if page.url in self.fail_capture_for:
            raise RuntimeError("disk full")
        self.captures.append((page.url, canonical_url))
        status = "pending" if self.needs_extraction else self.previous_status
        return Ref(len(self.captures), needs_extraction=self.needs_extraction, extraction_status=status)

    def capture(self, capture_id: int) -> Any:
        return type("Info", (), {"extraction_status": self.previous_status})()

    def store_extraction(self, capture_id: int, extraction: Any) -> str:
        if self.fail_extraction:
            raise RuntimeError("constraint violated")
        self.extractions.append(capture_id)
        return "new" if extraction.status == "ok" else extraction.status


def store(pipeline: ArchivePipeline, item: FetchedPage) -> None:
    """What process_item does, minus the archive thread: store, then count."""
    pipeline.count(pipeline.store_page(item))


def make_pipeline(stub: StubArchive, **settings: Any) -> ArchivePipeline:
    crawler = get_crawler(NewsSpider, settings_dict={"NEWS_START_URLS": [ARTICLE_URL], **settings})
    crawler.spider = NewsSpider.from_crawler(crawler)
    pipeline = ArchivePipeline.from_crawler(crawler)
    pipeline.archive = stub  # type: ignore[assignment]
    pipeline.run_id = 1
    return pipeline


def test_pipeline_can_be_switched_off() -> None:
    crawler = get_crawler(NewsSpider, settings_dict={"ARCHIVE_ENABLED": False})
    with pytest.raises(NotConfigured):
        ArchivePipeline.from_crawler(crawler)


def test_capture_then_extraction_with_canonical_url() -> None:
    stub = StubArchive()
    pipeline = make_pipeline(stub)
    item = page(
        body=article_html(5, "BSMU signs agreement with Nanjing Medical University", "Text. " * 20)
    )
    store(pipeline, item)
    assert stub.captures == [(ARTICLE_URL, ARTICLE_URL)]
    assert stub.extractions == [1]
    assert pipeline.stats.get_value("archive/new") == 1
    assert pipeline.stats.get_value("archive/captures_new") == 1


@pytest.mark.parametrize(
    ("previous", "outcome"),
    [("ok", "unchanged"), ("failed", "failed"), ("not_article", "not_article")],
)
def test_already_extracted_capture_repeats_its_outcome(previous: str, outcome: str) -> None:
    stub = StubArchive(needs_extraction=False, previous_status=previous)
    pipeline = make_pipeline(stub)
    store(pipeline, page())
    assert stub.extractions == []
    assert pipeline.stats.get_value(f"archive/{outcome}") == 1
    assert pipeline.stats.get_value("archive/already_extracted") == 1


def test_a_failing_page_is_counted_and_the_next_one_goes_through() -> None:
    stub = StubArchive(fail_capture_for={ARTICLE_URL})
    pipeline = make_pipeline(stub)
    store(pipeline, page())
    other = "https://eng.bsmu.by/allarticles/rubric2/article6/"
    store(pipeline, page(other))
    assert stub.captures == [(other, other)]
    assert pipeline.stats.get_value("archive/errors") == 1
    stub.fail_extraction = True
    store(pipeline, page(other))
    assert pipeline.stats.get_value("archive/errors") == 2
    # the raw capture of the second attempt was stored before extraction failed
    assert pipeline.stats.get_value("archive/captures") == 2


def test_redirected_article_keeps_its_identity() -> None:
    moved = page("https://eng.bsmu.by/", requested_url=ARTICLE_URL)
    assert capture_canonical_url(moved) == ARTICLE_URL
    assert capture_canonical_url(page("https://eng.bsmu.by/page/3/1/")) is None


def test_recorded_settings_are_ours_and_overrides_not_scrapy_defaults() -> None:
    crawler = get_crawler(NewsSpider, settings_dict={"DOWNLOAD_DELAY": 0})
    recorded = project_settings(crawler.settings)
    assert recorded["DOWNLOAD_DELAY"] == 0
    assert "DOWNLOADER_CLIENTCONTEXTFACTORY" not in recorded


# --- Crawling into a real archive ------------------------------------------------------


def site_routes() -> dict[str, Reply]:
    body = "On 4 May the Rector met a delegation. The parties discussed academic exchange. " * 3
    return {
        "/robots.txt": ROBOTS_ALLOW_ALL,
        "/allarticles/rubric2/": Reply(
            200,
            html(
                "/allarticles/rubric2/article5/",
                "/allarticles/rubric2/page1/article4/",
                "/allarticles/rubric2/article3/",
                "/allarticles/rubric2/page16/",
            ),
        ),
        "/allarticles/rubric2/page16/": Reply(200, html("/allarticles/rubric2/page16/article4/")),
        "/allarticles/rubric2/article5/": Reply(
            200, article_html(5, "BSMU and Nanjing Medical University", body)
        ),
        "/allarticles/rubric2/article4/": Reply(
            200, article_html(4, "Delegation from Azerbaijan Medical University", body)
        ),
        "/allarticles/rubric2/article3/": Reply(200, b"<html><body>no date here</body></html>"),
    }


def test_crawl_into_archive_then_recrawl_is_unchanged(tmp_path: Path) -> None:
    from archive.storage import Archive

    db_url = f"sqlite:///{tmp_path / 'archive.sqlite3'}"
    # One broken page in three is above the default failure threshold: allowed here.
    tolerant = {"ARCHIVE_MAX_FAILED_SHARE": "0.5"}
    with LocalSite(site_routes()) as site:
        start = [site.base_url + "/allarticles/rubric2/"]
        first = run_crawl_subprocess(start, tolerant, db_url=db_url)
        assert first.returncode == 0, first.stderr[-3000:]
        assert first.stats["archive/new"] == 2
        assert first.stats["archive/failed"] == 1
        assert first.stats["archive/run_status"] == "ok"
        assert first.stdout.startswith(
            "run 1 ok: 2 new, 0 changed, 0 unchanged, 1 failed extractions"
        )
        # Incremental: the known articles are not asked again; the broken one is.
        second = run_crawl_subprocess(start, tolerant, db_url=db_url)
        assert second.returncode == 0, second.stderr[-3000:]
        assert second.stats["news/mode"] == "incremental"
        assert second.stats["news/revisits/failed"] == 1
        assert second.stats["archive/failed"] == 1  # still broken, still counted
        assert "archive/new" not in second.stats and "archive/unchanged" not in second.stats
        # Full: every known article is asked again, and found unchanged.
        third = run_crawl_subprocess(start, {**tolerant, "NEWS_FULL": "True"}, db_url=db_url)
        assert third.returncode == 0, third.stderr[-3000:]
        assert third.stats["archive/unchanged"] == 2 and third.stats["archive/failed"] == 1
        assert "archive/new" not in third.stats

    with Archive.open(db_url) as archive:
        runs = archive.runs()
        assert [r.status for r in runs] == ["ok", "ok", "ok"]
        assert runs[-1].new == 2 and runs[-1].failed == 1
        assert runs[1].start_urls == [site.base_url + "/allarticles/rubric2/"]
        article = archive.get_article(site.base_url + "/allarticles/rubric2/article4/")
        assert article is not None


def test_unreachable_site_is_a_failed_run(tmp_path: Path) -> None:
    from archive.storage import Archive

    db_url = f"sqlite:///{tmp_path / 'archive.sqlite3'}"
    with LocalSite({}) as site:
        url = site.base_url + "/allarticles/rubric2/"
    # the server is gone: connections to its port are refused
    result = run_crawl_subprocess([url], db_url=db_url)
    assert result.returncode == 1
    assert "could not be reached" in result.stdout
    with Archive.open(db_url) as archive:
        (run,) = archive.runs()
        assert run.status == "failed"
        assert run.message is not None and "ConnectionRefusedError" in run.message


def test_unusable_archive_raises_before_crawling(tmp_path: Path) -> None:
    bad = f"sqlite:///{tmp_path / 'missing-dir' / 'x.sqlite3'}"
    result = run_crawl_subprocess(["http://127.0.0.1:9/allarticles/rubric2/"], db_url=bad)
    assert result.returncode != 0
    assert "ArchiveUnavailable" in result.stderr


def test_oversized_response_is_dropped_not_archived(tmp_path: Path) -> None:
    """DOWNLOAD_MAXSIZE caps what is read; the override is applied like ``-s``."""
    routes = site_routes()
    routes["/allarticles/rubric2/article3/"] = Reply(200, b"<html>" + b"x" * 50_000 + b"</html>")
    db_url = f"sqlite:///{tmp_path / 'archive.sqlite3'}"
    with LocalSite(routes) as site:
        result = run_crawl_subprocess(
            [site.base_url + "/allarticles/rubric2/"],
            {"DOWNLOAD_MAXSIZE": "20000", "DOWNLOAD_WARNSIZE": "10000"},
            db_url=db_url,
        )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stats["archive/new"] == 2
    assert "archive/failed" not in result.stats
    assert sum(v for k, v in result.stats.items() if k.startswith("news/request_failed/")) == 1


def test_sigint_records_an_interrupted_run(tmp_path: Path) -> None:
    from archive.storage import Archive

    def slow(n: int) -> Reply:
        time.sleep(0.3)
        return Reply(200, b"<html>slow</html>")

    links = [f"/allarticles/rubric2/article{i}/" for i in range(1, 60)]
    routes: dict[str, Any] = {
        "/robots.txt": ROBOTS_ALLOW_ALL,
        "/allarticles/rubric2/": Reply(200, html(*links)),
        **{link: slow for link in links},
    }
    db_url = f"sqlite:///{tmp_path / 'archive.sqlite3'}"
    with LocalSite(routes) as site:
        argv, env = crawl_command([site.base_url + "/allarticles/rubric2/"], {}, db_url)
        proc = subprocess.Popen(
            argv, cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not any("article" in p for p in site.paths()):
            time.sleep(0.05)
        proc.send_signal(signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 1, stderr[-3000:]
    assert parse_stats(stdout)["archive/run_status"] == "interrupted"
    assert len(site.paths()) < len(links)
    with Archive.open(db_url) as archive:
        (run,) = archive.runs()
        assert run.status == "interrupted"
