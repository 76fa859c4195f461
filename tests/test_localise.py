"""Locale-aware formatting with Babel: dates, months, times, names of countries and languages, lists."""

from __future__ import annotations

import datetime as dt

import pytest

from publication.localise import (
    Localiser,
    country_name,
    format_clock,
    format_dates,
    format_size,
    format_weekday,
    join_list,
    language_name,
)
from publication.model import Month, Text
from publication.sources import read_sources
from tests.conftest import ROOT

JAN_18, JAN_19 = dt.date(2018, 1, 18), dt.date(2018, 1, 19)

DATES = [
    ("fr", JAN_18, JAN_19, "18–19 janvier 2018"),
    ("en", JAN_18, JAN_19, "18–19 January 2018"),
    ("de", JAN_18, JAN_19, "18.–19. Januar 2018"),
    ("el", JAN_18, JAN_19, "18–19 Ιανουαρίου 2018"),
    # Across months: both months in full.
    ("fr", dt.date(2018, 1, 31), dt.date(2018, 2, 1), "31 janvier\u2009–\u20091er février 2018"),
    ("en", dt.date(2018, 1, 31), dt.date(2018, 2, 1), "31 January\u2009–\u20091 February 2018"),
    # One day.
    ("fr", JAN_18, None, "18 janvier 2018"),
    ("de", JAN_18, None, "18. Januar 2018"),
    ("el", dt.date(2017, 5, 17), None, "17 Μαΐου 2017"),
    # Month-only dates: the month in full, in its standalone (nominative) form.
    ("fr", Month(2017, 5), None, "mai 2017"),
    ("en", Month(2017, 5), None, "May 2017"),
    ("de", Month(2016, 9), None, "September 2016"),
    ("el", Month(2017, 5), None, "Μάιος 2017"),
]


@pytest.mark.parametrize("lang, start, end, expected", DATES, ids=[f"{d[0]}-{d[3]}" for d in DATES])
def test_dates(lang, start, end, expected):
    assert format_dates(start, end, lang) == expected


@pytest.mark.parametrize(
    "cldr_dash",
    ["–", "\u2009–\u2009", " – ", "\u202f–\u202f"],
    ids=["Babel 2.18", "Babel 2.19", "spaces", "narrow spaces"],
)
def test_range_dash_is_ours_whatever_cldr_writes(monkeypatch, cldr_dash):
    """Days of one month: an unspaced en dash; months apart: thin spaces. CLDR only orders the fields."""
    from babel import Locale

    real = Locale.parse("en_GB").interval_formats
    spaced = {
        **real,
        "yMMMd": {
            "d": [f"d{cldr_dash}", "d MMM y"],
            "M": [f"d MMM{cldr_dash}", "d MMM y"],
            "y": [f"d MMM y{cldr_dash}", "d MMM y"],
        },
    }
    monkeypatch.setattr(Locale, "interval_formats", property(lambda self: spaced))
    assert format_dates(JAN_18, JAN_19, "en") == "18–19 January 2018"
    assert format_dates(dt.date(2018, 1, 31), dt.date(2018, 2, 1), "en") == "31 January\u2009–\u20091 February 2018"
    assert (
        format_dates(dt.date(2017, 12, 31), dt.date(2018, 1, 1), "en") == "31 December 2017\u2009–\u20091 January 2018"
    )


DEC_1 = dt.date(2026, 12, 1)
FIRST_OF_MONTH = [
    # French writes the first day of a month "1er", in every form of a date; other languages do not.
    ("fr", DEC_1, None, "1er décembre 2026"),
    ("fr", DEC_1, dt.date(2026, 12, 3), "1er–3 décembre 2026"),
    ("fr", dt.date(2026, 11, 30), DEC_1, "30 novembre\u2009–\u20091er décembre 2026"),
    ("fr", dt.date(2026, 12, 31), dt.date(2027, 1, 1), "31 décembre 2026\u2009–\u20091er janvier 2027"),
    ("fr", dt.date(2026, 12, 10), dt.date(2026, 12, 11), "10–11 décembre 2026"),
    ("en", DEC_1, dt.date(2026, 12, 3), "1–3 December 2026"),
    ("de", dt.date(2026, 11, 30), DEC_1, "30. November\u2009–\u20091. Dezember 2026"),
    ("el", DEC_1, None, "1 Δεκεμβρίου 2026"),
]


@pytest.mark.parametrize("lang, start, end, expected", FIRST_OF_MONTH, ids=[f"{d[0]}-{d[3]}" for d in FIRST_OF_MONTH])
def test_first_of_the_month(lang, start, end, expected):
    assert format_dates(start, end, lang) == expected


