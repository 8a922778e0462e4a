"""Template tags of the portal's own layout: breadcrumbs, the signed-in menu, the user bar."""

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


@register.simple_tag
def portal_roles(user) -> dict[str, bool]:
    """The roles whose places the signed-in menu lists (lms.permissions.roles)."""
    from lms.permissions import roles

    return roles(user)


@register.simple_tag(takes_context=True)
def editor_userbar(context) -> str:
    """Wagtail's user bar, only on a page the reader may edit (editors and organisers).

    Trainers and trainees reach the admin for their own work, but the bar would float over
    their pages (it covered the caption of the check-in QR code) and offers them nothing."""
    from wagtail.admin.templatetags.wagtailuserbar import wagtailuserbar
    from wagtail.models import Page

    page = context.get("page")
    request = context.get("request")
    user = getattr(request, "user", None)
    if not isinstance(page, Page) or user is None or not user.is_authenticated:
        return ""
    if not page.permissions_for_user(user).can_edit():
        return ""
    return wagtailuserbar(context)
