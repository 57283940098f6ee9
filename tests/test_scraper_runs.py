"""How a finished crawl is judged and summarised from its stats."""

from __future__ import annotations

import datetime as dt
import json

from scraper.runs import (
    RUN_ID_KEY,
    RUN_STATUS_KEY,
    elapsed_seconds,
    json_safe,
    judge_run,
    run_counts,
    summary_line,
    walk_complete,
)

ANSWERED = {
    "downloader/request_count": 12,
    "downloader/response_count": 11,
    "downloader/response_status_count/200": 10,
    "downloader/response_status_count/404": 1,
    "downloader/response_bytes": 123456,
    "news/listings": 2,
    "news/articles_found": 9,
    "news/article_responses/200": 8,
    "news/article_responses/404": 1,
    "archive/new": 7,
    "archive/unchanged": 1,
    "archive/failed": 1,
    "archive/not_article": 1,
}


def test_counts_default_to_zero() -> None:
    counts = run_counts(ANSWERED)
    assert counts["requests"] == 12 and counts["responses"] == 11
    assert counts["new"] == 7 and counts["changed"] == 0 and counts["not_articles"] == 1
    assert counts["bytes"] == 123456
    assert run_counts({})["new"] == 0


def test_a_normal_run_is_ok() -> None:
    assert judge_run(ANSWERED, "finished") == ("ok", None)


def test_unreachable_site_fails_with_reasons() -> None:
    stats = {"downloader/request_count": 4, "news/request_failed/DNSLookupError": 4}
    status, message = judge_run(stats, "finished")
    assert status == "failed"
    assert (
        message is not None and "could not be reached" in message and "DNSLookupError x4" in message
    )


def test_site_that_answers_without_articles_fails() -> None:
    stats = {"downloader/response_status_count/200": 2, "news/listings": 1}
    status, message = judge_run(stats, "finished")
    assert status == "failed"
    assert message == "no article links found on 1 listing page(s)"


def test_robots_forbidding_the_start_url_is_named() -> None:
    stats = {"downloader/response_status_count/200": 1, "robotstxt/forbidden": 1}
    assert judge_run(stats, "finished") == (
        "failed",
        "no article links found on 0 listing page(s) (robots.txt forbids the start URLs)",
    )


def test_articles_requested_but_none_fetched_fails() -> None:
    stats = {
        "downloader/response_status_count/200": 2,
        "news/articles_found": 3,
        "news/articles_requested": 3,
        "news/request_failed/http_500": 3,
    }
    assert judge_run(stats, "finished") == (
        "failed",
        "none of 3 article(s) requested could be fetched (http_500 x3)",
    )


def test_an_incremental_run_that_needed_no_article_is_ok() -> None:
    stats = {"downloader/response_status_count/200": 3, "news/articles_found": 30}
    assert judge_run(stats, "finished") == ("ok", None)


def test_too_many_failed_extractions_fail_the_run_and_say_where() -> None:
    stats = {
        "downloader/response_status_count/200": 12,
        "news/articles_found": 10,
        "news/articles_requested": 10,
        "news/article_responses/200": 10,
        "archive/extracted": 10,
        "archive/failed/no_date": 2,
        "archive/failed/no_title": 1,
        "archive/run_id": 7,
        "archive/db_url": "sqlite:///data/archive.sqlite3",
    }
    status, message = judge_run(stats, "finished", max_failed_share=0.2)
    assert status == "failed"
    assert message is not None
    assert message.startswith("3 of 10 article pages failed extraction (no_date x2, no_title x1)")
    assert "sqlite:///data/archive.sqlite3" in message and "runs --show 7" in message
    # At the threshold, not above it: a few broken pages do not fail a night.
    assert judge_run(stats, "finished", max_failed_share=0.3) == ("ok", None)


def test_walk_complete_needs_a_finished_run_without_lost_requests() -> None:
    assert walk_complete({}, "finished")
    assert not walk_complete({}, "shutdown")
    assert not walk_complete({"news/request_failed": 1}, "finished")


def test_shutdown_is_interrupted_and_archive_trouble_failed() -> None:
    assert judge_run(ANSWERED, "shutdown")[0] == "interrupted"
    assert judge_run(ANSWERED, "archive_unavailable")[0] == "failed"
    assert judge_run(ANSWERED, "closespider_timeout") == (
        "ok",
        "the crawl stopped early: closespider_timeout",
    )


def test_stats_become_json() -> None:
    when = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)
    stats = {"start_time": when, "x": float("inf"), "y": {1: (object,)}, "z": None}
    safe = json_safe(stats)
    json.dumps(safe)
    assert safe["start_time"] == "2024-05-01T12:00:00+00:00"
    assert safe["x"] == "inf"


def test_summary_line() -> None:
    start = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)
    stats = {**ANSWERED, "start_time": start, "elapsed_time_seconds": 2.0}
    stats[RUN_ID_KEY] = 3
    stats[RUN_STATUS_KEY] = "ok"
    line = summary_line(stats, "sqlite:///data/archive.sqlite3")
    assert line == (
        "run 3 ok: 7 new, 0 changed, 1 unchanged, 1 failed extractions, 12 requests "
        "in 2.0 s (6 pages/s) → sqlite:///data/archive.sqlite3"
    )
    assert elapsed_seconds({"start_time": start}, now=start + dt.timedelta(seconds=4)) == 4.0


def test_an_idle_worker_of_a_distributed_job_is_ok() -> None:
    idle = {"news/crawl_job": "nightly-2026-11-22", "news/articles_found": 0}
    status, message = judge_run(idle, "finished")
    assert status == "ok" and message is not None and "other workers" in message
    # A worker that tried and failed to reach the site is still a failure.
    refused = {**idle, "downloader/request_count": 3, "news/request_failed/ConnectionRefusedError": 3}
    assert judge_run(refused, "finished")[0] == "failed"


def test_a_distributed_worker_fed_articles_by_others_is_ok() -> None:
    fed = {
        "news/crawl_job": "nightly-2026-11-22",
        "downloader/response_status_count/200": 20,
        "news/article_responses/200": 20,
        "news/articles_requested": 0,
    }
    assert judge_run(fed, "finished") == ("ok", None)
    # The worker that read a listing without article links still reports it.
    blind = {**fed, "news/listings": 1}
    assert judge_run(blind, "finished")[0] == "failed"
