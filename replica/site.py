"""A whole replica site: every page as bytes, plus the ground truth of every article.

``build_site`` is the entry point. The site is immutable; a later state of it (new,
edited or removed articles) is a new ``Site`` made by ``Site.evolve``, which a running
``ReplicaServer`` can switch to with ``replace_site``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random
import threading
from pathlib import Path
from typing import Any

from replica.content import MINSK, Article, Segment
from replica.corpus import Corpus, evolve_corpus, generate_corpus, has_banner
from replica.legacy import LegacyRenderer
from replica.markup import NEWS_TRAIL, Chrome, ListingItem, Pagination, Renderer, SidebarItem
from replica.modern import ModernRenderer
from replica.pages import PageMap, Response
from replica.vocab import MONTHS
from replica.writer import format_date

VARIANTS = ("modern", "legacy")
SIDEBAR_SIZE = 5
HOME_SIZE = 10
RSS_SIZE = 20
#: Where the real site lives: the RSS feed's links are absolute and point there.
REAL_ORIGIN = "http://eng.bsmu.by"
ROBOTS_TXT = "User-agent: *\nDisallow: /searchArticles/\nDisallow: /admin/\n"
_ROBOTS_DATE = dt.datetime(2019, 1, 15, 9, 0, tzinfo=MINSK)
_CUT = "@@CUT@@"
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _renderer(variant: str) -> Renderer:
    if variant == "modern":
        return ModernRenderer()
    if variant == "legacy":
        return LegacyRenderer()
    raise ValueError(f"variant must be one of {VARIANTS}, not {variant!r}")


def day_month(d: dt.date) -> str:
    """The sidebar's date: ``2 August``, no year."""
    return f"{d.day} {MONTHS[d.month - 1]}"


def rss_date(when: dt.datetime) -> str:
    """The feed's date: ``Friday, 12 Aug 2022 10:00:00 +0300`` (not RFC 822)."""
    w = when.astimezone(MINSK)
    return (f"{_WEEKDAYS[w.weekday()]}, {w.day} {MONTHS[w.month - 1][:3]} {w.year} "
            f"{w:%H:%M:%S} +0300")


