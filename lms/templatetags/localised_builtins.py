"""Django's `date` and `time` filters, writing Bangla digits when Bangla is active.

Registered as a template builtin (settings.TEMPLATES OPTIONS "builtins"), so every template of
every app prints "১২ নভেম্বর ২০১৪, ০৯:৩০" on Bangla pages (month names in full) through the
filters it already uses, with the same format strings; English output is Django's, unchanged.
Machine formats stay ASCII: ISO dates ("Y-m-d", "Y-m-d H:i" in an input's value or a
datetime attribute) and "c", "r", "U". Every other format is for readers, times such as
"H:i" included.

Plain numbers have no such builtin: ``{{ n }}`` goes through no filter that could be wrapped,
and changing how every number renders would also change ids, colspans, widths and page
numbers in attributes and URLs. Numbers a reader sees use ``local_number`` or
``bangla_digits`` from ``{% load formatting %}`` instead.
"""

from django import template
from django.template.defaultfilters import date as django_date
from django.template.defaultfilters import time as django_time

from lms import formatting

register = template.Library()


_MACHINE = ("c", "r", "U")


def _for_readers(arg) -> bool:
    return not (arg in _MACHINE or str(arg or "").startswith("Y-m-d"))


def _bangla_months(arg):
    """A reader's format with Bangla month names in full ("জানুয়ারি", not "জান."): Bangla
    does not shorten them. Named formats ("DATE_FORMAT") already say so (lms/formats/bn)."""
    if not arg or str(arg).isupper():
        return arg
    out, escaped = [], False
    for char in str(arg):
        out.append("F" if char in "MNb" and not escaped else char)
        escaped = char == "\\" and not escaped
    return "".join(out)


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    if _for_readers(arg) and formatting.is_bangla(None):
        arg = _bangla_months(arg)
    text = django_date(value, arg)
    if text and _for_readers(arg) and formatting.is_bangla(None):
        return formatting.to_bangla_digits(text)
    return text


@register.filter(expects_localtime=True, is_safe=False)
def time(value, arg=None):
    text = django_time(value, arg)
    if text and _for_readers(arg) and formatting.is_bangla(None):
        return formatting.to_bangla_digits(text)
    return text
