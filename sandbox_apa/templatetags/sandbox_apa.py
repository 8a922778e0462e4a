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
