"""Numbers and dates the way a document's language writes them: Bangla digits and month names
for Bangla ("১২ নভেম্বর ২০১৪", "১২,৩৪,৫৬৭"), English ones otherwise ("12 Nov 2014"); date
ranges written once ("12–19 Jan 2015").

Pure functions: they read nothing but their arguments, except that ``lang=None`` means the
active Django language. Templates use them through ``{% load formatting %}``
(``lms/templatetags/formatting.py``).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone, translation

BANGLA_DIGITS = "০১২৩৪৫৬৭৮৯"
_TO_BANGLA = str.maketrans("0123456789", BANGLA_DIGITS)

# NFC, so that য় is য + nukta wherever these names are compared or searched.
BANGLA_MONTHS = tuple(
    unicodedata.normalize("NFC", name)
    for name in (
        "জানুয়ারি",
        "ফেব্রুয়ারি",
        "মার্চ",
        "এপ্রিল",
        "মে",
        "জুন",
        "জুলাই",
        "আগস্ট",
        "সেপ্টেম্বর",
        "অক্টোবর",
        "নভেম্বর",
        "ডিসেম্বর",
    )
)
ENGLISH_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

ENGLISH_MONTHS_SHORT = tuple(name[:3] for name in ENGLISH_MONTHS)

# "medium" is the portal's one style for a date a reader sees: "13 Jan 2015" in English,
# "১৩ জানুয়ারি ২০১৫" in Bangla (Bangla does not shorten month names). "long" spells the
# English month out (kept for callers that ask for it); "short" is day-first digits.
DATE_STYLES = ("medium", "long", "short")
EN_DASH = "\u2013"


def is_bangla(lang: str | None) -> bool:
    """Whether ``lang`` (a language code such as "bn", "bn-BD"; None = the active one) is Bangla."""
    if lang is None:
        lang = translation.get_language() or ""
    return lang.lower().replace("_", "-").split("-")[0] == "bn"


def to_bangla_digits(text) -> str:
    """``text`` (any value, made a string) with the digits 0-9 written as Bangla digits."""
    return str(text).translate(_TO_BANGLA)


def format_number(value, lang: str | None = None, *, decimals: int | None = None) -> str:
    """``value`` grouped by thousands: 1,234,567 in English, ১২,৩৪,৫৬৭ (lakh, crore) in Bangla.

    ``decimals`` rounds half up to that many places; without it an integer has none and a
    decimal keeps the places it has. Raises ValueError for something that is not a number.
    """
    number = _as_decimal(value)
    if decimals is not None:
        number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    text = f"{abs(number):f}"
    whole, _, fraction = text.partition(".")
    if is_bangla(lang):
        grouped = _group_south_asian(whole)
        return to_bangla_digits(f"{sign}{grouped}{'.' if fraction else ''}{fraction}")
    return f"{sign}{int(whole):,}{'.' if fraction else ''}{fraction}"


def localise_numbers(values: dict, lang: str | None = None) -> dict:
    """The values for a translated message's placeholders, numbers written by ``format_number``.

    For numbers put into a sentence in Python: ``_("%(event)s, batch %(number)s") %
    localise_numbers({"event": title, "number": 3})`` gives "…, ব্যাচ ৩" in Bangla. Other values
    (names, titles) pass unchanged; so do booleans.
    """
    return {
        key: format_number(value, lang)
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)
        else value
        for key, value in values.items()
    }


def format_date(value, lang: str | None = None, *, style: str = "medium") -> str:
    """A date as its language writes it.

    ``style="medium"`` (the portal's style): "13 Jan 2015" / "১৩ জানুয়ারি ২০১৫";
    ``style="long"``: "12 November 2014" / "১২ নভেম্বর ২০১৪"; ``style="short"``: "12/11/2014" /
    "১২/১১/২০১৪" (day first, as in Bangladesh). An aware datetime is first turned into local
    time. Raises ValueError for an unknown style.
    """
    _check_style(style)
    value = _as_date(value)
    bangla = is_bangla(lang)
    if style == "short":
        text = f"{value.day:02d}/{value.month:02d}/{value.year}"
    else:
        text = f"{value.day} {_month(value.month, bangla, style)} {value.year}"
    return to_bangla_digits(text) if bangla else text


def format_date_range(start, end=None, lang: str | None = None, *, style: str = "medium") -> str:
    """Two dates written once, what they share said once, with an en dash between.

    One day is one date ("13 Jan 2015"); within a month "12–19 Jan 2015"; within a year
    "30 Jan – 2 Feb 2015"; else "30 Dec 2014 – 2 Jan 2015". Bangla the same way, with Bangla
    digits and month names ("১২–১৯ জানুয়ারি ২০১৫"). ``end`` None (or before ``start``) means
    one day. A "short" range is two short dates. Raises ValueError for an unknown style.
    """
    _check_style(style)
    start = _as_date(start)
    end = start if end is None else _as_date(end)
    if end <= start:
        return format_date(start, lang, style=style)
    if style == "short":
        return _two_dates(start, end, lang, style)
    bangla = is_bangla(lang)
    if (start.year, start.month) == (end.year, end.month):
        text = f"{start.day}{EN_DASH}{end.day} {_month(end.month, bangla, style)} {end.year}"
    elif start.year == end.year:
        text = (
            f"{start.day} {_month(start.month, bangla, style)} {EN_DASH} "
            f"{end.day} {_month(end.month, bangla, style)} {end.year}"
        )
    else:
        return _two_dates(start, end, lang, style)
    return to_bangla_digits(text) if bangla else text


def _two_dates(start: dt.date, end: dt.date, lang: str | None, style: str) -> str:
    first, last = format_date(start, lang, style=style), format_date(end, lang, style=style)
    return f"{first} {EN_DASH} {last}"


def _check_style(style: str) -> None:
    if style not in DATE_STYLES:
        msg = f"unknown date style {style!r}; use one of {', '.join(DATE_STYLES)}"
        raise ValueError(msg)


def _as_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date()
    return value


def _month(month: int, bangla: bool, style: str) -> str:
    if bangla:
        return BANGLA_MONTHS[month - 1]
    return (ENGLISH_MONTHS_SHORT if style == "medium" else ENGLISH_MONTHS)[month - 1]


def _as_decimal(value) -> Decimal:
    if isinstance(value, bool):
        msg = f"not a number: {value!r}"
        raise ValueError(msg)
    try:
        # repr, so that 0.1 is 0.1 and not 0.1000000000000000055511151231257827...
        number = Decimal(repr(value) if isinstance(value, float) else value)
    except (ArithmeticError, TypeError, ValueError) as error:
        msg = f"not a number: {value!r}"
        raise ValueError(msg) from error
    if not number.is_finite():
        msg = f"not a finite number: {value!r}"
        raise ValueError(msg)
    return number


def _group_south_asian(digits: str) -> str:
    """1234567 -> 12,34,567: the last three digits, then groups of two."""
    if len(digits) <= 3:
        return digits
    head, tail = digits[:-3], digits[-3:]
    groups = []
    while len(head) > 2:
        head, group = head[:-2], head[-2:]
        groups.insert(0, group)
    return ",".join([head, *groups, tail])


# --- the Bangla calendar (বঙ্গাব্দ) ----------------------------------------------------------

BANGLA_CALENDAR_MONTHS = tuple(
    unicodedata.normalize("NFC", name)
    for name in (
        "বৈশাখ",
        "জ্যৈষ্ঠ",
        "আষাঢ়",
        "শ্রাবণ",
        "ভাদ্র",
        "আশ্বিন",
        "কার্তিক",
        "অগ্রহায়ণ",
        "পৌষ",
        "মাঘ",
        "ফাল্গুন",
        "চৈত্র",
    )
)
#: The Bangla Academy's revision of 2019 applies from 1 Boishakh 1426 (14 April 2019).
_REVISED_2019 = dt.date(2019, 4, 14)


def bangla_calendar_date(value: dt.date) -> tuple[int, int, int]:
    """(day, month 1-12, year) of ``value`` in the Bangla calendar of Bangladesh.

    The year begins on 14 April (1 Boishakh). Until 1425 (the 1987 revision): Boishakh to
    Bhadra have 31 days, the rest 30, Falgun 31 when it falls in a Gregorian leap year. From
    1426 (the 2019 revision): Boishakh to Ashwin have 31 days, the rest 30, Falgun 29, or 30
    in a leap year; so 16 December is 1 Poush and 21 February 8 Falgun.
    """
    new_year = dt.date(value.year, 4, 14)
    if value < new_year:
        new_year = dt.date(value.year - 1, 4, 14)
    leap = _is_leap(new_year.year + 1)  # Falgun is in February of the next Gregorian year
    if new_year >= _REVISED_2019:
        lengths = [31] * 6 + [30] * 4 + [30 if leap else 29, 30]
    else:
        lengths = [31] * 5 + [30] * 5 + [31 if leap else 30, 30]
    day = (value - new_year).days
    for month, length in enumerate(lengths, start=1):
        if day < length:
            return day + 1, month, new_year.year - 593
        day -= length
    raise AssertionError("a Bangla year has 365 or 366 days")  # pragma: no cover


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def format_bangla_calendar_date(value: dt.date) -> str:
    """``value`` in the Bangla calendar as Bangla writes it: "২২ পৌষ ১৪২১"."""
    day, month, year = bangla_calendar_date(value)
    return to_bangla_digits(f"{day} {BANGLA_CALENDAR_MONTHS[month - 1]} {year}")
