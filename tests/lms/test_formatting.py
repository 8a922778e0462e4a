"""Bangla digits, numbers and dates for documents in Bangla; English ones otherwise."""

import datetime as dt
import unicodedata
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from lms import formatting
from lms.formatting import (
    format_date,
    format_date_range,
    format_number,
    is_bangla,
    to_bangla_digits,
)

CERTIFICATE_DAY = dt.date(2014, 11, 12)


def test_long_date_in_bangla_and_in_english():
    assert format_date(CERTIFICATE_DAY, "bn") == "১২ নভেম্বর ২০১৪"
    assert format_date(CERTIFICATE_DAY, "en", style="long") == "12 November 2014"
    assert format_date(CERTIFICATE_DAY, "en") == "12 Nov 2014"  # the portal's style


def test_short_date_puts_the_day_first():
    assert format_date(dt.date(2015, 3, 5), "bn", style="short") == "০৫/০৩/২০১৫"
    assert format_date(dt.date(2015, 3, 5), "en", style="short") == "05/03/2015"


@pytest.mark.parametrize(
    ("month", "name"),
    [(1, "জানুয়ারি"), (2, "ফেব্রুয়ারি"), (5, "মে"), (8, "আগস্ট"), (12, "ডিসেম্বর")],
)
def test_bangla_month_names(month, name):
    assert (
        format_date(dt.date(2016, month, 1), "bn") == f"১ {unicodedata.normalize('NFC', name)} ২০১৬"
    )


def test_aware_datetime_is_dated_in_local_time():
    # 20:30 UTC on 11 November is already 12 November in Dhaka.
    evening = dt.datetime(2014, 11, 11, 20, 30, tzinfo=ZoneInfo("UTC"))
    assert format_date(evening, "en") == "12 Nov 2014"


def test_unknown_date_style_is_refused():
    with pytest.raises(ValueError, match="unknown date style"):
        format_date(CERTIFICATE_DAY, "en", style="full")


def test_bangla_language_codes():
    assert is_bangla("bn") and is_bangla("bn-BD") and is_bangla("bn_IN")
    assert not is_bangla("en") and not is_bangla("bnx")
    with translation.override("bn"):
        assert is_bangla(None)
        assert format_date(CERTIFICATE_DAY) == "১২ নভেম্বর ২০১৪"


def test_to_bangla_digits_changes_digits_only():
    assert to_bangla_digits("Batch 07, 2014-2016") == "Batch ০৭, ২০১৪-২০১৬"
    assert to_bangla_digits(1234) == "১২৩৪"


@pytest.mark.parametrize(
    ("value", "english", "bangla"),
    [
        (0, "0", "০"),
        (999, "999", "৯৯৯"),
        (1234, "1,234", "১,২৩৪"),
        (1234567, "1,234,567", "১২,৩৪,৫৬৭"),
        (123456789, "123,456,789", "১২,৩৪,৫৬,৭৮৯"),
        (-98765, "-98,765", "-৯৮,৭৬৫"),
        (Decimal("1234.50"), "1,234.50", "১,২৩৪.৫০"),
        (0.25, "0.25", "০.২৫"),
    ],
)
def test_numbers_are_grouped_in_thousands_in_english_and_lakhs_in_bangla(value, english, bangla):
    assert format_number(value, "en") == english
    assert format_number(value, "bn") == bangla


def test_decimals_round_half_up():
    assert format_number(12.345, "en", decimals=2) == "12.35"
    assert format_number(Decimal("82.5"), "bn", decimals=0) == "৮৩"


@pytest.mark.parametrize("value", ["twelve", None, True, float("nan"), Decimal("Infinity")])
def test_format_number_refuses_what_is_not_a_number(value):
    with pytest.raises(ValueError, match="not a"):
        format_number(value, "en")


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_bangla_number_reads_back_as_the_same_number(n):
    text = format_number(n, "bn")
    back = text.translate(str.maketrans("০১২৩৪৫৬৭৮৯", "0123456789")).replace(",", "")
    assert int(back) == n
    groups = text.lstrip("-").split(",")
    assert all(len(g) == 2 for g in groups[1:-1]) and len(groups[-1]) <= 3


