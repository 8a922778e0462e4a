"""Template context of every page: the site chrome (menu, footer settings)."""

from django.http import HttpRequest

from lms.site_chrome import site_chrome_for_request


def site_chrome(request: HttpRequest) -> dict:
    """`site_chrome` with `.menu`, `.settings` and `.site`, loaded only when a template asks."""
    return {"site_chrome": lambda: site_chrome_for_request(request)}
