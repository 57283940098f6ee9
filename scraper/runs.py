"""How a finished crawl is judged and summarised, from its Scrapy stats alone.

Kept apart from the pipeline and free of Scrapy objects so that the rules (when a run
counts as failed, what the one-line summary says) can be tested with plain dicts.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any, Literal

RunStatus = Literal["ok", "failed", "interrupted"]

#: Stats keys under which the pipeline leaves a run's outcome for ``run_crawl``.
RUN_ID_KEY = "archive/run_id"
RUN_STATUS_KEY = "archive/run_status"
RUN_MESSAGE_KEY = "archive/run_message"
RUN_DB_KEY = "archive/db_url"

#: Counts stored with each run: counter name of ``Archive.finish_run`` -> stats key.
#: (The archive refuses unknown counter names, so storage errors stay in the stats only.)
COUNT_KEYS: dict[str, str] = {
    "requests": "downloader/request_count",
    "responses": "downloader/response_count",
    "new": "archive/new",
    "changed": "archive/changed",
    "unchanged": "archive/unchanged",
    "failed": "archive/failed",
    "not_articles": "archive/not_article",
    "gone": "archive/gone",
    "bytes": "downloader/response_bytes",
}


def run_counts(stats: Mapping[str, Any]) -> dict[str, int]:
    """The run's counts, zero where a stat was never set."""
    return {name: int(stats.get(key) or 0) for name, key in COUNT_KEYS.items()}


def successful_responses(stats: Mapping[str, Any]) -> int:
    """Responses with a 2xx status, robots.txt included: proof that the site answered."""
    prefix = "downloader/response_status_count/"
    return sum(
        int(value or 0)
        for key, value in stats.items()
        if key.startswith(prefix) and key[len(prefix) :].startswith("2")
    )


def article_responses(stats: Mapping[str, Any]) -> int:
    """Article pages fetched (any status the spider archives), counted by the spider."""
    prefix = "news/article_responses/"
    return sum(int(value or 0) for key, value in stats.items() if key.startswith(prefix))


def failure_summary(
    stats: Mapping[str, Any], limit: int = 3, prefix: str = "news/request_failed/"
) -> str:
    """The commonest failures under ``prefix``, e.g. ``"ConnectionRefusedError x4, http_503 x1"``."""
    reasons = sorted(
        (
            (key[len(prefix) :], int(value or 0))
            for key, value in stats.items()
            if key.startswith(prefix)
        ),
        key=lambda item: (-item[1], item[0]),
    )
    return ", ".join(f"{reason} x{count}" for reason, count in reasons[:limit])


#: Default of ARCHIVE_MAX_FAILED_SHARE: above this share of freshly read article pages
#: failing extraction, a run fails (a layout change shows the morning after).
DEFAULT_MAX_FAILED_SHARE = 0.2
#: Stats key prefix under which the pipeline counts fresh extraction failures by reason.
FAILED_PREFIX = "archive/failed/"
#: Stats key: article pages whose extraction ran in this run (not repeats of stored results).
EXTRACTED_KEY = "archive/extracted"


def extraction_failures(stats: Mapping[str, Any]) -> int:
    """Article pages whose extraction ran in this run and failed."""
    return sum(int(v or 0) for k, v in stats.items() if k.startswith(FAILED_PREFIX))


def walk_complete(stats: Mapping[str, Any], finish_reason: str | None) -> bool:
    """Whether the run walked all it meant to: finished by itself, no request lost.

    The next incremental run may stop at the first known listing page only after such a
    run (see :mod:`archive.crawl_memory`).
    """
    return finish_reason == "finished" and not int(stats.get("news/request_failed") or 0)


