"""The site furniture both markup variants draw around every page.

A university CMS page of the replica's era is mostly furniture: a head full of ``meta``
tags, stylesheets and inline scripts, a main menu of every section with its sub-pages, a
language switcher, social icons, a search form, a footer of link columns, contacts and
counters. None of it is content: it makes the replica's pages as heavy to parse as real
ones, and gives an extractor the clutter it has to see past.

Rules the furniture keeps (the ground truth and the tests rely on them): it links only
to static pages (``/page/{block}/{menu}/``, most of which do not exist: the CMS answers
404), to the two listings, the feed, the search page and off-site addresses — never to an
article; it holds no date (no ``D Month YYYY``, no year-less ``D Month``), no Cyrillic
and nothing of an article. It is the same on every page but for the current menu item.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from replica.markup import SEARCH_LINK

ORIGIN = "http://eng.bsmu.by"
SITE_DESCRIPTION = ("Belarusian State Medical University (BSMU), Minsk: medical education in "
                    "English and Russian, research, international cooperation and medical care.")
KEYWORDS = ("BSMU, Belarusian State Medical University, medical university, Minsk, Belarus, "
            "study medicine, dentistry, pharmacy, international students, admission, "
            "medical education, residency, research, international cooperation")
SPECIAL_VERSION = "/?version=special"
RSS_PATH = "/rss/rss.xml"


@dataclass(frozen=True, slots=True)
class Section:
    """One entry of the main menu: a section and its sub-pages."""

    label: str
    path: str
    items: tuple[tuple[str, str], ...]


def _items(block: int, *labels: tuple[str, int]) -> tuple[tuple[str, str], ...]:
    return tuple((label, f"/page/{block}/{menu}/") for label, menu in labels)


#: The main menu. Block numbers 3, 4 and 6 are the real site's; 5 and 7 are inferred.
MENU_TREE: tuple[Section, ...] = (
    Section("University", "/page/6/1/", _items(
        6, ("About the University", 1), ("History", 2), ("Rector", 3), ("Administration", 4),
        ("Structure", 5), ("Faculties", 6), ("Departments", 7), ("University Council", 8),
        ("Quality management system", 9), ("Museum of history", 10), ("Library", 11),
        ("Honorary doctors", 12), ("Trade union", 13), ("Vacancies", 14),
        ("Photo gallery", 15), ("Symbols of the University", 16))),
    Section("Admission", "/page/4/20/", _items(
        4, ("Admission of international applicants", 20), ("Specialities and programmes", 21),
        ("Preparatory courses", 22), ("Entry requirements", 23), ("Required documents", 24),
        ("Tuition fees", 25), ("Visa and registration", 26), ("Medical insurance", 27),
        ("Postgraduate education", 28), ("Clinical residency", 29),
        ("Master's degree programmes", 30), ("Admission office", 31),
        ("Frequently asked questions", 32))),
    Section("For students", "/page/3/10/", _items(
        3, ("Dean's office for international students", 10), ("Timetable", 11),
        ("Accommodation", 12), ("Student life", 13), ("Curriculum", 14),
        ("Examinations", 15), ("Practical training", 16), ("Library and e-resources", 17),
        ("Distance learning", 18), ("Sports and recreation", 19), ("Student government", 20),
        ("Students' scientific society", 21), ("Graduates", 22), ("Legal documents", 23))),
    Section("Science", "/page/5/1/", _items(
        5, ("Research activities", 1), ("Research institute of experimental and clinical "
                                        "medicine", 2),
        ("Scientific schools", 3), ("Conferences", 4), ("Journals", 5),
        ("Dissertation councils", 6), ("Doctoral studies", 7), ("Innovations and patents", 8),
        ("Central research laboratory", 9), ("Ethics committee", 10))),
    Section("International cooperation", "/page/6/41/", _items(
        6, ("Foreign partnership", 41), ("International agreements", 42),
        ("International projects", 43),
        ("University in international rankings and organizations", 44),
        ("Academic mobility", 45), ("Summer schools", 46), ("International conferences", 47),
        ("Visits of delegations", 48), ("Association of foreign graduates", 49),
        ("International relations department", 50))),
    Section("Medical care", "/page/7/1/", _items(
        7, ("University clinic", 1), ("Dental clinic", 2), ("Clinical bases", 3),
        ("Medical services for foreign citizens", 4), ("Paid medical services", 5),
        ("Health tourism", 6), ("Simulation and certification centre", 7))),
    Section("News", "/allarticles/", (
        ("All news", "/allarticles/"), ("International news", "/allarticles/rubric2/"),
        ("News feed (RSS)", RSS_PATH), ("Search the news", SEARCH_LINK))),
    Section("Contacts", "/page/6/30/", _items(
        6, ("Contacts", 30), ("How to get here", 31), ("Phone directory", 32),
        ("Feedback", 33), ("Electronic appeals", 34))),
)

#: Language editions: (code, label, address).
LANGUAGES: tuple[tuple[str, str, str], ...] = (
    ("en", "EN", "/"),
    ("ru", "RU", "https://www.bsmu.by/"),
)

#: Social networks: (name, address, icon).
SOCIAL: tuple[tuple[str, str, str], ...] = (
    ("VKontakte", "https://vk.com/bsmu_official", "/img/social/vk.png"),
    ("Facebook", "https://www.facebook.com/bsmu.official", "/img/social/fb.png"),
    ("Instagram", "https://www.instagram.com/bsmu.official/", "/img/social/ig.png"),
    ("YouTube", "https://www.youtube.com/c/bsmuofficial", "/img/social/yt.png"),
    ("Telegram", "https://t.me/bsmu_official", "/img/social/tg.png"),
    ("Twitter", "https://twitter.com/bsmu_official", "/img/social/tw.png"),
)

#: Footer columns: (heading, links).
FOOTER_COLUMNS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("University", (
        ("About the University", "/page/6/1/"), ("Rector", "/page/6/3/"),
        ("Structure", "/page/6/5/"), ("Faculties", "/page/6/6/"),
        ("Departments", "/page/6/7/"), ("Library", "/page/6/11/"),
        ("Museum of history", "/page/6/10/"), ("Vacancies", "/page/6/14/"))),
    ("Education", (
        ("International applicants", "/page/4/20/"), ("Specialities", "/page/4/21/"),
        ("Tuition fees", "/page/4/25/"), ("Preparatory courses", "/page/4/22/"),
        ("Postgraduate education", "/page/4/28/"), ("Clinical residency", "/page/4/29/"),
        ("Distance learning", "/page/3/18/"), ("Timetable", "/page/3/11/"))),
    ("Science and cooperation", (
        ("Research activities", "/page/5/1/"), ("Conferences", "/page/5/4/"),
        ("Journals", "/page/5/5/"), ("Foreign partnership", "/page/6/41/"),
        ("Academic mobility", "/page/6/45/"), ("International projects", "/page/6/43/"),
        ("Rankings", "/page/6/44/"))),
    ("Useful links", (
        ("Ministry of Health of the Republic of Belarus", "http://minzdrav.gov.by/"),
        ("Ministry of Education of the Republic of Belarus", "http://edu.gov.by/"),
        ("Official portal of the President", "http://president.gov.by/"),
        ("Study in Belarus", "http://studyinbelarus.by/"),
        ("All news", "/allarticles/"), ("News feed (RSS)", RSS_PATH),
        ("Site map", "/page/6/35/"))),
)

#: Contact lines of the footer besides the main address, phone and e-mail.
PHONES: tuple[tuple[str, str], ...] = (
    ("Reception of the Rector", "+375 17 277-12-02"),
    ("Fax", "+375 17 272-61-97"),
    ("Admission office for international applicants", "+375 17 365-82-38"),
    ("Dean's office for international students", "+375 17 272-66-05"),
    ("International relations department", "+375 17 277-11-97"),
)
EMAILS: tuple[tuple[str, str], ...] = (
    ("International relations", "interdep@bsmu.by"),
    ("Admission of international applicants", "foreign@bsmu.by"),
)

#: Visit counters: (service id, address of the statistics page, image).
COUNTERS: tuple[tuple[int, str, str], ...] = (
    (4817, "https://stat.example.net/stat/4817", "https://stat.example.net/c/4817.gif"),
    (90211, "https://top.example.org/site/90211", "https://top.example.org/b/90211.png"),
)


def current(path: str) -> tuple[str | None, str | None]:
    """(section label, item path) of the menu entry a page belongs to, if any."""
    if path.startswith("/allarticles/rubric2/"):
        return "News", "/allarticles/rubric2/"
    if path.startswith("/allarticles/"):
        return "News", "/allarticles/"
    if path.startswith("/page/"):
        for section in MENU_TREE:
            if section.path == path:
                return section.label, path
        for section in MENU_TREE:
            if any(p == path for _, p in section.items):
                return section.label, path
    return None, None


@lru_cache(maxsize=64)
def generation_note(path: str) -> str:
    """The CMS's timing comment: made up, but a fixed function of the path."""
    h = 0
    for ch in path:
        h = (h * 131 + ord(ch)) % 1_000_003
    return f"<!-- page generated in 0.{40 + h % 160:03d} s, {12 + h % 23} queries -->\n"


