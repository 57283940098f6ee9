"""The "modern" markup: an HTML5 div layout with the CMS's class names.

Reading order of an article page: header (logo, optional banner ``div.slogans``, menu
``nav.menu``, search form ``form.searchArts`` and a search link), ``main.content`` with the
breadcrumb ``div.current_url``, the date line ``div.date``, the title ``h1.Head``, the
announcement ``div.AnonsInMain`` and ``div.InText`` holding one ``<p>`` per paragraph
(captions, list items and the credit lines included), then ``aside.sidebar`` and
``footer.footer``. Typographic characters are written as named entities.
"""

from __future__ import annotations

import random

from replica.content import Article, Block, StaticPage
from replica.markup import (
    ADDRESS,
    EMAIL,
    MENU,
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


class ModernRenderer:
    """Draws pages in the modern variant."""

    variant = "modern"

    # --- page frame ------------------------------------------------------------------

    def _page(self, title: str, main: str, chrome: Chrome, sidebar: bool = True) -> str:
        parts = [
            "<!DOCTYPE html>\n",
            '<html lang="en">\n<head>\n',
            f'<meta http-equiv="Content-Type" content="text/html; charset={chrome.charset}">\n',
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
            f"<title>{_e(title)} | BSMU</title>\n",
            '<link rel="stylesheet" href="/css/style.css">\n',
            '<link rel="alternate" type="application/rss+xml" title="BSMU news" '
            'href="/rss/rss.xml">\n',
            "</head>\n<body>\n<div class=\"wrapper\">\n",
            self._header(chrome),
            main,
            self._sidebar(chrome) if sidebar else "",
            self._footer(chrome),
            "</div>\n</body>\n</html>\n",
        ]
        return "".join(parts)

    def _header(self, chrome: Chrome) -> str:
        out = ['<header class="top">\n',
               f'<div class="logo"><a href="/"><img src="/img/logo.png" alt="{attr(SITE_NAME)}">'
               "</a></div>\n"]
        if chrome.banner:
            out.append('<div class="slogans">\n')
            for head, text in SLOGANS:
                out.append(f'<div class="slogan"><div class="slogan-title">{_e(head)}</div>'
                           f'<div class="slogan-text">{_e(text)}</div></div>\n')
            out.append("</div>\n")
        out.append('<nav class="menu">\n<ul>\n')
        for label, path in MENU:
            out.append(f'<li><a href="{path}">{_e(label)}</a></li>\n')
        out.append("</ul>\n</nav>\n")
        out.append('<form class="searchArts" action="/searchArticles/" method="get">'
                   '<input type="text" name="words" value=""> '
                   '<input type="submit" value="Search"></form>\n')
        out.append(f'<a class="search-link" href="{attr(SEARCH_LINK)}">Search the site</a>\n')
        out.append("</header>\n")
        return "".join(out)

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

    def _footer(self, chrome: Chrome) -> str:
        return (
            '<footer class="footer">\n'
            f'<div class="address">{_e(ADDRESS)}</div>\n'
            f'<div class="phone">Tel.: {_e(PHONE)}</div>\n'
            f'<div class="email">E-mail: <a href="mailto:{EMAIL}">{EMAIL}</a></div>\n'
            f'<div class="copyright">&copy; {chrome.year} {_e(SITE_NAME)}</div>\n'
            "</footer>\n"
        )

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
