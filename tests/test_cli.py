"""The ``bsmu-archive`` command line, run as a real process against real SQLite files."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from archive.cli import main
from archive.storage import Archive
from pipeline.record import Extraction, NamedPerson, Partner, Person
from tests.conftest import ARTICLE_URL, FETCHED_AT, make_record

REPO = Path(__file__).resolve().parents[1]


def run_cli(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "BSMU_ARCHIVE_DB"}
    environment["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(REPO), environment.get("PYTHONPATH")])
    )
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "archive.cli", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str], fragment: str = "") -> None:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("bsmu-archive: error: ")
    assert fragment in lines[0]
    assert "Traceback" not in result.stderr


@pytest.fixture
def small_archive(archive_url: str, archive: Archive, store_article: Any) -> str:
    store_article(
        make_record(
            1,
            title="Vaccination campaign",
            published=dt.date(2023, 4, 1),
            body="Students were vaccinated.",
            authors=(Person("Yelena Ivanova"),),
        )
    )
    store_article(
        make_record(
            2,
            title="Anatomy olympiad",
            published=dt.date(2024, 2, 1),
            body="An olympiad in anatomy.",
            authors=(Person("Ivan Sidorov"),),
        )
    )
    run_id = archive.start_run(["https://eng.bsmu.by/allarticles/rubric2/"], {})
    stats = {
        "downloader/response_status_count/200": 4,
        "downloader/response_status_count/304": 1,
        "news/mode": "incremental",
        "news/request_failed_urls": {"https://eng.bsmu.by/allarticles/rubric2/article9/": "TimeoutError"},
    }
    archive.finish_run(run_id, "ok", {"requests": 5, "responses": 5, "new": 2}, stats, message="all good")
    return archive_url


def table(stdout: str, title: str) -> list[dict[str, str]]:
    """The rows of a titled plain-output table, as dicts keyed by its header."""
    lines = stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"# {title}: "))
    header = lines[start][len(f"# {title}: ") :].split("\t")
    rows = []
    for line in lines[start + 1 :]:
        if line.startswith("# "):
            break
        rows.append(dict(zip(header, line.split("\t"), strict=True)))
    return rows


# -- errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["bogus"], "invalid choice"),
        ([], "required"),
        (["search"], "TEXT"),
        (["export", "--format", "xml"], "--format"),
        (["export", "--from", "2024-13-45"], "invalid date"),
        (["export", "--to", "yesterday"], "invalid date"),
        (["search", "x", "--limit", "0"], "--limit"),
        (["crawl", "-s", "NOEQUALS"], "NAME=VALUE"),
        (["db"], "required"),
        (["reprocess", "--all", "--only-failed"], "not allowed with"),
        (["runs", "--show", "x"], "--show"),
    ],
)
def test_bad_arguments_are_one_line_and_exit_2(
    tmp_path: Path, args: list[str], fragment: str
) -> None:
    assert_one_line_error(run_cli(*args, cwd=tmp_path), fragment)


@pytest.mark.parametrize(
    "url, fragment",
    [
        ("postgresql+psycopg://127.0.0.1:1/x", "postgresql"),
        ("sqlite:////nonexistent-dir/x/y.sqlite3", "does not exist"),
        ("not-a-url", "invalid database URL"),
        ("nosuchdb://host/x", "unknown database type"),
    ],
)
def test_unreachable_database_is_one_line_and_exit_2(
    tmp_path: Path, url: str, fragment: str
) -> None:
    assert_one_line_error(run_cli("--db", url, "stats", cwd=tmp_path), fragment)
    assert_one_line_error(run_cli("search", "x", "--db", url, cwd=tmp_path), fragment)


def test_database_from_the_environment(tmp_path: Path) -> None:
    result = run_cli(
        "stats", cwd=tmp_path, env={"BSMU_ARCHIVE_DB": "sqlite:////nonexistent-dir/e.sqlite3"}
    )
    assert_one_line_error(result, "nonexistent-dir")


def test_out_of_date_schema_is_one_line_and_exit_2(small_archive: str, tmp_path: Path) -> None:
    with Archive.open(small_archive) as opened, opened.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '0000'")
    assert_one_line_error(run_cli("--db", small_archive, "stats", cwd=tmp_path), "schema")


def test_help_exits_0(tmp_path: Path) -> None:
    for args in (
        ["--help"],
        ["export", "--help"],
        ["db", "upgrade", "--help"],
        ["partners", "--help"],
        ["reprocess", "--help"],
    ):
        result = run_cli(*args, cwd=tmp_path)
        assert result.returncode == 0 and "usage:" in result.stdout


# -- commands -------------------------------------------------------------------------------


def test_search_prints_date_title_url(small_archive: str, tmp_path: Path) -> None:
    result = run_cli("--db", small_archive, "search", "olympiad", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"2024-02-01\tAnatomy olympiad\t{ARTICLE_URL.format(id=2)}"
    ]
    nothing = run_cli("search", '"', "--db", small_archive, cwd=tmp_path)
    assert (nothing.returncode, nothing.stdout) == (0, "")


def test_stats_prints_years_totals_and_runs(small_archive: str, tmp_path: Path) -> None:
    result = run_cli("stats", "--db", small_archive, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "2023\t1" in lines and "2024\t1" in lines
    assert "articles\t2" in lines
    [run] = table(result.stdout, "last runs")
    assert (run["run"], run["status"], run["requests"], run["new"]) == ("1", "ok", "5", "2")
    assert run["responses"] == "200:4 304:1" and run["message"] == "all good"


def test_runs_lists_runs_and_shows_one(small_archive: str, tmp_path: Path) -> None:
    listed = run_cli("runs", "--db", small_archive, cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    [run] = table(listed.stdout, "last runs")
    assert (run["run"], run["status"], run["new"], run["gone"]) == ("1", "ok", "2", "0")
    assert float(run["seconds"]) >= 0
    shown = run_cli("runs", "--show", "1", "--db", small_archive, cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    fields = {row["field"]: row["value"] for row in table(shown.stdout, "run 1")}
    assert fields["mode"] == "incremental" and fields["responses"] == "5 (200:4 304:1)"
    lost = table(shown.stdout, "requests lost (the next run asks again)")
    assert lost == [{"reason": "TimeoutError", "url": "https://eng.bsmu.by/allarticles/rubric2/article9/"}]
    missing = run_cli("runs", "--show", "9", "--db", small_archive, cwd=tmp_path)
    assert missing.returncode == 2 and missing.stderr.strip().endswith("no run 9 in this archive")


def test_export_jsonl_to_stdout_and_csv_to_file(small_archive: str, tmp_path: Path) -> None:
    result = run_cli(
        "--db", small_archive, "export", "--format", "jsonl", "--out", "-", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["title"] for r in records] == ["Vaccination campaign", "Anatomy olympiad"]

    out = tmp_path / "export.csv"
    result = run_cli(
        "export",
        "--db",
        small_archive,
        "--format",
        "csv",
        "--out",
        str(out),
        "--author",
        "sidorov",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
    assert [row["title"] for row in rows] == ["Anatomy olympiad"]
    assert "exported 1 records" in result.stderr


def test_export_filters_by_date_and_query(small_archive: str, tmp_path: Path) -> None:
    def titles(*args: str) -> list[str]:
        result = run_cli("--db", small_archive, "export", *args, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        return [json.loads(line)["title"] for line in result.stdout.splitlines()]

    assert titles("--from", "2024") == ["Anatomy olympiad"]
    assert titles("--to", "2023-12") == ["Vaccination campaign"]
    assert titles("--query", "vaccinated") == ["Vaccination campaign"]
    assert_one_line_error(
        run_cli("--db", small_archive, "export", "--from", "2024", "--to", "2023", cwd=tmp_path),
        "after",
    )


def test_export_to_missing_directory_is_one_line(small_archive: str, tmp_path: Path) -> None:
    result = run_cli(
        "--db", small_archive, "export", "--out", str(tmp_path / "no" / "x.jsonl"), cwd=tmp_path
    )
    assert_one_line_error(result, "cannot write")


def test_db_upgrade_and_current(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    empty = run_cli("db", "current", "--db", url, cwd=tmp_path)
    assert empty.returncode == 0 and "empty" in empty.stdout
    upgraded = run_cli("--db", url, "db", "upgrade", cwd=tmp_path)
    assert upgraded.returncode == 0 and "upgraded" in upgraded.stdout
    again = run_cli("--db", url, "db", "upgrade", cwd=tmp_path)
    assert again.returncode == 0 and "already" in again.stdout
    current = run_cli("db", "current", "--db", url, cwd=tmp_path)
    assert "(head)" in current.stdout


def test_default_database_lives_under_data(tmp_path: Path) -> None:
    result = run_cli("stats", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "data" / "archive.sqlite3").is_file()


def test_crawl_passes_its_options_to_run_crawl(
    archive_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The crawl contract, checked in-process: the crawler itself is not run here."""
    import scraper.crawl

    calls: list[tuple[Any, ...]] = []

    def fake_run_crawl(
        start_urls: list[str], db_url: str, overrides: dict[str, str], log_file: str | None
    ) -> int:
        calls.append((start_urls, db_url, overrides, log_file))
        return 0

    monkeypatch.setattr(scraper.crawl, "run_crawl", fake_run_crawl)
    status = main(
        [
            "crawl",
            "--db",
            archive_url,
            "--start-url",
            "https://a/",
            "--start-url",
            "https://b/",
            "-s",
            "DOWNLOAD_DELAY=0.5",
            "-s",
            "X=a=b",
            "--log-file",
            str(tmp_path / "crawl.log"),
        ]
    )
    assert status == 0
    assert calls == [
        (
            ["https://a/", "https://b/"],
            archive_url,
            {"DOWNLOAD_DELAY": "0.5", "X": "a=b"},
            str(tmp_path / "crawl.log"),
        )
    ]
    calls.clear()
    assert main(["--db", archive_url, "crawl"]) == 0
    # No --start-url: the crawler's NEWS_START_URLS decides, so -s can change it.
    assert calls[0][0] == []
    from scraper import settings

    assert settings.NEWS_START_URLS == ["https://eng.bsmu.by/allarticles/rubric2/"]


