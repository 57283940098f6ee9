"""Reprocess: stored captures read again with no network, revisions only where records change.

The archive is filled from real replica pages, but "extracted" by a simulated old
extractor (version 0.9): hand-made extractions that read some titles differently, found
no entities, or failed outright. Reprocessing with the real pipeline must then add a
revision exactly where the current extractor's record differs from the stored one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import func, select

from archive.fetched import FetchedPage
from archive.models import Article, Capture, Revision
from archive.reprocess import ReprocessSummary, reprocess
from archive.storage import Archive
from pipeline import EXTRACTOR_VERSION, extract_page
from pipeline.record import ArticleRecord, Extraction
from tests.conftest import FETCHED_AT

HOST = "https://eng.bsmu.by"
OLD = "0.9"
DAY = dt.timedelta(days=1)


@dataclasses.dataclass
class Scenario:
    """What the old extractor stored and what reprocessing should therefore do."""

    archive: Archive
    changed: set[str]  # URLs whose record differs under the current extractor
    unchanged: set[str]
    retried: str  # an ok page whose old extraction failed
    broken: str  # a page that fails under any extractor
    edited: str  # an article captured twice, edited in between
    listing: str
    misread: set[str]  # URLs whose stored title the old extractor got wrong


@pytest.fixture(scope="module")
def sites() -> tuple[Any, Any]:
    from replica import build_site

    site = build_site(n_articles=12)
    edited_id = int(site.article_paths[1].rstrip("/").rsplit("article", 1)[1])
    return site, site.evolve(edit=(edited_id,))


def _store(archive: Archive, site: Any, path: str, at: dt.datetime) -> tuple[int, Extraction]:
    """Store the replica's response for ``path``; return the capture id and its real extraction."""
    response = site.pages.resolve(path)
    url = HOST + path
    page = FetchedPage(url, response.status, response.body, at, headers=response.headers)
    ref = archive.store_capture(page, None)
    return ref.capture_id, extract_page(response.body, url, page.headers)


def _old(record: ArticleRecord, **changes: Any) -> Extraction:
    old_record = dataclasses.replace(record, extractor_version=OLD, **changes)
    return Extraction("ok", "article", record.url, old_record, extractor_version=OLD)


@pytest.fixture
def scenario(archive: Archive, sites: tuple[Any, Any]) -> Scenario:
    site, evolved = sites
    paths = site.article_paths
    changed: set[str] = set()
    unchanged: set[str] = set()
    misread: set[str] = set()
    broken = retried = edited = ""
    for index, path in enumerate(paths):
        capture_id, real = _store(archive, site, path, FETCHED_AT)
        url = HOST + path
        if not real.ok:  # the replica's deliberately broken page
            broken = url
            stored = dataclasses.replace(real, extractor_version=OLD)
        elif index == 1:  # edited later: captured again below
            edited = url
            stored = _old(real.record)
        elif index == 2:
            retried = url
            stored = Extraction("failed", "article", url, failure="no_body", extractor_version=OLD)
        elif index in (3, 4):  # the old extractor misread the title
            changed.add(url)
            misread.add(url)
            stored = _old(real.record, title=real.record.title + " [misread]")
        else:  # the old extractor found no entities: changed only if there are some now
            stored = _old(real.record, partners=(), people=(), countries=())
            old_hash = stored.record.content_hash()
            (changed if old_hash != real.record.content_hash() else unchanged).add(url)
        archive.store_extraction(capture_id, stored)

    # The edited article's second capture, a day later, read by the old extractor too.
    capture_id, real = _store(archive, evolved, paths[1], FETCHED_AT + DAY)
    assert real.ok
    archive.store_extraction(capture_id, _old(real.record))

    listing_path = site.listing_paths[0]
    capture_id, real = _store(archive, site, listing_path, FETCHED_AT)
    archive.store_extraction(capture_id, dataclasses.replace(real, extractor_version=OLD))
    assert broken and len(changed) >= 2
    return Scenario(archive, changed, unchanged, retried, broken, edited, HOST + listing_path, misread)


def revisions(archive: Archive) -> dict[str, list[tuple[int, str, str]]]:
    """(number, extractor version, title) of every revision, by article URL."""
    with archive.session() as session:
        rows = session.execute(
            select(Article.canonical_url, Revision.number, Revision.extractor_version, Revision.title)
            .join(Revision, Revision.article_id == Article.id)
            .order_by(Article.canonical_url, Revision.number)
        )
        result: dict[str, list[tuple[int, str, str]]] = {}
        for url, number, version, title in rows:
            result.setdefault(url, []).append((number, version, title))
        return result


def current_titles(archive: Archive) -> dict[str, str]:
    return {r["url"]: r["title"] for r in archive.iter_current_records()}


