"""The replica of eng.bsmu.by: deterministic, faithful to the site notes, truthful, servable.

Sites are built once per module; the corpus behind both variants is cached, so the whole
file runs in a few seconds.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import html
import json
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

import lxml.html
import pytest

from replica import ReplicaServer, Site, build_site
from replica.content import normalise
from replica.corpus import generate_corpus
from replica.seeds import SEED_000, SEED_001, SEED_002, SEED_003, SEED_004
from replica.vocab import BSMU_UNITS, MONTHS, SLOGANS

SEEDS_DIR = Path(__file__).resolve().parents[2] / "shared" / "seeds"
ARTICLE_LINK = re.compile(r'href="(/allarticles/rubric2/(?:page\d+/)?article(\d+)/)"', re.I)
MONTH = "|".join(MONTHS)
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def modern() -> Site:
    return build_site()


@pytest.fixture(scope="module")
def legacy() -> Site:
    return build_site(variant="legacy")


@pytest.fixture(scope="module", params=["modern", "legacy"])
def site(request: pytest.FixtureRequest, modern: Site, legacy: Site) -> Site:
    return modern if request.param == "modern" else legacy


def good(site: Site) -> list[dict]:
    return [t for t in site.truth if t["expected_failure"] is None]


# --- determinism and size ----------------------------------------------------------------


def test_same_seed_same_bytes_and_build_is_fast(modern: Site) -> None:
    generate_corpus.cache_clear()
    started = time.perf_counter()
    again = build_site()
    elapsed = time.perf_counter() - started
    assert elapsed < 2.0, f"build took {elapsed:.2f} s"
    assert list(again.pages) == list(modern.pages)
    for path in modern.pages:
        assert again.pages[path].body == modern.pages[path].body, path
    assert again.truth == modern.truth
    assert build_site(seed=7, n_articles=40).truth != build_site(n_articles=40).truth


def test_legacy_build_is_fast_too() -> None:
    generate_corpus.cache_clear()
    started = time.perf_counter()
    build_site(variant="legacy")
    assert time.perf_counter() - started < 2.0


def test_size_years_and_id_order(modern: Site) -> None:
    truth = modern.truth
    assert len(truth) == 320 and len(good(modern)) >= 300
    years = Counter(t["published"][:4] for t in truth)
    assert len(years) >= 4 and min(years) == "2018" and max(years) == "2024"
    by_id = sorted(truth, key=lambda t: t["article_id"])
    dates = [t["published"] for t in by_id]
    assert dates == sorted(dates), "IDs rise with publication dates"
    ids = [t["article_id"] for t in by_id]
    assert any(b - a > 1 for a, b in zip(ids, ids[1:], strict=False)), "IDs have gaps"
    assert {t["published"] for t in truth if t["article_id"] == 22} == {"2018-08-31"}
    assert all(t["published"].startswith("2023") for t in truth if 600 <= t["article_id"] < 700)
    today = dt.date.today().isoformat()
    assert all(t["published"] <= today for t in truth), "no future dates"
    assert all(t["published"] <= modern.fetched.date().isoformat() for t in truth)


def test_small_and_invalid_sizes() -> None:
    small = build_site(n_articles=20, per_page=4)
    assert len(small.truth) == 20
    assert len(small.listing_offsets) == 5
    with pytest.raises(ValueError):
        build_site(n_articles=3)
    with pytest.raises(ValueError):
        build_site(variant="fancy")


def test_both_variants_have_identical_truth(modern: Site, legacy: Site) -> None:
    assert modern.truth == legacy.truth
    json.dumps(modern.truth)  # JSON-serialisable
    assert modern.pages["/allarticles/rubric2/"].body != legacy.pages["/allarticles/rubric2/"].body


def test_truth_fields(modern: Site) -> None:
    keys = {"article_id", "rubric", "canonical_path", "title", "announcement", "published",
            "body", "authors", "translators", "photographers", "language", "encoding", "banner",
            "date_suffix", "organisations", "people", "seed", "expected_failure"}
    for t in modern.truth:
        assert keys <= set(t)
        assert t["canonical_path"] == f"/allarticles/rubric2/article{t['article_id']}/"
        assert t["rubric"] == 2 and t["language"] == "en"
        paragraphs = t["body"].split("\n\n")
        assert all(p == normalise(p) and p for p in paragraphs)
        assert t["title"] and t["title"] == normalise(t["title"])
        for org in t["organisations"]:
            assert org["kind"] in {"university", "institute", "academy", "society",
                                   "association", "international", "ministry", "embassy"}
            for surface in org["surface"]:
                assert surface in t["title"] or surface in t["body"], (t["article_id"], surface)
            assert "BSMU" not in org["name"] and "Belarusian State Medical" not in org["name"]
        for person in t["people"]:
            shown = f"{person['title']} {person['name']}" if person["title"] else person["name"]
            assert shown in t["body"], (t["article_id"], shown)


# --- content variety ---------------------------------------------------------------------


def test_announcements_titles_and_partners_vary(modern: Site) -> None:
    truth = good(modern)
    equal = sum(t["announcement"] == t["title"] for t in truth)
    absent = sum(t["announcement"] is None for t in truth)
    prefix = [t for t in truth if t["announcement"] and t["announcement"] != t["title"]]
    assert equal > 60 and absent > 20 and len(prefix) > 60
    for t in prefix:
        assert t["title"].startswith(t["announcement"])
        rest = t["title"][len(t["announcement"]):]
        assert rest.startswith(" "), "cut at a word boundary"
        assert not t["announcement"].endswith(("...", "\u2026"))
    assert any(t["title"].endswith(".") and t["published"] < "2020" for t in truth)
    names = {o["name"] for t in truth for o in t["organisations"]}
    notes = (ROOT.parent / "shared" / "site-notes.md")
    if notes.exists():
        text = notes.read_text(encoding="utf-8")
        assert len([n for n in names if n not in text]) > 20, "partners beyond the notes' list"
    assert any(len(o["surface"]) > 1 for t in truth for o in t["organisations"])
    assert any(re.search(r"\(([A-Z][A-Za-z]{1,7})\)", t["body"]) for t in truth)
    assert any(unit[4:] in t["body"] for t in truth for unit in BSMU_UNITS)
    assert any("Vice-Rector for International Relations, Doctor of Medical Sciences, "
               "Professor Vasili Roudenok" in t["body"] for t in truth)
    dated = [t for t in truth if re.search(rf"\b\d{{1,2}} ({MONTH}) 20\d\d\b", t["body"])]
    assert len(dated) > 30, "full dates in running text as distractors"
    paragraphs = Counter(len(t["body"].split("\n\n")) for t in truth)
    assert min(paragraphs) >= 3


def test_captions_lists_and_inline_markup(modern: Site, legacy: Site) -> None:
    articles = [a for a in modern.articles if a.expected_failure is None]
    features = Counter(f for a in articles for f in a.features)
    for needed in ("caption-ru", "caption-en", "list-ul", "list-dash", "link", "bold",
                   "italic", "nbsp", "date-distractor", "two-partners", "title-stop"):
        assert features[needed] > 0, needed
    ru = [a for a in articles if "caption-ru" in a.features]
    assert any(re.search("[А-Яа-я]", b.text) for a in ru for b in a.blocks if b.kind == "caption")
    for a in articles:
        for b in a.blocks:
            if b.kind == "caption":
                assert not b.text.startswith(("Photo", "Author", "Translat", "Фото", "Автор"))
        assert a.blocks[-1].kind == "text", "the body ends with an ordinary paragraph"
    linked = next(a for a in articles if "link" in a.features)
    assert re.search(r'<p[^>]*>[^<]*<a href="https?://', modern.pages[linked.canonical_path].text())
    assert re.search(r'<A HREF="https?://', legacy.pages[linked.canonical_path].text())


def test_every_credit_variant_occurs(modern: Site) -> None:
    lines = [(t, line) for t in good(modern) for line in t["credit_lines"]]
    texts = [line for _, line in lines]

    def some(pattern: str) -> bool:
        return any(re.fullmatch(pattern, line) for line in texts)

    assert some(r"Author: [A-Z][a-z]+ [A-Z][a-z]+, [^,]+[;.]?")
    assert some(r"Author: [A-Z][a-z]+ [A-Z][a-z]+[;.]?")
    assert some(r"[A-Z][a-z]+ [A-Z][a-z]+, [^:]+;")  # seed 000's unlabeled line
    assert some(r"Author and photo: .+")
    assert some(r"Authors: .+ and .+") or some(r"Authors: .+, .+")
    assert some(r"Photo by the author[;.]?")
    assert some(r"Photo by [A-Z][a-z]+ [A-Z][a-z]+[;.]?")
    assert some(r"Photo: [A-Z][a-z]+ [A-Z][a-z]+[;.]?")
    assert some(r"Photo(:| by) .+( and |, ).+")
    assert some(r"Translation: [A-Z][a-z]+ [A-Z][a-z]+[;.]?")
    assert some(r"Translation: [A-Z]\.[A-Z][a-z]+[;.]?")
    assert some(r"Translated by .+")
    assert some(r".+;") and some(r".+\.")
    truth = good(modern)
    assert any(not t["credit_lines"] for t in truth), "some articles have no credits"
    assert any(t["translators"] and not t["authors"] and not t["photographers"] for t in truth)
    initial = [t for t in truth if any(re.fullmatch(r"Translation: [A-Z]\.[A-Z]\w+[;.]?", ln)
                                       for ln in t["credit_lines"])]
    assert all(re.fullmatch(r"[A-Z]\. [A-Z]\w+", t["translators"][0]) for t in initial)
    by_author = [t for t in truth if any(ln.startswith("Photo by the author")
                                         for ln in t["credit_lines"])]
    assert all(t["photographers"] == [t["authors"][0]["name"]] for t in by_author)
    roles = {a["role"] for t in truth for a in t["authors"]} - {None}
    assert {"BSMU spokesperson", "student of the Faculty of General Medicine"} & roles
    people = {n for t in truth for n in t["translators"] + t["photographers"]} | {
        a["name"] for t in truth for a in t["authors"]}
    assert {"Oksana Kurbeko", "Nadezhda Kolyago", "Dmitry Zelenkovsky"} <= people


# --- seeds -------------------------------------------------------------------------------


def test_seed_articles_are_real(modern: Site) -> None:
    seeds = {t["seed"]: t for t in modern.truth if t["seed"]}
    a, b = seeds[SEED_000], seeds[SEED_002]
    assert a["published"] == "2022-06-03" and b["published"] == "2023-03-03"
    assert a["authors"] == [{"name": "Oksana Kurbeko", "role": "BSMU spokesperson"}]
    assert a["photographers"] == ["Dmitry Zelenkovsky"]
    assert a["translators"] == ["Anastasiya Karnacheva"]
    assert a["credit_lines"][0] == "Oksana Kurbeko, BSMU spokesperson;"
    assert b["authors"] == [{"name": "Oksana Kurbeko", "role": "BSMU spokesperson"}]
    assert b["photographers"] == ["Oksana Kurbeko"] and b["translators"] == ["Nadezhda Kolyago"]
    assert a["banner"] and b["banner"]
    for t in (a, b):
        assert not any(head in t["body"] for head, _ in SLOGANS), "banner kept out of the truth"
    page = modern.pages[a["canonical_path"]].text()
    assert "<div class=\"date\">3 June 2022 г.</div>" in page


@pytest.mark.skipif(not SEEDS_DIR.exists(), reason="seed files not available")
def test_embedded_seed_text_matches_the_seed_files(modern: Site) -> None:
    for name in (SEED_000, SEED_002):
        lines = [ln.strip() for ln in (SEEDS_DIR / name).read_text(encoding="utf-8").splitlines()
                 if ln.strip()]
        t = next(t for t in modern.truth if t["seed"] == name)
        start = lines.index(t["title"])
        assert lines[start + 1] == t["announcement"]
        body = "\n\n".join(normalise(x) for x in lines[start + 2:len(lines) - 3])
        assert body == t["body"]
        assert lines[-3:] == t["credit_lines"]
        assert f"{t['published'][8:].lstrip('0')} " in lines[start - 1]
    statics = {p.seed: p for p in modern.corpus.statics if p.seed}
    for name in (SEED_001, SEED_003, SEED_004):
        text = normalise((SEEDS_DIR / name).read_text(encoding="utf-8"))
        for block in statics[name].blocks:
            assert normalise(block.text) in text, (name, block.text[:40])


# --- URLs, listings, static pages --------------------------------------------------------


def test_every_url_form_serves_the_article(site: Site) -> None:
    for t in site.truth:
        canonical = site.pages[t["canonical_path"]]
        aid = t["article_id"]
        for alias in (f"/allarticles/rubric2/page16/article{aid}/",
                      f"/allarticles/rubric2/page{1 + 7 * site.per_page}/article{aid}/",
                      f"/allarticles/rubric2/article{aid}",
                      f"/allarticles/rubric2/article{aid}/?utm=x"):
            assert site.pages[alias].body == canonical.body, alias
    assert site.respond("/allarticles/rubric2/article99999/").status == 404
    assert site.respond("/allarticles/rubric7/article528/").status == 404
    assert site.respond("/nothing/here/").status == 404
    assert "/nothing/" not in site.pages


def test_listings_by_start_offset_reach_every_article(site: Site) -> None:
    per = site.per_page
    newest = [a.article_id for a in site.newest_first]
    seen: dict[int, set[str]] = {}
    queue, visited = ["/allarticles/rubric2/"], set()
    while queue:
        path = queue.pop()
        if path in visited:
            continue
        visited.add(path)
        text = site.pages[path].text()
        m = re.search(r"/page(\d+)/$", path)
        offset = int(m.group(1)) if m else 1
        links = ARTICLE_LINK.findall(text)
        assert [int(i) for _, i in links] == newest[offset - 1: offset - 1 + per]
        for href, aid in links:
            expected = (f"/allarticles/rubric2/article{aid}/" if offset == 1
                        else f"/allarticles/rubric2/page{offset}/article{aid}/")
            assert href == expected
            seen.setdefault(int(aid), set()).add(href)
        current = re.findall(r'class="navi_current">(?:<B>)?(\d+)<', text)
        assert current == [str((offset - 1) // per + 1)]
        queue += re.findall(r'href="(/allarticles/rubric2/(?:page\d+/)?)"', text, re.I)
    assert set(seen) == {t["article_id"] for t in site.truth}, "every article is listed"
    assert visited >= {f"/allarticles/rubric2/page{1 + k * per}/"
                       for k in range(1, len(site.listing_offsets))}
    assert site.pages["/allarticles/"].body != site.pages["/allarticles/rubric2/"].body
    assert ARTICLE_LINK.findall(site.pages["/allarticles/page16/"].text()) == \
        ARTICLE_LINK.findall(site.pages["/allarticles/rubric2/page16/"].text())
    # Unlinked offsets are answered like the CMS answers them: LIMIT S-1, per_page.
    odd = ARTICLE_LINK.findall(site.pages["/allarticles/rubric2/page5/"].text())
    assert [int(i) for _, i in odd] == newest[4:4 + per]
    assert site.respond(f"/allarticles/rubric2/page{len(newest) + 1}/").status == 404


def test_static_pages(site: Site) -> None:
    assert {"/page/6/41/", "/page/6/44/", "/page/6/45/"} <= set(site.static_paths)
    assert {p.split("/")[2] for p in site.static_paths} == {"3", "4", "6"}
    paths = {t["canonical_path"] for t in site.truth}
    for path in site.static_paths:
        assert path not in paths
        text = site.pages[path].text()
        assert 'href="/">Main</a>' in text
    page = site.pages["/page/6/41/"].text()
    assert "Foreign partnership" in page and ">University</a>" in page
    assert "International cooperation</a>" in page
    menu = site.pages["/allarticles/rubric2/"].text()
    for link in ("/page/6/1/", "/allarticles/rubric2/", "/allarticles/", "/searchArticles/?words="):
        assert f'href="{link}' in menu


def test_robots_rss_search(site: Site) -> None:
    robots = site.pages["/robots.txt"]
    assert robots.content_type.startswith("text/plain")
    lines = robots.body.decode("ascii").splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /searchArticles/" in lines and "Disallow: /admin/" in lines
    rss = site.pages["/rss/rss.xml"]
    assert rss.body.startswith(b'<?xml version="1.0" encoding="windows-1251"?>')
    dates = re.findall(rb"<pubDate>(.*?)</pubDate>", rss.body)
    assert dates and all(re.fullmatch(
        rb"(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, [1-9]\d? [A-Z][a-z]{2} 20\d\d "
        rb"10:00:00 \+0300", d) for d in dates)
    assert site.respond("/searchArticles/?words=agreement").status == 200


# --- page anatomy ------------------------------------------------------------------------


def _modern_paragraphs(text: str) -> list[str]:
    doc = lxml.html.document_fromstring(text)
    (box,) = doc.find_class("InText")
    out = []
    for el in box:
        items = el.findall("li") if el.tag == "ul" else [el]
        out += [normalise(i.text_content()) for i in items]
    return [p for p in out if p]


def _legacy_paragraphs(text: str) -> list[str]:
    m = re.search(r'<TD class="InText"><FONT face="Arial" size="2">(.*?)</FONT></TD>', text, re.S)
    assert m
    chunks = re.split(r"(?i)<br>|</?ul>|</?li>", m.group(1))
    out = [normalise(html.unescape(re.sub(r"<[^>]+>", "", c))) for c in chunks]
    return [p for p in out if p]


def test_paragraphs_on_the_page_are_the_truth(modern: Site, legacy: Site) -> None:
    """Read independently from the HTML, body + credit lines equal the truth, line by line."""
    for t in good(modern):
        want = t["body"].split("\n\n") + t["credit_lines"]
        assert _modern_paragraphs(modern.pages[t["canonical_path"]].text()) == want, t["article_id"]
        assert _legacy_paragraphs(legacy.pages[t["canonical_path"]].text()) == want, t["article_id"]


def test_title_date_and_announcement_markup(modern: Site, legacy: Site) -> None:
    for t in good(modern):
        a = modern.article(t["article_id"])
        date_line = a.date_line()
        m_text = modern.pages[t["canonical_path"]].text()
        l_text = legacy.pages[t["canonical_path"]].text()
        assert f'<div class="date">{date_line}</div>' in m_text
        assert f'<FONT color="#7A7A7A" size="2">{date_line}</FONT>' in l_text
        assert "<h1" not in l_text.lower() and "<p>" not in l_text.lower()
        doc = lxml.html.document_fromstring(m_text)
        assert normalise(doc.find(".//h1").text_content()) == t["title"]
        anons = doc.find_class("AnonsInMain")
        assert (normalise(anons[0].text_content()) if anons else None) == t["announcement"]
        assert re.fullmatch(rf"[1-9]\d? ({MONTH}) 20\d\d( .*)?", date_line)
        assert date_line.startswith(f"{int(t['published'][8:])} ")
        if t["banner"]:
            assert SLOGANS[0][1] in m_text and SLOGANS[0][1] in l_text
        else:
            assert SLOGANS[0][1] not in m_text
    # The legacy sidebar comes before the content, the modern one after.
    l_text = legacy.pages["/allarticles/rubric2/article528/"].text()
    m_text = modern.pages["/allarticles/rubric2/article528/"].text()
    assert l_text.index('class="leftcol"') < l_text.index('class="InText"')
    assert m_text.index('<aside class="sidebar">') > m_text.index('class="InText"')
    assert "<TD" in l_text and "<div" not in l_text.lower().split("<td", 1)[0]


def test_sidebar_dates_have_no_year_and_differ_from_the_article(site: Site) -> None:
    pattern = (r'<div class="dateIn">([^<]*)</div>' if site.variant == "modern"
               else r'<FONT size="1" color="#808080">([^<]*)</FONT>')
    for t in good(site):
        text = site.pages[t["canonical_path"]].text()
        dates = re.findall(pattern, text)
        assert len(dates) == 5
        d = dt.date.fromisoformat(t["published"])
        for shown in dates:
            assert re.fullmatch(rf"[1-9]\d? ({MONTH})", shown)
            assert shown != f"{d.day} {MONTHS[d.month - 1]}"
        links = ARTICLE_LINK.findall(text)
        assert f"article{t['article_id']}/" not in {h.rsplit("/", 2)[-2] + "/" for h, _ in links}


def test_footer_and_chrome(site: Site) -> None:
    text = site.pages["/allarticles/rubric2/article528/"].text()
    assert "Dzerzhinski Ave." in text and "bsmu@bsmu.by" in text and "&copy;" in text
    assert text.rstrip().lower().endswith("</html>")
    crumbs = re.search(r'class="current_url"[^>]*>(?:<tr><td>)?(.*?)</', text).group(0)
    assert "Main" in crumbs


def test_article_pages_are_as_heavy_as_real_cms_pages(site: Site) -> None:
    """Real pages of the era carry ~25-40 KiB and several hundred elements of furniture:
    a lighter replica would flatter the extractor's benchmarks."""
    bodies = [site.pages[t["canonical_path"]].body for t in good(site)]
    mean_kib = sum(len(b) for b in bodies) / len(bodies) / 1024
    elements = [sum(1 for e in lxml.html.document_fromstring(b).iter() if isinstance(e.tag, str))
                for b in bodies]
    mean_elements = sum(elements) / len(elements)
    assert 25 <= mean_kib <= 40, f"{site.variant}: mean article page {mean_kib:.1f} KiB"
    assert 400 <= mean_elements <= 800, f"{site.variant}: mean {mean_elements:.0f} elements"


