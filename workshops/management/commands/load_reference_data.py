from django.core.management.base import BaseCommand

from workshops.models import Organisation, Rank
from workshops.reference import fill_bangla_names, load_reference_data


class Command(BaseCommand):
    help = (
        "Add the shipped ranks and organisations that are missing, and their Bangla names where "
        "blank (never overwrites renames)."
    )

    def handle(self, *args, **options):
        ranks, organisations = load_reference_data(Rank, Organisation)
        filled = fill_bangla_names(Rank, Organisation)
        self.stdout.write(
            f"Added {ranks} ranks and {organisations} organisations; filled {filled} Bangla names."
        )
