"""Export: JSON Lines and CSV read back with the standard library; filters; determinism."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest

from archive.export import LIST_DELIMITER, export_records, export_to_path
from archive.records import RECORD_FIELDS, RecordFilter
from archive.storage import Archive
from pipeline.record import Person
from tests.conftest import ARTICLE_URL, FETCHED_AT, make_record


@pytest.fixture
def archive_url(any_archive_url: str) -> str:
    """These tests run on SQLite and on PostgreSQL (see conftest)."""
    return any_archive_url


@pytest.fixture
def filled(archive: Archive, store_article: Any) -> Archive:
    store_article(
        make_record(
            10,
            title="Ярмарка вакансий — job fair",
            published=dt.date(2023, 5, 2),
            body="Graduates met employers.\n\nThe fair was busy.",
            authors=(Person("Yelena Ivanova", "BSMU spokesperson"), Person("Ivan Sidorov")),
            translators=("Olga Petrova",),
            photographers=("Anna Kim", "Pavel Zhuk"),
        )
    )
    store_article(
        make_record(
            11,
            title="Anatomy olympiad",
            published=dt.date(2024, 1, 15),
            authors=(Person("Ivan Sidorov"),),
            translators=(),
            announcement=None,
        )
    )
    # Same date as article 10, later URL: ordered after it by URL.
    store_article(
        make_record(
            12, title="Spring ball", published=dt.date(2023, 5, 2), translators=("Maria Novik",)
        )
    )
    # Article 11 changes: the export shows revision 2 only.
    store_article(
        make_record(
            11,
            title="Anatomy olympiad results",
            published=dt.date(2024, 1, 15),
            authors=(Person("Ivan Sidorov"),),
            translators=(),
        ),
        fetched_at=FETCHED_AT + dt.timedelta(days=1),
    )
    return archive


def export_text(archive: Archive, fmt: Any, **filters: Any) -> str:
    out = io.StringIO(newline="")
    export_records(archive, fmt, out, RecordFilter(**filters))
    return out.getvalue()


def jsonl(archive: Archive, **filters: Any) -> list[dict[str, Any]]:
    return [json.loads(line) for line in export_text(archive, "jsonl", **filters).splitlines()]


def test_jsonl_fields_order_and_types(filled: Archive) -> None:
    records = jsonl(filled)
    assert [r["url"] for r in records] == [ARTICLE_URL.format(id=n) for n in (10, 12, 11)]
    first = records[0]
    assert list(first) == list(RECORD_FIELDS)
    assert first["title"] == "Ярмарка вакансий — job fair"
    assert first["published"] == "2023-05-02"
    assert first["authors"] == [
        {"name": "Yelena Ivanova", "role": "BSMU spokesperson"},
        {"name": "Ivan Sidorov", "role": None},
    ]
    assert first["translators"] == ["Olga Petrova"]
    assert first["photographers"] == ["Anna Kim", "Pavel Zhuk"]
    assert first["partners"] == []
    assert first["body"] == "Graduates met employers.\n\nThe fair was busy."
    assert first["fetched_at"] == "2024-03-01T08:00:00Z"
    assert (first["article_id"], first["rubric"], first["revision"]) == (10, 2, 1)
    assert first["extractor_version"] == "test-1"
    changed = records[2]
    assert (changed["title"], changed["revision"], changed["announcement"]) == (
        "Anatomy olympiad results",
        2,
        "An announcement.",
    )
    assert changed["fetched_at"] == "2024-03-02T08:00:00Z"


def test_jsonl_keeps_non_ascii_as_utf8(filled: Archive) -> None:
    assert "Ярмарка" in export_text(filled, "jsonl")


def test_csv_reads_back_with_flattened_lists(filled: Archive) -> None:
    rows = list(csv.DictReader(io.StringIO(export_text(filled, "csv"), newline="")))
    assert len(rows) == 3
    assert list(rows[0]) == list(RECORD_FIELDS)
    first = rows[0]
    assert first["authors"] == f"Yelena Ivanova (BSMU spokesperson){LIST_DELIMITER}Ivan Sidorov"
    assert first["photographers"] == "Anna Kim | Pavel Zhuk"
    assert first["partners"] == ""
    assert first["body"] == "Graduates met employers.\n\nThe fair was busy."
    assert first["published"] == "2023-05-02" and first["revision"] == "1"
    assert rows[2]["translators"] == ""


def test_filters(filled: Archive) -> None:
    def ids(**filters: Any) -> list[int]:
        return [r["article_id"] for r in jsonl(filled, **filters)]

    assert ids(published_from=dt.date(2024, 1, 1)) == [11]
    assert ids(published_to=dt.date(2023, 12, 31)) == [10, 12]
    assert ids(author="ivanova") == [10, 12]
    assert ids(author="Sidorov") == [10, 11]
    assert ids(translator="novik") == [12]
    assert ids(query="olympiad") == [11]
    assert ids(query="employers", author="sidorov") == [10]
    assert ids(query="-olympiad") == []
    assert ids(author="100%_") == []


def test_two_exports_are_byte_identical(filled: Archive, tmp_path: Path) -> None:
    for fmt in ("jsonl", "csv"):
        first, second = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"
        assert export_to_path(filled, fmt, first) == 3
        assert export_to_path(filled, fmt, second) == 3
        assert first.read_bytes() == second.read_bytes()
        assert not list(tmp_path.glob("*.part"))


def test_empty_archive_exports_header_only(archive: Archive) -> None:
    assert export_text(archive, "jsonl") == ""
    assert export_text(archive, "csv").splitlines() == [",".join(RECORD_FIELDS)]


def test_unknown_format_is_refused(archive: Archive) -> None:
    with pytest.raises(ValueError, match="unknown export format"):
        export_records(archive, "xml", io.StringIO())  # type: ignore[arg-type]
