"""Nomination calls: focal points, sending a call, reminders, a focal point's nominations,
releasing unused quota after the deadline, officers' requests to be nominated.

The rules of a nomination under a call (deadline, quota, ranks, organisations, duplicates,
clashes) are written once, in ``workshops.services.nominations`` (``nominations_add`` with
``call=``), which every way of nominating goes through: the focal point's form, their
uploaded list and the demo. Every step is recorded: the call's in ``CallChange``, the
nominations' in ``NominationChange``. E-mails go after commit, through tasks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.formatting import localise_numbers
from lms.history import acting_user
from workshops.errors import WorkshopError
from workshops.models import (
    Batch,
    CallChange,
    CallQuota,
    FocalPoint,
    Nomination,
    NominationCall,
    NominationRequest,
    Organisation,
    Participant,
)
from workshops.services.nominations import (
    ACTIVE_STATUSES,
    _check_person,
    _quota_used,
    batch_fill_from_waitlist,
    nominations_add,
)


def _log(call, action, *, by=None, organisation=None, reason="") -> None:
    CallChange.objects.create(
        call=call,
        action=action,
        organisation=organisation,
        changed_by=acting_user(by),
        reason=str(reason)[:255],
    )


# --- focal points --------------------------------------------------------------------------


def focal_point_assign(
    *, user, organisation: Organisation, acts_for_sub_organisations: bool = False, by=None
) -> FocalPoint:
    """Make `user` a focal point of `organisation` (or change whether they act for its
    sub-organisations). One focal point per user and organisation (a database constraint)."""
    focal, _created = FocalPoint.objects.update_or_create(
        user=user,
        organisation=organisation,
        defaults={"acts_for_sub_organisations": acts_for_sub_organisations},
    )
    return focal


def focal_points_for(organisation_ids: Iterable[int]) -> dict[int, list[FocalPoint]]:
    """The focal points who act for each organisation: its own, and its parent's where the
    parent's focal point acts for sub-organisations."""
    ids = set(organisation_ids)
    parents = dict(Organisation.objects.filter(pk__in=ids).values_list("pk", "parent_id"))
    rows = FocalPoint.objects.filter(
        Q(organisation_id__in=ids)
        | Q(organisation_id__in=[p for p in parents.values() if p], acts_for_sub_organisations=True)
    ).select_related("user", "organisation")
    found: dict[int, list[FocalPoint]] = {pk: [] for pk in ids}
    for focal in rows.filter(user__is_active=True):
        for pk in ids:
            if focal.organisation_id == pk or (
                focal.acts_for_sub_organisations and parents.get(pk) == focal.organisation_id
            ):
                found[pk].append(focal)
    return found


# --- a call --------------------------------------------------------------------------------


def call_create(
    *,
    event,
    deadline: dt.datetime,
    quotas: dict[Organisation, int],
    batch: Batch | None = None,
    ranks: Iterable = (),
    note: str = "",
    remind_days_before: int = 3,
    offer_released_to_waitlist: bool = True,
    by=None,
) -> NominationCall:
    """Create a call (not yet sent) with a quota of seats per organisation.

    Raises WorkshopError for a batch of another event, a call without quotas or a
    negative quota (the database refuses it too).
    """
    if batch is not None and batch.event_id != event.pk:
        raise WorkshopError("call_other_batch", batch=batch)
    if not quotas:
        raise WorkshopError(_("A call needs at least one organisation with a quota."))
    if any(seats < 0 for seats in quotas.values()):
        raise WorkshopError(_("A quota cannot be negative."))
    with transaction.atomic():
        call = NominationCall.objects.create(
            event=event,
            batch=batch,
            deadline=deadline,
            note=note,
            remind_days_before=remind_days_before,
            offer_released_to_waitlist=offer_released_to_waitlist,
            created_by=acting_user(by),
        )
        call.ranks.set(list(ranks))
        CallQuota.objects.bulk_create(
            CallQuota(call=call, organisation=org, seats=seats) for org, seats in quotas.items()
        )
        _log(call, CallChange.Action.CREATED, by=by)
    return call


