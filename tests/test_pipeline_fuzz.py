"""The pipeline never raises, whatever a page holds, and never takes long over one.

Property-based (hypothesis): arbitrary bytes, arbitrary HTML built from the site's own
vocabulary (date lines, credit labels, chrome class names, charset declarations), and
replica pages mutated the way networks and CMSs damage them are fed to the extraction
entry points. Every outcome must be an ``Extraction`` whose failure, if any, is one of
the named reasons — never ``error``, which is what an exception caught inside the
pipeline becomes, i.e. a bug. The per-example deadline (``tests/soak.py``) is the time
bound: a pathological regex or date-parser case fails the property.

``make test`` runs 200 examples per property, deterministically; ``make soak`` 5,000,
randomly.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import tests.soak  # noqa: F401 - registers and loads the hypothesis profile
from pipeline import Extraction, extract_page, extract_text
from pipeline.dates import is_date_line, parse_date_line
from pipeline.record import FAILURE_REASONS
from replica import build_site
from replica.faults import NESTING_DEPTH

# A shrunk failing example of many kilobytes is reported anyway; the warning adds nothing.
pytestmark = pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisWarning")

ARTICLE = "https://eng.bsmu.by/allarticles/rubric2/article{}/"
URLS = st.sampled_from([
    ARTICLE.format(641),
    "https://eng.bsmu.by/allarticles/rubric2/page16/article641/",
    "https://eng.bsmu.by/allarticles/rubric2/",
    "https://eng.bsmu.by/page/7/45/",
    "https://eng.bsmu.by/",
    "http://127.0.0.1:8000/allarticles/rubric2/article3/",
    "not a url at all",
    "",
])
CONTENT_TYPES = st.sampled_from([
    None, "text/html", "text/html; charset=windows-1251", "text/html; charset=utf-8",
    "text/html; charset=utf-16", "text/html; charset=no-such-codec", "text/html; charset=",
    "application/octet-stream", "image/png", "text/plain; charset=koi8-r", "TEXT/HTML;CHARSET=UTF-8",
])


def check(extraction: object) -> None:
    """The contract of every entry point: an Extraction, a named outcome, no crash."""
    assert isinstance(extraction, Extraction)
    assert extraction.status in ("ok", "failed", "not_article"), extraction
    if extraction.status == "failed":
        assert extraction.failure in FAILURE_REASONS, extraction
        assert extraction.failure != "error", f"the pipeline raised: {extraction.message}"
    if extraction.ok:
        record = extraction.record
        assert record is not None and record.title.strip()
        assert dt.date(1900, 1, 1) <= record.published < dt.date(2100, 1, 1)
        assert isinstance(record.body, str)


def headers_for(content_type: str | None) -> dict[str, str] | None:
    return None if content_type is None else {"Content-Type": content_type}


# --- arbitrary bytes --------------------------------------------------------------------


@given(body=st.binary(max_size=20_000), url=URLS, content_type=CONTENT_TYPES)
@example(body=b"", url=ARTICLE.format(1), content_type="text/html")
@example(body=b"\x00" * 300, url=ARTICLE.format(1), content_type="text/html")
@example(body=b"\xef\xbb\xbf", url=ARTICLE.format(1), content_type=None)
@example(body=b"\xff\xfe<\x00h\x00", url=ARTICLE.format(1), content_type="text/html; charset=utf-16")
def test_arbitrary_bytes(body: bytes, url: str, content_type: str | None) -> None:
    check(extract_page(body, url, headers_for(content_type)))


@given(text=st.text(max_size=5_000), url=URLS)
def test_arbitrary_text(text: str, url: str) -> None:
    check(extract_text(text, url or None))


# --- arbitrary HTML in the site's vocabulary -----------------------------------------------

MONTHS = ["January", "May", "September", "December", "мая", "декабря", "Foo"]
DATE_LINES = st.builds(
    lambda d, m, y, s: f"{d} {m} {y}{s}",
    st.integers(-1, 40), st.sampled_from(MONTHS), st.integers(0, 3000),
    st.sampled_from(["", " г.", " ã.", " ă.", " year", "г", " г. г. г.", "\u00a0г."]),
)
OTHER_DATES = st.builds(
    lambda m, d, y: f"{m} {d}, {y}", st.sampled_from(MONTHS), st.integers(0, 99), st.integers(0, 9999)
) | st.builds(lambda d, m, y: f"{d}.{m}.{y}", st.integers(0, 99), st.integers(0, 99), st.integers(0, 9999))
CREDIT_LINES = st.builds(
    lambda label, names: f"{label} {names}",
    st.sampled_from(["Photo by", "Photo:", "Translated by", "Translation:", "Author:",
                     "Author and photo:", "Фото:", "Перевод:", "Photo by the author", ""]),
    st.text(alphabet=st.sampled_from("ABCIKOPVY abcdeiklnorstuvy.,;-()Ааеиов"), max_size=60),
)
TEXTS = st.one_of(
    st.text(max_size=200), DATE_LINES, OTHER_DATES, CREDIT_LINES,
    st.sampled_from(["BSMU spokesperson", "© BSMU", "Belarusian State Medical University",
                     "Nanjing Medical University", "&nbsp;", "&#0;", "&#x110000;", "&bogus;",
                     "<!--", "]]>", "<![CDATA[", "2 August", "\u202e\u0000\ud7ff"]),
)
TAGS = st.sampled_from([
    "div", "p", "span", "a", "br", "td", "tr", "table", "h1", "h2", "b", "i", "ul", "li",
    "aside", "nav", "footer", "header", "main", "article", "script", "style", "body",
    "html", "head", "title", "meta", "form", "iframe", "svg", "math", "noscript", "template",
])
ATTRS = st.sampled_from([
    "", ' class="sidebar"', ' class="content-menu"', ' id="main-side"', ' class="news-date"',
    ' href="/allarticles/rubric2/article7/"', ' charset="windows-1251"',
    ' http-equiv="Content-Type" content="text/html; charset=utf-8"', ' class="', ' a=b=c',
])


def element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(
        lambda tag, attrs, inner, close: f"<{tag}{attrs}>{''.join(inner)}" + (f"</{tag}>" if close else ""),
        TAGS, ATTRS, st.lists(children, max_size=6), st.booleans(),
    )


HTML = st.recursive(TEXTS, element, max_leaves=60)


@given(
    parts=st.lists(HTML, max_size=8),
    charset=st.sampled_from(["utf-8", "windows-1251", "utf-16", "latin-1"]),
    content_type=CONTENT_TYPES,
    url=URLS,
)
def test_arbitrary_html(parts: list[str], charset: str, content_type: str | None, url: str) -> None:
    html = "<html><body>" + "".join(parts) + "</body></html>"
    body = html.encode(charset, errors="replace" if charset != "utf-8" else "surrogatepass")
    check(extract_page(body, url, headers_for(content_type)))


@given(text=st.one_of(DATE_LINES, OTHER_DATES, st.text(max_size=80)))
@example(text="31 February 2023 г.")
@example(text="0 May 0000")
@example(text="1 JANUARY 0001")  # a calendar date, no publication date: found by fuzzing
@example(text="99.99.9999")
@example(text="May 99, 9999")
def test_date_lines(text: str) -> None:
    """The date reader (regex, month table, dateparser on bounded inputs) never raises
    and never returns a date that a line does not state plausibly."""
    date = parse_date_line(text)
    if date is not None:
        assert is_date_line(text)
        assert 1900 <= date.year < 2100


# --- replica pages, mutated ------------------------------------------------------------


@lru_cache(maxsize=1)
def replica_pages() -> tuple[tuple[str, bytes, str], ...]:
    """(url, body, content type) of a small replica's article pages, both layouts."""
    pages = []
    for variant in ("modern", "legacy"):
        site = build_site(n_articles=30, variant=variant)
        for path in site.article_paths:
            resp = site.respond(path)
            pages.append(("https://eng.bsmu.by" + path, resp.body, resp.content_type))
    return tuple(pages)


