"""The "modern" markup: an HTML5 div layout with the CMS's class names.

A ``head`` of meta tags, stylesheets, an inline style and a counter script; then the
reading order of an article page: ``header.top`` (language switcher, a link to the version
for the visually impaired, social icons, logo, search form ``form.searchArts`` and a search
link, the optional banner ``div.slogans``, the main menu ``nav.menu`` — every section with
its ``ul`` of sub-pages, the current one marked — and service links), ``main.content`` with
the breadcrumb ``div.current_url``, the date line ``div.date``, the title ``h1.Head``, the
announcement ``div.AnonsInMain`` and ``div.InText`` holding one ``<p>`` per paragraph
(captions, list items and the credit lines included), then ``aside.sidebar`` and
``footer.footer`` (link columns, contacts, counters, copyright), then the menu script.
Typographic characters are written as named entities. The furniture is built once per
current menu item and reused (``lru_cache``): pages stay cheap to render.
"""

from __future__ import annotations

import random
from functools import lru_cache

from replica.content import Article, Block, StaticPage
from replica.furniture import (
    COUNTERS,
    EMAILS,
    FOOTER_COLUMNS,
    JSON_LD_MODERN,
    KEYWORDS,
    LANGUAGES,
    MENU_TREE,
    ORIGIN,
    PHONES,
    RSS_PATH,
    SCRIPT_COUNTER_MODERN,
    SCRIPT_MENU_MODERN,
    SITE_DESCRIPTION,
    SOCIAL,
    SPECIAL_VERSION,
    STYLE_MODERN,
    STYLESHEETS_MODERN,
    current,
    generation_note,
)
from replica.markup import (
    ADDRESS,
    EMAIL,
    NEWS_TRAIL,
    PHONE,
    SEARCH_LINK,
    SITE_NAME,
    Chrome,
    ListingItem,
    Pagination,
    attr,
    escape,
    inline,
    static_trail,
)
from replica.vocab import SLOGANS


def _e(text: str) -> str:
    return escape(text, named_entities=True)


def _head() -> str:
    meta = [
        ("viewport", "width=device-width, initial-scale=1"),
        ("description", SITE_DESCRIPTION),
        ("keywords", KEYWORDS),
        ("author", SITE_NAME),
        ("robots", "index, follow"),
        ("generator", "BSMU CMS"),
        ("theme-color", "#0b3c6b"),
        ("twitter:card", "summary_large_image"),
        ("twitter:site", "@bsmu_official"),
    ]
    props = [
        ("og:site_name", SITE_NAME),
        ("og:type", "website"),
        ("og:locale", "en_US"),
        ("og:locale:alternate", "ru_RU"),
        ("og:description", SITE_DESCRIPTION),
        ("og:image", f"{ORIGIN}/img/og-image.jpg"),
    ]
    out = [f'<meta name="{n}" content="{attr(c)}">\n' for n, c in meta]
    out += [f'<meta property="{n}" content="{attr(c)}">\n' for n, c in props]
    out += [f'<link rel="stylesheet" href="{href}" type="text/css">\n'
            for href in STYLESHEETS_MODERN]
    out += [
        '<link rel="stylesheet" href="https://fonts.example.com/css?family=PT+Sans:400,700">\n',
        '<link rel="icon" href="/favicon.ico" type="image/x-icon">\n',
        f'<link rel="alternate" type="application/rss+xml" title="BSMU news" href="{RSS_PATH}">\n',
        '<link rel="alternate" hreflang="ru" href="https://www.bsmu.by/">\n',
    ]
    return "".join(out)


_HEAD = _head()
_HEAD_SCRIPTS = (f"<style>{STYLE_MODERN}</style>\n"
                 f'<script type="application/ld+json">{JSON_LD_MODERN}</script>\n'
                 f"<!-- counters -->\n<script>{SCRIPT_COUNTER_MODERN}</script>\n")
_TAIL = (f'<script src="/js/jquery.min.js"></script>\n<script>{SCRIPT_MENU_MODERN}</script>\n'
         f'<noscript><div><img src="https://stat.example.net/hit?id={COUNTERS[0][0]}" '
         'width="1" height="1" alt=""></div></noscript>\n')


