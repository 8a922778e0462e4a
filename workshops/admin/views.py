"""Admin views of workshops: nomination status actions, batch seats, list import, planner.

Thin views: a form, one service call, a message. Registered by ``wagtail_hooks.py``.
"""

from __future__ import annotations

import datetime as dt

import django_filters
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.views import generic

from lms.admin_listing import ListingIndexView
from lms.admin_originals import OriginalPagesFilterSet
from lms.formatting import localise_numbers
from lms.spreadsheets import XLSX_CONTENT_TYPE
from lms.translation import in_default_language
from lms.uploads import UploadRefused, check_size, megabytes
from workshops import services
from workshops.identity import (
    InvalidMobile,
    normalise_email,
    normalise_employee_id,
    normalise_mobile,
)
from workshops.importing import (
    error_rows_sheet,
    import_template_sheet,
    import_upload_delete,
    import_upload_load,
    import_upload_save,
    import_uploads_delete_abandoned,
    participants_check,
    participants_import,
)
from workshops.models import Batch, EventPage, Nomination
from workshops.permissions import can_write_to_batch

Status = Nomination.Status


def require_perm(request, codename: str) -> None:
    if not request.user.has_perm(f"workshops.{codename}"):
        raise PermissionDenied


# --- participants, organisations ---------------------------------------------------------


class SafeIndexView(ListingIndexView):
    """The generic listing with readable, complete and formula-safe exports."""


