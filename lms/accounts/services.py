"""Services of accounts."""

from django.conf import settings
from django.db import transaction

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
