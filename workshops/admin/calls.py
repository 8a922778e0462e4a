"""The organisers' side of nomination calls in the Wagtail admin: focal points (assign),
calls with their quotas (create, change, send, release), a call's page with its history,
and the approval queue (approve or decline, one by one or in bulk, with a reason).

Every write goes through ``workshops.services``; a WorkshopError becomes a message.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet

from lms.admin_scope import ProtectedDeleteView
from lms.formatting import localise_numbers
from workshops import selectors, services
from workshops.admin.views import SafeIndexView, require_perm
from workshops.models import Batch, FocalPoint, Nomination, NominationCall, NominationRequest


class _ServiceErrors:
    """A WorkshopError from the service that saves becomes the form's error."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except services.WorkshopError as error:
            form.add_error(None, error.message)
            # Wagtail's form_invalid shows this message over the form (it is set only when
            # the form's own validation fails, so a refusal of the service must set it).
            self.produced_error_message = error.message
            return self.form_invalid(form)


# --- focal points --------------------------------------------------------------------------


class FocalPointCreateView(_ServiceErrors, generic.CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return services.focal_point_assign(
            user=data["user"],
            organisation=data["organisation"],
            acts_for_sub_organisations=data["acts_for_sub_organisations"],
            by=self.request.user,
        )


class FocalPointIndexView(SafeIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("user", "organisation")


class FocalPointViewSet(ModelViewSet):
    model = FocalPoint
    icon = "user"
    index_view_class = FocalPointIndexView
    add_view_class = FocalPointCreateView
    list_display = ["user", "organisation", "acts_for_sub_organisations"]
    list_filter = ["organisation"]
    search_fields = ["user__email", "organisation__name"]
    form_fields = ["user", "organisation", "acts_for_sub_organisations"]
    copy_view_enabled = False
    list_export = ["user.email", "organisation.name", "acts_for_sub_organisations"]
    export_filename = "focal-points"


# --- calls ---------------------------------------------------------------------------------


class CallCreateView(_ServiceErrors, generic.CreateView):
    def save_instance(self):
        with transaction.atomic():
            call = super().save_instance()
            call.created_by = self.request.user
            call.save(update_fields=["created_by"])
            services.call_saved(call=call, by=self.request.user, created=True)
        return call


class CallEditView(_ServiceErrors, generic.EditView):
    def save_instance(self):
        with transaction.atomic():
            call = super().save_instance()
            services.call_saved(call=call, by=self.request.user)
        return call


class CallIndexView(SafeIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("event", "batch__event")


class DecideForm(forms.Form):
    nominations = forms.ModelMultipleChoiceField(
        queryset=Nomination.objects.filter(status=Nomination.Status.NOMINATED),
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(
        max_length=255, required=False, label=gettext_lazy("Reason (the focal point sees it)")
    )


def _decide(request, queryset) -> None:
    """Approve or decline the ticked nominations (POST of the call page or the queue)."""
    require_perm(request, "change_nomination")
    form = DecideForm(request.POST)
    form.fields["nominations"].queryset = queryset
    if not form.is_valid():
        messages.error(request, _("Tick the nominations to approve or decline."))
        return
    chosen = list(form.cleaned_data["nominations"].select_related("participant"))
    try:
        if "decline" in request.POST:
            declined, refused = services.nominations_decline(
                nominations=chosen, reason=form.cleaned_data["reason"], by=request.user
            )
            messages.success(request, _("%(n)s declined.") % localise_numbers({"n": declined}))
        else:
            done = services.nominations_approve(nominations=chosen, by=request.user)
            refused = [f"{n.participant}: {message}" for n, message in done.refused]
            messages.success(
                request,
                _("%(confirmed)s approved into seats, %(waitlisted)s wait-listed (batch full).")
                % localise_numbers(
                    {"confirmed": len(done.confirmed), "waitlisted": len(done.waitlisted)}
                ),
            )
    except services.WorkshopError as error:
        messages.error(request, error.message)
        return
    for message in refused:
        messages.warning(request, message)


class CallInspectView(generic.InspectView):
    """A call: quotas against nominations, the nominees and their states, the call's
    history; send, release unused quota, approve or decline."""

    template_name = "workshops/admin/call_inspect.html"

    def get_object(self, queryset=None):
        return get_object_or_404(
            NominationCall.objects.select_related("event", "batch__event"), pk=self.pk
        )

    def post(self, request, *args, **kwargs):
        call = self.object
        try:
            if "send" in request.POST:
                require_perm(request, "change_nominationcall")
                n = services.call_send(call=call, by=request.user)
                messages.success(
                    request, _("Sent to %(n)s focal points.") % localise_numbers({"n": n})
                )
            elif "release" in request.POST:
                require_perm(request, "change_nominationcall")
                n = services.call_release(call=call, by=request.user)
                messages.success(
                    request, _("%(n)s unused seats released.") % localise_numbers({"n": n})
                )
            else:
                _decide(request, Nomination.objects.filter(call=call))
        except services.WorkshopError as error:
            messages.error(request, error.message)
        return redirect("workshops_call:inspect", call.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        call = self.object
        context.update(
            quotas=selectors.call_quota_rows(call),
            nominations=list(selectors.call_nominations(call).select_related("nominated_by")),
            changes=call.changes.select_related("changed_by", "organisation"),
        )
        return context


class NominationCallViewSet(ModelViewSet):
    model = NominationCall
    icon = "mail"
    menu_label = gettext_lazy("Nomination calls")
    index_view_class = CallIndexView
    add_view_class = CallCreateView
    edit_view_class = CallEditView
    delete_view_class = ProtectedDeleteView  # a call with nominations stays
    inspect_view_enabled = True
    inspect_view_class = CallInspectView
    list_display = ["__str__", "deadline", "sent_at", "released_at"]
    list_filter = ["event"]
    copy_view_enabled = False
    panels = [
        MultiFieldPanel(
            [FieldPanel("event"), FieldPanel("batch"), FieldPanel("deadline")],
            heading=gettext_lazy("Event and deadline"),
        ),
        FieldPanel("ranks"),
        FieldPanel("note"),
        FieldPanel("remind_days_before"),
        FieldPanel("offer_released_to_waitlist"),
        InlinePanel("quotas", heading=gettext_lazy("Quotas"), label=gettext_lazy("Quota")),
    ]

    def get_edit_url(self, instance):
        return self.get_inspect_url(instance)


# --- the approval queue -------------------------------------------------------------------


QUEUE_PAGE_SIZE = 100


def approval_queue(request):
    """Every nomination of a call waiting for approval, oldest call first, a page at a time;
    bulk decisions on the ticked. Also the requests of officers whose organisation has no
    focal point, which the organisers approve (nominating the officer) or refuse."""
    require_perm(request, "change_nomination")
    waiting = Nomination.objects.filter(status=Nomination.Status.NOMINATED, call__isnull=False)
    call_id = request.GET.get("call", "")
    if call_id.isdigit():
        waiting = waiting.filter(call_id=int(call_id))
    if request.method == "POST":
        _decide(request, waiting)
        return redirect(request.get_full_path())
    rows = waiting.select_related(
        "participant__organisation",
        "participant__rank",
        "batch__event",
        "call__event",
        "call__batch__event",
    ).order_by("call__deadline", "batch__number", "queue_position", "pk")
    page = Paginator(rows, QUEUE_PAGE_SIZE).get_page(request.GET.get("p"))
    title = _("Approval queue")
    context = {
        "rows": page.object_list,
        "page": page,
        "call_id": call_id if call_id.isdigit() else "",
        "requests": _orphan_requests(),
        "header_title": title,
        "page_title": title,
    }
    return TemplateResponse(request, "workshops/admin/approval_queue.html", context)


def _orphan_requests() -> list:
    """Waiting requests of officers whose organisation has no focal point, each with the
    open batches of its event to choose from (a constant number of queries)."""
    requests = list(
        NominationRequest.objects.filter(status=NominationRequest.Status.PENDING).select_related(
            "participant__organisation", "event"
        )
    )
    focal = services.focal_points_for(
        {r.participant.organisation_id for r in requests if r.participant.organisation_id}
    )
    orphans = [r for r in requests if not focal.get(r.participant.organisation_id)]
    batches: dict[int, list[Batch]] = {}
    for batch in (
        Batch.objects.filter(event__in={r.event_id for r in orphans})
        .exclude(status__in=[Batch.Status.CANCELLED, Batch.Status.COMPLETED])
        .order_by("number")
    ):
        batches.setdefault(batch.event_id, []).append(batch)
    return [(r, batches.get(r.event_id, [])) for r in orphans]


def request_decide(request, pk: int):
    """Approve (nominate the officer to the chosen batch) or refuse an officer's request."""
    require_perm(request, "add_nomination")
    if request.method != "POST":
        return redirect("workshops_approvals:queue")
    nomination_request = get_object_or_404(NominationRequest, pk=pk)
    try:
        if "approve" in request.POST:
            batch_id = request.POST.get("batch", "")
            batch = Batch.objects.filter(pk=int(batch_id)).first() if batch_id.isdigit() else None
            nomination = services.nomination_request_approve(
                request=nomination_request, batch=batch, by=request.user
            )
            messages.success(
                request,
                _("%(name)s is nominated to %(batch)s.")
                % {"name": nomination.participant, "batch": nomination.batch},
            )
        else:
            services.nomination_request_refuse(request=nomination_request, by=request.user)
            messages.success(request, _("The request is not endorsed."))
    except services.WorkshopError as error:
        messages.error(request, error.message)
    return redirect("workshops_approvals:queue")


class ApprovalQueueViewSet(ViewSet):
    name = "workshops_approvals"
    icon = "tick"
    menu_label = gettext_lazy("Approval queue")

    def get_urlpatterns(self):
        from django.urls import path

        return [
            path("", approval_queue, name="queue"),
            path("requests/<int:pk>/", request_decide, name="request_decide"),
        ]
