"""Template filters for numbers and dates in the active language (see lms.formatting).

    {% load formatting %}
    {{ certificate.issued_on|local_date }}          12 Nov 2014 / ১২ নভেম্বর ২০১৪
    {{ session.date|local_date:"short" }}           12/11/2014 / ১২/১১/২০১৪
    {{ batch.start_date|local_date_range:batch.end_date }}   12–19 Jan 2015 / ১২–১৯ জানুয়ারি ২০১৫
    {{ batch.participants_count|local_number }}     1,234 / ১,২৩৪
    {{ indicator.target_good|bangla_digits }}       as typed, digits in Bangla: ৫০,২৫০
    {% filter bangla_digits %}{% blocktranslate count n=total %}{{ n }} row{% plural %}...
    {% endblocktranslate %}{% endfilter %}         a count that also picks the plural form

In a ``{% blocktranslate with %}`` a number takes the filter in place:
``with hours=course.estimated_hours|local_number``. With ``count`` the counter must stay a
number (it chooses the plural form), so the translated sentence goes through
``{% filter bangla_digits %}`` instead. Codes (serials, verification codes), ISO dates and the
values of form inputs stay as they are: readers copy or type them back.

The language is the active one, so ``{% language "bn" %}...{% endlanguage %}`` or
``translation.override("bn")`` around render_pdf makes a Bangla document. An empty value (None,
"") renders as nothing rather than failing a whole document.
"""

from django import template

from lms import formatting

register = template.Library()


@register.filter
def local_date(value, style="medium"):
    """The date in the active language; ``style`` is "medium" (default), "long" or "short"."""
    if value in (None, ""):
        return ""
    return formatting.format_date(value, None, style=style)


@register.filter
def local_date_range(start, end=None):
    """From ``start`` to ``end``, written once in the active language ("12–19 Jan 2015")."""
    if start in (None, ""):
        return ""
    return formatting.format_date_range(start, end or None, None)


@register.filter
def local_number(value, decimals=None):
    """The number grouped and, in Bangla, written with Bangla digits; optional decimal places."""
    if value in (None, ""):
        return ""
    places = None if decimals in (None, "") else int(decimals)
    return formatting.format_number(value, None, decimals=places)


@register.filter(is_safe=True)
def bangla_digits(value):
    """Any text with its digits in Bangla when the active language is Bangla, else unchanged."""
    if value in (None, ""):
        return ""
    return formatting.to_bangla_digits(value) if formatting.is_bangla(None) else str(value)
