"""Accounts: sign-up with e-mail verification, login by e-mail, password reset, MFA, limits."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from lms.accounts.models import User
from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-and-unusual-passphrase"


def sign_up(client, email: str):
    return client.post(
        reverse("account_signup"),
        {"email": email, "password1": PASSWORD, "password2": PASSWORD},
    )


def link_in_last_mail(pattern: str) -> str:
    match = re.search(rf"https?://[^/\s]+({pattern})", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(1)


def verified_user(**kwargs) -> User:
    return factories.UserFactory(verified=True, **kwargs)


def log_in(client, email: str, password: str = "secret-pass-123", next_url: str = ""):
    url = reverse("account_login") + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"login": email, "password": password})


def test_sign_up_confirm_the_email_then_log_in(client):
    response = sign_up(client, "officer@cabinet.gov.bd")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["officer@cabinet.gov.bd"]
    confirm_url = link_in_last_mail(r"/accounts/confirm-email/[^/\s]+/")

    assert "Confirm" in client.get(confirm_url).content.decode()
    client.post(confirm_url)
    assert EmailAddress.objects.get(email="officer@cabinet.gov.bd").verified
    client.post(reverse("account_logout"))

    response = log_in(client, "officer@cabinet.gov.bd", PASSWORD)
    assert response.status_code == 302
    page = client.get(reverse("my_account"))
    assert page.status_code == 200
    assert "officer@cabinet.gov.bd" in page.content.decode()


def test_an_unconfirmed_address_cannot_log_in(client):
    sign_up(client, "new@cabinet.gov.bd")
    client.post(reverse("account_logout"))
    response = log_in(client, "new@cabinet.gov.bd", PASSWORD)
    assert response["Location"] == reverse("account_email_verification_sent")
    assert client.get(reverse("my_account")).status_code == 302


def test_people_sign_in_by_email_and_each_gets_their_email_as_username(client):
    sign_up(client, "first@cabinet.gov.bd")
    client.post(reverse("account_logout"))
    sign_up(client, "second@cabinet.gov.bd")
    assert sorted(User.objects.values_list("username", flat=True)) == [
        "first@cabinet.gov.bd",
        "second@cabinet.gov.bd",
    ]


def test_the_same_address_cannot_sign_up_twice_in_other_case(client):
    verified_user(username="taken@cabinet.gov.bd")
    sign_up(client, "TAKEN@cabinet.gov.bd")
    assert User.objects.filter(email__iexact="taken@cabinet.gov.bd").count() == 1


def test_the_admin_login_goes_through_allauth(client):
    organiser = verified_user(group="Organisers", is_staff=True)
    response = client.get("/admin/")
    assert response["Location"].startswith(reverse("account_login"))
    response = log_in(client, organiser.email, next_url="/admin/")
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_trainee_cannot_enter_the_admin(client):
    trainee = verified_user(group="Trainees")
    log_in(client, trainee.email)
    assert client.get("/admin/").status_code == 302


def test_password_reset_by_email(client):
    user = verified_user()
    client.post(reverse("account_reset_password"), {"email": user.email})
    reset_url = link_in_last_mail(r"/accounts/password/reset/key/[^\s]+/")
    form_url = client.get(reset_url)["Location"]  # allauth moves the key into the session
    response = client.post(form_url, {"password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302
    assert log_in(client, user.email, PASSWORD).status_code == 302
    assert client.get(reverse("my_account")).status_code == 200


def test_staff_reach_two_factor_setup_from_their_account_page(client):
    organiser = verified_user(group="Organisers", is_staff=True)
    log_in(client, organiser.email)
    page = client.get(reverse("my_account")).content.decode()
    assert reverse("mfa_index") in page
    assert "Staff accounts should turn it on." in page
    assert client.get(reverse("mfa_index")).status_code == 200
    # Turning on TOTP is sensitive: allauth asks for the password again first.
    reauthenticate = client.get(reverse("mfa_activate_totp"))["Location"]
    assert reauthenticate.startswith(reverse("account_reauthenticate"))
    back = client.post(reauthenticate, {"password": "secret-pass-123"})["Location"]
    activate = client.get(back)
    assert activate.status_code == 200
    assert "Authenticator secret" in activate.content.decode()


def test_my_account_needs_a_login(client):
    response = client.get(reverse("my_account"))
    assert response["Location"].startswith(reverse("account_login"))


def test_repeated_failed_logins_are_limited(client):
    user = verified_user()
    for _ in range(5):
        log_in(client, user.email, "wrong-password")
    response = log_in(client, user.email, "secret-pass-123")
    assert response.status_code == 200  # the form again, not a login
    assert "Too many failed login attempts" in response.content.decode()


def test_account_pages_use_the_site_layout(client):
    html = client.get(reverse("account_login")).content.decode()
    assert "css/site.css" in html and 'class="site-header"' in html
    assert 'class="button button--prominent button--login"' in html


def test_signing_in_on_a_new_device_brings_back_the_language_chosen_before(client):
    verified_user(email="bangla@cabinet.gov.bd", preferred_language="bn")
    response = log_in(client, "bangla@cabinet.gov.bd")
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "bn"
    # From now on unprefixed pages lead to their Bangla twins.
    assert client.get("/")["Location"] == "/bn/"


def test_a_choice_made_on_this_device_is_not_overruled_at_sign_in(client):
    verified_user(email="bangla@cabinet.gov.bd", preferred_language="bn")
    client.cookies["django_language"] = "en"
    response = log_in(client, "bangla@cabinet.gov.bd")
    assert response.status_code == 302
    assert "django_language" not in response.cookies
    # Nor does an account that never chose a language override the browser's.
    client.cookies.clear()
    verified_user(email="default@cabinet.gov.bd")
    response = log_in(client, "default@cabinet.gov.bd")
    assert response.status_code == 302
    assert "django_language" not in response.cookies
