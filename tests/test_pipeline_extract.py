"""The extractor on hand-made pages in several layouts and on the real seeds."""

import datetime as dt
from pathlib import Path

import pytest

from pipeline import Person, extract_page, extract_text
from pipeline.profiles import FOOTER_LINE, SiteProfile, is_footer_line

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
URL = "https://eng.bsmu.by/allarticles/rubric2/page16/article641/"
CANONICAL = "https://eng.bsmu.by/allarticles/rubric2/article641/"
TITLE = "BSMU and Kirov State Medical University signed an agreement"
PARAS = [
    "Kirov State Medical University (Russia) has become a partner of <b>BSMU</b>.",
    "On 23 June 2022 the parties will hold a <a href='https://example.org/'>joint conference</a>.",
    "Участники встречи",
]
CREDITS = ["Author: Oksana Kurbeko, BSMU spokesperson", "Photo by the author", "Translation: A.Kolyago"]
SIDEBAR = [("Another news item title", "2 August", "Another news item")]
FOOTER = "220083, Minsk, Dzerzhinski Ave., 83. Tel.: +375 17 000-00-00 © BSMU"


def modern(banner: bool = True, announcement: str | None = TITLE) -> str:
    side = "".join(f"<li><a href='/allarticles/rubric2/article9/'>{t}</a><span>{d}</span><p>{a}</p></li>" for t, d, a in SIDEBAR)
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{TITLE}</title></head><body>
    {'<div class="slogans"><h3>BSMU – a scientific leader</h3><p>For many years.</p></div>' if banner else ''}
    <nav><a href="/page/6/1/">University</a> <a href="/allarticles/rubric2/">News</a></nav>
    <main><div class="crumbs"><a href="/">Main</a> <a href="/allarticles/">News</a> International</div>
    <div class="date">3 June 2022 г.</div><h1>{TITLE}</h1>
    {f'<div class="AnonsInMain">{announcement}</div>' if announcement else ''}
    <div class="text">{''.join(f'<p>{p}</p>' for p in PARAS)}{''.join(f'<p>{c}</p>' for c in CREDITS)}</div></main>
    <aside><h3>News</h3><ul>{side}</ul></aside><footer><p>{FOOTER}</p></footer></body></html>"""


def legacy() -> str:
    side = "".join(f"<A HREF='/allarticles/rubric2/article9/'>{t}</A><BR>{d}<BR>{a}<BR><BR>" for t, d, a in SIDEBAR)
    return f"""<HTML><HEAD><META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=windows-1251"></HEAD><BODY>
    <TABLE><TR><TD><A HREF="/">Main</A> | <A HREF="/page/6/1/">University</A></TD></TR></TABLE>
    <TABLE><TR><TD WIDTH=200><B>News</B><BR>{side}</TD>
    <TD><A HREF="/">Main</A> <A HREF="/allarticles/">News</A> International<BR><BR>
    <FONT SIZE=1>3 June 2022 г.</FONT><BR><B>{TITLE}</B><BR>{TITLE}<BR><BR>
    {'<BR><BR>'.join(PARAS)}<BR><BR>{'<BR>'.join(CREDITS)}</TD></TR></TABLE>
    <TABLE><TR><TD>{FOOTER}</TD></TR></TABLE></BODY></HTML>"""


EXPECTED_BODY = (
    "Kirov State Medical University (Russia) has become a partner of BSMU.\n\n"
    "On 23 June 2022 the parties will hold a joint conference.\n\nУчастники встречи"
)


@pytest.mark.parametrize("page, headers", [
    (modern().encode("utf-8"), {"Content-Type": "text/html; charset=utf-8"}),
    (modern(banner=False).encode("utf-8"), {}),
    (legacy().encode("cp1251"), {"Content-Type": "text/html"}),
])
def test_the_same_record_from_every_layout(page, headers):
    extraction = extract_page(page, URL, headers)
    assert extraction.ok, extraction
    r = extraction.record
    assert r.url == CANONICAL and r.site_article_id == 641 and r.rubric == 2
    assert r.published == dt.date(2022, 6, 3)
    assert r.title == TITLE and r.announcement == TITLE
    assert r.body == EXPECTED_BODY
    assert r.authors == (Person("Oksana Kurbeko", "BSMU spokesperson"),)
    assert r.photographers == ("Oksana Kurbeko",)
    assert r.translators == ("A. Kolyago",)
    assert r.language == "en"


def test_announcement_prefix_and_absence():
    prefix = "BSMU and Kirov State Medical University"
    assert extract_page(modern(announcement=prefix).encode(), URL).record.announcement == prefix
    r = extract_page(modern(announcement=None).encode(), URL).record
    assert r.announcement is None and r.body == EXPECTED_BODY


def test_a_profile_selector_that_misses_falls_back_and_says_so():
    profile = SiteProfile("eng.bsmu.by", "test", content_xpath="//div[@id='no-such-region']")
    extraction = extract_page(modern().encode(), URL, profile=profile)
    assert extraction.ok and extraction.record.body == EXPECTED_BODY
    assert any("matched nothing" in n for n in extraction.notes)


@pytest.mark.parametrize("body, reason", [
    (b"", "empty"),
    (bytes(range(256)) * 40, "undecodable"),
    (b"<html><body><h1>No date here</h1><p>Text</p></body></html>", "no_date"),
    (modern().encode()[:-400], "truncated"),
])
def test_bad_pages_fail_with_a_reason(body, reason):
    extraction = extract_page(body, URL, {"Content-Type": "text/html"})
    assert extraction.status == "failed" and extraction.failure == reason
    assert extraction.url == CANONICAL and extraction.record is None


def test_binary_content_type_is_not_a_document():
    extraction = extract_page(b"\x89PNG....", URL, {"Content-Type": "image/png"})
    assert extraction.failure == "not_html"


def test_listing_and_static_pages_are_not_articles():
    assert extract_page(modern().encode(), "https://eng.bsmu.by/allarticles/rubric2/page16/").page_kind == "listing"
    static = extract_page(modern().encode(), "https://eng.bsmu.by/page/6/12/")
    assert static.status == "not_article" and static.page_kind == "static"


SEED_ARTICLES = {
    "000_4f2871a084c99df6.txt": dict(
        published=dt.date(2022, 6, 3),
        title="Belarusian State and Nanjing Medical Universities have signed an expanded cooperation agreement",
        authors=(Person("Oksana Kurbeko", "BSMU spokesperson"),),
        photographers=("Dmitry Zelenkovsky",),
        translators=("Anastasiya Karnacheva",),
        first="Nanjing Medical University (People's Republic of China) has been a partner",
        last="the president of Nanjing Medical University, Professor Hu Zhibin.",
    ),
    "002_e63c08327b1643e2.txt": dict(
        published=dt.date(2023, 3, 3),
        title="Belarusian and Azerbaijani Medical Universities have outlined the areas of cooperation",
        authors=(Person("Oksana Kurbeko", "BSMU spokesperson"),),
        photographers=("Oksana Kurbeko",),
        translators=("Nadezhda Kolyago",),
        first="Azerbaijan Medical University (AMU) is one of the major state universities of Azerbaijan.",
        last="they would look forward to the continuation of that communication.",
    ),
}


@pytest.mark.parametrize("name", sorted(SEED_ARTICLES))
def test_seed_articles(name):
    want = SEED_ARTICLES[name]
    extraction = extract_text((SEEDS / name).read_text(encoding="utf-8"), URL)
    assert extraction.ok
    r = extraction.record
    assert (r.published, r.title, r.announcement) == (want["published"], want["title"], want["title"])
    assert (r.authors, r.photographers, r.translators) == (want["authors"], want["photographers"], want["translators"])
    assert r.body.startswith(want["first"]) and r.body.endswith(want["last"])
    assert "BSMU – a scientific leader" not in r.body and "Main News International" not in r.body


@pytest.mark.parametrize("name", ["001_ce60dbe84ec4a59c.txt", "003_ba3a99f7e2a48e25.txt", "004_c8aff53cb60f9a1c.txt"])
def test_seed_static_pages_are_not_news(name):
    assert extract_text((SEEDS / name).read_text(encoding="utf-8")).status == "not_article"


def test_article_inside_a_region_named_like_chrome_is_still_read():
    page = modern().replace("<main>", '<main class="main-side">').replace("</main>", "</main>")
    page = page.replace('<div class="text">', '<div class="text sidebar-content">')
    extraction = extract_page(page.encode(), URL)
    assert extraction.ok, extraction.message
    assert extraction.record.body == EXPECTED_BODY


def test_date_line_split_across_elements():
    page = modern().replace('<div class="date">3 June 2022 г.</div>', '<div class="date"><b>3</b> June 2022 г.</div>')
    extraction = extract_page(page.encode(), URL)
    assert extraction.ok and extraction.record.published == dt.date(2022, 6, 3)
    assert extraction.record.body == EXPECTED_BODY


def test_heavy_chrome_before_and_after_the_article_is_never_content():
    menu = "<nav><ul>" + "".join(f"<li><a href='/page/6/{i}/'>Item {i}</a><ul><li><a href='/page/3/{i}/'>Sub {i}</a></li></ul></li>" for i in range(80)) + "</ul></nav>"
    page = modern().replace("<body>", "<body>" + menu + "<div>On 1 May 2021 we moved.</div>")
    extraction = extract_page(page.encode(), URL)
    assert extraction.ok and extraction.record.published == dt.date(2022, 6, 3)
    assert extraction.record.body == EXPECTED_BODY


@pytest.mark.parametrize(
    "line",
    [
        "© 2024 BSMU", "(c) 2019 Belarusian State Medical University", "Copyright BSMU",
        "All Rights Reserved", "TEL.: +375 17 000-00-00", "Phone: 000", "Fax: 000",
        "E-mail: info@bsmu.by", "Email: info@bsmu.by", "Телефон приёмной", "Адрес: пр. Дзержинского",
        "Address: 83 Dzerzhinski Ave.", "220083, Minsk", "220083 Минск",
        "The hotel is in the centre", "A delegation of 220 students", "Professor Ivan Petrov",
    ],
)
def test_footer_hints_agree_with_the_footer_pattern(line: str) -> None:
    """The substring pre-filter must never hide a line the pattern would call a footer."""
    assert is_footer_line(line) == (FOOTER_LINE.search(line) is not None)
