"""The generic structural layer: a document as text blocks in reading order.

A *block* is what a reader sees as one line or paragraph: the text of a block element
(``p``, ``div``, ``td``, ``li``, headings, ...) or a run of text between ``<br>`` breaks.
Inline markup (``a``, ``b``, ``font``, ``span``...) never splits a block. Each block
keeps what the extractor needs to tell content from site chrome without knowing the
markup: how much of it is link text, whether it sits in a navigation/sidebar/footer
region (by HTML5 element or by a class/id word), and the element that holds it, so that
regions of the page can be compared by ancestry.
"""

from __future__ import annotations

import itertools
import re
import threading
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree

from pipeline.dates import is_date_line
from pipeline.text import clean_text

BLOCK_TAGS = frozenset(
    "address article aside blockquote body center dd details dialog div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr html li main nav ol p pre "
    "section table tbody td tfoot th thead tr ul caption summary menu".split()
)
SKIP_TAGS = frozenset("script style noscript template head title iframe object embed svg select option button textarea map".split())
HEADING_TAGS = frozenset("h1 h2 h3 h4 h5 h6".split())
#: HTML5 elements that are site chrome by definition.
CHROME_TAGS = frozenset({"nav", "aside", "footer"})
#: Class or id words that name chrome regions in most templates (matched as whole words).
CHROME_WORDS = re.compile(
    r"(?:^|[\s_-])(?:nav|navi|navbar|menu|sidebar|side|aside|footer|foot|breadcrumbs?|banner|slogans?|header-menu|topmenu|copyright|widget)(?:$|[\s_-])",
    re.IGNORECASE,
)


@dataclass(slots=True)
class Block:
    text: str
    link_chars: int
    element: etree._Element  # the nearest block-level element that holds the text
    chrome: bool  # inside nav/aside/footer or a region whose class/id names chrome
    heading: bool  # inside h1–h6
    index: int = 0

    @property
    def link_density(self) -> float:
        return self.link_chars / len(self.text) if self.text else 0.0


class _Collector:
    """Walks the tree once, cutting text into blocks at block boundaries and ``<br>``.

    This is the pipeline's hot loop (every element of every page passes through it), so
    it keeps its state in plain attributes and avoids per-element regex work.
    """

    __slots__ = ("blocks", "_parts", "_link_chars", "_holder", "_chrome", "_heading", "skip_chrome", "see_chrome")

    def __init__(self, skip_chrome: bool = False, see_chrome: bool = True) -> None:
        # With skip_chrome, a chrome region (a menu, a sidebar, a footer) becomes one empty
        # marker block instead of its many link blocks: nothing in it is ever article
        # content, and on heavy pages it holds most of the elements.
        # Without see_chrome nothing is taken for chrome: the fallback for markup that
        # names the article's own region with a chrome word.
        self.skip_chrome = skip_chrome and see_chrome
        self.see_chrome = see_chrome
        self.blocks: list[Block] = []
        self._parts: list[str] = []
        self._link_chars = 0
        self._holder: etree._Element | None = None
        self._chrome = False
        self._heading = False

    def flush(self) -> None:
        if self._parts:
            text = clean_text("".join(self._parts))
            if text:
                link_chars = min(len(text), self._link_chars)
                self.blocks.append(Block(text, link_chars, self._holder, self._chrome, self._heading))
            self._parts = []
            self._link_chars = 0

    def add(self, text: str, holder: etree._Element, chrome: bool, heading: bool, in_link: bool) -> None:
        parts = self._parts
        if not parts:
            if text.isspace():
                return
            # A block belongs to the region where its first words stand.
            self._holder, self._chrome, self._heading = holder, chrome, heading
        parts.append(text)
        if in_link:
            self._link_chars += len(text.strip())

    def walk(self, el: etree._Element, holder: etree._Element, chrome: bool, heading: bool, in_link: bool) -> None:
        tag = el.tag
        if tag == "br":
            if self._parts:
                self.flush()
        elif type(tag) is str and tag not in SKIP_TAGS:
            is_block = tag in BLOCK_TAGS
            child_chrome = chrome or (self.see_chrome and (tag in CHROME_TAGS or _names_chrome(el)))
            if child_chrome and not chrome and self.skip_chrome:
                if self._parts:
                    self.flush()
                self.blocks.append(Block("", 0, el, True, False))
                if el.tail:
                    self.add(el.tail, holder, chrome, heading, in_link)
                return
            child_heading = heading or tag in HEADING_TAGS
            child_link = in_link or tag == "a"
            if is_block:
                if self._parts:
                    self.flush()
                holder_inside = el
            else:
                holder_inside = holder
            if el.text:
                self.add(el.text, holder_inside, child_chrome, child_heading, child_link)
            for child in el:
                self.walk(child, holder_inside, child_chrome, child_heading, child_link)
            if is_block and self._parts:
                self.flush()
        # Comments, processing instructions, skipped elements and <br>: only their tail counts.
        if el.tail:
            self.add(el.tail, holder, chrome, heading, in_link)


