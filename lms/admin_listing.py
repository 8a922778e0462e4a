"""The admin listings' .xlsx and .csv exports (Wagtail's `list_export`), as a person reads them.

Every ModelViewSet listing with `list_export` uses `ListingIndexView` (or a subclass), so that
its export:

- never breaks off: a dotted field through an empty relation (a participant with no rank, an
  organisation with no parent) is an empty cell, not a "Failed lookup" half-way through;
- says what the screen says: choice labels ("Confirmed", not `confirmed`), "Yes"/"No", in
  the organiser's admin language (Bangla labels for a Bangla organiser), including in the
  CSV, which Wagtail streams after the view has returned;
- gives times in Asia/Dhaka without microseconds (a date-time cell in .xlsx, "2015-01-12
  09:30" in CSV);
- starts its CSV with the UTF-8 byte-order mark, as the report CSVs do, so that Excel reads
  Bangla; and neutralises formula-like text (`lms.spreadsheets.safe_cell`).
"""

import datetime as dt
from collections import OrderedDict

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.admin.views import generic
from wagtail.coreutils import multigetattr

from lms.spreadsheets import CSV_CONTENT_TYPE, DATETIME_FORMAT, safe_cell

CSV_DATETIME = "%Y-%m-%d %H:%M"


def export_value(item, path: str):
    """The value of a `list_export` entry (a dotted path) on `item`: None when a relation
    on the way is empty; a choice field's label rather than its code."""
    value = item
    parts = path.split(".")
    for index, part in enumerate(parts):
        if value is None:
            return None
        display = getattr(value, f"get_{part}_display", None)
        if index == len(parts) - 1 and callable(display):
            return display()
        value = multigetattr(value, part)
    return value


def readable(value, export_format: str):
    """`value` as a person reads it in a spreadsheet of `export_format` ("xlsx" or "csv")."""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        value = value.replace(second=0, microsecond=0)
        return value.strftime(CSV_DATETIME) if export_format == "csv" else value
    if value is None:
        return "" if export_format == "csv" else None
    return value


class ReadableExportMixin:
    """For Wagtail listing views (SpreadsheetExportMixin): readable, complete, safe exports."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        # Wagtail renders the admin in the user's language only while the view runs; the
        # CSV is streamed later, so it is written in the language caught here.
        self.export_language = translation.get_language()

    def to_row_dict(self, item):
        return OrderedDict((field, export_value(item, field)) for field in self.list_export)

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, readable(value, export_format), export_format)
        return safe_cell(value) if export_format == "csv" else value

    def generate_xlsx_row(self, worksheet, row_dict, date_format=None):
        # The reports' "yyyy-mm-dd hh:mm" rather than Wagtail's format from DATETIME_FORMAT,
        # which LibreOffice shows as "12/06/2026 5:50 AM".
        return super().generate_xlsx_row(worksheet, row_dict, date_format=DATETIME_FORMAT)

    def stream_csv(self, queryset):
        lines = super().stream_csv(queryset)
        bom = "\ufeff"  # the byte-order mark: Excel then reads the file as UTF-8
        first = True
        while True:
            with translation.override(self.export_language):
                try:
                    line = next(lines)
                except StopIteration:
                    return
            if first:
                line = (bom.encode() + line) if isinstance(line, bytes) else bom + line
                first = False
            yield line

    def write_csv_response(self, queryset):
        response = super().write_csv_response(queryset)
        response["Content-Type"] = CSV_CONTENT_TYPE
        return response


class ListingIndexView(ReadableExportMixin, generic.IndexView):
    """The generic admin listing, with the exports above."""
