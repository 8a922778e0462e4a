"""Nominations: seats, the wait-list and clashes.

Every status change of a nomination goes through a function here, writes a NominationChange
(who, when, why) and, after commit, sends ``workshops.signals.nomination_status_changed``.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from workshops.errors import WorkshopError
from workshops.models import Batch, Nomination, NominationChange, Organisation, Participant
from workshops.signals import nomination_status_changed

Status = Nomination.Status
ACTIVE_STATUSES = [Status.NOMINATED, Status.CONFIRMED, Status.WAITLISTED]


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
