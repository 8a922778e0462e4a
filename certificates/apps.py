"""Attendance, completion and trainer certificates: issue, verify, revoke."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Certificates")

    def ready(self):
        # Courses announces new certified trainers; certificates issues their certificate.
        # Courses does not import certificates (the dependency points this way only).
        try:
            from courses.hooks import trainer_certified
        except ImportError:  # courses without its hooks module: no trainer certificates
            return
        from certificates.tasks import on_trainer_certified

        trainer_certified.connect(on_trainer_certified, dispatch_uid="certificates.trainer")
