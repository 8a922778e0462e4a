"""Safe spreadsheet export: text that looks like a formula is never executed when opened.

A cell a user typed as ``=HYPERLINK(...)``, ``+cmd|...``, ``-2+3`` or ``@SUM(...)`` is kept
as text in the database; on the way out to CSV it is prefixed with an apostrophe (the OWASP
advice for CSV injection) and in .xlsx it is written as a string cell, never as a formula.
Wagtail's own listing exports go through ``safe_cell`` too (``lms.admin_listing``).
Plain signed numbers such as a mobile ``+8801711000000`` are left as they are.

The .xlsx writer also makes the sheet pleasant to read: a bold, frozen header row, number
and date formats by type, and column widths fitted to the content. Reports pass pandas
values through ``plain_value`` first (no NaN, no numpy scalars, no time zones).
"""

import csv
import datetime as dt
import io
import math
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
_PLAIN_NUMBER = re.compile(r"[+-]?\d[\d ]*(\.\d+)?")

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"

DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
INTEGER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.0"
PERCENT_FORMAT = "0.0%"
MAX_COLUMN_WIDTH = 60


def is_formula_like(value: object) -> bool:
    """True for text a spreadsheet program would read as a formula or command."""
    return (
        isinstance(value, str)
        and value.startswith(FORMULA_TRIGGERS)
        and not _PLAIN_NUMBER.fullmatch(value)
    )


def safe_cell(value: object) -> object:
    """The value to write: formula-like text gets a leading apostrophe; others unchanged."""
    if is_formula_like(value):
        return "'" + value
    return value


# The name the reports use; one rule for every export.
neutralise = safe_cell


def plain_value(value: object) -> object:
    """A value openpyxl and csv write as it is: None for NaN/NaT, Python scalars for numpy
    ones, Asia/Dhaka wall-clock time for aware datetimes (Excel has no time zones)."""
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
        from django.utils import timezone

        value = timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, Decimal):
        value = float(value)
    return value


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """A UTF-8 CSV (with byte-order mark, so Excel reads Bangla) with every cell made safe;
    dates as ISO 8601."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(str(h)) for h in header])
    for row in rows:
        writer.writerow([_csv_value(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_value(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return safe_cell(value)


def xlsx_bytes(
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    title="Sheet",
    percentages: frozenset[int] | set[int] = frozenset(),
) -> bytes:
    """An .xlsx workbook (write-only, fast) whose text cells are strings, never formulas,
    with a bold frozen header, number and date formats by type and fitted column widths.
    The columns at the indexes in `percentages` hold percentages (30.0 for 30 %): they are
    written as fractions (0.3) with a percent format, so that spreadsheets compute with them
    and show "30.0%"."""
    rows = [list(row) for row in rows]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(title))
    sheet.freeze_panes = "A2"
    for index, width in enumerate(_widths(header, rows), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    bold = Font(bold=True)
    sheet.append([_text_cell(sheet, str(h), font=bold) for h in header])
    for row in rows:
        sheet.append(
            [
                _percent_cell(sheet, v) if i in percentages else _text_cell(sheet, v)
                for i, v in enumerate(row)
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _text_cell(sheet, value: object, *, font=None):
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet)
        # Set the type after the value: openpyxl would otherwise write "=..." as a formula.
        # A string cell is shown as text and never computed, so the text stays as typed
        # (a fixed error sheet can be uploaded again without apostrophes creeping in).
        cell.value = value
        cell.data_type = "s"
        if font is not None:
            cell.font = font
        return cell
    number_format = _number_format(value)
    if number_format is None:
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = number_format
    return cell


def _percent_cell(sheet, value: object):
    if not isinstance(value, int | float | Decimal) or isinstance(value, bool):
        return _text_cell(sheet, value)
    # Round away float noise (30.0 / 100 is 0.30000000000000004), keep the one decimal.
    cell = WriteOnlyCell(sheet, value=round(float(value) / 100, 6))
    cell.number_format = PERCENT_FORMAT
    return cell


def _number_format(value: object) -> str | None:
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


def _widths(header: Sequence[str], rows: list[list]) -> list[float]:
    widths = [len(str(h)) for h in header]
    for row in rows:
        for index, value in enumerate(row[: len(widths)]):
            widths[index] = max(widths[index], _display_width(value))
    return [min(width + 2, MAX_COLUMN_WIDTH) for width in widths]


def _display_width(value: object) -> int:
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
    return (cleaned or "Sheet")[:31]
