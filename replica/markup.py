"""What both markup variants share: page context, escaping, contacts, breadcrumbs.

The real templates are unknown (they live in the CMS database), so the replica ships two
plausible ones of different eras. Everything a reader sees of an article is the same in
both; only the tags differ. Concrete HTML lives in ``modern`` and ``legacy``, the site
furniture around the content (menus, head, footer, counters) in ``furniture``.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Protocol

from replica.content import Article, Segment, StaticPage

SITE_NAME = "Belarusian State Medical University"
ADDRESS = "83 Dzerzhinski Ave., Minsk, 220083, Republic of Belarus"
PHONE = "+375 17 277-12-02"
EMAIL = "bsmu@bsmu.by"

SEARCH_LINK = "/searchArticles/?words=cooperation"

#: Breadcrumb of the rubric: every crumb is a link.
NEWS_TRAIL: tuple[tuple[str, str], ...] = (
    ("Main", "/"),
    ("News", "/allarticles/"),
    ("International", "/allarticles/rubric2/"),
)

#: Block numbers of static pages and the breadcrumb crumb they stand for.
BLOCK_PATHS: dict[str, str] = {
    "University": "/page/6/1/",
    "International cooperation": "/page/6/41/",
    "Admission": "/page/4/20/",
    "For students": "/page/3/12/",
}

_NAMED = {
    "\u2013": "&ndash;",
    "\u2014": "&mdash;",
    "\u00ab": "&laquo;",
    "\u00bb": "&raquo;",
    "\u201c": "&ldquo;",
    "\u201d": "&rdquo;",
    "\u2019": "&rsquo;",
    "\u00a0": "&nbsp;",
    "\u00a9": "&copy;",
}


def escape(text: str, named_entities: bool = False) -> str:
    """Escape text for HTML; optionally spell typographic characters as named entities.

    Editors of the modern era emit ``&ndash;`` and friends, old templates wrote raw
    windows-1251 bytes: the reader sees the same characters either way.
    """
    out = html.escape(text, quote=False)
    if named_entities:
        out = "".join(_NAMED.get(ch, ch) for ch in out)
    return out


def attr(text: str) -> str:
    return html.escape(text, quote=True)


@dataclass(frozen=True, slots=True)
class SidebarItem:
    """One entry of the "other news" column: the date has no year, as on the site."""

    title: str
    path: str
    day_month: str
    announcement: str | None


@dataclass(frozen=True, slots=True)
class ListingItem:
    """One entry of a listing page: title link, date with year, announcement."""

    title: str
    path: str
    date: str
    announcement: str | None


@dataclass(frozen=True, slots=True)
class Chrome:
    """What surrounds the content of a page: banner, sidebar, footer year, charset, and
    the page's own path (it marks the current menu item and fills ``og:url``)."""

    banner: bool
    sidebar: tuple[SidebarItem, ...]
    year: int
    charset: str = "windows-1251"
    path: str = ""


@dataclass(frozen=True, slots=True)
class Pagination:
    """Links of a listing to its other pages, by 1-based start offset."""

    offsets: tuple[int, ...]
    current: int
    base: str  # "/allarticles/rubric2/" or "/allarticles/"

    def path(self, offset: int) -> str:
        return self.base if offset == 1 else f"{self.base}page{offset}/"


class Renderer(Protocol):
    """The pages a markup variant can draw."""

    def article(self, article: Article, chrome: Chrome, with_date: bool = True) -> str: ...

    def listing(self, heading: str, trail: tuple[tuple[str, str], ...],
                items: list[ListingItem], pages: Pagination, chrome: Chrome) -> str: ...

    def static(self, page: StaticPage, chrome: Chrome) -> str: ...

    def simple(self, heading: str, paragraphs: list[str], chrome: Chrome,
               trail: tuple[tuple[str, str], ...] = ()) -> str: ...


def static_trail(page: StaticPage) -> tuple[tuple[str, str], ...]:
    """Breadcrumb links of a static page: Main, then its section(s); the last is itself."""
    crumbs: list[tuple[str, str]] = [("Main", "/")]
    for i, label in enumerate(page.trail):
        last = i == len(page.trail) - 1
        crumbs.append((label, page.path if last else BLOCK_PATHS.get(label, page.path)))
    return tuple(crumbs)


def inline(segments: tuple[Segment, ...], named_entities: bool, upper: bool = False) -> str:
    """Inline HTML of a paragraph's segments; ``upper`` spells tags the HTML 3 way."""
    parts = []
    for seg in segments:
        text = escape(seg.text, named_entities)
        if seg.tag == "a":
            a = "A HREF" if upper else "a href"
            close = "</A>" if upper else "</a>"
            parts.append(f'<{a}="{attr(seg.href or "")}" target="_blank">{text}{close}')
        elif seg.tag in ("b", "i"):
            tag = seg.tag.upper() if upper else seg.tag
            parts.append(f"<{tag}>{text}</{tag}>")
        else:
            parts.append(text)
    return "".join(parts)
