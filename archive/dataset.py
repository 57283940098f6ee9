"""The research dataset: normalised tables as CSV and Parquet, described and checksummed.

``bsmu-archive export --dataset DIR`` writes, for the selected articles (the export's
filters), every table of ``archive.dataset_schema`` twice — ``<table>.csv`` for
spreadsheets and any CSV reader, ``<table>.parquet`` for pandas, R and DuckDB — plus
``datapackage.json`` (Frictionless Tabular Data Package: every field typed and described,
primary and foreign keys), ``README.md`` (the data card, ``archive.data_card``) and
``manifest.json`` (row counts, sizes and SHA-256 of every other file, and the export time).

Why this shape: lists (authors, partners...) become rows of their own tables, so CSV
needs no in-cell delimiter and every table loads as a plain data frame; names are keys,
so the tables join without the archive's internal ids.

Deterministic: rows come in a fixed order (articles by publication date then URL as in
the flat export, revisions by URL and number, credits and mentions in article order,
the entity tables by name) and nothing in the tables, the data package or the card
depends on the clock; only ``manifest.json`` says when the export ran. Streaming: one
pass over the current records feeds every per-article table; only the distinct names of
people, organisations and countries are held in memory until the end. The dataset is
built in a temporary directory beside ``DIR`` and renamed into place, so a failed
export leaves no half dataset.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select

from archive.columns import utc_now
from archive.data_card import CardFacts, render_data_card
from archive.dataset_schema import TABLES, Table
from archive.export import count_records, csv_cell, filter_summary, package_version
from archive.export_parquet import ParquetTable
from archive.models import Article, Capture, Country, Organisation, Revision, Run
from archive.people import display_name
from archive.progress import progress
from archive.record_stream import (
    STREAM_ROWS,
    fewer_collections,
    selected_article_ids,
    stream_current_records,
)
from archive.records import RecordFilter, format_timestamp

DATAPACKAGE = "datapackage.json"
MANIFEST = "manifest.json"
CARD = "README.md"
CREDIT_ROLES = (("authors", "author"), ("translators", "translator"), ("photographers", "photographer"))


class DatasetTargetError(ValueError):
    """The target directory exists and is not an earlier dataset (nothing is overwritten)."""


@dataclass(frozen=True, slots=True)
class ManifestEntry:
    path: str
    bytes: int
    sha256: str
    rows: int | None  # data rows of a table file; None for the descriptive files


@dataclass(frozen=True, slots=True)
class DatasetSummary:
    directory: Path
    articles: int
    files: tuple[ManifestEntry, ...]


class _TableSink:
    """One table written as CSV and Parquet at once, row by row."""

    def __init__(self, directory: Path, table: Table) -> None:
        self.table = table
        self._names = table.field_names
        self._csv_file = (directory / f"{table.name}.csv").open("w", encoding="utf-8", newline="")
        self._csv = csv.writer(self._csv_file)
        self._csv.writerow(self._names)
        self._parquet = ParquetTable(str(directory / f"{table.name}.parquet"), table.arrow_schema())
        self.rows = 0

    def write(self, row: dict[str, Any]) -> None:
        self._csv.writerow([csv_cell(name, row.get(name)) for name in self._names])
        self._parquet.write(row)
        self.rows += 1

    def close(self) -> None:
        self._csv_file.close()
        self._parquet.close()


def export_dataset(
    archive: Any, directory: str | Path, filters: RecordFilter | None = None
) -> DatasetSummary:
    """Write the dataset of the selected articles to ``directory``; see the module doc.

    ``directory`` must not exist, be empty, or hold an earlier dataset (it has a
    ``manifest.json``), which is replaced; anything else raises :class:`DatasetTargetError`.
    """
    target = Path(directory)
    _check_target(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    # A fresh directory of our own beside the target: nothing of the user's is touched.
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent))
    work.chmod(0o777 & ~_umask())  # mkdtemp makes it private; a dataset is for sharing
    try:
        facts = CardFacts(filters=filter_summary(filters))
        with fewer_collections():
            _write_tables(archive, work, filters, facts)
        _read_runs(archive, facts)
        (work / DATAPACKAGE).write_text(_json(datapackage()), encoding="utf-8")
        (work / CARD).write_text(render_data_card(facts), encoding="utf-8")
        entries = tuple(_manifest_entry(path, facts.rows) for path in sorted(work.iterdir()))
        manifest = {
            "exported_at": format_timestamp(utc_now()),
            "software": f"bsmu-news-archive {package_version('bsmu-news-archive')}",
            "selection": facts.filters,
            "articles": facts.articles,
            "files": [_entry_dict(e) for e in entries],
        }
        (work / MANIFEST).write_text(_json(manifest), encoding="utf-8")
        if target.exists():
            shutil.rmtree(target)
        work.rename(target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return DatasetSummary(target, facts.articles, entries)


def datapackage() -> dict[str, Any]:
    """The Frictionless data package descriptor (the same for every export)."""
    return {
        "profile": "tabular-data-package",
        "name": "bsmu-news-archive",
        "title": "BSMU news archive",
        "description": (
            "News articles of eng.bsmu.by as archived by bsmu-news-archive: articles, their "
            "revisions, credits, and the people, organisations and countries they name. Each "
            "resource is a CSV file; the Parquet file named by 'parquet' has the same columns."
        ),
        "resources": [
            {
                "name": table.name,
                "path": f"{table.name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "description": table.description,
                "parquet": f"{table.name}.parquet",
                "schema": table.table_schema(),
            }
            for table in TABLES
        ],
    }


def _write_tables(archive: Any, work: Path, filters: RecordFilter | None, facts: CardFacts) -> None:
    sinks = {table.name: _TableSink(work, table) for table in TABLES}
    credited: Counter[str] = Counter()
    named: Counter[str] = Counter()
    organisations: Counter[str] = Counter()
    countries: Counter[str] = Counter()
    partner_info: dict[str, dict[str, Any]] = {}
    try:
        with progress("articles", count_records(archive, filters)) as bar:
            for record in bar.track(stream_current_records(archive, filters)):
                _note(facts, record)
                url = record["url"]
                sinks["articles"].write(record)
                credited.update(_credits(sinks["credits"], url, record))
                named.update(_person_mentions(sinks["person_mentions"], url, record))
                for partner in _organisation_mentions(sinks["organisation_mentions"], url, record):
                    organisations[partner["name"]] += 1
                    partner_info.setdefault(partner["name"], partner)
                countries.update(_country_mentions(sinks["country_mentions"], url, record))
        with progress("revisions", None) as bar:
            for row in bar.track(_revisions(archive, filters)):
                sinks["revisions"].write(row)
        for name in sorted(set(credited) | set(named)):
            sinks["people"].write(
                {"name": name, "credited_articles": credited[name], "named_articles": named[name]}
            )
        organisation_rows = _organisation_rows(archive, organisations, partner_info)
        for row in organisation_rows:
            if row["country"]:  # a partner's country is a country even if no text names it
                countries.setdefault(row["country"], 0)
        for name in sorted(countries):
            sinks["countries"].write({"name": name, "articles": countries[name]})
        for row in organisation_rows:
            sinks["organisations"].write(row)
    finally:
        for sink in sinks.values():
            sink.close()
    facts.rows = {name: sink.rows for name, sink in sinks.items()}
    facts.articles = sinks["articles"].rows


def _note(facts: CardFacts, record: dict[str, Any]) -> None:
    """What the data card says about the selection, one record at a time."""
    published, fetched = record["published"], record["fetched_at"]
    facts.published = _widen(facts.published, published)
    facts.fetched = _widen(facts.fetched, fetched)
    facts.hosts[urlsplit(record["url"]).hostname or ""] += 1
    facts.languages[record["language"] or ""] += 1
    facts.extractor_versions[record["extractor_version"] or ""] += 1


def _widen(window: tuple[str, str] | None, value: str | None) -> tuple[str, str] | None:
    if value is None:
        return window
    if window is None:
        return (value, value)
    return (min(window[0], value), max(window[1], value))


def _credits(sink: _TableSink, url: str, record: dict[str, Any]) -> set[str]:
    """Credit rows of one article (ordinals per role, as the archive numbers them)."""
    people: set[str] = set()
    for field, role in CREDIT_ROLES:
        ordinal = 0
        for entry in record[field]:
            raw, position = (entry["name"], entry["role"]) if isinstance(entry, dict) else (entry, None)
            name = display_name(raw or "")
            if not name:
                continue
            ordinal += 1
            sink.write({"url": url, "role": role, "ordinal": ordinal, "person": name, "position": position})
            people.add(name)
    return people


def _person_mentions(sink: _TableSink, url: str, record: dict[str, Any]) -> set[str]:
    people: set[str] = set()
    ordinal = 0
    for person in record["people"]:
        name = display_name(person["name"] or "")
        if not name:
            continue
        ordinal += 1
        title = display_name(person["title"]) if person["title"] else None
        sink.write({"url": url, "ordinal": ordinal, "person": name, "title": title})
        people.add(name)
    return people


def _organisation_mentions(sink: _TableSink, url: str, record: dict[str, Any]) -> list[dict[str, Any]]:
    """Mention rows of one article, one per organisation (as the archive keeps them)."""
    seen: dict[str, dict[str, Any]] = {}
    for partner in record["partners"]:
        name = display_name(partner["name"] or "")
        if not name or name in seen:
            continue
        seen[name] = {**partner, "name": name}
        sink.write({"url": url, "ordinal": len(seen), "organisation": name})
    return list(seen.values())


def _country_mentions(sink: _TableSink, url: str, record: dict[str, Any]) -> list[str]:
    seen: list[str] = []
    for raw in record["countries"]:
        name = display_name(raw or "")
        if name and name not in seen:
            seen.append(name)
            sink.write({"url": url, "ordinal": len(seen), "country": name})
    return seen


def _organisation_rows(
    archive: Any, articles: Counter[str], partner_info: dict[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    """The named organisations with the archive's curated facts (the registry wins there)."""
    stored: dict[str, dict[str, Any]] = {}
    statement = select(Organisation.name, Organisation.kind, Organisation.matched, Country.name).outerjoin(
        Country, Country.id == Organisation.country_id
    )
    with archive.session() as session:
        for name, kind, matched, country in session.execute(statement):
            if name in articles:
                stored[name] = {"country": country, "kind": kind, "matched": matched}
    rows = []
    for name in sorted(articles):
        facts = stored.get(name) or {
            key: partner_info[name].get(key) for key in ("country", "kind", "matched")
        }
        country = display_name(facts["country"]) if facts["country"] else None
        rows.append({"name": name, **facts, "country": country, "articles": articles[name]})
    return rows


