"""Safe spreadsheet export: text that looks like a formula is never executed when opened.

A cell a user typed as ``=HYPERLINK(...)``, ``+cmd|...``, ``-2+3`` or ``@SUM(...)`` is kept
as text in the database; on the way out to CSV it is prefixed with an apostrophe (the OWASP
advice for CSV injection) and in .xlsx it is written as a string cell, never as a formula.
Wagtail's own listing export is routed through ``safe_cell`` by ``SafeExportMixin``-style
preprocessing in each app's viewsets.
Plain signed numbers such as a mobile ``+8801711000000`` are left as they are.
"""

import csv
import io
import re
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
_PLAIN_NUMBER = re.compile(r"[+-]?\d[\d ]*(\.\d+)?")

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


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


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """A UTF-8 CSV (with byte-order mark, so Excel reads Bangla) with every cell made safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(str(h)) for h in header])
    for row in rows:
        writer.writerow(["" if v is None else safe_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(header: Sequence[str], rows: Iterable[Sequence[object]], *, title="Sheet") -> bytes:
    """An .xlsx workbook (write-only, fast) whose text cells are strings, never formulas."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([_text_cell(sheet, str(h)) for h in header])
    for row in rows:
        sheet.append([_text_cell(sheet, v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _text_cell(sheet, value: object):
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet)
        # Set the type after the value: openpyxl would otherwise write "=..." as a formula.
        # A string cell is shown as text and never computed, so the text stays as typed
        # (a fixed error sheet can be uploaded again without apostrophes creeping in).
        cell.value = value
        cell.data_type = "s"
        return cell
    return value


class SafeSpreadsheetExportMixin:
    """For Wagtail listing views (SpreadsheetExportMixin): CSV cells made safe as above.

    Wagtail already writes .xlsx text as string cells; its CSV export writes text as it is.
    """

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return safe_cell(value) if export_format == "csv" else value