@pytest.mark.parametrize(
    "lang, day, expected",
    [
        ("fr", dt.date(2025, 12, 1), "Lundi 1er décembre 2025"),
        ("en", dt.date(2025, 12, 1), "Monday, 1 December 2025"),
        ("fr", dt.date(2024, 12, 11), "Mercredi 11 décembre 2024"),
        ("fr", dt.date(2024, 12, 21), "Samedi 21 décembre 2024"),
    ],
)
def test_weekday_heading_on_the_first_of_the_month(lang, day, expected):
    assert format_weekday(day, lang) == expected


@pytest.mark.parametrize(
    "lang, expected",
    [
        ("fr", "Mercredi 17 mai 2017"),
        ("en", "Wednesday, 17 May 2017"),
        ("de", "Mittwoch, 17. Mai 2017"),
        ("el", "Τετάρτη 17 Μαΐου 2017"),
    ],
)
def test_weekday_headings(lang, expected):
    assert format_weekday(dt.date(2017, 5, 17), lang) == expected


@pytest.mark.parametrize("lang", ["fr", "en", "de", "el"])
def test_times_are_24_hour(lang):
    assert format_clock(dt.time(9, 5), lang) == "09:05"
    assert format_clock(dt.time(17, 30), lang) == "17:30"


@pytest.mark.parametrize(
    "code, lang, expected",
    [
        ("LV", "fr", "Lettonie"),
        ("LV", "en", "Latvia"),
        ("LV", "de", "Lettland"),
        ("LV", "el", "Λετονία"),
        ("LV", "lv", "Latvija"),
        ("GR", "el", "Ελλάδα"),
        ("DE", "fr", "Allemagne"),
        ("PT", "de", "Portugal"),
    ],
)
def test_country_names_come_from_babel(code, lang, expected):
    assert country_name(code, lang) == expected


@pytest.mark.parametrize(
    "code, lang, expected",
    [
        ("el", "el", "Ελληνικά"),
        ("de", "de", "Deutsch"),
        ("lv", "fr", "letton"),
        ("lv", "lv", "latviešu"),
    ],
)
def test_language_names_come_from_babel(code, lang, expected):
    assert language_name(code, lang) == expected


@pytest.mark.parametrize(
    "lang, expected",
    [
        ("fr", "Dresde, Oldenburg et Riga"),
        ("en", "Dresde, Oldenburg and Riga"),
        ("de", "Dresde, Oldenburg und Riga"),
        ("el", "Dresde, Oldenburg και Riga"),
    ],
)
def test_lists(lang, expected):
    assert join_list(["Dresde", "Oldenburg", "Riga"], lang) == expected


def test_riga_keeps_its_latvian_name():
    riga = read_sources(ROOT / "sources").partner("riga")
    assert Localiser("lv", "fr").text(riga.name) == "Rīga"
    assert Localiser("fr", "fr").native(riga.name, riga.language) == "Rīga"
    assert Localiser("fr", "fr").text(riga.name) == "Riga"


def test_native_name_only_where_it_differs():
    name = Text({"fr": "Dresde", "en": "Dresden", "de": "Dresden"})
    assert Localiser("fr", "fr").native(name, "de") == "Dresden"
    assert Localiser("en", "fr").native(name, "de") is None
    assert Localiser("fr", "fr").native(Text({"fr": "Messine", "en": "Messina"}), "it") is None


def test_missing_translation_falls_back_to_source_language():
    text = Text({"fr": "Salle plénière", "en": "Plenary room"})
    assert Localiser("el", "fr").text(text) == "Salle plénière"
    assert Localiser("en", "fr").text(text) == "Plenary room"


@pytest.mark.parametrize(
    ("size_in_bytes", "expected"),
    [
        (230_400, {"en": "230 kB", "fr": "230\u202fko", "de": "230 kB", "el": "230 kB"}),  # 225 KiB
        (499, {"en": "1 kB", "fr": "1\u202fko"}),  # never "0 kB"
        (999_499, {"en": "999 kB", "fr": "999\u202fko"}),
        (999_600, {"en": "1.0 MB", "fr": "1,0\u202fMo"}),  # not "1,000 kB"
        (1_540_000, {"en": "1.5 MB", "fr": "1,5\u202fMo", "de": "1,5 MB"}),
    ],
)
def test_a_file_size_counts_in_decimal_units_in_every_language(size_in_bytes, expected):
    """Issue 23: the log said "225 KB" (1 KB = 1,024 bytes) where the page said "230 ko"; both now
    write the download page's size, 1 kB = 1,000 bytes, Babel writing the unit."""
    assert {lang: format_size(size_in_bytes, lang) for lang in expected} == expected
