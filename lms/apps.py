"""The project: settings, site pages, accounts, PDF and formatting helpers."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LmsConfig(AppConfig):
    name = "lms"
    verbose_name = _("Portal")
