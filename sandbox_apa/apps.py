"""Practice Annual Performance Agreements: frameworks, scenarios, scoring."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SandboxApaConfig(AppConfig):
    name = "sandbox_apa"
    verbose_name = _("APA sandbox")
