from django.core.management.base import BaseCommand

from lms.services import groups_ensure


class Command(BaseCommand):
    help = "Create or update the Organisers, Trainers and Trainees groups (safe to run again)."

    def handle(self, *args, **options):
        groups = groups_ensure()
        for name, group in groups.items():
            self.stdout.write(f"{name}: {group.permissions.count()} permissions")
