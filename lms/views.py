"""Views of the portal itself: health check and site search."""

from urllib.parse import quote_plus

from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.core.paginator import Paginator
from django.db import connection
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from wagtail.models import Page

from lms.translation import in_language_or_original

SEARCH_HITS = 200


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database answers, 503 when it does not (for load balancers)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not healthy"
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def favicon(request: HttpRequest) -> FileResponse:
    """/favicon.ico, which browsers and feed readers ask for whatever the page says (the
    pages also name it with <link rel="icon">)."""
    path = finders.find("img/favicon.ico")
    response = FileResponse(open(path, "rb"), content_type="image/vnd.microsoft.icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def search(request: HttpRequest) -> HttpResponse:
    """Full-text search over the live public pages, in every language: each page found is
    shown once, in the reader's language where it has a live translation, else its original
    (a Bangla reader who types "APA" finds the Bangla copy of an English page that says it).
    The first SEARCH_HITS hits are shown, in the order of relevance."""
    query = request.GET.get("q", "").strip()[:200]
    results = []
    if query:
        hits = Page.objects.live().public().search(query)[:SEARCH_HITS]
        keys = list(dict.fromkeys(page.translation_key for page in hits))
        shown = in_language_or_original(
            Page.objects.live().public().filter(translation_key__in=keys), get_language()
        ).specific()
        by_key = {page.translation_key: page for page in shown}
        results = [by_key[key] for key in keys if key in by_key]
    page = Paginator(results, 10).get_page(request.GET.get("page"))
    context = {"query": query, "query_encoded": quote_plus(query), "results": page}
    return TemplateResponse(request, "lms/search.html", context)


@login_required
def my_account(request: HttpRequest) -> HttpResponse:
    """The signed-in person's own page: who they are, their e-mail and security settings."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    user = request.user
    context = {
        "emails": EmailAddress.objects.filter(user=user).order_by("-primary", "email"),
        "mfa_enabled": Authenticator.objects.filter(
            user=user, type=Authenticator.Type.TOTP
        ).exists(),
        "participant": getattr(user, "participant", None),
    }
    return TemplateResponse(request, "account/my_account.html", context)


@never_cache
def set_language(request: HttpRequest) -> HttpResponse:
    """Remember the reader's language (a cookie) and show the same page in it.

    The switcher is a plain link: a GET that only sets a preference cookie needs no CSRF
    token, so public pages carry none and stay cacheable for anonymous readers. POST works
    too. `next` is freed of its language prefix and given the chosen one (English has none).
    A signed-in reader's choice is also kept on their account, for the e-mails they get.
    """
    from django.conf import settings
    from django.http import HttpResponseRedirect
    from django.urls.exceptions import Resolver404
    from django.utils.http import url_has_allowed_host_and_scheme

    from lms.accounts.services import user_language_set
    from lms.middleware import set_language_cookie, unprefixed_resolver

    data = request.POST if request.method == "POST" else request.GET
    language = data.get("language", "")
    next_url = data.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) or not next_url.startswith("/"):
        next_url = "/"
    if language not in dict(settings.LANGUAGES):
        return HttpResponseRedirect(next_url)
    if request.user.is_authenticated:
        user_language_set(user=request.user, language=language)
    target = strip_language_prefix(next_url)
    try:
        unprefixed_resolver(settings.ROOT_URLCONF).resolve(target.split("?")[0])
    except Resolver404:
        if language != settings.LANGUAGE_CODE:
            target = f"/{language}{target}"
    response = HttpResponseRedirect(target)
    set_language_cookie(response, language)
    return response


def strip_language_prefix(path: str) -> str:
    from django.conf import settings

    for code, _name in settings.LANGUAGES:
        if path == f"/{code}" or path.startswith(f"/{code}/"):
            return path[len(code) + 1 :] or "/"
    return path
