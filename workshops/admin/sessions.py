"""Wagtail admin of sessions: the session listing and, per batch, the attendance register,
the timetable generator, the completion roster, trainer assignment and the change history.

Registered by wagtail_hooks.py. The batch screens are for organisers; trainers mark their own
sessions on the front-end page (workshops:session_attendance).
"""

import csv
import datetime as dt
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet

from lms.admin_listing import ListingIndexView
from lms.admin_scope import ProtectedDeleteView
from lms.private_files import PrivateFileInput
from lms.templatetags.localised_builtins import date as date_filter
from workshops import selectors, services
from workshops.admin.views import ServiceFormMixin
from workshops.errors import WorkshopError
from workshops.forms import TimetableForm, TrainerAssignmentForm, TrainerSearchForm
from workshops.models import (
    Attendance,
    AttendanceChange,
    Batch,
    Nomination,
    Session,
    TrainerAssignment,
)
from workshops.permissions import is_organiser
from workshops.services import (
    session_timetable_create,
    trainer_assign,
    trainer_unassign,
)

NS = "workshops_sessions"


def _url(name: str, *args) -> str:
    return reverse(f"{NS}:{name}", args=args)


def _session_fields(view) -> dict:
    """The form's values as the session services take them (a cleared scan is "")."""
    fields = view.service_fields(services.sessions.EDITABLE_FIELDS)
    if "sign_in_sheet" in fields:
        if "sign_in_sheet" not in view.form.changed_data:
            del fields["sign_in_sheet"]
        elif fields["sign_in_sheet"] is False:
            fields["sign_in_sheet"] = ""
    return fields


class SessionCreateView(ServiceFormMixin, generic.CreateView):
    error_field = staticmethod(services.session_error_field)

    def save_instance(self):
        return services.session_create(**_session_fields(self))


class SessionEditView(ServiceFormMixin, generic.EditView):
    error_field = staticmethod(services.session_error_field)

    def save_instance(self):
        return services.session_update(
            session=self.object, by=self.request.user, **_session_fields(self)
        )


class SessionViewSet(ModelViewSet):
    index_view_class = ListingIndexView
    model = Session
    icon = "time"
    menu_label = gettext_lazy("Sessions")
    add_view_class = SessionCreateView
    edit_view_class = SessionEditView
    delete_view_class = ProtectedDeleteView  # a session with attendance stays
    form_fields = ["batch", "starts_at", "ends_at", "topic", "topic_bn", "room", "sign_in_sheet"]
    list_filter = ["batch"]
    search_fields = ["topic", "topic_bn", "room"]
    list_export = ["batch", "starts_at", "ends_at", "topic", "topic_bn", "room"]
    inspect_view_enabled = True

    def formfield_for_dbfield(self, db_field, **kwargs):
        if db_field.name == "sign_in_sheet":
            # A private file: "Currently" links the view that checks who asks.
            kwargs["widget"] = PrivateFileInput(
                link=lambda scan: reverse(
                    "workshops:session_sign_in_scan", args=[scan.instance.pk]
                ),
                link_text=gettext_lazy("the signed sheet"),
            )
        return super().formfield_for_dbfield(db_field, **kwargs)

    @property
    def list_display(self):
        return [
            "topic",
            "batch",
            "starts_at",
            "room",
            Column(
                "tools",
                label=_("Trainers and attendance"),
                accessor=lambda s: format_html(
                    '<a href="{}">{}</a> · <a href="{}">{}</a>',
                    _url("trainers", s.pk),
                    _("Trainers"),
                    reverse("workshops:session_attendance", args=[s.pk]),
                    _("Attendance"),
                ),
            ),
        ]


class _OrganiserView(WagtailAdminTemplateMixin, TemplateView):
    """An admin screen that only organisers open."""

    header_icon = "group"

    def dispatch(self, request, *args, **kwargs):
        if not is_organiser(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": _url("batches"), "label": _("Registers and completion")},
            {"url": "", "label": self.get_page_title()},
        ]


