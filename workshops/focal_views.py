"""The focal point's pages (``/workshops/focal/...``): their calls, seats left of each quota,
nominating an officer (found by e-mail, employee ID or mobile, or added), their own list
through the import, withdrawing and substituting; and the officer's own nominations and
requests to be nominated.

A focal point sees only their organisations' officers and nominations: a call without a
quota for them is 404, another organisation's nomination 404 (``workshops.permissions``).
Thin views: a form parses, one service writes, a WorkshopError becomes a message.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lms.formatting import localise_numbers
from lms.spreadsheets import XLSX_CONTENT_TYPE
from lms.translation import pages_in_language
from workshops import importing, selectors
from workshops.errors import WorkshopError
from workshops.focal_forms import (
    FindOfficerForm,
    NewOfficerForm,
    RequestEndorseForm,
    RequestForm,
    SubstituteForm,
    UploadListForm,
)
from workshops.models import EventPage, Nomination, NominationCall, NominationRequest
from workshops.permissions import (
    can_act_for_nomination,
    focal_organisation_ids,
    participant_of,
)
from workshops.services import (
    focal_points_for,
    nomination_request_create,
    nomination_request_endorse,
    nomination_request_refuse,
    nomination_submit,
    nomination_submit_new_officer,
    nomination_substitute,
    nomination_withdraw,
)


def _organisations(request) -> set[int]:
    ids = focal_organisation_ids(request.user)
    if not ids:
        raise PermissionDenied(_("You are not a focal point of any organisation."))
    return ids


def _call(request, pk: int) -> tuple[NominationCall, set[int]]:
    ids = _organisations(request)
    call = selectors.focal_calls(ids).filter(pk=pk).first()
    if call is None:
        raise Http404(_("No such call for your organisations."))
    return call, ids


def _nomination(request, pk: int) -> tuple[Nomination, set[int]]:
    ids = _organisations(request)
    nomination = get_object_or_404(
        Nomination.objects.select_related("participant", "call", "batch__event"), pk=pk
    )
    if not can_act_for_nomination(request.user, nomination):
        raise Http404(_("No such nomination of your organisations."))
    return nomination, ids


@login_required
def focal_home(request):
    """The calls sent to the focal point's organisations."""
    ids = _organisations(request)
    calls = list(selectors.focal_calls(ids))
    titles = _titles(calls)
    rows = [(call, titles[call.pk], selectors.call_quota_rows(call, ids)) for call in calls]
    return render(request, "workshops/focal_home.html", {"rows": rows})


def _titles(calls) -> dict[int, str]:
    """Each call's name in the reader's language (the event page's translation)."""
    events = pages_in_language([call.event for call in calls], get_language())
    titles = {}
    for call, event in zip(calls, events, strict=True):
        titles[call.pk] = event.title
        if call.batch_id:
            titles[call.pk] = _("%(event)s, batch %(number)s") % localise_numbers(
                {"event": event.title, "number": call.batch.number}
            )
    return titles


@login_required
def focal_call(request, pk: int):
    """One call: seats left, the nominees with their states and reasons, the forms."""
    call, ids = _call(request, pk)
    return _render_call(request, call, ids)


def _render_call(request, call, ids, *, find=None, new=None, upload=None, status=200):
    requests = NominationRequest.objects.filter(
        event=call.event,
        status=NominationRequest.Status.PENDING,
        participant__organisation_id__in=ids,
    ).select_related("participant")
    context = {
        "call": call,
        "title": _titles([call])[call.pk],
        "quotas": selectors.call_quota_rows(call, ids),
        "nominations": list(selectors.call_nominations(call, ids)),
        "find_form": find or FindOfficerForm(call=call),
        "new_form": new or NewOfficerForm(call=call, organisation_ids=ids),
        "upload_form": upload or UploadListForm(call=call),
        "requests": [(r, RequestEndorseForm(call=call, prefix=f"r{r.pk}")) for r in requests],
        "open": call.released_at is None and not _past(call),
    }
    return render(request, "workshops/focal_call.html", context, status=status)


def _past(call) -> bool:
    from django.utils import timezone

    return call.deadline <= timezone.now()


