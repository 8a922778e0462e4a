"""Attendance, completion and trainer certificates: issue, verify, revoke."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Certificates")

    def ready(self):
        from certificates.pages import event_certificate_panel_add, event_fact
        from certificates.tasks import on_trainer_certified
        from courses.hooks import trainer_certified
        from workshops import hooks

        # Courses announces new certified trainers; certificates issues their certificate.
        # Courses does not import certificates (the dependency points this way only).
        trainer_certified.connect(on_trainer_certified, dispatch_uid="certificates.trainer")
        # Which certificate an event gives: edited in the event's editor, shown on its page.
        event_certificate_panel_add()
        hooks.register_event_fact(event_fact)
