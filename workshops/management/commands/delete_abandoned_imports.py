"""python manage.py delete_abandoned_imports [--hours N]

Deletes nomination lists that were uploaded and checked in the admin but neither imported nor
discarded within IMPORT_KEEP_HOURS (default 24): they name people and are kept no longer than
needed. Run it from cron, e.g. every hour (README: "Security").
"""

import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand

from workshops.importing import import_uploads_delete_abandoned


class Command(BaseCommand):
    help = "Delete checked nomination lists that were never imported (private storage)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours",
            type=int,
            default=None,
            help="Delete lists older than this (default: IMPORT_KEEP_HOURS).",
        )

    def handle(self, *args, hours: int | None, **options):
        hours = settings.IMPORT_KEEP_HOURS if hours is None else hours
        deleted = import_uploads_delete_abandoned(older_than=dt.timedelta(hours=hours))
        self.stdout.write(f"Deleted {deleted} checked list(s) older than {hours} hour(s).")
