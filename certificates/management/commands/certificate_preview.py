"""Write a certificate template filled with sample data to a PDF file (nothing is saved)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from certificates.kinds import Kind
from certificates.models import CertificateTemplate
from certificates.services import CertificateError, template_default, template_preview


class Command(BaseCommand):
    help = "Preview a certificate template as a PDF with sample data."

    def add_arguments(self, parser):
        parser.add_argument(
            "--template", type=int, help="template id (default: the default attendance template)"
        )
        parser.add_argument("--lang", choices=["en", "bn"], help="print one language only")
        parser.add_argument("--name", help="the participant's name to print")
        parser.add_argument("--out", required=True, help="where to write the PDF")

    def handle(self, *args, template=None, lang=None, name=None, out, **options):
        try:
            chosen = (
                CertificateTemplate.objects.get(pk=template)
                if template
                else template_default(Kind.ATTENDANCE)
            )
            pdf = template_preview(template=chosen, lang=lang, name=name)
        except CertificateTemplate.DoesNotExist as error:
            raise CommandError(f"no certificate template with id {template}") from error
        except CertificateError as error:
            raise CommandError(error.message) from error
        Path(out).write_bytes(pdf)
        self.stdout.write(self.style.SUCCESS(f"{chosen}: {len(pdf):,} bytes written to {out}"))