# --- head furniture --------------------------------------------------------------------

STYLESHEETS_MODERN: tuple[str, ...] = (
    "/css/reset.css", "/css/style.css", "/css/menu.css", "/css/fonts.css",
    "/css/print.css", "/css/special.css",
)
STYLESHEETS_LEGACY: tuple[str, ...] = ("/css/old.css", "/css/menu.css", "/css/print.css")

STYLE_MODERN = """
body { margin: 0; font-family: "PT Sans", Arial, Helvetica, sans-serif; font-size: 15px;
  line-height: 1.5; color: #222; background: #f3f5f8; }
a { color: #0b4f8a; text-decoration: none; }
a:hover { color: #c0392b; text-decoration: underline; }
.wrapper { max-width: 1200px; margin: 0 auto; background: #fff; }
.topbar { background: #0b3c6b; color: #fff; font-size: 13px; padding: 4px 20px; }
.topbar a { color: #fff; }
.lang-switch, .social, .quick-links, .footer-links { list-style: none; margin: 0; padding: 0; }
.lang-switch li, .social li { display: inline-block; margin-right: 8px; }
.lang-switch .active a { font-weight: bold; text-decoration: underline; }
.logo { float: left; padding: 14px 20px; }
.logo img { height: 72px; }
.site-name { float: left; padding-top: 24px; font-size: 22px; color: #0b3c6b; }
.menu { clear: both; background: #0e5a9c; }
.menu-level-1 { list-style: none; margin: 0; padding: 0 10px; }
.menu-level-1 > li { position: relative; display: inline-block; }
.menu-level-1 > li > a { display: block; padding: 12px 14px; color: #fff; font-weight: bold; }
.menu-level-1 > li.active > a, .menu-level-1 > li:hover > a { background: #0b3c6b; }
.menu-level-2 { display: none; position: absolute; left: 0; top: 100%; z-index: 50;
  min-width: 260px; list-style: none; margin: 0; padding: 6px 0; background: #fff;
  box-shadow: 0 4px 12px rgba(0, 0, 0, .2); }
.menu-level-1 > li.open > .menu-level-2 { display: block; }
.menu-level-2 a { display: block; padding: 5px 16px; color: #0b3c6b; }
.menu-level-2 .current a { font-weight: bold; background: #eef3f8; }
.menu-toggle { display: none; }
.menu-burger { display: none; }
.menu.menu-open .menu-level-1 { display: block; }
.searchArts { float: right; margin: 20px; }
.searchArts input[type=text] { width: 180px; padding: 4px; border: 1px solid #b9c6d3; }
.quick-links { clear: both; display: flex; justify-content: space-between; padding: 10px 20px; }
.quick-links img { width: 48px; height: 48px; display: block; margin: 0 auto 4px; }
.content { float: left; width: 820px; padding: 20px; }
.current_url a { color: #6c7a89; font-size: 13px; margin-right: 6px; }
.date { color: #7a7a7a; font-size: 13px; }
.Head { font-size: 26px; color: #0b3c6b; margin: 6px 0 12px; }
.AnonsInMain { font-style: italic; margin-bottom: 12px; }
.InText img { max-width: 100%; height: auto; }
.sidebar { float: right; width: 300px; padding: 20px; background: #f7f9fb; }
.HeadIn { font-weight: bold; text-transform: uppercase; border-bottom: 2px solid #0e5a9c; }
.newsIn { margin: 12px 0; }
.dateIn { color: #888; font-size: 12px; }
.navi { clear: both; padding: 16px 0; }
.navi a, .navi_current { display: inline-block; padding: 2px 8px; border: 1px solid #cfd8e1; }
.navi_current { background: #0e5a9c; color: #fff; }
.footer { clear: both; background: #0b3c6b; color: #dfe8f1; padding: 24px 20px; font-size: 13px; }
.footer a { color: #fff; }
.footer-columns { display: flex; justify-content: space-between; }
.footer-col { width: 23%; }
.footer-title { font-weight: bold; text-transform: uppercase; margin-bottom: 8px; }
.counters { margin-top: 12px; opacity: .6; }
.to-top { position: fixed; right: 20px; bottom: 20px; display: none; }
body.special { font-size: 20px; background: #fff; color: #000; }
body.special img { filter: grayscale(100%); }
@media (max-width: 900px) {
  .menu-level-1, .quick-links { display: none; }
  .menu-burger, .menu-toggle { display: block; }
  .content, .sidebar { float: none; width: auto; }
}
"""

