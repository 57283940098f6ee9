"""What changed between the revisions of one article, for people reading its history.

A revision stores the whole extracted record; the article page and ``/api/articles/{id}``
show, for each revision, which record fields differ from the revision before it and a
line diff of the text fields, so "the title was corrected on 3 May" can be seen without
comparing two bodies by eye. Computed on demand from the stored records: an article has a
handful of revisions, and nothing here needs to be kept in step with anything.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.models import Article, Capture, Revision
from archive.records import RECORD_FIELDS, format_timestamp

#: Fields of the stored record compared between revisions (the record's content, not the
#: archive's bookkeeping such as the revision number or the fetch time).
COMPARED_FIELDS = tuple(
    name
    for name in RECORD_FIELDS
    if name not in ("url", "fetched_at", "article_id", "rubric", "revision")
)
#: Fields long enough that a line diff says more than "changed".
TEXT_FIELDS = ("title", "announcement", "body")
DIFF_CONTEXT_LINES = 1


@dataclass(frozen=True, slots=True)
class RevisionChange:
    """One revision and how it differs from the previous one (all fields for the first)."""

    number: int
    capture_id: int
    created_at: str | None
    fetched_at: str | None
    extractor_version: str
    title: str
    changed: list[str]
    diffs: dict[str, list[str]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "capture_id": self.capture_id,
            "created_at": self.created_at,
            "fetched_at": self.fetched_at,
            "extractor_version": self.extractor_version,
            "title": self.title,
            "changed": list(self.changed),
            "diffs": {name: list(lines) for name, lines in self.diffs.items()},
        }


def article_id_for_site_id(session: Session, site_article_id: int) -> tuple[int, str] | None:
    """(archive id, canonical URL) of the article the site numbers ``site_article_id``.

    The CMS number is the article's identity on the site (``/article{ID}/``); should two
    rubrics ever share one, the article archived first answers.
    """
    row = session.execute(
        select(Article.id, Article.canonical_url)
        .where(Article.site_article_id == site_article_id)
        .order_by(Article.id)
        .limit(1)
    ).first()
    return None if row is None else (row.id, row.canonical_url)


def revision_changes(session: Session, article_id: int) -> list[RevisionChange]:
    """Every revision of the article, oldest first, with what changed from the one before."""
    rows = session.execute(
        select(
            Revision.number,
            Revision.capture_id,
            Revision.created_at,
            Revision.extractor_version,
            Revision.title,
            Revision.record,
            Capture.fetched_at,
        )
        .join(Capture, Capture.id == Revision.capture_id)
        .where(Revision.article_id == article_id)
        .order_by(Revision.number)
    ).all()
    changes: list[RevisionChange] = []
    previous: dict[str, Any] | None = None
    for row in rows:
        record: dict[str, Any] = row.record or {}
        if previous is None:
            changed = [name for name in COMPARED_FIELDS if record.get(name) not in (None, [], "")]
            diffs: dict[str, list[str]] = {}
        else:
            changed = [name for name in COMPARED_FIELDS if record.get(name) != previous.get(name)]
            diffs = {
                name: text_diff(previous.get(name), record.get(name))
                for name in TEXT_FIELDS
                if name in changed
            }
        changes.append(
            RevisionChange(
                number=row.number,
                capture_id=row.capture_id,
                created_at=format_timestamp(row.created_at),
                fetched_at=format_timestamp(row.fetched_at),
                extractor_version=row.extractor_version,
                title=row.title,
                changed=changed,
                diffs=diffs,
            )
        )
        previous = record
    return changes


def text_diff(before: str | None, after: str | None) -> list[str]:
    """A unified line diff (without file headers) of two versions of a text field."""
    lines = difflib.unified_diff(
        (before or "").splitlines(),
        (after or "").splitlines(),
        lineterm="",
        n=DIFF_CONTEXT_LINES,
    )
    return [line for line in lines if not line.startswith(("---", "+++"))]


def capture_of_article(session: Session, article_id: int, capture_id: int) -> Capture | None:
    """The capture, if it belongs to the article (the raw view shows nothing else)."""
    capture = session.get(Capture, capture_id)
    if capture is None or capture.article_id != article_id:
        return None
    return capture
