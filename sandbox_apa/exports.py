"""Exports of a practice APA: a PDF laid out like the real section 3 table, and Excel.

The PDF goes through `lms.pdf.render_pdf` (Bengali shaped, fonts loaded once); the Excel file
has one sheet per section, built with pandas, with text cells that a spreadsheet would read
as a formula (= + - @) neutralised.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pandas as pd
from django.utils.translation import gettext as _
from django.utils.translation import override

from sandbox_apa import scoring, selectors
from sandbox_apa.models import TARGET_FIELDS, PracticeAPA

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


def pdf_context(agreement: PracticeAPA) -> dict:
    tree = selectors.agreement_tree(agreement)
    result = selectors.agreement_result(agreement, tree) if agreement.takes_achievements else None
    return {
        "agreement": agreement,
        "scenario": agreement.scenario,
        "framework": agreement.scenario.framework,
        "rows": selectors.section3_rows(tree),
        "result": result,
        "target_fields": TARGET_FIELDS,
        "printed_on": dt.date.today(),
    }


def agreement_pdf(agreement: PracticeAPA, *, lang: str = "en") -> bytes:
    """The APA as a PDF laid out like section 3 of a real APA (in English or Bangla)."""
    from lms.pdf import render_pdf

    with override(lang):
        context = pdf_context(agreement)
        context["lang"] = lang
        return render_pdf("sandbox_apa/pdf/agreement.html", context)
