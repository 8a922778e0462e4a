"""Business rules of workshops: nominations, seats, the wait-list and clashes.

Every status change of a nomination goes through a function here, writes a NominationChange
(who, when, why) and, after commit, sends ``workshops.signals.nomination_status_changed``.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from workshops.models import Batch, Nomination, NominationChange, Organisation, Participant
from workshops.signals import nomination_status_changed

Status = Nomination.Status
ACTIVE_STATUSES = [Status.NOMINATED, Status.CONFIRMED, Status.WAITLISTED]


class WorkshopError(Exception):
    """A workshop rule was broken; the message is meant for the user as it stands."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


# --- nominations -------------------------------------------------------------------------


def nomination_create(
    *,
    batch: Batch,
    participant: Participant,
    by=None,
    nominated_by: Organisation | None = None,
    reason: str = "",
) -> Nomination:
    """Nominate a participant to a batch (status "nominated") and record it.

    A participant withdrawn or cancelled earlier is nominated again on the same row.
    Raises WorkshopError when the batch no longer takes nominations or the participant is
    already nominated to it.
    """
    if batch.status in (Batch.Status.CANCELLED, Batch.Status.COMPLETED):
        raise WorkshopError(
            _("%(batch)s is %(status)s and takes no nominations.")
            % {"batch": batch, "status": batch.get_status_display().lower()}
        )
    with transaction.atomic():
        nomination = (
            Nomination.objects.select_for_update()
            .filter(batch=batch, participant=participant)
            .first()
        )
        if nomination and nomination.status in ACTIVE_STATUSES:
            raise WorkshopError(
                _("%(participant)s is already nominated to %(batch)s (%(status)s).")
                % {
                    "participant": participant,
                    "batch": batch,
                    "status": nomination.get_status_display().lower(),
                }
            )
        previous = nomination.status if nomination else ""
        if nomination is None:
            nomination = Nomination(batch=batch, participant=participant)
        nomination.status = Status.NOMINATED
        nomination.waitlist_position = None
        nomination.nominated_by = nominated_by or participant.organisation
        nomination.save()
        _record(nomination, previous, by=by, reason=reason)
    return nomination


def nomination_confirm(*, nomination: Nomination, by=None, reason: str = "") -> Nomination:
    """Give a nomination a seat, or put it at the end of the wait-list when the batch is full.

    The batch row is locked (select_for_update) and the confirmed seats are counted inside the
    lock, so that concurrent confirmations never overfill a batch. Raises WorkshopError when
    the nomination is not open (cancelled, withdrawn, already confirmed), when the batch is
    cancelled or completed, when the participant is confirmed in another batch whose dates
    overlap (the message names it), or when a wait-listed nomination still finds no seat.
    """
    with transaction.atomic():
        batch = Batch.objects.select_for_update().get(pk=nomination.batch_id)
        nomination = _locked(nomination)
        if nomination.status not in (Status.NOMINATED, Status.WAITLISTED):
            raise WorkshopError(
                _("Only a nominated or wait-listed nomination can be confirmed; this one is %s.")
                % nomination.get_status_display().lower()
            )
        if batch.status in (Batch.Status.CANCELLED, Batch.Status.COMPLETED):
            raise WorkshopError(
                _("%(batch)s is %(status)s.")
                % {"batch": batch, "status": batch.get_status_display().lower()}
            )
        _check_clash(nomination, batch)
        # Re-count inside the lock: another transaction may have taken a seat meanwhile.
        if _confirmed_count(batch) < batch.capacity:
            return _set_confirmed(nomination, batch, by=by, reason=reason)
        if nomination.status == Status.WAITLISTED:
            raise WorkshopError(
                _("%(batch)s is full; the nomination stays on the wait-list at position %(pos)s.")
                % {"batch": batch, "pos": nomination.waitlist_position}
            )
        return _set_waitlisted(
            nomination, batch, by=by, reason=reason or _("Batch full when confirming.")
        )


def nomination_waitlist(*, nomination: Nomination, by=None, reason: str = "") -> Nomination:
    """Put a nominated (not yet confirmed) participant at the end of the batch's wait-list.

    Raises WorkshopError unless the nomination is "nominated".
    """
    with transaction.atomic():
        batch = Batch.objects.select_for_update().get(pk=nomination.batch_id)
        nomination = _locked(nomination)
        if nomination.status != Status.NOMINATED:
            raise WorkshopError(
                _("Only a nominated participant can be wait-listed; this one is %s.")
                % nomination.get_status_display().lower()
            )
        return _set_waitlisted(nomination, batch, by=by, reason=reason)


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