def _revisions(archive: Any, filters: RecordFilter | None) -> Iterable[dict[str, Any]]:
    """Every revision of the selected articles, by URL then number."""
    statement = (
        select(
            Article.canonical_url,
            Revision.number,
            Revision.title,
            Revision.announcement,
            Revision.published,
            Revision.body,
            Revision.language,
            Revision.content_hash,
            Revision.extractor_version,
            Capture.fetched_at,
            Capture.body_sha256,
        )
        .join(Article, Article.id == Revision.article_id)
        .join(Capture, Capture.id == Revision.capture_id)
        .where(Article.id.in_(selected_article_ids(archive, filters)))
        .order_by(Article.canonical_url, Revision.number)
    )
    with archive.engine.connect() as connection:
        for row in connection.execution_options(yield_per=STREAM_ROWS).execute(statement):
            yield {
                "url": row.canonical_url,
                "revision": row.number,
                "title": row.title,
                "announcement": row.announcement,
                "published": row.published,
                "body": row.body,
                "language": row.language,
                "content_hash": row.content_hash,
                "extractor_version": row.extractor_version,
                "fetched_at": format_timestamp(row.fetched_at),
                "capture_sha256": row.body_sha256,
            }


def _read_runs(archive: Any, facts: CardFacts) -> None:
    """The crawls recorded in the archive: how many, when, from which start URLs."""
    with archive.session() as session:
        runs = session.execute(select(Run.started_at, Run.finished_at, Run.start_urls).order_by(Run.id)).all()
    facts.runs = len(runs)
    urls: dict[str, None] = {}
    for run in runs:
        for url in run.start_urls or ():
            urls.setdefault(url)
    facts.start_urls = tuple(sorted(urls))
    if runs:
        first = min(r.started_at for r in runs)
        last = max((r.finished_at or r.started_at) for r in runs)
        facts.runs_window = (format_timestamp(first) or "", format_timestamp(last) or "")


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _check_target(target: Path) -> None:
    if not target.exists():
        return
    if not target.is_dir():
        raise DatasetTargetError(f"{target} exists and is not a directory")
    if any(target.iterdir()) and not (target / MANIFEST).is_file():
        raise DatasetTargetError(f"{target} is not empty and holds no earlier dataset ({MANIFEST})")


def _manifest_entry(path: Path, rows: dict[str, int]) -> ManifestEntry:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    table = path.stem if path.suffix in (".csv", ".parquet") else None
    return ManifestEntry(path.name, path.stat().st_size, digest.hexdigest(), rows.get(table) if table else None)


def _entry_dict(entry: ManifestEntry) -> dict[str, Any]:
    return {"path": entry.path, "rows": entry.rows, "bytes": entry.bytes, "sha256": entry.sha256}


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"
