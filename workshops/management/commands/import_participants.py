"""python manage.py import_participants FILE [--event SLUG] [--batch NUMBER] [--dry-run]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from workshops.importing import participants_import
from workshops.models import EventPage
from workshops.services import WorkshopError


class Command(BaseCommand):
    help = (
        "Import a nomination list (.xlsx or .csv): participants are matched by e-mail, "
        "employee ID or mobile and updated, new ones added; with --event they are nominated "
        "to a batch. Any error: nothing is written and the command exits with status 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .xlsx or .csv file")
        parser.add_argument("--event", metavar="SLUG", help="nominate everyone to this event")
        parser.add_argument("--batch", type=int, metavar="NUMBER", help="the batch number")
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        event = None
        if options["event"]:
            event = EventPage.objects.filter(slug=options["event"]).first()
            if event is None:
                raise CommandError(f"No event with the slug '{options['event']}'.")
        try:
            result = participants_import(
                data=path.read_bytes(),
                filename=path.name,
                event=event,
                batch_number=options["batch"],
                dry_run=options["dry_run"],
            )
        except WorkshopError as error:
            raise CommandError(str(error)) from None
        for note in result.notes:
            self.stdout.write(f"Note: {note}")
        for error in result.errors:
            self.stderr.write(str(error))
        self.stdout.write(self._summary(result, options["dry_run"]))
        if result.errors:
            raise CommandError(
                f"{len(result.errors)} errors in {len(result.error_rows())} rows; "
                "nothing was written."
            )

    def _summary(self, result, dry_run) -> str:
        verb = "Would add" if dry_run else "Added"
        text = f"{verb} {result.to_create} participants, updated {result.to_update}"
        if dry_run:
            text = f"{verb} {result.to_create} participants and update {result.to_update}"
        if result.nominations or result.already_nominated:
            text += (
                f"; {result.nominations} nominations ({result.already_nominated} already nominated)"
            )
        return text + ("." if result.ok else " (not written).")