def call_quota_set(*, call: NominationCall, organisation: Organisation, seats: int, by=None):
    """Add an organisation to a call or change its quota; never below the nominations it
    already has (those would be over the quota). Recorded in the call's history."""
    if seats < 0:
        raise WorkshopError(_("A quota cannot be negative."))
    with transaction.atomic():
        quota = (
            CallQuota.objects.select_for_update(of=("self",))  # .first() joins its ordering
            .filter(call=call, organisation=organisation)
            .first()
        )
        used = _quota_used(call, [organisation.pk]).get(organisation.pk, 0)
        if seats < used:
            raise WorkshopError(
                _("%(organisation)s already has %(used)s nominations; the quota cannot be lower.")
                % localise_numbers({"organisation": organisation, "used": used})
            )
        if quota is None:
            quota = CallQuota.objects.create(call=call, organisation=organisation, seats=seats)
        else:
            quota.seats = seats
            quota.save(update_fields=["seats"])
        _log(
            call,
            CallChange.Action.CHANGED,
            by=by,
            organisation=organisation,
            reason=_("Quota: %(seats)s seats.") % localise_numbers({"seats": seats}),
        )
    return quota


def call_saved(*, call: NominationCall, by=None, created: bool = False) -> None:
    """After the organisers' form saved a call and its quotas: no quota may be below the
    nominations its organisation already has, nor removed while it has any, and the change
    is recorded in the call's history. Raises WorkshopError (the caller's transaction then
    keeps nothing)."""
    quotas = list(call.quotas.select_related("organisation"))
    used = _quota_used(call, [q.organisation_id for q in quotas])
    for quota in quotas:
        if quota.seats < used.get(quota.organisation_id, 0):
            raise WorkshopError(
                _("%(organisation)s already has %(used)s nominations; the quota cannot be lower.")
                % localise_numbers(
                    {"organisation": quota.organisation, "used": used[quota.organisation_id]}
                )
            )
    kept = {q.organisation_id for q in quotas}
    dropped = (
        Nomination.objects.filter(call=call, status__in=ACTIVE_STATUSES)
        .exclude(nominated_by_id__in=kept)
        .select_related("nominated_by")
        .first()
    )
    if dropped is not None:
        raise WorkshopError(
            _("%(organisation)s has nominations in this call; its quota cannot be removed.")
            % {"organisation": dropped.nominated_by or _("An organisation")}
        )
    if call.batch_id and call.batch.event_id != call.event_id:
        raise WorkshopError("call_other_batch", batch=call.batch)
    action = CallChange.Action.CREATED if created else CallChange.Action.CHANGED
    _log(call, action, by=by)


def call_send(
    *, call: NominationCall, by=None, now: dt.datetime | None = None, notify: bool = True
) -> int:
    """Send the call: after commit each focal point of each organisation is e-mailed, in
    their language, a link to their page (``notify=False``: nobody, for historical data).
    Returns how many focal points the call is for.

    Raises WorkshopError when the call was sent already, its deadline has passed, or it has
    no quotas. Organisations without a focal point are named in the call's history.
    """
    now = now or timezone.now()
    with transaction.atomic():
        call = NominationCall.objects.select_for_update().get(pk=call.pk)
        if call.sent_at is not None:
            raise WorkshopError(_("This call was sent already."))
        if call.deadline <= now:
            raise WorkshopError(_("The deadline has passed; change it before sending the call."))
        quotas = list(call.quotas.select_related("organisation"))
        if not quotas:
            raise WorkshopError(_("A call needs at least one organisation with a quota."))
        call.sent_at = now
        call.save(update_fields=["sent_at"])
        focal = focal_points_for(q.organisation_id for q in quotas)
        users = {f.user_id for fs in focal.values() for f in fs}
        missing = [q.organisation.name for q in quotas if not focal[q.organisation_id]]
        reason = _("%(n)s focal points e-mailed.") % localise_numbers({"n": len(users)})
        if missing:
            reason += " " + _("No focal point: %s.") % "; ".join(missing)
        _log(call, CallChange.Action.SENT, by=by, reason=reason)
        if notify:
            _email_after_commit(call, users, kind="sent")
    return len(users)


