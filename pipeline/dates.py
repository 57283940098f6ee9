"""The publication date: finding the date line and reading it.

The template prints ``D Month YYYY г.``; damaged copies show ``ã.``, ``ă.`` or nothing
after the year. The sidebar prints dates with no year (``2 August``): those are never the
article's date, and a year-less line is in fact how the sidebar is recognised.

The template's own format is read with a month table (microseconds); anything else that
looks like a date line goes to dateparser with its languages pinned, on an input cut to a
bounded length so no page can make the parser slow.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

MONTHS: dict[str, int] = {
    # English, as the English edition prints them
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
    "july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    # Russian genitive and nominative, as the Russian edition prints them
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6,
    "июля": 7, "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
    "январь": 1, "февраль": 2, "март": 3, "апрель": 4, "май": 5, "июнь": 6,
    "июль": 7, "август": 8, "сентябрь": 9, "октябрь": 10, "ноябрь": 11, "декабрь": 12,
}  # fmt: skip

_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))

#: A whole block that is a date line: day, month, four-digit year, then at most a short
#: suffix with no digits (``г.``, ``ã.``, ``ă.``, ``year``, or nothing).
DATE_LINE = re.compile(
    rf"^\s*(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH_ALT})\s+(?P<year>\d{{4}})(?P<suffix>[^\d]{{0,6}})$",
    re.IGNORECASE,
)
#: A sidebar date: day and month only.
YEARLESS_DATE = re.compile(rf"^\s*\d{{1,2}}\s+(?:{_MONTH_ALT})\s*\.?\s*$", re.IGNORECASE)

#: Other orders a date line might take on another layout period (``June 3, 2022``,
#: ``03.06.2022``); these go to dateparser.
_OTHER_DATE_LINE = re.compile(
    rf"^\s*(?:(?:{_MONTH_ALT})\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}[./]\d{{1,2}}[./]\d{{4}})(?:[^\d]{{0,6}})$",
    re.IGNORECASE,
)

#: dateparser is given at most this many characters: it is slow on long inputs.
MAX_DATEPARSER_INPUT = 40


def is_date_line(text: str) -> bool:
    """True when ``text`` (one block) is a full date line with a year."""
    if len(text) > 40:
        return False
    return bool(DATE_LINE.match(text) or _OTHER_DATE_LINE.match(text))


def is_yearless_date(text: str) -> bool:
    return len(text) <= 20 and bool(YEARLESS_DATE.match(text))


#: Years a news item can carry. ``1 January 0001`` is a valid calendar date and no
#: publication date: outside these the line is no date line (found by fuzzing).
YEARS = range(1900, 2100)


def parse_date_line(text: str) -> dt.date | None:
    """The date a date line states, or None when it states no valid, plausible date."""
    if len(text) > 40:
        return None
    m = DATE_LINE.match(text)
    date = None
    if m:
        try:
            date = dt.date(int(m["year"]), MONTHS[m["month"].lower()], int(m["day"]))
        except ValueError:
            return None
    elif _OTHER_DATE_LINE.match(text):
        date = _dateparser_date(text.strip()[:MAX_DATEPARSER_INPUT])
    return date if date is not None and date.year in YEARS else None


@lru_cache(maxsize=1024)
def _dateparser_date(text: str) -> dt.date | None:
    parser = _date_data_parser()
    # Strip a trailing non-date suffix (``г.`` or its damaged forms) dateparser cannot read.
    core = re.sub(r"[^\d\s]{1,3}\.?\s*$", "", text).strip() or text
    try:
        data = parser.get_date_data(core)
    except Exception:  # dateparser raises on a few odd inputs; a date line is then absent
        return None
    return data.date_obj.date() if data and data.date_obj else None


@lru_cache(maxsize=1)
def _date_data_parser():  # noqa: ANN202 - dateparser ships no type stubs
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=["en", "ru"],
        settings={"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DATES_FROM": "past", "DATE_ORDER": "DMY"},
    )