class OrganisationIndexView(SafeIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("parent")


class ParticipantFormMixin:
    """Admin form rules: one person = one participant, so identifiers are normalised."""

    def clean_mobile(self):
        try:
            return normalise_mobile(self.cleaned_data.get("mobile"))
        except InvalidMobile:
            raise forms.ValidationError(
                _("Enter a Bangladeshi mobile number, e.g. 01711 000000.")
            ) from None

    def clean_email(self):
        return normalise_email(self.cleaned_data.get("email"))

    def clean_employee_id(self):
        return normalise_employee_id(self.cleaned_data.get("employee_id"))


class ParticipantIndexView(SafeIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("organisation", "rank")


# --- batches -----------------------------------------------------------------------------


class BatchIndexView(SafeIndexView):
    base_filterset_class = OriginalPagesFilterSet  # the event filter lists originals only

    def get_edit_url(self, instance):
        # A batch's own page is its roster; its edit form is one link away from there.
        return self.get_inspect_url(instance)

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("event")
            .annotate(
                confirmed_count=Count("nominations", filter=Q(nominations__status="confirmed")),
                waitlisted_count=Count("nominations", filter=Q(nominations__status="waitlisted")),
            )
        )


class ServiceFormMixin:
    """A create or edit view whose form only checks input: saving goes through a service,
    and the service's WorkshopError becomes an error on the form (nothing is saved)."""

    @staticmethod
    def error_field(error: services.WorkshopError) -> str | None:
        return None

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except services.WorkshopError as error:
            field = self.error_field(error)
            form.add_error(field if field in form.fields else None, error.message)
            self.produced_error_message = error.message
            return self.form_invalid(form)

    def service_fields(self, allowed) -> dict:
        return {name: self.form.cleaned_data[name] for name in self.form.fields if name in allowed}


class BatchCreateView(ServiceFormMixin, generic.CreateView):
    error_field = staticmethod(services.batch_error_field)

    def save_instance(self):
        return services.batch_create(
            by=self.request.user, **self.service_fields(services.batches.EDITABLE_FIELDS)
        )


class BatchEditView(ServiceFormMixin, generic.EditView):
    error_field = staticmethod(services.batch_error_field)

    def save_instance(self):
        result = services.batch_update(
            batch=self.object,
            by=self.request.user,
            **self.service_fields(services.batches.EDITABLE_FIELDS),
        )
        if result.promoted:
            messages.info(
                self.request,
                _("%(n)s promoted from the wait-list.") % {"n": len(result.promoted)},
            )
        return result.batch


class BatchMessageForm(forms.Form):
    subject = forms.CharField(max_length=200, label=gettext_lazy("Subject"))
    body = forms.CharField(
        max_length=5000,
        label=gettext_lazy("Message"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy(
            "Sent by e-mail to every confirmed participant; the greeting and the closing "
            "are in each reader's language."
        ),
    )


class MoveForm(forms.Form):
    to_batch = forms.ModelChoiceField(queryset=Batch.objects.none(), label=gettext_lazy("To"))


class BatchInspectView(generic.InspectView):
    """The batch's own page, its roster: seats taken and free, the confirmed, the wait-list
    in order with positions, the nominated in queue order; the actions (confirm, wait-list,
    cancel, move, promote from the wait-list) go through the nomination services. A fixed
    number of queries whatever the batch's size."""

    template_name = "workshops/admin/batch_inspect.html"

    def get_object(self, queryset=None):
        return get_object_or_404(Batch.objects.select_related("event"), pk=self.pk)

    page_title = gettext_lazy("Roster")

    def get_page_subtitle(self):
        return str(self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        batch = self.object
        nominations = list(
            batch.nominations.filter(status__in=services.ACTIVE_STATUSES)
            .select_related("participant__organisation", "participant__rank")
            .order_by("queue_position", "created_at", "pk")
        )
        by_status = {status: [] for status in services.ACTIVE_STATUSES}
        for nomination in nominations:
            nomination.actions = services.nomination_actions(nomination)
            by_status[nomination.status].append(nomination)
        confirmed = sorted(by_status[Status.CONFIRMED], key=lambda n: n.participant.name)
        waitlisted = sorted(by_status[Status.WAITLISTED], key=lambda n: n.waitlist_position)
        others = list(
            Batch.objects.filter(event_id=batch.event_id)
            .exclude(pk=batch.pk)
            .exclude(status__in=[Batch.Status.CANCELLED, Batch.Status.COMPLETED])
            .select_related("event")
        )
        may_change = self.request.user.has_perm("workshops.change_nomination")
        context.update(
            confirmed=confirmed,
            waitlisted=waitlisted,
            nominated=by_status[Status.NOMINATED],
            free=max(batch.capacity - len(confirmed), 0),
            other_batches=others,
            confirm_all_url=reverse("workshops_batch_confirm_all", args=[batch.pk]),
            act_url=reverse("workshops_batch_act", args=[batch.pk]),
            can_change=may_change,
            action_labels=services.ACTIONS,
            links=_roster_links(
                batch, can_edit=self.request.user.has_perm("workshops.change_batch")
            ),
            sessions=list(batch.sessions.order_by("starts_at")),
            message_form=kwargs.get("message_form") or BatchMessageForm(),
            message_url=reverse("workshops_batch_message", args=[batch.pk]),
            messages_sent=list(batch.messages.select_related("sent_by")[:20]),
            office_order_url=reverse("workshops_batch_office_order", args=[batch.pk])
            if self.request.user.has_perm("workshops.add_officeorder")
            else "",
            office_order=batch.office_orders.order_by("-version").first(),
        )
        return context


def _roster_links(batch: Batch, *, can_edit: bool) -> list[tuple[str, str]]:
    register = "workshops_sessions:{}"
    links = [
        (_("Register"), reverse(register.format("register"), args=[batch.pk])),
        (_("Timetable"), reverse(register.format("timetable"), args=[batch.pk])),
        (_("Completion"), reverse(register.format("completion"), args=[batch.pk])),
        (_("History"), reverse(register.format("history"), args=[batch.pk])),
    ]
    if can_edit:
        links.append((_("Edit the batch"), reverse("workshops_batch:edit", args=[batch.pk])))
    return links


def batch_act(request, pk):
    """POST from the roster: an action on one nomination (confirm, wait-list, cancel,
    withdraw, move) or "fill free seats from the wait-list"; back to the roster."""
    require_perm(request, "change_nomination")
    batch = get_object_or_404(Batch.objects.select_related("event"), pk=pk)
    if request.method != "POST":
        return redirect("workshops_batch:inspect", pk)
    try:
        text = _batch_act(request, batch)
    except services.WorkshopError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, text)
    return redirect("workshops_batch:inspect", pk)


def _batch_act(request, batch: Batch) -> str:
    action = request.POST.get("action", "")
    if action == "fill":
        promoted = services.batch_fill_from_waitlist(batch=batch, by=request.user)
        return _("%(n)s promoted from the wait-list.") % localise_numbers({"n": len(promoted)})
    nomination = get_object_or_404(
        Nomination.objects.select_related("participant", "batch__event"),
        pk=request.POST.get("nomination") or 0,
        batch=batch,
    )
    if action == "move":
        form = MoveForm(request.POST)
        form.fields["to_batch"].queryset = Batch.objects.filter(event_id=batch.event_id)
        if not form.is_valid():
            raise services.WorkshopError(_("Choose the batch to move to."))
        to_batch = form.cleaned_data["to_batch"]
        moved = services.nomination_move(nomination=nomination, to_batch=to_batch, by=request.user)
        return _("%(name)s moved to %(batch)s (%(status)s).") % {
            "name": moved.participant,
            "batch": to_batch,
            "status": moved.get_status_display().lower(),
        }
    if action not in services.ACTIONS:
        raise services.WorkshopError(_("Choose an action."))
    result = services.nomination_act(nomination=nomination, action=action, by=request.user)
    return _("%(nomination)s is now %(status)s.") % {
        "nomination": result.participant,
        "status": result.get_status_display().lower(),
    }


def batch_message(request, pk):
    """POST: write to the batch's confirmed participants (organisers, the batch's trainers);
    GET: the form and the messages sent. The service checks who writes."""
    batch = get_object_or_404(Batch.objects.select_related("event"), pk=pk)
    if not can_write_to_batch(request.user, batch):
        raise PermissionDenied
    form = BatchMessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            message = services.batch_message_send(batch=batch, by=request.user, **form.cleaned_data)
        except services.WorkshopError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Message “%(subject)s” queued for %(n)s participants.")
                % localise_numbers({"subject": message.subject, "n": message.readers}),
            )
            if request.user.has_perm("workshops.view_batch"):
                return redirect("workshops_batch:inspect", pk)
            return redirect("workshops_batch_message", pk)
    context = {
        "batch": batch,
        "form": form,
        "readers": services.batch_message_readers(batch).count(),
        "messages_sent": batch.messages.select_related("sent_by")[:20],
    }
    return TemplateResponse(request, "workshops/admin/batch_message.html", context)


def batch_confirm_all(request, pk):
    """POST: confirm every nominated participant of the batch (overflow is wait-listed)."""
    require_perm(request, "change_nomination")
    batch = get_object_or_404(Batch, pk=pk)
    if request.method == "POST":
        try:
            counts = services.batch_confirm_nominated(batch=batch, by=request.user)
        except services.WorkshopError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("%(confirmed)s confirmed, %(waitlisted)s wait-listed, %(clashes)s left (clash).")
                % counts,
            )
    return redirect("workshops_batch:inspect", pk)


