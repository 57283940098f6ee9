"""The web UI as a person uses it, in real headless Chromium driven by Playwright.

Debian's ``chromium`` (installed by ``scripts/install-browser``, which ``make test`` runs)
is launched directly: Playwright's own browser download does not work on our machines.
Without /usr/bin/chromium the tests skip with the reason, except under CI (``CI=true``)
where they fail, like the tests that need PostgreSQL.

A screenshot of the search page is kept in ``tests/artifacts/`` (or in the folder named
by ``BSMU_TEST_ARTIFACTS``).
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from archive.storage import Archive
from archive.web.server import running_in_thread
from tests.conftest import skip_unless_ci
from tests.press_corpus import KOLYAGO, XSS_TITLE, build_press_archive

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(
    os.environ.get("BSMU_TEST_ARTIFACTS") or Path(__file__).resolve().parent / "artifacts"
)


def _unavailable(reason: str) -> None:
    skip_unless_ci(reason, "browser tests are")


@contextmanager
def launch() -> Iterator[Any]:
    """Debian's chromium under Playwright, or a skip (a failure under CI) saying why not."""
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing (scripts/install-browser installs it)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        _unavailable(f"playwright is not installed ({exc})")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield launched
        finally:
            launched.close()


@contextmanager
def new_page(browser: Any, site: str) -> Iterator[Any]:
    """A page whose requests may only go to ``site``: any other host fails the test."""
    context = browser.new_context(base_url=site, accept_downloads=True)
    outside: list[str] = []

    def guard(route: Any) -> None:
        if route.request.url.startswith(site):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    opened = context.new_page()
    try:
        yield opened
    finally:
        context.close()
    assert outside == [], f"the page asked for other hosts: {outside}"


@contextmanager
def open_browser(site: str) -> Iterator[Any]:
    """One page in a browser of its own, for test modules with a site of their own."""
    with launch() as browser, new_page(browser, site) as page:
        yield page


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launch() as launched:
        yield launched


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path = tmp_path_factory.mktemp("browser") / "archive.sqlite3"
    with Archive.open(f"sqlite:///{path}") as archive:
        build_press_archive(archive)
        with running_in_thread(archive) as base:
            yield base


@pytest.fixture
def page(browser: Any, site: str) -> Iterator[Any]:
    with new_page(browser, site) as opened:
        yield opened


def result_titles(page: Any) -> list[str]:
    return page.locator("ol.hits li.hit a.title").all_inner_texts()


def test_search_filter_by_facet_open_article_and_download(page: Any, tmp_path: Path) -> None:
    page.goto("/")
    assert page.locator("#total").inner_text() == "6"

    page.fill("#q", "nanjing")
    page.keyboard.press("Enter")
    page.wait_for_url("**/?q=nanjing*")
    assert page.locator("#total").inner_text() == "3"
    assert page.locator("ol.hits mark").first.inner_text().lower() == "nanjing"

    # Narrow by a facet: the 2022 year.
    page.locator('section.facet[data-facet="year"] a', has_text="2022").click()
    page.wait_for_url("**year=2022*")
    assert page.locator("#total").inner_text() == "1"
    assert result_titles(page) == ["Agreement with Nanjing Medical University signed"]
    assert "year: 2022" in page.locator("ul.active-filters").inner_text()

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 800})
    shot = ARTIFACTS / "search-page.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000

    # Download what is shown, as CSV: the same one article.
    with page.expect_download() as info:
        page.click("#download-csv")
    download = info.value
    assert download.suggested_filename == "bsmu-articles.csv"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    rows = list(csv.DictReader(io.StringIO(target.read_text("utf-8"), newline="")))
    assert [(r["article_id"], r["translators"]) for r in rows] == [("701", KOLYAGO)]

    # Open the article: every field, and a way back to the original and the raw capture.
    page.click("text=Agreement with Nanjing Medical University signed")
    page.wait_for_url("**/articles/701")
    assert page.locator("#title").inner_text() == "Agreement with Nanjing Medical University signed"
    fields = page.locator("dl.fields").inner_text()
    for expected in ("Yelena Ivanova", "BSMU spokesperson", KOLYAGO, "Pavel Zhuk",
                     "Nanjing Medical University", "Sergei Rubnikovich", "China", "2022-05-10"):  # fmt: skip
        assert expected in fields
    assert page.locator("a", has_text="Original page").get_attribute("href") == (
        "https://eng.bsmu.by/allarticles/rubric2/article701/"
    )
    page.click("a.raw")
    assert "Nanjing" in page.locator("body").inner_text()


def test_filters_form_and_partner_timeline(page: Any) -> None:
    page.goto("/")
    page.click("details.filters summary")
    page.fill("input[name=country]", "Uzbekistan")
    page.fill("input[name=year]", "2022")
    page.click("form.search button[type=submit]")
    page.wait_for_url("**country=Uzbekistan*")
    assert result_titles(page) == ["Delegation of Tashkent Medical Academy visits BSMU"]

    page.click("nav >> text=Partners")
    page.wait_for_url("**/partners")
    assert page.locator("#timeline rect").count() == 4  # 2020-2023
    row = page.locator("table.partners tr", has_text="Nanjing Medical University")
    assert row.locator("td.num").inner_text() == "3"


def test_revisions_show_what_changed(page: Any) -> None:
    page.goto("/articles/706")
    revisions = page.locator("#revisions").inner_text()
    assert "Revision 2" in revisions and "Changed: title, body" in revisions
    assert page.locator("pre.diff .add", has_text="exam").count() == 1


def test_script_in_an_article_shows_as_text(page: Any) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for url in ("/articles/705", "/?q=exchange", "/?q=students+nanjing"):
        page.goto(url)
        assert page.evaluate("typeof window.__xss") == "undefined"
        assert page.locator("script").count() == 0
    page.goto("/articles/705")
    assert page.locator("#title").inner_text() == XSS_TITLE
    assert "<img src=x onerror=" in page.locator("#body").inner_text()
    page.goto("/?q=exchange")
    assert result_titles(page)[0] == XSS_TITLE  # the title match ranks first
    assert dialogs == []
