"""Dates read day-first in English and the French way in French."""

import datetime as dt

from django.utils import formats, translation


def test_english_dates_are_day_first_with_a_24_hour_clock():
    moment = dt.datetime(2026, 11, 27, 14, 5)
    with translation.override("en"):
        assert formats.date_format(moment.date()) == "27 Nov 2026"
        assert formats.date_format(moment, "DATETIME_FORMAT") == "27 Nov 2026, 14:05"
        assert formats.date_format(moment.date(), "SHORT_DATE_FORMAT") == "27/11/2026"


def test_french_dates_use_french_month_names():
    with translation.override("fr"):
        assert formats.date_format(dt.date(2026, 2, 3)) == "3 février 2026"