# --- nominations -------------------------------------------------------------------------


class NominationFilterSet(OriginalPagesFilterSet):
    batch = django_filters.ModelChoiceFilter(
        queryset=Batch.objects.select_related("event"), label=gettext_lazy("Batch")
    )

    class Meta:
        model = Nomination
        fields = ["status", "batch__event", "batch"]


class NominationIndexView(SafeIndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("participant__organisation", "batch__event", "nominated_by")
        )

    def get_edit_url(self, instance):
        # Status changes go through the services: the row opens the page with the actions.
        return self.get_inspect_url(instance)


class NominationCreateView(generic.CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return services.nomination_create(
            batch=data["batch"],
            participant=data["participant"],
            nominated_by=data.get("nominated_by"),
            by=self.request.user,
        )

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except services.WorkshopError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)


class NominationEditView(generic.EditView):
    """Nominations are not edited field by field; their page offers the status actions."""

    def dispatch(self, request, *args, **kwargs):
        return redirect("workshops_nomination:inspect", kwargs["pk"])


class StatusForm(forms.Form):
    action = forms.ChoiceField(choices=list(services.ACTIONS.items()))
    reason = forms.CharField(
        max_length=255, required=False, label=gettext_lazy("Reason (kept in the history)")
    )


class NominationInspectView(generic.InspectView):
    """A nomination, its status history (who, when, why) and the actions it allows."""

    template_name = "workshops/admin/nomination_inspect.html"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Nomination.objects.select_related("participant", "batch__event", "nominated_by"),
            pk=self.pk,
        )

    def get_edit_url(self):
        return None

    def post(self, request, *args, **kwargs):
        require_perm(request, "change_nomination")
        form = StatusForm(request.POST)
        if form.is_valid():
            try:
                result = services.nomination_act(
                    nomination=self.object,
                    action=form.cleaned_data["action"],
                    by=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except services.WorkshopError as error:
                messages.error(request, error.message)
            else:
                messages.success(
                    request,
                    _("%(nomination)s is now %(status)s.")
                    % {"nomination": result, "status": result.get_status_display().lower()},
                )
        return redirect("workshops_nomination:inspect", self.object.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            changes=self.object.changes.select_related("changed_by"),
            actions=[
                (key, services.ACTIONS[key]) for key in services.nomination_actions(self.object)
            ],
            can_change=self.request.user.has_perm("workshops.change_nomination"),
        )
        return context


# --- import ------------------------------------------------------------------------------


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Nomination list (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    event = forms.ModelChoiceField(
        queryset=in_default_language(EventPage.objects.order_by("-start_date")),
        required=False,
        label=gettext_lazy("Nominate to event"),
        help_text=gettext_lazy("Leave empty to add or update participants only."),
    )
    batch = forms.IntegerField(
        min_value=1,
        required=False,
        label=gettext_lazy("Batch number"),
        help_text=gettext_lazy("Empty: the event's only batch (created if it has none)."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_size(upload.size, limit=settings.UPLOAD_MAX_BYTES)
        except UploadRefused as refused:
            raise forms.ValidationError(refused.message) from None
        return upload


_SESSION_KEY = "workshops_import"


def _checked_list(request):
    """The list this organiser checked (kept in the private storage), or None."""
    state = request.session.get(_SESSION_KEY)
    result = import_upload_load(name=state["path"]) if state else None
    if result is None:
        return None, None, None
    event = EventPage.objects.filter(pk=state.get("event")).first()
    return state, result, event


def _forget_checked_list(request) -> None:
    state = request.session.pop(_SESSION_KEY, None)
    if state:
        import_upload_delete(name=state["path"])


def _expired(request):
    messages.error(
        request,
        _("The checked list is no longer kept (after %(hours)s hours); upload it again.")
        % localise_numbers({"hours": settings.IMPORT_KEEP_HOURS}),
    )
    return redirect("workshops_import:upload")


def import_upload(request):
    """Step 1: upload a list; it is read and checked once, and nothing is written yet."""
    require_perm(request, "add_participant")
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = participants_check(data=upload.read(), filename=upload.name)
        except services.WorkshopError as error:
            form.add_error("file", str(error))
        else:
            _forget_checked_list(request)  # a new list replaces the one checked before
            import_uploads_delete_abandoned(
                older_than=dt.timedelta(hours=settings.IMPORT_KEEP_HOURS)
            )
            event = form.cleaned_data["event"]
            request.session[_SESSION_KEY] = {
                "path": import_upload_save(result=result),
                "filename": upload.name,
                "event": event.pk if event else None,
                "batch": form.cleaned_data["batch"],
            }
            return redirect("workshops_import:preview")
    context = {
        "form": form,
        "max_size": megabytes(settings.UPLOAD_MAX_BYTES),
        "keep_hours": localise_numbers({"n": settings.IMPORT_KEEP_HOURS})["n"],
    }
    return TemplateResponse(request, "workshops/admin/import_upload.html", context)


def import_preview(request):
    """Step 2: what the checked list would do; confirm (POST) writes everything or nothing."""
    require_perm(request, "add_participant")
    state, checked, event = _checked_list(request)
    if checked is None:
        return _expired(request)
    try:
        result = participants_import(
            checked=checked,
            event=event,
            batch_number=state.get("batch"),
            by=request.user,
            dry_run=request.method != "POST",
        )
    except services.WorkshopError as error:
        messages.error(request, str(error))
        return redirect("workshops_import:upload")
    if request.method == "POST" and result.written:
        _forget_checked_list(request)
        messages.success(
            request,
            _("Imported: %(new)s new participants, %(updated)s updated, %(nom)s nominations.")
            % {"new": result.to_create, "updated": result.to_update, "nom": result.nominations},
        )
        if result.batch_id is not None:
            return redirect("workshops_batch:inspect", result.batch_id)  # the batch it filled
        return redirect("workshops_participant:index")
    context = {"result": result, "state": state, "event": event, "errors": result.errors[:500]}
    return TemplateResponse(request, "workshops/admin/import_preview.html", context)


def import_template(request):
    """The nomination list template (.xlsx) to fill in: columns and two sample rows."""
    require_perm(request, "add_participant")
    response = HttpResponse(import_template_sheet(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="nomination-list-template.xlsx"'
    return response


def import_discard(request):
    """Start again: the checked list is deleted at once (POST)."""
    require_perm(request, "add_participant")
    if request.method == "POST":
        _forget_checked_list(request)
    return redirect("workshops_import:upload")


def import_errors(request):
    """The rows with errors as an .xlsx, to fix and upload again (from the checked list)."""
    require_perm(request, "add_participant")
    state, checked, event = _checked_list(request)
    if checked is None:
        return _expired(request)
    try:
        result = participants_import(
            checked=checked, event=event, batch_number=state.get("batch"), dry_run=True
        )
    except services.WorkshopError as error:
        messages.error(request, str(error))
        return redirect("workshops_import:upload")
    response = HttpResponse(
        error_rows_sheet(result.sheet, result.errors), content_type=XLSX_CONTENT_TYPE
    )
    response["Content-Disposition"] = 'attachment; filename="nomination-errors.xlsx"'
    patch_cache_control(response, private=True)
    return response


# --- planner -----------------------------------------------------------------------------


class PlanForm(forms.Form):
    event = forms.ModelChoiceField(
        queryset=in_default_language(EventPage.objects.order_by("-start_date")),
        label=gettext_lazy("Event"),
    )
    batches = forms.IntegerField(min_value=1, max_value=100, label=gettext_lazy("Batches"))
    capacity = forms.IntegerField(
        min_value=1, max_value=1000, label=gettext_lazy("Seats per batch")
    )


def plan_batches_view(request):
    """Preview a plan (GET with the form filled in), apply it (POST)."""
    require_perm(request, "change_batch")
    form = PlanForm(request.POST or request.GET or None)
    plan = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            if request.method == "POST":
                moved = services.event_plan_apply(
                    event=data["event"],
                    batches=data["batches"],
                    capacity=data["capacity"],
                    by=request.user,
                )
                messages.success(
                    request,
                    _("Plan applied: %(b)s batches, %(moved)s nominations moved.")
                    % {"b": data["batches"], "moved": moved},
                )
                return redirect(reverse("workshops_batch:index") + f"?event={data['event'].pk}")
            plan = services.event_plan_preview(
                event=data["event"], batches=data["batches"], capacity=data["capacity"]
            )
        except services.WorkshopError as error:
            form.add_error(None, str(error))
    context = {"form": form, "plan": plan}
    return TemplateResponse(request, "workshops/admin/plan_batches.html", context)
