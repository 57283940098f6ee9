"""Shared fixtures. Archive tests use real SQLite files in ``tmp_path``, never mocks."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, NoReturn

import pytest

from pipeline.record import ArticleRecord, Extraction, Person

if TYPE_CHECKING:  # imported in the fixtures, so other suites do not load the archive
    from archive.storage import Archive

ARTICLE_URL = "https://eng.bsmu.by/allarticles/rubric2/article{id}/"
FETCHED_AT = dt.datetime(2024, 3, 1, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def archive_url(tmp_path: Any) -> str:
    """A SQLite URL for a fresh archive file in the test's temporary directory."""
    return f"sqlite:///{tmp_path / 'archive.sqlite3'}"


@pytest.fixture
def archive(archive_url: str) -> Iterator[Archive]:
    from archive.storage import Archive

    with Archive.open(archive_url) as opened:
        yield opened


def make_record(article_id: int = 641, **fields: Any) -> ArticleRecord:
    """An ArticleRecord with plausible defaults; ``fields`` override any of them."""
    values: dict[str, Any] = {
        "url": ARTICLE_URL.format(id=article_id),
        "title": f"Article {article_id}",
        "announcement": "An announcement.",
        "published": dt.date(2024, 2, 29),
        "body": "First paragraph.\n\nSecond paragraph.",
        "authors": (Person("Yelena Ivanova", "BSMU spokesperson"),),
        "translators": ("Olga Petrova",),
        "site_article_id": article_id,
        "rubric": 2,
        "extractor_version": "test-1",
    }
    values.update(fields)
    return ArticleRecord(**values)


@pytest.fixture
def store_article(archive: Archive) -> Callable[..., tuple[int, str]]:
    """Store a fetched page and its ok extraction; returns (capture id, outcome)."""

    def store(record: ArticleRecord, **options: Any) -> tuple[int, str]:
        return store_record(archive, record, **options)

    return store


def store_record(
    archive: Archive,
    record: ArticleRecord,
    *,
    body: bytes | None = None,
    fetched_at: dt.datetime = FETCHED_AT,
    run_id: int | None = None,
) -> tuple[int, str]:
    """What ``store_article`` does, for fixtures of a wider scope than one test."""
    from archive.fetched import FetchedPage

    html = body if body is not None else f"<html>{record.title}|{record.body}</html>".encode()
    ref = archive.store_capture(FetchedPage(record.url, 200, html, fetched_at), run_id)
    extraction = Extraction(
        "ok", "article", record.url, record, extractor_version=record.extractor_version
    )
    return ref.capture_id, archive.store_extraction(ref.capture_id, extraction)


@pytest.fixture(scope="session")
def replica_sites() -> dict[str, Any]:
    """Both markup variants of the default replica, built once per test session."""
    from replica import build_site

    return {variant: build_site(variant=variant) for variant in ("modern", "legacy")}


SERVICE_EXAMPLES = {
    "BSMU_TEST_POSTGRES_URL": "postgresql+psycopg://127.0.0.1:5432/test",
    "BSMU_TEST_REDIS_URL": "redis://127.0.0.1:6379/0",
}


def service_url(variable: str, service: str) -> str:
    """The URL of a service a test needs, from the environment.

    Without it the test is skipped with the reason, except under CI (``CI=true``, as
    ``.ci/run`` sets), where a missing service is a failure: CI must never pass by
    skipping what it was meant to check.
    """
    url = os.environ.get(variable)
    if url:
        return url
    skip_unless_ci(f"{service} tests need {variable} (e.g. {SERVICE_EXAMPLES.get(variable, 'a URL')})", "it is")


def skip_unless_ci(reason: str, required: str) -> NoReturn:
    """Skip the test for ``reason``, except under CI (``CI=true``), where it fails:
    ``required`` says what CI requires ("it is", "browser tests are")."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}; {required} required under CI")
    pytest.skip(reason)


@pytest.fixture
def postgres_archive_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    base = make_url(service_url("BSMU_TEST_POSTGRES_URL", "PostgreSQL"))
    name = f"bsmu_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # the server named by the variable is not reachable
        admin.dispose()
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"PostgreSQL at {base.render_as_string(hide_password=True)} unusable: {exc}")
        pytest.skip(f"PostgreSQL at {base.render_as_string(hide_password=True)} unusable: {exc}")
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_archive_url(request: pytest.FixtureRequest, tmp_path: Any) -> str:
    """A fresh, empty archive URL on each backend: SQLite in ``tmp_path``, then PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'archive.sqlite3'}"
    return str(request.getfixturevalue("postgres_archive_url"))
