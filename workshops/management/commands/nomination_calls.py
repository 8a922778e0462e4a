"""Deadline work of nomination calls: `python manage.py nomination_calls`.

Reminds the focal points of organisations that have nominated nobody (from each call's
``remind_days_before``), and after a deadline returns unused quota seats to the organisers
(offering them to the wait-list where the call says so). Safe to run again, or from two
cron jobs: a reminder and a release happen once.
"""

from django.core.management.base import BaseCommand

from workshops.services import calls_release_due, calls_remind


class Command(BaseCommand):
    help = "Send nomination-call reminders and release unused quota after deadlines."

    def handle(self, *args, **options):
        reminded = calls_remind()
        released = calls_release_due()
        self.stdout.write(f"{reminded} organisation(s) reminded, {released} seat(s) released")
