"""`manage.py report NAME [filters] [--format xlsx|csv] --out FILE`: any registered report."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lms.reports import ReportError, all_reports, get_report, parse_filters


class Command(BaseCommand):
    help = "Write a report (participation, attendance, ...) to an Excel or CSV file."

    def add_arguments(self, parser):
        parser.add_argument("name", nargs="?", help="report name; leave out to list them")
        parser.add_argument("--programme", help="programme slug, e.g. cop-phase-1")
        parser.add_argument("--event", help="event slug")
        parser.add_argument("--from", dest="date_from", help="first date, YYYY-MM-DD")
        parser.add_argument("--to", dest="date_to", help="last date, YYYY-MM-DD")
        parser.add_argument("--organisation", help="organisation id (includes its divisions)")
        parser.add_argument("--format", choices=["xlsx", "csv"], help="default: from --out")
        parser.add_argument("--out", help="file to write; '-' writes CSV to standard output")

    def handle(self, *args, name=None, out=None, **options):
        if not name:
            for report in all_reports():
                self.stdout.write(f"{report.name:32} {report.title}")
            return
        try:
            report = get_report(name)
            filters = parse_filters(
                report,
                {
                    key: options.get(key)
                    for key in ("programme", "event", "date_from", "date_to", "organisation")
                },
            )
        except ReportError as error:
            raise CommandError(str(error)) from None
        if not out:
            raise CommandError("Say where to write the report: --out FILE (or --out - for CSV).")
        export = options["format"] or ("xlsx" if out.endswith(".xlsx") else "csv")
        if out == "-" and export == "xlsx":
            raise CommandError("An Excel file cannot go to standard output: give --out FILE.")
        try:
            frame = report.run(**filters)
        except ReportError as error:
            raise CommandError(str(error)) from None
        self._write(report, frame, export, out)

    def _write(self, report, frame, export, out):
        if out == "-":
            self.stdout.write(report.to_csv(frame).decode("utf-8-sig"), ending="")
            return
        path = Path(out)
        if export == "xlsx":
            path.write_bytes(report.to_xlsx(frame))
        else:
            path.write_bytes(report.to_csv(frame))
        self.stderr.write(f"{report.name}: {len(frame)} rows written to {path}")
