"""Enrol the confirmed participants of a batch in a course (e.g. its pre-work)."""

from django.core.management.base import BaseCommand, CommandError

from courses.models import CoursePage
from courses.services import course_enrol_batch
from workshops.models import Batch


class Command(BaseCommand):
    help = "Enrol a batch's confirmed participants in a course; safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("course", type=int, help="id of the course page")
        parser.add_argument("batch", type=int, help="id of the batch")

    def handle(self, *args, course: int, batch: int, **options):
        try:
            course_page = CoursePage.objects.live().get(pk=course)
            batch_row = Batch.objects.get(pk=batch)
        except (CoursePage.DoesNotExist, Batch.DoesNotExist) as error:
            raise CommandError(str(error)) from error
        created = course_enrol_batch(course=course_page, batch=batch_row)
        self.stdout.write(f"{len(created)} participants of {batch_row} enrolled in {course_page}.")