def render(template: str, **context) -> str:
    return Template("{% load formatting %}" + template).render(Context(context))


def test_template_filters_follow_the_active_language():
    source = (
        "{{ day|local_date }} | {{ day|local_date:'short' }} | {{ n|local_number }}"
        " | {{ s|bangla_digits }}"
    )
    values = {"day": CERTIFICATE_DAY, "n": 1234567, "s": "CoP-2014-07"}
    assert render(source, **values) == "12 Nov 2014 | 12/11/2014 | 1,234,567 | CoP-2014-07"
    with translation.override("bn"):
        assert render(source, **values) == ("১২ নভেম্বর ২০১৪ | ১২/১১/২০১৪ | ১২,৩৪,৫৬৭ | CoP-২০১৪-০৭")


def test_template_filters_render_nothing_for_empty_values():
    assert render("[{{ x|local_date }}{{ x|local_number }}{{ x|bangla_digits }}]", x=None) == "[]"
    assert render("{{ n|local_number:2 }}", n="3.14159") == "3.14"


def test_every_template_writes_dates_in_bangla_digits_on_bangla_pages():
    """The project's `date` builtin: Django's output, with Bangla digits when Bangla is active."""
    import datetime as dt

    from django.template import engines
    from django.utils import translation

    template = engines["django"].from_string('{{ day|date:"j F Y" }}')
    day = dt.date(2014, 11, 12)
    with translation.override("en"):
        assert template.render({"day": day}) == "12 November 2014"
    with translation.override("bn"):
        text = template.render({"day": day})
    assert text.startswith("১২ ") and text.endswith(" ২০১৪")
    assert not any(char.isascii() and char.isdigit() for char in text)
    machine = engines["django"].from_string('{{ day|date:"Y-m-d" }}')
    with translation.override("bn"):
        assert machine.render({"day": day}) == "2014-11-12"  # input values stay machine-readable


def test_times_are_written_in_bangla_digits_and_iso_dates_stay_ascii():
    from django.template import engines
    from django.utils import translation

    at = dt.datetime(2015, 1, 12, 9, 30)
    template = engines["django"].from_string(
        '{{ at|date:"H:i" }}–{{ at|time:"H:i" }} {{ at|date:"Y-m-d" }} {{ at|date:"c" }}'
    )
    with translation.override("en"):
        assert template.render({"at": at}) == "09:30–09:30 2015-01-12 2015-01-12T09:30:00"
    with translation.override("bn"):
        assert template.render({"at": at}) == "০৯:৩০–০৯:৩০ 2015-01-12 2015-01-12T09:30:00"


def test_numbers_put_into_a_translated_sentence_follow_the_language():
    from lms.formatting import localise_numbers

    values = {"event": "CoP 2", "number": 3, "share": Decimal("85.5"), "done": True}
    assert localise_numbers(values, "en") == {**values, "number": "3", "share": "85.5"}
    assert localise_numbers(values, "bn") == {
        "event": "CoP 2",
        "number": "৩",
        "share": "৮৫.৫",
        "done": True,
    }


def test_a_batch_is_named_with_bangla_digits_in_bangla(db):
    from django.utils import translation

    from tests import factories

    batch = factories.BatchFactory(number=3)
    with translation.override("bn"):
        assert str(batch).endswith("৩")
    assert str(batch).endswith("batch 3")


# --- The portal's one date style and its ranges (issue 17) ----------------------------------

D = dt.date


@pytest.mark.parametrize(
    ("start", "end", "english", "bangla"),
    [
        (D(2015, 1, 13), None, "13 Jan 2015", "১৩ জানুয়ারি ২০১৫"),
        (D(2015, 1, 12), D(2015, 1, 12), "12 Jan 2015", "১২ জানুয়ারি ২০১৫"),  # one day, one date
        (D(2015, 1, 12), D(2015, 1, 19), "12–19 Jan 2015", "১২–১৯ জানুয়ারি ২০১৫"),
        (D(2015, 1, 30), D(2015, 2, 2), "30 Jan – 2 Feb 2015", "৩০ জানুয়ারি – ২ ফেব্রুয়ারি ২০১৫"),
        (
            D(2014, 12, 30),
            D(2015, 1, 2),
            "30 Dec 2014 – 2 Jan 2015",
            "৩০ ডিসেম্বর ২০১৪ – ২ জানুয়ারি ২০১৫",
        ),
        (D(2015, 5, 1), D(2015, 5, 31), "1–31 May 2015", "১–৩১ মে ২০১৫"),
    ],
)
def test_a_date_range_is_written_once_in_each_language(start, end, english, bangla):
    assert format_date_range(start, end, "en") == english
    assert format_date_range(start, end, "bn") == unicodedata.normalize("NFC", bangla)


