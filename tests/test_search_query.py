"""archive.query: text, filters, sort, paging and facets together, on a real SQLite archive."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from archive.query import FACETS, SearchRequest, search_archive
from archive.records import RecordFilter
from archive.search import search
from archive.storage import Archive
from pipeline.record import Extraction
from tests.conftest import make_record
from tests.press_corpus import ARTICLES, KOLYAGO, store_press_corpus


@pytest.fixture
def press(archive: Archive, store_article: Any) -> Archive:
    store_press_corpus(store_article)
    return archive


def ids(archive: Archive, **filters: Any) -> list[int]:
    request = SearchRequest(RecordFilter(**filters), sort="date", limit=100)
    return [r.record["article_id"] for r in search_archive(archive, request).results]


@pytest.mark.parametrize(
    "filters, expected",
    [
        ({}, [706, 703, 702, 701, 704, 705]),
        ({"query": "nanjing"}, [706, 701, 705]),
        ({"query": "nanjing", "year": 2022}, [701]),
        ({"country": "uzbekistan", "year": 2022}, [702]),
        ({"country": "Uzbekistan"}, [703, 702]),
        ({"translator": "kolyago"}, [702, 701, 705]),
        ({"translator": "kolyago", "query": "agreement"}, [701]),
        ({"photographer": "zhuk"}, [706, 701]),
        ({"person": "rubnikovich"}, [701]),  # named in the text
        ({"person": "ivanova", "year": 2023}, [706]),  # credited as author
        ({"author": "sidorova"}, [703]),
        ({"partner": "samarkand"}, [703]),
        ({"partner": "Nanjing", "published_from": dt.date(2021, 1, 1)}, [706, 701]),
        ({"published_from": dt.date(2022, 1, 1), "published_to": dt.date(2022, 12, 31)}, [702, 701]),
        ({"rubric": 3}, [703]),
        ({"language": "ru"}, [704]),
        ({"language": "RU "}, [704]),
        ({"query": "открытых"}, [704]),
        ({"query": "nanjing -summer"}, [701, 705]),
        ({"query": '"joint programme"'}, [703, 702]),  # stemmed: programmes
        ({"query": '"programme joint"'}, []),
        ({"query": "deleg*"}, [706, 702, 701]),
        ({"query": "-only -exclusions"}, []),
        ({"query": "nanjing", "country": "Uzbekistan"}, []),
    ],
)
def test_filters_combine_with_text_and_each_other(
    press: Archive, filters: dict[str, Any], expected: list[int]
) -> None:
    assert ids(press, **filters) == expected


def test_relevance_ranks_title_matches_first_and_date_sorts_newest_first(press: Archive) -> None:
    found = search_archive(press, SearchRequest(RecordFilter(query="agreement nanjing")))
    assert found.sort == "relevance"
    assert [r.record["article_id"] for r in found.results] == [701]
    by_relevance = search_archive(press, SearchRequest(RecordFilter(query="nanjing")))
    scores = [r.score for r in by_relevance.results]
    assert scores == sorted(scores, reverse=True) and all(s is not None for s in scores)
    by_date = search_archive(press, SearchRequest(RecordFilter(query="nanjing"), sort="date"))
    dates = [r.record["published"] for r in by_date.results]
    assert dates == sorted(dates, reverse=True)
    # Without words there is nothing to rank by: newest first.
    assert search_archive(press, SearchRequest(RecordFilter())).sort == "date"


def test_results_are_current_records_with_highlighted_snippets(press: Archive) -> None:
    found = search_archive(
        press, SearchRequest(RecordFilter(query="rubnikovich"), highlight=("[", "]"))
    )
    (result,) = found.results
    assert result.record["url"].endswith("/article701/")
    assert result.record["translators"] == [KOLYAGO]
    assert result.record["partners"][0]["name"] == "Nanjing Medical University"
    assert "[Rubnikovich]" in result.snippet


def test_paging_and_total(press: Archive) -> None:
    everything = ids(press)
    pages = [
        [
            r.record["article_id"]
            for r in search_archive(
                press, SearchRequest(RecordFilter(), sort="date", limit=4, offset=offset)
            ).results
        ]
        for offset in (0, 4, 8)
    ]
    assert pages == [everything[:4], everything[4:], []]
    assert search_archive(press, SearchRequest(RecordFilter(), limit=1)).total == len(ARTICLES)


def test_facets_count_the_current_result_set(press: Archive) -> None:
    found = search_archive(press, SearchRequest(RecordFilter(query="nanjing"), facets=True))
    facets = {name: {f.value: f.count for f in values} for name, values in found.facets.items()}
    assert set(facets) == set(FACETS)
    assert facets["year"] == {"2023": 1, "2022": 1, "2020": 1}
    assert [f.value for f in found.facets["year"]] == ["2023", "2022", "2020"]
    assert facets["partner"] == {"Nanjing Medical University": 3}
    assert facets["country"] == {"China": 3}
    assert facets["translator"] == {KOLYAGO: 2, "Olga Petrova": 1}
    assert facets["author"] == {"Yelena Ivanova": 3}
    assert found.total == 3

    uzbek = search_archive(press, SearchRequest(RecordFilter(country="Uzbekistan"), facets=True))
    assert {f.value: f.count for f in uzbek.facets["partner"]} == {
        "Tashkent Medical Academy": 1,
        "Samarkand State Medical University": 1,
    }
    assert {f.value: f.count for f in uzbek.facets["author"]} == {
        "Yelena Ivanova": 1,
        "Olga Sidorova": 1,
    }
    nothing = search_archive(press, SearchRequest(RecordFilter(query="zzzz"), facets=True))
    assert nothing.total == 0 and all(v == [] for v in nothing.facets.values())


def test_facets_are_capped_most_frequent_first(press: Archive) -> None:
    found = search_archive(press, SearchRequest(RecordFilter(), facets=True, facet_limit=1))
    assert [(f.value, f.count) for f in found.facets["partner"]] == [
        ("Nanjing Medical University", 3)
    ]
    assert len(found.facets["year"]) == 4  # years are never capped


def test_a_revision_replaces_the_search_entry(archive: Archive, store_article: Any) -> None:
    """No stale hits: the index follows the current revision, in the same transaction."""
    store_article(make_record(801, title="Visit of the Kazan delegation", body="Kazan."))
    assert [h.url for h in search(archive, "kazan")] != []
    later = dt.datetime(2024, 4, 1, tzinfo=dt.UTC)
    store_article(
        make_record(801, title="Visit of the Vitebsk delegation", body="Vitebsk."),
        fetched_at=later,
    )
    assert search(archive, "kazan") == []
    assert [h.title for h in search(archive, "vitebsk")] == ["Visit of the Vitebsk delegation"]
    assert ids(archive, query="kazan") == []
    assert ids(archive, query="vitebsk") == [801]
    found = search_archive(archive, SearchRequest(RecordFilter(query="vitebsk")))
    assert found.results[0].record["revision"] == 2


def test_reprocessing_updates_the_search_entry(archive: Archive, store_article: Any) -> None:
    """A re-extraction of a stored capture (what ``reprocess`` does) moves the index too."""
    capture_id, outcome = store_article(make_record(802, title="Old reading", body="Grodno."))
    assert outcome == "new" and ids(archive, query="grodno") == [802]
    reread = make_record(802, title="New reading", body="Brest.", extractor_version="test-2")
    assert (
        archive.store_extraction(
            capture_id, Extraction("ok", "article", reread.url, reread, extractor_version="test-2")
        )
        == "changed"
    )
    assert ids(archive, query="grodno") == []
    assert ids(archive, query="brest") == [802]
    assert ids(archive, query="new reading") == [802]


def test_reprocess_command_path_keeps_index_in_step(archive: Archive) -> None:
    """Through archive.reprocess itself, with a stand-in extractor of a newer version."""
    from archive.fetched import FetchedPage
    from archive.reprocess import reprocess

    record = make_record(803, title="Minsk forum", body="Minsk.", extractor_version="v1")
    ref = archive.store_capture(
        FetchedPage(record.url, 200, b"<html>page</html>", dt.datetime(2024, 1, 1, tzinfo=dt.UTC)),
        None,
    )
    archive.store_extraction(
        ref.capture_id, Extraction("ok", "article", record.url, record, extractor_version="v1")
    )
    newer = dataclasses.replace(record, title="Mogilev forum", body="Mogilev.", extractor_version="v2")

    def extract(body: bytes, url: str, headers: Any = None) -> Extraction:
        return Extraction("ok", "article", newer.url, newer, extractor_version="v2")

    reprocess(archive, extract=extract, extractor_version="v2")
    assert ids(archive, query="minsk") == []
    assert ids(archive, query="mogilev") == [803]


def test_cli_search_takes_the_filters_and_a_sort(
    press: Archive, capsys: pytest.CaptureFixture[str]
) -> None:
    from archive.cli import main

    url = press.engine.url.render_as_string(hide_password=False)
    assert main(["--db", url, "search", "delegation", "--country", "Uzbekistan", "--year", "2022"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[0] for line in lines] == ["2022-09-01"]
    assert main(["--db", url, "search", "nanjing", "--sort", "date", "--translator", "kolyago"]) == 0
    dates = [line.split("\t")[0] for line in capsys.readouterr().out.splitlines()]
    assert dates == ["2022-05-10", "2020-11-02"]
    assert main(["--db", url, "search", "nanjing", "--sort", "popular"]) == 2
    assert "--sort" in capsys.readouterr().err


@pytest.mark.postgres
def test_the_same_search_on_postgresql(postgres_archive_url: str) -> None:
    """Filters, facets and paging are the archive's SQL; only matching and scoring are the
    engine's: the tsvector backend answers the same questions the same way."""
    from tests.press_corpus import build_press_archive

    with Archive.open(postgres_archive_url) as pg:
        build_press_archive(pg)
        assert ids(pg, query="nanjing") == [706, 701, 705]
        assert ids(pg, query="nanjing", year=2022) == [701]
        assert ids(pg, country="Uzbekistan", year=2022) == [702]
        assert ids(pg, translator="kolyago", query="delegation") == [702, 701]
        assert ids(pg, translator="kolyago", query="agreement") == [701]
        found = search_archive(pg, SearchRequest(RecordFilter(query="nanjing"), facets=True))
        assert found.total == 3
        assert {f.value: f.count for f in found.facets["year"]} == {"2023": 1, "2022": 1, "2020": 1}
        assert found.facets["partner"][0].value == "Nanjing Medical University"


def test_planner_statistics_follow_a_grown_archive(press: Archive) -> None:
    """The migrations analyse a new, empty archive; serving a grown one analyses it again."""
    from archive.query import refresh_statistics

    def counted() -> int | None:
        with press.engine.connect() as connection:
            stat = connection.exec_driver_sql(
                "SELECT stat FROM sqlite_stat1 "
                "WHERE idx = 'ix_revisions_id_published_language'"
            ).scalar()
        return None if stat is None else int(stat.split()[0])

    assert counted() is None  # analysed while empty: nothing known of revisions
    refresh_statistics(press)
    assert counted() == len(ARTICLES)
    refresh_statistics(press)  # up to date: left as it is
    assert counted() == len(ARTICLES)