def batch_confirm_nominated(*, batch: Batch, by=None, reason: str = "") -> dict[str, int]:
    """Confirm every nominated participant of a batch in name order; the overflow waits.

    Nominations that clash with another confirmed batch stay nominated and are counted under
    "clashes". Returns counts: confirmed, waitlisted, clashes.
    """
    counts = {"confirmed": 0, "waitlisted": 0, "clashes": 0}
    pending = batch.nominations.filter(status=Status.NOMINATED).order_by("participant__name", "pk")
    for nomination in pending:
        try:
            result = nomination_confirm(nomination=nomination, by=by, reason=reason)
        except WorkshopError:
            counts["clashes"] += 1
            continue
        counts["confirmed" if result.status == Status.CONFIRMED else "waitlisted"] += 1
    return counts


def batch_fill_from_waitlist(*, batch: Batch, by=None) -> list[Nomination]:
    """Promote wait-listed nominations, first in line first, while the batch has free seats.

    Used after a batch's capacity was raised. Each promotion is recorded with its reason;
    people who would clash with another confirmed batch are skipped. Returns the promoted.
    """
    promoted = []
    with transaction.atomic():
        batch = Batch.objects.select_for_update().get(pk=batch.pk)
        while True:
            nomination = _promote_first_in_line(batch, freed_by=None, by=by)
            if nomination is None:
                return promoted
            promoted.append(nomination)


# --- helpers -----------------------------------------------------------------------------


def _locked(nomination: Nomination) -> Nomination:
    # Lock only the nomination's own row; the batch row, locked first, guards the seats.
    return (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("participant", "batch__event")
        .get(pk=nomination.pk)
    )


def _confirmed_count(batch: Batch) -> int:
    return Nomination.objects.filter(batch=batch, status=Status.CONFIRMED).count()


def _overlapping_confirmed(nomination: Nomination, batch: Batch):
    return (
        Nomination.objects.filter(
            participant_id=nomination.participant_id,
            status=Status.CONFIRMED,
            batch__start_date__lte=batch.end_date,
            batch__end_date__gte=batch.start_date,
        )
        .exclude(batch=batch)
        .select_related("batch__event")
    )


def _check_clash(nomination: Nomination, batch: Batch) -> None:
    other = _overlapping_confirmed(nomination, batch).first()
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


def _set_confirmed(nomination, batch, *, by, reason, promoted=False) -> Nomination:
    previous = nomination.status
    nomination.status = Status.CONFIRMED
    nomination.waitlist_position = None
    if timezone.localdate() >= batch.start_date:
        # Joining a batch that already runs: sessions before now do not count against them.
        nomination.joined_at = timezone.now()
    nomination.save(update_fields=["status", "waitlist_position", "joined_at", "updated_at"])
    _record(nomination, previous, by=by, reason=reason, promoted=promoted)
    return nomination


def _set_waitlisted(nomination, batch, *, by, reason) -> Nomination:
    last = Nomination.objects.filter(batch=batch).aggregate(last=Max("waitlist_position"))
    previous = nomination.status
    nomination.status = Status.WAITLISTED
    nomination.waitlist_position = (last["last"] or 0) + 1
    nomination.save(update_fields=["status", "waitlist_position", "updated_at"])
    _record(nomination, previous, by=by, reason=reason)
    return nomination


def _release(nomination: Nomination, to_status: str, *, by, reason) -> Nomination:
    with transaction.atomic():
        batch = Batch.objects.select_for_update().get(pk=nomination.batch_id)
        nomination = _locked(nomination)
        if nomination.status not in ACTIVE_STATUSES:
            raise WorkshopError(
                _("This nomination is already %s.") % nomination.get_status_display().lower()
            )
        previous = nomination.status
        nomination.status = to_status
        nomination.waitlist_position = None
        nomination.save(update_fields=["status", "waitlist_position", "updated_at"])
        _record(nomination, previous, by=by, reason=reason)
        if previous == Status.CONFIRMED:
            _promote_first_in_line(batch, freed_by=nomination, by=by)
    return nomination


def _promote_first_in_line(batch: Batch, *, freed_by: Nomination | None, by) -> Nomination | None:
    """Give the freed seat to the first wait-listed nomination that does not clash."""
    if _confirmed_count(batch) >= batch.capacity:
        return None
    waiting = (
        Nomination.objects.select_for_update()
        .filter(batch=batch, status=Status.WAITLISTED)
        .select_related("participant")
        .order_by("waitlist_position", "pk")
    )
    for candidate in waiting:
        if _overlapping_confirmed(candidate, batch).exists():
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
        return _set_confirmed(candidate, batch, by=by, reason=reason, promoted=True)
    return None


