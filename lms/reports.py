"""The report registry: each app registers the reports on its own data.

An app puts its reports in `<app>/reports.py` and calls `register(...)` at import time; the
registry imports those modules the first time it is asked for a report (like the demo-data
steps), so no central module imports every app. A report is a function
`func(**filters) -> pandas.DataFrame` whose columns are stable keys (`participants`,
`start_date`); `labels` gives their headings for pages and exports.

Filters are the same for every report (a report says which it accepts): `programme` (slug),
`event` (slug), `date_from` and `date_to` (dates), `organisation` (id). The app that owns
programmes and organisations supplies the choices the admin form offers (`set_filter_choices`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import import_module
from string import Formatter

import pandas as pd
from django.apps import apps
from django.db import connection
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lms import spreadsheets
from lms.permissions import is_organiser


class ReportError(Exception):
    """A report cannot be run as asked (unknown report, bad filter); the text is for users."""


FILTERS: dict[str, str] = {
    "programme": _("Programme"),
    "event": _("Event"),
    "date_from": pgettext_lazy("first day of a date range", "From"),
    "date_to": pgettext_lazy("last day of a date range", "To"),
    "organisation": _("Organisation"),
}
ALL_FILTERS = tuple(FILTERS)


@dataclass(frozen=True)
class Chart:
    """How to draw a report's DataFrame: `kind` is "bar", "line" or "tree".

    bar/line: one point per row, labelled by column `label` (or a function of the frame
    returning the labels), valued by column `value`.
    tree: rows are paths `path` (e.g. trainer, batch) with the leaf valued by `value`.
    More than `max_points` rows are not drawn (the page asks to narrow the filters), unless
    `top` is set: then a bar chart draws the first `top` rows and one bar for the rest, summed
    (for rows sorted largest first whose values add up, such as participants by organisation).
    """

    kind: str
    title: str
    label: str | Callable[[pd.DataFrame], pd.Series] = ""
    value: str = ""
    path: tuple[str, ...] = ()
    root: str = ""
    x_title: str = ""
    y_title: str = ""
    max_points: int = 40
    top: int = 0


def bar_chart(
    title,
    *,
    label: str | Callable,
    value: str,
    x_title,
    y_title,
    max_points: int = 40,
    top: int = 0,
) -> Chart:
    """One horizontal bar per row: `label` names it, `value` gives its length."""
    return Chart(
        kind="bar",
        title=title,
        label=label,
        value=value,
        x_title=x_title,
        y_title=y_title,
        max_points=max_points,
        top=top,
    )


def batch_label(frame: pd.DataFrame) -> pd.Series:
    """ "APA training #3": the label of a per-batch row (columns `event` and `batch`)."""
    return frame.event + " #" + frame.batch.astype(str)


def per_batch_chart(title, *, value: str, x_title) -> Chart:
    """One bar per batch, labelled by its event and number."""
    return bar_chart(title, label=batch_label, value=value, x_title=x_title, y_title=_("Batch"))


@dataclass(frozen=True)
class Report:
    name: str
    title: str
    func: Callable[..., pd.DataFrame]
    filters: tuple[str, ...]
    chart: Chart | None
    permission: Callable[[object], bool] | str
    description: str = ""
    labels: dict[str, str] = field(default_factory=dict)
    # Cache scopes of the data the report reads (lms.scoped_cache); none: never kept.
    scopes: tuple[str, ...] = ()
    # Columns holding percentages (30.0 for 30 %): real percentages in .xlsx ("0.0%").
    percentages: tuple[str, ...] = ()

    def label(self, column: str) -> str:
        return str(self.labels.get(column, column.replace("_", " ").capitalize()))

    def allows(self, user) -> bool:
        if callable(self.permission):
            return bool(self.permission(user))
        return bool(user.has_perm(self.permission))

    def run(self, **filters) -> pd.DataFrame:
        unknown = set(filters) - set(self.filters)
        if unknown:
            raise ReportError(
                _("The report “%(name)s” has no filter %(filters)s; it accepts: %(accepted)s.")
                % {
                    "name": self.name,
                    "filters": ", ".join(sorted(unknown)),
                    "accepted": ", ".join(self.filters) or "-",
                }
            )
        return self.func(**{k: v for k, v in filters.items() if v not in (None, "")})

    def run_kept(self, **filters) -> pd.DataFrame:
        """`run`, kept in the shared cache per filters and language until a service changes
        the data of the report's scopes (reports without scopes run every time)."""
        if not self.scopes:
            return self.run(**filters)
        from django.utils.translation import get_language

        from lms.scoped_cache import scoped_get

        asked = json.dumps(filters, sort_keys=True, default=str)
        digest = hashlib.sha256(asked.encode()).hexdigest()[:16]
        name = f"report:{self.name}:{get_language()}:{digest}"
        return scoped_get(name, scopes=self.scopes, build=lambda: self.run(**filters))

    def headers(self, frame: pd.DataFrame) -> list[str]:
        return [self.label(column) for column in frame.columns]

    def to_xlsx(self, frame: pd.DataFrame) -> bytes:
        """The frame as .xlsx: labelled bold header, formats by type, inert text cells."""
        percent = {i for i, column in enumerate(frame.columns) if column in self.percentages}
        return spreadsheets.xlsx_bytes(
            self.headers(frame), _rows(frame), title=str(self.title), percentages=percent
        )

    def to_csv(self, frame: pd.DataFrame) -> bytes:
        """The frame as UTF-8 CSV with a byte-order mark; formula-like text neutralised."""
        return spreadsheets.csv_bytes(self.headers(frame), _rows(frame))