def _email_after_commit(call: NominationCall, user_ids: Iterable[int], *, kind: str) -> None:
    from workshops import tasks

    ids = sorted(set(user_ids))
    transaction.on_commit(
        lambda: [
            tasks.send_call_email.enqueue(call_id=call.pk, user_id=pk, kind=kind) for pk in ids
        ]
    )


def calls_remind(*, now: dt.datetime | None = None) -> int:
    """Remind the focal points of organisations that have nominated nobody, from
    ``remind_days_before`` days before the deadline until it. Idempotent: a quota is marked
    reminded by a conditional update, so a second run (or a second worker) sends nothing.
    Returns how many organisations were reminded."""
    now = now or timezone.now()
    reminded = 0
    calls = NominationCall.objects.filter(
        sent_at__isnull=False, released_at__isnull=True, deadline__gt=now
    )
    for call in calls:
        if call.deadline - dt.timedelta(days=call.remind_days_before) > now:
            continue
        answered = set(
            Nomination.objects.filter(call=call).values_list("nominated_by_id", flat=True)
        )
        for quota in call.quotas.filter(reminded_at__isnull=True).select_related("organisation"):
            if quota.organisation_id in answered or quota.seats == 0:
                continue
            with transaction.atomic():
                taken = CallQuota.objects.filter(pk=quota.pk, reminded_at__isnull=True).update(
                    reminded_at=now
                )
                if not taken:
                    continue  # another run reminded them meanwhile
                focal = focal_points_for([quota.organisation_id])[quota.organisation_id]
                _log(call, CallChange.Action.REMINDED, organisation=quota.organisation, reason="")
                _email_after_commit(call, [f.user_id for f in focal], kind="reminder")
            reminded += 1
    return reminded


def call_release(*, call: NominationCall, by=None, now: dt.datetime | None = None) -> int:
    """After the deadline, return each organisation's unused quota seats to the organisers
    (recorded per organisation); with ``offer_released_to_waitlist`` the batches then give
    their free seats to the wait-list in its order. Returns the seats released.

    Idempotent: a call is released once. Raises WorkshopError before the deadline.
    """
    now = now or timezone.now()
    with transaction.atomic():
        call = NominationCall.objects.select_for_update().get(pk=call.pk)
        if call.deadline > now:
            raise WorkshopError(_("Unused quota is released only after the deadline."))
        if call.released_at is not None or call.sent_at is None:
            return 0
        quotas = list(call.quotas.select_for_update(of=("self",)).select_related("organisation"))
        used = _quota_used(call, [q.organisation_id for q in quotas])
        released = 0
        for quota in quotas:
            quota.released_seats = max(quota.seats - used.get(quota.organisation_id, 0), 0)
            released += quota.released_seats
            if quota.released_seats:
                _log(
                    call,
                    CallChange.Action.RELEASED,
                    by=by,
                    organisation=quota.organisation,
                    reason=_("%(n)s unused seats returned.")
                    % localise_numbers({"n": quota.released_seats}),
                )
        CallQuota.objects.bulk_update(quotas, ["released_seats"])
        call.released_at = now
        call.save(update_fields=["released_at"])
    if call.offer_released_to_waitlist and released:
        # A separate transaction per batch: the batch lock is never taken after a quota lock.
        batches = [call.batch] if call.batch_id else list(call.event.batches.all())
        for batch in batches:
            if batch.status not in (Batch.Status.CANCELLED, Batch.Status.COMPLETED):
                batch_fill_from_waitlist(batch=batch, by=by)
    return released


