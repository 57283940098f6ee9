"""The web app over HTTP: a real uvicorn server on 127.0.0.1 over a real SQLite archive.

Every JSON endpoint, the downloads, the raw capture view, escaping in the HTML pages, bad
parameters (422 with a message, never a 500), read-only-ness, and ``bsmu-archive serve``
itself as a process.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from archive.export import export_records
from archive.records import RecordFilter
from archive.storage import Archive
from archive.web.server import running_in_thread
from tests.press_corpus import (
    ARTICLES,
    KOLYAGO,
    REVISED_ID,
    REVISED_TITLE,
    XSS_TITLE,
    build_press_archive,
)

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def press_archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    path = tmp_path_factory.mktemp("web") / "archive.sqlite3"
    with Archive.open(f"sqlite:///{path}") as archive:
        build_press_archive(archive)
        yield archive


@pytest.fixture(scope="module")
def client(press_archive: Archive) -> Iterator[httpx.Client]:
    with running_in_thread(press_archive) as base, httpx.Client(base_url=base, timeout=30) as c:
        yield c


def site_ids(payload: dict[str, Any]) -> list[int]:
    return [item["record"]["article_id"] for item in payload["results"]]


# -- /api/articles ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"q": "nanjing", "sort": "date"}, [706, 701, 705]),
        ({"q": "nanjing", "year": "2022"}, [701]),
        ({"country": "Uzbekistan", "year": "2022"}, [702]),
        ({"translator": "Kolyago", "sort": "date"}, [702, 701, 705]),
        ({"photographer": "Zhuk"}, [706, 701]),
        ({"person": "Rubnikovich"}, [701]),
        ({"author": "Sidorova"}, [703]),
        ({"partner": "Samarkand"}, [703]),
        ({"from": "2022-01-01", "to": "2022-12-31"}, [702, 701]),
        ({"rubric": "3"}, [703]),
        ({"language": "ru"}, [704]),
        ({"q": "", "year": "", "from": "", "country": ""}, [706, 703, 702, 701, 704, 705]),
    ],
)
def test_search_with_filters(
    client: httpx.Client, params: dict[str, str], expected: list[int]
) -> None:
    response = client.get("/api/articles", params=params)
    assert response.status_code == 200, response.text
    payload = response.json()
    assert site_ids(payload) == expected
    assert payload["total"] == len(expected)


def test_search_results_carry_the_record_shape_score_and_escaped_snippet(
    client: httpx.Client,
) -> None:
    payload = client.get("/api/articles", params={"q": "students nanjing"}).json()
    assert payload["sort"] == "relevance"
    (item,) = payload["results"]
    record = item["record"]
    assert list(record) == [
        "url", "title", "announcement", "published", "authors", "translators",
        "photographers", "partners", "people", "countries", "body", "language",
        "fetched_at", "article_id", "rubric", "revision", "extractor_version",
    ]  # fmt: skip
    assert record["title"] == XSS_TITLE  # the API gives the text as it is, unescaped
    snippet = item["snippet_html"]
    assert "<mark>" in snippet and "<script>" not in snippet and "&lt;" in snippet
    assert item["links"] == {"api": "/api/articles/705", "page": "/articles/705"}
    assert isinstance(item["score"], float)
    assert payload["facets"] is None


def test_search_pages(client: httpx.Client) -> None:
    first = client.get("/api/articles", params={"per_page": 4}).json()
    second = client.get("/api/articles", params={"per_page": 4, "page": 2}).json()
    beyond = client.get("/api/articles", params={"per_page": 4, "page": 3}).json()
    assert (first["total"], first["pages"], first["page"]) == (len(ARTICLES), 2, 1)
    assert site_ids(first) + site_ids(second) == [706, 703, 702, 701, 704, 705]
    assert beyond["results"] == []


def test_search_with_facets_and_the_facets_endpoint(client: httpx.Client) -> None:
    payload = client.get("/api/articles", params={"q": "nanjing", "facets": "true"}).json()
    facets = client.get("/api/facets", params={"q": "nanjing"}).json()
    assert facets["facets"] == payload["facets"]
    assert facets["total"] == 3
    assert facets["facets"]["partner"] == [{"value": "Nanjing Medical University", "count": 3}]
    assert facets["facets"]["translator"] == [
        {"value": KOLYAGO, "count": 2},
        {"value": "Olga Petrova", "count": 1},
    ]
    assert [y["value"] for y in facets["facets"]["year"]] == ["2023", "2022", "2020"]


# -- /api/articles/{id} --------------------------------------------------------------------


def test_article_has_every_field_and_its_revisions(client: httpx.Client) -> None:
    article = client.get(f"/api/articles/{REVISED_ID}").json()
    assert article["title"] == REVISED_TITLE
    assert article["revision"] == 2
    assert article["partners"][0]["name"] == "Nanjing Medical University"
    assert article["photographers"] == ["Pavel Zhuk"]
    for field in ("first_seen_at", "last_seen_at", "gone_at", "fetched_at", "extractor_version"):
        assert field in article
    first, second = article["revisions"]
    assert first["number"] == 1 and first["title"] == ARTICLES[REVISED_ID]["title"]
    assert second["changed"] == ["title", "body"]
    assert any(line.startswith("+") and "exam" in line for line in second["diffs"]["body"])
    assert second["fetched_at"] == "2024-06-01T09:30:00Z"
    assert second["raw_url"] == f"/articles/{REVISED_ID}/captures/{second['capture_id']}/raw"


def test_unknown_article_is_404_with_a_message(client: httpx.Client) -> None:
    response = client.get("/api/articles/999999")
    assert response.status_code == 404
    assert response.json() == {"message": "no article 999999 in the archive"}
    assert client.get("/articles/999999").status_code == 404


# -- /api/partners -----------------------------------------------------------------------------


def test_partners_with_counts_and_mentions_per_year(client: httpx.Client) -> None:
    payload = client.get("/api/partners").json()
    by_name = {p["name"]: p for p in payload["partners"]}
    nanjing = by_name["Nanjing Medical University"]
    assert (nanjing["articles"], nanjing["country"]) == (3, "China")
    assert nanjing["per_year"] == {"2020": 1, "2022": 1, "2023": 1}
    assert (nanjing["first"], nanjing["last"]) == ("2020-11-02", "2023-07-03")
    assert payload["mentions_per_year"] == {"2020": 1, "2021": 0, "2022": 2, "2023": 2}
    uzbek = client.get("/api/partners", params={"country": "uzbekistan"}).json()
    assert sorted(p["name"] for p in uzbek["partners"]) == [
        "Samarkand State Medical University",
        "Tashkent Medical Academy",
    ]


# -- downloads ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_download_is_the_export_of_the_same_filter(
    client: httpx.Client, press_archive: Archive, fmt: str
) -> None:
    response = client.get(f"/download/articles.{fmt}", params={"q": "nanjing", "page": "2"})
    assert response.status_code == 200
    assert f'filename="bsmu-articles.{fmt}"' in response.headers["content-disposition"]
    expected = io.StringIO(newline="")
    export_records(press_archive, fmt, expected, RecordFilter(query="nanjing"))  # type: ignore[arg-type]
    assert response.content == expected.getvalue().encode("utf-8")
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(response.text, newline="")))
        assert sorted(int(r["article_id"]) for r in rows) == [701, 705, 706]
    else:
        records = [json.loads(line) for line in response.text.splitlines()]
        assert sorted(r["article_id"] for r in records) == [701, 705, 706]


# -- raw captures --------------------------------------------------------------------------


def test_raw_capture_is_plain_text_in_a_sandbox(
    client: httpx.Client, press_archive: Archive
) -> None:
    article = client.get("/api/articles/705").json()
    raw_url = article["revisions"][0]["raw_url"]
    response = client.get(raw_url)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    assert "sandbox" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    capture_id = article["revisions"][0]["capture_id"]
    assert response.content == press_archive.capture_body(capture_id)
    assert b"<script>" in response.content  # served as it was fetched, as text
    # A capture of another article is not reachable under this one.
    other = client.get("/api/articles/701").json()["revisions"][0]["capture_id"]
    assert client.get(f"/articles/705/captures/{other}/raw").status_code == 404


# -- HTML pages: escaping and the no-JavaScript flow ------------------------------------------


def test_pages_escape_what_they_show(client: httpx.Client) -> None:
    for url in ("/articles/705", "/?q=exchange", "/?q=students+nanjing"):
        html = client.get(url).text
        assert "<script>window" not in html and "onerror=" not in html.replace("onerror=&#34;", "")
        assert "&lt;script&gt;window.__xss" in html
    search_page = client.get("/", params={"author": '"><script>alert(1)</script>'}).text
    assert "<script>alert(1)" not in search_page
    assert "&lt;script&gt;alert(1)" in search_page


def test_search_page_has_results_facets_and_download_links(client: httpx.Client) -> None:
    response = client.get("/", params={"q": "nanjing", "year": "2022"})
    assert response.status_code == 200
    html = response.text
    assert 'href="/articles/701"' in html and 'href="/articles/706"' not in html
    assert 'href="/download/articles.csv?q=nanjing&amp;year=2022"' in html
    assert 'href="/?q=nanjing&amp;year=2022&amp;country=China"' in html  # a facet link
    assert "default-src 'none'" in response.headers["content-security-policy"]


def test_partners_page_draws_the_timeline(client: httpx.Client) -> None:
    html = client.get("/partners").text
    assert 'id="timeline"' in html and html.count("<rect") >= 4
    assert "Nanjing Medical University" in html


# -- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url, parameter",
    [
        ("/api/articles?year=abc", "year"),
        ("/api/articles?year=1800", "year"),
        ("/api/articles?from=2022-02-30", "from"),
        ("/api/articles?from=yesterday", "from"),
        ("/api/articles?from=2023-01-01&to=2022-01-01", "from"),
        ("/api/articles?sort=popularity", "sort"),
        ("/api/articles?page=0", "page"),
        ("/api/articles?per_page=1000", "per_page"),
        ("/api/articles?rubric=-1", "rubric"),
        ("/api/articles?language=english", "language"),
        ("/api/articles?facets=maybe", "facets"),
        ("/api/articles?q=" + "x" * 300, "q"),
        ("/api/facets?year=x", "year"),
        ("/api/articles/abc", "site_id"),
        ("/api/articles/0", "site_id"),
        ("/api/partners?unknown=perhaps", "unknown"),
        ("/download/articles.xml", "fmt"),
        ("/download/articles.csv?to=2020-13-01", "to"),
    ],
)
def test_bad_parameters_are_422_with_a_clear_message(
    client: httpx.Client, url: str, parameter: str
) -> None:
    response = client.get(url)
    assert response.status_code == 422, response.text
    payload = response.json()
    assert payload["message"].startswith(f"{parameter}: ")
    assert payload["detail"]


@pytest.mark.parametrize("url", ["/?year=abc", "/?from=2023-01-01&to=2022-01-01", "/?sort=x"])
def test_bad_parameters_on_pages_are_an_html_422(client: httpx.Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("text/html")
    assert "Invalid search" in response.text


@pytest.mark.parametrize(
    "q", ['"', "AND (", "NEAR(a b)", "title:x", "x' OR 1=1 --", "*", "-", "😀", "\\", "{}"]
)
def test_hostile_queries_never_fail(client: httpx.Client, q: str) -> None:
    for url in ("/api/articles", "/", "/api/facets", "/download/articles.csv"):
        assert client.get(url, params={"q": q}).status_code == 200


def test_read_only(client: httpx.Client) -> None:
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        assert client.request(method, "/api/articles").status_code == 405
        assert client.request(method, "/").status_code == 405


def test_openapi_document_lists_the_api(client: httpx.Client) -> None:
    spec = client.get("/api/openapi.json").json()
    for path in (
        "/api/articles",
        "/api/articles/{site_id}",
        "/api/facets",
        "/api/partners",
        "/download/articles.{fmt}",
    ):
        assert "get" in spec["paths"][path]
    names = {p["name"] for p in spec["paths"]["/api/articles"]["get"]["parameters"]}
    assert {"q", "from", "to", "year", "author", "translator", "photographer", "person",
            "partner", "country", "rubric", "language", "sort", "page", "per_page",
            "facets"} <= names  # fmt: skip
    assert "/" not in spec["paths"]  # pages are not API


# -- the command ---------------------------------------------------------------------------------


def _cli_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "BSMU_ARCHIVE_DB"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return env


def test_serve_command_listens_on_localhost(press_archive: Archive, tmp_path: Path) -> None:
    url = press_archive.engine.url.render_as_string(hide_password=False)
    process = subprocess.Popen(
        [sys.executable, "-m", "archive.cli", "--db", url, "serve", "--port", "0"],
        cwd=tmp_path,
        env=_cli_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("serving ") and " at http://127.0.0.1:" in line, line
        base = line.rsplit(" at ", 1)[1].strip().rstrip("/")
        response = httpx.get(base + "/api/articles", params={"q": "nanjing"}, timeout=30)
        assert response.status_code == 200 and response.json()["total"] == 3
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.mark.parametrize(
    "args, fragment",
    [(["--port", "70000"], "--port"), (["--port", "x"], "--port"), (["--host", "256.1.1.1"], "cannot listen")],
)
def test_serve_bad_arguments_are_one_line_and_exit_2(
    tmp_path: Path, args: list[str], fragment: str
) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "archive.cli", "--db", f"sqlite:///{tmp_path / 'a.sqlite3'}",
         "serve", *args],
        cwd=tmp_path, env=_cli_env(), capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and fragment in lines[0], result.stderr
