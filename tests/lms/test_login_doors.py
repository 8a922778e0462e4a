"""One way in: every route that can sign someone in or set a password keeps allauth's rules.

The walk requests every URL pattern of the project, the libraries' own included
(tests/urlwalk.py), and finds the doors by what they do, not by their names:

- a *login door* signs a person in when it is sent their e-mail and password by POST
  (under any of the usual field names);
- a *reset door* mails the person, when sent their e-mail, a link that leads to a form
  where a new password can be set;
- a *change door* sets a new password for the signed-in person who POSTs one.

Each door found must then keep the accounts' rules: an account whose e-mail is not verified
is not signed in, the allowed number of failures locks the account out, an account with a
TOTP second factor is asked for it; resetting is rate-limited and signs nobody in; changing
asks for the current password and is rate-limited. A new route that opens a door without
those rules (Wagtail's or Django's own login view, or any view calling
django.contrib.auth.login) fails this test: `test_a_door_without_the_rules_is_found` proves it
on a urlconf with two such routes.
"""

import re
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest
from allauth.account import app_settings as allauth_settings
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth import views as auth_views
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.signals import user_logged_in
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation

from lms.accounts.models import User
from tests import factories
from tests.urlwalk import Route, routes

pytestmark = pytest.mark.django_db

PASSWORD = "canary-passphrase-8472"
NEW_PASSWORD = "a-new-and-unusual-passphrase-5531"
LINK = re.compile(r"https?://[^/\s]+(/[^\s<>\"']*)")


def credentials(email: str, password: str) -> dict[str, str]:
    """A person's e-mail and password under every field name login and password forms use
    (allauth, Django, Wagtail), and a new password for forms that set one."""
    return {
        "login": email,
        "username": email,
        "email": email,
        "identification": email,
        "password": password,
        "old_password": password,
        "oldpassword": password,
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "new_password1": NEW_PASSWORD,
        "new_password2": NEW_PASSWORD,
        "remember": "on",
    }


def account(*, verified: bool = True, totp: bool = False, admin: bool = False) -> User:
    user = factories.UserFactory(password=PASSWORD, verified=verified)
    if totp:
        TOTP.activate(user, generate_totp_secret())
    if admin:  # may enter the Wagtail admin, and nothing more
        group, _created = Group.objects.get_or_create(name="Admin access only")
        group.permissions.add(Permission.objects.get(codename="access_admin"))
        user.groups.add(group)
    return user


@contextmanager
def signed_in_users():
    """The users that user_logged_in announces while the block runs."""
    users = []

    def receiver(sender, user, **kwargs):
        users.append(user)

    user_logged_in.connect(receiver)
    try:
        yield users
    finally:
        user_logged_in.disconnect(receiver)


@dataclass
class Attempt:
    status: int
    location: str
    signed_in: bool


def anonymous() -> Client:
    """A fresh browser: a server error is an answer (500), not an exception in the test."""
    return Client(raise_request_exception=False)


def post(client: Client, route: Route, path: str, data: dict) -> Attempt:
    with translation.override(route.language), signed_in_users() as users:
        response = client.post(path, data)
    signed_in = bool(users) or "_auth_user_id" in client.session
    return Attempt(response.status_code, response.get("Location", ""), signed_in)


def allowed(action: str, per: str) -> int:
    """How many times allauth lets `action` happen per `per` (key, ip, user), e.g. 5."""
    rates = allauth_settings.RATE_LIMITS[action]
    return min(int(r.split("/")[0]) for r in rates.split(",") if r.endswith(f"/{per}"))


# --- finding the doors --------------------------------------------------------------------


@dataclass
class Doors:
    login: list[tuple[Route, str]] = field(default_factory=list)
    reset: list[tuple[Route, str]] = field(default_factory=list)
    change: list[tuple[Route, str]] = field(default_factory=list)
    shadowed: list[Route] = field(default_factory=list)


def find_doors(all_routes: list[Route]) -> Doors:
    """Probe every reachable route: anonymous with the canary's credentials, then signed in
    as the canary (who may enter the admin) with a new password."""
    doors = Doors()
    canary = account(admin=True)
    for route in all_routes:
        path = route.reachable_path()
        if path is None:
            doors.shadowed.append(route)
            continue
        cache.clear()
        sent = len(mail.outbox)
        client = anonymous()
        if post(client, route, path, credentials(canary.email, PASSWORD)).signed_in:
            doors.login.append((route, path))
        if _resets_password(route, canary, mail.outbox[sent:]):
            doors.reset.append((route, path))
        client = anonymous()
        client.force_login(canary)
        post(client, route, path, credentials(canary.email, PASSWORD))
        if _password_changed(canary):
            doors.change.append((route, path))
    return doors


