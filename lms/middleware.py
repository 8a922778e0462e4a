"""Language choice for pages under i18n_patterns.

English pages have no prefix (`/events/...`), Bangla ones live under `/bn/`. Django's
LocaleMiddleware treats an unprefixed path as English whatever the visitor chose; this
middleware sends a GET for an unprefixed page to its `/bn/` twin when the visitor chose
Bangla (the language cookie set by the switcher) or, on a first visit without that cookie,
when the browser prefers Bangla. Admin, health check, documents and other unprefixed
endpoints are never redirected.

On sign-in, a device that has no language cookie yet takes the language the person chose
with the switcher on another device (`User.preferred_language`), so Bangla follows them.
"""

from functools import cache

from django.conf import settings
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import LocalePrefixPattern, URLResolver, get_resolver
from django.urls.exceptions import Resolver404
from django.urls.resolvers import RegexPattern
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_supported_language_variant
from django.utils.translation.trans_real import parse_accept_lang_header


@cache
def unprefixed_resolver(urlconf: str) -> URLResolver:
    """A resolver over the URL patterns that are NOT inside i18n_patterns."""
    patterns = [
        pattern
        for pattern in get_resolver(urlconf).url_patterns
        if not (
            isinstance(pattern, URLResolver) and isinstance(pattern.pattern, LocalePrefixPattern)
        )
    ]
    return URLResolver(RegexPattern(r"^/"), patterns)


def preferred_language(request: HttpRequest) -> str | None:
    """The visitor's chosen language: the cookie, else (first visit) the browser's."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    candidates = [chosen] if chosen else []
    if not chosen:
        header = request.headers.get("Accept-Language", "")
        candidates = [code for code, _q in parse_accept_lang_header(header) if code != "*"]
    for code in candidates:
        try:
            return get_supported_language_variant(code)
        except LookupError:
            continue
    return None


def set_language_cookie(response, language: str) -> None:
    """Remember `language` as the visitor's choice, with Django's language-cookie settings."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


def language_on_sign_in(sender, request, user, **kwargs) -> None:
    """`user_logged_in`: a device without a language choice takes the account's, if the
    person ever chose one other than the default; the middleware sets the cookie."""
    chosen = getattr(user, "preferred_language", "")
    if (
        request is not None
        and chosen
        and chosen != settings.LANGUAGE_CODE
        and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
    ):
        request.language_on_sign_in = chosen


class PreferredLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        redirect = self._redirect_for(request)
        if redirect is not None:
            patch_vary_headers(redirect, ("Accept-Language", "Cookie"))
            return redirect
        response = self.get_response(request)
        if request.method in ("GET", "HEAD") and not self._has_prefix(request.path_info):
            patch_vary_headers(response, ("Cookie",))
        if language := getattr(request, "language_on_sign_in", None):
            set_language_cookie(response, language)
        return response

    def _redirect_for(self, request: HttpRequest) -> HttpResponseRedirect | None:
        if request.method not in ("GET", "HEAD") or self._has_prefix(request.path_info):
            return None
        language = preferred_language(request)
        if not language or language == settings.LANGUAGE_CODE:
            return None
        urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
        try:
            unprefixed_resolver(urlconf).resolve(request.path_info)
            return None  # admin, healthz, documents...: never language-prefixed
        except Resolver404:
            pass
        return HttpResponseRedirect(f"/{language}{request.get_full_path()}")

    @staticmethod
    def _has_prefix(path: str) -> bool:
        first = path.lstrip("/").split("/", 1)[0]
        return first in {code for code, _name in settings.LANGUAGES}
