"""Partners, named people and countries: stored per revision, exported, filtered, counted."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

import pytest
from alembic import command
from sqlalchemy import func, inspect, select

from archive.db import writer
from archive.export import LIST_DELIMITER, export_records
from archive.models import (
    Country,
    CountryMention,
    Organisation,
    OrganisationMention,
    Person,
    PersonMention,
    Revision,
)
from archive.records import RecordFilter
from archive.schema import alembic_config, current_revision, head_revision
from archive.storage import Archive
from pipeline.record import NamedPerson, Partner
from tests.conftest import ARTICLE_URL, FETCHED_AT, make_record


@pytest.fixture
def archive_url(any_archive_url: str) -> str:
    """These tests run on SQLite and on PostgreSQL (see conftest)."""
    return any_archive_url

GRODNO = Partner(
    "Grodno State Medical University", "Belarus", "university", "registry", ("GrSMU",)
)
NANJING = Partner(
    "Nanjing Medical University", "China", "university", "registry", ("Nanjing Medical University",)
)
WHO = Partner("World Health Organization", None, "international", "registry", ("WHO",))
TASHKENT = Partner(
    "Tashkent Pediatric Medical Institute",
    "Uzbekistan",
    "institute",
    "discovered",
    ("Tashkent Pediatric Medical Institute", "TashPMI"),
)
ROUDENOK = NamedPerson("Vasili Roudenok", "Vice-Rector for International Relations")
DAY = dt.timedelta(days=1)


def jsonl(archive: Archive, **filters: Any) -> list[dict[str, Any]]:
    out = io.StringIO(newline="")
    export_records(archive, "jsonl", out, RecordFilter(**filters))
    return [json.loads(line) for line in out.getvalue().splitlines()]


@pytest.fixture
def partnered(archive: Archive, store_article: Any) -> Archive:
    """Four articles over two years; article 3 later drops Nanjing (revision 2)."""
    store_article(
        make_record(
            1,
            published=dt.date(2023, 3, 1),
            partners=(NANJING, TASHKENT),
            people=(ROUDENOK,),
            countries=("China", "Uzbekistan"),
        )
    )
    store_article(
        make_record(
            2,
            published=dt.date(2024, 5, 10),
            partners=(NANJING, WHO),
            people=(NamedPerson("Yelena Ivanova", "Head of the International Office"),),
            countries=("China",),
        )
    )
    store_article(
        make_record(
            3,
            published=dt.date(2023, 9, 1),
            partners=(NANJING, GRODNO),
            countries=("China", "Belarus"),
        )
    )
    store_article(
        make_record(
            3,
            published=dt.date(2023, 9, 1),
            title="Article 3, corrected",
            partners=(GRODNO,),
            countries=("Belarus",),
        ),
        fetched_at=FETCHED_AT + DAY,
    )
    store_article(make_record(4, published=dt.date(2024, 1, 1)))
    return archive


# -- storage --------------------------------------------------------------------------------


def test_entities_are_stored_per_revision_and_history_is_kept(partnered: Archive) -> None:
    with partnered.session() as session:
        names = session.execute(
            select(Revision.number, Organisation.name, OrganisationMention.surfaces)
            .join(OrganisationMention, OrganisationMention.revision_id == Revision.id)
            .join(Organisation, Organisation.id == OrganisationMention.organisation_id)
            .where(Revision.record["url"].as_string() == ARTICLE_URL.format(id=3))
            .order_by(Revision.number, OrganisationMention.ordinal)
        ).all()
        assert [(n, name) for n, name, _ in names] == [
            (1, "Nanjing Medical University"),
            (1, "Grodno State Medical University"),
            (2, "Grodno State Medical University"),
        ]
        assert names[1][2] == ["GrSMU"]
        # One row per organisation and per country however often they are named.
        assert session.scalar(select(func.count()).select_from(Organisation)) == 4
        assert sorted(session.scalars(select(Country.name))) == [
            "Belarus",
            "China",
            "Uzbekistan",
        ]
        assert session.scalar(select(func.count()).select_from(CountryMention)) == 6


def test_named_people_share_the_people_table_with_credits(partnered: Archive) -> None:
    with partnered.session() as session:
        # Yelena Ivanova is credited (author) on every article and named in article 2.
        assert session.scalar(
            select(func.count()).select_from(Person).where(Person.name == "Yelena Ivanova")
        ) == 1
        titles = session.execute(
            select(Person.name, PersonMention.title)
            .join(PersonMention, PersonMention.person_id == Person.id)
            .order_by(Person.name)
        ).all()
        assert titles == [
            ("Vasili Roudenok", "Vice-Rector for International Relations"),
            ("Yelena Ivanova", "Head of the International Office"),
        ]


def test_a_registry_match_wins_over_discovery(archive: Archive, store_article: Any) -> None:
    store_article(make_record(1, partners=(TASHKENT,)))
    curated = Partner(TASHKENT.name, "Uzbekistan", "institute", "registry", ("TashPMI",))
    store_article(make_record(2, partners=(curated,)))
    # A later discovery of the same name does not demote it.
    store_article(make_record(3, partners=(TASHKENT,)))
    with archive.session() as session:
        organisation = session.scalars(select(Organisation)).one()
        assert organisation.matched == "registry"
    assert archive.partners(unknown=True) == []


def test_duplicate_and_blank_entities_are_skipped(archive: Archive, store_article: Any) -> None:
    store_article(
        make_record(
            1,
            partners=(NANJING, Partner("  "), NANJING),
            people=(NamedPerson(" "), ROUDENOK),
            countries=("China", "", "China"),
        )
    )
    with archive.session() as session:
        assert session.scalar(select(func.count()).select_from(OrganisationMention)) == 1
        assert session.scalar(select(func.count()).select_from(PersonMention)) == 1
        assert session.scalar(select(func.count()).select_from(CountryMention)) == 1


def test_upgrade_from_0001_keeps_the_data_and_adds_the_tables(archive_url: str) -> None:
    from archive.db import make_engine

    engine = make_engine(archive_url)
    try:
        command.upgrade(alembic_config(writer(engine)), "0001")
        assert "organisations" not in inspect(engine).get_table_names()
        command.upgrade(alembic_config(writer(engine)), "head")
        assert current_revision(engine) == head_revision()
        tables = set(inspect(engine).get_table_names())
        assert {"countries", "organisations", "organisation_mentions", "person_mentions"} <= tables
        command.downgrade(alembic_config(writer(engine)), "0001")
        assert "country_mentions" not in inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_postgresql_sql_renders(capsys: pytest.CaptureFixture[str]) -> None:
    """The migration renders for PostgreSQL (offline ``--sql``), with JSONB surfaces."""
    config = alembic_config()
    config.set_main_option("sqlalchemy.url", "postgresql://u@localhost/x")
    command.upgrade(config, "0001:0002", sql=True)
    sql = capsys.readouterr().out
    assert "CREATE TABLE organisation_mentions" in sql
    assert "surfaces JSONB NOT NULL" in sql
    assert "CONSTRAINT ck_organisations_matched CHECK" in sql


# -- export ---------------------------------------------------------------------------------


def test_export_fields(partnered: Archive) -> None:
    by_id = {r["article_id"]: r for r in jsonl(partnered)}
    assert by_id[1]["partners"] == [
        {"name": "Nanjing Medical University", "country": "China", "kind": "university", "matched": "registry"},
        {
            "name": "Tashkent Pediatric Medical Institute",
            "country": "Uzbekistan",
            "kind": "institute",
            "matched": "discovered",
        },
    ]
    assert by_id[1]["people"] == [
        {"name": "Vasili Roudenok", "title": "Vice-Rector for International Relations"}
    ]
    assert by_id[1]["countries"] == ["China", "Uzbekistan"]
    assert [p["name"] for p in by_id[3]["partners"]] == ["Grodno State Medical University"]
    assert (by_id[4]["partners"], by_id[4]["people"], by_id[4]["countries"]) == ([], [], [])


def test_csv_flattens_entities(partnered: Archive) -> None:
    out = io.StringIO(newline="")
    export_records(partnered, "csv", out, RecordFilter(published_to=dt.date(2023, 3, 1)))
    (row,) = csv.DictReader(io.StringIO(out.getvalue(), newline=""))
    assert row["partners"] == (
        f"Nanjing Medical University (China){LIST_DELIMITER}"
        "Tashkent Pediatric Medical Institute (Uzbekistan)"
    )
    assert row["people"] == "Vasili Roudenok (Vice-Rector for International Relations)"
    assert row["countries"] == "China | Uzbekistan"


def test_partner_and_country_filters_follow_the_current_revision(partnered: Archive) -> None:
    def ids(**filters: Any) -> list[int]:
        return [r["article_id"] for r in jsonl(partnered, **filters)]

    # Article 3 named Nanjing only in revision 1.
    assert ids(partner="nanjing") == [1, 2]
    assert ids(partner="STATE MEDICAL") == [3]
    assert ids(partner="tashkent", country="uzbekistan") == [1]
    assert ids(country="China") == [1, 2]
    assert ids(country="belarus") == [3]
    assert ids(country="Chin") == []  # a whole country name
    assert ids(partner="100%_") == []


# -- partners -------------------------------------------------------------------------------


def test_partner_counts_and_first_and_last_mention(partnered: Archive) -> None:
    summaries = partnered.partners()
    assert [(s.name, s.articles, s.first, s.last) for s in summaries] == [
        ("Nanjing Medical University", 2, dt.date(2023, 3, 1), dt.date(2024, 5, 10)),
        ("Grodno State Medical University", 1, dt.date(2023, 9, 1), dt.date(2023, 9, 1)),
        ("Tashkent Pediatric Medical Institute", 1, dt.date(2023, 3, 1), dt.date(2023, 3, 1)),
        ("World Health Organization", 1, dt.date(2024, 5, 10), dt.date(2024, 5, 10)),
    ]
    assert summaries[0].sample_url == ARTICLE_URL.format(id=2)  # the latest mention
    assert summaries[-1].country is None and summaries[-1].kind == "international"


def test_partners_by_country_and_unknown(partnered: Archive) -> None:
    assert [s.name for s in partnered.partners(country="china")] == ["Nanjing Medical University"]
    assert partnered.partners(country="Narnia") == []
    (unknown,) = partnered.partners(unknown=True)
    assert (unknown.name, unknown.matched, unknown.sample_url) == (
        "Tashkent Pediatric Medical Institute",
        "discovered",
        ARTICLE_URL.format(id=1),
    )


def test_a_credited_person_named_in_the_text_keeps_both_roles(partnered: Archive) -> None:
    (record,) = jsonl(partnered, partner="world health")
    assert record["authors"] == [{"name": "Yelena Ivanova", "role": "BSMU spokesperson"}]
    assert record["people"] == [
        {"name": "Yelena Ivanova", "title": "Head of the International Office"}
    ]
    assert jsonl(partnered, author="ivanova", partner="grodno")[0]["article_id"] == 3