def _rows(frame: pd.DataFrame) -> Iterable[list]:
    for row in frame.itertuples(index=False, name=None):
        yield [spreadsheets.plain_value(value) for value in row]


def records_frame(records, columns: list[str]) -> pd.DataFrame:
    """A DataFrame from a queryset's `values_list` (or any iterable of tuples)."""
    return pd.DataFrame.from_records(list(records), columns=columns)


def sql_frame(template: str, columns: list[str], **tables: QuerySet) -> pd.DataFrame:
    """Run a second level of aggregation over querysets and return it as a DataFrame.

    The ORM groups once (`.values().annotate()`); a report that needs a figure per batch
    from a rule per participant ("attended at least 80 % of the sessions that count for
    them") needs to group twice, which the ORM cannot say. `template` is that outer SELECT
    with `{name}` where each queryset goes as a derived table; the querysets keep every
    filter and join, compiled by Django with their parameters, so the outer SQL holds no
    user input. Name the querysets' columns with `.values(alias=F(...))` and refer to those
    aliases. Keep the template to SQL that SQLite and PostgreSQL share. A queryset that
    Django knows to be empty (`__in=[]`) has no SQL: return early before calling this.
    """
    parts, params = [], []
    for literal, name, _spec, _conversion in Formatter().parse(template):
        parts.append(literal)
        if name is None:
            continue
        sql, table_params = tables[name].query.sql_with_params()
        parts.append(f"({sql})")
        params.extend(table_params)
    with connection.cursor() as cursor:
        cursor.execute("".join(parts), params)
        return pd.DataFrame.from_records(cursor.fetchall(), columns=columns)


_registry: dict[str, Report] = {}
_choices: dict[str, Callable[[], list[tuple[str, str]]]] = {}
_discovered = False


def register(
    name: str,
    *,
    title,
    func: Callable[..., pd.DataFrame],
    filters: Iterable[str] = ALL_FILTERS,
    chart: Chart | None = None,
    permission: Callable[[object], bool] | str = is_organiser,
    description="",
    labels: dict[str, str] | None = None,
    scopes: Iterable[str] = (),
    percentages: Iterable[str] = (),
) -> Report:
    """Add a report under `name` (the command's NAME and the admin URL). Re-registering a
    name replaces it (modules may be re-imported in tests). `permission` is a callable
    `user -> bool` or a permission codename; the default lets organisers only. `scopes`
    (lms.scoped_cache) let the admin page keep the figures until that data changes.
    `percentages` names the columns that hold percentages (30.0 meaning 30 %)."""
    filters = tuple(filters)
    bad = [f for f in filters if f not in FILTERS]
    if bad:
        raise ValueError(f"Unknown report filter(s) {bad}; known: {list(FILTERS)}")
    report = Report(
        name=name,
        title=title,
        func=func,
        filters=filters,
        chart=chart,
        permission=permission,
        description=description,
        labels=dict(labels or {}),
        scopes=tuple(scopes),
        percentages=tuple(percentages),
    )
    _registry[name] = report
    return report


def set_filter_choices(name: str, func: Callable[[], list[tuple[str, str]]]) -> None:
    """Let the app owning the data offer the choices of a filter (value, label) to forms."""
    if name not in FILTERS:
        raise ValueError(f"Unknown report filter {name!r}")
    _choices[name] = func


def filter_choices(name: str) -> list[tuple[str, str]] | None:
    autodiscover()
    func = _choices.get(name)
    return func() if func else None


def autodiscover() -> None:
    """Import `<app>.reports` of every installed app that has one (once)."""
    global _discovered
    if _discovered:
        return
    for config in apps.get_app_configs():
        module_name = f"{config.name}.reports"
        if module_name == __name__:
            continue
        try:
            import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
    _discovered = True


def all_reports() -> list[Report]:
    autodiscover()
    return sorted(_registry.values(), key=lambda report: report.name)


def get_report(name: str) -> Report:
    """The report called `name`; ReportError listing the known names when there is none."""
    autodiscover()
    try:
        return _registry[name]
    except KeyError:
        raise ReportError(
            _("There is no report “%(name)s”. Reports: %(names)s.")
            % {"name": name, "names": ", ".join(r.name for r in all_reports())}
        ) from None


def parse_filters(report: Report, raw: dict[str, str | None]) -> dict:
    """Turn text filters (command line, query string) into the values reports take:
    dates as `datetime.date`, the organisation as an int; empty values are dropped."""
    parsed = {}
    for name, value in raw.items():
        if value in (None, ""):
            continue
        if name not in report.filters:
            raise ReportError(
                _("The report “%(report)s” cannot be filtered by %(filter)s.")
                % {"report": report.name, "filter": FILTERS.get(name, name)}
            )
        parsed[name] = _parse_value(name, value)
    if (
        parsed.get("date_from")
        and parsed.get("date_to")
        and parsed["date_from"] > parsed["date_to"]
    ):
        raise ReportError(_("The start of the date range is after its end."))
    return parsed


def _parse_value(name: str, value):
    if name in ("date_from", "date_to"):
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value).strip())
        except ValueError:
            raise ReportError(
                _("%(filter)s: “%(value)s” is not a date (YYYY-MM-DD).")
                % {"filter": FILTERS[name], "value": value}
            ) from None
    if name == "organisation":
        try:
            return int(str(value).strip())
        except ValueError:
            raise ReportError(
                _("Organisation: “%(value)s” is not an organisation id (a number).")
                % {"value": value}
            ) from None
    return str(value).strip()
