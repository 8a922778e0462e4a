"""Accounts: the user model and the account pages around django-allauth.

A separate app because Wagtail's own migrations depend on the user model, and the site pages
in `lms` depend on Wagtail's.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "lms.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from lms.middleware import language_on_sign_in

        user_logged_in.connect(language_on_sign_in, dispatch_uid="lms_language_on_sign_in")
