"""Exports: formula neutralisation, Excel formats and CSV, read back."""

import csv
import datetime as dt
import io

import openpyxl
import pandas as pd
import pytest

from lms.spreadsheets import csv_bytes, neutralise, xlsx_bytes

# The shared autouse fixture clears the (database) cache, so even pure tests need the db.
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "text", ["=1+1", "+SUM(A1)", "-2+3", "@SUM(A1)", '=HYPERLINK("http://x")', "\t=1", "\r=1"]
)
def test_text_that_looks_like_a_formula_is_neutralised(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize(
    "value", ["Amina", "", "a=b", "+8801711000000", "-2", 12, -3, 2.5, None, dt.date(2015, 1, 12)]
)
def test_other_values_are_left_alone(value):
    assert neutralise(value) == value


def _sheet(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data)).active


def test_xlsx_has_a_bold_header_formats_and_widths():
    data = xlsx_bytes(
        ["Event", "Start date", "Participants", "Rate (%)"],
        [("APA training", dt.date(2015, 1, 12), 179, 87.5), ("=cmd|' /C calc'!A0", None, 0, None)],
        title="Participation: planned/actual",
    )
    sheet = _sheet(data)
    assert sheet.title == "Participation  planned actual"
    assert [c.value for c in sheet[1]] == ["Event", "Start date", "Participants", "Rate (%)"]
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    event, start, count, rate = sheet[2]
    assert start.value == dt.datetime(2015, 1, 12) and start.number_format == "yyyy-mm-dd"
    assert count.value == 179 and count.number_format == "#,##0"
    assert rate.value == 87.5 and rate.number_format == "#,##0.0"
    # The formula arrives as a text cell, shown as typed and never computed.
    assert sheet["A3"].value == "=cmd|' /C calc'!A0" and sheet["A3"].data_type == "s"
    assert sheet["B3"].value is None
    assert sheet.column_dimensions["A"].width >= len("=cmd|' /C calc'!A0")


def test_xlsx_accepts_pandas_values():
    frame = pd.DataFrame({"n": [1, 2], "x": [float("nan"), 0.5]})
    data = xlsx_bytes(["n", "x"], frame.itertuples(index=False, name=None))
    back = pd.read_excel(io.BytesIO(data))
    assert back.n.tolist() == [1, 2]
    assert back.x.isna().tolist() == [True, False] and back.x[1] == 0.5


def test_csv_neutralises_and_writes_iso_dates():
    data = csv_bytes(["Name", "Date", "N"], [("@Amina", dt.date(2014, 11, 12), 150)])
    assert data.startswith("\ufeff".encode())
    assert list(csv.reader(io.StringIO(data.decode("utf-8-sig")))) == [
        ["Name", "Date", "N"],
        ["'@Amina", "2014-11-12", "150"],
    ]
