"""The "chrome" of a site: what every public page needs besides its own content.

The Wagtail site that answers the request (with its home page, specific), the menu links
with the translations of the pages they link to, the site settings (footer, support e-mail)
and Wagtail's site root paths (for page URLs). Built once per cache generation and kept in
the shared cache, so that a page view spends its queries on its own content: without this,
finding the site, its home page, the menu, the translations, the footer and the root paths
costs seven queries on every request.

The chrome serves every language: `menu_in(language)` picks each link's page in that
language (Wagtail's `page.localized`, from the translations loaded with the menu) and its
label (`NavigationLink.text_in`).

`PageCacheMiddleware` reads the chrome in the same cache round trip as the page cache and
attaches it with `site_chrome_attach`; templates get it as `site_chrome` from the context
processor.
"""

from dataclasses import dataclass, field
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.http.request import split_domain_port
from django.urls import translate_url
from django.utils import translation
from wagtail.models import Page, Site

_ATTR = "_lms_site_chrome"


class MenuItem(NamedTuple):
    """A menu link as a page in one language shows it: the page to link to (or None for an
    address), the address, and the label."""

    page: Page | None
    url: str
    text: str


@dataclass
class SiteChrome:
    site: Site
    menu: list = field(default_factory=list)
    settings: object = None
    root_paths: list = field(default_factory=list)
    # Live pages linked from the menu, in every locale: {(translation_key, language): page}.
    translations: dict = field(default_factory=dict)

    def menu_in(self, language: str) -> list[MenuItem]:
        """The menu for a page in ``language``: each page link goes to the page's translation
        when it exists (else to the page itself) and is labelled in that language."""
        items = []
        for link in self.menu:
            page = None
            if link.page_id:
                key = (link.page.translation_key, language)
                page = self.translations.get(key, link.page)
            url = _address_in(link.url, language) if link.url else ""
            items.append(MenuItem(page=page, url=url, text=link.text_in(language, page)))
        return items


def site_chrome_key(request: HttpRequest) -> str:
    """Cache key of the chrome for the host and port this request was made to."""
    hostname, _port = split_domain_port(request._get_raw_host())
    return f"site-chrome:{hostname}:{request.get_port()}"


def site_chrome_build(request: HttpRequest) -> SiteChrome | None:
    """Load the chrome from the database (seven queries); None when no site matches."""
    from lms.models import NavigationLink, SiteSettings

    site = Site.find_for_request(request)
    if site is None:
        return None
    site.root_page = site.root_page.specific
    menu = list(
        NavigationLink.objects.filter(settings__site=site)
        .select_related("page", "page__locale")
        .order_by("sort_order", "pk")
    )
    return SiteChrome(
        site=site,
        menu=menu,
        translations=_translations(menu),
        # Not for_site(): that creates the row, and a GET should not write (nor invalidate).
        settings=SiteSettings.objects.filter(site=site).first() or SiteSettings(site=site),
        root_paths=Site.get_site_root_paths(),
    )


def _address_in(url: str, language: str) -> str:
    """An address editors typed, in ``language``: a path of this site gets its language
    prefix ("/#programmes" -> "/bn/#programmes"); other addresses stay as they are.

    Editors type paths as the default language has them (no prefix), so they are resolved
    in that language whatever the language of the page being shown.
    """
    with translation.override(settings.LANGUAGE_CODE):
        return translate_url(url, language)


def _translations(menu: list) -> dict:
    """The live translations of the pages the menu links to, in one query."""
    keys = {link.page.translation_key for link in menu if link.page_id}
    if not keys:
        return {}
    pages = Page.objects.live().filter(translation_key__in=keys).select_related("locale")
    return {(page.translation_key, page.locale.language_code): page for page in pages}


def site_chrome_menu(request: HttpRequest) -> list[MenuItem]:
    """The menu of this request's site in the active language; empty without a site."""
    chrome = site_chrome_for_request(request)
    if chrome is None:
        return []
    return chrome.menu_in(translation.get_language() or "")


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
