"""A large archive in minutes: the replica's articles, cloned and varied, bulk-inserted.

Benchmarks of export and search need 100,000 articles; crawling that many pages through
the ORM would take hours (about 20 pages/s). This module reads the replica's article
pages ONCE with the real pipeline (``pipeline.extract_page``), so the templates are what
a crawl would have stored, then clones them with varied ids, publication dates
(2015-2026), paragraphs, credited people and partners, and writes every table a crawl
fills — runs, capture bodies and captures, articles, revisions, credits, people,
organisations, countries, the three mention tables and the search index
``article_search`` — with SQLAlchemy core ``executemany`` in a few big transactions.

Both engines of the archive are supported. On SQLite the FTS5 index is filled with the
texts as they are inserted. On PostgreSQL each batch's articles are indexed by one
``INSERT ... SELECT`` from their current revisions with the backend's own tsvector
expression (``archive.search_postgres.DOCUMENT``), so the index is exactly what storing
the pages would have made; capture bodies are inserted with ``ON CONFLICT DO NOTHING``;
and since every id is explicit, the id sequences are moved past the largest ids at the
end (as ``bsmu-archive db copy`` does), so later writes through the archive get fresh ids.
The archive is then vacuumed and analysed, the state autovacuum would soon leave it in.

The result has the schema of a crawled archive (it is created by ``Archive.open``, i.e.
the migrations) and the same invariants: one capture per revision, each article's
current revision its newest, credits and mentions per revision, the search index made of
the current revision. Every tenth article has two revisions (an earlier, shorter title),
so revision history is exercised too. Same arguments, same archive: everything random is
drawn from ``seed`` and no clock is read.

Known limit: a clone's raw capture is its template's page with the article URL changed
(so every body is distinct, as in a crawl), not a page rendered from the clone's text:
reprocessing a synthetic archive would read the template's text back.

    python bench/synthetic_archive.py --db sqlite:////tmp/synthetic.sqlite3 --articles 100000
    python bench/synthetic_archive.py --db postgresql+psycopg://127.0.0.1:5432/synthetic
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import functools
import random
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, bindparam, insert, text, update
from sqlalchemy.dialects import postgresql

from archive.bodies import pack_body
from archive.copy import move_sequences
from archive.db import writer
from archive.models import (
    Article,
    Base,
    Capture,
    CaptureBody,
    Country,
    CountryMention,
    Credit,
    Organisation,
    OrganisationMention,
    Person,
    PersonMention,
    Revision,
    Run,
)
from archive.people import display_name, name_key
from archive.search_postgres import DOCUMENT
from archive.storage import Archive
from pipeline import extract_page
from pipeline.record import ArticleRecord, NamedPerson, Partner
from pipeline.record import Person as Credited

HOST = "https://eng.bsmu.by"
FIRST_DAY = dt.date(2015, 1, 1)
LAST_DAY = dt.date(2026, 10, 31)
#: The synthetic crawl: captures are fetched one second apart from here.
CRAWL_START = dt.datetime(2026, 11, 1, 2, 0, tzinfo=dt.UTC)
#: Site article numbers of clones start here, above any real or replica number.
FIRST_SITE_ID = 100_000
BATCH = 5_000
SECOND_REVISION_EVERY = 10

_GIVEN = ("Yelena", "Ivan", "Olga", "Pavel", "Anna", "Sergei", "Maria", "Dmitry", "Tatsiana",
          "Andrei", "Natallia", "Aliaksandr", "Iryna", "Mikhail", "Volha", "Siarhei")
_FAMILY = ("Ivanova", "Sidorov", "Petrova", "Zhuk", "Kim", "Novik", "Kolyago", "Hrynevich",
           "Lukashevich", "Bohdan", "Karpovich", "Yurchenko", "Shevchuk", "Maroz", "Kavaliou")
_POSITIONS = (None, None, "BSMU spokesperson", "Dean of the International Faculty",
              "Head of the International Relations Department")


def _document_of_current_revision() -> str:
    """The PostgreSQL backend's tsvector expression, read from a revision ``r`` instead of
    from parameters (``coalesce`` in it does what ``index_article``'s ``or ""`` does)."""
    expression = DOCUMENT
    for name in ("title", "announcement", "body"):
        if f":{name}" not in expression:
            raise RuntimeError(f"archive.search_postgres.DOCUMENT no longer reads :{name}")
        expression = expression.replace(f":{name}", f"r.{name}")
    return expression


#: PostgreSQL: index the current revisions of the articles with ids first..last.
_INDEX_ARTICLES = (
    "INSERT INTO article_search (article_id, document) "
    f"SELECT a.id, {_document_of_current_revision()} "
    "FROM articles a JOIN revisions r ON r.id = a.current_revision_id "
    "WHERE a.id BETWEEN :first AND :last"
)


@dataclass(frozen=True, slots=True)
class Template:
    """One replica article as the pipeline read it, with the raw page it came from."""

    record: ArticleRecord
    body: bytes
    headers: dict[str, str]
    path: str


@functools.lru_cache(maxsize=2)
def load_templates(seed: int) -> tuple[Template, ...]:
    """Extract every servable article of the replica once (about 320 pages, seconds)."""
    from replica import build_site

    site = build_site(seed=seed)
    templates = []
    for path in site.article_paths:
        response = site.pages[path]
        if response.status != 200:
            continue
        url = HOST + path
        headers = {k.lower(): v for k, v in response.headers.items()}
        extraction = extract_page(response.body, url, headers)
        if extraction.ok and extraction.record is not None:
            templates.append(Template(extraction.record, response.body, headers, path))
    if not templates:
        raise RuntimeError("the replica gave no readable article to clone")
    return tuple(templates)


class _Ids:
    """Name -> id for the look-up tables (people, organisations, countries), in insert order."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.rows: list[dict[str, Any]] = []

    def get(self, name: str, **extra: Any) -> int:
        found = self.ids.get(name)
        if found is None:
            found = self.ids[name] = len(self.ids) + 1
            self.rows.append({"id": found, "name": name, "name_key": name_key(name), **extra})
        return found


@dataclass
class _Tables:
    """Rows waiting for the next flush, per table."""

    bodies: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    captures: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    articles: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    revisions: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    credits: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    organisation_mentions: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    person_mentions: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    country_mentions: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    current: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    search: list[dict[str, Any]] = dataclasses.field(default_factory=list)


class _Cloner:
    """Makes varied clones of the templates, deterministically from one random stream."""

    def __init__(self, templates: tuple[Template, ...], seed: int) -> None:
        self.templates = templates
        self.rng = random.Random(seed)
        self.paragraphs = [p for t in templates for p in t.record.body.split("\n\n") if p]
        partners = {p.name: p for t in templates for p in t.record.partners}
        self.partners = [partners[name] for name in sorted(partners)]
        named = {p.name: p for t in templates for p in t.record.people}
        self.named = [named[name] for name in sorted(named)]
        self.days = (LAST_DAY - FIRST_DAY).days

    def person(self) -> str:
        return f"{self.rng.choice(_GIVEN)} {self.rng.choice(_FAMILY)}"

    def clone(self, index: int) -> tuple[Template, ArticleRecord]:
        rng = self.rng
        template = self.templates[index % len(self.templates)]
        base = template.record
        site_id = FIRST_SITE_ID + index
        rubric = base.rubric or 2
        paragraphs = base.body.split("\n\n")
        paragraphs.insert(rng.randrange(len(paragraphs) + 1), rng.choice(self.paragraphs))
        partners = list(base.partners)
        if self.partners and rng.random() < 0.6:
            extra = rng.choice(self.partners)
            if all(p.name != extra.name for p in partners):
                partners.append(extra)
        people = list(base.people)
        if self.named and rng.random() < 0.4:
            extra_person = rng.choice(self.named)
            if all(p.name != extra_person.name for p in people):
                people.append(NamedPerson(extra_person.name, extra_person.title))
        countries = list(dict.fromkeys([*base.countries, *(p.country for p in partners if p.country)]))
        authors = tuple(Credited(self.person(), rng.choice(_POSITIONS)) for _ in range(rng.choice((1, 1, 1, 2))))
        translators = tuple(self.person() for _ in range(rng.choice((0, 1, 1, 2))))
        photographers = tuple(self.person() for _ in range(rng.choice((0, 0, 1))))
        record = dataclasses.replace(
            base,
            url=f"{HOST}/allarticles/rubric{rubric}/article{site_id}/",
            title=f"{base.title} ({site_id})",
            published=FIRST_DAY + dt.timedelta(days=rng.randrange(self.days + 1)),
            body="\n\n".join(paragraphs),
            authors=authors,
            translators=translators,
            photographers=photographers,
            partners=tuple(partners),
            people=tuple(people),
            countries=tuple(countries),
            site_article_id=site_id,
            rubric=rubric,
        )
        return template, record


def synthetic_records(n_articles: int, seed: int = 2026) -> Iterator[ArticleRecord]:
    """The current records :func:`build_synthetic_archive` stores, in the same order."""
    cloner = _Cloner(load_templates(seed), seed)
    for index in range(n_articles):
        yield cloner.clone(index)[1]


def build_synthetic_archive(db_url: str, n_articles: int, seed: int = 2026) -> None:
    """Fill the fresh (empty) archive at ``db_url`` with ``n_articles`` cloned articles."""
    if n_articles < 0:
        raise ValueError("n_articles must not be negative")
    with Archive.open(db_url) as archive:
        dialect = archive.engine.dialect.name
        if dialect not in ("sqlite", "postgresql"):
            raise ValueError(f"synthetic archives are built on SQLite or PostgreSQL, not {dialect}")
        postgres = dialect == "postgresql"
        with archive.session() as session:
            if session.scalar(text("SELECT count(*) FROM articles")):
                raise ValueError(f"{archive.url} is not empty: synthetic articles need a fresh archive")
        cloner = _Cloner(load_templates(seed), seed)
        people, organisations, countries = _Ids(), _Ids(), _Ids()
        with writer(archive.engine).begin() as connection:
            connection.execute(
                insert(Run),
                [{"id": 1, "started_at": CRAWL_START, "finished_at": CRAWL_START, "status": "ok",
                  "start_urls": [f"{HOST}/allarticles/rubric2/"], "settings": {"synthetic": True, "seed": seed},
                  "requests": 0, "responses": 0, "new": 0, "changed": 0, "unchanged": 0, "gone": 0,
                  "failed": 0, "not_articles": 0, "bytes": 0}],
            )
        counters = {"capture": 0, "revision": 0, "credit": 0, "org": 0, "person": 0, "country": 0, "bytes": 0}
        for start in range(0, n_articles, BATCH):
            tables = _Tables()
            for index in range(start, min(start + BATCH, n_articles)):
                template, record = cloner.clone(index)
                _add_article(tables, counters, index + 1, template, record, cloner,
                             people, organisations, countries)
            with writer(archive.engine).begin() as connection:
                if postgres:
                    _flush_postgres(connection, tables, people, organisations, countries)
                else:
                    _flush(connection, tables, people, organisations, countries)
        with writer(archive.engine).begin() as connection:
            connection.execute(
                update(Run).where(Run.id == 1).values(
                    finished_at=CRAWL_START + dt.timedelta(seconds=counters["capture"]),
                    requests=counters["capture"], responses=counters["capture"], new=n_articles,
                    changed=counters["revision"] - n_articles, bytes=counters["bytes"],
                )
            )
        if postgres:
            # Every id was given explicitly: the sequences still stand at 1.
            move_sequences(archive, list(Base.metadata.sorted_tables))
            # Planner statistics and the visibility map (index-only scans), which
            # autovacuum gives a grown archive; VACUUM cannot run in a transaction.
            with archive.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.exec_driver_sql("VACUUM (ANALYZE)")
        else:
            # Planner statistics, as `bsmu-archive db upgrade` leaves them on a grown archive.
            with writer(archive.engine).begin() as connection:
                connection.exec_driver_sql("ANALYZE")


def _add_article(
    tables: _Tables,
    counters: dict[str, int],
    article_id: int,
    template: Template,
    record: ArticleRecord,
    cloner: _Cloner,
    people: _Ids,
    organisations: _Ids,
    countries: _Ids,
) -> None:
    versions = [record]
    if article_id % SECOND_REVISION_EVERY == 0:
        # An earlier version with a shorter title: the article was edited after it appeared.
        versions.insert(0, dataclasses.replace(record, title=record.title.rsplit(" (", 1)[0]))
    first_fetch = CRAWL_START + dt.timedelta(seconds=counters["capture"])
    tables.articles.append({
        "id": article_id, "canonical_url": record.url, "site_article_id": record.site_article_id,
        "rubric": record.rubric, "host": "eng.bsmu.by", "first_seen_at": first_fetch,
        "last_seen_at": first_fetch + dt.timedelta(days=len(versions) - 1), "gone_at": None,
        "current_revision_id": None,
    })
    old_path = template.path.encode()
    new_path = record.url.removeprefix(HOST).encode()
    revision_id = 0
    for number, version in enumerate(versions, start=1):
        counters["capture"] += 1
        counters["revision"] += 1
        capture_id, revision_id = counters["capture"], counters["revision"]
        raw = template.body.replace(old_path, new_path) + f"<!-- {number} -->".encode()
        packed = pack_body(raw)
        counters["bytes"] += len(raw)
        fetched = first_fetch + dt.timedelta(days=number - 1)
        tables.bodies.append({"sha256": packed.sha256, "body": packed.data, "size": packed.size,
                              "compression": packed.compression})
        tables.captures.append({
            "id": capture_id, "url": record.url, "requested_url": None,
            "canonical_url": record.url, "status": 200,
            "headers": {**template.headers, "content-length": str(len(raw))},
            "body_sha256": packed.sha256, "fetched_at": fetched, "last_fetched_at": fetched,
            "fetch_count": 1, "run_id": 1, "etag": template.headers.get("etag"),
            "last_modified": template.headers.get("last-modified"), "extraction_status": "ok",
            "failure_reason": None, "failure_message": None, "page_kind": "article",
            "encoding": None, "extractor_version": version.extractor_version,
            "extraction_notes": None, "article_id": article_id,
        })
        tables.revisions.append({
            "id": revision_id, "article_id": article_id, "number": number,
            "capture_id": capture_id, "created_at": fetched,
            "extractor_version": version.extractor_version, "content_hash": version.content_hash(),
            "title": version.title, "announcement": version.announcement,
            "published": version.published, "body": version.body, "language": version.language,
            "record": version.to_dict(),
        })
        _add_links(tables, counters, revision_id, version, people, organisations, countries)
    tables.current.append({"b_article": article_id, "b_revision": revision_id})
    tables.search.append({"id": article_id, "title": record.title,
                          "announcement": record.announcement or "", "body": record.body})


def _add_links(
    tables: _Tables,
    counters: dict[str, int],
    revision_id: int,
    record: ArticleRecord,
    people: _Ids,
    organisations: _Ids,
    countries: _Ids,
) -> None:
    """Credits and mentions of one revision, by the same rules as ``archive.storage``."""
    credited = [("author", a.name, a.role) for a in record.authors]
    credited += [("translator", name, None) for name in record.translators]
    credited += [("photographer", name, None) for name in record.photographers]
    ordinals: dict[str, int] = {}
    for role, name, position in credited:
        ordinals[role] = ordinals.get(role, 0) + 1
        counters["credit"] += 1
        tables.credits.append({"id": counters["credit"], "revision_id": revision_id,
                               "person_id": people.get(display_name(name)), "role": role,
                               "position": position, "ordinal": ordinals[role]})
    for ordinal, partner in enumerate(record.partners, start=1):
        counters["org"] += 1
        tables.organisation_mentions.append({
            "id": counters["org"], "revision_id": revision_id,
            "organisation_id": _organisation(partner, organisations, countries),
            "surfaces": list(partner.surfaces), "ordinal": ordinal,
        })
    for ordinal, named in enumerate(record.people, start=1):
        counters["person"] += 1
        tables.person_mentions.append({"id": counters["person"], "revision_id": revision_id,
                                       "person_id": people.get(display_name(named.name)),
                                       "title": named.title, "ordinal": ordinal})
    for ordinal, country in enumerate(record.countries, start=1):
        counters["country"] += 1
        tables.country_mentions.append({"id": counters["country"], "revision_id": revision_id,
                                        "country_id": countries.get(display_name(country)),
                                        "ordinal": ordinal})


def _organisation(partner: Partner, organisations: _Ids, countries: _Ids) -> int:
    country_id = countries.get(display_name(partner.country)) if partner.country else None
    return organisations.get(display_name(partner.name), country_id=country_id,
                             kind=partner.kind, matched=partner.matched)


def _new_rows(ids: _Ids) -> Iterator[list[dict[str, Any]]]:
    """The look-up rows added since the last flush (then forgets them)."""
    rows, ids.rows = ids.rows, []
    if rows:
        yield rows


def _flush(connection: Connection, tables: _Tables, people: _Ids,
           organisations: _Ids, countries: _Ids) -> None:
    """SQLite: insert one batch, parents before children (foreign keys are on)."""
    _insert_rows(connection, tables, people, organisations, countries,
                 insert(CaptureBody).prefix_with("OR IGNORE"))
    connection.exec_driver_sql(
        "INSERT INTO article_search (rowid, title, announcement, body) VALUES (?, ?, ?, ?)",
        [(r["id"], r["title"], r["announcement"], r["body"]) for r in tables.search],
    )


def _flush_postgres(connection: Connection, tables: _Tables, people: _Ids,
                    organisations: _Ids, countries: _Ids) -> None:
    """PostgreSQL: insert one batch, then index its articles from their current revisions."""
    _insert_rows(connection, tables, people, organisations, countries,
                 postgresql.insert(CaptureBody).on_conflict_do_nothing(index_elements=["sha256"]))
    if tables.current:
        ids = [row["b_article"] for row in tables.current]
        connection.execute(text(_INDEX_ARTICLES), {"first": min(ids), "last": max(ids)})


def _insert_rows(connection: Connection, tables: _Tables, people: _Ids,
                 organisations: _Ids, countries: _Ids, insert_bodies: Any) -> None:
    """The batch's rows in every table but the search index, parents before children."""
    for rows in _new_rows(countries):
        connection.execute(insert(Country), rows)
    for rows in _new_rows(people):
        connection.execute(insert(Person), rows)
    for rows in _new_rows(organisations):
        connection.execute(insert(Organisation), rows)
    connection.execute(insert_bodies, tables.bodies)
    connection.execute(insert(Article), tables.articles)
    connection.execute(insert(Capture), tables.captures)
    connection.execute(insert(Revision), tables.revisions)
    for model, rows in ((Credit, tables.credits), (OrganisationMention, tables.organisation_mentions),
                        (PersonMention, tables.person_mentions), (CountryMention, tables.country_mentions)):
        if rows:
            connection.execute(insert(model), rows)
    table = Article.__table__
    connection.execute(
        table.update().where(table.c.id == bindparam("b_article")).values(current_revision_id=bindparam("b_revision")),
        tables.current,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="URL of a fresh archive, e.g. sqlite:////tmp/s.sqlite3 or postgresql+psycopg://host/db")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    build_synthetic_archive(args.db, args.articles, args.seed)
    print(f"{args.articles} synthetic articles in {time.perf_counter() - started:.1f} s: {args.db}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
