"""Entry points of the pipeline: a page in, an :class:`Extraction` out, never an exception.

The article is found by what is certain about the site, not by its markup: the URL says
whether a page is an article; the date line (``D Month YYYY`` + suffix) is the anchor —
everything before it (banner, menus, breadcrumb) is chrome; the title is the next block;
the announcement is the block after it when it repeats the title or a prefix of it; the
body runs until the credit lines, the sidebar (year-less dates, link lists), the footer or
the end of the region that holds the article, whichever comes first.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from pipeline.blocks import (
    Block,
    blocks_from,
    date_line_holder,
    depth_limit_hit,
    document_blocks,
    parse_html,
    prepare_source,
    text_blocks,
)
from pipeline.credits import Credits, is_credit_block, parse_credit_block, parse_unlabelled_author
from pipeline.dates import is_date_line, is_yearless_date, parse_date_line
from pipeline.decoding import UndecodableError, decode_body, header_value
from pipeline.entities import Entities, find_entities
from pipeline.profiles import SiteProfile, is_footer_line, profile_for_host
from pipeline.record import ArticleRecord, Extraction, PageKind
from pipeline.text import comparable
from pipeline.urls import UrlInfo, classify_url

NO_ENTITIES = Entities((), (), ())


def _data_fingerprint() -> str:
    """A short hash of the pipeline's data files (registry, word lists).

    It is part of the extractor version, so an edit of the partner registry by the press
    office makes ``bsmu-archive reprocess`` re-read the captures, as a code change does.
    """
    digest = hashlib.sha256()
    for path in sorted((Path(__file__).parent / "data").glob("*.toml")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:8]


EXTRACTOR_VERSION = f"1.1.1+{_data_fingerprint()}"

#: A block with at least this share of link text is navigation, not prose.
LINK_DENSE = 0.75
#: Sidebar headings ("Other news") are short; longer blocks are not compared with them.
MAX_SIDEBAR_HEADING = 40
#: More full date lines than this on one page make it a listing, not an article.
MAX_DATE_LINES_IN_ARTICLE = 3
_LETTER = re.compile(r"[^\W\d_]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]+")
_LATIN = re.compile(r"[A-Za-z]+")
_HTML_CONTENT_TYPES = ("html", "xml", "text/plain")
_DOCUMENT_END = re.compile(r"</(?:html|body)\s*>", re.IGNORECASE)


class _Failure(Exception):
    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


@dataclass(slots=True)
class _Article:
    title: str
    announcement: str | None
    published: dt.date | None
    body_blocks: list[Block]
    credits: Credits
    notes: tuple[str, ...] = ()


def extract_page(
    body: bytes,
    url: str,
    headers: Mapping[str, str | bytes] | None = None,
    profile: SiteProfile | None = None,
    *,
    entities: bool = True,
) -> Extraction:
    """Turn one fetched page into an Extraction. Never raises.

    ``entities=False`` leaves partners, people and countries empty: the structural fields
    alone, which is what ``make bench`` measures beside the full record.
    """
    info = classify_url(url)
    try:
        return _extract_page(body, url, info, headers, profile or profile_for_host(info.host), entities)
    except Exception as exc:  # the crawl must go on whatever one page holds
        return _failed(info, url, "error", f"{type(exc).__name__}: {exc}"[:500])


def extract_text(text: str, url: str | None = None, profile: SiteProfile | None = None) -> Extraction:
    """Extract from the visible text of a page (one block per line). Never raises."""
    info = classify_url(url) if url else UrlInfo("other", "")
    try:
        page_kind = _kind_from_url(info)
        if page_kind in ("listing", "static"):
            return Extraction("not_article", page_kind, url or "", extractor_version=EXTRACTOR_VERSION)
        blocks = text_blocks(text)
        return _article_extraction(blocks, info, url or "", profile or profile_for_host(info.host), None, ())
    except Exception as exc:
        return _failed(info, url or "", "error", f"{type(exc).__name__}: {exc}"[:500])


def _kind_from_url(info: UrlInfo) -> PageKind:
    if info.kind in ("article", "listing", "static"):
        return info.kind  # type: ignore[return-value]
    return "other"


def _failed(info: UrlInfo, url: str, reason: str, message: str, encoding: str | None = None) -> Extraction:
    return Extraction(
        "failed",
        _kind_from_url(info),
        info.canonical if info.kind == "article" else url,
        failure=reason,
        message=message,
        encoding=encoding,
        extractor_version=EXTRACTOR_VERSION,
    )


def _extract_page(
    body: bytes,
    url: str,
    info: UrlInfo,
    headers: Mapping[str, str | bytes] | None,
    profile: SiteProfile,
    with_entities: bool = True,
) -> Extraction:
    page_kind = _kind_from_url(info)
    if page_kind in ("listing", "static"):
        return Extraction("not_article", page_kind, url, extractor_version=EXTRACTOR_VERSION)
    if not body or body.isspace():  # (strip() would copy the whole body to say so)
        return _failed(info, url, "empty", "the response body is empty")
    content_type = (header_value(headers, "content-type") or "").lower()
    if content_type and not any(t in content_type for t in _HTML_CONTENT_TYPES):
        return _failed(info, url, "not_html", f"content type {content_type!r} is not a document")
    try:
        decoded = decode_body(body, headers)
    except UndecodableError as exc:
        return _failed(info, url, "undecodable", str(exc))
    try:
        root = parse_html(prepare_source(decoded.text))
    except (etree.ParserError, ValueError) as error:  # not ``exc``: compiled, a name keeps one type
        return _failed(info, url, "unparsable", str(error)[:300], decoded.encoding)
    blocks, notes = _profile_region(root, profile)
    extraction = _article_extraction(blocks, info, url, profile, decoded.encoding, notes, with_entities)
    if extraction.failure in ("no_date", "no_title", "no_body"):
        # Perhaps the markup names the article's own region with a chrome word
        # ("main-side", "content-menu"): read the page once more taking nothing for chrome.
        retry = _article_extraction(
            document_blocks(root, see_chrome=False), info, url, profile, decoded.encoding,
            notes + ("read with chrome detection off",), with_entities,
        )
        if retry.ok:
            extraction = retry
        elif depth_limit_hit():
            return _failed(
                info, url, "too_deep",
                "elements nested past the parser's depth limit: the content below it is lost",
                decoded.encoding,
            )
    if extraction.ok and page_kind == "article" and not _ends_document(decoded.text):
        return _failed(
            info, url, "truncated", "the document ends before </body></html>: the response was cut short",
            decoded.encoding,
        )
    return extraction


def _ends_document(text: str) -> bool:
    """Whether the page's last 2 KB close its body or html element (a cut-off page does not)."""
    tail = text[-2048:].lower()
    return ("</body" in tail or "</html" in tail) and _DOCUMENT_END.search(tail) is not None