def test_db_upgrade_of_a_newer_schema_is_one_line(small_archive: str, tmp_path: Path) -> None:
    with Archive.open(small_archive) as opened, opened.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = 'ffff'")
    assert_one_line_error(run_cli("--db", small_archive, "db", "upgrade", cwd=tmp_path), "ffff")
    current = run_cli("--db", small_archive, "db", "current", cwd=tmp_path)
    assert current.returncode == 0 and "ffff" in current.stdout


# -- partners and reprocess -----------------------------------------------------------------

NANJING = Partner("Nanjing Medical University", "China", "university", "registry")
TASHKENT = Partner("Tashkent Pediatric Medical Institute", "Uzbekistan", "institute", "discovered")


@pytest.fixture
def partner_archive(archive_url: str, store_article: Any) -> str:
    store_article(
        make_record(
            1,
            published=dt.date(2023, 3, 1),
            partners=(NANJING, TASHKENT),
            people=(NamedPerson("Vasili Roudenok", "Vice-Rector"),),
            countries=("China", "Uzbekistan"),
        )
    )
    store_article(
        make_record(2, published=dt.date(2024, 5, 10), partners=(NANJING,), countries=("China",))
    )
    return archive_url


def test_partners_lists_counts_and_first_and_last_mention(
    partner_archive: str, tmp_path: Path
) -> None:
    result = run_cli("--db", partner_archive, "partners", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "# partners: organisation\tcountry\tkind\tmatched\tarticles\tfirst\tlast",
        "Nanjing Medical University\tChina\tuniversity\tregistry\t2\t2023-03-01\t2024-05-10",
        "Tashkent Pediatric Medical Institute\tUzbekistan\tinstitute\tdiscovered\t1"
        "\t2023-03-01\t2023-03-01",
    ]
    by_country = run_cli("partners", "--country", "uzbekistan", "--db", partner_archive, cwd=tmp_path)
    assert [line.split("\t")[0] for line in by_country.stdout.splitlines()[1:]] == [
        "Tashkent Pediatric Medical Institute"
    ]
    nothing = run_cli("partners", "--country", "Narnia", "--db", partner_archive, cwd=tmp_path)
    assert (nothing.returncode, nothing.stdout) == (0, "")
    assert "no organisations" in nothing.stderr


