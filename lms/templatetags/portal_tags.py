"""Template tags of the portal's own layout: breadcrumbs."""

from django import template

register = template.Library()


@register.simple_tag
def breadcrumb_trail(page) -> list:
    """The pages between the home page and `page`, top first (neither of them included).

    Uses the ancestors the home page's routing already loaded, else one query.
    """
    trail = getattr(page, "_lms_route_trail", None)
    if trail is not None:
        return trail
    return list(page.get_ancestors().filter(depth__gt=2))