def _body_class(section: str | None) -> str:
    slug = (section or "main").lower().replace(" ", "-")
    return f"page section-{slug}"


@lru_cache(maxsize=128)
def _header(banner: bool, section: str | None, item: str | None) -> str:
    """Top bar, logo, search, optional banner, main menu and service links."""
    out = ['<!-- begin header -->\n<header class="top">\n<div class="topbar">\n',
           '<ul class="lang-switch">\n']
    for code, label, href in LANGUAGES:
        cls = ' class="active"' if code == "en" else ""
        out.append(f'<li{cls}><a href="{href}" lang="{code}" hreflang="{code}">{label}</a></li>\n')
    out.append("</ul>\n")
    out.append(f'<a class="special-version" href="{attr(SPECIAL_VERSION)}" '
               'title="Version for the visually impaired"><img src="/img/icons/eye.png" '
               'width="20" height="14" alt=""> <span>Version for the visually impaired</span></a>\n')
    out.append(_social("social social-top"))
    out.append("</div>\n")
    out.append(f'<div class="logo"><a href="/"><img src="/img/logo.png" alt="{attr(SITE_NAME)}" '
               'width="72" height="72"></a></div>\n'
               f'<div class="site-name"><a href="/">{_e(SITE_NAME)}</a></div>\n')
    out.append('<form class="searchArts" action="/searchArticles/" method="get" role="search">'
               '<label for="search-words" class="visually-hidden">Search</label>'
               '<input type="text" name="words" id="search-words" value="" '
               'placeholder="Search the site"> '
               '<input type="submit" value="Search"></form>\n')
    out.append(f'<a class="search-link" href="{attr(SEARCH_LINK)}">Search the site</a>\n')
    if banner:
        out.append('<div class="slogans">\n')
        for head, text in SLOGANS:
            out.append(f'<div class="slogan"><div class="slogan-title">{_e(head)}</div>'
                       f'<div class="slogan-text">{_e(text)}</div></div>\n')
        out.append("</div>\n")
    out.append(_menu(section, item))
    out.append("</header>\n<!-- end header -->\n")
    return "".join(out)


def _menu(section: str | None, item: str | None) -> str:
    out = ['<!-- begin menu -->\n<nav class="menu" id="main-menu">\n',
           '<button class="menu-burger" type="button" aria-label="Menu">'
           "<span></span><span></span><span></span></button>\n",
           '<ul class="menu-level-1">\n']
    for sec in MENU_TREE:
        cls = ' class="active"' if sec.label == section else ""
        out.append(f'<li{cls}><a href="{attr(sec.path)}">{_e(sec.label)}</a>'
                   '<span class="menu-toggle"></span>\n<ul class="menu-level-2">\n')
        for label, href in sec.items:
            if sec.label == section and href == item:
                out.append(f'<li class="current"><a href="{attr(href)}">{_e(label)}</a></li>\n')
            else:
                out.append(f'<li><a href="{attr(href)}">{_e(label)}</a></li>\n')
        out.append("</ul>\n</li>\n")
    out.append("</ul>\n")
    out.append("</nav>\n<!-- end menu -->\n")
    return "".join(out)


def _social(cls: str) -> str:
    out = [f'<ul class="{cls}">\n']
    for name, href, icon in SOCIAL:
        out.append(f'<li><a href="{href}" target="_blank">'
                   f'<img src="{icon}" alt="{name}"></a></li>\n')
    out.append("</ul>\n")
    return "".join(out)


