"""The "chrome" of a site: what every public page needs besides its own content.

The Wagtail site that answers the request (with its home page, specific), the menu links,
the site settings (footer, support e-mail) and Wagtail's site root paths (for page URLs).
Built once per cache generation and kept in the shared cache, so that a page view spends
its queries on its own content: without this, finding the site, its home page, the menu,
the footer and the root paths costs six queries on every request.

`PageCacheMiddleware` reads the chrome in the same cache round trip as the page cache and
attaches it with `site_chrome_attach`; templates get it as `site_chrome` from the context
processor.
"""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.http import HttpRequest
from django.http.request import split_domain_port
from wagtail.models import Site

_ATTR = "_lms_site_chrome"


@dataclass
class SiteChrome:
    site: Site
    menu: list = field(default_factory=list)
    settings: object = None
    root_paths: list = field(default_factory=list)


def site_chrome_key(request: HttpRequest) -> str:
    """Cache key of the chrome for the host and port this request was made to."""
    hostname, _port = split_domain_port(request._get_raw_host())
    return f"site-chrome:{hostname}:{request.get_port()}"


def site_chrome_build(request: HttpRequest) -> SiteChrome | None:
    """Load the chrome from the database (six queries); None when no site matches."""
    from lms.models import NavigationLink, SiteSettings

    site = Site.find_for_request(request)
    if site is None:
        return None
    site.root_page = site.root_page.specific
    menu = list(
        NavigationLink.objects.filter(settings__site=site)
        .select_related("page")
        .order_by("sort_order", "pk")
    )
    return SiteChrome(
        site=site,
        menu=menu,
        # Not for_site(): that creates the row, and a GET should not write (nor invalidate).
        settings=SiteSettings.objects.filter(site=site).first() or SiteSettings(site=site),
        root_paths=Site.get_site_root_paths(),
    )


def site_chrome_attach(request: HttpRequest, chrome: SiteChrome | None) -> None:
    """Make Wagtail use the chrome's site and root paths instead of querying them again."""
    setattr(request, _ATTR, chrome)
    if chrome is not None:
        request._wagtail_site = chrome.site
        request._wagtail_cached_site_root_paths = chrome.root_paths


def site_chrome_for_request(request: HttpRequest) -> SiteChrome | None:
    """The chrome attached by the middleware, else built now (views run without it)."""
    if not hasattr(request, _ATTR):
        site_chrome_attach(request, site_chrome_build(request))
    return getattr(request, _ATTR)


def site_chrome_built(request: HttpRequest) -> bool:
    """Whether this request has loaded (or been given) its chrome."""
    return hasattr(request, _ATTR)


def site_chrome_store(request: HttpRequest, generation: str, timeout: int) -> None:
    chrome = site_chrome_for_request(request)
    if chrome is not None:
        cache.set(site_chrome_key(request), (generation, chrome), timeout)