@dataclasses.dataclass(eq=False)
class Site:
    """A built site: pages by path, the truth, and how it was made."""

    seed: int
    variant: str
    per_page: int
    corpus: Corpus
    fetched: dt.datetime  # the moment the site's pages describe ("time of fetching")
    pages: PageMap = dataclasses.field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._renderer = _renderer(self.variant)
        self._lock = threading.Lock()
        self.articles: tuple[Article, ...] = self.corpus.articles
        self.newest_first: list[Article] = sorted(
            self.articles, key=lambda a: (a.published, a.article_id), reverse=True)
        self.modified: dt.datetime = max(
            [a.last_modified for a in self.articles] + [_ROBOTS_DATE])
        self._listings: dict[tuple[int | None, int], Response] = {}
        pages: dict[str, Response] = {}
        for article in self.articles:
            pages[article.canonical_path] = self._article_response(article)
        for rubric in (2, None):
            for offset in self.listing_offsets:
                resp = self._listing(rubric, offset)
                pages[self._listing_path(rubric, offset)] = resp
        for static in self.corpus.statics:
            chrome = self._chrome(static.path)
            html = self._renderer.static(static, chrome)
            pages[static.path] = self._html(html, self.modified)
        pages["/"] = self._home()
        pages["/searchArticles/"] = self._html(self._renderer.simple(
            "Search", ["Enter a word or a phrase to search the news of the university."],
            self._chrome("/searchArticles/", sidebar=False)), self.modified)
        pages["/robots.txt"] = Response(ROBOTS_TXT.encode("ascii"), "text/plain", 200,
                                        _ROBOTS_DATE)
        pages["/rss/rss.xml"] = self._rss()
        self.not_found = Response(
            self._renderer.simple("Page not found", [
                'The page you requested does not exist. Go to the <a href="/">main page</a>.'
            ], self._chrome("/404", sidebar=False)).encode("windows-1251"),
            "text/html; charset=windows-1251", 404)
        self.pages = PageMap(pages, self._listing_at)

    # --- public helpers ----------------------------------------------------------------

    @property
    def truth(self) -> list[dict[str, Any]]:
        """Ground truth of every article (broken ones carry ``expected_failure``)."""
        return [a.truth() for a in self.articles]

    @property
    def static_paths(self) -> list[str]:
        return [p.path for p in self.corpus.statics]

    @property
    def article_paths(self) -> list[str]:
        return [a.canonical_path for a in self.articles]

    @property
    def listing_offsets(self) -> list[int]:
        return list(range(1, len(self.articles) + 1, self.per_page))

    @property
    def listing_paths(self) -> list[str]:
        return [self._listing_path(r, o) for r in (2, None) for o in self.listing_offsets]

    def article(self, article_id: int) -> Article:
        return next(a for a in self.articles if a.article_id == article_id)

    def respond(self, path: str) -> Response:
        """The response for ``path``; the 404 page when there is none."""
        return self.pages.resolve(path) or self.not_found

    def evolve(self, *, add: int = 0, edit: tuple[int, ...] | list[int] = (),
               remove: tuple[int, ...] | list[int] = (), days: int = 1) -> Site:
        """The same site ``days`` later: new articles, edited ones, removed ones.

        The result has the same variant and page size; pass it to
        ``ReplicaServer.replace_site`` to let a crawler see the change.
        """
        now = self.fetched + dt.timedelta(days=days)
        corpus = evolve_corpus(self.corpus, now=now - dt.timedelta(hours=2), add=add,
                               edit=edit, remove=remove)
        return _make_site(corpus, self.variant, self.per_page, minimum=now)

    def write(self, directory: str | Path) -> Path:
        """Write every page as a file (``.../index.html`` for paths ending in "/"),
        ``truth.json`` and ``manifest.json`` (path -> file, type, status, ETag)."""
        root = Path(directory)
        root.mkdir(parents=True, exist_ok=True)
        manifest: dict[str, dict[str, Any]] = {}
        for path, resp in self.pages.items():
            rel = path.lstrip("/")
            if not rel or rel.endswith("/"):
                rel += "index.html"
            target = root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(resp.body)
            manifest[path] = {"file": rel, "content_type": resp.content_type,
                              "status": resp.status, "etag": resp.etag,
                              "last_modified": resp.last_modified_http}
        (root / "truth.json").write_text(
            json.dumps(self.truth, ensure_ascii=False, indent=1), encoding="utf-8")
        (root / "manifest.json").write_text(
            json.dumps({"seed": self.seed, "variant": self.variant, "per_page": self.per_page,
                        "fetched": self.fetched.isoformat(), "pages": manifest},
                       ensure_ascii=False, indent=1), encoding="utf-8")
        return root

    # --- building ----------------------------------------------------------------------

    def _chrome(self, path: str, sidebar: bool = True, exclude: Article | None = None,
                charset: str = "windows-1251", banner: bool | None = None) -> Chrome:
        items: list[SidebarItem] = []
        if sidebar:
            for other in self.newest_first:
                if len(items) == SIDEBAR_SIZE:
                    break
                if exclude is not None and (
                        other.article_id == exclude.article_id
                        or day_month(other.published) == day_month(exclude.published)):
                    continue  # the sidebar never shows the article's own day
                items.append(SidebarItem(other.title, other.canonical_path,
                                         day_month(other.published), other.announcement))
        return Chrome(has_banner(path) if banner is None else banner, tuple(items),
                      self.fetched.year, charset, path)

    def _html(self, html: str, modified: dt.datetime, charset: str = "windows-1251",
              header_charset: bool = True) -> Response:
        body = html.encode(charset, errors="xmlcharrefreplace")
        ctype = f"text/html; charset={charset}" if header_charset else "text/html"
        return Response(body, ctype, 200, modified)

    def _article_response(self, article: Article) -> Response:
        chrome = self._chrome(article.canonical_path, exclude=article,
                              charset=article.encoding, banner=article.banner)
        if article.expected_failure == "undecodable":
            return Response(_garbage(self.seed, article.article_id),
                            "text/html; charset=windows-1251", 200, article.last_modified)
        if article.expected_failure == "truncated":
            html = self._renderer.article(_with_cut(article), chrome)
            body = html.encode(article.encoding, errors="xmlcharrefreplace")
            body = body[: body.index(_CUT.encode("ascii"))]
            return Response(body, f"text/html; charset={article.encoding}", 200,
                            article.last_modified)
        html = self._renderer.article(article, chrome,
                                      with_date=article.expected_failure != "no_date")
        return self._html(html, article.last_modified, article.encoding, article.header_charset)

    @staticmethod
    def _listing_path(rubric: int | None, offset: int) -> str:
        base = f"/allarticles/rubric{rubric}/" if rubric else "/allarticles/"
        return base if offset == 1 else f"{base}page{offset}/"

    def _listing(self, rubric: int | None, offset: int) -> Response:
        key = (rubric, offset)
        with self._lock:
            cached = self._listings.get(key)
        if cached is not None:
            return cached
        chunk = self.newest_first[offset - 1: offset - 1 + self.per_page]
        items = []
        for a in chunk:
            path = a.canonical_path if offset == 1 else \
                f"/allarticles/rubric{a.rubric}/page{offset}/article{a.article_id}/"
            items.append(ListingItem(a.title, path, format_date(a.published), a.announcement))
        base = self._listing_path(rubric, 1)
        trail = NEWS_TRAIL if rubric else NEWS_TRAIL[:2]
        heading = "International" if rubric else "News"
        offsets = tuple(self.listing_offsets)
        html = self._renderer.listing(heading, trail, items, Pagination(offsets, offset, base),
                                      self._chrome(self._listing_path(rubric, offset),
                                                   sidebar=False))
        resp = self._html(html, self.modified)
        with self._lock:
            self._listings[key] = resp
        return resp

    def _listing_at(self, rubric: int | None, offset: int) -> Response | None:
        """A listing at any start offset the CMS would accept (LIMIT offset-1, per_page)."""
        if rubric not in (2, None) or not 1 <= offset <= len(self.articles):
            return None
        return self._listing(rubric, offset)

    def _home(self) -> Response:
        items = [ListingItem(a.title, a.canonical_path, format_date(a.published), a.announcement)
                 for a in self.newest_first[:HOME_SIZE]]
        html = self._renderer.listing("Latest news", (("Main", "/"),), items,
                                      Pagination((1,), 1, "/allarticles/"),
                                      self._chrome("/", sidebar=False))
        return self._html(html, self.modified)

    def _rss(self) -> Response:
        from xml.sax.saxutils import escape as xml_escape

        lines = ['<?xml version="1.0" encoding="windows-1251"?>', '<rss version="2.0">',
                 "<channel>", "<title>BSMU: News</title>", f"<link>{REAL_ORIGIN}/</link>",
                 "<description>News of Belarusian State Medical University</description>",
                 "<language>en</language>"]
        for a in self.newest_first[:RSS_SIZE]:
            lines += ["<item>", f"<title>{xml_escape(a.title)}</title>",
                      f"<link>{REAL_ORIGIN}{a.canonical_path}</link>",
                      f"<description>{xml_escape(a.announcement or a.title)}</description>",
                      f"<pubDate>{rss_date(a.published_at)}</pubDate>", "</item>"]
        lines += ["</channel>", "</rss>", ""]
        body = "\n".join(lines).encode("windows-1251", errors="xmlcharrefreplace")
        return Response(body, "application/rss+xml; charset=windows-1251", 200, self.modified)


