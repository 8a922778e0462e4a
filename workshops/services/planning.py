"""Batch planning: split an event's nominees into batches (preview, then apply)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from workshops.errors import WorkshopError
from workshops.models import Batch, Nomination, NominationChange
from workshops.planning import Nominee, PlanningError, plan_batches
from workshops.services.nominations import ACTIVE_STATUSES, Status


def _event_nominees(event) -> list:
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
