"""The "legacy" markup: an HTML 4 table layout as CMS templates of the 2000s drew it.

A ``HEAD`` of ``META`` tags, stylesheets, a ``STYLE`` and the menu script; then one outer
``TABLE``: top rows (logo table with language flags, the link to the version for the
visually impaired and social icons; the optional banner table ``TABLE.slogans``; the menu
row, a table of sections whose cells each hold a hidden drop-down table of sub-page links,
spacer GIFs between them; the search row), then a row of two cells: the LEFT cell ``TD.leftcol`` holds the
sidebar and comes BEFORE the content in document order; the right cell ``TD.maincol``
holds the breadcrumb ``TABLE.current_url``, then an inner table whose rows are the date
line ``TD.TitleMain`` (inside ``FONT``), the title ``TD.Head`` (``FONT`` + ``B``, no
``h1``), the announcement ``TD.AnonsInMain`` (``I``) and one cell ``TD.InText`` with every
paragraph on its own source line, paragraphs separated by ``<BR><BR>`` or a single
``<br>`` and no ``<p>`` at all; the credit lines follow the body in the same cell. The
footer rows (link lines, contacts, copyright) end the table; counters written by a script
follow it. Tag names are upper case in places, typographic characters raw.
"""

from __future__ import annotations

import random
from functools import lru_cache

