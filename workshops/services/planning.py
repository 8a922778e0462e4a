"""Batch planning: split an event's nominees into batches (preview, then apply)."""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from lms.history import history_record
from lms.page_cache import page_cache_invalidate_on_commit
from workshops.caching import batches_touch
from workshops.errors import WorkshopError
from workshops.models import Batch, Nomination, NominationChange
from workshops.planning import Nominee, PlanningError, plan_batches
from workshops.services.batches import batch_create, batch_update, event_check_original
from workshops.services.nominations import ACTIVE_STATUSES, Status
from workshops.services.office_orders import office_orders_refresh_on_commit


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

    Raises WorkshopError (from the planner's PlanningError) for impossible input, and for a
    translated event (its nominations are the original's).
    """
    event_check_original(event)
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
    batch now has room). Moved nominations join the end of their new batch's queue in the
    plan's order, and each move is recorded. Changed dates or venues reach the batches'
    people as the batch services tell them. Batches numbered above N that end up empty are
    deleted. Returns how many nominations moved. Raises WorkshopError.
    """
    event_check_original(event)
    existing = {b.number: b for b in Batch.objects.select_for_update().filter(event=event)}
    plan = event_plan_preview(event=event, batches=batches, capacity=capacity)
    target, order = {}, []
    for planned in plan:
        batch = existing.get(planned.number) or batch_create(
            event=event,
            number=planned.number,
            start_date=planned.start_date,
            end_date=planned.end_date,
            capacity=capacity,
            venue=event.venue,
            by=by,
        )
        for nominee in planned.nominees:
            target[nominee.id] = batch
            order.append(nominee.id)
    moved = _move_nominations(target, order, by=by)
    # Moved people leave one batch's office order and join another's.
    touched = [*(b.pk for b in existing.values()), *(b.pk for b in target.values())]
    office_orders_refresh_on_commit(touched)
    batches_touch(*(b.pk for b in existing.values()), *(b.pk for b in target.values()))
    for planned in plan:
        if planned.number in existing:
            batch_update(
                batch=existing[planned.number],
                by=by,
                start_date=planned.start_date,
                end_date=planned.end_date,
                capacity=capacity,
                venue=existing[planned.number].venue or event.venue,
            )
    for number, batch in existing.items():
        if number > batches and not batch.nominations.exists() and not batch.sessions.exists():
            batch.delete()
    page_cache_invalidate_on_commit()
    return moved


def _move_nominations(target: dict, order: list[int], *, by) -> int:
    """Move nominations to their planned batches; one history row per move."""
    nominations = Nomination.objects.filter(pk__in=target).select_related("batch", "participant")
    by_pk = {n.pk: n for n in nominations}
    positions = {
        row["batch"]: row["last"] or 0
        for row in Nomination.objects.filter(batch__in={b.pk for b in target.values()})
        .values("batch")
        .annotate(last=Max("queue_position"))
    }
    moved, moves = [], defaultdict(list)
    for pk in order:
        nomination, new = by_pk[pk], target[pk]
        old = nomination.batch
        if old.pk == new.pk and nomination.status != Status.WAITLISTED:
            continue
        previous = nomination.status
        if old.pk != new.pk:
            positions[new.pk] = positions.get(new.pk, 0) + 1
            nomination.queue_position = positions[new.pk]
        nomination.batch = new
        nomination.waitlist_position = None
        if nomination.status == Status.WAITLISTED:
            nomination.status = Status.NOMINATED
        moved.append(nomination)
        moves[(old.number, new.number)].append((nomination, previous, nomination.status))
    _check_no_double_nomination(moved)
    fields = ["batch", "waitlist_position", "status", "queue_position"]
    Nomination.objects.bulk_update(moved, fields, batch_size=500)
    for (old, new), changes in moves.items():
        reason = _("Moved from batch %(old)s to batch %(new)s by the batch planner.") % {
            "old": old,
            "new": new,
        }
        history_record(NominationChange, changes, by=by, reason=reason)
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