class _BatchView(_OrganiserView):
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.batch = get_object_or_404(Batch.objects.select_related("event"), pk=kwargs["pk"])

    def get_page_subtitle(self):
        return str(self.batch)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["batch"] = self.batch
        context["links"] = _batch_links(self.batch)
        return context


def _batch_links(batch: Batch) -> list[tuple[str, str]]:
    return [
        (_("Register"), _url("register", batch.pk)),
        (_("Completion"), _url("completion", batch.pk)),
        (_("Timetable"), _url("timetable", batch.pk)),
        (_("History"), _url("history", batch.pk)),
    ]


class BatchesView(_OrganiserView):
    page_title = gettext_lazy("Registers and completion")
    template_name = "workshops/admin/batches.html"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        batches = (
            Batch.objects.select_related("event")
            .annotate(
                session_count=Count("sessions", distinct=True),
                confirmed=Count(
                    "nominations",
                    filter=Q(nominations__status=Nomination.Status.CONFIRMED),
                    distinct=True,
                ),
            )
            .order_by("-start_date", "event__title", "number")
        )
        context["rows"] = [(b, _batch_links(b)) for b in batches]
        return context


class RegisterView(_BatchView):
    """The participants x sessions grid, one day of the batch at a time (?day=YYYY-MM-DD);
    the changed cells are saved together (services.attendance_record)."""

    page_title = gettext_lazy("Attendance register")
    template_name = "workshops/admin/register.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        register = selectors.batch_register_day(self.batch, _requested_day(self.request))
        context.update(register=register, rows=_register_rows(register) if register else [])
        return context

    def post(self, request, *args, **kwargs):
        """Save the whole grid at once: every changed cell, or none when one is refused."""
        sessions, rows = selectors.batch_register(self.batch)
        marks = [
            services.Mark(session, row.nomination.participant_id, value)
            for row in rows
            for session, attendance, _counts in row.cells
            if (value := request.POST.get(f"a-{row.nomination.participant_id}-{session.pk}", ""))
            and value != getattr(attendance, "status", "")
        ]
        try:
            recorded = services.attendance_record(
                marks=marks, by=request.user, source=AttendanceChange.Source.REGISTER
            )
        except WorkshopError as error:
            messages.error(request, _("Nothing was saved: %(error)s") % {"error": error})
        else:
            count = recorded.created + recorded.changed
            messages.success(request, _("Register saved: %(count)s changes.") % {"count": count})
        return redirect(request.get_full_path())  # back to the day that was saved


def _register_rows(register: selectors.RegisterDay) -> list[tuple]:
    """The day's rows ready to print: per cell the session, its label for screen readers, the
    choice of marks with the cell's own selected, and whether it counts for the person.

    The choice is rendered once per mark and the label once per session, not in each cell: a
    day of a 230-person batch has 460 cells, and a template loop over the marks in every cell
    was most of the page's cost (issue 20)."""
    marks = [("", "–")] + [(value, str(label)) for value, label in Attendance.Status.choices]
    options = {
        status: format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (value, " selected" if value and value == status else "", label)
                for value, label in marks
            ),
        )
        for status, _label in marks
    }
    dhaka = ZoneInfo("Asia/Dhaka")
    labels = {
        s.pk: date_filter(timezone.localtime(s.starts_at, dhaka), "j M H:i")
        for s in register.sessions
    }
    return [
        (
            nomination,
            [
                (session, labels[session.pk], options.get(status, options[""]), counts)
                for session, status, counts in cells
            ],
            attended,
        )
        for nomination, cells, attended in register.rows
    ]


def _requested_day(request) -> dt.date | None:
    """The ?day=YYYY-MM-DD asked for; None when absent or not a date (the register then
    opens on today or the batch's first day)."""
    try:
        return parse_date(request.GET.get("day", ""))
    except ValueError:  # well formed but impossible, such as 2015-02-30
        return None


class HistoryView(_BatchView):
    page_title = gettext_lazy("Attendance changes")
    template_name = "workshops/admin/history.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["changes"] = (
            AttendanceChange.objects.filter(attendance__batch=self.batch)
            .select_related("attendance__session", "attendance__participant", "changed_by")
            .order_by("-changed_at", "-pk")[:500]
        )
        return context