def _password_changed(user: User) -> bool:
    user.refresh_from_db()
    changed = user.check_password(NEW_PASSWORD)
    if changed:
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    return changed


def _resets_password(route: Route, user: User, messages) -> bool:
    """Whether a mail to `user` links to a form that sets their password."""
    for message in messages:
        if user.email not in message.to:
            continue
        for link in LINK.findall(message.body):
            client = anonymous()
            with translation.override(route.language):
                page = client.get(link, follow=True)
                final = page.request["PATH_INFO"]
                client.post(final, credentials(user.email, PASSWORD))
            if _password_changed(user):
                return True
    return False


# --- the rules each door must keep --------------------------------------------------------


def login_door_failures(route: Route, path: str) -> list[str]:
    failures = []
    cache.clear()
    unverified = account(verified=False)
    if post(anonymous(), route, path, credentials(unverified.email, PASSWORD)).signed_in:
        failures.append("signs in an account whose e-mail is not verified")

    cache.clear()
    person, client = account(), anonymous()
    for _ in range(allowed("login_failed", "key")):
        post(client, route, path, credentials(person.email, "a-wrong-password"))
    if post(anonymous(), route, path, credentials(person.email, PASSWORD)).signed_in:
        failures.append("signs in after the allowed failed attempts (no lock-out)")

    cache.clear()
    with_totp = account(totp=True)
    attempt = post(anonymous(), route, path, credentials(with_totp.email, PASSWORD))
    if attempt.signed_in:
        failures.append("signs in an account with TOTP without asking for the second factor")
    with translation.override(route.language):
        second_factor = reverse("mfa_authenticate")
    if not attempt.signed_in and attempt.location != second_factor:
        failures.append(f"does not ask for the second factor (answered {attempt.status})")
    return failures