def judge_run(
    stats: Mapping[str, Any],
    finish_reason: str | None,
    max_failed_share: float = DEFAULT_MAX_FAILED_SHARE,
) -> tuple[RunStatus, str | None]:
    """The run's status and, unless all went well, a message saying what went wrong.

    * ``interrupted``: Scrapy shut down before the crawl finished (Ctrl-C, SIGTERM).
    * ``failed``: the archive could not be opened; or no response at all was successful
      (the site could not be reached); or the site answered but no article link was
      found (the listing URL is wrong or the markup no longer has article links), or
      none of the articles requested could be fetched; or more than ``max_failed_share``
      of the article pages read in this run failed extraction (the layout changed).
    * ``ok`` otherwise, even with some failed requests or extractions: those are counted
      and kept, and the next run will try again.
    """
    if finish_reason == "shutdown":
        return "interrupted", "the crawl was interrupted before it finished"
    if finish_reason == "archive_unavailable":
        return "failed", "the archive could not be opened"
    if successful_responses(stats) == 0:
        detail = failure_summary(stats)
        if stats.get("news/crawl_job") and not detail and not stats.get("downloader/request_count"):
            # A worker of a distributed job that found the shared frontier empty: the
            # job's other workers did the work.
            return "ok", f"no work left for this worker: job {stats['news/crawl_job']}'s other workers took it"
        return "failed", "the site could not be reached" + (f" ({detail})" if detail else "")
    found = int(stats.get("news/articles_found") or 0)
    # A worker of a distributed job may fetch only articles other workers found.
    fed_by_others = bool(stats.get("news/crawl_job")) and not stats.get("news/listings")
    if found == 0 and not (fed_by_others and article_responses(stats)):
        listings = int(stats.get("news/listings") or 0)
        message = f"no article links found on {listings} listing page(s)"
        if listings == 0 and int(stats.get("robotstxt/forbidden") or 0):
            message += " (robots.txt forbids the start URLs)"
        elif detail := failure_summary(stats):
            message += f" ({detail})"
        return "failed", message
    requested = int(stats.get("news/articles_requested") or 0)
    if requested and article_responses(stats) == 0:
        detail = failure_summary(stats)
        return "failed", f"none of {requested} article(s) requested could be fetched" + (
            f" ({detail})" if detail else ""
        )
    failed, extracted = extraction_failures(stats), int(stats.get(EXTRACTED_KEY) or 0)
    if extracted and failed / extracted > max_failed_share:
        run_id = stats.get(RUN_ID_KEY)
        where = f"run {run_id}" if run_id is not None else "this run"
        return "failed", (
            f"{failed} of {extracted} article pages failed extraction "
            f"({failure_summary(stats, prefix=FAILED_PREFIX)}), above the "
            f"{max_failed_share:.0%} threshold: has the site's layout changed? The raw "
            f"captures are kept in {stats.get(RUN_DB_KEY) or 'the archive'}: "
            f"`bsmu-archive runs --show {run_id if run_id is not None else 'ID'}` lists them "
            f"({where}); `bsmu-archive reprocess --only-failed` reads them again after a fix"
        )
    if finish_reason not in (None, "finished"):
        return "ok", f"the crawl stopped early: {finish_reason}"
    return "ok", None


def json_safe(value: Any) -> Any:
    """``value`` with datetimes as ISO strings and anything else unusual as ``str``.

    Stats hold datetimes (start_time, finish_time) and may hold any object a component
    put there; the runs table stores them as JSON, so everything must serialise.
    """
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, bool | int | str) or value is None:
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, Mapping):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [json_safe(v) for v in value]
    return str(value)


def elapsed_seconds(stats: Mapping[str, Any], now: dt.datetime | None = None) -> float:
    """Seconds the crawl took: Scrapy's own figure if set, else since ``start_time``."""
    value = stats.get("elapsed_time_seconds")
    if isinstance(value, int | float):
        return float(value)
    start = stats.get("start_time")
    if isinstance(start, dt.datetime):
        end = now or dt.datetime.now(start.tzinfo or dt.UTC)
        return max((end - start).total_seconds(), 0.0)
    return 0.0


def summary_line(stats: Mapping[str, Any], db_description: str) -> str:
    """The one line printed after a crawl, e.g.

    ``run 3 ok: 320 new, 0 changed, 0 unchanged, 3 failed extractions, 340 requests in
    4.2 s (76 pages/s) → sqlite:///data/archive.sqlite3``
    """
    counts = run_counts(stats)
    run_id = stats.get(RUN_ID_KEY)
    status = stats.get(RUN_STATUS_KEY) or "failed"
    seconds = elapsed_seconds(stats)
    rate = counts["responses"] / seconds if seconds > 0 else 0.0
    line = (
        f"run {run_id if run_id is not None else '-'} {status}: "
        f"{counts['new']} new, {counts['changed']} changed, {counts['unchanged']} unchanged, "
        f"{counts['failed']} failed extractions, {counts['requests']} requests "
        f"in {seconds:.1f} s ({rate:.0f} pages/s) → {db_description}"
    )
    errors = int(stats.get("archive/errors") or 0)
    if errors:
        line += f" [{errors} storage errors]"
    message = stats.get(RUN_MESSAGE_KEY)
    if message:
        line += f" — {message}"
    return line
