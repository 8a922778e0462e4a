"""Template helpers of the APA sandbox."""

from django import template

from sandbox_apa import scoring

register = template.Library()


@register.filter
def attr(obj, name: str):
    """getattr for templates: {{ indicator|attr:"target_good" }}."""
    return getattr(obj, name, "") if obj is not None else ""


@register.filter
def marks(value, places: int = 2) -> str:
    """A Decimal score or mark rounded for display only."""
    return scoring.display(value, int(places)) if value is not None else "–"


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
    """An achievement as the trainee typed it: ISO dates (as the targets), plain numbers."""
    if value is None or value == "":
        return "–"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)