@login_required
@require_POST
def focal_nominate(request, pk: int):
    """Nominate an officer found by e-mail, employee ID or mobile (``find``), or a new one."""
    call, ids = _call(request, pk)
    if "new" in request.POST:
        form = NewOfficerForm(request.POST, call=call, organisation_ids=ids)
        if not form.is_valid():
            return _render_call(request, call, ids, new=form, status=400)
        try:
            nomination = nomination_submit_new_officer(
                call=call,
                officer=form.officer(),
                batch=form.cleaned_data.get("batch"),
                by=request.user,
                for_organisations=ids,
            )
        except WorkshopError as error:
            form.add_error(None, str(error))
            return _render_call(request, call, ids, new=form, status=400)
    else:
        form = FindOfficerForm(request.POST, call=call)
        if not form.is_valid():
            return _render_call(request, call, ids, find=form, status=400)
        officer = selectors.officer_find(text=form.cleaned_data["lookup"], organisation_ids=ids)
        if officer is None:
            form.add_error(
                "lookup",
                _(
                    "No officer of your organisations has this e-mail, mobile or employee ID. "
                    "Add them below."
                ),
            )
            return _render_call(request, call, ids, find=form, status=400)
        try:
            nomination = nomination_submit(
                call=call,
                participant=officer,
                batch=form.cleaned_data.get("batch"),
                by=request.user,
                for_organisations=ids,
            )
        except WorkshopError as error:
            form.add_error(None, str(error))
            return _render_call(request, call, ids, find=form, status=400)
    messages.success(
        request,
        _("%(name)s is nominated and waits for the training unit's approval.")
        % {"name": nomination.participant},
    )
    return redirect("workshops:focal_call", pk=call.pk)


@login_required
@require_POST
def focal_withdraw(request, pk: int):
    nomination, _ids = _nomination(request, pk)
    try:
        nomination_withdraw(
            nomination=nomination,
            by=request.user,
            reason=request.POST.get("reason", "")[:255] or _("Withdrawn by the focal point."),
        )
    except WorkshopError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(name)s is withdrawn.") % {"name": nomination.participant})
    return redirect("workshops:focal_call", pk=nomination.call_id)


@login_required
def focal_substitute(request, pk: int):
    """Name a substitute of the same organisation: they take the nominee's place."""
    nomination, ids = _nomination(request, pk)
    form = SubstituteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        officer = selectors.officer_find(text=form.cleaned_data["lookup"], organisation_ids=ids)
        if officer is None:
            form.add_error(
                "lookup",
                _("No officer of your organisations has this e-mail, mobile or employee ID."),
            )
        else:
            try:
                substitute = nomination_substitute(
                    nomination=nomination,
                    participant=officer,
                    by=request.user,
                    for_organisations=ids,
                )
            except WorkshopError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("%(new)s substitutes %(old)s.")
                    % {"new": substitute.participant, "old": nomination.participant},
                )
                return redirect("workshops:focal_call", pk=nomination.call_id)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "workshops/focal_substitute.html",
        {"nomination": nomination, "form": form},
        status=status,
    )


# --- the focal point's own list ----------------------------------------------------------

_SESSION_KEY = "workshops_focal_import"


@login_required
@require_POST
def focal_upload(request, pk: int):
    """Upload a list: read and checked once (nothing written), then the preview."""
    call, ids = _call(request, pk)
    form = UploadListForm(request.POST, request.FILES, call=call)
    if not form.is_valid():
        return _render_call(request, call, ids, upload=form, status=400)
    upload = form.cleaned_data["file"]
    try:
        result = importing.participants_check(data=upload.read(), filename=upload.name)
    except WorkshopError as error:
        form.add_error("file", str(error))
        return _render_call(request, call, ids, upload=form, status=400)
    _forget(request)
    batch = form.cleaned_data.get("batch")
    request.session[_SESSION_KEY] = {
        "path": importing.import_upload_save(result=result),
        "call": call.pk,
        "batch": batch.pk if batch else None,
        "filename": upload.name,
    }
    return redirect("workshops:focal_preview", pk=call.pk)


def _forget(request) -> None:
    state = request.session.pop(_SESSION_KEY, None)
    if state:
        importing.import_upload_delete(name=state["path"])


def _checked(request, call):
    state = request.session.get(_SESSION_KEY)
    if not state or state.get("call") != call.pk:
        return None, None
    return state, importing.import_upload_load(name=state["path"])


