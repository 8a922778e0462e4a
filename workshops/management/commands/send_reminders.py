"""Send tomorrow's reminders: `python manage.py send_reminders [--day YYYY-MM-DD]`.

Safe to run twice (or from two cron jobs): each reminder is recorded under a unique
constraint before it is sent, so nobody is reminded twice of the same day.
"""

import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from workshops.services import reminders_send


class Command(BaseCommand):
    help = "E-mail participants and trainers whose sessions are tomorrow (Asia/Dhaka)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--day",
            type=dt.date.fromisoformat,
            help="The day to remind of (default: tomorrow).",
        )

    def handle(self, *args, day=None, **options):
        day = day or timezone.localdate() + dt.timedelta(days=1)
        sent = reminders_send(day=day)
        self.stdout.write(f"{len(sent)} reminder(s) for {day:%Y-%m-%d}")