from replica.content import Article, Block, StaticPage
from replica.furniture import (
    COUNTERS,
    EMAILS,
    FOOTER_COLUMNS,
    KEYWORDS,
    LANGUAGES,
    MENU_TREE,
    ORIGIN,
    PHONES,
    RSS_PATH,
    SCRIPT_COUNTER_LEGACY,
    SCRIPT_MENU_LEGACY,
    SITE_DESCRIPTION,
    SOCIAL,
    SPECIAL_VERSION,
    STYLE_LEGACY,
    STYLESHEETS_LEGACY,
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
    return escape(text, named_entities=False)


_SPACER = '<IMG src="/img/spacer.gif" width="{w}" height="{h}">'


def _spacer(w: int, h: int) -> str:
    return _SPACER.format(w=w, h=h)


def _head() -> str:
    meta = [
        ("description", SITE_DESCRIPTION),
        ("keywords", KEYWORDS),
        ("author", SITE_NAME),
        ("robots", "index, follow"),
        ("generator", "BSMU CMS"),
    ]
    props = [
        ("og:site_name", SITE_NAME),
        ("og:type", "website"),
        ("og:locale", "en_US"),
        ("og:description", SITE_DESCRIPTION),
        ("og:image", f"{ORIGIN}/img/logo_big.gif"),
    ]
    out = ['<META http-equiv="Content-Language" content="en">\n']
    out += [f'<META name="{n}" content="{attr(c)}">\n' for n, c in meta]
    out += [f'<META property="{n}" content="{attr(c)}">\n' for n, c in props]
    out += [f'<LINK rel="stylesheet" type="text/css" href="{href}">\n'
            for href in STYLESHEETS_LEGACY]
    out += ['<LINK rel="shortcut icon" href="/favicon.ico" type="image/x-icon">\n',
            f'<LINK rel="alternate" type="application/rss+xml" title="BSMU news" '
            f'href="{RSS_PATH}">\n',
            f'<STYLE type="text/css">{STYLE_LEGACY}</STYLE>\n',
            '<SCRIPT language="JavaScript" type="text/javascript" src="/js/common.js"></SCRIPT>\n',
            f'<SCRIPT language="JavaScript" type="text/javascript">{SCRIPT_MENU_LEGACY}</SCRIPT>\n']
    return "".join(out)


_HEAD = _head()
_ENGINE_NOTE = ("<!--\n  BSMU site engine: template \"main\" (table layout), charset windows-1251.\n"
                "  Generated from the templates stored in the database; do not edit by hand.\n"
                "-->\n")
_TAIL = ('<!-- counters -->\n<TABLE width="100%" border="0" cellspacing="0" cellpadding="2">'
         '<TR><TD align="center">\n'
         f'<SCRIPT language="JavaScript" type="text/javascript">{SCRIPT_COUNTER_LEGACY}</SCRIPT>\n'
         f'<NOSCRIPT><A href="{COUNTERS[0][1]}" target="_blank"><IMG src="{COUNTERS[0][2]}" '
         'width="88" height="31" border="0" alt=""></A></NOSCRIPT>\n'
         + "".join(f'<NOSCRIPT><A href="{href}" target="_blank"><IMG src="{img}" width="88" '
                   'height="31" border="0" alt=""></A></NOSCRIPT>\n' for _, href, img in COUNTERS[1:])
         + '<img src="https://stat.example.net/pixel.gif" width="1" height="1" border="0" alt="">\n'
         "</TD></TR></TABLE>\n<!-- /counters -->\n")


@lru_cache(maxsize=128)
def _top(banner: bool, section: str | None, item: str | None) -> str:
    """Logo row, banner, the menu with its drop-down tables, the search row."""
    out = ['<!-- begin header -->\n<TR><TD colspan="2" class="top">\n'
           '<TABLE width="100%" border="0" cellspacing="0" cellpadding="0" '
           'background="/img/top_bg.gif">\n<TR>\n'
           '<TD width="160" rowspan="2"><A href="/"><IMG src="/img/logo.gif" border="0" alt="BSMU" '
           'width="140" height="120"></A></TD>\n'
           f"<TD rowspan=\"2\">{_spacer(10, 1)}</TD>\n"
           '<TD valign="middle"><FONT face="Georgia, Times New Roman, serif" size="5" '
           f'color="#003366"><B>{_e(SITE_NAME)}</B></FONT></TD>\n'
           '<TD align="right" valign="top" nowrap>']
    for code, label, href in LANGUAGES:
        out.append(f'<A href="{href}"><IMG src="/img/flag_{code}.gif" border="0" '
                   f'alt="{label}"></A>&nbsp;')
    out.append(f"{_spacer(10, 1)}</TD>\n</TR>\n<TR><TD colspan=\"2\" align=\"right\" "
               'valign="bottom"><FONT size="1">'
               f'<A href="{attr(SPECIAL_VERSION)}" onclick="return specialVersion()">'
               '<IMG src="/img/eye.gif" border="0" align="absmiddle">'
               "&nbsp;Version for the visually impaired</A></FONT>&nbsp;&nbsp;")
    for name, href, icon in SOCIAL:
        out.append(f'<A href="{href}" target="_blank"><IMG src="{icon}" border="0" '
                   f'alt="{name}"></A>')
    out.append(f"{_spacer(10, 1)}</TD></TR>\n</TABLE>\n</TD></TR>\n<!-- end header -->\n")
    if banner:
        out.append('<TR><TD colspan="2">\n<TABLE class="slogans" width="100%" border="0">'
                   "<TR>\n")
        for head, text in SLOGANS:
            out.append(f'<TD valign="top" width="20%"><B>{_e(head)}</B><BR>{_e(text)}</TD>\n')
        out.append("</TR></TABLE>\n</TD></TR>\n")
    out.append(_menu(section, item))
    out.append('<TR><TD colspan="2" bgcolor="#E8EEF5" align="right" class="searchrow">'
               f'<FONT size="1"><A href="/allarticles/">News</A> | <A href="/page/6/30/">Contacts</A>'
               f' | <a href="{attr(SEARCH_LINK)}">Search</a></FONT>&nbsp;\n'
               '<FORM class="searchArts" action="/searchArticles/" method="get" '
               'style="display:inline" onsubmit="return checkSearch(this)">'
               '<INPUT type="text" name="words" size="15">'
               '<INPUT type="submit" value="OK"></FORM></TD></TR>\n')
    return "".join(out)


def _menu(section: str | None, item: str | None) -> str:
    out = ['<!-- begin menu -->\n<TR><TD colspan="2" class="menu" bgcolor="#003366">\n'
           '<TABLE border="0" cellspacing="0" cellpadding="0" width="100%"><TR>\n'
           f"<TD>{_spacer(10, 28)}</TD>\n"]
    for n, sec in enumerate(MENU_TREE, start=1):
        bg = ' bgcolor="#0B4F8A"' if sec.label == section else ""
        out.append(f'<TD nowrap{bg} onmouseover="showMenu({n})" onmouseout="hideMenu()">'
                   f"{_spacer(12, 28)}"
                   f'<A class="top" href="{attr(sec.path)}">{_e(sec.label).upper()}</A>\n'
                   f'<TABLE id="sub{n}" class="submenu" cellpadding="4" width="240">'
                   '<TR><TD><FONT size="1">\n')
        for label, href in sec.items:
            if sec.label == section and href == item:
                out.append(f'<A href="{attr(href)}"><B>{_e(label)}</B></A><BR>\n')
            else:
                out.append(f'<A href="{attr(href)}">{_e(label)}</A><BR>\n')
        out.append("</FONT></TD></TR></TABLE>\n</TD>\n")
    out.append("</TR></TABLE>\n</TD></TR>\n<!-- end menu -->\n")
    return "".join(out)


@lru_cache(maxsize=16)
def _footer(year: int) -> str:
    out = ['<!-- begin footer -->\n'
           f'<TR><TD colspan="2" bgcolor="#003366">{_spacer(1, 3)}</TD></TR>\n'
           '<TR><TD colspan="2" class="footer" bgcolor="#EEEEEE">\n'
           '<TABLE width="100%" border="0" cellpadding="6" cellspacing="0"><TR>\n']
    out.append('<TD valign="top" width="65%">\n<TABLE border="0" cellpadding="2" cellspacing="0">\n')
    for heading, links in FOOTER_COLUMNS:
        row = " | ".join(f'<a href="{attr(href)}">{_e(label)}</a>' for label, href in links)
        out.append(f'<TR><TD valign="top"><FONT size="1"><B>{_e(heading)}:</B> {row}</FONT></TD></TR>\n')
    out.append("</TABLE>\n</TD>\n")
    out.append('<TD valign="top" align="center">'
               f'<FONT size="1">{_e(ADDRESS)}<BR>Tel.: {_e(PHONE)}<BR>'
               f'E-mail: <a href="mailto:{EMAIL}">{EMAIL}</a><BR>\n')
    for label, number in PHONES[1:]:
        out.append(f"{_e(label)}: {_e(number)}<BR>\n")
    for label, address in EMAILS:
        out.append(f'{_e(label)}: <a href="mailto:{address}">{address}</a><BR>\n')
    out.append(f"&copy; {year} {_e(SITE_NAME)}. All rights reserved.<BR>\n"
               "When using materials of the site, a link to the source is required."
               "</FONT></TD>\n</TR></TABLE>\n</TD></TR>\n<!-- end footer -->\n")
    return "".join(out)


class LegacyRenderer:
    """Draws pages in the legacy variant."""

    variant = "legacy"

    def _page(self, title: str, main: str, chrome: Chrome, sidebar: bool = True) -> str:
        section, item = current(chrome.path)
        og_url = (f'<META property="og:url" content="{ORIGIN}{attr(chrome.path)}">\n'
                  if chrome.path.startswith("/") else "")
        parts = [
            '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">\n',
            "<HTML>\n<HEAD>\n",
            f'<META http-equiv="Content-Type" content="text/html; charset={chrome.charset}">\n',
            f"<TITLE>{_e(title)} :: {_e(SITE_NAME)}</TITLE>\n",
            _HEAD,
            f'<META property="og:title" content="{attr(title)}">\n',
            og_url,
            "</HEAD>\n",
            '<BODY bgcolor="#FFFFFF" leftmargin="0" topmargin="0" marginwidth="0" '
            'marginheight="0" onload="hideAll()">\n',
            _ENGINE_NOTE,
            '<TABLE width="100%" border="0" cellspacing="0" cellpadding="0">\n',
            _top(chrome.banner, section, item),
            "<TR>\n",
            self._sidebar(chrome) if sidebar else "",
            '<TD valign="top" class="maincol">\n',
            main,
            "</TD>\n</TR>\n",
            _footer(chrome.year),
            "</TABLE>\n",
            _TAIL,
            generation_note(chrome.path),
            "</BODY>\n</HTML>\n",
        ]
        return "".join(parts)

    def _trail(self, trail: tuple[tuple[str, str], ...]) -> str:
        links = " ".join(f'<a href="{path}">{_e(label)}</a>' for label, path in trail)
        return (f'<table class="current_url" border="0" cellpadding="2"><tr><td>{links}'
                "</td></tr></table>\n")

    def _sidebar(self, chrome: Chrome) -> str:
        out = ['<TD width="240" valign="top" class="leftcol">\n',
               '<TABLE width="100%" border="0" cellpadding="3" cellspacing="0">\n',
               '<TR><TD class="HeadIn" bgcolor="#E8EEF5"><B>International news</B></TD></TR>\n']
        for item in chrome.sidebar:
            anons = f"<BR>{_e(item.announcement)}" if item.announcement else ""
            out.append(f'<TR><TD class="AnonsInMainIn"><A class="TitleMainIn" '
                       f'href="{item.path}">{_e(item.title)}</A><BR>'
                       f'<FONT size="1" color="#808080">{item.day_month}</FONT>{anons}</TD></TR>\n')
        out.append('<TR><TD><a href="/allarticles/rubric2/">All news</a></TD></TR>\n</TABLE>\n'
                   "</TD>\n")
        return "".join(out)

    def _lines(self, blocks: tuple[Block, ...], rng: random.Random) -> list[str]:
        """One source line per paragraph, each ending with its separator."""
        lines: list[str] = []
        in_list = False
        for block in blocks:
            if block.kind == "item" and block.list_style == "ul":
                if not in_list:
                    lines.append("<UL>")
                    in_list = True
                lines.append(f"<LI>{inline(block.segments, False, upper=True)}</LI>")
                continue
            if in_list:
                lines.append("</UL>")
                in_list = False
            sep = "<BR><BR>" if rng.random() < 0.7 else "<br>"
            if block.kind == "image":
                lines.append(f'<IMG src="{attr(block.src or "")}" border="0" width="400"><BR>')
            elif block.kind == "caption":
                lines.append(f"<I>{inline(block.segments, False, upper=True)}</I>{sep}")
            elif block.kind == "heading":
                lines.append(f"<B>{inline(block.segments, False, upper=True)}</B><BR>")
            elif block.kind == "item":
                lines.append(f"{inline(block.segments, False, upper=True)}<BR>")
            else:
                lines.append(f"{inline(block.segments, False, upper=True)}{sep}")
        if in_list:
            lines.append("</UL>")
        return lines

    def article(self, article: Article, chrome: Chrome, with_date: bool = True) -> str:
        rng = random.Random(f"legacy:{article.article_id}")
        main = [self._trail(NEWS_TRAIL), '<TABLE width="100%" border="0" cellpadding="4">\n']
        if with_date:
            main.append(f'<TR><TD class="TitleMain"><FONT color="#7A7A7A" size="2">'
                        f"{_e(article.date_line())}</FONT></TD></TR>\n")
        main.append(f'<TR><TD class="Head"><FONT size="4" color="#003366"><B>{_e(article.title)}'
                    "</B></FONT></TD></TR>\n")
        if article.announcement:
            main.append(f'<TR><TD class="AnonsInMain"><I>{_e(article.announcement)}</I></TD></TR>\n')
        main.append('<TR><TD class="InText"><FONT face="Arial" size="2">\n')
        main.extend(line + "\n" for line in self._lines(article.blocks, rng))
        credits = article.credits.lines
        for i, line in enumerate(credits):
            sep = "" if i == len(credits) - 1 else "<BR>"
            main.append(f"{_e(line)}{sep}\n")
        main.append("</FONT></TD></TR>\n</TABLE>\n")
        return self._page(article.title, "".join(main), chrome)

    def listing(self, heading: str, trail: tuple[tuple[str, str], ...],
                items: list[ListingItem], pages: Pagination, chrome: Chrome) -> str:
        main = [self._trail(trail), f'<FONT size="4"><B>{_e(heading)}</B></FONT>\n',
                '<TABLE class="InText" width="100%" border="0" cellpadding="3">\n']
        for item in items:
            main.append(f'<TR><TD class="TitleMain"><A href="{item.path}"><B>{_e(item.title)}'
                        "</B></A></TD></TR>\n")
            main.append(f'<TR><TD><FONT size="1" color="#808080">{item.date}</FONT></TD></TR>\n')
            if item.announcement:
                main.append(f'<TR><TD class="AnonsInMain">{_e(item.announcement)}</TD></TR>\n')
        main.append("</TABLE>\n")
        if len(pages.offsets) > 1:
            links = []
            for number, offset in enumerate(pages.offsets, start=1):
                if offset == pages.current:
                    links.append(f'<SPAN class="navi_current"><B>{number}</B></SPAN>')
                else:
                    links.append(f'<A href="{pages.path(offset)}">{number}</A>')
            main.append(f'<DIV class="navi" align="center">{" ".join(links)}</DIV>\n')
        return self._page(heading, "".join(main), chrome, sidebar=False)

    def static(self, page: StaticPage, chrome: Chrome) -> str:
        rng = random.Random(page.path)
        main = [self._trail(static_trail(page)), f'<FONT size="4"><B>{_e(page.title)}</B></FONT>'
                '<BR><BR>\n<DIV class="InText">\n']
        main.extend(line + "\n" for line in self._lines(page.blocks, rng))
        main.append("</DIV>\n")
        return self._page(page.title, "".join(main), chrome)

    def simple(self, heading: str, paragraphs: list[str], chrome: Chrome,
               trail: tuple[tuple[str, str], ...] = ()) -> str:
        main = [self._trail(trail) if trail else "",
                f'<FONT size="4"><B>{_e(heading)}</B></FONT><BR><BR>\n']
        main += [f"{p}<BR><BR>\n" for p in paragraphs]
        return self._page(heading, "".join(main), chrome, sidebar=False)
