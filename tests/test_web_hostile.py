"""The web UI and API under hostile input: every stored field and every parameter carries a
script, and nothing of it may run or reach a page unescaped.

A payload is marked with a tag (``t=title``, ``t=author``...) so a failure names the field
or parameter that leaked. The same archive and server also serve the browser check in
real Chromium (skipped with a reason off CI when /usr/bin/chromium is missing).
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from archive.storage import Archive
from archive.web.server import running_in_thread
from pipeline.record import NamedPerson, Partner, Person
from tests.conftest import make_record, store_record


def payload(tag: str) -> str:
    """A value that runs a script in four different ways if it is not escaped."""
    return (
        f'"><script>window.__xss="{tag}"</script>'
        f"<img src=x onerror=\"window.__xss='{tag}'\">"
        f"'><svg onload=window.__xss='{tag}'>"
        f"</textarea></title><a href=\"javascript:window.__xss='{tag}'\">{tag}</a>"
    )


def short_payload(tag: str) -> str:
    """A script that fits the 200 characters a filter value may hold, so it is searched for."""
    return f'"><script>window.__xss="{tag}"</script><img src=x onerror="window.__xss=\'{tag}\'">'


#: every text the archive stores about an article, each with its own payload
HOSTILE_ID = 901
HOSTILE_FIELDS: dict[str, Any] = {
    "title": "Hostile " + payload("title"),
    "announcement": payload("announcement"),
    "body": "Plain words first.\n\n" + payload("body") + "\n\nNanjing " + payload("body2"),
    "authors": (Person("Ivan " + payload("author"), payload("role")),),
    "translators": ("Olga " + payload("translator"),),
    "photographers": ("Pavel " + payload("photographer"),),
    "partners": (Partner("Evil University " + payload("partner"), "China", "university"),),
    "people": (NamedPerson("Anna " + payload("person"), payload("position")),),
    "countries": ("China",),
    "published": dt.date(2022, 5, 10),
}
#: a script outside the tags this module writes, which no page may contain
UNESCAPED = re.compile(r"<script>window\.__xss|<img src=x onerror|<svg onload|href=\"javascript:")


def assert_escaped(text: str, where: str) -> None:
    leak = UNESCAPED.search(text)
    assert leak is None, f"{where}: unescaped markup {text[max(0, leak.start() - 80):leak.end() + 80]!r}"


@pytest.fixture(scope="module")
def hostile_archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    path = tmp_path_factory.mktemp("hostile") / "archive.sqlite3"
    with Archive.open(f"sqlite:///{path}") as archive:
        record = make_record(HOSTILE_ID, **HOSTILE_FIELDS)
        # the raw capture holds live markup too: its view must show it as text
        store_record(archive, record, body=f"<html><body>{payload('capture')}</body></html>".encode())
        store_record(archive, make_record(902, title="A quiet neighbour", body="Nanjing visit."))
        yield archive


@pytest.fixture(scope="module")
def base(hostile_archive: Archive) -> Iterator[str]:
    with running_in_thread(hostile_archive) as url:
        yield url


@pytest.fixture(scope="module")
def client(base: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base, timeout=30) as c:
        yield c


def test_every_stored_field_is_escaped_on_every_page(client: httpx.Client) -> None:
    article = client.get(f"/api/articles/{HOSTILE_ID}").json()
    capture_id = article["revisions"][0]["capture_id"]
    pages = [
        f"/articles/{HOSTILE_ID}",
        "/?q=hostile",
        "/?q=nanjing",  # the snippet comes from the body
        "/?q=evil",
        "/",
        "/partners",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_escaped(response.text, url)
    # the raw capture is shown byte for byte, as plain text no browser may render
    raw = client.get(f"/articles/{HOSTILE_ID}/captures/{capture_id}/raw")
    assert raw.headers["content-type"].startswith("text/plain")
    assert raw.headers["x-content-type-options"] == "nosniff"
    assert "sandbox" in raw.headers["content-security-policy"]
    assert payload("capture") in raw.text
    shown = client.get(f"/articles/{HOSTILE_ID}").text
    # escaped, not dropped: the reader sees each payload as text
    for tag in ("title", "announcement", "body", "author", "translator", "photographer", "partner"):
        assert html.escape(f'window.__xss="{tag}"', quote=True) in shown or (
            f"window.__xss=&#34;{tag}&#34;" in shown
        ), tag


def test_downloads_carry_the_payload_as_data_not_as_a_page(client: httpx.Client) -> None:
    for fmt, kind in (("csv", "text/csv"), ("jsonl", "application/")):
        response = client.get(f"/download/articles.{fmt}", params={"q": "hostile"})
        assert response.status_code == 200
        assert response.headers["content-type"].startswith(kind)
        assert "attachment" in response.headers["content-disposition"]
        assert response.headers.get("x-content-type-options") == "nosniff"
        assert "<script>" in response.text  # the data is kept exactly


FILTERS = ("q", "author", "translator", "photographer", "person", "partner", "country",
           "from", "to", "year", "rubric", "language", "sort", "page", "per_page", "facets")  # fmt: skip


@pytest.mark.parametrize("name", FILTERS)
def test_a_script_in_any_parameter_is_escaped_or_refused(client: httpx.Client, name: str) -> None:
    statuses = set()
    for value in (short_payload(f"param-{name}"), payload(f"param-{name}") * 2):
        for url in ("/", "/partners", "/api/articles", "/api/facets", "/download/articles.csv"):
            response = client.get(url, params={name: value})
            assert response.status_code in (200, 422), (url, name, response.status_code)
            statuses.add(response.status_code)
            if response.headers["content-type"].startswith("text/html"):
                assert_escaped(response.text, f"{url}?{name}=")
            else:  # JSON and CSV are data: never served as a page
                assert not response.headers["content-type"].startswith("text/html")
    assert 422 in statuses  # the long one is refused, with its value quoted escaped


def test_a_script_in_the_path_is_escaped(client: httpx.Client) -> None:
    for url in ("/articles/" + payload("path"), "/nowhere/" + payload("path")):
        response = client.get(url)
        assert response.status_code in (404, 422)
        assert_escaped(response.text, url)


def test_pages_forbid_scripts_by_policy(client: httpx.Client) -> None:
    for url in ("/", f"/articles/{HOSTILE_ID}", "/partners"):
        policy = client.get(url).headers["content-security-policy"]
        assert "default-src 'none'" in policy and "script-src" not in policy.replace(
            "script-src 'none'", ""
        )


def test_no_script_runs_in_a_real_browser(base: str) -> None:
    from tests.test_web_browser import open_browser

    hostile_query = {
        name: short_payload(f"param-{name}")
        for name in ("q", "author", "translator", "photographer", "person", "partner", "country")
    }
    with open_browser(base) as page:
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(f"/articles/{HOSTILE_ID}")
        assert page.evaluate("typeof window.__xss") == "undefined"
        assert page.locator("#title").inner_text() == HOSTILE_FIELDS["title"]
        page.goto("/?" + str(httpx.QueryParams(hostile_query)))
        assert page.evaluate("typeof window.__xss") == "undefined"
        # the form gives the reader's words back as they typed them
        assert page.locator("input[name=q]").input_value() == hostile_query["q"]
        for url in ("/partners", "/?q=nanjing", "/?q=evil"):
            page.goto(url)
            assert page.evaluate("typeof window.__xss") == "undefined", url
        # links the page builds from hostile values lead nowhere dangerous when followed
        for href in page.locator("a").evaluate_all("links => links.map(a => a.href)"):
            assert not href.lower().startswith("javascript:"), href
        assert dialogs == []
