from django.core.management.base import BaseCommand

from workshops.models import Organisation, Rank
from workshops.reference import load_reference_data


class Command(BaseCommand):
    help = "Add the shipped ranks and organisations that are missing (never overwrites renames)."

    def handle(self, *args, **options):
        ranks, organisations = load_reference_data(Rank, Organisation)
        self.stdout.write(f"Added {ranks} ranks and {organisations} organisations.")