def calls_release_due(*, now: dt.datetime | None = None) -> int:
    """Release the unused quota of every sent call whose deadline has passed (periodic)."""
    now = now or timezone.now()
    due = NominationCall.objects.filter(
        sent_at__isnull=False, released_at__isnull=True, deadline__lte=now
    )
    return sum(call_release(call=call, now=now) for call in due)


def call_adopt_nominations(*, call: NominationCall, nominations) -> tuple[int, list[str]]:
    """Count nominations made outside the portal (historical data: the letters the focal
    points sent) as answers to `call`, under the call's rules: the batch is the call's, the
    officer's organisation (or its ministry) has a quota, the rank is allowed, and the quota
    is not exceeded (counted under its lock, with what it already holds). Each becomes the
    quota organisation's nomination to the call; its status and history stay as they were.
    Returns how many were adopted and, for the others, the rule that refused them."""
    with transaction.atomic():
        quotas = {
            q.organisation_id: q
            for q in CallQuota.objects.select_for_update(of=("self",))
            .filter(call=call)
            .select_related("organisation")
        }
        ranks = {r.pk: r for r in call.ranks.all()}
        used = _quota_used(call, list(quotas))
        adopted, refused = [], []
        rows = (
            Nomination.objects.select_for_update(of=("self",))
            .filter(pk__in=[n.pk for n in nominations], call__isnull=True)
            .select_related("participant__organisation", "participant__rank", "batch")
            .order_by("batch__number", "queue_position", "pk")
        )
        for nomination in rows:
            person = nomination.participant
            try:
                batch = nomination.batch
                if batch.event_id != call.event_id or (call.batch_id and call.batch_id != batch.pk):
                    raise WorkshopError("call_other_batch", batch=batch)
                quota_org = _check_person(person, batch, quotas, ranks, {}, {}, None)
                quota = quotas[quota_org]
                counts = nomination.status in ACTIVE_STATUSES
                if counts and used.get(quota_org, 0) >= quota.seats:
                    raise WorkshopError(
                        "call_quota",
                        **localise_numbers(
                            {
                                "organisation": quota.organisation,
                                "left": 0,
                                "seats": quota.seats,
                                "wanted": 1,
                            }
                        ),
                    )
            except WorkshopError as error:
                refused.append(f"{person}: {error}")
                continue
            used[quota_org] = used.get(quota_org, 0) + (1 if counts else 0)
            nomination.call = call
            nomination.nominated_by_id = quota_org
            adopted.append(nomination)
        Nomination.objects.bulk_update(adopted, ["call", "nominated_by"], 1000)
    return len(adopted), refused


# --- the organisers' decisions -------------------------------------------------------------


def nominations_decline(*, nominations, reason: str, by=None) -> tuple[int, list[str]]:
    """Decline several nominations with one reason (``nomination_decline`` each); returns
    how many were declined and the messages of those that could not be."""
    from workshops.services.nominations import nomination_decline

    declined, refused = 0, []
    for nomination in nominations:
        try:
            nomination_decline(nomination=nomination, reason=reason, by=by)
        except WorkshopError as error:
            if error.code == "decline_reason":
                raise
            refused.append(f"{nomination.participant}: {error}")
        else:
            declined += 1
    return declined, refused


# --- a focal point's nominations ---------------------------------------------------------


def call_batch(*, call: NominationCall, batch: Batch | None = None) -> Batch:
    """The batch a nomination to `call` goes to: the call's, the one chosen (of the call's
    event), or the event's only open batch. Raises WorkshopError when it must be chosen."""
    if call.batch_id:
        return call.batch
    if batch is not None:
        if batch.event_id != call.event_id:
            raise WorkshopError("call_other_batch", batch=batch)
        return batch
    batches = list(
        call.event.batches.exclude(status__in=[Batch.Status.CANCELLED, Batch.Status.COMPLETED])
    )
    if len(batches) == 1:
        return batches[0]
    raise WorkshopError(_("Choose the batch the officer is nominated to."))


