"""Full-text search: query parsing, ranking, phrases, prefixes, exclusions, hostile input."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest

from archive.search import SearchQuery, Term, count_matches, fts5_expression, parse_query, search
from archive.storage import Archive
from tests.conftest import ARTICLE_URL, make_record


@pytest.fixture
def archive_url(any_archive_url: str) -> str:
    """These tests run on SQLite and on PostgreSQL (see conftest)."""
    return any_archive_url


@pytest.fixture
def corpus(archive: Archive, store_article: Any) -> Archive:
    articles = {
        1: ("Vaccination campaign for students", "The clinic vaccinated many people."),
        2: (
            "Open day at the university",
            "Students met professors. Vaccination was mentioned once.",
        ),
        3: (
            "Anatomy olympiad",
            "The open day of anatomy: students compete in the medical olympiad.",
        ),
        4: ("COVID-19 update", "Measures against COVID-19 were relaxed at the medical university."),
        5: ("Летняя школа", "Café talks about résumé writing in Minsk."),
    }
    for number, (title, body) in articles.items():
        store_article(
            make_record(number, title=title, body=body, published=dt.date(2024, 1, number))
        )
    return archive


def urls(hits: list[Any]) -> list[str]:
    return [hit.url for hit in hits]


def url(number: int) -> str:
    return ARTICLE_URL.format(id=number)


# -- parsing --------------------------------------------------------------------------------


def test_parse_words_phrases_prefixes_and_exclusions() -> None:
    query = parse_query('vaccine "open day" anat* -covid -"medical university"')
    assert query.include == (
        Term(("vaccine",)),
        Term(("open", "day")),
        Term(("anat",), prefix=True),
    )
    assert query.exclude == (Term(("covid",)), Term(("medical", "university")))
    assert fts5_expression(query) == (
        '("vaccine" AND "open day" AND "anat"*) NOT ("covid" OR "medical university")'
    )


def test_parse_punctuation_joins_parts_into_a_phrase() -> None:
    assert parse_query("COVID-19").include == (Term(("covid", "19")),)
    assert parse_query('"unclosed phrase').include == (Term(("unclosed", "phrase")),)


def test_nothing_to_look_for_matches_nothing() -> None:
    for text in ("", "   ", "-only -exclusions", '""', "*", "- -", "()"):
        assert parse_query(text).is_empty
        assert fts5_expression(parse_query(text)) is None
    assert SearchQuery().is_empty


# -- searching ------------------------------------------------------------------------------


def test_title_matches_rank_above_body_matches(corpus: Archive) -> None:
    hits = search(corpus, "vaccination")
    assert urls(hits) == [url(1), url(2)]
    assert hits[0].score > hits[1].score
    assert hits[0].title == "Vaccination campaign for students"
    assert hits[0].published == dt.date(2024, 1, 1)


def test_words_are_anded_and_stemmed(corpus: Archive) -> None:
    assert set(urls(search(corpus, "students professors"))) == {url(2)}
    # Porter stemming: "student" also finds "students".
    assert set(urls(search(corpus, "student"))) == {url(1), url(2), url(3)}


def test_phrases_must_occur_as_written(corpus: Archive) -> None:
    assert set(urls(search(corpus, '"open day"'))) == {url(2), url(3)}
    assert urls(search(corpus, '"day open"')) == []
    assert urls(search(corpus, '"medical olympiad"')) == [url(3)]


def test_prefix(corpus: Archive) -> None:
    assert set(urls(search(corpus, "olymp*"))) == {url(3)}
    assert set(urls(search(corpus, "vacc*"))) == {url(1), url(2)}
    assert urls(search(corpus, "olymp")) == []


def test_exclusion(corpus: Archive) -> None:
    assert set(urls(search(corpus, "students -vaccination"))) == {url(3)}
    assert set(urls(search(corpus, 'university -"open day"'))) == {url(4)}


def test_word_with_punctuation_and_non_ascii(corpus: Archive) -> None:
    assert urls(search(corpus, "covid-19")) == [url(4)]
    assert urls(search(corpus, "летняя")) == [url(5)]
    assert urls(search(corpus, "cafe resume")) == [url(5)]  # accents folded


def test_snippet_highlights_and_paging(corpus: Archive) -> None:
    hits = search(corpus, "olympiad", highlight=("<mark>", "</mark>"))
    assert "<mark>" in hits[0].snippet
    everything = search(corpus, "student", limit=10)
    assert search(corpus, "student", limit=1, offset=1) == everything[1:2]
    assert count_matches(corpus, "student") == 3


@pytest.mark.parametrize(
    "hostile",
    [
        '"',
        "AND (",
        "OR",
        "NOT",
        "a OR",
        "(",
        ")",
        "*",
        "**",
        "-",
        '"a" "',
        "col:umn",
        "NEAR(a b)",
        "title:anatomy",
        "^start",
        "a AND AND b",
        "x' OR 1=1 --",
        "\\",
        "\x00",
        "😀",
        "{}[]",
        "a -",
        "'",
    ],
)
def test_hostile_input_never_raises(corpus: Archive, hostile: str) -> None:
    assert isinstance(search(corpus, hostile), list)


def test_random_input_never_raises(corpus: Archive) -> None:
    rng = random.Random(20240301)
    alphabet = "ab c\"*-()^:+NOTANDOR'\\{}[]é😀\t"
    with corpus.session() as session:
        for _ in range(300):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
            search(session, text)
