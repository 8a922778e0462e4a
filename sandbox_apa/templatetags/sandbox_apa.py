"""Template helpers of the APA sandbox."""

from django import template
from django.utils.html import format_html_join

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


@register.simple_tag
def value_cells(indicator, value_fields, url: str):
    """The editor's value inputs of an indicator (previous actuals, targets, projections):
    nine in every row, drawn in Python, where as template code they were a quarter of the
    editor's time (issue 20). Values are shown as stored; dates in date inputs."""
    kind = "date" if indicator.direction == "date" else "text"
    save = f"indicator-{indicator.pk}"
    return format_html_join(
        "\n",
        '<td><input name="{}" class="val" aria-label="{}" value="{}" type="{}" '
        'data-save="{}" data-url="{}" data-value></td>',
        (
            (name, label, getattr(indicator, name, ""), kind, save, url)
            for name, label in value_fields
        ),
    )
