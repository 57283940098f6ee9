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

import re
import threading
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree

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

    __slots__ = ("blocks", "_parts", "_link_chars", "_holder", "_chrome", "_heading")

    def __init__(self) -> None:
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
            child_chrome = chrome or tag in CHROME_TAGS or _names_chrome(el)
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


def document_blocks(root: etree._Element) -> list[Block]:
    """Blocks of a parsed document in reading order."""
    body = root.find("body")
    start = body if body is not None else root
    collector = _Collector()
    collector.walk(start, start, False, False, False)
    collector.flush()
    for i, block in enumerate(collector.blocks):
        block.index = i
    return collector.blocks


def text_blocks(text: str) -> list[Block]:
    """Blocks of a plain-text page: one per non-empty line, no structure to lean on."""
    holder = etree.Element("div")
    blocks = []
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


# lxml.etree's own HTML parser (lxml.html's element classes cost a lookup per element and
# nothing here needs them), one per thread since a parser is not to be shared by threads.
_PARSERS = threading.local()