@login_required
def focal_preview(request, pk: int):
    """What the list would do, row errors included; confirming (POST) writes all or nothing."""
    call, ids = _call(request, pk)
    state, checked = _checked(request, call)
    if checked is None:
        messages.error(request, _("The checked list is no longer kept; upload it again."))
        return redirect("workshops:focal_call", pk=call.pk)
    batch = call.event.batches.filter(pk=state.get("batch")).first()
    try:
        result = importing.participants_import(
            checked=checked,
            call=call,
            call_batch=batch,
            for_organisations=ids,
            by=request.user,
            dry_run=request.method != "POST",
        )
    except WorkshopError as error:
        messages.error(request, str(error))
        return redirect("workshops:focal_call", pk=call.pk)
    if request.method == "POST" and result.written:
        _forget(request)
        messages.success(
            request,
            _("%(n)s officers are nominated and wait for approval.")
            % localise_numbers({"n": result.nominations}),
        )
        return redirect("workshops:focal_call", pk=call.pk)
    context = {"call": call, "result": result, "state": state, "errors": result.errors[:500]}
    return render(request, "workshops/focal_preview.html", context)


@login_required
def focal_errors(request, pk: int):
    """The rows with errors as an .xlsx to fix and upload again."""
    call, ids = _call(request, pk)
    state, checked = _checked(request, call)
    if checked is None:
        raise Http404
    result = importing.participants_import(
        checked=checked,
        call=call,
        for_organisations=ids,
        dry_run=True,
        call_batch=call.event.batches.filter(pk=state.get("batch")).first(),
    )
    data = importing.error_rows_sheet(result.sheet, result.errors)
    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="errors.xlsx"'
    return response


@login_required
@require_POST
def focal_discard(request, pk: int):
    call, _ids = _call(request, pk)
    _forget(request)
    return redirect("workshops:focal_call", pk=call.pk)


@login_required
@require_POST
def focal_request_decide(request, pk: int):
    """Endorse an officer's request, which nominates them to the call in one step (the
    call's rules hold, a refusal shows its message), or do not endorse it."""
    ids = _organisations(request)
    nomination_request = get_object_or_404(
        NominationRequest.objects.select_related("participant"),
        pk=pk,
        participant__organisation_id__in=ids,
    )
    call_pk = request.POST.get("call", "")
    call = selectors.focal_calls(ids).filter(pk=int(call_pk)).first() if call_pk.isdigit() else None
    try:
        if "endorse" in request.POST:
            if call is None:
                raise WorkshopError(_("Endorse the request from the call's page."))
            form = RequestEndorseForm(request.POST, call=call, prefix=f"r{nomination_request.pk}")
            batch = form.cleaned_data.get("batch") if form.is_valid() else None
            nomination_request_endorse(
                request=nomination_request,
                call=call,
                batch=batch,
                by=request.user,
                for_organisations=ids,
            )
            messages.success(
                request,
                _("%(name)s is nominated and waits for approval.")
                % {"name": nomination_request.participant},
            )
        else:
            nomination_request_refuse(request=nomination_request, by=request.user)
    except WorkshopError as error:
        messages.error(request, str(error))
    if call is not None:
        return redirect("workshops:focal_call", pk=call.pk)
    return redirect("workshops:focal_home")


# --- the officer ------------------------------------------------------------------------


@login_required
def my_nominations(request):
    """An officer's own nominations, their states and the reasons given; their requests."""
    participant = participant_of(request.user)
    nominations, requests = [], []
    if participant is not None:
        nominations = list(
            Nomination.objects.filter(participant=participant)
            .select_related("batch__event", "call")
            .order_by("-batch__start_date")
        )
        requests = list(
            NominationRequest.objects.filter(participant=participant).select_related("event")
        )
    context = {"participant": participant, "nominations": nominations, "requests": requests}
    return render(request, "workshops/my_nominations.html", context)


@login_required
def request_nomination(request, page_id: int):
    """An officer signed in asks to be nominated to an event (linked from its public page,
    which is cached for everyone, so the form lives here)."""
    event = get_object_or_404(EventPage.objects.live(), pk=page_id)
    participant = participant_of(request.user)
    form = RequestForm(request.POST or None)
    if request.method == "POST" and participant is not None and form.is_valid():
        try:
            nomination_request_create(
                participant=participant, event=event, note=form.cleaned_data["note"]
            )
        except WorkshopError as error:
            messages.error(request, str(error))
        else:
            org = participant.organisation_id
            has_focal = bool(org and focal_points_for([org])[org])
            messages.success(
                request,
                _("Your request was sent to your organisation's focal point.")
                if has_focal
                else _("Your request was sent to the training unit."),
            )
            return redirect("workshops:my_nominations")
    context = {"event": event, "participant": participant, "form": form}
    return render(request, "workshops/request_nomination.html", context)