@lru_cache(maxsize=4096)
def _chrome_names(names: str) -> bool:
    return bool(CHROME_WORDS.search(names))


def _names_chrome(el: etree._Element) -> bool:
    cls, ident = el.get("class"), el.get("id")
    if not cls and not ident:
        return False
    return _chrome_names(f"{cls or ''} {ident or ''}")


def document_blocks(root: etree._Element, skip_chrome: bool = False, see_chrome: bool = True) -> list[Block]:
    """Blocks of a parsed document in reading order."""
    body = root.find("body")
    start = body if body is not None else root
    collector = _Collector(skip_chrome, see_chrome)
    collector.walk(start, start, False, False, False)
    collector.flush()
    return _numbered(collector.blocks)


def blocks_from(start: etree._Element, skip_chrome: bool = True) -> list[Block]:
    """Blocks from ``start`` to the end of the document, in reading order.

    Whatever precedes ``start`` (the banner, menus, breadcrumb, a sidebar drawn before the
    article) is never walked: once the date line is found there is no need to. The
    regions ``start`` sits in are taken into account as if the walk had come from the top.
    """
    ancestors = list(start.iterancestors())[::-1]  # root first
    if not ancestors:
        return document_blocks(start, skip_chrome)
    states: list[tuple[etree._Element, etree._Element, bool, bool, bool]] = []
    holder, chrome, heading, in_link = ancestors[0], False, False, False
    for element in ancestors:
        tag = element.tag if type(element.tag) is str else ""
        chrome = chrome or tag in CHROME_TAGS or _names_chrome(element)
        heading = heading or tag in HEADING_TAGS
        in_link = in_link or tag == "a"
        if tag in BLOCK_TAGS:
            holder = element
        # the state *inside* this ancestor: for its children and their tails
        states.append((element, holder, chrome, heading, in_link))
    collector = _Collector(skip_chrome and not states[-1][2])
    node, first = start, True
    for index in range(len(states) - 1, -1, -1):  # (reversed() here crashes mypyc 1.x)
        element, holder, chrome, heading, in_link = states[index]
        if first:
            collector.walk(node, holder, chrome, heading, in_link)  # its subtree and tail
            first = False
        elif node.tail:
            # ``node`` was walked one level down; what follows it inside ``element``:
            collector.add(node.tail, holder, chrome, heading, in_link)
        for sibling in node.itersiblings():
            collector.walk(sibling, holder, chrome, heading, in_link)
        if element.tag in BLOCK_TAGS and collector._parts:
            collector.flush()
        node = element
    collector.flush()
    return _numbered(collector.blocks)


def prepare_source(text: str) -> str:
    """The page's HTML with its date lines marked for :func:`marked_date_holder`.

    Text standing alone between two tags that looks like a date line gets an empty marker
    element in front of it (one regular expression over the source, at C speed), so after
    parsing the date line is found by tag instead of by searching the tree's text.
    (Stripping ``<head>``, scripts and styles before parsing was measured too: it costs as
    much as it saves.)
    """
    numbers = itertools.count(1)
    return _DATE_IN_SOURCE.sub(
        lambda match: f'><{_DATE_MARK} id="{_DATE_MARK}-{next(numbers)}"></{_DATE_MARK}>{match.group(0)[1:]}',
        text,
        count=MAX_MARKED_DATES,
    )


def marked_date_holder(root: etree._Element) -> etree._Element | None:
    """The block holding the first marked date line that is outside links and chrome.

    The markers are numbered in source order and found by id, a hash look-up in libxml2:
    walking the tree to them cost as much as a fifth of the parse. Should the page itself
    use one of those ids, the walk is the fallback.
    """
    for by_id in _MARKERS_BY_ID:
        found = by_id(root)
        if not found:
            return None
        marker = found[0]
        if marker.tag != _DATE_MARK:
            break
        holder = _holder_of_text(marker.tail or "", marker.getparent())
        if holder is not None:
            return holder
    else:
        return None
    for marker in root.iter(_DATE_MARK):
        holder = _holder_of_text(marker.tail or "", marker.getparent())
        if holder is not None:
            return holder
    return None