def nomination_submit(
    *,
    call: NominationCall,
    participant: Participant,
    by,
    batch: Batch | None = None,
    for_organisations: set[int] | None,
    at: dt.datetime | None = None,
) -> Nomination:
    """A focal point nominates one officer to a call: the nomination waits, "nominated",
    for the organisers' approval. Every rule of the call holds (see ``nominations_add``);
    a person already nominated to the event is refused as a duplicate. Nothing is written
    when a rule is broken (WorkshopError names it)."""
    added = nominations_add(
        batch=call_batch(call=call, batch=batch),
        participants=[participant],
        by=by,
        reason=_("Nominated by the focal point."),
        call=call,
        for_organisations=for_organisations,
        at=at,
    )
    return added.nominations[0]


def nominations_submit_list(
    *,
    call: NominationCall,
    participant_ids: list[int],
    by,
    batch: Batch | None = None,
    for_organisations: set[int] | None,
) -> list[Nomination]:
    """A focal point's list of officers (from their uploaded spreadsheet), all or nothing."""
    added = nominations_add(
        batch=call_batch(call=call, batch=batch),
        participants=participant_ids,
        by=by,
        reason=_("Nominated by the focal point (list)."),
        call=call,
        for_organisations=for_organisations,
    )
    return added.nominations


def officer_register(
    *,
    name: str,
    organisation: Organisation,
    email: str = "",
    mobile: str = "",
    employee_id: str = "",
    name_bn: str = "",
    designation: str = "",
    rank=None,
    preferred_language: str = "",
) -> Participant:
    """Add an officer a focal point names who is not yet known. Identifiers are normalised as
    the import does (``workshops.identity``); one person is one participant, so an e-mail,
    mobile or employee ID that is already known is refused (without saying whose: it may be
    another organisation's officer). Raises WorkshopError."""
    from workshops.identity import (
        Identity,
        InvalidMobile,
        normalise_name,
    )

    try:
        identity = Identity.of(email=email, employee_id=employee_id, mobile=mobile)
    except InvalidMobile:
        raise WorkshopError(_("Enter a Bangladeshi mobile number, e.g. 01711 000000.")) from None
    if not (identity.email or identity.mobile):
        raise WorkshopError(_("Neither an e-mail nor a mobile is given."))
    name = normalise_name(name)
    if not name:
        raise WorkshopError(_("The name is missing."))
    taken = Q(pk__in=[])
    if identity.email:
        taken |= Q(email__iexact=identity.email)
    if identity.mobile:
        taken |= Q(mobile=identity.mobile)
    if identity.employee_id:
        taken |= Q(employee_id=identity.employee_id)
    if Participant.objects.filter(taken).exists():
        raise WorkshopError(
            _(
                "An officer with this e-mail, mobile or employee ID is already known. Find "
                "them by it; if they are not among your officers, ask the training unit."
            )
        )
    fields = {"preferred_language": preferred_language} if preferred_language else {}
    return Participant.objects.create(
        name=name,
        name_bn=normalise_name(name_bn),
        organisation=organisation,
        email=identity.email,
        mobile=identity.mobile,
        employee_id=identity.employee_id,
        designation=normalise_name(designation),
        rank=rank,
        **fields,
    )


def nomination_submit_new_officer(
    *,
    call: NominationCall,
    officer: dict,
    by,
    for_organisations: set[int] | None,
    batch: Batch | None = None,
) -> Nomination:
    """Add a new officer (``officer_register(**officer)``) and nominate them to the call,
    both or neither."""
    with transaction.atomic():
        participant = officer_register(**officer)
        return nomination_submit(
            call=call,
            participant=participant,
            by=by,
            batch=batch,
            for_organisations=for_organisations,
        )


# --- officers' requests ------------------------------------------------------------------


