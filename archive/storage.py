"""The archive as the crawler and the CLI see it: one :class:`Archive` object.

Writes follow the raw-first rule. :meth:`Archive.store_capture` commits the response
exactly as fetched before anything is extracted from it; :meth:`Archive.store_extraction`
then records what the pipeline made of it, in its own transaction. Each call is one
transaction, so a crawl killed at any moment leaves either the whole of a call or none
of it, and never an article whose search entry disagrees with its current revision.

Writes are idempotent: an identical re-fetch adds no row (the latest capture's
``last_fetched_at``/``fetch_count`` move on), and re-extracting the same content adds no
revision. History is never overwritten: changed content becomes revision *n + 1* and the
earlier revisions stay.

Only the newest readable capture of an article speaks for its current content: a record
read from an older capture (re-extracting old captures in any order, as
``archive.reprocess`` does) links that capture to its article but never becomes a
revision, so re-reading history cannot make stale content current.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, get_args
from urllib.parse import urlsplit

from sqlalchemy import Engine, extract, func, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from archive.bodies import pack_body, unpack_body
from archive.columns import utc_now
from archive.crawl_memory import CrawlMemory, abandon_stale_runs, read_crawl_memory
from archive.db import describe_url, make_engine, resolve_db_url, writer
from archive.entities import PartnerSummary, add_entities, partner_summaries
from archive.fetched import FetchedPage
from archive.models import (
    RUN_STATUSES,
    Article,
    Capture,
    CaptureBody,
    Credit,
    Organisation,
    Person,
    Revision,
    Run,
)
from archive.people import display_name, name_key
from archive.records import RecordFilter, current_record, format_timestamp, select_current_records
from archive.schema import ensure_schema
from archive.search import SearchBackend, backend_for

if TYPE_CHECKING:
    from pipeline.record import ArticleRecord, Extraction

Outcome = Literal["new", "changed", "unchanged", "failed", "not_article"]
OUTCOMES: tuple[str, ...] = get_args(Outcome)

#: Run counters and the column each is stored in; outcome names are accepted as keys.
RUN_COUNTERS = {
    "requests": "requests",
    "responses": "responses",
    "new": "new",
    "changed": "changed",
    "unchanged": "unchanged",
    "gone": "gone",
    "failed": "failed",
    "not_articles": "not_articles",
    "not_article": "not_articles",
    "bytes": "bytes",
}

#: Statuses that say an article no longer exists at its URL.
GONE_STATUSES = frozenset({404, 410})
NOT_MODIFIED = 304


@dataclass(frozen=True, slots=True)
class CaptureRef:
    """What :meth:`Archive.store_capture` did with a response."""

    capture_id: int
    is_new: bool  # False: an identical re-fetch (or a 304) updated an existing capture
    needs_extraction: bool  # False: already extracted by this extractor version
    body_sha256: str
    canonical_url: str | None
    gone: bool = False  # True: this response (404/410) marked a known article gone
    #: The stored extraction outcome of an already-extracted capture ('ok', 'failed',
    #: 'not_article'), so a re-fetch that needs no extraction still counts as what it is.
    extraction_status: str = "pending"
    failure_reason: str | None = None


@dataclass(frozen=True, slots=True)
class CaptureInfo:
    """A stored capture's metadata, e.g. the validators for a conditional request."""

    capture_id: int
    url: str
    requested_url: str | None
    canonical_url: str | None
    status: int
    fetched_at: dt.datetime
    last_fetched_at: dt.datetime
    fetch_count: int
    etag: str | None
    last_modified: str | None
    body_sha256: str
    extraction_status: str
    extractor_version: str | None
    article_id: int | None
    failure_reason: str | None = None


@dataclass(frozen=True, slots=True)
class CaptureInput:
    """What the pipeline needs to read a stored capture again: no network involved."""

    capture_id: int
    url: str
    headers: dict[str, str]
    body: bytes


@dataclass(frozen=True, slots=True)
class RunInfo:
    """One crawl run as stored."""

    id: int
    started_at: dt.datetime
    finished_at: dt.datetime | None
    status: str
    start_urls: list[str]
    requests: int
    responses: int
    new: int
    changed: int
    unchanged: int
    gone: int
    failed: int
    not_articles: int
    bytes: int
    message: str | None
    log_path: str | None
    stats: dict[str, Any] | None = None

    @property
    def responses_by_status(self) -> dict[int, int]:
        """HTTP status -> responses, from the run's Scrapy stats."""
        prefix = "downloader/response_status_count/"
        found = {}
        for key, value in (self.stats or {}).items():
            if key.startswith(prefix) and key[len(prefix) :].isdigit():
                found[int(key[len(prefix) :])] = int(value or 0)
        return dict(sorted(found.items()))