STYLE_LEGACY = """
<!--
BODY { font-family: Verdana, Arial, Helvetica, sans-serif; font-size: 11px; }
TD { font-family: Verdana, Arial, Helvetica, sans-serif; font-size: 11px; color: #000000; }
A:link { color: #003366; text-decoration: none; }
A:visited { color: #336699; text-decoration: none; }
A:hover { color: #CC0000; text-decoration: underline; }
A.top:link, A.top:visited { color: #FFFFFF; font-weight: bold; font-size: 11px; }
.menu { color: #FFFFFF; font-weight: bold; }
.submenu { visibility: hidden; position: absolute; z-index: 10; background-color: #FFFFFF;
  border: 1px solid #003366; }
.HeadIn { color: #003366; font-size: 12px; }
.TitleMain { font-size: 11px; }
.Head { font-size: 16px; }
.navi_current { color: #CC0000; }
.footer { color: #666666; font-size: 10px; }
.footer A:link, .footer A:visited { color: #333333; }
INPUT { font-family: Verdana, Arial, sans-serif; font-size: 11px; }
INPUT.button { background-color: #003366; color: #FFFFFF; border: 1px solid #001A33; }
.leftcol { background-color: #F7F9FB; border-right: 1px solid #D5DDE6; }
.maincol { padding: 8px 12px 8px 12px; }
.AnonsInMain { color: #333333; font-style: italic; }
.AnonsInMainIn { color: #555555; font-size: 10px; }
.TitleMainIn { font-weight: bold; }
.InText { line-height: 150%; text-align: justify; }
.InText IMG { margin: 4px 0 4px 0; }
.current_url { font-size: 10px; color: #666666; }
.searchrow { padding: 2px 8px 2px 8px; }
.slogans TD { font-size: 10px; color: #003366; background-color: #F0F4F8; }
.navi A { padding: 0 3px 0 3px; }
.special TD, .special BODY { font-size: 16px; color: #000000; background-color: #FFFFFF; }
.top { background-color: #FFFFFF; border-bottom: 3px solid #003366; }
.top FONT { letter-spacing: 1px; }
.submenu TD { padding: 3px 8px 3px 8px; line-height: 160%; }
.submenu A:link, .submenu A:visited { color: #003366; font-weight: normal; }
.submenu A:hover { color: #FFFFFF; background-color: #003366; }
.footer TD { color: #555555; line-height: 140%; }
.searchArts INPUT { border: 1px solid #7F9DB9; height: 18px; }
-->
"""

