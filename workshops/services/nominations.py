"""Nominations: the queue of a batch, its seats, the wait-list and clashes.

Every nomination is written here: one at a time from the admin, in bulk from an imported
list, the batch planner or the demo. Every status change writes a NominationChange (who,
when, why); after commit the person is e-mailed (confirmed, promoted, wait-listed,
cancelled), ``workshops.signals.nomination_status_changed`` is sent for other apps, and the
public pages that show seats are refreshed.

Seats are taken under a row lock on the batch and re-counted inside it; a batch's
nominations queue in ``queue_position`` order (the list's order, then the time of
nomination), which is the order "confirm all" gives seats in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lms.formatting import localise_numbers
from lms.history import history_record
from lms.page_cache import page_cache_invalidate_on_commit
from workshops.caching import batches_touch, participants_touch
from workshops.errors import WorkshopError
from workshops.models import (
    Batch,
    CallQuota,
    Nomination,
    NominationCall,
    NominationChange,
    Organisation,
    Participant,
)
from workshops.services.office_orders import office_orders_refresh_on_commit
from workshops.signals import nomination_status_changed

Status = Nomination.Status
ACTIVE_STATUSES = [Status.NOMINATED, Status.CONFIRMED, Status.WAITLISTED]
# Status changes the person is e-mailed about.
EMAILED_STATUSES = {Status.CONFIRMED, Status.WAITLISTED, Status.CANCELLED}

# What an organiser may do with a nomination in each status (the admin offers these).
ACTIONS = {
    "confirm": gettext_lazy("Confirm"),
    "waitlist": gettext_lazy("Wait-list"),
    "cancel": gettext_lazy("Cancel"),
    "withdraw": gettext_lazy("Withdraw"),
    "decline": gettext_lazy("Decline"),
}
ALLOWED_ACTIONS = {
    Status.NOMINATED: ["confirm", "waitlist", "decline", "cancel", "withdraw"],
    Status.WAITLISTED: ["confirm", "decline", "cancel", "withdraw"],
    Status.CONFIRMED: ["cancel", "withdraw"],
}


@dataclass
class Change:
    """One status change made by a service call, reported after commit."""

    nomination: Nomination
    from_status: str
    promoted: bool = False


@dataclass
class NominationsAdded:
    """What ``nominations_add`` did, nomination by nomination in the order given."""

    nominations: list[Nomination] = field(default_factory=list)
    created: int = 0
    reopened: int = 0
    already_active: int = 0
    confirmed: int = 0
    waitlisted: int = 0
    clashes: int = 0


# --- adding nominations ------------------------------------------------------------------


def nominations_add(
    *,
    batch: Batch,
    participants: Sequence[Participant | int],
    by=None,
    reason: str = "",
    nominated_by: Organisation | None = None,
    confirm: bool = False,
    at: dt.datetime | None = None,
    notify: bool = True,
    call: NominationCall | None = None,
    for_organisations: set[int] | None = None,
) -> NominationsAdded:
    """Nominate participants to a batch, in the order given: the one write path for lists.

    New people get a nomination, people withdrawn or cancelled before are nominated again on
    their row, people already nominated, confirmed or wait-listed are left as they are
    (counted in ``already_active``). Each joins the end of the batch's queue in the order
    given. With ``confirm``, seats are then given in that order and the overflow is
    wait-listed; a person confirmed in another batch whose dates overlap stays nominated
    (counted in ``clashes``). ``at`` is when this happened (default now; historical data
    gives the day of the nomination letter, which decides whether a person joined a batch
    that was already running). ``notify=False`` sends no e-mail (historical data).

    With a ``call`` (a focal point's nominations) the call's rules hold, each refused with a
    message naming it and nothing written: the deadline, the batch belongs to the call, the
    person's organisation has a quota (or is under one that has), is among
    ``for_organisations`` (those the focal point acts for; None: any), the rank is allowed,
    the person is not already nominated to the event nor confirmed in an overlapping batch,
    and the quota is not exceeded: counted after locking the quota rows, so that concurrent
    focal points of one organisation never exceed it. ``nominated_by`` is then the quota's
    organisation.

    All or nothing, under a lock on the batch. Raises WorkshopError when the batch takes no
    nominations (cancelled or completed).
    """
    at = at or timezone.now()
    ids = list(dict.fromkeys(p if isinstance(p, int) else p.pk for p in participants))
    added = NominationsAdded()
    changes: list[Change] = []
    with transaction.atomic():
        batch = _lock_batch(batch)
        _check_takes_nominations(batch)
        organisations = dict(
            Participant.objects.filter(pk__in=ids).values_list("pk", "organisation_id")
        )
        if call is not None:
            organisations = call_rules_check(
                call=call, batch=batch, ids=ids, at=at, for_organisations=for_organisations
            )
        existing = {
            n.participant_id: n
            for n in Nomination.objects.select_for_update(of=("self",)).filter(
                batch=batch, participant_id__in=ids
            )
        }
        position = _last_queue_position(batch)
        reopened, new = [], []
        for pk in ids:
            nomination = existing.get(pk)
            if nomination is not None and nomination.status in ACTIVE_STATUSES:
                added.already_active += 1
                added.nominations.append(nomination)
                continue
            position += 1
            if nomination is None:
                nomination = Nomination(batch=batch, participant_id=pk)
                new.append(nomination)
            else:
                reopened.append(nomination)
            changes.append(Change(nomination, nomination.status if nomination.pk else ""))
            nomination.status = Status.NOMINATED
            nomination.waitlist_position = None
            nomination.queue_position = position
            nomination.nominated_by_id = nominated_by.pk if nominated_by else organisations.get(pk)
            nomination.call = call
            nomination.decline_reason = ""
            added.nominations.append(nomination)
        Nomination.objects.bulk_update(
            reopened,
            [
                "status",
                "waitlist_position",
                "queue_position",
                "nominated_by",
                "call",
                "decline_reason",
            ],
            1000,
        )
        Nomination.objects.bulk_create(new, batch_size=1000)
        added.created, added.reopened = len(new), len(reopened)
        if confirm:
            changes = _confirm_in_order(batch, changes, added, at=at)
        _record(changes, by=by, reason=reason, notify=notify)
    return added


def nomination_create(
    *,
    batch: Batch,
    participant: Participant,
    by=None,
    nominated_by: Organisation | None = None,
    reason: str = "",
) -> Nomination:
    """Nominate one participant to a batch (status "nominated") and record it.

    A participant withdrawn or cancelled earlier is nominated again on the same row.
    Raises WorkshopError when the batch no longer takes nominations or the participant is
    already nominated to it.
    """
    with transaction.atomic():
        added = nominations_add(
            batch=batch, participants=[participant], by=by, nominated_by=nominated_by, reason=reason
        )
        if added.already_active:
            nomination = added.nominations[0]
            raise WorkshopError(
                _("%(participant)s is already nominated to %(batch)s (%(status)s).")
                % {
                    "participant": participant,
                    "batch": batch,
                    "status": nomination.get_status_display().lower(),
                }
            )
    return added.nominations[0]


# --- one nomination's status -------------------------------------------------------------


def nomination_actions(nomination: Nomination) -> list[str]:
    """The actions (keys of ACTIONS) an organiser may take on the nomination now."""
    return list(ALLOWED_ACTIONS.get(nomination.status, []))


def nomination_act(*, nomination: Nomination, action: str, by=None, reason: str = "") -> Nomination:
    """Take one of ACTIONS on a nomination. Raises WorkshopError for an action its status
    does not allow (the message names the status), else as the action's service does."""
    if action not in nomination_actions(nomination):
        status = nomination.get_status_display().lower()
        if nomination.status not in ACTIVE_STATUSES:
            raise WorkshopError(_("This nomination is already %s.") % status)
        raise WorkshopError(
            _("A nomination that is %(status)s cannot be changed that way.") % {"status": status}
        )
    service = {
        "confirm": nomination_confirm,
        "waitlist": nomination_waitlist,
        "cancel": nomination_cancel,
        "withdraw": nomination_withdraw,
        "decline": nomination_decline,
    }[action]
    return service(nomination=nomination, by=by, reason=reason)


def nomination_confirm(*, nomination: Nomination, by=None, reason: str = "") -> Nomination:
    """Give a nomination a seat, or put it at the end of the wait-list when the batch is full.

    The batch row is locked (select_for_update) and the confirmed seats are counted inside the
    lock, so that concurrent confirmations never overfill a batch. Raises WorkshopError when
    the nomination is not open (cancelled, withdrawn, already confirmed), when the batch is
    cancelled or completed, when the participant is confirmed in another batch whose dates
    overlap (the message names it), or when a wait-listed nomination still finds no seat.
    """
    with transaction.atomic():
        batch = _lock_batch(nomination.batch)
        nomination = _locked(nomination)
        if nomination.status not in (Status.NOMINATED, Status.WAITLISTED):
            raise WorkshopError(
                _("Only a nominated or wait-listed nomination can be confirmed; this one is %s.")
                % nomination.get_status_display().lower()
            )
        _check_open(batch)
        _check_clash(nomination, batch)
        change = Change(nomination, nomination.status)
        # Re-count inside the lock: another transaction may have taken a seat meanwhile.
        if _confirmed_count(batch) < batch.capacity:
            _set_confirmed(nomination, batch, at=timezone.now())
            _record([change], by=by, reason=reason)
            return nomination
        if nomination.status == Status.WAITLISTED:
            raise WorkshopError(
                _("%(batch)s is full; the nomination stays on the wait-list at position %(pos)s.")
                % {"batch": batch, "pos": nomination.waitlist_position}
            )
        _set_waitlisted(nomination, batch)
        _record([change], by=by, reason=reason or _("Batch full when confirming."))
        return nomination


def nomination_waitlist(*, nomination: Nomination, by=None, reason: str = "") -> Nomination:
    """Put a nominated (not yet confirmed) participant at the end of the batch's wait-list.

    Raises WorkshopError unless the nomination is "nominated".
    """
    with transaction.atomic():
        batch = _lock_batch(nomination.batch)
        nomination = _locked(nomination)
        if nomination.status != Status.NOMINATED:
            raise WorkshopError(
                _("Only a nominated participant can be wait-listed; this one is %s.")
                % nomination.get_status_display().lower()
            )
        change = Change(nomination, nomination.status)
        _set_waitlisted(nomination, batch)
        _record([change], by=by, reason=reason)
        return nomination


def nomination_cancel(*, nomination: Nomination, by=None, reason: str = "") -> Nomination:
    """Cancel a nomination (the organisers' decision); a freed seat goes to the first in line.

    Raises WorkshopError when the nomination is already cancelled or withdrawn.
    """
    return _release(nomination, Status.CANCELLED, by=by, reason=reason)


def nomination_withdraw(*, nomination: Nomination, by=None, reason: str = "") -> Nomination:
    """Withdraw a nomination (the participant's or ministry's decision); frees the seat.

    The first on the wait-list is promoted and the promotion recorded. Raises WorkshopError
    when the nomination is already cancelled or withdrawn.
    """
    return _release(nomination, Status.WITHDRAWN, by=by, reason=reason)


def nomination_decline(*, nomination: Nomination, by=None, reason: str = "") -> Nomination:
    """Decline a nomination that waits for approval (nominated or wait-listed), saying why:
    the focal point sees the reason, and the focal point who nominated is e-mailed it after
    commit. Its seat of the quota is free again.

    Raises WorkshopError without a reason, or when the nomination is not waiting.
    """
    reason = " ".join((reason or "").split())
    if not reason:
        raise WorkshopError("decline_reason")
    with transaction.atomic():
        _lock_batch(nomination.batch)
        nomination = _locked(nomination)
        if nomination.status not in (Status.NOMINATED, Status.WAITLISTED):
            raise WorkshopError(
                _("Only a nomination that waits for approval can be declined; this one is %s.")
                % nomination.get_status_display().lower()
            )
        change = Change(nomination, nomination.status)
        nomination.status = Status.DECLINED
        nomination.waitlist_position = None
        nomination.decline_reason = reason[:255]
        nomination.save(
            update_fields=["status", "waitlist_position", "decline_reason", "updated_at"]
        )
        _record([change], by=by, reason=reason)
        if nomination.call_id:
            _email_decline_after_commit(nomination)
    return nomination


def _email_decline_after_commit(nomination: Nomination) -> None:
    from workshops import tasks

    pk = nomination.pk
    transaction.on_commit(lambda: tasks.send_decline_email.enqueue(nomination_id=pk))


@dataclass
class Approved:
    """What ``nominations_approve`` did: approved into seats, wait-listed, refused (why)."""

    confirmed: list[Nomination] = field(default_factory=list)
    waitlisted: list[Nomination] = field(default_factory=list)
    refused: list[tuple[Nomination, str]] = field(default_factory=list)


def nominations_approve(*, nominations: Sequence[Nomination], by=None) -> Approved:
    """Approve nominations waiting for it, in queue order: each is confirmed into a seat under
    the batch's capacity and clash rules (``nomination_confirm``), or wait-listed when the
    batch is full. One that cannot be approved (a clash, no longer waiting) is left as it is
    and reported with its message; the others are approved.
    """
    done = Approved()
    ordered = sorted(nominations, key=lambda n: (n.batch_id, n.queue_position or 0, n.pk))
    for nomination in ordered:
        try:
            confirmed = nomination_confirm(nomination=nomination, by=by, reason=_("Approved."))
        except WorkshopError as error:
            done.refused.append((nomination, str(error)))
            continue
        if confirmed.status == Status.CONFIRMED:
            done.confirmed.append(confirmed)
        else:
            done.waitlisted.append(confirmed)
    return done


def nomination_substitute(
    *,
    nomination: Nomination,
    participant: Participant,
    by=None,
    for_organisations: set[int] | None = None,
    reason: str = "",
) -> Nomination:
    """Replace a nominee who cannot come by another officer of the same organisation.

    The substitute takes the nominee's place: their place in the queue, and their status
    (a seat, a wait-list position, or the wait for approval); the nominee is withdrawn. The
    call's rules hold for the substitute except the deadline and the quota (one replaces
    one). Raises WorkshopError when the nomination is not active, the substitute is of
    another organisation, or a rule of the call is broken.
    """
    with transaction.atomic():
        batch = _lock_batch(nomination.batch)
        nomination = _locked(nomination)
        if nomination.status not in ACTIVE_STATUSES:
            raise WorkshopError(
                _("This nomination is already %s.") % nomination.get_status_display().lower()
            )
        _check_substitute_organisation(nomination, participant)
        if nomination.call_id:
            call_rules_check(
                call=nomination.call,
                batch=batch,
                ids=[participant.pk],
                at=timezone.now(),
                for_organisations=for_organisations,
                quota=False,
                deadline=False,
            )
        elif _overlapping_confirmed([participant.pk], batch).exists() or (
            Nomination.objects.filter(
                batch=batch, participant=participant, status__in=ACTIVE_STATUSES
            ).exists()
        ):
            raise WorkshopError(
                _("%(name)s cannot substitute: already nominated here or confirmed elsewhere.")
                % {"name": participant}
            )
        substitute = _take_place(nomination, participant, by=by, reason=reason)
    return substitute


def _check_substitute_organisation(nomination: Nomination, participant: Participant) -> None:
    quota_org = nomination.nominated_by_id or nomination.participant.organisation_id
    own = participant.organisation
    if own is None or quota_org not in (own.pk, own.parent_id):
        raise WorkshopError(
            "call_substitute_organisation",
            name=participant,
            organisation=own or _("no organisation"),
            quota=nomination.nominated_by or nomination.participant.organisation,
        )


def _take_place(nomination: Nomination, participant: Participant, *, by, reason) -> Nomination:
    """The substitute's row takes the nominee's status, queue and wait-list place; the
    nominee is withdrawn (the caller holds the batch lock)."""
    status, position = nomination.status, nomination.waitlist_position
    old = Change(nomination, nomination.status)
    nomination.status = Status.WITHDRAWN
    nomination.waitlist_position = None
    nomination.save(update_fields=["status", "waitlist_position", "updated_at"])
    substitute = Nomination.objects.filter(batch=nomination.batch, participant=participant).first()
    new = Change(substitute, substitute.status) if substitute else None
    if substitute is None:
        substitute = Nomination(batch=nomination.batch, participant=participant)
        new = Change(substitute, "")
    substitute.status = status
    substitute.waitlist_position = position
    substitute.queue_position = nomination.queue_position
    substitute.nominated_by_id = nomination.nominated_by_id
    substitute.call_id = nomination.call_id
    substitute.substitute_for = nomination
    substitute.decline_reason = ""
    substitute.joined_at = nomination.joined_at if status == Status.CONFIRMED else None
    substitute.save()
    why = reason or _("Substituted by %(name)s.") % {"name": participant}
    _record([old], by=by, reason=why)
    _record([new], by=by, reason=_("Substitute for %(name)s.") % {"name": nomination.participant})
    return substitute


# --- a batch's seats ---------------------------------------------------------------------


def batch_confirm_nominated(*, batch: Batch, by=None, reason: str = "") -> dict[str, int]:
    """Confirm every nominated participant of a batch in queue order; the overflow waits.

    Queue order is the nomination list's order, then the time of nomination. Nominations
    that clash with another confirmed batch stay nominated and are counted under "clashes".
    Returns counts: confirmed, waitlisted, clashes. Raises WorkshopError when the batch is
    cancelled or completed.
    """
    added = NominationsAdded()
    with transaction.atomic():
        batch = _lock_batch(batch)
        _check_open(batch)
        pending = Nomination.objects.select_for_update().filter(
            batch=batch, status=Status.NOMINATED
        )
        changes = [Change(n, n.status) for n in pending.order_by("queue_position", "pk")]
        changes = _confirm_in_order(batch, changes, added, at=timezone.now())
        _record(changes, by=by, reason=reason)
    return {"confirmed": added.confirmed, "waitlisted": added.waitlisted, "clashes": added.clashes}


def batch_fill_from_waitlist(*, batch: Batch, by=None) -> list[Nomination]:
    """Promote wait-listed nominations, first in line first, while the batch has free seats.

    Used after a batch's capacity was raised. Each promotion is recorded with its reason;
    people who would clash with another confirmed batch are skipped. Returns the promoted.
    """
    promoted = []
    with transaction.atomic():
        batch = _lock_batch(batch)
        while True:
            change = _promote_first_in_line(batch, freed_by=None)
            if change is None:
                break
            promoted.append(change.nomination)
            _record([change], by=by, reason=change.reason)
    return promoted


def nomination_move(
    *, nomination: Nomination, to_batch: Batch, by=None, reason: str = ""
) -> Nomination:
    """Move an active nomination to another batch of the same event.

    It joins the end of that batch's queue. A confirmed participant keeps a seat when the
    other batch has one free and no clash, else is nominated there (the organiser confirms
    or wait-lists); a nominated or wait-listed one is nominated there. A seat freed in the
    old batch goes to the first in its wait-list. Both batch rows are locked (in id order,
    so two moves the other way round cannot deadlock) and seats re-counted inside.

    Raises WorkshopError when the nomination is not active, the batches are the same or of
    different events, the other batch takes no nominations, or the participant already
    has a nomination (of any status) there.
    """
    with transaction.atomic():
        first, second = sorted([nomination.batch, to_batch], key=lambda b: b.pk)
        locked = {b.pk: _lock_batch(b) for b in (first, second)}
        old, new = locked[nomination.batch_id], locked[to_batch.pk]
        nomination = _locked(nomination)
        _check_move(nomination, old, new)
        change = Change(nomination, nomination.status)
        position = _last_queue_position(new) + 1
        keeps_seat = (
            nomination.status == Status.CONFIRMED
            and _confirmed_count(new) < new.capacity
            and not _overlapping_confirmed([nomination.participant_id], new)
            .exclude(pk=nomination.pk)
            .exists()
        )
        nomination.batch = new
        nomination.queue_position = position
        nomination.waitlist_position = None
        nomination.status = Status.CONFIRMED if keeps_seat else Status.NOMINATED
        nomination.save(
            update_fields=["batch", "queue_position", "waitlist_position", "status", "updated_at"]
        )
        why = _("Moved from %(old)s to %(new)s.") % {"old": old, "new": new}
        _record([change], by=by, reason=f"{why} {reason}".strip())
        if change.from_status == Status.CONFIRMED:
            promotion = _promote_first_in_line(old, freed_by=nomination)
            if promotion is not None:
                _record([promotion], by=by, reason=promotion.reason)
        batches_touch(old.pk)
    return nomination


def _check_move(nomination: Nomination, old: Batch, new: Batch) -> None:
    if nomination.status not in ACTIVE_STATUSES:
        raise WorkshopError(
            _("This nomination is already %s.") % nomination.get_status_display().lower()
        )
    if old.pk == new.pk:
        raise WorkshopError(_("The nomination is already in %s.") % new)
    if old.event_id != new.event_id:
        raise WorkshopError(_("A nomination moves only to another batch of the same event."))
    _check_takes_nominations(new)
    there = Nomination.objects.filter(batch=new, participant_id=nomination.participant_id).first()
    if there is not None:
        raise WorkshopError(
            _("%(participant)s already has a nomination to %(batch)s (%(status)s).")
            % {
                "participant": nomination.participant,
                "batch": new,
                "status": there.get_status_display().lower(),
            }
        )


# --- the rules of a nomination call ------------------------------------------------------


def call_rules_check(
    *,
    call: NominationCall,
    batch: Batch,
    ids: Sequence[int],
    at: dt.datetime,
    for_organisations: set[int] | None,
    quota: bool = True,
    deadline: bool = True,
) -> dict[int, int]:
    """Check the rules of `call` for nominating the participants `ids` to `batch`; return
    each participant's quota organisation (their own, or the parent's that holds the quota).

    The caller holds the batch lock. With ``quota``, the quota rows are locked and counted
    (re-counted inside the lock: another focal point of the same organisation may have
    nominated meanwhile). Raises WorkshopError naming the first rule broken.
    """
    if call.sent_at is None:
        raise WorkshopError("call_not_sent")
    if deadline and at > call.deadline:
        raise WorkshopError("call_deadline", deadline=_local_datetime(call.deadline))
    if batch.event_id != call.event_id or (call.batch_id and call.batch_id != batch.pk):
        raise WorkshopError("call_other_batch", batch=batch)
    quotas = {q.organisation_id: q for q in CallQuota.objects.filter(call=call)}
    ranks = {r.pk: r for r in call.ranks.all()}
    people = Participant.objects.filter(pk__in=ids).select_related("organisation", "rank")
    people = sorted(people, key=lambda p: ids.index(p.pk))
    active = {
        n.participant_id: n
        for n in Nomination.objects.filter(
            participant_id__in=ids, batch__event_id=call.event_id, status__in=ACTIVE_STATUSES
        ).select_related("batch__event")
    }
    clashing = {n.participant_id: n for n in _overlapping_confirmed(ids, batch)}
    quota_of: dict[int, int] = {}
    for person in people:
        quota_of[person.pk] = _check_person(
            person, batch, quotas, ranks, active, clashing, for_organisations
        )
    if quota:
        _check_quotas(call, [quotas[org] for org in quota_of.values()])
    return quota_of


def _check_person(person, batch, quotas, ranks, active, clashing, for_organisations) -> int:
    organisation = person.organisation
    if organisation is None or not (organisation.pk in quotas or organisation.parent_id in quotas):
        raise WorkshopError(
            "call_no_quota", name=person, organisation=organisation or _("no organisation")
        )
    if for_organisations is not None and organisation.pk not in for_organisations:
        raise WorkshopError("call_other_organisation", name=person, organisation=organisation)
    if ranks and person.rank_id not in ranks:
        raise WorkshopError(
            "call_rank",
            name=person,
            rank=person.rank or _("none given"),
            ranks=", ".join(str(rank) for rank in ranks.values()),
        )
    if person.pk in active:
        nomination = active[person.pk]
        raise WorkshopError(
            "call_duplicate",
            name=person,
            batch=nomination.batch,
            status=nomination.get_status_display().lower(),
        )
    if person.pk in clashing:
        other = clashing[person.pk].batch
        raise WorkshopError(
            "call_clash",
            name=person,
            other=other,
            start=other.start_date.isoformat(),
            end=other.end_date.isoformat(),
            batch=batch,
        )
    return organisation.pk if organisation.pk in quotas else organisation.parent_id


def _check_quotas(call: NominationCall, wanted_quotas: list[CallQuota]) -> None:
    wanted: dict[int, int] = {}
    for quota in wanted_quotas:
        wanted[quota.pk] = wanted.get(quota.pk, 0) + 1
    # Lock the quota rows (in a fixed order, so that two focal points never deadlock), then
    # count inside the lock.
    locked = CallQuota.objects.select_for_update(of=("self",)).filter(pk__in=wanted).order_by("pk")
    locked = list(locked.select_related("organisation"))
    used = _quota_used(call, [q.organisation_id for q in locked])
    for quota in locked:
        left = max(quota.seats - used.get(quota.organisation_id, 0), 0)
        if wanted[quota.pk] > left:
            raise WorkshopError(
                "call_quota",
                **localise_numbers(
                    {
                        "organisation": quota.organisation,
                        "left": left,
                        "seats": quota.seats,
                        "wanted": wanted[quota.pk],
                    }
                ),
            )


def _quota_used(call: NominationCall, organisation_ids) -> dict[int, int]:
    """Active nominations of the call per quota organisation (declined, withdrawn and
    cancelled ones give their seat back to the quota)."""
    rows = (
        Nomination.objects.filter(
            call=call, nominated_by_id__in=organisation_ids, status__in=ACTIVE_STATUSES
        )
        .values("nominated_by_id")
        .annotate(n=Count("pk"))
    )
    return {row["nominated_by_id"]: row["n"] for row in rows}


def _local_datetime(value: dt.datetime) -> str:
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


# --- helpers -----------------------------------------------------------------------------


def _lock_batch(batch: Batch) -> Batch:
    # The batch row guards its seats, its queue and its wait-list. Lock it alone: its event
    # page (read along) stays free for the event's other batches and for page edits.
    return Batch.objects.select_for_update(of=("self",)).select_related("event").get(pk=batch.pk)


def _locked(nomination: Nomination) -> Nomination:
    # Lock only the nomination's own row; the batch row, locked first, guards the seats.
    return (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("participant", "batch__event")
        .get(pk=nomination.pk)
    )


def _check_takes_nominations(batch: Batch) -> None:
    if batch.status in (Batch.Status.CANCELLED, Batch.Status.COMPLETED):
        raise WorkshopError(
            _("%(batch)s is %(status)s and takes no nominations.")
            % {"batch": batch, "status": batch.get_status_display().lower()}
        )


def _check_open(batch: Batch) -> None:
    if batch.status in (Batch.Status.CANCELLED, Batch.Status.COMPLETED):
        raise WorkshopError(
            _("%(batch)s is %(status)s.")
            % {"batch": batch, "status": batch.get_status_display().lower()}
        )


def _last_queue_position(batch: Batch) -> int:
    found = Nomination.objects.filter(batch=batch).aggregate(last=Max("queue_position"))
    return found["last"] or 0


def _confirmed_count(batch: Batch) -> int:
    return Nomination.objects.filter(batch=batch, status=Status.CONFIRMED).count()


def _overlapping_confirmed(participant_ids, batch: Batch):
    return (
        Nomination.objects.filter(
            participant_id__in=participant_ids,
            status=Status.CONFIRMED,
            batch__start_date__lte=batch.end_date,
            batch__end_date__gte=batch.start_date,
        )
        .exclude(batch=batch)
        .select_related("batch__event")
    )


def _check_clash(nomination: Nomination, batch: Batch) -> None:
    other = _overlapping_confirmed([nomination.participant_id], batch).first()
    if other is not None:
        raise WorkshopError(
            _(
                "%(participant)s is already confirmed in %(other)s (%(start)s to %(end)s), "
                "whose dates overlap with %(batch)s."
            )
            % {
                "participant": nomination.participant,
                "other": other.batch,
                "start": other.batch.start_date.isoformat(),
                "end": other.batch.end_date.isoformat(),
                "batch": batch,
            }
        )


def _confirm_in_order(
    batch: Batch, changes: list[Change], added: NominationsAdded, *, at: dt.datetime
) -> list[Change]:
    """Seats to the nominated of `changes` in their order (the caller holds the batch lock);
    the overflow is wait-listed, clashes stay nominated. Returns the changes that count."""
    clashing = set(
        _overlapping_confirmed([c.nomination.participant_id for c in changes], batch).values_list(
            "participant_id", flat=True
        )
    )
    free = batch.capacity - _confirmed_count(batch)
    next_wait = (
        Nomination.objects.filter(batch=batch).aggregate(last=Max("waitlist_position"))["last"] or 0
    )
    seated, waiting, kept = [], [], []
    for change in changes:
        nomination = change.nomination
        if nomination.participant_id in clashing:
            added.clashes += 1
            if change.from_status != Status.NOMINATED:
                kept.append(change)  # newly nominated: that change is still recorded
            continue
        if free > 0:
            free -= 1
            nomination.status = Status.CONFIRMED
            nomination.waitlist_position = None
            nomination.joined_at = at if timezone.localdate(at) >= batch.start_date else None
            seated.append(nomination)
        else:
            next_wait += 1
            nomination.status = Status.WAITLISTED
            nomination.waitlist_position = next_wait
            waiting.append(nomination)
        kept.append(change)
    fields = ["status", "waitlist_position", "joined_at", "updated_at"]
    now = timezone.now()
    for nomination in [*seated, *waiting]:
        nomination.updated_at = now  # bulk_update skips auto_now
    Nomination.objects.bulk_update([*seated, *waiting], fields, batch_size=1000)
    added.confirmed += len(seated)
    added.waitlisted += len(waiting)
    return kept


def _set_confirmed(nomination: Nomination, batch: Batch, *, at: dt.datetime) -> None:
    nomination.status = Status.CONFIRMED
    nomination.waitlist_position = None
    if timezone.localdate(at) >= batch.start_date:
        # Joining a batch that already runs: sessions before now do not count against them.
        nomination.joined_at = at
    nomination.save(update_fields=["status", "waitlist_position", "joined_at", "updated_at"])


def _set_waitlisted(nomination: Nomination, batch: Batch) -> None:
    last = Nomination.objects.filter(batch=batch).aggregate(last=Max("waitlist_position"))
    nomination.status = Status.WAITLISTED
    nomination.waitlist_position = (last["last"] or 0) + 1
    nomination.save(update_fields=["status", "waitlist_position", "updated_at"])


def _release(nomination: Nomination, to_status: str, *, by, reason) -> Nomination:
    with transaction.atomic():
        batch = _lock_batch(nomination.batch)
        nomination = _locked(nomination)
        if nomination.status not in ACTIVE_STATUSES:
            raise WorkshopError(
                _("This nomination is already %s.") % nomination.get_status_display().lower()
            )
        change = Change(nomination, nomination.status)
        nomination.status = to_status
        nomination.waitlist_position = None
        nomination.save(update_fields=["status", "waitlist_position", "updated_at"])
        _record([change], by=by, reason=reason)
        if change.from_status == Status.CONFIRMED:
            promotion = _promote_first_in_line(batch, freed_by=nomination)
            if promotion is not None:
                _record([promotion], by=by, reason=promotion.reason)
    return nomination


@dataclass
class _Promotion(Change):
    reason: str = ""


def _promote_first_in_line(batch: Batch, *, freed_by: Nomination | None) -> _Promotion | None:
    """Give the freed seat to the first wait-listed nomination that does not clash."""
    if _confirmed_count(batch) >= batch.capacity:
        return None
    waiting = (
        Nomination.objects.select_for_update(of=("self",))
        .filter(batch=batch, status=Status.WAITLISTED)
        .select_related("participant")
        .order_by("waitlist_position", "pk")
    )
    for candidate in waiting:
        if _overlapping_confirmed([candidate.participant_id], batch).exists():
            continue
        if freed_by is None:
            reason = _("Promoted from wait-list position %(pos)s: capacity raised to %(cap)s.") % {
                "pos": candidate.waitlist_position,
                "cap": batch.capacity,
            }
        else:
            reason = _(
                "Promoted from wait-list position %(pos)s: seat freed by %(name)s (%(status)s)."
            ) % {
                "pos": candidate.waitlist_position,
                "name": freed_by.participant,
                "status": freed_by.get_status_display().lower(),
            }
        promotion = _Promotion(candidate, candidate.status, promoted=True, reason=reason)
        _set_confirmed(candidate, batch, at=timezone.now())
        return promotion
    return None


def _record(changes: Sequence[Change], *, by, reason: str, notify: bool = True) -> None:
    """Write the history of `changes`; after commit e-mail the people concerned, tell other
    apps and refresh the public pages that show seats."""
    if not changes:
        return
    history_record(
        NominationChange,
        [(c.nomination, c.from_status, c.nomination.status) for c in changes],
        by=by,
        reason=reason,
    )
    done = [(c.nomination, c.from_status, c.nomination.status, c.promoted) for c in changes]

    def after_commit():
        from workshops import tasks

        for nomination, from_status, to_status, promoted in done:
            if notify and to_status in EMAILED_STATUSES and from_status != to_status:
                tasks.send_nomination_email.enqueue(
                    nomination_id=nomination.pk,
                    from_status=Status.WAITLISTED if promoted else from_status,
                    to_status=to_status,
                )
            nomination_status_changed.send(
                sender=Nomination,
                nomination=nomination,
                from_status=from_status,
                to_status=to_status,
                by=by,
                reason=reason,
                promoted=promoted,
            )

    transaction.on_commit(after_commit)
    # The office orders list the confirmed: a change into or out of "confirmed" reissues them.
    office_orders_refresh_on_commit(
        c.nomination.batch_id
        for c in changes
        if Status.CONFIRMED in (c.from_status, c.nomination.status)
        and c.from_status != c.nomination.status
    )
    page_cache_invalidate_on_commit()
    # Kept figures: the batches' members (learning gain, panel) and the people's own pages.
    batches_touch(*{c.nomination.batch_id for c in changes})
    participants_touch(*{c.nomination.participant_id for c in changes})