@lru_cache(maxsize=16)
def _footer(year: int) -> str:
    out = ['<!-- begin footer -->\n<footer class="footer">\n<div class="footer-columns">\n']
    for heading, links in FOOTER_COLUMNS:
        out.append(f'<div class="footer-col">\n<div class="footer-title">{_e(heading)}</div>\n'
                   '<ul class="footer-links">\n')
        out += [f'<li><a href="{attr(href)}">{_e(label)}</a></li>\n' for label, href in links]
        out.append("</ul>\n</div>\n")
    out.append("</div>\n")
    out.append('<div class="footer-contacts">\n'
               f'<div class="address">{_e(ADDRESS)}</div>\n'
               f'<div class="phone">Tel.: {_e(PHONE)}</div>\n<ul class="phones">\n')
    for label, number in PHONES:
        out.append(f"<li>{_e(label)}: {_e(number)}</li>\n")
    out.append(f'</ul>\n<div class="email">E-mail: <a href="mailto:{EMAIL}">{EMAIL}</a></div>\n'
               '<ul class="emails">\n')
    for label, address in EMAILS:
        out.append(f'<li>{_e(label)}: <a href="mailto:{address}">{address}</a></li>\n')
    out.append("</ul>\n</div>\n")
    out.append('<div class="counters">\n')
    for number, href, img in COUNTERS:
        out.append(f'<a href="{href}" target="_blank" rel="nofollow"><img src="{img}" '
                   f'width="88" height="31" alt="" id="counter-{number}"></a>\n')
    out.append('<img src="https://stat.example.net/pixel.gif" width="1" height="1" alt="" '
               'class="pixel">\n</div>\n')
    out.append(f'<div class="copyright">&copy; {year} {_e(SITE_NAME)}. All rights reserved. '
               "When using materials of the site, a link to the source is required.</div>\n"
               '<button class="to-top" type="button" aria-label="To the top"></button>\n'
               "</footer>\n<!-- end footer -->\n")
    return "".join(out)


