"""Issuing, revoking and reissuing certificates, and bulk issue.

Issuing takes two short transactions so that PDF rendering never holds the serial lock:

1. reserve: lock the (year, kind) SerialCounter row, take the next number and insert the
   certificate as PENDING with its snapshot, serial and code. The partial unique index
   "one live certificate per participant, kind and subject" (pending or valid) turns a
   concurrent or repeated issue into an IntegrityError; the transaction then rolls back
   the counter too, so serials have neither gaps nor duplicates.
2. complete: lock the pending row (skip it when another worker holds it), render the PDF,
   sign it (PAdES, lms.signing), store it with the SHA-256 of the signed bytes, add its
   Open Badges credential (certificates.credentials) and make the certificate VALID.

Revoking and reissuing set the certificate's bit in the published credential status list
(status_list_refresh), so that verifiers of its credential see it revoked.

A worker killed between the two leaves a pending certificate that nobody sees (the public
pages and downloads ignore pending ones); the next issue for that person resumes it.
"""

import base64
import hashlib
import os
import secrets
import socket
import time
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certificates import credentials, kinds, rendering
from certificates.models import (
    BulkIssueJob,
    Certificate,
    CertificateEvent,
    CertificateTemplate,
    CredentialStatusList,
    EventCertificate,
    SerialCounter,
)
from courses.models import CoursePage
from lms import signing
from lms.formatting import is_bangla, to_bangla_digits
from lms.history import acting_user
from lms.private_files import private_storage
from lms.translation import page_is_original, translation_title
from workshops.models import Batch, EventPage, Participant


class CertificateError(Exception):
    """A certificate rule was not met; `message` is the user-facing text."""

    messages = {
        "no_template": _("There is no default %(kind)s certificate template. Add one first."),
        "wrong_subject": _("A certificate is for an event, a batch or a course."),
        "not_valid": _("Only a valid certificate can be %(action)s; this one is %(status)s."),
        "reason_required": _("Say why: the reason is kept in the certificate's history."),
        "busy": _("Another worker is issuing this certificate right now."),
        "render_failed": _("The PDF could not be made: %(error)s"),
        "sign_failed": _("The PDF could not be signed: %(error)s"),
        "credential_failed": _("The Open Badges credential could not be made: %(error)s"),
        "already_issued": _("%(name)s already holds certificate %(serial)s."),
        "unknown_kind": _("There is no kind of certificate called “%(kind)s”."),
        "translation": _(
            "“%(title)s” is a translation. Certificates are issued for the event or course "
            "in its original language: choose that one."
        ),
        "job_held": _(
            "A worker is issuing these certificates right now (its lease runs until "
            "%(until)s). Run it again only if it stops."
        ),
    }

    def __init__(self, code: str, **params):
        self.code = code
        self.params = params
        self.message = str(self.messages[code]) % params if params else str(self.messages[code])
        super().__init__(self.message)


class AlreadyIssued(CertificateError):
    """The participant already holds a valid certificate of this kind for this subject."""

    def __init__(self, certificate: Certificate):
        self.certificate = certificate
        super().__init__("already_issued", name=certificate.name, serial=certificate.serial)


@dataclass(frozen=True)
class Subject:
    """What a certificate is for: an event (with the batch attended) or a course."""

    event: EventPage | None = None
    batch: Batch | None = None
    course: CoursePage | None = None

    @classmethod
    def of(cls, subject, batch: Batch | None = None) -> "Subject":
        if isinstance(subject, Subject):
            return subject
        if isinstance(subject, Batch):
            return cls(event=subject.event, batch=subject)
        if isinstance(subject, EventPage):
            subject_check_original(event=subject, batch=batch)
            return cls(event=subject, batch=batch)
        if subject is None:
            raise CertificateError("wrong_subject")
        subject_check_original(course=subject)
        return cls(course=subject)

    def live_filter(self) -> dict:
        if self.event is not None:
            return {"event": self.event}
        return {"course": self.course}

    @cached_property
    def printed(self) -> dict:
        """What the certificate prints about its subject (read once per Subject: bulk issue
        shares one Subject per batch). The title also in Bangla, from the subject page's
        Bangla translation when it has one."""
        page = self.event or self.course
        titles = {"subject_title": page.title, "subject_title_bn": translation_title(page, "bn")}
        if self.event is None:
            return titles
        event, batch = self.event, self.batch
        many_batches = batch is not None and event.batches.count() > 1
        return titles | {
            "batch_label": str(batch.number) if many_batches else "",
            "start_date": batch.start_date if batch else event.start_date,
            "end_date": batch.end_date if batch else event.end_date,
            "venue": (batch.venue if batch else "") or event.venue,
            "hours": _hours(batch),
        }


