from django.core.management.base import BaseCommand

from lms.services import demo_steps


class Command(BaseCommand):
    help = (
        "Build the portal with the CoP programme as demo data. Safe to run again: "
        "what exists is kept, what is missing is added."
    )

    def handle(self, *args, **options):
        for label, load in demo_steps():
            self.stdout.write(f"Demo data: {label} ...")
            load(stdout=self.stdout)
        for label, translate in demo_steps("translate"):
            self.stdout.write(f"Demo translations: {label} ...")
            translate(stdout=self.stdout)
        for label, finish in demo_steps("finish"):
            self.stdout.write(f"Demo data, once translated: {label} ...")
            finish(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