SCRIPT_COUNTER_MODERN = """
(function (win, doc) {
    "use strict";
    var sent = win._visitCounters = win._visitCounters || [];
    function param(name, value) {
        return name + "=" + encodeURIComponent(value === undefined || value === null ? "" : String(value));
    }
    function hit(counterId, extra) {
        var scr = win.screen || {};
        var nav = win.navigator || {};
        var query = [
            param("id", counterId),
            param("url", doc.location.href),
            param("ref", doc.referrer),
            param("title", (doc.title || "").substring(0, 150)),
            param("res", (scr.width || 0) + "x" + (scr.height || 0)),
            param("depth", scr.colorDepth || 0),
            param("lang", nav.language || nav.userLanguage || ""),
            param("tz", new Date().getTimezoneOffset()),
            param("rnd", Math.random().toString(36).slice(2))
        ];
        if (extra) {
            for (var key in extra) {
                if (Object.prototype.hasOwnProperty.call(extra, key)) {
                    query.push(param(key, extra[key]));
                }
            }
        }
        var img = new Image(1, 1);
        img.src = "https://stat.example.net/hit?" + query.join("&");
        sent.push(counterId);
        return img;
    }
    win.visitCounter = hit;
    hit(4817, { section: doc.body ? doc.body.className : "" });
    if (win.addEventListener) {
        win.addEventListener("load", function () {
            var timing = win.performance && win.performance.timing;
            if (timing && timing.loadEventStart) {
                hit(90211, { load: timing.loadEventStart - timing.navigationStart });
            } else {
                hit(90211);
            }
        });
    }
})(window, document);
"""