def test_furniture_menu_links_and_no_dates(site: Site) -> None:
    """The main menu has every section and 60-120 links, marks the current item, links to
    no article, and the furniture shows no date of any kind and no control character."""
    listing = site.pages["/allarticles/rubric2/"].text()
    static = site.pages["/page/6/44/"].text()
    search = site.pages["/searchArticles/"].text()  # nothing but furniture
    for label in ("University", "Admission", "For students", "Science",
                  "International cooperation", "Medical care", "News", "Contacts"):
        assert re.search(rf">{label}</a>", listing, re.I), label
    menu = re.search(r"<!-- begin menu -->(.*?)<!-- end menu -->", listing, re.S).group(1)
    links = re.findall(r'href="([^"]+)"', menu, re.I)
    assert 60 <= len(links) <= 120
    assert all(re.fullmatch(r"/page/\d+/\d+/|/allarticles/(rubric2/)?|/rss/rss\.xml|"
                            r"/searchArticles/\?words=\w+", h) for h in links), links
    assert ARTICLE_LINK.findall(search) == []
    assert 'action="/searchArticles/"' in search and "visually impaired" in search
    assert "<!-- begin menu -->" in search and "<script" in search.lower()
    if site.variant == "modern":
        assert '<li class="current"><a href="/page/6/44/">' in static
        assert '<li class="current"><a href="/allarticles/rubric2/">' in listing
    else:
        assert '<A href="/page/6/44/"><B>' in static
        assert '<A href="/allarticles/rubric2/"><B>' in listing
    visible = lxml.html.document_fromstring(search).text_content()
    assert not re.search(rf"\d\s*({MONTH})|({MONTH})\s*\d|\d\d?[./]\d\d?[./]\d{{4}}", visible)
    for path, resp in site.pages.items():
        if resp.content_type.startswith("text/html") and resp.body.count(b"\x00") < 100:
            assert not re.search(rb"[\x00-\x08\x0b\x0e-\x1f]", resp.body), path


