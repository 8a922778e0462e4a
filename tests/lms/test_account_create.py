"""Making an account: one user and its primary allauth address, an e-mail used once."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import authenticate

from lms.accounts.models import User
from lms.accounts.services import AccountError, account_create
from lms.services import TRAINERS

pytestmark = pytest.mark.django_db


def test_an_account_signs_in_by_its_email_as_allauth_keeps_it():
    user = account_create(
        email="  Rahima.Khatun@Cabinet.GOV.bd ", password="a-long-pass-123", first_name="Rahima"
    )
    assert (user.email, user.username) == ("rahima.khatun@cabinet.gov.bd",) * 2
    address = EmailAddress.objects.get(user=user)
    assert (address.email, address.primary, address.verified) == (user.email, True, True)
    assert authenticate(username=user.username, password="a-long-pass-123") == user


def test_an_account_without_a_password_cannot_sign_in_with_one():
    user = account_create(email="focal@example.org")
    assert not user.has_usable_password()


def test_an_unverified_account_has_its_address_waiting_for_confirmation():
    user = account_create(email="new@example.org", verified=False)
    assert not EmailAddress.objects.get(user=user).verified


def test_groups_are_given_by_name_or_object():
    user = account_create(email="trainer@example.org", groups=[TRAINERS], is_staff=True)
    assert list(user.groups.values_list("name", flat=True)) == [TRAINERS]
    assert user.is_staff and not user.is_superuser


@pytest.mark.parametrize("taken", ["officer@example.org", "OFFICER@example.org "])
def test_an_email_already_used_is_refused_and_nothing_is_written(taken):
    account_create(email="officer@example.org")
    with pytest.raises(AccountError, match="already exists"):
        account_create(email=taken, first_name="Someone else")
    assert User.objects.count() == 1 and EmailAddress.objects.count() == 1


def test_an_address_of_another_account_is_refused_too():
    user = account_create(email="first@example.org")
    EmailAddress.objects.create(user=user, email="second@example.org")
    with pytest.raises(AccountError, match="already exists"):
        account_create(email="second@example.org")


@pytest.mark.parametrize("bad", ["", "   ", "not-an-email", "a@"])
def test_an_invalid_email_is_refused(bad):
    with pytest.raises(AccountError, match="valid e-mail"):
        account_create(email=bad)
    assert not User.objects.exists()


def test_with_exist_ok_the_existing_account_is_returned_and_given_the_groups():
    first = account_create(email="trainer@example.org", password="first-pass-123")
    again = account_create(
        email="Trainer@example.org",
        password="other",
        first_name="X",
        groups=[TRAINERS],
        exist_ok=True,
    )
    assert again == first
    again.refresh_from_db()
    assert again.first_name == "" and again.check_password("first-pass-123")
    assert list(again.groups.values_list("name", flat=True)) == [TRAINERS]
    assert EmailAddress.objects.count() == 1