def subject_check_original(*, event=None, batch=None, course=None) -> None:
    """Certificates belong to the original (default-language) event or course page, where
    batches and enrolments are kept. Raises CertificateError("translation") for a
    translation: a certificate hung on it would be missing from the event's lists."""
    for page in (event, batch.event if batch is not None else None, course):
        if page is not None and not page_is_original(page):
            raise CertificateError("translation", title=page.title)


# --- serials and codes -------------------------------------------------------------------


def new_code() -> str:
    """24 base32 characters from 15 random bytes (120 bits): unguessable and easy to type."""
    return base64.b32encode(secrets.token_bytes(15)).decode()


def normalise_code(text: str) -> str:
    """A typed or scanned code in canonical form: upper case, no dashes or spaces."""
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    return cleaned.translate(str.maketrans({"0": "O", "1": "I", "8": "B"}))


def serial_allocate(*, kind: str, year: int) -> str:
    """Take the next serial of a kind and year, e.g. GPMS-2015-ATT-000123.

    Must run inside the issuing transaction: the counter row stays locked until it ends, and
    a rollback gives the number back, so serials have no gaps and no duplicates.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("serial_allocate must run inside transaction.atomic()")
    counter, _created = SerialCounter.objects.select_for_update().get_or_create(
        year=year, kind=kind
    )
    counter.last += 1  # safe: the row is locked (SQLite: the write transaction is)
    counter.save(update_fields=["last"])
    return f"GPMS-{year}-{kinds.kind_get(kind).serial_prefix}-{counter.last:06d}"


# --- snapshot ----------------------------------------------------------------------------


def _hours(batch: Batch | None) -> Decimal | None:
    if batch is None:
        return None
    total = timedelta()
    for starts_at, ends_at in batch.sessions.values_list("starts_at", "ends_at"):
        total += ends_at - starts_at
    if not total:
        return None
    hours = Decimal(total.total_seconds()) / 3600
    return hours.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def snapshot(participant: Participant, subject: Subject) -> dict:
    """The fields a certificate prints, read now and frozen on the certificate."""
    organisation = participant.organisation
    return {
        "name": participant.name,
        "name_bn": participant.name_bn,
        "designation": participant.designation,
        "organisation": organisation.name if organisation else "",
        "organisation_bn": organisation.name_bn if organisation else "",
    } | subject.printed


def template_default(kind: str) -> CertificateTemplate:
    template = CertificateTemplate.objects.filter(kind=kind, is_default=True).first()
    if template is None:
        raise CertificateError("no_template", kind=str(kinds.kind_get(kind).label).lower())
    return template


# --- issue -------------------------------------------------------------------------------


def _live(participant: Participant, kind: str, subject: Subject) -> Certificate | None:
    return (
        Certificate.objects.filter(
            participant=participant,
            kind=kind,
            status__in=[Certificate.Status.PENDING, Certificate.Status.VALID],
            **subject.live_filter(),
        )
        .select_related("template")
        .first()
    )


def _insert_pending(*, kind, participant, subject, template, issued_on, by) -> Certificate:
    """Inside a transaction: take a serial and insert the pending certificate."""
    return Certificate.objects.create(
        kind=kind,
        participant=participant,
        event=subject.event,
        batch=subject.batch,
        course=subject.course,
        template=template,
        issued_on=issued_on,
        serial=serial_allocate(kind=kind, year=issued_on.year),
        code=new_code(),
        issued_by=by,
        status=Certificate.Status.PENDING,
        **snapshot(participant, subject),
    )


def _reserve(*, kind, participant, subject, template, issued_on, by) -> Certificate:
    """A new pending certificate for this person, kind and subject, or the live one that
    exists already (the partial unique index decides; callers look it up first to save the
    serial lock in the common case)."""
    try:
        with transaction.atomic():
            return _insert_pending(
                kind=kind,
                participant=participant,
                subject=subject,
                template=template,
                issued_on=issued_on,
                by=by,
            )
    except IntegrityError:
        # Another worker inserted it first (the partial unique index said so).
        existing = _live(participant, kind, subject)
        if existing is None:
            raise
        return existing


def _store_pdf(certificate: Certificate, pdf: bytes) -> str:
    """Write the PDF to the private storage under a new random name (lms.private_files)."""
    name = certificate.pdf.field.generate_filename(certificate, "certificate.pdf")
    return private_storage().save(name, ContentFile(pdf))


def _render(certificate: Certificate) -> bytes:
    try:
        return rendering.certificate_pdf(certificate)
    except rendering.RenderError as error:
        raise CertificateError("render_failed", error=error) from error


def _sign(certificate: Certificate, pdf: bytes) -> bytes:
    try:
        return signing.pdf_sign(
            data=pdf,
            reason=f"Certificate {certificate.serial} issued",
            location=rendering.absolute_url(certificate.get_verify_url()),
        )
    except signing.SigningError as error:
        raise CertificateError("sign_failed", error=error.message) from error


def _credential(certificate: Certificate) -> dict:
    """The signed Open Badges credential of a certificate being issued."""
    base_url = rendering.public_base_url()
    kind = kinds.kind_get(certificate.kind)
    facts = credentials.Facts(
        kind=certificate.kind,
        kind_label=kind.title_en,
        achievement_type=kind.achievement_type,
        name=certificate.name,
        name_bn=certificate.name_bn,
        subject_key=(
            f"{certificate.kind}:event:{certificate.event_id}"
            if certificate.event_id
            else f"{certificate.kind}:course:{certificate.course_id}"
        ),
        subject_title=certificate.subject_title,
        batch_label=certificate.batch_label,
        start_date=certificate.start_date,
        end_date=certificate.end_date,
        venue=certificate.venue,
        hours=rendering.hours_text(certificate.hours, "en"),
        issued_on=certificate.issued_on,
        criteria=kind.criteria(certificate),
        status_index=certificate.status_index,
    )
    try:
        key = credentials.credential_key(base_url)
        issuer = credentials.issuer_profile(
            key, name=settings.CREDENTIALS_ISSUER_NAME, base_url=base_url
        )
        unsigned = credentials.badge_credential(facts, issuer=issuer, base_url=base_url)
        return credentials.proof_sign(unsigned, key=key, created=timezone.now())
    except credentials.CredentialError as error:
        raise CertificateError("credential_failed", error=error) from error


def _finish(certificate: Certificate, *, action: str, by, reason: str = "") -> Certificate:
    """Inside a transaction: render, sign, store and make a locked pending certificate
    valid, with its credential. The SHA-256 is that of the signed PDF, as downloaded."""
    pdf = _sign(certificate, _render(certificate))
    certificate.status_index = credentials.status_position(certificate.pk)
    certificate.credential = _credential(certificate)
    stored = _store_pdf(certificate, pdf)
    try:
        certificate.pdf.name = stored
        certificate.sha256 = hashlib.sha256(pdf).hexdigest()
        certificate.status = Certificate.Status.VALID
        certificate.status_changed_at = timezone.now()
        certificate.save(
            update_fields=[
                "pdf",
                "sha256",
                "status",
                "status_changed_at",
                "status_index",
                "credential",
            ]
        )
        CertificateEvent.objects.create(
            certificate=certificate, action=action, changed_by=acting_user(by), reason=reason
        )
    except Exception:
        private_storage().delete(stored)
        raise
    transaction.on_commit(lambda: _notify(certificate.pk))
    return certificate


def _notify(certificate_id: int) -> None:
    from certificates.tasks import certificate_send_ready

    certificate_send_ready.enqueue(certificate_id)


def _complete(certificate: Certificate, *, by, job: BulkIssueJob | None = None) -> Certificate:
    """Lock a pending certificate and finish it; another worker holding it means 'busy'.
    The bulk issue `job` counts it in the same transaction."""
    with transaction.atomic():
        status = (
            Certificate.objects.select_for_update(skip_locked=True)
            .filter(pk=certificate.pk)
            .values_list("status", flat=True)
            .first()
        )
        if status is None:
            raise CertificateError("busy")
        if status != Certificate.Status.PENDING:
            raise AlreadyIssued(Certificate.objects.get(pk=certificate.pk))
        finished = _finish(certificate, action=CertificateEvent.Action.ISSUED, by=by)
        if job is not None:
            BulkIssueJob.objects.filter(pk=job.pk).update(issued=F("issued") + 1)
        return finished


def certificate_issue(
    *,
    kind: str,
    participant: Participant,
    subject,
    batch: Batch | None = None,
    by=None,
    issued_on: date | None = None,
    template: CertificateTemplate | None = None,
    job: BulkIssueJob | None = None,
) -> Certificate:
    """Issue a `kind` certificate to a participant for an event, a batch or a course.

    `subject` is an EventPage, a Batch (its event is the subject, the batch is recorded) or
    a course page. Uses the kind's default template unless one is given. Does not check
    eligibility (bulk issue and the courses hook do). A bulk issue passes itself as `job`:
    its `issued` counter is raised in the transaction that makes the certificate valid, so
    no run, repeated or concurrent, counts a certificate twice or loses one. Raises
    AlreadyIssued when a valid
    certificate exists, CertificateError("busy") when another worker is finishing it, and
    CertificateError for a missing template or a failed rendering (the certificate then
    stays pending and the next call resumes it).
    """
    # No look-up first: the insert itself asks the partial unique index, which is the only
    # answer that holds under concurrency (an IntegrityError means "already there").
    certificate = _reserve(
        kind=kind,
        participant=participant,
        subject=Subject.of(subject, batch),
        template=template or template_default(kind),
        issued_on=issued_on or timezone.localdate(),
        by=by,
    )
    if certificate.status == Certificate.Status.VALID:
        raise AlreadyIssued(certificate)
    return _complete(certificate, by=by, job=job)


# --- revoke and reissue ------------------------------------------------------------------


def _lock_valid(certificate: Certificate, action: str) -> Certificate:
    locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if locked.status != Certificate.Status.VALID:
        raise CertificateError("not_valid", action=action, status=locked.get_status_display())
    return locked


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, by, reason: str) -> Certificate:
    """Revoke a valid certificate with a reason; it is kept and verification says revoked.

    Raises CertificateError when no reason is given or the certificate is not valid.
    """
    if not reason.strip():
        raise CertificateError("reason_required")
    locked = _lock_valid(certificate, str(_("revoked")))
    locked.status = Certificate.Status.REVOKED
    locked.status_reason = reason.strip()
    locked.status_changed_at = timezone.now()
    locked.status_changed_by = by
    locked.save(update_fields=["status", "status_reason", "status_changed_at", "status_changed_by"])
    CertificateEvent.objects.create(
        certificate=locked,
        action=CertificateEvent.Action.REVOKED,
        changed_by=acting_user(by),
        reason=locked.status_reason,
    )
    _status_changed(locked)
    return locked


def _participant_correct(participant: Participant, name: str | None, name_bn: str | None):
    changed = []
    if name and name.strip() != participant.name:
        participant.name = name.strip()
        changed.append("name")
    if name_bn is not None and name_bn.strip() != participant.name_bn:
        participant.name_bn = name_bn.strip()
        changed.append("name_bn")
    if changed:
        participant.save(update_fields=[*changed, "updated_at"])


@transaction.atomic
def certificate_reissue(
    *, certificate: Certificate, by, reason: str, name: str | None = None, name_bn=None
) -> Certificate:
    """Replace a valid certificate by a new one (new serial, code and PDF), e.g. after a
    name correction; the old one becomes superseded and still resolves on verification.

    `name`/`name_bn`, when given, correct the participant's record first. Everything happens
    in one transaction (rendering included): a failure leaves the old certificate valid.
    Raises CertificateError when no reason is given or the certificate is not valid.
    """
    if not reason.strip():
        raise CertificateError("reason_required")
    old = _lock_valid(certificate, str(_("reissued")))
    _participant_correct(old.participant, name, name_bn)
    old.status = Certificate.Status.SUPERSEDED
    old.status_reason = reason.strip()
    old.status_changed_at = timezone.now()
    old.status_changed_by = by
    old.save(update_fields=["status", "status_reason", "status_changed_at", "status_changed_by"])
    subject = Subject(event=old.event, batch=old.batch, course=old.course)
    new = _insert_pending(
        kind=old.kind,
        participant=old.participant,
        subject=subject,
        template=template_default(old.kind),
        issued_on=timezone.localdate(),
        by=by,
    )
    _finish(new, action=CertificateEvent.Action.REISSUED, by=by, reason=old.status_reason)
    old.superseded_by = new
    old.save(update_fields=["superseded_by"])
    CertificateEvent.objects.create(
        certificate=old,
        action=CertificateEvent.Action.SUPERSEDED,
        changed_by=acting_user(by),
        reason=old.status_reason,
    )
    _status_changed(old)
    return new


# --- credential status lists -------------------------------------------------------------


def _status_changed(certificate: Certificate) -> None:
    if certificate.status_index is not None:
        status_list_refresh(number=certificate.status_index // credentials.STATUS_LIST_SIZE + 1)


def _lock_status_list(number: int) -> CredentialStatusList:
    try:
        with transaction.atomic():
            return CredentialStatusList.objects.select_for_update().get_or_create(number=number)[0]
    except IntegrityError:  # another transaction created it first; now it exists
        return CredentialStatusList.objects.select_for_update().get(number=number)


@transaction.atomic
def status_list_refresh(*, number: int) -> CredentialStatusList:
    """Rebuild and sign status list `number` from the certificates' statuses now.

    Revoked and superseded certificates have their bit set. The list row is locked, so two
    revocations at once publish a list holding both. Raises CertificateError when the
    credential key cannot be read.
    """
    status_list = _lock_status_list(number)
    first = (number - 1) * credentials.STATUS_LIST_SIZE
    revoked = Certificate.objects.filter(
        status__in=[Certificate.Status.REVOKED, Certificate.Status.SUPERSEDED],
        status_index__gte=first,
        status_index__lt=first + credentials.STATUS_LIST_SIZE,
    ).values_list("status_index", flat=True)
    base_url = rendering.public_base_url()
    now = timezone.now()
    try:
        key = credentials.credential_key(base_url)
        unsigned = credentials.status_list_credential(
            base_url=base_url,
            number=number,
            revoked_positions=[index - first for index in revoked],
            issuer_did=key.did,
            valid_from=now,
        )
        status_list.credential = credentials.proof_sign(unsigned, key=key, created=now)
    except credentials.CredentialError as error:
        raise CertificateError("credential_failed", error=error) from error
    status_list.save(update_fields=["credential", "updated_at"])
    return status_list


def status_list_published(*, number: int) -> dict | None:
    """The signed status list `number` as published; made on first request. None when no
    certificate has an entry in that list."""
    stored = CredentialStatusList.objects.filter(number=number).values_list("credential", flat=True)
    if stored and stored[0]:
        return stored[0]
    first = (number - 1) * credentials.STATUS_LIST_SIZE
    if (
        number < 1
        or not Certificate.objects.filter(
            status_index__gte=first, status_index__lt=first + credentials.STATUS_LIST_SIZE
        ).exists()
    ):
        return None
    return status_list_refresh(number=number).credential


# --- bulk issue --------------------------------------------------------------------------


def bulk_issue_plan(*, kind: str, event=None, batch=None, course=None):
    """Who would receive a `kind` certificate for the subject, and who not and why (the
    kind's eligibility rule, certificates.kinds).

    Raises CertificateError when the kind does not fit the subject (a trainer certificate
    for an event, an attendance certificate for a course) or a translated page.
    """
    subject_check_original(event=event, batch=batch, course=course)
    try:
        return kinds.kind_eligibility(kind=kind, event=event, batch=batch, course=course)
    except ValueError as error:
        raise CertificateError("wrong_subject") from error


def bulk_issue_start(*, kind: str, by, event=None, batch=None, course=None) -> BulkIssueJob:
    """Record a bulk issue and queue its task and its watch (after commit). Checks the rule
    applies."""
    bulk_issue_plan(kind=kind, event=event, batch=batch, course=course)
    job = BulkIssueJob.objects.create(
        kind=kind, event=event, batch=batch, course=course, created_by=by
    )
    transaction.on_commit(lambda: _enqueue_job(job.pk))
    return job


def bulk_issue_resume(*, job: BulkIssueJob) -> BulkIssueJob:
    """Queue a job again ("Run again": after a failure or a fix); it skips what is issued.

    Refused with CertificateError("job_held") while a live worker holds the job's lease: two
    runs would only race for the same certificates.
    """
    now = timezone.now()
    queued = (
        BulkIssueJob.objects.filter(pk=job.pk)
        .exclude(lease_expires_at__gt=now)
        .update(status=BulkIssueJob.Status.QUEUED, lease_owner="", lease_expires_at=None)
    )
    job.refresh_from_db()
    if not queued:
        until = timezone.localtime(job.lease_expires_at).strftime("%H:%M:%S")
        raise CertificateError(
            "job_held", until=to_bangla_digits(until) if is_bangla(None) else until
        )
    transaction.on_commit(lambda: _enqueue_job(job.pk))
    return job


def _enqueue_job(job_id: int) -> None:
    from certificates.tasks import bulk_issue

    bulk_issue.enqueue(job_id)
    _watch_later(job_id, at=timezone.now() + _lease_duration())


def _watch_later(job_id: int, *, at) -> None:
    """Queue a look at the job for `at` (bulk_issue_watch). Backends that run tasks at once
    (the tests' immediate backend) cannot wait; there the job has already run."""
    from certificates.tasks import bulk_issue_watch

    if bulk_issue_watch.get_backend().supports_defer:
        bulk_issue_watch.using(run_after=at + WATCH_SLACK).enqueue(job_id)


def bulk_issue_watch(*, job: BulkIssueJob) -> str:
    """Look after a job whose worker may have died, and take it over if it did.

    A finished job needs nothing. While a worker holds a live lease, look again when the
    lease would run out (the worker renews it as it goes). A job whose lease ran out (its
    worker was killed, or never started it) is run here, by whichever worker runs this task,
    after queueing the next look, since this worker may die too. Returns what was done.
    """
    job.refresh_from_db()
    if job.status in (BulkIssueJob.Status.DONE, BulkIssueJob.Status.FAILED):
        return "finished"
    now = timezone.now()
    if job.lease_expires_at is not None and job.lease_expires_at > now:
        _watch_later(job.pk, at=job.lease_expires_at)
        return "held"
    _watch_later(job.pk, at=now + _lease_duration())
    bulk_issue_run(job=job)
    return "taken over"


def _lease_duration() -> timedelta:
    return timedelta(seconds=settings.CERTIFICATES_JOB_LEASE_SECONDS)


PROGRESS_EVERY_SECONDS = 0.5
WATCH_SLACK = timedelta(seconds=1)


def _lease_owner() -> str:
    """Who holds a lease: host, process and a random part (a pid can be reused)."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


def _claim(job: BulkIssueJob, owner: str) -> bool:
    """Take the job's lease for `owner` unless a live worker holds it; one UPDATE decides.

    A queued job, or a running one whose lease ran out (its worker died), is taken."""
    now = timezone.now()
    taken = (
        BulkIssueJob.objects.filter(
            pk=job.pk, status__in=[BulkIssueJob.Status.QUEUED, BulkIssueJob.Status.RUNNING]
        )
        .filter(Q(lease_expires_at__isnull=True) | Q(lease_expires_at__lte=now))
        .update(
            status=BulkIssueJob.Status.RUNNING,
            lease_owner=owner,
            lease_expires_at=now + _lease_duration(),
            runs=F("runs") + 1,
            started_at=Coalesce("started_at", Value(now)),
            failed=0,
            error="",
        )
    )
    job.refresh_from_db()
    return taken == 1


class _LeaseLost(Exception):
    """Another worker took the job over (this one was too slow to renew its lease)."""


def _heartbeat(job: BulkIssueJob, owner: str, eligible: set[int], *, finished=False) -> None:
    """Renew the lease and publish the counters; raises _LeaseLost when another worker took
    the job over.

    `issued` is raised with each certificate this job makes valid, in that certificate's
    transaction (certificate_issue(job=...)), and never written here, so runs one after the
    other or at once cannot overwrite it. `failed` counts this run's failures. `skipped` is
    read from the certificates while running (eligible people holding a valid certificate
    this job did not issue); once the run has tried everyone, it is the rest (held before,
    or being finished by another worker at that moment).
    """
    job.issued = BulkIssueJob.objects.filter(pk=job.pk).values_list("issued", flat=True).get()
    now = timezone.now()
    if finished:
        job.skipped = max(len(eligible) - job.issued - job.failed, 0)
        job.status, job.finished_at = BulkIssueJob.Status.DONE, now
        fields = {"status": job.status, "finished_at": now, "lease_owner": ""}
        fields["lease_expires_at"] = None
    else:
        job.skipped = max(len(_valid_holders(job) & eligible) - job.issued, 0)
        fields = {"lease_expires_at": now + _lease_duration()}
    if not BulkIssueJob.objects.filter(pk=job.pk, lease_owner=owner).update(
        skipped=job.skipped, failed=job.failed, error=job.error, **fields
    ):
        raise _LeaseLost


def _valid_holders(job: BulkIssueJob) -> set[int]:
    """Participants holding a valid certificate of the job's kind for its subject."""
    if job.course_id:
        subject = {"course_id": job.course_id}
    else:
        subject = {"event_id": job.batch.event_id if job.batch_id else job.event_id}
    return set(
        Certificate.objects.filter(
            kind=job.kind, status=Certificate.Status.VALID, **subject
        ).values_list("participant_id", flat=True)
    )


def _start(job: BulkIssueJob, plan) -> list:
    """The eligible items of the plan; records how many and who is not eligible and why."""
    eligible = [item for item in plan if item.eligible]
    job.total = len(eligible)
    job.not_eligible = [
        {
            "participant": item.participant.pk,
            "name": item.participant.name,
            "batch": item.batch.number if item.batch else None,
            "reasons": [str(reason) for reason in item.reasons],
        }
        for item in plan
        if not item.eligible
    ]
    BulkIssueJob.objects.filter(pk=job.pk).update(total=job.total, not_eligible=job.not_eligible)
    return eligible


def _issue_one(job: BulkIssueJob, item, subject: Subject, template) -> str:
    try:
        certificate_issue(
            kind=job.kind,
            participant=item.participant,
            subject=subject,
            by=job.created_by,
            template=template,
            job=job,
        )
    except AlreadyIssued:
        return "skipped"
    except CertificateError as error:
        if error.code == "busy":
            return "skipped"
        job.error = f"{job.error}{item.participant.name}: {error.message}\n"
        return "failed"
    return "issued"


def bulk_issue_run(*, job: BulkIssueJob, progress=None) -> BulkIssueJob:
    """Issue a certificate to every eligible participant of the job's subject.

    The run first takes the job's lease (``_claim``); while another worker holds a live
    lease it returns at once and leaves the job to it. It renews the lease as it goes; a
    worker that dies stops renewing, and bulk_issue_watch lets another worker take over.
    Each certificate is issued in its own transactions; one already held (by an earlier run
    or another worker) is skipped, so running again, twice at once or after a crash ends
    with each eligible participant holding exactly one valid certificate, and the counters
    come from the certificates (``_heartbeat``). `progress(job)` is called after each
    participant.
    """
    owner = _lease_owner()
    if not _claim(job, owner):
        return job
    try:
        plan = bulk_issue_plan(kind=job.kind, event=job.event, batch=job.batch, course=job.course)
        template = template_default(job.kind) if any(item.eligible for item in plan) else None
    except CertificateError as error:
        BulkIssueJob.objects.filter(pk=job.pk, lease_owner=owner).update(
            status=BulkIssueJob.Status.FAILED,
            error=error.message,
            lease_owner="",
            lease_expires_at=None,
        )
        job.status, job.error = BulkIssueJob.Status.FAILED, error.message
        raise
    try:
        _run_items(job, owner, _start(job, plan), template, progress)
    except _LeaseLost:
        job.refresh_from_db()
    return job


def _run_items(job: BulkIssueJob, owner: str, eligible: list, template, progress) -> None:
    subjects: dict[int | None, Subject] = {}  # one per batch: its printed facts read once
    eligible_ids = {item.participant.pk for item in eligible}
    beaten_at = time.monotonic()
    for item in eligible:
        if time.monotonic() - beaten_at >= PROGRESS_EVERY_SECONDS:
            _heartbeat(job, owner, eligible_ids)  # before more work: stops a worker taken over
            beaten_at = time.monotonic()
        key = item.batch.pk if item.batch else None
        if key not in subjects:
            subjects[key] = Subject.of(item.batch or job.event or job.course)
        outcome = _issue_one(job, item, subjects[key], template)
        setattr(job, outcome, getattr(job, outcome) + 1)  # for `progress`; the heartbeat recounts
        if progress:
            progress(job)
    _heartbeat(job, owner, eligible_ids, finished=True)


# --- which certificate an event gives ----------------------------------------------------


def event_certificate_set(*, event: EventPage, kind: str, by=None) -> EventPage:
    """Set which certificate an event gives ("" for none), as an organiser does in the
    event's editor: a new revision of the page, published, so that the editor, the page and
    its future translations agree. Raises CertificateError for an unknown kind or a
    translated event (its original gives the certificate)."""
    subject_check_original(event=event)
    if kind != EventCertificate.NONE and kind not in kinds.Kind.values:
        raise CertificateError("unknown_kind", kind=kind)
    given = event.certificate_given.first() or EventCertificate()
    given.kind = kind
    event.certificate_given = [given]
    event.save_revision(user=by).publish(user=by)
    return event


# --- template preview --------------------------------------------------------------------

SAMPLE = {
    "name": "Md. Rafiqul Islam",
    "name_bn": "মোহাম্মদ রফিকুল ইসলাম",
    "designation": "Deputy Secretary",
    "organisation": "Cabinet Division",
    "organisation_bn": "মন্ত্রিপরিষদ বিভাগ",
    "subject_title": "Training of mid-level APA officers",
    "subject_title_bn": "মধ্যম পর্যায়ের এপিএ কর্মকর্তাদের প্রশিক্ষণ",
    "batch_label": "3",
    "start_date": date(2015, 1, 14),
    "end_date": date(2015, 1, 15),
    "venue": "BIAM Foundation, Dhaka",
    "hours": Decimal("14"),
}


def template_preview(
    *, template: CertificateTemplate, lang: str | None = None, name: str | None = None
) -> bytes:
    """A PDF of the template filled with sample data, as the next certificate would look.

    Runs in a transaction that is rolled back: the serial shown is the next real one, yet
    nothing (counter included) is written. `lang` ("en" or "bn") prints one language only.
    """
    if lang:
        template.language = lang  # on this instance only; never saved
    sample = SAMPLE | ({"name": name, "name_bn": name} if name else {})
    with transaction.atomic():
        certificate = Certificate(
            kind=template.kind,
            template=template,
            issued_on=timezone.localdate(),
            serial=serial_allocate(kind=template.kind, year=timezone.localdate().year),
            code=new_code(),
            **sample,
        )
        pdf = _render(certificate)
        transaction.set_rollback(True)
    return pdf