class TimetableView(_BatchView):
    page_title = gettext_lazy("Create the timetable")
    template_name = "workshops/admin/timetable.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", TimetableForm(initial={"room": self.batch.venue[:100]}))
        context["sessions"] = Session.objects.filter(batch=self.batch).order_by("starts_at")
        return context

    def post(self, request, *args, **kwargs):
        form = TimetableForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            created = session_timetable_create(
                batch=self.batch,
                slots=form.slots(),
                skip_weekend=form.cleaned_data["skip_weekend"],
                room=form.cleaned_data["room"],
            )
        except WorkshopError as error:
            messages.error(request, str(error))
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, _("%(count)s sessions created.") % {"count": len(created)})
        return redirect(_url("timetable", self.batch.pk))


class CompletionView(_BatchView):
    """Who completed the batch and why not; ?format=csv downloads it."""

    page_title = gettext_lazy("Completion")
    template_name = "workshops/admin/completion.html"

    def get(self, request, *args, **kwargs):
        results = selectors.batch_completion(self.batch)
        if request.GET.get("format") == "csv":
            return _completion_csv(self.batch, results)
        context = self.get_context_data(results=results)
        context["eligible"] = sum(1 for r in results if r.eligible)
        return self.render_to_response(context)


def _completion_csv(batch: Batch, results) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="completion-{batch.event.slug}-batch{batch.number}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(
        [_("Name"), _("Organisation"), _("Attended"), _("Counted"), _("Needed")]
        + [_("Eligible"), _("Reasons")]
    )
    for r in results:
        writer.writerow(
            [
                r.participant.name,
                r.participant.organisation or "",
                r.attended,
                r.counted_sessions,
                r.needed,
                "yes" if r.eligible else "no",
                "; ".join(r.reasons),
            ]
        )
    return response


class TrainersView(_OrganiserView):
    """Trainers of one session: assign (certified first) and remove."""

    page_title = gettext_lazy("Trainers")
    template_name = "workshops/admin/trainers.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.session = get_object_or_404(
            Session.objects.select_related("batch__event"), pk=kwargs["pk"]
        )

    def get_page_subtitle(self):
        return str(self.session)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["session"] = self.session
        search = TrainerSearchForm(self.request.GET or None)
        narrowing = search.cleaned_data if search.is_valid() else {}
        context["search_form"] = search
        context.setdefault(
            "form",
            TrainerAssignmentForm(
                session=self.session,
                search=narrowing.get("q", ""),
                certified_only=narrowing.get("certified", False),
            ),
        )
        context["assignments"] = self.session.trainers.select_related("trainer__organisation")
        context["links"] = _batch_links(self.session.batch)
        return context

    def post(self, request, *args, **kwargs):
        if "remove" in request.POST:
            assignment = get_object_or_404(
                TrainerAssignment, pk=request.POST["remove"], session=self.session
            )
            trainer_unassign(assignment=assignment)
            messages.success(request, _("%(name)s removed.") % {"name": assignment.trainer})
            return redirect(_url("trainers", self.session.pk))
        form = TrainerAssignmentForm(request.POST, session=self.session)
        if form.is_valid():
            try:
                trainer_assign(session=self.session, **form.cleaned_data)
            except WorkshopError as error:
                form.add_error("trainer", str(error))
            else:
                messages.success(request, _("Trainer assigned."))
                return redirect(_url("trainers", self.session.pk))
        return self.render_to_response(self.get_context_data(form=form))


class RegistersViewSet(ViewSet):
    name = NS
    icon = "tasks"
    menu_label = gettext_lazy("Registers and completion")

    def get_urlpatterns(self):
        return [
            path("", BatchesView.as_view(), name="batches"),
            path("batch/<int:pk>/register/", RegisterView.as_view(), name="register"),
            path("batch/<int:pk>/history/", HistoryView.as_view(), name="history"),
            path("batch/<int:pk>/timetable/", TimetableView.as_view(), name="timetable"),
            path("batch/<int:pk>/completion/", CompletionView.as_view(), name="completion"),
            path("session/<int:pk>/trainers/", TrainersView.as_view(), name="trainers"),
        ]
