"""The Wagtail admin's account page points to allauth's pages for what it no longer does.

Password and e-mail address are changed only through allauth (WAGTAIL_PASSWORD_MANAGEMENT_
ENABLED and WAGTAIL_EMAIL_MANAGEMENT_ENABLED are off), so that a new address is verified and
the second factor is managed in one place; the account page's "More actions" tab links there.
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import hooks


@hooks.register("register_account_menu_item")
def change_password(request):
    return {
        "url": reverse("account_change_password"),
        "label": _("Change password"),
        "help_text": _("Asks for your current password."),
    }


@hooks.register("register_account_menu_item")
def email_addresses(request):
    return {
        "url": reverse("account_email"),
        "label": _("E-mail addresses"),
        "help_text": _("A new address signs you in only once you have confirmed it."),
    }


@hooks.register("register_account_menu_item")
def two_factor(request):
    return {
        "url": reverse("mfa_index"),
        "label": _("Two-factor authentication"),
        "help_text": _("A code from an authenticator app at every sign-in."),
    }