@st.composite
def mutated_page(draw: st.DrawFn) -> tuple[str, bytes, str | None]:
    url, body, content_type = draw(st.sampled_from(replica_pages()))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(body)))
        end = draw(st.integers(at, min(len(body), at + 4_000)))
        kind = draw(st.sampled_from(
            ["delete", "insert", "duplicate", "truncate", "nest", "date", "bytes_flip", "tagsoup"]
        ))
        if kind == "delete":
            body = body[:at] + body[end:]
        elif kind == "insert":
            body = body[:at] + draw(st.binary(min_size=1, max_size=200)) + body[at:]
        elif kind == "duplicate":
            body = body[:end] + body[at:end] * draw(st.integers(1, 20)) + body[end:]
        elif kind == "truncate":
            body = body[:at]
        elif kind == "nest":
            depth = draw(st.sampled_from([10, 300, NESTING_DEPTH]))
            body = body[:at] + b"<div>" * depth + body[at:end] + b"</div>" * depth + body[end:]
        elif kind == "date":
            line = draw(st.one_of(DATE_LINES, OTHER_DATES)).encode("utf-8")
            body = body[:at] + b"<p>" + line + b"</p>" + body[at:]
        elif kind == "bytes_flip":
            body = body[:at] + bytes(b ^ 0x80 for b in body[at:end]) + body[end:]
        else:
            body = body[:at] + draw(st.sampled_from([b"<", b">", b"</p", b"<td><tr>", b"&#", b"<!--", b"<script>"])) + body[at:]
    content_type = draw(st.one_of(st.just(content_type), CONTENT_TYPES))
    return url, body, content_type


