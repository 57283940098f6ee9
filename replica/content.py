"""What the replica's pages say, independent of how they are marked up.

Both markup variants are rendered from these objects, which is what makes their truth
identical by construction: the truth is computed here, never from HTML.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from replica.vocab import MONTHS

#: The site's time zone (Minsk, no daylight saving since 2011).
MINSK = dt.timezone(dt.timedelta(hours=3), "MSK")

#: The suffix the CMS template hard-wires after the date ("год").
DATE_SUFFIX = "г."


def normalise(text: str) -> str:
    """Collapse every run of whitespace (NBSP included) to one space and strip the ends.

    This is the one normalisation the truth applies, so a reader-visible string and its
    truth differ only in whitespace.
    """
    return " ".join(text.split())


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of text with at most one inline style (bold, italic or a link)."""

    text: str
    tag: str | None = None  # None, "b", "i" or "a"
    href: str | None = None


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph-level piece of an article or static page.

    ``kind`` says how the markup shows it: ``text`` (a paragraph), ``caption`` (a photo
    caption, its own paragraph), ``item`` (a list item, its own paragraph), ``heading``
    (static pages only), ``image`` (no text: never part of the truth).
    """

    kind: str
    segments: tuple[Segment, ...] = ()
    src: str | None = None  # image path for ``image`` blocks
    list_style: str | None = None  # "ul" or "dash" for ``item`` blocks
    lang: str = "en"

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.segments)


def text_block(text: str, kind: str = "text", **kw: Any) -> Block:
    """A block of unstyled text: the common case for seeds and static pages."""
    return Block(kind, (Segment(text),), **kw)


@dataclass(frozen=True, slots=True)
class Credits:
    """The credit lines as printed, and what they mean.

    The printed lines and the parsed facts are generated together so the truth never
    depends on a parser of the lines.
    """

    lines: tuple[str, ...] = ()
    authors: tuple[tuple[str, str | None], ...] = ()
    photographers: tuple[str, ...] = ()
    translators: tuple[str, ...] = ()
    recipe: str = ""  # which variants were used, e.g. "role/by_author/colon/none"


@dataclass(frozen=True, slots=True)
class OrgTruth:
    """A partner organisation named in an article, with the spellings the text uses."""

    name: str
    country: str | None
    kind: str
    surface: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Article:
    """One news article of rubric 2 as the CMS would store it, plus serving facts."""

    article_id: int
    published: dt.date
    title: str
    announcement: str | None
    blocks: tuple[Block, ...]
    credits: Credits
    organisations: tuple[OrgTruth, ...] = ()
    people: tuple[tuple[str, str | None], ...] = ()
    rubric: int = 2
    seed: str | None = None
    expected_failure: str | None = None  # "no_date", "truncated", "undecodable"
    date_suffix: str = DATE_SUFFIX
    encoding: str = "windows-1251"
    banner: bool = False
    header_charset: bool = True  # False: the Content-Type header has no charset
    modified: dt.datetime | None = None  # last edit; None means publication time
    theme: str = ""
    features: tuple[str, ...] = field(default=())  # e.g. "caption-ru", "list-ul", "link"

    @property
    def canonical_path(self) -> str:
        return f"/allarticles/rubric{self.rubric}/article{self.article_id}/"

    @property
    def published_at(self) -> dt.datetime:
        """Publication time; the CMS keeps only a date, the replica says 10:00 Minsk."""
        return dt.datetime.combine(self.published, dt.time(10, 0), MINSK)

    @property
    def last_modified(self) -> dt.datetime:
        return self.modified or self.published_at

    @property
    def body_text(self) -> str:
        """The body as the truth states it: visible paragraphs joined by a blank line."""
        paras = (normalise(b.text) for b in self.blocks if b.kind != "image")
        return "\n\n".join(p for p in paras if p)

    @property
    def image_paths(self) -> tuple[str, ...]:
        return tuple(b.src for b in self.blocks if b.kind == "image" and b.src)

    def date_line(self) -> str:
        """The date line exactly as printed: ``3 June 2022 г.`` (day not padded)."""
        d = self.published
        line = f"{d.day} {MONTHS[d.month - 1]} {d.year}"
        return f"{line} {self.date_suffix}" if self.date_suffix else line

    def truth(self) -> dict[str, Any]:
        """The JSON-ready ground truth of this article."""
        return {
            "article_id": self.article_id,
            "rubric": self.rubric,
            "canonical_path": self.canonical_path,
            "title": normalise(self.title),
            "announcement": normalise(self.announcement) if self.announcement else None,
            "published": self.published.isoformat(),
            "body": self.body_text,
            "authors": [{"name": n, "role": r} for n, r in self.credits.authors],
            "translators": list(self.credits.translators),
            "photographers": list(self.credits.photographers),
            "credit_lines": list(self.credits.lines),
            "language": "en",
            "encoding": self.encoding,
            "header_charset": self.header_charset,
            "banner": self.banner,
            "date_suffix": self.date_suffix,
            "organisations": [
                {"name": o.name, "country": o.country, "kind": o.kind, "surface": list(o.surface)}
                for o in self.organisations
            ],
            "people": [{"name": n, "title": t} for n, t in self.people],
            "seed": self.seed,
            "expected_failure": self.expected_failure,
            "last_modified": self.last_modified.isoformat(),
        }


@dataclass(frozen=True, slots=True)
class StaticPage:
    """A page under ``/page/{block}/{menu}/``: not news, never in the truth's articles."""

    block: int
    menu: int
    title: str
    trail: tuple[str, ...]  # breadcrumb after "Main", e.g. ("University", "International cooperation")
    blocks: tuple[Block, ...]
    seed: str | None = None

    @property
    def path(self) -> str:
        return f"/page/{self.block}/{self.menu}/"