#: Structured data of the organisation (no address: it belongs to the footer alone).
JSON_LD_MODERN = """
{
  "@context": "https://schema.org",
  "@type": "CollegeOrUniversity",
  "name": "Belarusian State Medical University",
  "alternateName": ["BSMU", "Belarusian State Medical University, Minsk"],
  "url": "http://eng.bsmu.by/",
  "logo": "http://eng.bsmu.by/img/logo.png",
  "email": "bsmu@bsmu.by",
  "sameAs": [
    "https://www.bsmu.by/",
    "https://vk.com/bsmu_official",
    "https://www.facebook.com/bsmu.official",
    "https://www.instagram.com/bsmu.official/",
    "https://www.youtube.com/c/bsmuofficial",
    "https://t.me/bsmu_official"
  ],
  "potentialAction": {
    "@type": "SearchAction",
    "target": "http://eng.bsmu.by/searchArticles/?words={search_term_string}",
    "query-input": "required name=search_term_string"
  }
}
"""

SCRIPT_MENU_MODERN = """
(function () {
    "use strict";
    var menu = document.getElementById("main-menu");
    var openItem = null;
    var closeTimer = null;
    function close(item) {
        if (item) {
            item.className = item.className.replace(/\\s*open\\b/g, "");
            if (openItem === item) {
                openItem = null;
            }
        }
    }
    function open(item) {
        if (openItem && openItem !== item) {
            close(openItem);
        }
        if (!/\\bopen\\b/.test(item.className)) {
            item.className += " open";
        }
        openItem = item;
    }
    if (menu) {
        var items = menu.querySelectorAll(".menu-level-1 > li");
        Array.prototype.forEach.call(items, function (item) {
            item.addEventListener("mouseenter", function () {
                clearTimeout(closeTimer);
                open(item);
            });
            item.addEventListener("mouseleave", function () {
                closeTimer = setTimeout(function () { close(item); }, 300);
            });
            var toggle = item.querySelector(".menu-toggle");
            if (toggle) {
                toggle.addEventListener("click", function (event) {
                    event.preventDefault();
                    if (openItem === item) { close(item); } else { open(item); }
                });
            }
        });
    }
    var burger = menu ? menu.querySelector(".menu-burger") : null;
    if (burger) {
        burger.addEventListener("click", function () {
            var shown = /\\bmenu-open\\b/.test(menu.className);
            menu.className = shown ? menu.className.replace(/\\s*menu-open\\b/g, "")
                : menu.className + " menu-open";
        });
    }
    function setCookie(name, value, days) {
        var expires = new Date();
        expires.setTime(expires.getTime() + days * 86400000);
        document.cookie = name + "=" + encodeURIComponent(value) + "; expires=" +
            expires.toUTCString() + "; path=/";
    }
    function getCookie(name) {
        var parts = document.cookie ? document.cookie.split("; ") : [];
        for (var i = 0; i < parts.length; i++) {
            var pair = parts[i].split("=");
            if (pair[0] === name) { return decodeURIComponent(pair[1] || ""); }
        }
        return null;
    }
    if (getCookie("special") === "1") {
        document.body.className += " special";
    }
    var special = document.querySelector(".special-version");
    if (special) {
        special.addEventListener("click", function (event) {
            event.preventDefault();
            var on = getCookie("special") === "1";
            setCookie("special", on ? "0" : "1", 30);
            window.location.reload();
        });
    }
    var toTop = document.querySelector(".to-top");
    var header = document.querySelector("header.top");
    window.addEventListener("scroll", function () {
        var y = window.pageYOffset || document.documentElement.scrollTop;
        if (toTop) { toTop.style.display = y > 400 ? "block" : "none"; }
        if (header) { header.className = y > 160 ? "top fixed" : "top"; }
    });
})();
"""

