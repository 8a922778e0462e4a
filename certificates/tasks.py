"""Background tasks of certificates: bulk issue and the "your certificate is ready" e-mail."""

from django.db import transaction
from django.tasks import task

from certificates import services
from certificates.emails import certificate_ready_email
from certificates.kinds import Kind
from certificates.models import BulkIssueJob, Certificate, CertificateEvent
from certificates.services import AlreadyIssued, bulk_issue_run, certificate_issue
from courses.models import TrainerCertification


@task(queue_name="certificates")
def bulk_issue(job_id: int) -> dict:
    """Run a bulk issue job; safe to run again (issued certificates are skipped), and a
    no-op while another live worker holds it."""
    job = BulkIssueJob.objects.select_related("event", "batch", "course").get(pk=job_id)
    bulk_issue_run(job=job)
    return {"issued": job.issued, "skipped": job.skipped, "failed": job.failed}


@task(queue_name="certificates")
def bulk_issue_watch(job_id: int) -> str:
    """Look after a bulk issue job: take it over when its worker's lease ran out (queued
    with run_after for when the lease would end; see services.bulk_issue_watch)."""
    job = BulkIssueJob.objects.select_related("event", "batch", "course").get(pk=job_id)
    return services.bulk_issue_watch(job=job)


@task(queue_name="email")
def certificate_send_ready(certificate_id: int) -> bool:
    """E-mail a participant their new certificate (PDF attached) and where to find it, in
    their preferred language.

    Sends nothing for a participant without an e-mail address or a certificate that is no
    longer valid. Returns whether a message was sent.
    """
    certificate = Certificate.objects.select_related("participant").get(pk=certificate_id)
    email = certificate.participant.email
    if not email or certificate.status != Certificate.Status.VALID:
        return False
    message = certificate_ready_email(certificate)
    message.send()
    with transaction.atomic():
        CertificateEvent.objects.create(
            certificate=certificate, action=CertificateEvent.Action.EMAILED, reason=email
        )
    return True


@task(queue_name="certificates")
def trainer_certificate_issue(certification_id: int) -> str:
    """Issue the trainer certificate of a courses TrainerCertification (once)."""
    certification = TrainerCertification.objects.select_related("participant", "course").get(
        pk=certification_id
    )
    try:
        certificate = certificate_issue(
            kind=Kind.TRAINER,
            participant=certification.participant,
            subject=certification.course,
            issued_on=certification.valid_from,
        )
    except AlreadyIssued as held:
        return held.certificate.serial
    return certificate.serial


def on_trainer_certified(sender, certification, **kwargs) -> None:
    """Receiver of courses.hooks.trainer_certified (sent after commit): queue the issue."""
    trainer_certificate_issue.enqueue(certification.pk)
