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


N_POSTGRES = 300
#: Words, a phrase, a prefix, an exclusion, a site article number: the same articles on both engines.
SAME_MATCHES = ("cooperation agreement", '"international relations"', "coop*", "covid-19",
                "belarus -china", "students -university", str(FIRST_SITE_ID + 123))


@pytest.mark.postgres
def test_postgres_build_is_the_sqlite_build_and_takes_normal_writes(
    postgres_archive_url: str, tmp_path: Path
) -> None:
    from archive.fetched import FetchedPage
    from pipeline.record import Extraction, NamedPerson, Partner, Person
    from tests.conftest import FETCHED_AT, make_record

    lite = f"sqlite:///{tmp_path / 'same.sqlite3'}"
    build_synthetic_archive(lite, N_POSTGRES)
    build_synthetic_archive(postgres_archive_url, N_POSTGRES)
    with Archive.open(lite) as sqlite, Archive.open(postgres_archive_url) as postgres:
        assert postgres.engine.dialect.name == "postgresql"
        counts = postgres.counts()
        assert counts == sqlite.counts()
        assert counts["articles"] == N_POSTGRES
        export_to_path(sqlite, "jsonl", tmp_path / "sqlite.jsonl")
        export_to_path(postgres, "jsonl", tmp_path / "postgres.jsonl")
        assert (tmp_path / "sqlite.jsonl").read_bytes() == (tmp_path / "postgres.jsonl").read_bytes()
        with postgres.engine.connect() as connection:
            indexed = connection.exec_driver_sql("SELECT count(*) FROM article_search").scalar()
        assert indexed == N_POSTGRES
        for query in SAME_MATCHES:
            found = count_matches(postgres, query)
            assert found == count_matches(sqlite, query), query
            assert 0 < found < N_POSTGRES or query.isdigit(), (query, found)
            assert {h.url for h in search(postgres, query, limit=N_POSTGRES)} == {
                h.url for h in search(sqlite, query, limit=N_POSTGRES)
            }, query
        # The second revision is indexed, not the first: its title carries the site number.
        tenth = list(synthetic_records(SECOND_REVISION_EVERY))[-1]
        assert [h.url for h in search(postgres, str(tenth.site_article_id))] == [tenth.url]

        # Ids were inserted explicitly; the sequences must have moved past them.
        run_id = postgres.start_run(["https://eng.bsmu.by/"], {})
        assert run_id == 2
        record = make_record(
            641, title="Zanzibar exchange", authors=(Person("Newcomer Author", None),),
            translators=("Olga Petrova", "Fresh Translator"),
            partners=(Partner("Zanzibar Medical College", "Tanzania", "university", "registry"),),
            people=(NamedPerson("Visiting Professor", "Professor"),), countries=("Tanzania",),
        )
        ref = postgres.store_capture(FetchedPage(record.url, 200, b"<html>zanzibar</html>", FETCHED_AT), run_id)
        assert ref.capture_id == counts["captures"] + 1
        outcome = postgres.store_extraction(ref.capture_id, Extraction("ok", "article", record.url, record))
        assert outcome == "new"
        after = postgres.counts()
        assert after["articles"] == N_POSTGRES + 1 and after["revisions"] == counts["revisions"] + 1
        assert [h.url for h in search(postgres, "zanzibar")] == [record.url]
        stored = postgres.get_article(record.url)
        assert stored is not None and stored["revisions"][0]["title"] == "Zanzibar exchange"
    with pytest.raises(ValueError, match="not empty"):
        build_synthetic_archive(postgres_archive_url, 1)
