"""One way in: the libraries' own login, password and logout routes lead to allauth's.

Wagtail and Django ship login views that authenticate with the password alone (Wagtail's
`/admin/login/`, `/_util/login/` for private pages, its password reset under
`/admin/password_reset/`). Those routes are kept, so that bookmarks and the libraries' own
links still work, but they only send the visitor to allauth's page, where the accounts'
rules apply: e-mail verification, rate limits, the second factor. Nothing they receive is
processed: a POST with a password is answered with the same redirect as a GET.
"""

from urllib.parse import urlencode

from allauth.account.adapter import get_adapter
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt


def allauth_door(route_name: str):
    """A view that redirects to allauth's `route_name`, keeping a safe `next` (GET only).

    `next` is kept only when allauth itself would follow it (`is_safe_url`: this host or one
    of ALLOWED_HOSTS), so the door is no open redirect. CSRF-exempt because it changes
    nothing: a POST from a stale form of the library lands on the right page, not on a 403.
    """

    @never_cache
    @csrf_exempt
    def door(request: HttpRequest, *args, **kwargs) -> HttpResponseRedirect:
        target = reverse(route_name)
        next_url = request.GET.get(REDIRECT_FIELD_NAME, "")
        if next_url and get_adapter(request).is_safe_url(next_url):
            target = f"{target}?{urlencode({REDIRECT_FIELD_NAME: next_url})}"
        return HttpResponseRedirect(target)

    return door


login_door = allauth_door("account_login")
password_reset_door = allauth_door("account_reset_password")