# --- encodings and broken pages ----------------------------------------------------------


def test_windows_1251_pages_decode_as_cp1251(site: Site) -> None:
    no_charset = 0
    for t in good(site):
        resp = site.pages[t["canonical_path"]]
        if t["encoding"] != "windows-1251":
            continue
        assert b'content="text/html; charset=windows-1251"' in resp.body
        text = resp.body.decode("cp1251")
        assert t["title"] in normalise(html.unescape(text))
        assert " г.<" in text
        with pytest.raises(UnicodeDecodeError):
            resp.body.decode("utf-8")
        if resp.content_type == "text/html":
            no_charset += 1
        else:
            assert resp.content_type == "text/html; charset=windows-1251"
    assert 0 < no_charset < len(site.truth) // 3, "some pages declare the charset only in meta"


def test_damaged_date_suffix_pages_are_utf8(site: Site) -> None:
    damaged = [t for t in site.truth if t["encoding"] == "utf-8"]
    assert 3 <= len(damaged) <= 6
    assert {t["date_suffix"] for t in damaged} == {"\u00e3.", "\u0103.", ""}
    assert all(t["date_suffix"] == "г." for t in site.truth if t["encoding"] != "utf-8")
    for t in damaged:
        resp = site.pages[t["canonical_path"]]
        assert resp.content_type == "text/html; charset=utf-8"
        text = resp.body.decode("utf-8")
        a = site.article(t["article_id"])
        assert a.date_line() in text
        assert "г." not in text.split(a.date_line(), 1)[1][:20]


