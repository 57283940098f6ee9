"""Storage: raw first, idempotent writes, revisions kept, the search index in step."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import CheckConstraint, inspect, select, text

from archive.db import DEFAULT_DB_URL, resolve_db_url, writer
from archive.errors import ArchiveUnavailable, SchemaOutOfDate
from archive.fetched import FetchedPage
from archive.models import Base, Capture, Credit, Person, Revision
from archive.schema import alembic_config, current_revision, head_revision, include_object
from archive.search import search
from archive.storage import Archive
from pipeline.record import Extraction
from pipeline.record import Person as RecordPerson
from tests.conftest import ARTICLE_URL, FETCHED_AT, make_record

URL = ARTICLE_URL.format(id=641)


@pytest.fixture
def archive_url(any_archive_url: str) -> str:
    """Every storage test runs on SQLite and on PostgreSQL (see conftest)."""
    return any_archive_url


def sqlite_only(archive_url: str, why: str) -> None:
    if not archive_url.startswith("sqlite"):
        pytest.skip(f"SQLite only: {why}")


def page(
    body: bytes = b"<html>one</html>", *, url: str = URL, status: int = 200, **kw: Any
) -> FetchedPage:
    return FetchedPage(url=url, status=status, body=body, fetched_at=kw.pop("at", FETCHED_AT), **kw)


# -- schema and connection ------------------------------------------------------------------


def test_new_database_is_created_at_head_and_matches_the_models(archive: Archive) -> None:
    assert current_revision(archive.engine) == head_revision()
    with archive.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_object": include_object, "compare_type": True}
        )
        assert compare_metadata(context, Base.metadata) == []
    if archive.engine.dialect.name != "sqlite":
        return
    with archive.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 30_000


def test_constraint_names_are_the_models_names(archive: Archive) -> None:
    """Migrations and models name constraints alike, so later migrations can drop them."""
    inspector = inspect(archive.engine)
    for table in Base.metadata.sorted_tables:
        expected = {c.name for c in table.constraints if isinstance(c, CheckConstraint)}
        assert {c["name"] for c in inspector.get_check_constraints(table.name)} == expected


def test_downgrade_to_base_removes_everything(archive: Archive, store_article: Any) -> None:
    store_article(make_record())
    command.downgrade(alembic_config(writer(archive.engine)), "base")
    assert inspect(archive.engine).get_table_names() == ["alembic_version"]


def test_reopening_at_head_is_a_no_op(archive_url: str) -> None:
    Archive.open(archive_url).close()
    with Archive.open(archive_url) as again:
        assert again.counts()["articles"] == 0


def test_database_behind_head_asks_for_upgrade(archive_url: str) -> None:
    Archive.open(archive_url).close()
    with Archive.open(archive_url) as opened, opened.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = 'ffff'")
    with pytest.raises(SchemaOutOfDate, match="does not know"):
        Archive.open(archive_url)


def test_unreachable_database_is_one_line_error(tmp_path: Any) -> None:
    with pytest.raises(ArchiveUnavailable) as caught:
        Archive.open(f"sqlite:///{tmp_path}/missing/dir/archive.sqlite3")
    assert "\n" not in str(caught.value) and "does not exist" in str(caught.value)
    with pytest.raises(ArchiveUnavailable, match="invalid database URL"):
        Archive.open("not a url")


def test_db_url_resolution(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BSMU_ARCHIVE_DB", raising=False)
    assert resolve_db_url(None) == DEFAULT_DB_URL
    monkeypatch.setenv("BSMU_ARCHIVE_DB", "sqlite:///env.sqlite3")
    assert resolve_db_url(None) == "sqlite:///env.sqlite3"
    assert resolve_db_url("sqlite:///cli.sqlite3") == "sqlite:///cli.sqlite3"


def test_default_database_folder_is_created(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BSMU_ARCHIVE_DB", raising=False)
    with Archive.open() as opened:
        assert opened.counts()["captures"] == 0
    assert (tmp_path / "data" / "archive.sqlite3").is_file()


# -- captures -------------------------------------------------------------------------------


def test_storing_the_same_page_twice_adds_no_rows(archive: Archive) -> None:
    first = archive.store_capture(page(headers={"etag": '"v1"'}), None)
    before = archive.counts()
    later = FETCHED_AT + dt.timedelta(days=1)
    again = archive.store_capture(page(at=later, headers={"etag": '"v2"'}), None)
    assert archive.counts() == before
    assert (first.is_new, again.is_new) == (True, False)
    assert again.capture_id == first.capture_id
    info = archive.latest_capture_for(URL)
    assert info is not None
    assert (info.fetch_count, info.last_fetched_at, info.fetched_at) == (2, later, FETCHED_AT)
    assert info.etag == '"v2"'


def test_identical_bodies_are_stored_once(archive: Archive) -> None:
    archive.store_capture(page(b"same"), None)
    archive.store_capture(page(b"same", url=ARTICLE_URL.format(id=7)), None)
    counts = archive.counts()
    assert (counts["captures"], counts["bodies"]) == (2, 1)


def test_changed_body_is_a_new_capture_and_old_bytes_stay(archive: Archive) -> None:
    one = archive.store_capture(page(b"<p>one</p>" * 50), None)
    two = archive.store_capture(page(b"<p>two</p>", at=FETCHED_AT + dt.timedelta(hours=1)), None)
    assert two.is_new and two.capture_id != one.capture_id
    assert archive.capture_body(one.capture_id) == b"<p>one</p>" * 50
    assert archive.capture_body(two.capture_id) == b"<p>two</p>"
    assert archive.latest_capture_for(URL).capture_id == two.capture_id  # type: ignore[union-attr]


def test_needs_extraction_follows_the_extractor_version(archive: Archive) -> None:
    ref = archive.store_capture(page(), None, extractor_version="v1")
    assert ref.needs_extraction
    archive.store_extraction(
        ref.capture_id, Extraction("not_article", "static", URL, extractor_version="v1")
    )
    assert not archive.store_capture(page(), None, extractor_version="v1").needs_extraction
    assert archive.store_capture(page(), None, extractor_version="v2").needs_extraction


def test_not_modified_refreshes_the_latest_capture(archive: Archive) -> None:
    first = archive.store_capture(page(), None)
    later = FETCHED_AT + dt.timedelta(days=2)
    ref = archive.store_capture(page(b"", status=304, at=later), None)
    assert (ref.capture_id, ref.is_new) == (first.capture_id, False)
    assert archive.counts()["captures"] == 1
    assert archive.capture(first.capture_id).last_fetched_at == later


def test_canonical_url_and_requested_url_are_recorded(archive: Archive) -> None:
    variant = "https://eng.bsmu.by/allarticles/rubric2/page16/article641/"
    ref = archive.store_capture(page(url=variant, requested_url="http://eng.bsmu.by/x"), None)
    info = archive.capture(ref.capture_id)
    assert info.canonical_url == URL and info.requested_url == "http://eng.bsmu.by/x"
    assert archive.latest_capture_for("http://eng.bsmu.by/x").capture_id == ref.capture_id  # type: ignore[union-attr]
    assert archive.latest_capture_for(URL).capture_id == ref.capture_id  # type: ignore[union-attr]


def test_naive_fetch_time_is_refused(archive: Archive) -> None:
    with pytest.raises(ValueError, match="timezone"):
        archive.store_capture(page(at=dt.datetime(2024, 1, 1)), None)


# -- extraction -----------------------------------------------------------------------------


def test_failed_extraction_keeps_the_raw_capture_with_its_reason(archive: Archive) -> None:
    ref = archive.store_capture(page(b"<html><p>no date here</p></html>"), None)
    failure = Extraction(
        "failed", "article", URL, failure="no_date", message="no date line", extractor_version="v1"
    )
    assert archive.store_extraction(ref.capture_id, failure) == "failed"
    info = archive.capture(ref.capture_id)
    assert (info.extraction_status, info.extractor_version) == ("failed", "v1")
    with archive.session() as session:
        capture = session.get(Capture, ref.capture_id)
        assert capture is not None
        assert (capture.failure_reason, capture.failure_message) == ("no_date", "no date line")
    assert archive.capture_body(ref.capture_id) == b"<html><p>no date here</p></html>"
    assert archive.counts()["articles"] == 0


def test_same_content_twice_is_unchanged(archive: Archive, store_article: Any) -> None:
    record = make_record()
    assert store_article(record)[1] == "new"
    assert store_article(record)[1] == "unchanged"
    # A new extractor that reads the same facts makes no revision either.
    assert store_article(make_record(extractor_version="test-2"))[1] == "unchanged"
    assert archive.counts()["revisions"] == 1


def test_changed_content_is_revision_two_and_the_old_is_kept(
    archive: Archive, store_article: Any
) -> None:
    store_article(make_record(title="Old title"))
    later = FETCHED_AT + dt.timedelta(days=3)
    _, outcome = store_article(make_record(title="New title"), fetched_at=later)
    assert outcome == "changed"
    article = archive.get_article("https://eng.bsmu.by/allarticles/rubric2/page16/article641/")
    assert article is not None
    assert article["title"] == "New title" and article["revision"] == 2
    assert [r["title"] for r in article["revisions"]] == ["Old title", "New title"]
    assert (article["first_seen_at"], article["last_seen_at"]) == (
        "2024-03-01T08:00:00Z",
        "2024-03-04T08:00:00Z",
    )
    assert archive.counts()["articles"] == 1


def test_search_index_follows_the_current_revision(archive: Archive, store_article: Any) -> None:
    store_article(make_record(body="The anatomy lecture was held."))
    assert [h.url for h in search(archive, "anatomy")] == [URL]
    store_article(
        make_record(body="The physiology lecture was held."),
        fetched_at=FETCHED_AT + dt.timedelta(days=1),
    )
    assert search(archive, "anatomy") == []
    assert [h.url for h in search(archive, "physiology")] == [URL]
    with archive.session() as session:
        assert session.execute(text("SELECT count(*) FROM article_search")).scalar() == 1


def test_people_are_upserted_and_credits_kept_in_order(
    archive: Archive, store_article: Any
) -> None:
    authors = (RecordPerson("Yelena Ivanova", "BSMU spokesperson"), RecordPerson("Ivan  Sidorov"))
    store_article(make_record(641, authors=authors, photographers=("Anna Kim",)))
    store_article(make_record(642, authors=authors[:1], translators=("Olga Petrova",)))
    with archive.session() as session:
        names = session.scalars(select(Person.name).order_by(Person.name)).all()
        assert names == ["Anna Kim", "Ivan Sidorov", "Olga Petrova", "Yelena Ivanova"]
        assert (
            session.scalar(select(Person.name_key).where(Person.name == "Yelena Ivanova"))
            == "yelena ivanova"
        )
        credits = session.execute(
            select(Credit.role, Credit.ordinal, Person.name, Credit.position)
            .join(Person)
            .join(Revision)
            .where(Revision.number == 1, Revision.title == "Article 641")
            .order_by(Credit.role, Credit.ordinal)
        ).all()
    assert [tuple(c) for c in credits] == [
        ("author", 1, "Yelena Ivanova", "BSMU spokesperson"),
        ("author", 2, "Ivan Sidorov", None),
        ("photographer", 1, "Anna Kim", None),
        ("translator", 1, "Olga Petrova", None),
    ]


def test_gone_article_is_marked_and_comes_back(archive: Archive, store_article: Any) -> None:
    store_article(make_record())
    gone_at = FETCHED_AT + dt.timedelta(days=5)
    ref = archive.store_capture(page(b"not found", status=404, at=gone_at), None)
    assert ref.gone
    assert archive.get_article(URL)["gone_at"] == "2024-03-06T08:00:00Z"  # type: ignore[index]
    store_article(
        make_record(), fetched_at=gone_at + dt.timedelta(days=1), body=b"<html>back</html>"
    )
    assert archive.get_article(URL)["gone_at"] is None  # type: ignore[index]


def test_ok_extraction_without_a_record_is_a_failure(archive: Archive) -> None:
    ref = archive.store_capture(page(), None)
    assert archive.store_extraction(ref.capture_id, Extraction("ok", "article", URL)) == "failed"
    assert archive.capture(ref.capture_id).extraction_status == "failed"


def test_unknown_capture_raises(archive: Archive) -> None:
    with pytest.raises(KeyError):
        archive.store_extraction(999, Extraction("not_article", "other", URL))


# -- runs -----------------------------------------------------------------------------------


def test_run_rows_record_start_counts_and_stats(archive: Archive) -> None:
    run_id = archive.start_run(
        ["https://eng.bsmu.by/allarticles/rubric2/"], {"DOWNLOAD_DELAY": 1.0}, log_path="crawl.log"
    )
    ref = archive.store_capture(page(), run_id)
    assert archive.capture(ref.capture_id).capture_id == ref.capture_id
    assert archive.runs()[0].status == "running"
    stats = {"start_time": dt.datetime(2024, 3, 1, tzinfo=dt.UTC), "downloader/request_count": 3}
    archive.finish_run(
        run_id, "ok", {"requests": 3, "new": 1, "not_article": 2}, stats, message="fine"
    )
    run = archive.runs(1)[0]
    assert (run.id, run.status, run.requests, run.new, run.not_articles) == (run_id, "ok", 3, 1, 2)
    assert run.finished_at is not None and run.message == "fine" and run.log_path == "crawl.log"
    with pytest.raises(ValueError, match="unknown run counters"):
        archive.finish_run(run_id, "ok", {"bogus": 1}, {})
    with pytest.raises(ValueError, match="run status"):
        archive.finish_run(run_id, "great", {}, {})


def test_refetch_moves_the_capture_to_the_new_run(archive: Archive) -> None:
    first_run = archive.start_run([], {})
    ref = archive.store_capture(page(), first_run)
    second_run = archive.start_run([], {})
    archive.store_capture(page(at=FETCHED_AT + dt.timedelta(days=1)), second_run)
    with archive.session() as session:
        assert session.get(Capture, ref.capture_id).run_id == second_run  # type: ignore[union-attr]


# -- concurrency ----------------------------------------------------------------------------


def test_two_writers_on_one_file_both_succeed(archive_url: str) -> None:
    """Concurrent writers wait for each other, never fail: SQLite's write transactions take
    the lock at BEGIN; on PostgreSQL the article row is locked while a revision is added."""
    Archive.open(archive_url).close()
    errors: list[BaseException] = []

    def write(worker: int) -> None:
        try:
            with Archive.open(archive_url) as mine:
                for i in range(40):
                    ref = mine.store_capture(
                        page(f"{worker}-{i}".encode(), url=ARTICLE_URL.format(id=i)), None
                    )
                    record = make_record(i, title=f"Worker {worker} take {i}")
                    mine.store_extraction(
                        ref.capture_id, Extraction("ok", "article", record.url, record)
                    )
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with Archive.open(archive_url) as opened:
        counts = opened.counts()
    assert counts["articles"] == 40 and counts["captures"] == 120
