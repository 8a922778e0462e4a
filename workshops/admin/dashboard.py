"""The organisers' panel on the Wagtail admin home: this month in figures.

This month's batches and the seats they have filled, attendance taken today, and each
trainer's load (sessions this month). A fixed number of queries, whatever the data, and
kept in the shared cache until the workshops services change a batch.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone
from wagtail.admin.ui.components import Component

from lms.permissions import is_organiser
from lms.scoped_cache import PAGES, scoped_get
from workshops.caching import BATCHES
from workshops.models import Attendance, Batch, Nomination, Session, TrainerAssignment

MONTH_BATCHES_SHOWN = 8
TRAINERS_SHOWN = 8

# Figures other apps add to the panel (e.g. certificates being issued): each a function
# `func(*, today) -> (label, value)`, registered from that app's reports.py.
_figures: list = []


def register_figure(func):
    """Add a figure to the organisers' panel; returns `func` (usable as a decorator)."""
    if func not in _figures:
        _figures.append(func)
    return func


@dataclass(frozen=True)
class MonthFigures:
    month_start: dt.date
    batches: list[dict]
    batch_count: int
    seats: int
    seats_filled: int
    sessions_today: int
    marks_today: int
    attended_today: int
    trainers: list[dict]

    @property
    def fill_rate(self) -> float | None:
        return round(100 * self.seats_filled / self.seats, 1) if self.seats else None

    @property
    def attendance_rate(self) -> float | None:
        return round(100 * self.attended_today / self.marks_today, 1) if self.marks_today else None


def month_figures(*, today: dt.date) -> MonthFigures:
    """Figures for the calendar month of `today` (Asia/Dhaka dates); cancelled batches left out."""
    start = today.replace(day=1)
    end = (start + dt.timedelta(days=32)).replace(day=1)
    batches = Batch.objects.filter(start_date__gte=start, start_date__lt=end).exclude(
        status=Batch.Status.CANCELLED
    )
    listed = list(
        batches.annotate(
            confirmed=Count(
                "nominations", filter=Q(nominations__status=Nomination.Status.CONFIRMED)
            )
        )
        .order_by("start_date", "number")
        .values("pk", "event__title", "number", "start_date", "end_date", "capacity", "confirmed")
    )
    day_start = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    today_sessions = Session.objects.filter(
        starts_at__gte=day_start, starts_at__lt=day_start + dt.timedelta(days=1)
    )
    marks = Attendance.objects.filter(session__in=today_sessions).aggregate(
        marks=Count("pk"),
        attended=Count(
            "pk", filter=Q(status__in=[Attendance.Status.PRESENT, Attendance.Status.LATE])
        ),
    )
    month_start_at = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    month_end_at = timezone.make_aware(dt.datetime.combine(end, dt.time.min))
    trainers = list(
        TrainerAssignment.objects.filter(
            session__starts_at__gte=month_start_at, session__starts_at__lt=month_end_at
        )
        .values("trainer", "trainer__name")
        .annotate(
            sessions=Count("session", distinct=True), batches=Count("session__batch", distinct=True)
        )
        .order_by("-sessions", "trainer__name")[:TRAINERS_SHOWN]
    )
    return MonthFigures(
        month_start=start,
        batches=listed[:MONTH_BATCHES_SHOWN],
        batch_count=len(listed),
        seats=sum(b["capacity"] for b in listed),
        seats_filled=sum(b["confirmed"] for b in listed),
        sessions_today=today_sessions.count(),
        marks_today=marks["marks"],
        attended_today=marks["attended"],
        trainers=trainers,
    )


class OrganiserDashboardPanel(Component):
    name = "gpms_organiser_dashboard"
    template_name = "workshops/admin/dashboard_panel.html"
    order = 50

    def get_context_data(self, parent_context):
        from lms.reports import autodiscover

        autodiscover()  # apps register their figures next to their reports
        today = timezone.localdate()
        context = super().get_context_data(parent_context)
        # Kept until a batch, its members, sessions, marks or trainers change, or a page is
        # published (event titles); one cache read instead of four aggregates.
        context["figures"] = scoped_get(
            f"month-figures:{today.isoformat()}",
            scopes=[BATCHES, PAGES],
            build=lambda: month_figures(today=today),
        )
        context["extra_figures"] = [
            dict(zip(("label", "value"), func(today=today), strict=True)) for func in _figures
        ]
        return context


def add_dashboard_panel(request, panels) -> None:
    """construct_homepage_panels hook: organisers only."""
    if is_organiser(request.user):
        panels.append(OrganiserDashboardPanel())
