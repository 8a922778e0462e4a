"""Views of the portal itself: health check and site search."""

from urllib.parse import quote_plus

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from wagtail.models import Page


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


def search(request: HttpRequest) -> HttpResponse:
    """Full-text search over the live public pages."""
    query = request.GET.get("q", "").strip()[:200]
    results = Page.objects.none()
    if query:
        results = Page.objects.live().public().specific().search(query)
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


def set_language(request: HttpRequest) -> HttpResponse:
    """Django's set_language, with `next` freed of its language prefix first.

    Django translates `next` by resolving it in the current language, which fails for a
    /bn/ path posted from an English request; an unprefixed path translates both ways.
    """
    from django.views.i18n import set_language as django_set_language

    if request.method == "POST" and "next" in request.POST:
        post = request.POST.copy()
        post["next"] = strip_language_prefix(post["next"])
        request.POST = post
    return django_set_language(request)


def strip_language_prefix(path: str) -> str:
    from django.conf import settings

    for code, _name in settings.LANGUAGES:
        if path == f"/{code}" or path.startswith(f"/{code}/"):
            return path[len(code) + 1 :] or "/"
    return path