def test_deliberately_broken_pages(site: Site) -> None:
    broken = {t["expected_failure"]: t for t in site.truth if t["expected_failure"]}
    assert set(broken) == {"no_date", "truncated", "undecodable"}
    listed = {int(i) for p in site.listing_paths for _, i in ARTICLE_LINK.findall(
        site.pages[p].text())}
    assert {t["article_id"] for t in broken.values()} <= listed
    no_date = site.pages[broken["no_date"]["canonical_path"]].text()
    assert not re.search(rf"\b\d{{1,2}} ({MONTH}) 20\d\d (г\.|ã|ă)", no_date)
    assert broken["no_date"]["title"] in normalise(html.unescape(no_date))
    cut = site.pages[broken["truncated"]["canonical_path"]].body
    assert b"</html>" not in cut.lower() and b"Dzerzhinski" not in cut
    first = broken["truncated"]["body"].split("\n\n")[0]
    assert first[:30].encode("cp1251") in cut or html.escape(first[:30]).encode() in cut
    junk = site.pages[broken["undecodable"]["canonical_path"]]
    assert junk.content_type.startswith("text/html") and junk.body.count(b"\x00") > 1000
    with pytest.raises(UnicodeDecodeError):
        junk.body.decode("utf-8")


def test_response_metadata(modern: Site) -> None:
    resp = modern.pages["/allarticles/rubric2/article528/"]
    assert resp.etag.startswith('"') and len(resp.etag) == 42
    assert resp.headers["Last-Modified"] == "Fri, 03 Jun 2022 07:00:00 GMT"
    assert int(resp.headers["Content-Length"]) == len(resp.body)


