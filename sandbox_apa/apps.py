"""Practice Annual Performance Agreements: frameworks, scenarios, scoring."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SandboxApaConfig(AppConfig):
    name = "sandbox_apa"
    verbose_name = _("APA sandbox")
    # Trainers write scenarios in the admin; they read their batches' practice APAs and peer
    # review rounds there through sandbox_apa.wagtail_hooks' policy, not a model permission.
    trainer_permissions = [
        "sandbox_apa.add_scenario",
        "sandbox_apa.change_scenario",
        "sandbox_apa.view_scenario",
        "sandbox_apa.view_framework",
    ]
