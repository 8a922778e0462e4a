"""python manage.py move_private_files [--dry-run]

Moves personal files that earlier versions saved in public media (certificate PDFs named by
their serial, sign-in sheet scans under their original names, import uploads) into the
private storage under random names. Safe to run again: a second run finds nothing to move.
"""

from django.core.management.base import BaseCommand

from lms.private_files import files_move_to_private


class Command(BaseCommand):
    help = "Move personal files out of public media into the private storage (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count what would be moved."
        )

    def handle(self, *args, dry_run: bool, **options):
        report = files_move_to_private(dry_run=dry_run)
        verb = "would move" if dry_run else "moved"
        self.stdout.write(
            f"{verb} {report.moved} file(s) of records into the private storage; "
            f"{report.already_private} already private; "
            f"{verb} {report.unreferenced} file(s) without a record to private unreferenced/."
        )
        for missing in report.missing:
            self.stderr.write(f"missing file: {missing}")