def test_new_revisions_only_where_the_record_changed(scenario: Scenario) -> None:
    archive = scenario.archive
    before = revisions(archive)
    summary = reprocess(archive)
    after = revisions(archive)

    for url in scenario.changed:
        assert [n for n, _, _ in after[url]] == [1, 2]
        assert after[url][-1][1] == EXTRACTOR_VERSION
        assert "[misread]" not in after[url][-1][2]
    for url in scenario.unchanged:
        assert after[url] == before[url] == [(1, OLD, after[url][0][2])]
    # Failed before, readable now: a new article, stamped with the current version.
    assert before.get(scenario.retried) is None
    assert after[scenario.retried] == [(1, EXTRACTOR_VERSION, after[scenario.retried][0][2])]
    # Captured twice: the older capture never becomes current again.
    assert [n for n, _, _ in after[scenario.edited]] == [n for n, _, _ in before[scenario.edited]]
    assert current_titles(archive)[scenario.edited] == before[scenario.edited][-1][2]

    assert summary == ReprocessSummary(
        captures=14,
        changed=len(scenario.changed),
        new=1,
        unchanged=len(scenario.unchanged) + 2,  # plus both captures of the edited article
        failed=1,
        not_articles=1,
    )
    assert summary.line().startswith(f"reprocessed 14 captures: {len(scenario.changed)} changed, 1 new")

    with archive.session() as session:
        versions = set(session.scalars(select(Capture.extractor_version)))
    assert versions == {EXTRACTOR_VERSION}


def test_second_reprocess_is_a_no_op(scenario: Scenario) -> None:
    archive = scenario.archive
    reprocess(archive)
    counts, history = archive.counts(), revisions(archive)
    again = reprocess(archive)
    assert again == ReprocessSummary()
    assert again.line() == "reprocessed 0 captures: 0 changed, 0 unchanged, 0 failed"
    # Re-reading everything, or retrying the failures, adds nothing either.
    assert reprocess(archive, every=True).captures == 14
    failed = reprocess(archive, only_failed=True)
    assert (failed.captures, failed.failed) == (1, 1)
    assert (archive.counts(), revisions(archive)) == (counts, history)


def test_only_failed_retries_the_failed_captures(scenario: Scenario) -> None:
    archive = scenario.archive
    summary = reprocess(archive, only_failed=True)
    assert (summary.captures, summary.new, summary.failed) == (2, 1, 1)
    assert scenario.retried in current_titles(archive)
    # The misread titles wait for a full reprocess.
    assert all("[misread]" in current_titles(archive)[url] for url in scenario.misread)


def test_an_interrupted_reprocess_finishes_on_the_next_run(
    scenario: Scenario, archive_url: str, tmp_path: Any
) -> None:
    archive = scenario.archive

    class Killed(Exception):
        pass

    def kill_after_five(_capture_id: int, _outcome: str, seen: list[int] = []) -> None:  # noqa: B006
        seen.append(1)
        if len(seen) == 5:
            raise Killed

    with pytest.raises(Killed):
        reprocess(archive, on_capture=kill_after_five)
    rest = reprocess(archive)
    assert rest.captures == 9
    assert reprocess(archive).captures == 0
    history = revisions(archive)
    for url in scenario.changed:
        assert [n for n, _, _ in history[url]] == [1, 2]
    for url in scenario.unchanged:
        assert len(history[url]) == 1


def test_older_capture_stored_last_links_but_never_becomes_current(
    archive: Archive, store_article: Any
) -> None:
    from tests.conftest import make_record

    newer = make_record(7, title="Edited title")
    store_article(newer, body=b"<html>new</html>", fetched_at=FETCHED_AT + DAY)
    older_capture, outcome = store_article(
        make_record(7, title="First title"), body=b"<html>old</html>", fetched_at=FETCHED_AT
    )
    assert outcome == "unchanged"
    assert current_titles(archive) == {newer.url: "Edited title"}
    assert archive.capture(older_capture).article_id is not None
    with archive.session() as session:
        article = session.scalars(select(Article)).one()
        assert article.first_seen_at == FETCHED_AT
        assert session.scalar(select(func.count()).select_from(Revision)) == 1


def test_progress_callbacks_see_every_capture(scenario: Scenario) -> None:
    totals: list[int] = []
    outcomes: list[str] = []
    reprocess(
        scenario.archive,
        on_start=totals.append,
        on_capture=lambda _id, outcome: outcomes.append(outcome),
    )
    assert totals == [14] and len(outcomes) == 14


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Any socket connection fails the test: reprocessing reads only the archive."""
    import socket

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("reprocess tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    yield


def test_reprocess_uses_no_network(scenario: Scenario, no_network: None) -> None:
    assert reprocess(scenario.archive).captures == 14