def test_partners_unknown_is_the_curation_list(partner_archive: str, tmp_path: Path) -> None:
    result = run_cli("--db", partner_archive, "partners", "--unknown", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "# organisations not in the registry: organisation\tcountry\tkind\tarticles\tfirst"
        "\tlast\turl",
        "Tashkent Pediatric Medical Institute\tUzbekistan\tinstitute\t1\t2023-03-01"
        f"\t2023-03-01\t{ARTICLE_URL.format(id=1)}",
    ]


def test_export_filters_by_partner_and_country(partner_archive: str, tmp_path: Path) -> None:
    def ids(*args: str) -> list[int]:
        result = run_cli("--db", partner_archive, "export", *args, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        return [json.loads(line)["article_id"] for line in result.stdout.splitlines()]

    assert ids("--partner", "nanjing") == [1, 2]
    assert ids("--partner", "tashkent") == [1]
    assert ids("--country", "China", "--from", "2024") == [2]
    record = json.loads(
        run_cli("--db", partner_archive, "export", "--to", "2023", cwd=tmp_path).stdout
    )
    assert record["people"] == [{"name": "Vasili Roudenok", "title": "Vice-Rector"}]
    assert record["countries"] == ["China", "Uzbekistan"]
    assert record["partners"][1]["matched"] == "discovered"


@pytest.fixture
def failed_archive(archive_url: str, archive: Archive) -> str:
    """One real replica article whose extraction by an old extractor failed."""
    from archive.fetched import FetchedPage
    from replica import build_site

    site = build_site(n_articles=12)
    path = next(
        p for p, truth in zip(site.article_paths, site.truth, strict=True)
        if not truth.get("expected_failure")
    )
    response = site.pages.resolve(path)
    url = "https://eng.bsmu.by" + path
    ref = archive.store_capture(
        FetchedPage(url, 200, response.body, FETCHED_AT, headers=response.headers), None
    )
    archive.store_extraction(
        ref.capture_id, Extraction("failed", "article", url, failure="no_body", extractor_version="0.9")
    )
    return archive_url


def test_reprocess_without_a_terminal_prints_only_the_summary(
    failed_archive: str, tmp_path: Path
) -> None:
    result = run_cli("--db", failed_archive, "reprocess", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "reprocessed 1 capture: 0 changed, 1 new, 0 unchanged, 0 failed\n"
    assert result.stderr == ""
    again = run_cli("--db", failed_archive, "reprocess", cwd=tmp_path)
    assert again.stdout == "reprocessed 0 captures: 0 changed, 0 unchanged, 0 failed\n"
    with Archive.open(failed_archive) as opened:
        assert opened.counts()["revisions"] == 1


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_reprocess_on_a_terminal_shows_a_progress_bar(failed_archive: str, tmp_path: Path) -> None:
    import pty

    leader, follower = pty.openpty()
    environment = {k: v for k, v in os.environ.items() if k != "BSMU_ARCHIVE_DB"}
    environment["PYTHONPATH"] = str(REPO)
    environment["TERM"] = "xterm"
    try:
        process = subprocess.run(
            [sys.executable, "-m", "archive.cli", "--db", failed_archive, "reprocess", "--all"],
            cwd=tmp_path,
            env=environment,
            stdout=follower,
            stderr=subprocess.PIPE,
            timeout=120,
        )
        os.close(follower)
        follower = -1
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal is closed once everything was read
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        if follower != -1:
            os.close(follower)
        os.close(leader)
    output = b"".join(chunks).decode("utf-8", "replace")
    assert process.returncode == 0, process.stderr
    assert "reprocessing" in output and "1/1" in output
    assert "reprocessed 1 capture: 0 changed, 1 new, 0 unchanged, 0 failed" in output


def test_db_check_says_sound_or_lists_problems(small_archive: str, tmp_path: Path) -> None:
    sound = run_cli("db", "check", "--db", small_archive, cwd=tmp_path)
    assert (sound.returncode, sound.stdout) == (0, "") and sound.stderr.strip().endswith(": sound")
    import sqlite3

    path = small_archive.removeprefix("sqlite:///")
    with sqlite3.connect(path) as conn:  # a revision whose article is gone: damage
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("DELETE FROM articles WHERE id = 1")
    damaged = run_cli("db", "check", "--db", small_archive, cwd=tmp_path)
    assert damaged.returncode == 1 and damaged.stdout.strip()
    assert "problem(s)" in damaged.stderr
