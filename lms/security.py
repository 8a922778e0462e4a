"""Request hygiene and the Content-Security-Policy of the admin.

- `RejectNulMiddleware`: an address or query string with a NUL character is answered 400.
  No page needs one, and PostgreSQL refuses NUL in any text it is asked to compare, so such a
  request would otherwise end as a server error deep in whatever view it reached.
- `admin_csp`: Wagtail's admin renders inline scripts and event handlers that the site's own
  policy (settings.SECURE_CSP: no inline script) forbids, so its URLs are given the looser
  settings.ADMIN_CSP through Django's own `csp_override`.
"""

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpRequest
from django.utils import translation
from django.views.decorators.csp import csp_override


class RejectNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if "\x00" in request.path_info or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            # Answered before LocaleMiddleware: the page speaks the language of the address.
            translation.activate(
                translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
            )
            raise BadRequest("The address contains a NUL character.")
        return self.get_response(request)


def admin_csp(view_func):
    """Give a view of the Wagtail admin the admin's Content-Security-Policy."""
    return csp_override(settings.ADMIN_CSP)(view_func)
