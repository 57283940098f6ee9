"""What the archive remembers that lets a nightly crawl be incremental and resumable.

A nightly run must not fetch what the archive already has, yet must never lose an
article. Three facts decide its work, and all are read here in one place, before the
crawl starts:

* which article URLs are **known** (the archive holds a capture of them that was read,
  whatever the outcome): a listing page that holds only known articles means the walk
  has reached the part of the site the archive already covers;
* which articles to **revisit** with a conditional request (recently published ones, whose
  text may still be edited, and those whose last extraction failed; in a full pass every
  article not known to be gone), with the validators of their latest capture;
* whether the **previous walk completed**. Stopping at the first known listing page is only
  safe when every older article was fetched before; after a run that was killed, crashed,
  failed or lost requests, the next run walks every listing page again (still fetching
  only articles it does not have), which is what makes a killed crawl resumable.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from archive.models import Article, Capture, Revision, Run

#: Stats key in which a finished run records that its listing walk covered all it had to.
WALK_COMPLETE_KEY = "news/walk_complete"
#: What a run left "running" by a process that died is recorded as, when the next one starts.
ABANDONED_MESSAGE = "the crawl process ended without recording the end of the run (killed?)"


@dataclass(frozen=True, slots=True)
class Revisit:
    """An article to fetch again, conditionally when validators are known."""

    url: str
    etag: str | None
    last_modified: str | None
    reason: str  # "recent", "failed" or "full": a stats key


@dataclass(frozen=True, slots=True)
class CrawlMemory:
    """The archive's knowledge a crawl starts from (see the module docstring)."""

    known: frozenset[str] = frozenset()
    revisits: tuple[Revisit, ...] = ()
    previous_run_id: int | None = None
    previous_walk_complete: bool = False
    why_deep: str | None = field(default="the archive has no earlier run")

    @property
    def deep_walk_needed(self) -> bool:
        """True when every listing page must be walked (see the module docstring)."""
        return not self.previous_walk_complete


def read_crawl_memory(
    session: Session,
    *,
    today: dt.date,
    recent_days: int,
    full: bool,
    before_run_id: int | None = None,
    job: str | None = None,
) -> CrawlMemory:
    """The crawl memory as of ``today``; ``before_run_id`` excludes the run now starting,
    ``job`` names the distributed job it belongs to, if any."""
    known = frozenset(
        url
        for (url,) in session.execute(
            select(Capture.canonical_url)
            .where(Capture.canonical_url.is_not(None), Capture.extraction_status != "pending")
            .distinct()
        )
    )
    previous = _previous_run(session, before_run_id, job)
    complete, why = _walk_complete(previous)
    return CrawlMemory(
        known=known,
        revisits=tuple(_revisits(session, today=today, recent_days=recent_days, full=full)),
        previous_run_id=previous.id if previous is not None else None,
        previous_walk_complete=complete,
        why_deep=why,
    )


def _previous_run(session: Session, before_run_id: int | None, job: str | None = None) -> Run | None:
    """The latest run before this one, passing over fellow workers of the same job.

    Workers of one distributed job (:mod:`scraper.distributed`) start side by side; one
    that is still running is a colleague, not a run that left work undone.
    """
    statement = select(Run).order_by(Run.id.desc())
    if before_run_id is not None:
        statement = statement.where(Run.id < before_run_id)
    for run in session.scalars(statement.limit(50)):
        if job and run.status == "running" and (run.settings or {}).get("NEWS_CRAWL_JOB") == job:
            continue
        return run
    return None


def _walk_complete(run: Run | None) -> tuple[bool, str | None]:
    """Whether ``run`` (the latest before this one) left nothing behind, and if not, why."""
    if run is None:
        return False, "the archive has no earlier run"
    if run.status != "ok":
        return False, f"run {run.id} ended {run.status}"
    if not (run.stats or {}).get(WALK_COMPLETE_KEY):
        return False, f"run {run.id} did not finish its walk (requests failed or it stopped early)"
    return True, None


def _revisits(session: Session, *, today: dt.date, recent_days: int, full: bool) -> list[Revisit]:
    """Articles to fetch again, newest first, each with its latest validators."""
    latest_ok = (
        select(Capture.canonical_url, func.max(Capture.id).label("capture_id"))
        .where(Capture.status == 200, Capture.canonical_url.is_not(None))
        .group_by(Capture.canonical_url)
        .subquery()
    )
    rows = session.execute(
        select(
            Article.canonical_url,
            Revision.published,
            Capture.etag,
            Capture.last_modified,
            Capture.extraction_status,
        )
        .join(latest_ok, latest_ok.c.canonical_url == Article.canonical_url, isouter=True)
        .join(Capture, Capture.id == latest_ok.c.capture_id, isouter=True)
        .join(Revision, Revision.id == Article.current_revision_id, isouter=True)
        .where(Article.gone_at.is_(None))
    ).all()
    since = today - dt.timedelta(days=recent_days)
    chosen: dict[str, Revisit] = {}
    for url, published, etag, last_modified, status in rows:
        if status == "failed":
            reason = "failed"
        elif published is not None and published >= since:
            reason = "recent"
        elif full:
            reason = "full"
        else:
            continue
        chosen[url] = Revisit(url, etag, last_modified, reason)
    # Pages that never made an article (every extraction failed) are revisited too.
    failed_only = session.execute(
        select(Capture.canonical_url, Capture.etag, Capture.last_modified)
        .join(latest_ok, latest_ok.c.capture_id == Capture.id)
        .where(Capture.extraction_status == "failed")
    ).all()
    gone = {
        url for (url,) in session.execute(select(Article.canonical_url).where(Article.gone_at.is_not(None)))
    }
    for url, etag, last_modified in failed_only:
        if url not in chosen and url not in gone:
            chosen[url] = Revisit(url, etag, last_modified, "failed")
    order = {url: published for url, published, *_ in rows}
    return sorted(
        chosen.values(),
        key=lambda r: (order.get(r.url) or dt.date.min, r.url),
        reverse=True,
    )


def abandon_stale_runs(session: Session, *, except_run_id: int | None = None) -> list[int]:
    """Mark runs still "running" as interrupted; only for a caller that holds the crawl lock.

    A process killed with SIGKILL cannot record its end; the lock proves it is not running
    any more, so its row may say so. Returns the ids of the runs marked.
    """
    statement = select(Run).where(Run.status == "running")
    if except_run_id is not None:
        statement = statement.where(Run.id != except_run_id)
    marked = []
    for run in session.scalars(statement):
        run.status = "interrupted"
        run.message = ABANDONED_MESSAGE
        marked.append(run.id)
    return marked