def _record(nomination: Nomination, from_status: str, *, by, reason: str, promoted=False):
    NominationChange.objects.create(
        nomination=nomination,
        from_status=from_status,
        to_status=nomination.status,
        reason=reason[:255],
        changed_by=by if by is not None and by.is_authenticated else None,
    )
    to_status = nomination.status
    transaction.on_commit(
        lambda: nomination_status_changed.send(
            sender=Nomination,
            nomination=nomination,
            from_status=from_status,
            to_status=to_status,
            by=by,
            reason=reason,
            promoted=promoted,
        )
    )


# --- batch planning ----------------------------------------------------------------------


def _event_nominees(event) -> list:
    from workshops.planning import Nominee

    nominations = (
        Nomination.objects.filter(batch__event=event, status__in=ACTIVE_STATUSES)
        .select_related("participant__organisation", "participant__rank")
        .order_by("pk")
    )
    return [
        Nominee(
            id=n.pk,
            organisation=n.participant.organisation.name if n.participant.organisation else "",
            rank=n.participant.rank.name if n.participant.rank else "",
            name=n.participant.name,
        )
        for n in nominations
    ]


def event_plan_preview(*, event, batches: int, capacity: int) -> list:
    """The planner's proposal for an event's active nominations; writes nothing.

    Raises WorkshopError (from the planner's PlanningError) for impossible input.
    """
    from workshops.planning import PlanningError, plan_batches

    try:
        return plan_batches(
            nominees=_event_nominees(event),
            batches=batches,
            capacity=capacity,
            start_date=event.start_date,
            end_date=event.end_date,
        )
    except PlanningError as error:
        raise WorkshopError(str(error)) from error


@transaction.atomic
def event_plan_apply(*, event, batches: int, capacity: int, by=None) -> int:
    """Create or update batches 1..N of the event and move each active nomination to its batch.

    Confirmed nominations stay confirmed; wait-listed ones become nominated again (every
    batch now has room). Each move is recorded as a NominationChange. Batches numbered above
    N that end up empty are deleted. Returns how many nominations moved. Raises WorkshopError.
    """
    existing = {b.number: b for b in Batch.objects.select_for_update().filter(event=event)}
    plan = event_plan_preview(event=event, batches=batches, capacity=capacity)
    target = {}
    for planned in plan:
        batch = existing.get(planned.number) or Batch(event=event, number=planned.number)
        batch.start_date, batch.end_date = planned.start_date, planned.end_date
        batch.capacity = capacity
        batch.venue = batch.venue or event.venue
        batch.save()
        for nominee in planned.nominees:
            target[nominee.id] = batch
    nominations = list(
        Nomination.objects.filter(pk__in=target).select_related("batch", "participant")
    )
    moved, changes = [], []
    for nomination in nominations:
        old, new = nomination.batch, target[nomination.pk]
        if old.pk == new.pk and nomination.status != Status.WAITLISTED:
            continue
        previous = nomination.status
        nomination.batch = new
        nomination.waitlist_position = None
        if nomination.status == Status.WAITLISTED:
            nomination.status = Status.NOMINATED
        moved.append(nomination)
        changes.append(
            NominationChange(
                nomination=nomination,
                from_status=previous,
                to_status=nomination.status,
                changed_by=by if by is not None and by.is_authenticated else None,
                reason=_("Moved from batch %(old)s to batch %(new)s by the batch planner.")
                % {"old": old.number, "new": new.number},
            )
        )
    _check_no_double_nomination(moved)
    Nomination.objects.bulk_update(moved, ["batch", "waitlist_position", "status"], 500)
    NominationChange.objects.bulk_create(changes, batch_size=1000)
    for number, batch in existing.items():
        if number > batches and not batch.nominations.exists() and not batch.sessions.exists():
            batch.delete()
    return len(moved)


def _check_no_double_nomination(moved: list[Nomination]) -> None:
    pairs = {(n.batch_id, n.participant_id) for n in moved}
    moved_ids = [n.pk for n in moved]
    clash = (
        Nomination.objects.exclude(pk__in=moved_ids)
        .filter(batch_id__in={b for b, _p in pairs}, participant_id__in={p for _b, p in pairs})
        .select_related("participant", "batch__event")
    )
    for other in clash:
        if (other.batch_id, other.participant_id) in pairs:
            raise WorkshopError(
                _("%(participant)s already has a nomination in %(batch)s; cancel one first.")
                % {"participant": other.participant, "batch": other.batch}
            )
