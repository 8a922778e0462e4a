"""Django's `date` filter, writing Bangla digits when Bangla is active.

Registered as a template builtin (settings.TEMPLATES OPTIONS "builtins"), so every template of
every app prints "১২ নভে. ২০১৪" on Bangla pages through the filter it already uses, with the
same format strings; English output is Django's, unchanged. Only formats meant for readers
(with a month or weekday name, or the locale's DATE_FORMAT) are converted: machine formats
("Y-m-d" in an input's value, "c" in a datetime attribute) stay ASCII.
"""

from django import template
from django.template.defaultfilters import date as django_date

from lms import formatting

register = template.Library()


_NAMED = set("FMNbEDl")  # format characters that write a month or weekday name


def _for_readers(arg) -> bool:
    return arg in (None, "", "DATE_FORMAT", "SHORT_DATE_FORMAT") or bool(_NAMED & set(str(arg)))


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    text = django_date(value, arg)
    if text and _for_readers(arg) and formatting.is_bangla(None):
        return formatting.to_bangla_digits(text)
    return text