SCRIPT_MENU_LEGACY = """
<!--
var menuTimer = null;
var menuCount = 8;
function findObj(id) {
    if (document.getElementById) return document.getElementById(id);
    if (document.all) return document.all[id];
    return null;
}
function preloadImages() {
    if (!document.images) return;
    if (!document.preloaded) document.preloaded = new Array();
    var list = preloadImages.arguments;
    for (var i = 0; i < list.length; i++) {
        var img = new Image();
        img.src = list[i];
        document.preloaded[document.preloaded.length] = img;
    }
}
function swapImage(name, src) {
    var img = document.images ? document.images[name] : null;
    if (img) { img.oldSrc = img.src; img.src = src; }
}
function restoreImage(name) {
    var img = document.images ? document.images[name] : null;
    if (img && img.oldSrc) img.src = img.oldSrc;
}
function hideAll() {
    for (var i = 1; i <= menuCount; i++) {
        var layer = findObj('sub' + i);
        if (layer) layer.style.visibility = 'hidden';
    }
}
function showMenu(n) {
    keepMenu();
    hideAll();
    var layer = findObj('sub' + n);
    if (layer) layer.style.visibility = 'visible';
}
function hideMenu() {
    keepMenu();
    menuTimer = setTimeout('hideAll()', 500);
}
function keepMenu() {
    if (menuTimer) { clearTimeout(menuTimer); menuTimer = null; }
}
function checkSearch(form) {
    if (form.words.value.length < 3) {
        alert('Enter at least three letters to search.');
        return false;
    }
    return true;
}
function addBookmark(title, url) {
    if (window.sidebar && window.sidebar.addPanel) window.sidebar.addPanel(title, url, '');
    else if (window.external) window.external.AddFavorite(url, title);
}
function specialVersion() {
    var days = 30;
    var expires = new Date();
    expires.setTime(expires.getTime() + days * 86400000);
    document.cookie = 'special=1; expires=' + expires.toGMTString() + '; path=/';
    window.location.reload();
    return false;
}
function openPopup(url, name, width, height) {
    var left = Math.round((screen.width - width) / 2);
    var top = Math.round((screen.height - height) / 2);
    var features = 'width=' + width + ',height=' + height + ',left=' + left + ',top=' + top +
        ',scrollbars=yes,resizable=yes,toolbar=no,menubar=no,status=no';
    var win = window.open(url, name, features);
    if (win && win.focus) win.focus();
    return false;
}
function printVersion() {
    var url = window.location.href;
    url += (url.indexOf('?') < 0 ? '?' : '&') + 'print=1';
    return openPopup(url, 'printWindow', 760, 600);
}
function showStatus(text) {
    window.status = text;
    return true;
}
function clearStatus() {
    window.status = '';
    return true;
}
var fontSizes = new Array('11px', '13px', '15px', '18px');
var fontIndex = 0;
function setFontSize(step) {
    fontIndex = Math.max(0, Math.min(fontSizes.length - 1, fontIndex + step));
    var cells = document.getElementsByTagName ? document.getElementsByTagName('td') : new Array();
    for (var i = 0; i < cells.length; i++) cells[i].style.fontSize = fontSizes[fontIndex];
    document.cookie = 'fontsize=' + fontIndex + '; path=/';
    return false;
}
function restoreFontSize() {
    var match = document.cookie.match(/fontsize=(\\d)/);
    if (match) { fontIndex = 0; setFontSize(parseInt(match[1], 10)); }
}
function addToFavorites() {
    var title = document.title;
    var url = window.location.href;
    if (window.sidebar && window.sidebar.addPanel) {
        window.sidebar.addPanel(title, url, '');
    } else if (window.external && ('AddFavorite' in window.external)) {
        window.external.AddFavorite(url, title);
    } else {
        alert('Press Ctrl+D to add this page to your bookmarks.');
    }
    return false;
}
function sendToFriend() {
    var subject = escape(document.title);
    var body = escape('I would like to share this page with you: ' + window.location.href);
    window.location.href = 'mailto:?subject=' + subject + '&body=' + body;
    return false;
}
function checkForm(form) {
    for (var i = 0; i < form.elements.length; i++) {
        var field = form.elements[i];
        if (field.className == 'required' && field.value == '') {
            alert('Please fill in all the required fields.');
            field.focus();
            return false;
        }
    }
    return true;
}
preloadImages('/img/menu/arrow_on.gif', '/img/menu/tab_on.gif', '/img/flag_en_on.gif',
    '/img/flag_ru_on.gif');
//-->
"""