def test_write_puts_every_page_and_the_truth_on_disk(modern: Site, tmp_path: Path) -> None:
    root = modern.write(tmp_path / "site")
    assert (root / "allarticles/rubric2/article528/index.html").read_bytes() == \
        modern.pages["/allarticles/rubric2/article528/"].body
    assert (root / "robots.txt").exists() and (root / "rss/rss.xml").exists()
    assert json.loads((root / "truth.json").read_text(encoding="utf-8")) == modern.truth
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["pages"]) == set(modern.pages)


def test_evolve_adds_edits_and_removes(modern: Site) -> None:
    newest = modern.newest_first[0].article_id
    later = modern.evolve(add=3, edit=[528], remove=[newest])
    ids = {t["article_id"] for t in later.truth}
    assert newest not in ids and len(ids) == len(modern.truth) + 2
    added = sorted(ids - {t["article_id"] for t in modern.truth})
    assert len(added) == 3 and min(added) > newest
    old = next(t for t in modern.truth if t["article_id"] == 528)
    new = next(t for t in later.truth if t["article_id"] == 528)
    assert new["body"] != old["body"] and new["title"] == old["title"]
    assert later.pages[new["canonical_path"]].last_modified > \
        modern.pages[old["canonical_path"]].last_modified
    assert later.respond(f"/allarticles/rubric2/article{newest}/").status == 404
    assert later.fetched > modern.fetched
    assert all(t["published"] <= later.fetched.date().isoformat() for t in later.truth)


