"""Exports of a practice APA: a PDF laid out like the real section 3 table, and Excel.

The PDF goes through `lms.pdf.render_pdf` (Bengali shaped, fonts loaded once); the Excel file
has one sheet per section, built with pandas, with text cells that a spreadsheet would read
as a formula (= + - @) neutralised.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd
from django.utils.translation import gettext as _
from django.utils.translation import override
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import cm

from lms import formatting
from sandbox_apa import scoring, selectors
from sandbox_apa.models import TARGET_FIELDS, PracticeAPA
from sandbox_apa.templatetags.sandbox_apa import cell as printed_value
from sandbox_apa.templatetags.sandbox_apa import marks

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A text cell starting like a formula gets a leading apostrophe (CSV/formula injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _cell(indicator, raw: str):
    """A stored value as a number or date cell where it parses, else as (neutralised) text."""
    if not raw:
        return None
    try:
        value = indicator.value(raw)
    except (ValueError, ArithmeticError):
        return neutralise(raw)
    return float(value) if isinstance(value, Decimal) else value


def section3_records(agreement: PracticeAPA, tree) -> list[dict]:
    levels = agreement.scenario.framework.levels
    records = []
    for row in selectors.section3_rows(tree):
        objective, activity, indicator = row["objective"], row["activity"], row["indicator"]
        record = {
            _("Strategic objective"): neutralise(objective.title),
            _("Objective weight"): float(objective.weight)
            if objective.weight is not None
            else None,
            _("Mandatory"): _("yes") if objective.is_mandatory else "",
            _("Activity"): neutralise(activity.title) if activity else "",
            _("Performance indicator"): neutralise(indicator.name) if indicator else "",
        }
        if indicator is not None:
            record.update(
                {
                    _("Calculation method"): indicator.get_calculation_method_display(),
                    _("Unit"): neutralise(indicator.unit),
                    _("Direction"): indicator.get_direction_display(),
                    _("Indicator weight"): float(indicator.weight) if indicator.weight else None,
                    _("Actual, year before last"): _cell(
                        indicator, indicator.actual_year_before_last
                    ),
                    _("Actual, last year"): _cell(indicator, indicator.actual_last_year),
                }
            )
            for level, name in zip(levels, TARGET_FIELDS, strict=True):
                record[_("Target %(level)s%%") % {"level": level}] = _cell(
                    indicator, getattr(indicator, name)
                )
            record[_("Projection, next year")] = _cell(indicator, indicator.projection_next_year)
            record[_("Projection, year after")] = _cell(indicator, indicator.projection_year_after)
        records.append(record)
    return records


def score_records(agreement: PracticeAPA, tree) -> list[dict]:
    result = selectors.agreement_result(agreement, tree)
    records = []
    for objective in tree:
        for activity in objective.activities.all():
            for indicator in activity.indicators.all():
                scored = result.indicators[indicator.pk]
                by_quarter = {a.quarter: a.value for a in indicator.achievements.all()}
                record = {
                    _("Strategic objective"): neutralise(objective.title),
                    _("Performance indicator"): neutralise(indicator.name),
                    _("Weight"): float(scored.weight),
                }
                for quarter in (1, 2, 3, 4):
                    record[f"Q{quarter}"] = _cell(indicator, by_quarter.get(quarter, ""))
                annual = selectors.indicator_annual(indicator)
                record[_("Annual achievement")] = (
                    float(annual) if isinstance(annual, Decimal) else annual
                )
                record[_("Raw score %")] = _round(scored.raw)
                record[_("Obtained mark")] = _round(scored.obtained)
                records.append(record)
    records.append({_("Strategic objective"): _("Total"), _("Obtained mark"): _round(result.total)})
    return records


def _round(value: Decimal | None):
    return float(scoring.display(value)) if value is not None else None


def agreement_xlsx(agreement: PracticeAPA) -> bytes:
    """The APA as an Excel workbook, one sheet per section."""
    tree = selectors.agreement_tree(agreement)
    scenario = agreement.scenario
    section1 = [
        {_("Section"): _("Office"), _("Text"): neutralise(scenario.office)},
        {_("Section"): _("Fiscal year"), _("Text"): scenario.fiscal_year},
        {_("Section"): _("Framework"), _("Text"): str(scenario.framework)},
        {_("Section"): _("Vision"), _("Text"): neutralise(agreement.vision)},
        {_("Section"): _("Mission"), _("Text"): neutralise(agreement.mission)},
        {_("Section"): _("Functions"), _("Text"): neutralise(agreement.functions)},
    ]
    sheets = {
        _("1 Vision, mission, functions"): section1,
        _("3 Objectives and targets"): section3_records(agreement, tree),
    }
    if agreement.takes_achievements:
        sheets[_("Achievements and score")] = score_records(agreement, tree)
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, records in sheets.items():
            pd.DataFrame.from_records(records).to_excel(writer, sheet_name=name[:31], index=False)
    return buffer.getvalue()


#: The PDF's page: A4 landscape; section 3 spans it between the side margins.
PDF_PAGE_MARGIN_CM = (1.2, 1.0)
SECTION3_WIDTH = landscape(A4)[0] - 2 * PDF_PAGE_MARGIN_CM[1] * cm
#: Section 3's type sizes and cell padding in points (the template's CSS takes them from here).
HEAD_SIZE, BODY_SIZE, CELL_PADDING = 7.5, 8.0, 2.0


@dataclass(frozen=True)
class PrintedCell:
    """One cell of section 3 as printed: its text ("\n" between lines) and its place."""

    text: str
    numeric: bool = False
    bold: bool = False
    rowspan: int = 1
    colspan: int = 1
    width: float | None = None  # points; set on the one heading cell that sizes its column


def section3_table(agreement: PracticeAPA, rows: list[dict], result) -> dict:
    """Section 3 as the PDF prints it: heading rows, body rows and the columns' widths.

    Every text is written here, in the active language, so that the columns can be sized to
    what they hold (lms.pdf.fit_columns): no word is wider than its cell, in English or
    Bangla, however long the trainee's units, numbers or dates are.
    """
    from lms.pdf import TableCell, fit_columns

    framework = agreement.scenario.framework
    columns = _section3_columns(framework, scored=result is not None)
    body = [_section3_row(row, framework, result) for row in rows]
    mandatory = [bool(row["objective"].is_mandatory) for row in rows]
    if result is not None:
        body.append(_total_row(result, len(columns)))
        mandatory.append(False)
    measured = [TableCell(n, head, HEAD_SIZE, bold=True) for n, (head, _g) in enumerate(columns)]
    measured += [
        TableCell(column, group, HEAD_SIZE, bold=True, span=span)
        for column, group, span in _groups(columns)
    ]
    measured += [
        TableCell(column, cell.text, BODY_SIZE, bold=cell.bold, span=cell.colspan)
        for cells in body
        for column, cell in cells
    ]
    fit = fit_columns(measured, columns=len(columns), width=SECTION3_WIDTH, padding=CELL_PADDING)
    return {
        "head": _section3_head(columns, fit.widths),
        "rows": [
            {"mandatory": flag, "cells": [cell for _column, cell in cells]}
            for flag, cells in zip(mandatory, body, strict=True)
        ],
        "width": round(sum(fit.widths), 2),
        "head_size": round(HEAD_SIZE * fit.scale, 2),
        "body_size": round(BODY_SIZE * fit.scale, 2),
        "padding": CELL_PADDING,
    }


def _digits(value) -> str:
    if value is None or value == "":
        return ""
    return formatting.to_bangla_digits(value) if formatting.is_bangla(None) else str(value)


def _section3_columns(framework, *, scored: bool) -> list[tuple[str, str | None]]:
    """(heading, heading of its group or None) of each column of section 3, in order."""
    columns = [
        (_("Strategic objective"), None),
        (_("Weight of objective"), None),
        (_("Activity"), None),
        (_("Performance indicator"), None),
    ]
    if framework.uses_calculation_methods:
        columns.append((_("Calculation method"), None))
    columns += [(_("Unit"), None), (_("Weight of indicator"), None)]
    actual = _("Actual achievement")
    columns += [(_("Year before last"), actual), (_("Last year"), actual)]
    names = [_("Excellent"), _("Very good"), _("Good"), _("Fair"), _("Poor")]
    target = _("Target / criteria value")
    columns += [
        (f"{name}\n{_digits(level)}%", target)
        for name, level in zip(names, framework.levels, strict=True)
    ]
    projection = _("Projection")
    columns += [(_("Next year"), projection), (_("Year after"), projection)]
    if scored:
        columns += [(_("Score"), None), (_("Obtained mark"), None)]
    return columns


def _groups(columns) -> list[tuple[int, str, int]]:
    """(first column, heading, number of columns) of each group heading."""
    groups = []
    for n, (_head, group) in enumerate(columns):
        if group is None:
            continue
        if groups and groups[-1][1] == group and groups[-1][0] + groups[-1][2] == n:
            first, heading, span = groups[-1]
            groups[-1] = (first, heading, span + 1)
        else:
            groups.append((n, group, 1))
    return groups


def _section3_head(columns, widths) -> list[list[PrintedCell]]:
    """Two heading rows: a grouped column's heading under its group's, the others over both."""
    top, bottom = [], []
    groups = {first: (heading, span) for first, heading, span in _groups(columns)}
    for n, (head, group) in enumerate(columns):
        if group is None:
            top.append(PrintedCell(head, rowspan=2, width=widths[n]))
            continue
        if n in groups:
            heading, span = groups[n]
            top.append(PrintedCell(heading, colspan=span))
        bottom.append(PrintedCell(head, width=widths[n]))
    return [top, bottom]


def _section3_row(row: dict, framework, result) -> list[tuple[int, PrintedCell]]:
    """A body row as (column, cell) pairs; the objective and activity span their rows."""
    objective, activity, indicator = row["objective"], row["activity"], row["indicator"]
    cells = []
    if row["objective_span"]:
        span = row["objective_span"]
        cells.append((0, PrintedCell(objective.title, rowspan=span)))
        cells.append((1, PrintedCell(_digits(objective.weight), numeric=True, rowspan=span)))
    if row["activity_span"]:
        title = activity.title if activity else ""
        cells.append((2, PrintedCell(title, rowspan=row["activity_span"])))
    column = 3
    if indicator is None:
        width = 13 if framework.uses_calculation_methods else 12
        cells.append((column, PrintedCell("", colspan=width + (2 if result else 0))))
        return cells
    texts = [indicator.name]
    if framework.uses_calculation_methods:
        texts.append(str(indicator.get_calculation_method_display()))
    texts.append(_("date") if indicator.direction == "date" else indicator.unit)
    for text in texts:
        cells.append((column, PrintedCell(text)))
        column += 1
    values = [_digits(indicator.weight)]
    values += [
        _digits(printed_value(indicator, name))
        for name in ("actual_year_before_last", "actual_last_year", *TARGET_FIELDS)
    ]
    values += [
        _digits(printed_value(indicator, name))
        for name in ("projection_next_year", "projection_year_after")
    ]
    if result is not None:
        scored = result.indicators.get(indicator.pk)
        raw = scored.raw if scored else None
        values += [f"{marks(raw)}%" if raw is not None else "", marks(scored and scored.obtained)]
    for value in values:
        cells.append((column, PrintedCell(value, numeric=True)))
        column += 1
    return cells


def _total_row(result, columns: int) -> list[tuple[int, PrintedCell]]:
    label = _("Total obtained marks")
    if result.grade:
        label = f"{label} · {result.grade}"
    return [
        (0, PrintedCell(label, bold=True, colspan=columns - 2)),
        (columns - 2, PrintedCell("", numeric=True)),
        (columns - 1, PrintedCell(marks(result.total), numeric=True, bold=True)),
    ]


def pdf_context(agreement: PracticeAPA) -> dict:
    """What the PDF template prints, in the active language."""
    tree = selectors.agreement_tree(agreement)
    result = selectors.agreement_result(agreement, tree) if agreement.takes_achievements else None
    return {
        "agreement": agreement,
        "scenario": agreement.scenario,
        "framework": agreement.scenario.framework,
        "section3": section3_table(agreement, selectors.section3_rows(tree), result),
        "result": result,
        "page_margin": f"{PDF_PAGE_MARGIN_CM[0]}cm {PDF_PAGE_MARGIN_CM[1]}cm",
        "printed_on": dt.date.today(),
    }


def agreement_pdf(agreement: PracticeAPA, *, lang: str = "en") -> bytes:
    """The APA as a PDF laid out like section 3 of a real APA (in English or Bangla)."""
    from lms.pdf import render_pdf

    with override(lang):
        context = pdf_context(agreement)
        context["lang"] = lang
        return render_pdf("sandbox_apa/pdf/agreement.html", context)
