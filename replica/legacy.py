"""The "legacy" markup: an HTML 4 table layout as CMS templates of the 2000s drew it.

One outer ``TABLE``: a top row (logo, optional banner table ``TABLE.slogans``, menu row
with the search link), then a row of two cells: the LEFT cell ``TD.leftcol`` holds the
sidebar and comes BEFORE the content in document order; the right cell ``TD.maincol``
holds the breadcrumb ``TABLE.current_url``, then an inner table whose rows are the date
line ``TD.TitleMain`` (inside ``FONT``), the title ``TD.Head`` (``FONT`` + ``B``, no
``h1``), the announcement ``TD.AnonsInMain`` (``I``) and one cell ``TD.InText`` with every
paragraph on its own source line, paragraphs separated by ``<BR><BR>`` or a single
``<br>`` and no ``<p>`` at all; the credit lines follow the body in the same cell. The
footer is the last row. Tag names are upper case in places, typographic characters raw.
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
    return escape(text, named_entities=False)


class LegacyRenderer:
    """Draws pages in the legacy variant."""

    variant = "legacy"

    def _page(self, title: str, main: str, chrome: Chrome, sidebar: bool = True) -> str:
        parts = [
            '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">\n',
            "<HTML>\n<HEAD>\n",
            f'<META http-equiv="Content-Type" content="text/html; charset={chrome.charset}">\n',
            f"<TITLE>{_e(title)} :: {_e(SITE_NAME)}</TITLE>\n",
            '<LINK rel="stylesheet" type="text/css" href="/css/old.css">\n',
            "</HEAD>\n",
            '<BODY bgcolor="#FFFFFF" leftmargin="0" topmargin="0" marginwidth="0">\n',
            '<TABLE width="100%" border="0" cellspacing="0" cellpadding="0">\n',
            self._top(chrome),
            "<TR>\n",
            self._sidebar(chrome) if sidebar else "",
            '<TD valign="top" class="maincol">\n',
            main,
            "</TD>\n</TR>\n",
            self._footer(chrome),
            "</TABLE>\n</BODY>\n</HTML>\n",
        ]
        return "".join(parts)

    def _top(self, chrome: Chrome) -> str:
        out = ['<TR><TD colspan="2" class="top"><A href="/"><IMG src="/img/logo.gif" '
               'border="0" alt="BSMU"></A></TD></TR>\n']
        if chrome.banner:
            out.append('<TR><TD colspan="2">\n<TABLE class="slogans" width="100%" border="0">'
                       "<TR>\n")
            for head, text in SLOGANS:
                out.append(f'<TD valign="top" width="20%"><B>{_e(head)}</B><BR>{_e(text)}</TD>\n')
            out.append("</TR></TABLE>\n</TD></TR>\n")
        links = " | ".join(f'<a href="{path}">{_e(label)}</a>' for label, path in MENU)
        out.append(f'<TR><TD colspan="2" class="menu" bgcolor="#003366">{links} | '
                   f'<a href="{attr(SEARCH_LINK)}">Search</a>\n'
                   '<FORM class="searchArts" action="/searchArticles/" method="get" '
                   'style="display:inline"><INPUT type="text" name="words" size="15">'
                   '<INPUT type="submit" value="OK"></FORM></TD></TR>\n')
        return "".join(out)

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

    def _footer(self, chrome: Chrome) -> str:
        return (
            '<TR><TD colspan="2" class="footer" align="center" bgcolor="#EEEEEE">'
            f'<FONT size="1">{_e(ADDRESS)}<BR>Tel.: {_e(PHONE)}<BR>'
            f'E-mail: <a href="mailto:{EMAIL}">{EMAIL}</a><BR>'
            f"&copy; {chrome.year} {_e(SITE_NAME)}</FONT></TD></TR>\n"
        )

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