def _with_cut(article: Article) -> Article:
    """A copy with a cut marker in the middle of a middle paragraph (for "truncated")."""
    texts = [i for i, b in enumerate(article.blocks) if b.kind == "text"]
    index = texts[len(texts) // 2]
    block = article.blocks[index]
    seg_i = max(range(len(block.segments)), key=lambda i: len(block.segments[i].text))
    seg = block.segments[seg_i]
    words = seg.text.split(" ")
    half = max(1, len(words) // 2)
    cut_seg = Segment(" ".join(words[:half]) + _CUT + " " + " ".join(words[half:]),
                      seg.tag, seg.href)
    segments = (*block.segments[:seg_i], cut_seg, *block.segments[seg_i + 1:])
    blocks = list(article.blocks)
    blocks[index] = dataclasses.replace(block, segments=segments)
    return dataclasses.replace(article, blocks=tuple(blocks))


def _garbage(seed: int, article_id: int) -> bytes:
    """Bytes that are no text in any encoding: NULs, control bytes and random high bytes."""
    rng = random.Random(f"garbage:{seed}:{article_id}")
    out = bytearray(b"\x89\x00\x00\x01")
    for _ in range(6000):
        r = rng.random()
        if r < 0.35:
            out.append(0)
        elif r < 0.45:
            out.append(rng.randint(1, 8))
        else:
            out.append(rng.randint(0x80, 0xFF))
    return bytes(out)


def _make_site(corpus: Corpus, variant: str, per_page: int,
               minimum: dt.datetime | None = None) -> Site:
    newest = max(a.last_modified for a in corpus.articles)
    fetched = dt.datetime.combine(newest.astimezone(MINSK).date() + dt.timedelta(days=2),
                                  dt.time(12, 0), MINSK)
    if minimum is not None and minimum > fetched:
        fetched = minimum
    return Site(corpus.seed, variant, per_page, corpus, fetched)


def build_site(seed: int = 2026, n_articles: int = 320, variant: str = "modern",
               per_page: int = 15) -> Site:
    """Build the replica of eng.bsmu.by's News > International.

    Same arguments, same bytes: everything random is drawn from ``seed``. ``variant``
    picks the markup ("modern" or "legacy"); the content and the truth do not depend on
    it. ``per_page`` is the listing size (the CMS default is 15).
    """
    if variant not in VARIANTS:
        raise ValueError(f"variant must be one of {VARIANTS}, not {variant!r}")
    if per_page < 1:
        raise ValueError("per_page must be positive")
    return _make_site(generate_corpus(seed, n_articles), variant, per_page)
