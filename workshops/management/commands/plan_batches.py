"""python manage.py plan_batches --event SLUG --batches 8 --capacity 25 [--apply]"""

from django.core.management.base import BaseCommand, CommandError

from workshops.models import EventPage
from workshops.services import WorkshopError, event_plan_apply, event_plan_preview


class Command(BaseCommand):
    help = (
        "Split an event's nominees into batches over the event's dates, mixing organisations "
        "and ranks. Shows the plan; --apply creates/updates the batches and moves nominations."
    )

    def add_arguments(self, parser):
        parser.add_argument("--event", required=True, metavar="SLUG")
        parser.add_argument("--batches", required=True, type=int)
        parser.add_argument("--capacity", required=True, type=int)
        parser.add_argument("--apply", action="store_true", help="write the plan")

    def handle(self, *args, **options):
        event = EventPage.objects.filter(slug=options["event"]).first()
        if event is None:
            raise CommandError(f"No event with the slug '{options['event']}'.")
        try:
            plan = event_plan_preview(
                event=event, batches=options["batches"], capacity=options["capacity"]
            )
            self._table(plan)
            if options["apply"]:
                moved = event_plan_apply(
                    event=event, batches=options["batches"], capacity=options["capacity"]
                )
                self.stdout.write(f"Applied: {len(plan)} batches, {moved} nominations moved.")
            else:
                self.stdout.write("Preview only; run again with --apply to write it.")
        except WorkshopError as error:
            raise CommandError(str(error)) from None

    def _table(self, plan) -> None:
        self.stdout.write(f"{'Batch':>5}  {'Dates':<23}  {'Seats':>7}  {'Orgs':>4}  Ranks")
        for batch in plan:
            ranks = ", ".join(f"{rank or '-'} {count}" for rank, count in batch.rank_summary())
            self.stdout.write(
                f"{batch.number:>5}  {batch.start_date} – {batch.end_date}  "
                f"{batch.size:>3}/{batch.capacity:<3}  {len(batch.organisation_counts()):>4}  "
                f"{ranks}"
            )