SCRIPT_COUNTER_LEGACY = """
<!--
var statRef = escape(document.referrer);
var statPage = escape(window.location.href);
var statScreen = screen.width + 'x' + screen.height;
var statDepth = navigator.appName != 'Netscape' ? screen.colorDepth : screen.pixelDepth;
var statRandom = Math.random();
document.write('<a href="https://stat.example.net/stat/4817" target="_blank">' +
    '<img src="https://stat.example.net/hit?id=4817&amp;r=' + statRef + '&amp;p=' + statPage +
    '&amp;s=' + statScreen + '&amp;d=' + statDepth + '&amp;rnd=' + statRandom +
    '" width="88" height="31" border="0" alt="visits"><\\/a>');
var topJs = '1.0';
var topCookie = navigator.cookieEnabled ? 'y' : 'n';
var topFlash = (navigator.plugins && navigator.plugins.length) ? navigator.plugins.length : 0;
var topColors = screen.colorDepth ? screen.colorDepth : screen.pixelDepth;
if (navigator.javaEnabled) topJs = navigator.javaEnabled() ? '1.3' : '1.1';
document.write('<a href="https://top.example.org/site/90211" target="_blank">' +
    '<img src="https://top.example.org/b/90211.png?js=' + topJs + '&amp;c=' + topCookie +
    '&amp;p=' + topFlash + '&amp;d=' + topColors + '&amp;s=' + statScreen +
    '&amp;r=' + statRef + '&amp;u=' + statPage + '&amp;rnd=' + statRandom +
    '" width="88" height="31" border="0" alt="rating"><\\/a>');
//-->
"""
