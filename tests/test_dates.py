"""coach.dates: the one reading of a date for offers, processes and packs."""

import datetime as dt

from coach.dates import parse_date


def test_a_date_is_read_from_toml_a_datetime_or_iso_text():
    assert parse_date(dt.date(2027, 7, 1)) == dt.date(2027, 7, 1)
    assert parse_date(dt.datetime(2027, 7, 1, 9, 30)) == dt.date(2027, 7, 1)
    assert parse_date(" 2027-07-01 ") == dt.date(2027, 7, 1)


def test_anything_else_is_no_date():
    assert parse_date("next July") is None
    assert parse_date("2027-02-30") is None
    assert parse_date(20270701) is None
    assert parse_date(None) is None
