"""The synthetic archive of the benchmarks is an archive like a crawled one: the normal
export, search and history code read back exactly the records it cloned."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from archive.export import export_to_path
from archive.records import RecordFilter
from archive.search import count_matches, search
from archive.storage import Archive
from bench.synthetic_archive import (
    FIRST_SITE_ID,
    SECOND_REVISION_EVERY,
    build_synthetic_archive,
    synthetic_records,
)

N = 25


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('synthetic') / 'archive.sqlite3'}"
    build_synthetic_archive(url, N)
    return url


def test_export_gives_the_cloned_records(synthetic: str) -> None:
    expected = {r.url: r for r in synthetic_records(N)}
    with Archive.open(synthetic) as archive:
        exported = list(archive.iter_current_records())
    assert len(exported) == N
    assert [r["published"] for r in exported] == sorted(r["published"] for r in exported)
    for record in exported:
        clone = expected[record["url"]]
        assert record["title"] == clone.title
        assert record["body"] == clone.body
        assert record["published"] == clone.published.isoformat()
        assert record["authors"] == [{"name": a.name, "role": a.role} for a in clone.authors]
        assert record["translators"] == list(clone.translators)
        assert [p["name"] for p in record["partners"]] == [p.name for p in clone.partners]
        assert record["countries"] == list(clone.countries)
        assert record["article_id"] == clone.site_article_id
        index = clone.site_article_id - FIRST_SITE_ID + 1
        assert record["revision"] == (2 if index % SECOND_REVISION_EVERY == 0 else 1)
    years = {dt.date.fromisoformat(r["published"]).year for r in exported}
    assert min(years) >= 2015 and max(years) <= 2026 and len(years) > 3


def test_tables_search_and_history_are_those_of_a_crawl(synthetic: str) -> None:
    clones = list(synthetic_records(N))
    with Archive.open(synthetic) as archive:
        counts = archive.counts()
        assert counts["articles"] == N
        assert counts["revisions"] == counts["captures"] == N + N // SECOND_REVISION_EVERY
        assert counts["people"] > 0 and counts["organisations"] > 0
        tenth = clones[SECOND_REVISION_EVERY - 1]
        history = archive.get_article(tenth.url)
        assert history is not None
        assert [r["number"] for r in history["revisions"]] == [1, 2]
        assert history["revisions"][1]["title"] == tenth.title
        hits = search(archive, str(tenth.site_article_id))
        assert [h.url for h in hits] == [tenth.url]
        assert count_matches(archive, "university") > 0
        author = clones[0].authors[0].name
        selected = list(archive.iter_current_records(RecordFilter(author=author)))
        assert clones[0].url in {r["url"] for r in selected}
        assert all(author in {a["name"] for a in r["authors"]} for r in selected)
        body = archive.capture_body(1)
        assert b"<html" in body.lower() and len(body) > 10_000


def test_same_seed_same_archive_and_no_reuse(synthetic: str, tmp_path: Path) -> None:
    again = f"sqlite:///{tmp_path / 'again.sqlite3'}"
    build_synthetic_archive(again, N)
    with Archive.open(synthetic) as first, Archive.open(again) as second:
        export_to_path(first, "jsonl", tmp_path / "first.jsonl")
        export_to_path(second, "jsonl", tmp_path / "second.jsonl")
    assert (tmp_path / "first.jsonl").read_bytes() == (tmp_path / "second.jsonl").read_bytes()
    with pytest.raises(ValueError, match="not empty"):
        build_synthetic_archive(again, 1)
