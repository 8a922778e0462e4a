"""Bulk-issue certificates for a batch, an event or a course, showing progress."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from certificates.kinds import COURSE, Kind, kinds_for
from certificates.models import BulkIssueJob, EventCertificate
from certificates.selectors import event_certificate_kind
from certificates.services import CertificateError, bulk_issue_run
from courses.models import CoursePage
from workshops.models import Batch, EventPage


class Command(BaseCommand):
    help = (
        "Issue a certificate to every eligible participant of a batch, an event or a course "
        "(safe to run again: those who hold one are skipped)."
    )

    def add_arguments(self, parser):
        subject = parser.add_mutually_exclusive_group(required=True)
        subject.add_argument("--batch", type=int, help="batch id")
        subject.add_argument("--event", help="event page slug")
        subject.add_argument("--course", type=int, help="course page id (trainer certificates)")
        parser.add_argument(
            "--kind",
            choices=Kind.values,
            help="certificate kind (default: the event's certificate; a course's own kind)",
        )

    def handle(self, *args, batch=None, event=None, course=None, kind=None, **options):
        subject = self._subject(batch, event, course)
        kind = kind or self._default_kind(subject)
        with transaction.atomic():
            job = BulkIssueJob.objects.create(kind=kind, **subject)
        self.stdout.write(f"{job}:")
        try:
            bulk_issue_run(job=job, progress=self._progress)
        except CertificateError as error:
            raise CommandError(error.message) from error
        self.stdout.write("")
        for item in job.not_eligible:
            self.stdout.write(f"  not eligible: {item['name']}: {'; '.join(item['reasons'])}")
        if job.error:
            self.stderr.write(job.error)
        self.stdout.write(
            self.style.SUCCESS(
                f"{job.issued} issued, {job.skipped} already held, {job.failed} failed, "
                f"{len(job.not_eligible)} not eligible."
            )
        )

    def _subject(self, batch, event, course) -> dict:
        try:
            if batch is not None:
                return {"batch": Batch.objects.select_related("event").get(pk=batch)}
            if event is not None:
                return {
                    "event": EventPage.objects.get(
                        slug=event, locale__language_code=settings.LANGUAGE_CODE
                    )
                }
        except (Batch.DoesNotExist, EventPage.DoesNotExist) as error:
            raise CommandError(f"not found: {batch or event}") from error
        page = CoursePage.objects.filter(pk=course).first()
        if page is None:
            raise CommandError(f"no course page with id {course}")
        return {"course": page}

    def _default_kind(self, subject) -> str:
        if "course" in subject:
            course_kinds = kinds_for(COURSE)
            if len(course_kinds) != 1:
                raise CommandError("courses give several kinds of certificate; pass --kind")
            return course_kinds[0].value
        event = subject.get("event") or subject["batch"].event
        kind = event_certificate_kind(event)
        if kind == EventCertificate.NONE:
            raise CommandError(f"{event.title} gives no certificate; pass --kind")
        return kind

    def _progress(self, job) -> None:
        self.stdout.write(
            f"\r  {job.done_count}/{job.total}  issued {job.issued}, skipped {job.skipped}, "
            f"failed {job.failed}",
            ending="",
        )
        self.stdout.flush()
