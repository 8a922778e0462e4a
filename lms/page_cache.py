"""Full-response cache of what anonymous visitors see of the public Wagtail pages.

A public page costs a dozen queries and a template render; most visitors are anonymous and
see the same bytes. `PageCacheMiddleware` answers a repeated anonymous GET of a live page
from the shared cache with one cache read, before URL routing.

What is cached: 200 responses to GET requests served by Wagtail's page view (the
`before_serve_page` hook in `lms.wagtail_hooks` marks them), for visitors without a session
or messages cookie, that set no cookie themselves. Keyed by site host, path, language and
the query parameters the page reads: a page lists them with the values it accepts in
`cache_query_params` (news: `page`; resources: `page` and `kind`); a request with any other
parameter, or another value, is served but not stored, so made-up query strings cannot fill
the cache. Tracking parameters (`utm_*`, `fbclid`, `gclid`) are left out of the key.
Never cached: logged-in users (they carry a session cookie), previews and the admin (not
served by the page view), pages with messages, anything else.

Invalidation: every entry records the cache "generation" current when its request started;
publishing, unpublishing, moving or deleting any page, or saving the navigation or site
settings, starts a new generation (`page_cache_invalidate`), so every older entry is a miss;
the workshops services that change seats, batches or sessions do the same after commit.
"""

import re
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from lms.site_chrome import (
    site_chrome_attach,
    site_chrome_built,
    site_chrome_key,
    site_chrome_store,
)

GENERATION_KEY = "page-cache:generation"
SITE_CHROME_SECONDS = 3600
_MARK = "_lms_page_cacheable"
# Neither cached nor given the site chrome: the admin, files, and the health check (which
# must answer 503, not fail, when the database is down).
_NOT_PUBLIC = ("/admin/", "/documents/", "/static/", "/media/", "/healthz")


def page_cache_invalidate(**kwargs) -> None:
    """Start a new cache generation: every cached page is stale from now on.

    Has the signature of a signal receiver so that it can be connected directly.
    """
    cache.set(GENERATION_KEY, str(time.time_ns()), timeout=None)


def page_cache_invalidate_on_commit() -> None:
    """Start a new cache generation once the current transaction commits (at once outside
    one). Services that change what public pages show (seats, batches, sessions) call it."""
    transaction.on_commit(page_cache_invalidate)


def page_cache_mark(request: HttpRequest, page=None) -> None:
    """Allow the response to this request to be cached (called when Wagtail serves a page),
    unless its query string has a parameter or value that ``page`` does not list."""
    accepted = getattr(page, "cache_query_params", {})
    for name, values in request.GET.lists():
        if _is_tracking(name):
            continue
        pattern = accepted.get(name)
        if pattern is None or len(values) != 1 or not re.fullmatch(pattern, values[0]):
            return
    setattr(request, _MARK, True)


def _is_tracking(name: str) -> bool:
    return name.startswith("utm_") or name in _TRACKING


_TRACKING = frozenset({"fbclid", "gclid", "msclkid"})


def _cache_key(request: HttpRequest) -> str:
    language = translation.get_language_from_request(request)
    query = sorted((name, value) for name, value in request.GET.items() if not _is_tracking(name))
    query_text = "&".join(f"{name}={value}" for name, value in query)
    return f"page-cache:{request.get_host()}:{language}:{request.path}?{query_text}"


def _eligible(request: HttpRequest) -> bool:
    """Anonymous GET/HEAD without session or messages cookie; not the accounts pages."""
    if request.method not in ("GET", "HEAD") or settings.PAGE_CACHE_SECONDS <= 0:
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    return not request.path.startswith("/accounts/")


class PageCacheMiddleware:
    """Serve anonymous page views from the cache; store them after Wagtail rendered them.

    Sits high in MIDDLEWARE, so a hit skips sessions, auth, CSRF and routing, and the stored
    response already carries the headers the inner middleware added. In the same cache
    round trip it fetches the site chrome (site, menu, footer settings) for every public
    request, logged in or not.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(_NOT_PUBLIC):
            return self.get_response(request)
        chrome_key = site_chrome_key(request)
        page_key = _cache_key(request) if _eligible(request) else None
        # One round trip for all: entries carry their generation, compared here.
        found = cache.get_many([GENERATION_KEY, chrome_key] + ([page_key] if page_key else []))
        generation = found.get(GENERATION_KEY, "0")
        entry = found.get(page_key) if page_key else None
        if entry is not None and entry[0] == generation:
            return _rebuild(entry)
        chrome = found.get(chrome_key)
        cached_chrome = chrome is not None and chrome[0] == generation
        if cached_chrome:
            site_chrome_attach(request, chrome[1])
        response = self.get_response(request)
        if not cached_chrome and site_chrome_built(request):
            # Built lazily by a page that needed it; endpoints that never render the site's
            # menu and footer (feeds, JSON, files) do not pay for it.
            site_chrome_store(request, generation, SITE_CHROME_SECONDS)
        if page_key and self._storable(request, response):
            cache.set(page_key, _freeze(generation, response), settings.PAGE_CACHE_SECONDS)
        return response

    @staticmethod
    def _storable(request: HttpRequest, response: HttpResponse) -> bool:
        return (
            getattr(request, _MARK, False)
            and request.method == "GET"
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in response.get("Cache-Control", "")
        )


def _freeze(generation: str, response: HttpResponse) -> tuple:
    return (generation, response.content, list(response.headers.items()))


def _rebuild(entry: tuple) -> HttpResponse:
    _generation, content, headers = entry
    response = HttpResponse(content)
    for name, value in headers:
        response.headers[name] = value
    response.headers["X-Page-Cache"] = "hit"
    return response
