"""Programmes, events, batches, sessions, participants, nominations and attendance."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "workshops"
    verbose_name = _("Workshops")

    def ready(self) -> None:
        from workshops import receivers  # noqa: F401  (connects its receivers)