def reset_door_failures(route: Route, path: str) -> list[str]:
    failures = []
    cache.clear()
    person = account()
    limit = allowed("reset_password", "key")
    client = anonymous()
    for _ in range(limit):
        post(client, route, path, {"email": person.email})
    sent = len(mail.outbox)
    post(client, route, path, {"email": person.email})
    if len(mail.outbox) > sent:
        failures.append(f"sends another reset mail after {limit} in a minute (no rate limit)")

    cache.clear()
    start = len(mail.outbox)
    post(anonymous(), route, path, {"email": person.email})
    for message in mail.outbox[start:]:
        for link in LINK.findall(message.body):
            client = anonymous()
            with translation.override(route.language):
                final = client.get(link, follow=True).request["PATH_INFO"]
                with signed_in_users() as users:
                    client.post(final, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
            if users or "_auth_user_id" in client.session:
                failures.append("signs the person in by the reset link alone")
    return failures


def change_door_failures(route: Route, path: str) -> list[str]:
    failures = []
    cache.clear()
    person = account(admin=True)
    client = anonymous()
    client.force_login(person)
    wrong = credentials(person.email, "not-the-current-password")
    post(client, route, path, wrong)
    if _password_changed(person):
        failures.append("sets a new password without the current one")
    for _ in range(allowed("change_password", "user")):
        post(client, route, path, wrong)
    post(client, route, path, credentials(person.email, PASSWORD))
    if _password_changed(person):
        failures.append("accepts more attempts than allowed (no rate limit)")
    return failures


def all_failures(doors: Doors) -> dict[str, list[str]]:
    failures = defaultdict(list)
    for route, path in doors.login:
        failures[f"login {route}"] += login_door_failures(route, path)
    for route, path in doors.reset:
        failures[f"reset {route}"] += reset_door_failures(route, path)
    for route, path in doors.change:
        failures[f"change {route}"] += change_door_failures(route, path)
    return {door: found for door, found in failures.items() if found}


# --- the project ----------------------------------------------------------------------------

LIBRARY_DOORS = (
    auth_views.LoginView,
    auth_views.PasswordResetView,
    auth_views.PasswordResetConfirmView,
    auth_views.PasswordChangeView,
    auth_views.LogoutView,
)


def test_every_door_keeps_the_accounts_rules(home):
    doors = find_doors(routes())

    assert all_failures(doors) == {}
    # The walk sees the doors there are: allauth's own, in both languages.
    assert {str(route) for route, _path in doors.login} >= {
        "/accounts/login/",
        "/bn/accounts/login/",
    }
    assert {str(route) for route, _path in doors.reset} >= {
        "/accounts/password/reset/",
        "/bn/accounts/password/reset/",
    }
    assert {str(route) for route, _path in doors.change} >= {
        "/accounts/password/change/",
        "/bn/accounts/password/change/",
    }
    # The libraries' own doors are all behind the redirects to allauth.
    assert {str(route) for route in doors.shadowed} >= {
        "/admin/login/",
        "/admin/logout/",
        "/admin/password_reset/",
        "/admin/password_reset/confirm/<uidb64>/<token>/",
        "/_util/login/",
        "/bn/_util/login/",
    }


def test_no_library_login_or_password_view_is_reachable():
    """Views that need a token in their address cannot be probed: refused by their class."""
    reachable = [
        route
        for route in routes()
        if issubclass(getattr(route.view, "view_class", object), LIBRARY_DOORS)
        and route.reachable_path() is not None
    ]
    assert reachable == []


# --- the walk fails on a new door ---------------------------------------------------------


@pytest.mark.urls("tests.lms.sneaky_urls")
def test_a_door_without_the_rules_is_found(home):
    doors = find_doors(routes())
    login_doors = {str(route) for route, _path in doors.login}
    assert {"/django-login/", "/quick-access/", "/accounts/login/"} <= login_doors
    failures = all_failures(doors)
    for door in ("login /django-login/", "login /quick-access/"):
        assert "signs in an account whose e-mail is not verified" in failures[door]
        assert "signs in after the allowed failed attempts (no lock-out)" in failures[door]
        assert (
            "signs in an account with TOTP without asking for the second factor" in failures[door]
        )
    assert "login /accounts/login/" not in failures
    reset = {str(route) for route, _path in doors.reset}
    assert "/django-reset/" in reset
    assert failures["reset /django-reset/"] == [
        "sends another reset mail after 5 in a minute (no rate limit)"
    ]
    change = {str(route) for route, _path in doors.change}
    assert "/django-change/" in change
    assert failures["change /django-change/"] == [
        "accepts more attempts than allowed (no rate limit)"
    ]


# --- the doors as people meet them ----------------------------------------------------------


@pytest.mark.parametrize(
    ("door", "allauth_page"),
    [
        ("/admin/login/", "/accounts/login/"),
        ("/_util/login/", "/accounts/login/"),
        ("/bn/_util/login/", "/bn/accounts/login/"),
        ("/admin/password_reset/", "/accounts/password/reset/"),
        ("/admin/password_reset/confirm/MQ/set-password/", "/accounts/password/reset/"),
    ],
)
def test_the_libraries_doors_lead_to_allauth_keeping_where_to_go_next(client, door, allauth_page):
    response = client.get(door, {"next": "/admin/pages/"})
    assert response.status_code == 302
    assert response["Location"] == f"{allauth_page}?next=%2Fadmin%2Fpages%2F"


@pytest.mark.parametrize("elsewhere", ["https://evil.example/", "//evil.example/", "javascript:x"])
def test_the_doors_are_no_open_redirect(client, elsewhere):
    response = client.get("/admin/login/", {"next": elsewhere})
    assert response["Location"] == "/accounts/login/"


def test_a_password_sent_to_the_admin_login_signs_nobody_in(client):
    organiser = account(admin=True)
    response = client.post("/admin/login/", {"username": organiser.email, "password": PASSWORD})
    assert response["Location"] == "/accounts/login/"
    assert client.get("/admin/").status_code == 302


def test_logging_out_of_the_admin_is_allauths_logout(client):
    client.force_login(account(admin=True))
    response = client.post("/admin/logout/")
    assert response["Location"] == "/"
    page = client.get("/accounts/login/")
    assert "You have signed out." in page.content.decode()
    assert client.get("/admin/").status_code == 302


def test_the_admin_account_page_sends_passwords_and_addresses_to_allauth(client):
    client.force_login(account(admin=True))
    page = client.get("/admin/account/").content.decode()
    assert 'name="new_password1"' not in page and 'name="old_password"' not in page
    assert 'name="email"' not in page
    for name in ("account_change_password", "account_email", "mfa_index"):
        assert f'href="{reverse(name)}"' in page
