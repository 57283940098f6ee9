"""Exports for researchers read back with the tools researchers use: pyarrow, csv, json,
warcio and frictionless; byte-identical re-exports; the dataset against its datapackage."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.dataset import export_dataset
from archive.dataset_schema import ARROW_TYPES, TABLES
from archive.export import LIST_DELIMITER, export_to_path
from archive.export_parquet import RECORD_SCHEMA
from archive.fetched import FetchedPage
from archive.progress import progress
from archive.record_stream import stream_current_records
from archive.records import RECORD_FIELDS, RecordFilter
from archive.storage import Archive
from pipeline import extract_page
from pipeline.record import NamedPerson, Partner, Person
from tests.conftest import ARTICLE_URL, FETCHED_AT, make_record
from tests.test_cli import assert_one_line_error, run_cli

HOST = "https://eng.bsmu.by"
REPLICA_PAGES = 12
#: Hand-made articles, numbered above the replica's.
FAIR, BALL = 9005, 9006


@pytest.fixture
def archive_url(any_archive_url: str) -> str:
    """These tests run on SQLite and on PostgreSQL (see conftest)."""
    return any_archive_url


@pytest.fixture
def filled(archive: Archive, store_article: Any, replica_sites: dict[str, Any]) -> Archive:
    """Replica pages as a crawl stores them, plus hand-made articles with every list field
    and one article with two revisions."""
    site = replica_sites["modern"]
    stored = 0
    for path in site.article_paths:
        response = site.pages[path]
        headers = {k.lower(): v for k, v in response.headers.items()}
        extraction = extract_page(response.body, HOST + path, headers)
        if not extraction.ok:
            continue
        page = FetchedPage(HOST + path, 200, response.body, FETCHED_AT, headers)
        ref = archive.store_capture(page, None)
        assert archive.store_extraction(ref.capture_id, extraction) == "new"
        stored += 1
        if stored == REPLICA_PAGES:
            break
    partner = Partner("Nanjing Medical University", "China", "university", "registry", ("NMU",))
    store_article(
        make_record(
            FAIR,
            title="Ярмарка вакансий — job fair",
            published=dt.date(2023, 5, 2),
            authors=(Person("Yelena Ivanova", "BSMU spokesperson"), Person("Ivan Sidorov")),
            translators=("Olga Petrova",),
            photographers=("Anna Kim",),
            partners=(partner, Partner("University of Nowhere", None, None, "discovered")),
            people=(NamedPerson("Wang Li", "Rector"), NamedPerson("Ivan Sidorov")),
            countries=("China",),
        )
    )
    store_article(make_record(BALL, title="Spring ball", published=dt.date(2023, 5, 2), translators=()))
    store_article(
        make_record(BALL, title="Spring ball results", published=dt.date(2023, 5, 2), translators=()),
        fetched_at=FETCHED_AT + dt.timedelta(days=1),
    )
    return archive


def jsonl_records(archive: Archive, tmp_path: Path, **filters: Any) -> list[dict[str, Any]]:
    out = tmp_path / "records.jsonl"
    export_to_path(archive, "jsonl", out, RecordFilter(**filters))
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def typed(record: dict[str, Any]) -> dict[str, Any]:
    """A JSON record with the Parquet types of its date and timestamp."""
    return {
        **record,
        "published": dt.date.fromisoformat(record["published"]),
        "fetched_at": dt.datetime.fromisoformat(record["fetched_at"]),
    }


def test_fast_stream_gives_what_the_archive_reader_gives(filled: Archive) -> None:
    for filters in (None, RecordFilter(author="ivanova"), RecordFilter(query="university")):
        expected = list(filled.iter_current_records(filters))
        assert expected  # every filter here selects something
        assert all(list(record) == list(RECORD_FIELDS) for record in expected)
        assert list(stream_current_records(filled, filters)) == expected


def test_parquet_reads_back_with_pyarrow(filled: Archive, tmp_path: Path) -> None:
    records = jsonl_records(filled, tmp_path)
    assert len(records) == REPLICA_PAGES + 2
    path = tmp_path / "records.parquet"
    assert export_to_path(filled, "parquet", path) == len(records)
    table = pq.read_table(path)
    assert table.schema.equals(RECORD_SCHEMA)
    assert table.column_names == list(RECORD_FIELDS)
    rows = table.to_pylist()
    assert rows == [typed(r) for r in records]
    fair = next(r for r in rows if r["article_id"] == FAIR)
    assert fair["authors"] == [
        {"name": "Yelena Ivanova", "role": "BSMU spokesperson"},
        {"name": "Ivan Sidorov", "role": None},
    ]
    assert fair["partners"][0] == {
        "name": "Nanjing Medical University",
        "country": "China",
        "kind": "university",
        "matched": "registry",
    }
    assert fair["fetched_at"] == dt.datetime(2024, 3, 1, 8, 0, tzinfo=dt.UTC)
    assert pa.types.is_list(table.schema.field("translators").type)


def test_csv_flat_lists_use_the_documented_delimiter(filled: Archive, tmp_path: Path) -> None:
    path = tmp_path / "records.csv"
    export_to_path(filled, "csv", path)
    with path.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    fair = next(r for r in rows if r["article_id"] == str(FAIR))
    assert fair["authors"].split(LIST_DELIMITER) == [
        "Yelena Ivanova (BSMU spokesperson)",
        "Ivan Sidorov",
    ]
    assert fair["partners"].split(LIST_DELIMITER) == [
        "Nanjing Medical University (China)",
        "University of Nowhere",
    ]
    assert [r["url"] for r in rows] == [r["url"] for r in jsonl_records(filled, tmp_path)]


def test_filters_select_the_same_articles_in_every_format(filled: Archive, tmp_path: Path) -> None:
    chosen = RecordFilter(partner="nanjing")
    export_to_path(filled, "parquet", tmp_path / "p.parquet", chosen)
    assert pq.read_table(tmp_path / "p.parquet").column("url").to_pylist() == [ARTICLE_URL.format(id=FAIR)]
    export_to_path(filled, "warc", tmp_path / "p.warc.gz", chosen)
    with (tmp_path / "p.warc.gz").open("rb") as stream:
        uris = [r.rec_headers.get_header("WARC-Target-URI") for r in ArchiveIterator(stream)]
    assert uris == [None, ARTICLE_URL.format(id=FAIR)]


def test_every_format_is_byte_identical_when_exported_again(filled: Archive, tmp_path: Path) -> None:
    for fmt, name in (("jsonl", "a.jsonl"), ("csv", "a.csv"), ("parquet", "a.parquet"), ("warc", "a.warc.gz")):
        first, second = tmp_path / "1", tmp_path / "2"
        first.mkdir(exist_ok=True)
        second.mkdir(exist_ok=True)
        export_to_path(filled, fmt, first / name)
        export_to_path(filled, fmt, second / name)
        assert (first / name).read_bytes() == (second / name).read_bytes(), fmt
        assert (first / name).stat().st_size > 0


def test_warc_holds_every_capture_of_the_selected_articles(filled: Archive, tmp_path: Path) -> None:
    path = tmp_path / "captures.warc.gz"
    count = export_to_path(filled, "warc", path)
    assert count == REPLICA_PAGES + 3  # one capture per article, two for the edited one
    with filled.session() as session:
        from sqlalchemy import select

        from archive.models import Capture

        captures = {row.url + " " + row.fetched_at.strftime("%Y-%m-%dT%H:%M:%SZ"): row.id
                    for row in session.execute(select(Capture.url, Capture.fetched_at, Capture.id))}
    with path.open("rb") as stream:
        records = []
        for record in ArchiveIterator(stream, check_digests="raise"):
            content = record.content_stream().read()
            records.append((record, content))
    info, responses = records[0], records[1:]
    assert info[0].rec_type == "warcinfo"
    assert b"software: bsmu-news-archive/" in info[1]
    assert len(responses) == count
    dates = [r.rec_headers.get_header("WARC-Date") for r, _ in responses]
    assert dates == sorted(dates)
    for record, content in responses:
        assert record.rec_type == "response"
        assert record.http_headers.get_statuscode() == "200"
        key = record.rec_headers.get_header("WARC-Target-URI") + " " + record.rec_headers.get_header("WARC-Date")
        assert content == filled.capture_body(captures[key])
        assert record.http_headers.get_header("Content-Length") == str(len(content))
    replica_page = next(c for r, c in responses if b"<html" in c[:200].lower())
    assert len(replica_page) > 10_000
    # An uncompressed WARC for a name without .gz, readable the same way.
    plain = tmp_path / "captures.warc"
    export_to_path(filled, "warc", plain)
    assert plain.read_bytes().startswith(b"WARC/1.0\r\n")
    with plain.open("rb") as stream:
        assert sum(1 for _ in ArchiveIterator(stream, check_digests="raise")) == count + 1


def test_warc_passes_warcio_check(filled: Archive, tmp_path: Path) -> None:
    path = tmp_path / "captures.warc.gz"
    export_to_path(filled, "warc", path)
    command = [sys.executable, "-c", "import sys; from warcio.cli import main; main(sys.argv[1:])"]
    result = subprocess.run([*command, "check", "-v", str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "digest pass" in result.stdout


# -- dataset mode -----------------------------------------------------------------------


@pytest.fixture
def dataset(filled: Archive, tmp_path: Path) -> Path:
    directory = tmp_path / "dataset"
    summary = export_dataset(filled, directory)
    assert summary.articles == REPLICA_PAGES + 2
    return directory


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def test_dataset_files_match_their_datapackage(dataset: Path) -> None:
    package = json.loads((dataset / "datapackage.json").read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in package["resources"]}
    assert list(resources) == [t.name for t in TABLES]
    for name, resource in resources.items():
        fields = resource["schema"]["fields"]
        assert all(f["description"] for f in fields)
        names = [f["name"] for f in fields]
        with (dataset / resource["path"]).open(encoding="utf-8", newline="") as stream:
            assert next(csv.reader(stream)) == names
        parquet = pq.read_table(dataset / resource["parquet"])
        assert parquet.column_names == names
        for field in fields:
            assert parquet.schema.field(field["name"]).type == ARROW_TYPES[field["type"]], (name, field)
        assert resource["schema"]["primaryKey"]
        keys = [tuple(row[k] for k in resource["schema"]["primaryKey"]) for row in parquet.to_pylist()]
        assert len(keys) == len(set(keys)), f"{name}: primary key not unique"


def test_dataset_validates_with_frictionless_and_catches_a_broken_key(dataset: Path, tmp_path: Path) -> None:
    import frictionless
    report = frictionless.validate(str(dataset / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "message"])
    broken = tmp_path / "broken"
    shutil.copytree(dataset, broken)
    credits = (broken / "credits.csv").read_text(encoding="utf-8")
    (broken / "credits.csv").write_text(credits.replace("Yelena Ivanova", "Nobody Known"), encoding="utf-8")
    report = frictionless.validate(str(broken / "datapackage.json"))
    assert not report.valid
    assert "foreign-key" in {error[0] for error in report.flatten(["type"])}


def test_dataset_tables_hold_the_archive_content(dataset: Path, filled: Archive, tmp_path: Path) -> None:
    records = jsonl_records(filled, tmp_path)
    articles = pq.read_table(dataset / "articles.parquet").to_pylist()
    assert [a["url"] for a in articles] == [r["url"] for r in records]
    assert read_csv(dataset / "articles.csv")[0]["url"] == records[0]["url"]
    fair = ARTICLE_URL.format(id=FAIR)
    credits = [c for c in read_csv(dataset / "credits.csv") if c["url"] == fair]
    assert [(c["role"], c["ordinal"], c["person"], c["position"]) for c in credits] == [
        ("author", "1", "Yelena Ivanova", "BSMU spokesperson"),
        ("author", "2", "Ivan Sidorov", ""),
        ("translator", "1", "Olga Petrova", ""),
        ("photographer", "1", "Anna Kim", ""),
    ]
    organisations = {o["name"]: o for o in pq.read_table(dataset / "organisations.parquet").to_pylist()}
    assert organisations["Nanjing Medical University"] == {
        "name": "Nanjing Medical University",
        "country": "China",
        "kind": "university",
        "matched": "registry",
        "articles": 1,
    }
    assert organisations["University of Nowhere"]["country"] is None
    mentions = [m for m in read_csv(dataset / "organisation_mentions.csv") if m["url"] == fair]
    assert [m["organisation"] for m in mentions] == ["Nanjing Medical University", "University of Nowhere"]
    people = {p["name"]: p for p in read_csv(dataset / "people.csv")}
    assert people["Ivan Sidorov"]["credited_articles"] >= "1" and people["Ivan Sidorov"]["named_articles"] == "1"
    assert people["Wang Li"]["credited_articles"] == "0"
    titles = {(m["person"], m["title"]) for m in read_csv(dataset / "person_mentions.csv") if m["url"] == fair}
    assert titles == {("Wang Li", "Rector"), ("Ivan Sidorov", "")}
    revisions = [r for r in read_csv(dataset / "revisions.csv") if r["url"] == ARTICLE_URL.format(id=BALL)]
    assert [(r["revision"], r["title"]) for r in revisions] == [("1", "Spring ball"), ("2", "Spring ball results")]
    body = filled.capture_body(1)
    first = pq.read_table(dataset / "revisions.parquet").to_pylist()
    assert hashlib.sha256(body).hexdigest() in {r["capture_sha256"] for r in first}
    replica_countries = {c["name"] for c in read_csv(dataset / "countries.csv")}
    assert "China" in replica_countries


def test_dataset_manifest_card_and_byte_identical_reexport(dataset: Path, filled: Archive, tmp_path: Path) -> None:
    manifest = json.loads((dataset / "manifest.json").read_text(encoding="utf-8"))
    listed = {entry["path"]: entry for entry in manifest["files"]}
    on_disk = {p.name for p in dataset.iterdir()} - {"manifest.json"}
    assert set(listed) == on_disk
    for name, entry in listed.items():
        data = (dataset / name).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["bytes"] == len(data)
    assert listed["articles.csv"]["rows"] == len(read_csv(dataset / "articles.csv")) == REPLICA_PAGES + 2
    assert listed["revisions.parquet"]["rows"] == pq.read_metadata(dataset / "revisions.parquet").num_rows
    assert dt.datetime.fromisoformat(manifest["exported_at"]) > FETCHED_AT
    card = (dataset / "README.md").read_text(encoding="utf-8")
    assert f"Articles: {REPLICA_PAGES + 2}, published from" in card
    assert "eng.bsmu.by" in card and "## Known limits" in card and "### `credits`" in card
    again = tmp_path / "again"
    export_dataset(filled, again)
    for name in on_disk:
        assert (again / name).read_bytes() == (dataset / name).read_bytes(), name
    # An earlier dataset is replaced in place.
    export_dataset(filled, again, RecordFilter(author="ivanova"))
    assert len(read_csv(again / "articles.csv")) == 2


def test_dataset_cli_refuses_what_it_must_not_overwrite(filled: Archive, archive_url: str, tmp_path: Path) -> None:
    occupied = tmp_path / "occupied"
    occupied.mkdir()
    (occupied / "thesis.tex").write_text("mine", encoding="utf-8")
    result = run_cli("--db", archive_url, "export", "--dataset", str(occupied), cwd=tmp_path)
    assert_one_line_error(result, "holds no earlier dataset")
    assert (occupied / "thesis.tex").read_text(encoding="utf-8") == "mine"
    result = run_cli("--db", archive_url, "export", "--dataset", str(tmp_path / "d"), "--format", "csv", cwd=tmp_path)
    assert_one_line_error(result, "--dataset")
    result = run_cli("--db", archive_url, "export", "--format", "xml", cwd=tmp_path)
    assert_one_line_error(result, "invalid choice")
    result = run_cli("--db", archive_url, "export", "--dataset", str(tmp_path / "d"), "--author", "ivanova", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == f"exported 2 articles in 20 files to {tmp_path / 'd'}\n"
    result = run_cli("--db", archive_url, "export", "--format", "parquet", "--out", str(tmp_path / "x.parquet"), cwd=tmp_path)
    assert result.returncode == 0 and result.stderr == f"exported {REPLICA_PAGES + 2} records to {tmp_path / 'x.parquet'}\n"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_draws_on_a_terminal_only() -> None:
    quiet = io.StringIO()
    with progress("records", 3, quiet) as bar:
        assert list(bar.track("abc")) == ["a", "b", "c"]
    assert bar.count == 3 and quiet.getvalue() == ""
    terminal = _Terminal()
    with progress("records", 3, terminal) as bar:
        list(bar.track("abc"))
    assert "records" in terminal.getvalue()


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_cli_export_draws_a_bar_on_a_terminal_and_not_in_a_pipe(filled: Archive, archive_url: str, tmp_path: Path) -> None:
    import os
    import pty

    out = tmp_path / "records.parquet"
    piped = run_cli("--db", archive_url, "export", "--format", "parquet", "--out", str(out), cwd=tmp_path)
    assert piped.stderr == f"exported {REPLICA_PAGES + 2} records to {out}\n"
    leader, follower = pty.openpty()
    environment = {k: v for k, v in os.environ.items() if k != "BSMU_ARCHIVE_DB"}
    environment["PYTHONPATH"] = str(Path(__file__).resolve().parents[1])
    environment["TERM"] = "xterm"
    try:
        process = subprocess.run(
            [sys.executable, "-m", "archive.cli", "--db", archive_url, "export", "--format", "parquet", "--out", str(out)],
            cwd=tmp_path, env=environment, stdout=subprocess.DEVNULL, stderr=follower, timeout=120, check=False,
        )
        os.close(follower)
        follower = -1
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # closed once everything was read
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        if follower != -1:
            os.close(follower)
        os.close(leader)
    drawn = b"".join(chunks).decode("utf-8", "replace")
    assert process.returncode == 0
    assert f"{REPLICA_PAGES + 2}/{REPLICA_PAGES + 2}" in drawn and "records" in drawn
    assert pq.read_metadata(out).num_rows == REPLICA_PAGES + 2