# --- the server --------------------------------------------------------------------------


def _get(url: str, headers: dict[str, str] | None = None, method: str = "GET"):
    req = urllib.request.Request(url, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=5) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def test_server_over_http(modern: Site) -> None:
    with ReplicaServer(modern) as server:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", server.base_url)
        path = "/allarticles/rubric2/article528/"
        status, headers, body = _get(server.url(path), {"User-Agent": "replica-test/1.0"})
        assert status == 200 and body == modern.pages[path].body
        assert headers["Content-Type"] == "text/html; charset=windows-1251"
        etag, modified = headers["ETag"], headers["Last-Modified"]
        assert _get(server.url(path), {"If-None-Match": etag})[0] == 304
        assert _get(server.url(path), {"If-None-Match": '"other"'})[0] == 200
        assert _get(server.url(path), {"If-Modified-Since": modified})[0] == 304
        assert _get(server.url(path), {"If-Modified-Since": "Sat, 01 Jan 2022 00:00:00 GMT"}
                    )[0] == 200
        status, headers, body = _get(server.url(path), method="HEAD")
        assert status == 200 and body == b"" and int(headers["Content-Length"]) > 1000
        assert _get(server.url("/allarticles/rubric2/page16/article528/"))[2] == \
            modern.pages[path].body
        assert _get(server.url("/no/such/page/"))[0] == 404
        robots = _get(server.url("/robots.txt"))[2].decode()
        assert "Disallow: /searchArticles/" in robots

        log = server.request_log
        assert [e.method for e in log][:2] == ["GET", "GET"]
        assert log[0].path == path and log[0].status == 200
        assert log[0].headers["user-agent"] == "replica-test/1.0"
        assert log[1].headers["if-none-match"] == etag and log[1].status == 304
        assert log[0]["path"] == path
        assert all(a.time <= b.time for a, b in zip(log, log[1:], strict=False))
        server.clear_log()
        assert server.request_log == []