def date_line_holder(root: etree._Element) -> etree._Element | None:
    """The block element holding the page's date line, found without walking the page.

    First the markers :func:`prepare_source` put in front of date-line text. Failing that
    (a tree parsed from unprepared HTML, a date line with markup inside), lxml's XPath
    engine picks the few text nodes that could hold a year. Either way only a handful of candidates are checked
    in Python, and the first that is a whole date line, outside links and chrome, wins.
    None when nothing qualifies (a date split across elements, an unusual format): the
    caller then walks the whole page.
    """
    found = marked_date_holder(root)
    if found is not None:
        return found
    for node in _YEAR_TEXT(root):
        owner = node.getparent()
        if owner is not None and node.is_tail:
            owner = owner.getparent()
        holder = _holder_of_text(str(node), owner)
        if holder is not None:
            return holder
    return None


def _holder_of_text(text: str, owner: etree._Element | None) -> etree._Element | None:
    """The block holding ``text`` (inside ``owner``) if it is a date line outside links and chrome."""
    if owner is None or not is_date_line(clean_text(text)):
        return None
    chain = [owner, *owner.iterancestors()]
    if any(e.tag == "a" or e.tag in CHROME_TAGS or _names_chrome(e) for e in chain):
        return None
    return next((e for e in chain if e.tag in BLOCK_TAGS), None)


def _year_text_xpath() -> etree.XPath:
    # Two substring tests in C narrow a page's text nodes to the few that could hold a
    # year (19xx, 20xx); testing month names in XPath instead costs 30 times more.
    return etree.XPath("//body//text()[contains(., '20') or contains(., '19')]")


def _numbered(blocks: list[Block]) -> list[Block]:
    for i, block in enumerate(blocks):
        block.index = i
    return blocks


def text_blocks(text: str) -> list[Block]:
    """Blocks of a plain-text page: one per non-empty line, no structure to lean on."""
    holder = etree.Element("div")
    blocks: list[Block] = []
    for line in text.splitlines():
        line = clean_text(line)
        if line:
            blocks.append(Block(line, 0, holder, False, False, len(blocks)))
    return blocks


def parse_html(text: str) -> etree._Element:
    """Parse decoded HTML; raises ``etree.ParserError``/``ValueError`` on hopeless input."""
    parser = getattr(_PARSERS, "parser", None)
    if parser is None:
        parser = _PARSERS.parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    root = etree.fromstring(text.encode("utf-8", "surrogatepass"), parser)
    if root is None:
        raise etree.ParserError("the document is empty")
    return root


def depth_limit_hit() -> bool:
    """Whether this thread's last :func:`parse_html` cut the tree at libxml2's nesting
    limit (256): what lay deeper is gone, which explains a page found to hold nothing."""
    parser = getattr(_PARSERS, "parser", None)
    return parser is not None and any(
        "Excessive depth" in entry.message for entry in parser.error_log
    )


_YEAR_TEXT = _year_text_xpath()
_DATE_MARK = "bsmu-date-line"
#: Date-line candidates marked per page: the article's own comes first or nearly so.
MAX_MARKED_DATES = 4
_MARKERS_BY_ID = tuple(etree.XPath(f"id('{_DATE_MARK}-{n}')") for n in range(1, MAX_MARKED_DATES + 1))
#: A date line standing alone between two tags in the HTML source.
#: The look-ahead and the possessive spaces (nothing after them can give a space back)
#: make the many ">" that start no date fail at once: a third less time over a page. The
#: look-ahead skips the spaces itself, so the line breaks between tags fail it too.
_DATE_IN_SOURCE = re.compile(
    r">(?=\s*+[\d&])(?:\s|&nbsp;|&#160;)*+(\d{1,2}(?:\s|&nbsp;|&#160;)+[A-Za-zА-Яа-яЁё]{3,9}(?:\s|&nbsp;|&#160;)+(?:19|20)\d\d[^<>\d]{0,12})<"
)

# lxml.etree's own HTML parser (lxml.html's element classes cost a lookup per element and
# nothing here needs them), one per thread since a parser is not to be shared by threads.
_PARSERS = threading.local()
