"""A small archive shaped like the press office's questions, for search, web and API tests.

Stored through the real storage path (``store_article``), so search index, credits and
entity links are what a crawl would have written. Each article exists to make one of
the issue's questions answerable ("the Nanjing agreement", "everything with Uzbekistan
in 2022", "what Nadezhda Kolyago translated") or to be a trap (a ``<script>`` in a title,
a Russian article, another rubric).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from pipeline.record import NamedPerson, Partner, Person
from tests.conftest import make_record

NANJING = Partner("Nanjing Medical University", "China", "university")
TASHKENT = Partner("Tashkent Medical Academy", "Uzbekistan", "academy")
SAMARKAND = Partner("Samarkand State Medical University", "Uzbekistan", "university")
KOLYAGO = "Nadezhda Kolyago"
XSS_TITLE = 'Exchange <script>window.__xss = "title"</script> programme'
XSS_BODY = (
    'Students from Nanjing <img src=x onerror="window.__xss = \'body\'"> arrived.\n\n'
    "</p><script>window.__xss = 'body2'</script>"
)

#: site article id -> record fields (over make_record's defaults).
ARTICLES: dict[int, dict[str, Any]] = {
    701: {
        "title": "Agreement with Nanjing Medical University signed",
        "announcement": "Agreement with Nanjing Medical University signed",
        "published": dt.date(2022, 5, 10),
        "body": "BSMU and Nanjing Medical University signed a cooperation agreement.\n\n"
        "Rector Sergei Rubnikovich welcomed the delegation.",
        "authors": (Person("Yelena Ivanova", "BSMU spokesperson"),),
        "translators": (KOLYAGO,),
        "photographers": ("Pavel Zhuk",),
        "partners": (NANJING,),
        "people": (NamedPerson("Sergei Rubnikovich", "Rector"),),
        "countries": ("China",),
    },
    702: {
        "title": "Delegation of Tashkent Medical Academy visits BSMU",
        "published": dt.date(2022, 9, 1),
        "body": "A delegation from Uzbekistan discussed joint programmes and student exchange.",
        "translators": (KOLYAGO,),
        "photographers": (),
        "partners": (TASHKENT,),
        "countries": ("Uzbekistan",),
    },
    703: {
        "title": "Graduates from Uzbekistan receive diplomas",
        "published": dt.date(2023, 6, 20),
        "body": "Students of Samarkand State Medical University completed the joint programme.",
        "authors": (Person("Olga Sidorova", None),),
        "translators": ("Olga Petrova",),
        "partners": (SAMARKAND,),
        "countries": ("Uzbekistan",),
        "rubric": 3,
    },
    704: {
        "title": "День открытых дверей",
        "announcement": None,
        "published": dt.date(2021, 3, 1),
        "body": "Университет пригласил абитуриентов на день открытых дверей.",
        "translators": (),
        "language": "ru",
    },
    705: {
        "title": XSS_TITLE,
        "announcement": None,
        "published": dt.date(2020, 11, 2),
        "body": XSS_BODY,
        "translators": (KOLYAGO,),
        "partners": (NANJING,),
        "countries": ("China",),
    },
    706: {
        "title": "Nanjing delegation returns for the summer school",
        "published": dt.date(2023, 7, 3),
        "body": "Summer school with Nanjing Medical University: anatomy and surgery.",
        "photographers": ("Pavel Zhuk",),
        "partners": (NANJING,),
        "countries": ("China",),
    },
}


def store_press_corpus(store_article: Callable[..., tuple[int, str]]) -> None:
    """Store every article of :data:`ARTICLES` (one capture and revision each)."""
    for site_id, fields in ARTICLES.items():
        store_article(make_record(site_id, **fields))


#: Article 706 is fetched again later with a corrected title and a new paragraph.
REVISED_ID = 706
REVISED_TITLE = "Nanjing delegation returns for the summer school of surgery"
REVISED_AT = dt.datetime(2024, 6, 1, 9, 30, tzinfo=dt.UTC)


def build_press_archive(archive: Any) -> None:
    """The corpus plus a second revision of :data:`REVISED_ID`, stored for real."""
    from tests.conftest import store_record

    store_press_corpus(lambda record, **options: store_record(archive, record, **options))
    fields = dict(ARTICLES[REVISED_ID])
    fields["title"] = REVISED_TITLE
    fields["body"] = fields["body"] + "\n\nThe school ends with an exam."
    store_record(archive, make_record(REVISED_ID, **fields), fetched_at=REVISED_AT)