def test_server_concurrency_and_replace_site(modern: Site) -> None:
    paths = [t["canonical_path"] for t in modern.truth[:40]]
    with ReplicaServer(modern) as server:
        with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(lambda p: _get(server.url(p)), paths))
        assert all(r[0] == 200 and r[2] == modern.pages[p].body
                   for r, p in zip(results, paths, strict=True))
        assert len(server.request_log) == len(paths)
        later = modern.evolve(add=1, remove=[int(paths[0].rsplit("article", 1)[1].strip("/"))])
        server.replace_site(later)
        assert _get(server.url(paths[0]))[0] == 404
        server.fail(paths[1], 503, times=2)
        assert [_get(server.url(paths[1]))[0] for _ in range(3)] == [503, 503, 200]


def test_cli_serve_prints_the_url_and_stops_on_sigterm() -> None:
    proc = subprocess.Popen([sys.executable, "-m", "replica", "serve", "--articles", "20",
                             "--variant", "legacy"], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline().strip()
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", line), line
        assert _get(line + "/robots.txt")[0] == 200
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0


def test_cli_build(tmp_path: Path) -> None:
    out = subprocess.run([sys.executable, "-m", "replica", "build", "--out", str(tmp_path),
                          "--articles", "20"], cwd=ROOT, capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    truth = json.loads((tmp_path / "truth.json").read_text(encoding="utf-8"))
    assert len(truth) == 20 and (tmp_path / "allarticles/rubric2/index.html").exists()