class Archive:
    """The archive database: the one object the crawler, the CLI and the web UI use."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._writer = writer(engine)
        self._search: SearchBackend = backend_for(engine.dialect.name)

    @classmethod
    def open(cls, url: str | None = None) -> Archive:
        """Connect to ``url`` (else ``$BSMU_ARCHIVE_DB``, else the default file).

        An empty database gets the schema; raises ``ArchiveUnavailable`` when the database
        cannot be reached and ``SchemaOutOfDate`` when it needs ``bsmu-archive db upgrade``.
        """
        engine = make_engine(resolve_db_url(url))
        try:
            ensure_schema(engine)
        except BaseException:
            engine.dispose()
            raise
        return cls(engine)

    @property
    def url(self) -> str:
        """The database URL, password hidden."""
        return describe_url(self.engine.url)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def session(self) -> Session:
        """A session for reading (its transactions never take the write lock)."""
        return Session(self.engine, expire_on_commit=False)

    @contextmanager
    def _write(self) -> Iterator[Session]:
        """One write transaction: committed when the block ends, rolled back on error."""
        with Session(self._writer, expire_on_commit=False) as session, session.begin():
            yield session

    # -- runs ---------------------------------------------------------------------------

    def start_run(
        self,
        start_urls: Sequence[str],
        settings: Mapping[str, Any],
        *,
        log_path: str | None = None,
    ) -> int:
        """Record that a crawl starts; returns the run id to pass with its captures."""
        with self._write() as session:
            run = Run(
                started_at=utc_now(),
                status="running",
                start_urls=list(start_urls),
                settings=jsonable(dict(settings)),
                log_path=log_path,
            )
            session.add(run)
            session.flush()
            return run.id

    def finish_run(
        self,
        run_id: int,
        status: str,
        counts: Mapping[str, int],
        stats: Mapping[str, Any],
        message: str | None = None,
    ) -> None:
        """Record how a crawl ended.

        ``counts`` keys are those of ``RUN_COUNTERS`` (unknown keys raise ``ValueError``:
        a misspelt counter would otherwise vanish silently); ``stats`` is the crawler's
        full stats mapping, stored as JSON (datetimes become ISO strings).
        """
        if status not in RUN_STATUSES:
            raise ValueError(f"run status must be one of {RUN_STATUSES}, not {status!r}")
        unknown = sorted(set(counts) - set(RUN_COUNTERS))
        if unknown:
            raise ValueError(f"unknown run counters {unknown}; known: {sorted(RUN_COUNTERS)}")
        with self._write() as session:
            run = session.get(Run, run_id)
            if run is None:
                raise KeyError(f"no run {run_id}")
            run.status = status
            run.finished_at = utc_now()
            for key, value in counts.items():
                setattr(run, RUN_COUNTERS[key], int(value))
            run.stats = jsonable(dict(stats))
            run.message = message

    def runs(self, limit: int = 10) -> list[RunInfo]:
        """The latest runs, newest first."""
        with self.session() as session:
            rows = session.scalars(select(Run).order_by(Run.id.desc()).limit(limit))
            return [_run_info(run) for run in rows]

    def run(self, run_id: int) -> RunInfo:
        """One run; KeyError when there is none."""
        with self.session() as session:
            run = session.get(Run, run_id)
            if run is None:
                raise KeyError(f"no run {run_id}")
            return _run_info(run)

    def run_failures(self, run_id: int, limit: int = 50) -> list[CaptureInfo]:
        """The captures of a run whose extraction failed: where a layout change shows."""
        with self.session() as session:
            rows = session.scalars(
                select(Capture)
                .where(Capture.run_id == run_id, Capture.extraction_status == "failed")
                .order_by(Capture.id)
                .limit(limit)
            )
            return [_capture_info(capture) for capture in rows]

    def crawl_memory(
        self,
        *,
        today: dt.date,
        recent_days: int,
        full: bool,
        before_run_id: int | None = None,
        job: str | None = None,
    ) -> CrawlMemory:
        """What a crawl starting now should know (see :mod:`archive.crawl_memory`)."""
        with self.session() as session:
            return read_crawl_memory(
                session,
                today=today,
                recent_days=recent_days,
                full=full,
                before_run_id=before_run_id,
                job=job,
            )

    def reindex(self, on_batch: Callable[[int], None] | None = None, batch: int = 2_000) -> int:
        """Index the current revision of every article again; returns how many.

        For an archive whose rows arrived by other means than storing pages (a copy from
        another database); ``on_batch(n)`` is told of each batch, for a progress bar.
        """
        with self.session() as session:
            ids = list(session.scalars(select(Article.id).where(Article.current_revision_id.is_not(None)).order_by(Article.id)))
        for start in range(0, len(ids), batch):
            chunk = ids[start : start + batch]
            with self._write() as session:
                rows = session.execute(
                    select(Revision.article_id, Revision.title, Revision.announcement, Revision.body)
                    .join(Article, Article.current_revision_id == Revision.id)
                    .where(Article.id.in_(chunk))
                )
                for article_id, title, announcement, body in rows:
                    self._search.index_article(session, article_id, title, announcement, body)
            if on_batch is not None:
                on_batch(len(chunk))
        return len(ids)

    def abandon_stale_runs(self) -> list[int]:
        """Record runs left "running" by a dead process as interrupted (caller holds the lock)."""
        with self._write() as session:
            return abandon_stale_runs(session)

    # -- captures -----------------------------------------------------------------------

    def store_capture(
        self,
        page: FetchedPage,
        run_id: int | None,
        canonical_url: str | None = None,
        *,
        extractor_version: str | None = None,
    ) -> CaptureRef:
        """Store one response exactly as fetched and commit, before any extraction.

        ``canonical_url`` defaults to the article URL rule applied to ``page.url``.
        An identical re-fetch (same URL, status and body as the URL's latest capture) and
        a ``304 Not Modified`` update the latest capture instead of adding one.
        ``needs_extraction`` is False when the capture was already extracted (any outcome)
        by ``extractor_version``; without a version, when it was extracted at all.
        A 404/410 for the URL of a known article marks the article gone (``gone=True``).
        """
        if page.fetched_at.tzinfo is None:
            raise ValueError("FetchedPage.fetched_at must be timezone-aware (UTC)")
        if canonical_url is None:
            canonical_url = _canonical_article_url(page.url)
        headers = {str(k).lower(): str(v) for k, v in page.headers.items()}
        etag, last_modified = headers.get("etag"), headers.get("last-modified")
        digest = hashlib.sha256(page.body).hexdigest()

        with self._write() as session:
            latest = _latest_capture(session, page.url)
            if latest is not None and (
                page.status == NOT_MODIFIED
                or (latest.body_sha256 == digest and latest.status == page.status)
            ):
                latest.last_fetched_at = max(latest.last_fetched_at, page.fetched_at)
                latest.fetch_count += 1
                latest.run_id = run_id if run_id is not None else latest.run_id
                latest.etag = etag or latest.etag
                latest.last_modified = last_modified or latest.last_modified
                if latest.article_id is not None:
                    # Seen again, unchanged: the article is still there as of now.
                    article = session.get(Article, latest.article_id)
                    if article is not None:
                        article.last_seen_at = max(article.last_seen_at, page.fetched_at)
                return CaptureRef(
                    capture_id=latest.id,
                    is_new=False,
                    needs_extraction=_needs_extraction(latest, extractor_version),
                    body_sha256=latest.body_sha256,
                    canonical_url=latest.canonical_url,
                    extraction_status=latest.extraction_status,
                    failure_reason=latest.failure_reason,
                )

            if session.get(CaptureBody, digest) is None:
                packed = pack_body(page.body)
                _insert_ignore(
                    session,
                    CaptureBody,
                    {
                        "sha256": packed.sha256,
                        "body": packed.data,
                        "size": packed.size,
                        "compression": packed.compression,
                    },
                    ["sha256"],
                )
            capture = Capture(
                url=page.url,
                requested_url=page.requested_url if page.requested_url != page.url else None,
                canonical_url=canonical_url,
                status=page.status,
                headers=headers,
                body_sha256=digest,
                fetched_at=page.fetched_at,
                last_fetched_at=page.fetched_at,
                fetch_count=1,
                run_id=run_id,
                etag=etag,
                last_modified=last_modified,
                extraction_status="pending",
            )
            session.add(capture)
            session.flush()
            gone = False
            if page.status in GONE_STATUSES and canonical_url is not None:
                gone = _mark_gone(session, canonical_url, capture)
            return CaptureRef(
                capture_id=capture.id,
                is_new=True,
                needs_extraction=True,
                body_sha256=digest,
                canonical_url=canonical_url,
                gone=gone,
            )

    def latest_capture_for(self, url: str) -> CaptureInfo | None:
        """The newest capture fetched from ``url`` (or requested as ``url``).

        Falls back to the newest successful capture of the same article under any URL,
        so a crawl can send ``If-None-Match``/``If-Modified-Since`` for an article first
        found under a listing-offset URL.
        """
        with self.session() as session:
            capture = _latest_capture(session, url, also_requested=True)
            if capture is None:
                canonical = _canonical_article_url(url)
                if canonical is not None:
                    capture = session.scalars(
                        select(Capture)
                        .where(Capture.canonical_url == canonical, Capture.status == 200)
                        .order_by(Capture.fetched_at.desc(), Capture.id.desc())
                        .limit(1)
                    ).first()
            return None if capture is None else _capture_info(capture)

    def capture_body(self, capture_id: int) -> bytes:
        """The raw body of a capture, as it was fetched."""
        with self.session() as session:
            row = session.execute(
                select(CaptureBody.body, CaptureBody.compression)
                .join(Capture, Capture.body_sha256 == CaptureBody.sha256)
                .where(Capture.id == capture_id)
            ).first()
            if row is None:
                raise KeyError(f"no capture {capture_id}")
            return unpack_body(row.body, row.compression)

    def capture(self, capture_id: int) -> CaptureInfo:
        """The metadata of one capture."""
        with self.session() as session:
            capture = session.get(Capture, capture_id)
            if capture is None:
                raise KeyError(f"no capture {capture_id}")
            return _capture_info(capture)

    def capture_input(self, capture_id: int) -> CaptureInput:
        """URL, headers and raw body of a capture: the pipeline's input, as first fetched."""
        with self.session() as session:
            row = session.execute(
                select(Capture.url, Capture.headers, CaptureBody.body, CaptureBody.compression)
                .join(CaptureBody, CaptureBody.sha256 == Capture.body_sha256)
                .where(Capture.id == capture_id)
            ).first()
            if row is None:
                raise KeyError(f"no capture {capture_id}")
            return CaptureInput(
                capture_id=capture_id,
                url=row.url,
                headers={str(k): str(v) for k, v in (row.headers or {}).items()},
                body=unpack_body(row.body, row.compression),
            )

    def captures_to_reprocess(
        self, extractor_version: str, *, only_failed: bool = False, every: bool = False
    ) -> list[tuple[int, str]]:
        """(capture id, article key) of the captures to extract again, in reprocessing order.

        By default, the captures ``extractor_version`` has not read yet (pending, or read by
        another version); ``only_failed`` keeps those whose extraction failed, whatever
        version read them (a retry is what is asked); ``every`` takes them all. The key
        groups the captures of one article (its canonical URL, else the URL); within a
        group the newest capture comes first, so the one that speaks for the article's
        current content is read before older ones (see the module docstring).
        """
        key = func.coalesce(Capture.canonical_url, Capture.url)
        statement = select(Capture.id, key).order_by(
            key, Capture.fetched_at.desc(), Capture.id.desc()
        )
        if only_failed:
            statement = statement.where(Capture.extraction_status == "failed")
        elif not every:
            statement = statement.where(
                or_(
                    Capture.extraction_status == "pending",
                    Capture.extractor_version.is_(None),
                    Capture.extractor_version != extractor_version,
                )
            )
        with self.session() as session:
            return [(row[0], row[1]) for row in session.execute(statement)]

    # -- extraction ---------------------------------------------------------------------

    def store_extraction(self, capture_id: int, extraction: Extraction) -> Outcome:
        """Record what the pipeline made of a stored capture; one transaction.

        Returns ``new`` (first revision of an article), ``changed`` (a new revision),
        ``unchanged`` (same content as the current revision: nothing added), ``failed``
        or ``not_article``. The search index and the entity links (partners, named
        people, countries) follow the current revision in the same transaction.

        Order matters only through one rule: the record is compared with the current
        revision, so a capture older than one already read as an article only links to
        its article (``unchanged``) and never makes stale content current. Re-extracting
        an article's captures newest first (as ``archive.reprocess`` does) lets an older
        capture speak when the newer ones no longer read as articles.
        """
        if extraction.status not in ("ok", "not_article", "failed"):
            raise ValueError(f"unknown extraction status {extraction.status!r}")
        with self._write() as session:
            capture = session.get(Capture, capture_id)
            if capture is None:
                raise KeyError(f"no capture {capture_id}")
            record = extraction.record
            capture.extraction_status = extraction.status
            capture.failure_reason = extraction.failure
            capture.failure_message = extraction.message
            capture.page_kind = extraction.page_kind
            capture.encoding = extraction.encoding
            capture.extractor_version = extraction.extractor_version or (
                record.extractor_version if record is not None else None
            )
            capture.extraction_notes = list(extraction.notes) or None
            if extraction.status == "failed":
                return "failed"
            if extraction.status == "not_article":
                return "not_article"
            if record is None:
                capture.extraction_status = "failed"
                capture.failure_reason = "error"
                capture.failure_message = "the extraction said ok but carried no record"
                return "failed"
            return self._store_record(session, capture, record, extraction.extractor_version)

    def _store_record(
        self, session: Session, capture: Capture, record: ArticleRecord, extractor_version: str
    ) -> Outcome:
        article = _article_for(session, record, capture)
        capture.article_id = article.id
        capture.canonical_url = capture.canonical_url or article.canonical_url

        if _newer_readable_capture(session, capture, article.id):
            # Older content than the current revision's: linked, never made current.
            return "unchanged"

        content_hash = record.content_hash()
        current = (
            session.get(Revision, article.current_revision_id)
            if article.current_revision_id is not None
            else None
        )
        if current is not None and current.content_hash == content_hash:
            return "unchanged"

        last_number = session.scalar(
            select(func.max(Revision.number)).where(Revision.article_id == article.id)
        )
        revision = Revision(
            article_id=article.id,
            number=(last_number or 0) + 1,
            capture_id=capture.id,
            created_at=utc_now(),
            extractor_version=record.extractor_version or extractor_version or "",
            content_hash=content_hash,
            title=record.title,
            announcement=record.announcement,
            published=record.published,
            body=record.body,
            language=record.language,
            record=record.to_dict(),
        )
        session.add(revision)
        session.flush()
        _add_credits(session, revision.id, record)
        add_entities(session, revision.id, record, _person_id, _insert_ignore)
        article.current_revision_id = revision.id
        self._search.index_article(
            session, article.id, record.title, record.announcement, record.body
        )
        return "new" if revision.number == 1 else "changed"

    # -- reading ------------------------------------------------------------------------

    def iter_current_records(self, filters: RecordFilter | None = None) -> Iterator[dict[str, Any]]:
        """The current record of every matching article, streamed by date then URL."""
        statement = select_current_records(filters, self._search)
        with self.session() as session:
            for row in session.execute(statement.execution_options(yield_per=500)):
                yield current_record(row)

    def get_article(self, url: str) -> dict[str, Any] | None:
        """The current record of the article at ``url`` (any URL variant) with its history.

        Adds ``first_seen_at``, ``last_seen_at``, ``gone_at`` and ``revisions`` (number,
        created_at, content_hash, extractor_version, capture_id, fetched_at, title) to the
        record fields; None when the archive has no such article.
        """
        canonical = _canonical_article_url(url) or url
        with self.session() as session:
            article = session.scalars(
                select(Article).where(Article.canonical_url == canonical)
            ).first()
            if article is None:
                return None
            statement = select_current_records(None, self._search).where(Article.id == article.id)
            row = session.execute(statement).first()
            data: dict[str, Any] = current_record(row) if row is not None else {"url": canonical}
            data["first_seen_at"] = format_timestamp(article.first_seen_at)
            data["last_seen_at"] = format_timestamp(article.last_seen_at)
            data["gone_at"] = format_timestamp(article.gone_at)
            history = session.execute(
                select(
                    Revision.number,
                    Revision.created_at,
                    Revision.content_hash,
                    Revision.extractor_version,
                    Revision.capture_id,
                    Revision.title,
                    Capture.fetched_at,
                )
                .join(Capture, Capture.id == Revision.capture_id)
                .where(Revision.article_id == article.id)
                .order_by(Revision.number)
            )
            data["revisions"] = [
                {
                    "number": r.number,
                    "created_at": format_timestamp(r.created_at),
                    "content_hash": r.content_hash,
                    "extractor_version": r.extractor_version,
                    "capture_id": r.capture_id,
                    "fetched_at": format_timestamp(r.fetched_at),
                    "title": r.title,
                }
                for r in history
            ]
            return data

    def partners(self, *, country: str | None = None, unknown: bool = False) -> list[PartnerSummary]:
        """Organisations named by current revisions, with article counts and first/last dates.

        See :func:`archive.entities.partner_summaries` for ``country`` and ``unknown``.
        """
        with self.session() as session:
            return partner_summaries(session, country=country, unknown=unknown)

    def counts(self) -> dict[str, int]:
        """How many rows each kind of thing has: articles, revisions, captures, bodies,
        people, organisations, runs."""
        tables = {
            "articles": Article,
            "revisions": Revision,
            "captures": Capture,
            "bodies": CaptureBody,
            "people": Person,
            "organisations": Organisation,
            "runs": Run,
        }
        with self.session() as session:
            return {
                name: session.scalar(select(func.count()).select_from(model)) or 0
                for name, model in tables.items()
            }

    def articles_per_year(self) -> list[tuple[int, int]]:
        """(year of publication, number of articles) by the current revisions, oldest first."""
        year = extract("year", Revision.published)
        with self.session() as session:
            rows = session.execute(
                select(year, func.count())
                .join(Article, Article.current_revision_id == Revision.id)
                .group_by(year)
                .order_by(year)
            )
            return [(int(y), int(n)) for y, n in rows]


# -- helpers ------------------------------------------------------------------------------


def _canonical_article_url(url: str) -> str | None:
    """The pipeline's article URL rule, imported late: importing ``pipeline`` loads the
    whole extractor (HTML parsers, date parsing), which read-only commands never need."""
    from pipeline.urls import canonical_article_url as rule

    return rule(url)


def _latest_capture(session: Session, url: str, *, also_requested: bool = False) -> Capture | None:
    condition = Capture.url == url
    if also_requested:
        condition = or_(condition, Capture.requested_url == url)
    return session.scalars(
        select(Capture)
        .where(condition, Capture.status != NOT_MODIFIED)
        .order_by(Capture.fetched_at.desc(), Capture.id.desc())
        .limit(1)
    ).first()


def _needs_extraction(capture: Capture, extractor_version: str | None) -> bool:
    if capture.extraction_status == "pending":
        return True
    return extractor_version is not None and capture.extractor_version != extractor_version


def _newer_readable_capture(session: Session, capture: Capture, article_id: int) -> bool:
    """Whether a capture of the article fetched after ``capture`` was read as an article."""
    later = or_(
        Capture.fetched_at > capture.fetched_at,
        (Capture.fetched_at == capture.fetched_at) & (Capture.id > capture.id),
    )
    return (
        session.scalars(
            select(Capture.id)
            .where(
                Capture.article_id == article_id,
                Capture.extraction_status == "ok",
                Capture.id != capture.id,
                later,
            )
            .limit(1)
        ).first()
        is not None
    )


def _mark_gone(session: Session, canonical_url: str, capture: Capture) -> bool:
    article = session.scalars(select(Article).where(Article.canonical_url == canonical_url)).first()
    if article is None or article.gone_at is not None:
        return False
    article.gone_at = capture.fetched_at
    capture.article_id = article.id
    return True


def _article_for(session: Session, record: ArticleRecord, capture: Capture) -> Article:
    """The article row for ``record.url``, created if new, with its sighting times updated."""
    canonical = record.url
    # Locked for the rest of the transaction (PostgreSQL; SQLite's writers are serial
    # already): two writers storing the same article take turns, so neither can number
    # its revision from a stale maximum.
    article = session.scalars(
        select(Article).where(Article.canonical_url == canonical).with_for_update()
    ).first()
    if article is None:
        article = _new_article(session, record, capture)
    article.first_seen_at = min(article.first_seen_at, capture.fetched_at)
    article.last_seen_at = max(article.last_seen_at, capture.last_fetched_at)
    if record.site_article_id is not None:
        article.site_article_id = record.site_article_id
    if record.rubric is not None:
        article.rubric = record.rubric
    # Seen alive after it was marked gone: it is back (an old capture does not count).
    if article.gone_at is not None and capture.last_fetched_at >= article.gone_at:
        article.gone_at = None
    return article


def _new_article(session: Session, record: ArticleRecord, capture: Capture) -> Article:
    """Insert the article row (a concurrent writer may win the race: then take theirs)."""
    canonical = record.url
    _insert_ignore(
        session,
        Article,
        {
            "canonical_url": canonical,
            "site_article_id": record.site_article_id,
            "rubric": record.rubric,
            "host": urlsplit(canonical).hostname or "",
            "first_seen_at": capture.fetched_at,
            "last_seen_at": capture.last_fetched_at,
        },
        ["canonical_url"],
    )
    return session.scalars(
        select(Article).where(Article.canonical_url == canonical).with_for_update()
    ).one()


def _add_credits(session: Session, revision_id: int, record: ArticleRecord) -> None:
    credited: list[tuple[str, str, str | None]] = [
        ("author", person.name, person.role) for person in record.authors
    ]
    credited += [("translator", name, None) for name in record.translators]
    credited += [("photographer", name, None) for name in record.photographers]
    ordinals: dict[str, int] = {}
    for role, raw_name, position in credited:
        name = display_name(raw_name)
        if not name:
            continue
        ordinals[role] = ordinals.get(role, 0) + 1
        session.add(
            Credit(
                revision_id=revision_id,
                person_id=_person_id(session, name),
                role=role,
                position=position,
                ordinal=ordinals[role],
            )
        )
    session.flush()


def _person_id(session: Session, name: str) -> int:
    """The person's id; the same few people are credited again and again, so look first."""
    person_id = session.scalars(select(Person.id).where(Person.name == name)).first()
    if person_id is not None:
        return person_id
    _insert_ignore(session, Person, {"name": name, "name_key": name_key(name)}, ["name"])
    return session.scalars(select(Person.id).where(Person.name == name)).one()


def _insert_ignore(
    session: Session, model: type[Any], values: Mapping[str, Any], conflict_columns: list[str]
) -> None:
    """INSERT unless a row with the same ``conflict_columns`` exists (race-free where possible).

    SQLite and PostgreSQL do it in one statement (``ON CONFLICT DO NOTHING``), so two
    writers adding the same person or article cannot both succeed; other databases get a
    check-then-insert, which the unique constraint still guards.
    """
    dialect = session.get_bind().dialect.name
    if dialect in ("sqlite", "postgresql"):
        insert = sqlite.insert if dialect == "sqlite" else postgresql.insert
        statement = (
            insert(model).values(**values).on_conflict_do_nothing(index_elements=conflict_columns)
        )
        session.execute(statement)
        return
    condition = [getattr(model, c) == values[c] for c in conflict_columns]
    if session.scalars(select(model).where(*condition)).first() is None:
        session.add(model(**values))
        session.flush()


def _capture_info(capture: Capture) -> CaptureInfo:
    return CaptureInfo(
        capture_id=capture.id,
        url=capture.url,
        requested_url=capture.requested_url,
        canonical_url=capture.canonical_url,
        status=capture.status,
        fetched_at=capture.fetched_at,
        last_fetched_at=capture.last_fetched_at,
        fetch_count=capture.fetch_count,
        etag=capture.etag,
        last_modified=capture.last_modified,
        body_sha256=capture.body_sha256,
        extraction_status=capture.extraction_status,
        extractor_version=capture.extractor_version,
        article_id=capture.article_id,
        failure_reason=capture.failure_reason,
    )


def _run_info(run: Run) -> RunInfo:
    return RunInfo(
        id=run.id,
        started_at=run.started_at,
        finished_at=run.finished_at,
        status=run.status,
        start_urls=list(run.start_urls or ()),
        requests=run.requests,
        responses=run.responses,
        new=run.new,
        changed=run.changed,
        unchanged=run.unchanged,
        gone=run.gone,
        failed=run.failed,
        not_articles=run.not_articles,
        bytes=run.bytes,
        message=run.message,
        log_path=run.log_path,
        stats=run.stats,
    )


def jsonable(value: Any) -> Any:
    """``value`` with everything JSON cannot hold made plain (Scrapy stats hold datetimes)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [jsonable(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, set | frozenset) else items
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)
