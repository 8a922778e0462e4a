"""Services of accounts: making an account, the language it prefers."""

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lms.accounts.signals import preferred_language_changed


def user_language_set(*, user, language: str) -> None:
    """Remember `language` as the user's preferred language (for the e-mails they get).

    Tells the apps that keep a language of their own (a participant record) through
    ``preferred_language_changed``, in the same transaction, even when the user's own choice
    is unchanged: a participant imported with another language follows the user's latest
    choice. Raises ValueError for a code not in settings.LANGUAGES.
    """
    if language not in dict(settings.LANGUAGES):
        msg = f"unknown language {language!r}"
        raise ValueError(msg)
    with transaction.atomic():
        if user.preferred_language != language:
            user.preferred_language = language
            user.save(update_fields=["preferred_language"])
        preferred_language_changed.send(sender=type(user), user=user, language=language)


class AccountError(Exception):
    """An account cannot be made as asked; `str(error)` is the message to show."""


def normalise_account_email(raw: str) -> str:
    """An e-mail as allauth keeps it: without surrounding spaces, lower-cased."""
    return (raw or "").strip().lower()


def account_create(
    *,
    email: str,
    password: str | None = None,
    first_name: str = "",
    last_name: str = "",
    groups: Iterable = (),
    verified: bool = True,
    is_staff: bool = False,
    is_superuser: bool = False,
    exist_ok: bool = False,
):
    """Make an account and its primary allauth e-mail address, in one transaction.

    The e-mail is normalised as allauth does at sign-up (trimmed, lower-cased) and is also
    the username. Without a password the account cannot sign in with one (it may reset it).
    `verified` says whether the address counts as confirmed (allauth's mandatory
    verification lets only such accounts in); `groups` are Group objects or names.

    Raises AccountError for an empty or invalid e-mail and for an e-mail that another
    account (or another account's address) already has. With ``exist_ok`` the account
    already holding that e-mail is returned instead, with `groups` added and nothing else
    changed: running the demo data again is then harmless.
    """
    from allauth.account.models import EmailAddress

    email = normalise_account_email(email)
    try:
        validate_email(email)
    except ValidationError:
        raise AccountError(_("Enter a valid e-mail address.")) from None
    group_objects = _groups(groups)
    User = get_user_model()
    with transaction.atomic():
        existing = User.objects.filter(email__iexact=email).first()
        if existing is not None and exist_ok:
            existing.groups.add(*group_objects)
            return existing
        if existing is not None or EmailAddress.objects.filter(email__iexact=email).exists():
            raise AccountError(_taken(email))
        try:
            with transaction.atomic():
                user = User(
                    username=email,
                    email=email,
                    first_name=first_name,
                    last_name=last_name,
                    is_staff=is_staff,
                    is_superuser=is_superuser,
                )
                if password:
                    user.set_password(password)
                else:
                    user.set_unusable_password()
                user.save()
                EmailAddress.objects.create(user=user, email=email, primary=True, verified=verified)
        except IntegrityError:  # made at the same moment by another request
            raise AccountError(_taken(email)) from None
        user.groups.add(*group_objects)
    return user


def _taken(email: str) -> str:
    return _("An account with the e-mail %(email)s already exists.") % {"email": email}


def _groups(groups: Iterable) -> list:
    from django.contrib.auth.models import Group

    groups = list(groups)
    objects = [group for group in groups if isinstance(group, Group)]
    names = [group for group in groups if not isinstance(group, Group)]
    if names:
        from lms.services import groups_ensure

        ensured = groups_ensure()
        objects += [ensured[name] for name in names]
    return objects