def nomination_request_create(*, participant: Participant, event, note: str = ""):
    """An officer asks to be nominated to an event; their organisation's focal points (or,
    where there is none, the organisers) decide. Raises WorkshopError when a request is
    already waiting or the officer is already nominated."""
    if Nomination.objects.filter(
        participant=participant, batch__event=event, status__in=ACTIVE_STATUSES
    ).exists():
        raise WorkshopError(_("You are already nominated to this event."))
    if NominationRequest.objects.filter(
        participant=participant, event=event, status=NominationRequest.Status.PENDING
    ).exists():
        raise WorkshopError(_("Your request is already waiting for a decision."))
    return NominationRequest.objects.create(participant=participant, event=event, note=note[:255])


def _pending_request(request: NominationRequest) -> NominationRequest:
    """The request locked for a decision; WorkshopError when it was decided already."""
    request = (
        NominationRequest.objects.select_for_update(of=("self",))
        .select_related("participant", "event")
        .get(pk=request.pk)
    )
    if request.status != NominationRequest.Status.PENDING:
        raise WorkshopError(_("This request was decided already."))
    return request


def _request_decided(request: NominationRequest, status: str, *, by) -> NominationRequest:
    request.status = status
    request.decided_by = acting_user(by)
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_by", "decided_at"])
    return request


def nomination_request_refuse(*, request: NominationRequest, by) -> NominationRequest:
    """Do not endorse an officer's request. Raises WorkshopError when it was decided."""
    with transaction.atomic():
        request = _pending_request(request)
        return _request_decided(request, NominationRequest.Status.REFUSED, by=by)


def nomination_request_endorse(
    *,
    request: NominationRequest,
    call: NominationCall,
    by,
    for_organisations: set[int] | None,
    batch: Batch | None = None,
) -> Nomination:
    """A focal point endorses an officer's request: in one step the officer is nominated to
    the call (``nomination_submit``: every rule of the call holds, deadline, quota, rank,
    duplicates...) and the request shows as nominated. Both or neither: a broken rule
    raises WorkshopError with its message and the request keeps waiting."""
    with transaction.atomic():
        request = _pending_request(request)
        if call.event_id != request.event_id:
            raise WorkshopError(_("This call is for another event than the request."))
        nomination = nomination_submit(
            call=call,
            participant=request.participant,
            by=by,
            batch=batch,
            for_organisations=for_organisations,
        )
        _request_decided(request, NominationRequest.Status.ENDORSED, by=by)
    return nomination


def nomination_request_approve(
    *, request: NominationRequest, batch: Batch | None = None, by
) -> Nomination:
    """The organisers approve the request of an officer whose organisation has no focal
    point: in one step the officer is nominated to the event's batch (the one chosen, or its
    only open batch) through ``nomination_create``, and the request shows as nominated.
    Refused (WorkshopError, nothing written) when the officer is already nominated to the
    event, the batch is of another event or takes no nominations."""
    from workshops.services.nominations import nomination_create

    with transaction.atomic():
        request = _pending_request(request)
        batch = _request_batch(request, batch)
        active = (
            Nomination.objects.filter(
                participant=request.participant,
                batch__event=request.event,
                status__in=ACTIVE_STATUSES,
            )
            .select_related("batch__event")
            .first()
        )
        if active is not None:
            raise WorkshopError(
                "call_duplicate",
                name=request.participant,
                batch=active.batch,
                status=active.get_status_display().lower(),
            )
        nomination = nomination_create(
            batch=batch,
            participant=request.participant,
            by=by,
            reason=_("Asked to be nominated; approved by the training unit."),
        )
        _request_decided(request, NominationRequest.Status.ENDORSED, by=by)
    return nomination


def _request_batch(request: NominationRequest, batch: Batch | None) -> Batch:
    if batch is not None:
        if batch.event_id != request.event_id:
            raise WorkshopError(_("Choose a batch of the event the officer asked for."))
        return batch
    batches = list(
        Batch.objects.filter(event=request.event).exclude(
            status__in=[Batch.Status.CANCELLED, Batch.Status.COMPLETED]
        )
    )
    if len(batches) == 1:
        return batches[0]
    if not batches:
        raise WorkshopError(_("This event has no open batch to nominate the officer to."))
    raise WorkshopError(_("Choose the batch the officer is nominated to."))