def _profile_region(root: etree._Element, profile: SiteProfile) -> tuple[list[Block], tuple[str, ...]]:
    """Blocks of the profile's content region when its selector matches, else of the page."""
    if profile.content_xpath:
        found = root.xpath(profile.content_xpath)
        if found and isinstance(found[0], etree._Element):
            blocks = document_blocks(found[0])
            if blocks:
                return blocks, ()
        return document_blocks(root, skip_chrome=True), (f"profile {profile.label}: content selector matched nothing",)
    start = date_line_holder(root)
    if start is not None:
        return blocks_from(start), ()
    return document_blocks(root, skip_chrome=True), ()


def _article_extraction(
    blocks: list[Block],
    info: UrlInfo,
    url: str,
    profile: SiteProfile,
    encoding: str | None,
    notes: tuple[str, ...],
    with_entities: bool = True,
) -> Extraction:
    url_kind = _kind_from_url(info)
    try:
        article = _read_article(blocks, profile, expect_article=url_kind == "article")
    except _Failure as failure:
        if url_kind == "article":
            return _failed(info, url, failure.reason, failure.message, encoding)
        # A page at an unknown URL that does not read as an article is simply not one.
        return Extraction("not_article", "other", url, encoding=encoding, extractor_version=EXTRACTOR_VERSION)
    text = "\n\n".join(b.text for b in article.body_blocks)
    language = profile.language or _guess_language(article.title + " " + text[:2000])
    credits = article.credits
    entities = find_entities(article.title, article.announcement, text) if with_entities else NO_ENTITIES
    record = ArticleRecord(
        url=info.canonical if info.kind == "article" else url,
        title=article.title,
        announcement=article.announcement,
        published=article.published,  # type: ignore[arg-type]
        body=text,
        authors=tuple(credits.authors),
        translators=tuple(credits.translators),
        photographers=tuple(credits.photographers),
        partners=entities.partners,
        people=entities.people,
        countries=entities.countries,
        language=language,
        site_article_id=info.article_id,
        rubric=info.rubric,
        extractor_version=EXTRACTOR_VERSION,
    )
    return Extraction(
        "ok", "article", record.url, record=record, encoding=encoding,
        extractor_version=EXTRACTOR_VERSION, notes=notes + article.notes,
    )


def _guess_language(text: str) -> str:
    # letters counted run by run: a match per letter cost a tenth of a millisecond a page
    cyrillic = sum(map(len, _CYRILLIC.findall(text)))
    latin = sum(map(len, _LATIN.findall(text)))
    return "ru" if cyrillic > latin else "en"


