"""Template context of every page: the site chrome (menu, footer settings)."""

from django.http import HttpRequest

from lms.site_chrome import site_chrome_for_request, site_chrome_menu


def site_chrome(request: HttpRequest) -> dict:
    """`site_chrome` with `.menu`, `.settings` and `.site`, and `site_menu`, the menu in the
    active language; loaded only when a template asks."""
    return {
        "site_chrome": lambda: site_chrome_for_request(request),
        "site_menu": lambda: site_chrome_menu(request),
    }
