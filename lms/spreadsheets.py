"""Spreadsheet output shared by every export: formula neutralisation, Excel and CSV writers.

A cell that begins with = + - or @ is read as a formula by Excel and LibreOffice, so text
taken from users (a participant's name, an organisation) could run one on the organiser's
machine ("CSV injection"). `neutralise` prefixes such text with an apostrophe; numbers, dates
and booleans are left alone, so that figures stay figures.
"""

import csv
import datetime as dt
import io
import math
from collections.abc import Iterable, Sequence
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
INTEGER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.0"
MAX_COLUMN_WIDTH = 60


def neutralise(value):
    """Return `value` safe to put in a spreadsheet cell: text starting like a formula gets a
    leading apostrophe; everything else comes back unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _cell_value(value):
    """A plain Python value openpyxl and csv understand: no NaN/NaT, no numpy scalars."""
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, str | bytes):  # numpy scalar
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if value.__class__.__name__ == "NaTType":
        return None
    if hasattr(value, "to_pydatetime"):  # pandas Timestamp
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        # Excel has no time zones: write the local wall-clock time the admin shows.
        from django.utils import timezone

        value = timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, Decimal):
        value = float(value)
    return neutralise(value)


def _number_format(value) -> str | None:
    if isinstance(value, dt.datetime):
        return DATETIME_FORMAT
    if isinstance(value, dt.date):
        return DATE_FORMAT
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return INTEGER_FORMAT
    if isinstance(value, float):
        return DECIMAL_FORMAT
    return None


def xlsx_bytes(headers: Sequence[str], rows: Iterable[Sequence], *, title: str = "Report") -> bytes:
    """An .xlsx workbook of one sheet: a bold, frozen header row, then `rows`, with number and
    date formats by type and column widths fitted to the content (capped)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _sheet_title(title)
    sheet.append([neutralise(str(h)) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    widths = [len(str(h)) for h in headers]
    for row in rows:
        values = [_cell_value(v) for v in row]
        sheet.append(values)
        for index, (cell, value) in enumerate(zip(sheet[sheet.max_row], values, strict=True)):
            number_format = _number_format(value)
            if number_format:
                cell.number_format = number_format
            widths[index] = max(widths[index], _display_width(value))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, MAX_COLUMN_WIDTH)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_text(headers: Sequence[str], rows: Iterable[Sequence]) -> str:
    """CSV (comma, CRLF, minimal quoting) with neutralised cells; dates as ISO 8601."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutralise(str(h)) for h in headers])
    for row in rows:
        writer.writerow([_csv_value(_cell_value(v)) for v in row])
    return buffer.getvalue()


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _display_width(value) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.datetime):
        return 16
    if isinstance(value, dt.date):
        return 10
    if isinstance(value, float):
        return len(f"{value:,.1f}")
    if isinstance(value, int):
        return len(f"{value:,}")
    return max((len(line) for line in str(value).splitlines()), default=0)


def _sheet_title(title: str) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\."""
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in str(title)).strip()
    return (cleaned or "Report")[:31]