class ModernRenderer:
    """Draws pages in the modern variant."""

    variant = "modern"

    # --- page frame ------------------------------------------------------------------

    def _page(self, title: str, main: str, chrome: Chrome, sidebar: bool = True) -> str:
        section, item = current(chrome.path)
        og_url = (f'<meta property="og:url" content="{ORIGIN}{attr(chrome.path)}">\n'
                  if chrome.path.startswith("/") else "")
        parts = [
            "<!DOCTYPE html>\n",
            '<html lang="en">\n<head>\n',
            f'<meta http-equiv="Content-Type" content="text/html; charset={chrome.charset}">\n',
            f"<title>{_e(title)} | BSMU</title>\n",
            _HEAD,
            f'<meta property="og:title" content="{attr(title)}">\n',
            og_url,
            _HEAD_SCRIPTS,
            "</head>\n",
            f'<body class="{_body_class(section)}">\n<div class="wrapper" id="top">\n',
            _header(chrome.banner, section, item),
            main,
            self._sidebar(chrome) if sidebar else "",
            _footer(chrome.year),
            "</div>\n",
            _TAIL,
            generation_note(chrome.path),
            "</body>\n</html>\n",
        ]
        return "".join(parts)

    def _trail(self, trail: tuple[tuple[str, str], ...]) -> str:
        links = " ".join(f'<a href="{path}">{_e(label)}</a>' for label, path in trail)
        return f'<div class="current_url">{links}</div>\n'

    def _sidebar(self, chrome: Chrome) -> str:
        out = ['<aside class="sidebar">\n<div class="HeadIn">International news</div>\n']
        for item in chrome.sidebar:
            out.append('<div class="newsIn">\n')
            out.append(f'<a class="TitleMainIn" href="{item.path}">{_e(item.title)}</a>\n')
            out.append(f'<div class="dateIn">{item.day_month}</div>\n')
            if item.announcement:
                out.append(f'<div class="AnonsInMainIn">{_e(item.announcement)}</div>\n')
            out.append("</div>\n")
        out.append('<a class="all" href="/allarticles/rubric2/">All news</a>\n</aside>\n')
        return "".join(out)

    # --- blocks ----------------------------------------------------------------------

    def _blocks(self, blocks: tuple[Block, ...], rng: random.Random) -> str:
        out: list[str] = []
        open_list = False
        for block in blocks:
            if block.kind == "item" and block.list_style == "ul":
                if not open_list:
                    out.append("<ul>\n")
                    open_list = True
                out.append(f"<li>{inline(block.segments, True)}</li>\n")
                continue
            if open_list:
                out.append("</ul>\n")
                open_list = False
            if block.kind == "image":
                out.append(f'<p style="text-align: center;"><img src="{attr(block.src or "")}" '
                           'alt="" width="600"></p>\n')
            elif block.kind == "caption":
                lang = ' lang="ru"' if block.lang == "ru" else ""
                out.append(f'<p class="caption" style="text-align: center;"{lang}>'
                           f"<em>{inline(block.segments, True)}</em></p>\n")
            elif block.kind == "heading":
                out.append(f"<h2>{inline(block.segments, True)}</h2>\n")
            else:
                style = ' style="text-align: justify;"' if rng.random() < 0.3 else ""
                out.append(f"<p{style}>{inline(block.segments, True)}</p>\n")
        if open_list:
            out.append("</ul>\n")
        return "".join(out)

    # --- pages -----------------------------------------------------------------------

    def article(self, article: Article, chrome: Chrome, with_date: bool = True) -> str:
        rng = random.Random(f"modern:{article.article_id}")
        main = ['<main class="content">\n', self._trail(NEWS_TRAIL)]
        if with_date:
            main.append(f'<div class="date">{_e(article.date_line())}</div>\n')
        main.append(f'<h1 class="Head">{_e(article.title)}</h1>\n')
        if article.announcement:
            main.append(f'<div class="AnonsInMain">{_e(article.announcement)}</div>\n')
        main.append('<div class="InText">\n')
        main.append(self._blocks(article.blocks, rng))
        right = rng.random() < 0.4
        for line in article.credits.lines:
            style = ' style="text-align: right;"' if right else ""
            main.append(f"<p{style}>{_e(line)}</p>\n")
        main.append("</div>\n</main>\n")
        return self._page(article.title, "".join(main), chrome)

    def listing(self, heading: str, trail: tuple[tuple[str, str], ...],
                items: list[ListingItem], pages: Pagination, chrome: Chrome) -> str:
        main = ['<main class="content">\n', self._trail(trail),
                f'<h1 class="Head">{_e(heading)}</h1>\n', '<div class="InText">\n']
        for item in items:
            main.append('<div class="AnonsInMain">\n')
            main.append(f'<a class="TitleMain" href="{item.path}">{_e(item.title)}</a>\n')
            main.append(f'<div class="date">{item.date}</div>\n')
            if item.announcement:
                main.append(f'<div class="AnonsInMainIn">{_e(item.announcement)}</div>\n')
            main.append("</div>\n")
        main.append("</div>\n")
        main.append(self._navi(pages))
        main.append("</main>\n")
        return self._page(heading, "".join(main), chrome, sidebar=False)

    def _navi(self, pages: Pagination) -> str:
        if len(pages.offsets) < 2:
            return ""
        links = []
        for number, offset in enumerate(pages.offsets, start=1):
            if offset == pages.current:
                links.append(f'<span class="navi_current">{number}</span>')
            else:
                links.append(f'<a href="{pages.path(offset)}">{number}</a>')
        return f'<div class="navi">{" ".join(links)}</div>\n'

    def static(self, page: StaticPage, chrome: Chrome) -> str:
        main = ['<main class="content">\n', self._trail(static_trail(page)),
                f'<h1 class="Head">{_e(page.title)}</h1>\n', '<div class="InText">\n',
                self._blocks(page.blocks, random.Random(page.path)), "</div>\n</main>\n"]
        return self._page(page.title, "".join(main), chrome)

    def simple(self, heading: str, paragraphs: list[str], chrome: Chrome,
               trail: tuple[tuple[str, str], ...] = ()) -> str:
        main = ['<main class="content">\n', self._trail(trail) if trail else "",
                f'<h1 class="Head">{_e(heading)}</h1>\n', '<div class="InText">\n']
        main += [f"<p>{p}</p>\n" for p in paragraphs]  # paragraphs are HTML already
        main.append("</div>\n</main>\n")
        return self._page(heading, "".join(main), chrome, sidebar=False)