def _find_date_line(blocks: list[Block]) -> int | None:
    """Index of the article's date line: a full date with a year, not a link, not chrome."""
    fallback = None
    for i, block in enumerate(blocks):
        if len(block.text) > 40 or not is_date_line(block.text) or parse_date_line(block.text) is None:
            continue
        if not block.chrome and block.link_density < LINK_DENSE:
            return i
        if fallback is None:
            fallback = i
    return fallback


def _read_article(blocks: list[Block], profile: SiteProfile, expect_article: bool) -> _Article:
    date_i = _find_date_line(blocks)
    if date_i is None:
        raise _Failure("no_date", "no date line (D Month YYYY) on the page")
    if not expect_article and sum(1 for b in blocks if is_date_line(b.text)) > MAX_DATE_LINES_IN_ARTICLE:
        raise _Failure("listing", "many dated items: a listing, not an article")
    published = parse_date_line(blocks[date_i].text)

    title_i = next(
        (i for i in range(date_i + 1, len(blocks)) if not blocks[i].chrome and _LETTER.search(blocks[i].text)),
        None,
    )
    if title_i is None:
        raise _Failure("no_title", "nothing follows the date line")
    title = blocks[title_i].text
    if len(title) > 300:
        raise _Failure("no_title", "the block after the date line is prose, not a title")

    start = title_i + 1
    announcement = None
    if start < len(blocks) and _is_announcement(blocks[start].text, title):
        announcement = blocks[start].text
        start += 1

    candidates = _body_candidates(blocks, date_i, start, profile)
    body_blocks, credits = _split_credits(candidates)
    return _Article(title, announcement, published, body_blocks, credits.finish())


def _is_announcement(text: str, title: str) -> bool:
    """The CMS description repeats the title or a prefix of it cut at a word boundary."""
    candidate, full = comparable(text), comparable(title)
    if not candidate or len(candidate) > len(full):
        return False
    if candidate == full:
        return True
    return full.startswith(candidate) and full[len(candidate)] in " ,;:–-" and len(candidate.split()) >= 2


def _region_of(blocks: list[Block], date_i: int, start: int) -> etree._Element | None:
    """The element holding both the date line and the body's start, or None.

    The body's start is the first prose-like block after the title. The region is their
    lowest common ancestor: a sidebar or footer outside it cannot leak into the body.
    """
    first = next((b for b in blocks[start:] if not b.chrome and b.link_density < LINK_DENSE and len(b.text) >= 30), None)
    if first is None:
        return None
    date_element = blocks[date_i].element
    # the chain is held in a list: an lxml proxy lives only while referenced, and the id of a
    # dead one may come back as the id of another element's proxy
    chain = [date_element, *date_element.iterancestors()]
    ancestors = {id(a) for a in chain}
    common = first.element
    while common is not None and id(common) not in ancestors:
        common = common.getparent()
    return common


def _inside(element: etree._Element, region: etree._Element) -> bool:
    """Whether ``element`` is ``region`` or lies within it.

    Walks up from the element: the body's blocks sit a step or two below the region, and
    the walk from the one block outside it (where the body ends) is as deep as the page.
    Collecting the region's descendants instead cost a proxy object per element of the region.
    """
    node: etree._Element | None = element
    while node is not None:
        if node is region:
            return True
        node = node.getparent()
    return False


def _body_candidates(blocks: list[Block], date_i: int, start: int, profile: SiteProfile) -> list[Block]:
    region = _region_of(blocks, date_i, start)
    out: list[Block] = []
    for block in blocks[start:]:
        if region is not None and not _inside(block.element, region):
            break
        if block.chrome or is_yearless_date(block.text):
            break
        if len(block.text) < 200 and is_footer_line(block.text):
            break
        if len(block.text) <= MAX_SIDEBAR_HEADING and comparable(block.text) in profile.sidebar_headings:
            break
        out.append(block)
    # Titles of sidebar items (links) that precede the first year-less date.
    while out and out[-1].link_density >= LINK_DENSE and len(out[-1].text) < 250:
        out.pop()
    return out


def _split_credits(candidates: list[Block]) -> tuple[list[Block], Credits]:
    """Body blocks, and the credits parsed from the credit lines that end the body."""
    credits = Credits()
    first_credit = next((i for i, b in enumerate(candidates) if is_credit_block(b.text)), None)
    if first_credit is None:
        if candidates:
            author = parse_unlabelled_author(candidates[-1].text)
            if author is not None:
                credits.authors.append(author)
                return candidates[:-1], credits
        return candidates, credits
    end = first_credit
    if first_credit > 0:
        author = parse_unlabelled_author(candidates[first_credit - 1].text)
        if author is not None:
            credits.authors.append(author)
            end = first_credit - 1
    for block in candidates[first_credit:]:
        if parse_credit_block(block.text, credits):
            continue
        author = parse_unlabelled_author(block.text)
        if author is None:
            break  # whatever follows the credit lines is not the article's
        credits.authors.append(author)
    return candidates[:end], credits
