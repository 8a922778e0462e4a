"""Practice Annual Performance Agreements: frameworks, scenarios, scoring."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SandboxApaConfig(AppConfig):
    name = "sandbox_apa"
    verbose_name = _("APA sandbox")
    # Trainers write scenarios and look at practice APAs in the admin.
    trainer_permissions = [
        "sandbox_apa.add_scenario",
        "sandbox_apa.change_scenario",
        "sandbox_apa.view_scenario",
        "sandbox_apa.view_framework",
        "sandbox_apa.view_practiceapa",
        "sandbox_apa.view_peerreviewround",
    ]
