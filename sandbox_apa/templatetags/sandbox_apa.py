"""Template helpers of the APA sandbox."""

from django import template

from lms import formatting
from sandbox_apa import scoring

register = template.Library()


@register.filter
def attr(obj, name: str):
    """getattr for templates: {{ indicator|attr:"target_good" }}."""
    return getattr(obj, name, "") if obj is not None else ""


@register.filter
def marks(value, places: int = 2) -> str:
    """A Decimal score or mark rounded for display only, in Bangla digits on Bangla pages."""
    if value is None:
        return "–"
    text = scoring.display(value, int(places))
    return formatting.to_bangla_digits(text) if formatting.is_bangla(None) else text


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def cell(indicator, name: str) -> str:
    """A stored value for a narrow printed cell: dates as 31.05.20, numbers as stored."""
    raw = getattr(indicator, name, "") if indicator is not None else ""
    if raw and indicator.direction == "date":
        try:
            return indicator.value(raw).strftime("%d.%m.%y")
        except ValueError:
            return raw
    return raw


@register.filter
def plain(value) -> str:
    """An achievement as the trainee typed it: ISO dates (as the targets), plain numbers; in
    Bangla digits on Bangla pages, as the targets next to it."""
    if value is None or value == "":
        return "–"
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return formatting.to_bangla_digits(text) if formatting.is_bangla(None) else text
