"""Admin pages of the report registry: the list of reports and one page per report.

A report page shows the filters, the chart (inline SVG) and the table, and offers the same
figures as .xlsx and .csv. Organisers only: everyone else gets 403.
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.defaults import permission_denied
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import AdminDateInput

from lms import charts
from lms.formatting import localise_numbers
from lms.permissions import is_organiser
from lms.reports import (
    FILTERS,
    Report,
    ReportError,
    all_reports,
    filter_choices,
    get_report,
    parse_filters,
)
from lms.spreadsheets import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE
from lms.widgets import PlainSelect

TABLE_ROWS = 500


class ReportFilterForm(forms.Form):
    """The filters a report accepts; choices come from the app that owns the data."""

    def __init__(self, report: Report, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in report.filters:
            label = FILTERS[name]
            if name in ("date_from", "date_to"):
                self.fields[name] = forms.DateField(
                    label=label, required=False, widget=AdminDateInput
                )
                continue
            choices = filter_choices(name)
            if choices is None:
                self.fields[name] = forms.CharField(label=label, required=False)
            else:
                self.fields[name] = forms.ChoiceField(
                    label=label,
                    required=False,
                    choices=[("", _("All"))] + choices,
                    widget=PlainSelect,
                )

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("The start of the date range is after its end."))
        return data


class OrganiserRequiredMixin:
    """403 for admin users who are not organisers (trainers). Raising PermissionDenied would
    make Wagtail redirect to the dashboard; a plain 403 says what it is."""

    def dispatch(self, request, *args, **kwargs):
        if not is_organiser(request.user):
            return permission_denied(request, PermissionDenied())
        return super().dispatch(request, *args, **kwargs)


class ReportIndexView(OrganiserRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "lms/reports/index.html"
    page_title = _("Training reports")
    header_icon = "table"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["reports"] = [r for r in all_reports() if r.allows(self.request.user)]
        return context


class ReportView(OrganiserRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "lms/reports/report.html"
    header_icon = "table"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        try:
            self.report = get_report(kwargs["name"])
        except ReportError:
            raise Http404 from None

    def dispatch(self, request, *args, **kwargs):
        if is_organiser(request.user) and not self.report.allows(request.user):
            return permission_denied(request, PermissionDenied())
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return self.report.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("lms_reports:index"), "label": _("Training reports")},
            {"url": "", "label": self.report.title},
        ]

    def get(self, request, *args, **kwargs):
        form = ReportFilterForm(self.report, request.GET or None)
        frame, error = None, None
        if form.is_bound and not form.is_valid():
            error = _("Please correct the filters.")
        else:
            filters = {k: v for k, v in (form.cleaned_data if form.is_bound else {}).items()}
            try:
                frame = self.report.run_kept(**parse_filters(self.report, filters))
            except ReportError as exc:
                error = str(exc)
        export = request.GET.get("format")
        if frame is not None and export in ("xlsx", "csv"):
            return export_response(self.report, frame, export)
        context = self.get_context_data(form=form, error=error, **table_context(self.report, frame))
        context["chart"] = chart_svg(self.report, frame) if frame is not None else None
        context["too_many_points"] = (
            frame is not None
            and self.report.chart is not None
            and context["chart"] is None
            and not frame.empty
        )
        context["query_string"] = request.GET.urlencode()
        context["description"] = self.report.description
        return self.render_to_response(context)


def export_response(report: Report, frame: pd.DataFrame, export: str) -> HttpResponse:
    """The report as an attachment named after it and today's date."""
    filename = f"{slugify(report.name)}-{dt.date.today():%Y-%m-%d}.{export}"
    if export == "xlsx":
        response = HttpResponse(report.to_xlsx(frame), content_type=XLSX_CONTENT_TYPE)
    else:
        response = HttpResponse(report.to_csv(frame), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def table_context(report: Report, frame: pd.DataFrame | None) -> dict:
    """Headers and the first TABLE_ROWS rows as display text; figures right-aligned."""
    if frame is None:
        return {"headers": [], "rows": [], "total_rows": 0}
    shown = frame.head(TABLE_ROWS)
    numeric = [_is_figure(shown[column]) for column in shown.columns]
    return {
        "headers": [
            {"label": report.label(column), "numeric": flag}
            for column, flag in zip(shown.columns, numeric, strict=True)
        ],
        "rows": [
            [
                {"text": display(value), "numeric": flag}
                for value, flag in zip(row, numeric, strict=True)
            ]
            for row in shown.itertuples(index=False, name=None)
        ],
        "total_rows": len(frame),
        "shown_rows": len(shown),
    }


def _is_figure(column: pd.Series) -> bool:
    if pd.api.types.is_numeric_dtype(column):
        return True
    values = column.dropna()
    return not values.empty and all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in values
    )


def display(value) -> str:
    """A cell as the table shows it: dates as 12 Nov 2014, rates with one decimal."""
    from django.utils import timezone

    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if value.__class__.__name__ == "NaTType":
        return "–"
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%d %b %Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d %b %Y")
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def chart_svg(report: Report, frame: pd.DataFrame) -> str | None:
    """The report's chart as inline SVG, or None (no chart, no rows, or too many to draw).

    A bar chart with `top` draws its first `top` rows and names the others, together, in a
    line under them (as a bar, a long tail would dwarf the bars it is there to explain)."""
    spec = report.chart
    if spec is None or frame.empty:
        return None
    cut = spec.top if spec.kind == "bar" and spec.top and len(frame) > spec.top else None
    if cut is None and len(frame) > spec.max_points:
        return None
    if spec.kind == "tree":
        rows = frame[[*spec.path, spec.value]].itertuples(index=False, name=None)
        root = charts.tree_from_paths(
            str(spec.root or spec.title), list(rows), depth=len(spec.path)
        )
        return mark_safe(charts.tree_chart(root, title=str(spec.title)))  # noqa: S308 -- escaped
    labels = [
        str(label) for label in (spec.label(frame) if callable(spec.label) else frame[spec.label])
    ]
    values = frame[spec.value].astype(float).fillna(0).tolist()
    extra = {}
    if cut is not None:
        rest = sum(values[cut:])
        extra["note"] = gettext("The other %(count)s together: %(value)s") % localise_numbers(
            {"count": len(values) - cut, "value": int(rest) if rest.is_integer() else rest}
        )
        labels, values = labels[:cut], values[:cut]
    draw = charts.line_chart if spec.kind == "line" else charts.bar_chart
    svg = draw(
        labels,
        values,
        title=str(spec.title),
        x_title=str(spec.x_title),
        y_title=str(spec.y_title),
        **extra,
    )
    return mark_safe(svg)  # noqa: S308 -- every text in the SVG is escaped by lms.charts