@given(page=mutated_page())
def test_mutated_replica_pages(page: tuple[str, bytes, str | None]) -> None:
    url, body, content_type = page
    check(extract_page(body, url, headers_for(content_type)))


def test_unmutated_replica_pages_are_read() -> None:
    """The mutation test's base is sound: the pages it damages are read when intact."""
    outcomes = [extract_page(body, url, {"Content-Type": ct}) for url, body, ct in replica_pages()]
    for extraction in outcomes:
        check(extraction)
    broken = sum(1 for e in outcomes if not e.ok)
    assert broken <= len(outcomes) // 10  # the replica's deliberately broken few


# --- regressions found by the properties and the hostile replica --------------------------


def test_a_stray_invalid_byte_does_not_lose_the_page() -> None:
    """Found by the hostile replica: one byte invalid in windows-1251 (0x98) made a
    whole page ``undecodable``; one invalid UTF-8 sequence turned every non-ASCII
    letter into windows-1251 mojibake. Both now keep the page, with U+FFFD."""
    url, body, content_type = next(p for p in replica_pages() if "windows-1251" in p[2])
    clean = extract_page(body, url, {"Content-Type": content_type})
    damaged = body.replace(b"<p>", b"<p>\x98", 1)
    extraction = extract_page(damaged, url, {"Content-Type": content_type})
    assert extraction.ok and extraction.record.title == clean.record.title
    utf8 = ("<html><body><p>1 May 2023 г.</p><h1>Визит — встреча</h1><p>Текст статьи \xff"
            "и ещё текст.</p></body></html>")
    raw = utf8.replace("\xff", "").encode("utf-8").replace("статьи ".encode(), "статьи ".encode() + b"\xff")
    extraction = extract_page(raw, ARTICLE.format(5), {"Content-Type": "text/html; charset=utf-8"})
    assert extraction.ok and extraction.record.title == "Визит — встреча", extraction


def test_a_page_nested_too_deep_is_a_named_failure() -> None:
    """Found by the hostile replica: 10,000 nested elements made libxml2 drop what lay
    below depth 256, and the page failed as ``no_date``, which misled; now ``too_deep``."""
    url, body, content_type = replica_pages()[0]
    start = body.index(b">", body.index(b"<body")) + 1
    end = body.rindex(b"</body>")
    nested = body[:start] + b"<div>" * NESTING_DEPTH + body[start:end] + b"</div>" * NESTING_DEPTH + body[end:]
    extraction = extract_page(nested, url, {"Content-Type": content_type})
    assert (extraction.status, extraction.failure) == ("failed", "too_deep")
    assert re.search("depth", extraction.message or "")
