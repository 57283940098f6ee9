"""The shapes the pipeline hands to the rest of the project.

Everything downstream (archive, export, search, evaluation) speaks in these types, so
one word means one idea everywhere: an *announcement* is the CMS ``description`` line,
*authors* carry the position they were credited with, *translators* and
*photographers* are plain names.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

PageKind = Literal["article", "static", "listing", "other"]
ExtractionStatus = Literal["ok", "not_article", "failed"]

#: Failure reasons the pipeline can report; the archive stores them verbatim.
FAILURE_REASONS = (
    "empty",  # no body bytes at all
    "undecodable",  # no encoding yields readable text
    "not_html",  # binary or otherwise not a document
    "unparsable",  # the HTML parser gave up
    "no_date",  # an article URL, but no date line was found
    "no_title",  # a date line, but no title after it
    "no_body",  # title found, nothing after it
    "truncated",  # the document ends before the article does
    "too_deep",  # nested past the parser's depth limit, the content below it lost
    "error",  # an unexpected exception, caught so the crawl goes on
)


@dataclass(frozen=True, slots=True)
class Person:
    """A credited person; ``role`` is the position printed after the name, if any."""

    name: str
    role: str | None = None


@dataclass(frozen=True, slots=True)
class Partner:
    """An external organisation the article names, resolved to one canonical name.

    ``matched`` says where the name came from: the curated registry, or discovery from
    how organisation names are built (kept apart so the press office can curate them).
    ``surfaces`` are the spellings the text used (abbreviations included), in order.
    """

    name: str
    country: str | None = None
    kind: str | None = None  # university, institute, academy, society, association, international, ministry, embassy, other
    matched: Literal["registry", "discovered"] = "registry"
    surfaces: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class NamedPerson:
    """A person named in the article's text, with the title or position printed before the name."""

    name: str
    title: str | None = None


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    """One news article as extracted from one capture."""

    url: str  # canonical URL: the article's identity
    title: str
    announcement: str | None
    published: dt.date
    body: str  # paragraphs separated by a blank line
    authors: tuple[Person, ...] = ()
    translators: tuple[str, ...] = ()
    photographers: tuple[str, ...] = ()
    partners: tuple[Partner, ...] = ()
    people: tuple[NamedPerson, ...] = ()
    countries: tuple[str, ...] = ()  # normalised country names, mentioned or implied by partners
    language: str = "en"
    site_article_id: int | None = None
    rubric: int | None = None
    extractor_version: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict with the export's field names (dates as ISO strings)."""
        data = asdict(self)
        data["published"] = self.published.isoformat()
        data["authors"] = [{"name": p.name, "role": p.role} for p in self.authors]
        data["translators"] = list(self.translators)
        data["photographers"] = list(self.photographers)
        data["partners"] = [
            {"name": p.name, "country": p.country, "kind": p.kind, "matched": p.matched, "surfaces": list(p.surfaces)}
            for p in self.partners
        ]
        data["people"] = [{"name": p.name, "title": p.title} for p in self.people]
        data["countries"] = list(self.countries)
        return data

    def content_hash(self) -> str:
        """Hash of what the article *says*; equal hashes mean no new revision is needed.

        The extractor version is left out on purpose: a new extractor that reads the same
        facts must not create a revision.
        """
        data = self.to_dict()
        data.pop("extractor_version", None)
        blob = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Extraction:
    """What the pipeline made of one page: a record, a non-article, or a failure.

    The pipeline never raises; every outcome is one of these.
    """

    status: ExtractionStatus
    page_kind: PageKind
    url: str  # canonical URL when the page is an article, else the URL as given
    record: ArticleRecord | None = None
    failure: str | None = None  # one of FAILURE_REASONS when status == "failed"
    message: str | None = None  # human-readable detail of the failure
    encoding: str | None = None
    extractor_version: str = ""
    notes: tuple[str, ...] = field(default=())  # e.g. "profile-selectors-missed"

    @property
    def ok(self) -> bool:
        return self.status == "ok"