def test_the_portal_style_is_day_month_year_never_us_style():
    assert format_date(D(2015, 1, 13), "en") == "13 Jan 2015"
    with translation.override("en"):
        text = Template("{{ d|date }} {{ d|date:'DATE_FORMAT' }} {{ d }}").render(
            Context({"d": D(2015, 1, 13)})
        )
    assert text == "13 Jan 2015 13 Jan 2015 13 Jan 2015"
    assert "Jan." not in text


def test_bangla_pages_write_month_names_in_full_with_bangla_digits():
    moment = dt.datetime(2015, 1, 13, 9, 30)
    with translation.override("bn"):
        text = Template(
            "{% load formatting %}{{ m|date:'D j M Y, H:i' }} | {{ d|local_date_range:e }}"
        ).render(Context({"m": moment, "d": D(2015, 1, 12), "e": D(2015, 1, 19)}))
    assert unicodedata.normalize("NFC", text) == unicodedata.normalize(
        "NFC", "মঙ্গল ১৩ জানুয়ারি ২০১৫, ০৯:৩০ | ১২–১৯ জানুয়ারি ২০১৫"
    )


@given(
    st.dates(min_value=D(1990, 1, 1), max_value=D(2100, 1, 1)),
    st.integers(min_value=0, max_value=800),
    st.sampled_from(["en", "bn"]),
)
def test_a_range_names_each_of_its_days_once_and_only_as_a_range(start, days, lang):
    end = start + dt.timedelta(days=days)
    text = format_date_range(start, end, lang)
    if days == 0:
        assert text == format_date(start, lang)
        assert "–" not in text
    else:
        assert text.count("–") == 1
        year = format_date(end, lang).rsplit(" ", 1)[1]
        assert text.endswith(year)
        # the end date's year is written once unless the years differ
        assert text.count(year) == (
            1 if start.year == end.year else 1 + (year in text.split("–")[0])
        )
    assert all(ch not in "0123456789" for ch in text) if lang == "bn" else True


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2015, 1, 5), (22, 9, 1421)),  # 1987 rules: 1 Poush was 15 December
        (dt.date(2015, 4, 13), (30, 12, 1421)),
        (dt.date(2015, 4, 14), (1, 1, 1422)),  # Pohela Boishakh
        (dt.date(2016, 3, 14), (31, 11, 1422)),  # Falgun of a leap year: 31 days
        (dt.date(2019, 12, 16), (1, 9, 1426)),  # 2019 rules: Victory Day is 1 Poush
        (dt.date(2020, 2, 21), (8, 11, 1426)),  # Language Martyrs' Day is 8 Falgun
        (dt.date(2021, 3, 26), (12, 12, 1427)),  # Independence Day is 12 Chaitra
    ],
)
def test_the_bangla_calendar_date(day, expected):
    assert formatting.bangla_calendar_date(day) == expected


def test_every_day_of_the_bangla_calendar_follows_the_one_before():
    day, previous = dt.date(2010, 4, 14), formatting.bangla_calendar_date(dt.date(2010, 4, 13))
    while day < dt.date(2030, 4, 14):
        current = formatting.bangla_calendar_date(day)
        assert current == (previous[0] + 1, previous[1], previous[2]) or current[0] == 1
        if current[0] == 1:
            assert current[1:] == ((previous[1] % 12) + 1, previous[2] + (previous[1] == 12))
        previous, day = current, day + dt.timedelta(days=1)


def test_the_bangla_calendar_date_as_written():
    assert formatting.format_bangla_calendar_date(dt.date(2015, 1, 5)) == "২২ পৌষ ১৪২১"
