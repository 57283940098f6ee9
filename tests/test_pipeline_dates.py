import datetime as dt

import pytest

from pipeline.dates import is_date_line, is_yearless_date, parse_date_line


@pytest.mark.parametrize(
    "line, expected",
    [
        ("3 June 2022 г.", dt.date(2022, 6, 3)),
        ("3 June 2022 ã.", dt.date(2022, 6, 3)),
        ("3 June 2022 ă.", dt.date(2022, 6, 3)),
        ("3 June 2022", dt.date(2022, 6, 3)),
        ("31 August 2018 г.", dt.date(2018, 8, 31)),
        ("12 september 2019 г.", dt.date(2019, 9, 12)),
        ("3 июня 2022 г.", dt.date(2022, 6, 3)),
        ("June 3, 2022", dt.date(2022, 6, 3)),
        ("03.06.2022", dt.date(2022, 6, 3)),
    ],
)
def test_date_lines_in_every_form_read_to_the_same_day(line, expected):
    assert is_date_line(line)
    assert parse_date_line(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "2 August",  # sidebar date: no year
        "On 23 June 2022 a joint online conference on current issues of dentistry is planned.",
        "31 February 2022 г.",  # not a day
        "Main News International",
        "",
    ],
)
def test_things_that_are_not_the_date_line(line):
    assert parse_date_line(line) is None


def test_yearless_sidebar_dates_are_recognised():
    assert is_yearless_date("2 August")
    assert is_yearless_date("14 мая")
    assert not is_yearless_date("2 August 2022")


def test_long_input_is_cut_before_it_reaches_dateparser():
    assert parse_date_line("June 3, 2022" + " x" * 10_000) is None
