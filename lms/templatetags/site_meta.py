"""The <meta name="description"> of every page: what search engines and link previews show."""

from html import unescape

from django import template
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

register = template.Library()

#: Search engines show about this many characters.
LENGTH = 160


@register.simple_tag(takes_context=True)
def meta_description(context) -> str:
    """The page's search description, else its summary or introduction (rich text reduced
    to plain text), else the site's own description; escaped by the template."""
    page = context.get("page")
    for field in ("search_description", "summary", "intro"):
        text = " ".join(unescape(strip_tags(str(getattr(page, field, "") or ""))).split())
        if text:
            return Truncator(text).chars(LENGTH)
    return _(
        "Training for Bangladesh's Government Performance Management System: events and "
        "batches, e-learning courses, the APA sandbox and certificate verification."
    )
