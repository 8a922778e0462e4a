"""Batches: create, change and cancel a run of an event.

A change people must hear of (dates, venue, cancellation) raises the calendar SEQUENCE of
the batch's sessions, so calendar clients replace their copy, and e-mails the confirmed
participants and trainers after commit. A raised capacity gives the new seats to the
wait-list in order. Public event pages show batches and seats, so they are refreshed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from lms.page_cache import page_cache_invalidate_on_commit
from lms.translation import default_language
from workshops.caching import batches_touch
from workshops.errors import WorkshopError
from workshops.models import Batch, EventPage, Nomination
from workshops.services.calendar import batch_calendar_touch
from workshops.services.nominations import batch_fill_from_waitlist
from workshops.services.office_orders import office_orders_refresh_on_commit

EDITABLE_FIELDS = ("event", "number", "start_date", "end_date", "venue", "capacity", "status")
# Changes the batch's people are told of (and calendars updated for).
NOTICE_FIELDS = ("start_date", "end_date", "venue")


@dataclass
class BatchUpdated:
    """A changed batch and what the change set off."""

    batch: Batch
    changed: list[str] = field(default_factory=list)
    notice: str = ""  # "changed", "cancelled" or "" (nobody told)
    promoted: list[Nomination] = field(default_factory=list)


def event_check_original(event: EventPage) -> None:
    """Batches, nominations and certificates hang off an event in the default language;
    raises WorkshopError("event_translation") for a translation."""
    if event.locale.language_code != default_language():
        raise WorkshopError("event_translation", title=event.title)


def batch_create(
    *,
    event: EventPage,
    start_date,
    end_date,
    capacity: int,
    number: int | None = None,
    venue: str = "",
    status: str = Batch.Status.PLANNED,
    by=None,
) -> Batch:
    """Add a batch to an event: number (next free when not given), dates, venue, capacity.

    Raises WorkshopError for a translated event, a number the event already has, dates that
    end before they start or a capacity below one.
    """
    event_check_original(event)
    with transaction.atomic():
        # The event's batches are numbered under a lock on the event's page row.
        EventPage.objects.select_for_update().filter(pk=event.pk).first()
        if number is None:
            last = Batch.objects.filter(event=event).aggregate(last=Max("number"))["last"]
            number = (last or 0) + 1
        batch = Batch(
            event=event,
            number=number,
            start_date=start_date,
            end_date=end_date,
            venue=venue,
            capacity=capacity,
            status=status,
        )
        _validate(batch)
        batch.save()
        batches_touch(batch.pk)
    page_cache_invalidate_on_commit()
    return batch


def batch_update(*, batch: Batch, by=None, **changes) -> BatchUpdated:
    """Change a batch's fields (any of EDITABLE_FIELDS) under a lock on its row.

    The capacity cannot drop below the seats confirmed (re-counted inside the lock); a raised
    capacity promotes from the wait-list. New dates or venue, or cancellation, raise the
    sessions' calendar SEQUENCE and e-mail the batch after commit. Raises WorkshopError for
    those rules, a translated event, or invalid values; nothing is written then.
    """
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"batch_update() cannot change {sorted(unknown)}")
    with transaction.atomic():
        locked = (
            Batch.objects.select_for_update(of=("self",)).select_related("event").get(pk=batch.pk)
        )
        if "event" in changes:
            event_check_original(changes["event"])
        if "capacity" in changes:
            confirmed = locked.nominations.filter(status=Nomination.Status.CONFIRMED).count()
            if changes["capacity"] < confirmed:
                raise WorkshopError("capacity_below_confirmed", n=confirmed)
        before = {name: getattr(locked, name) for name in changes}
        for name, value in changes.items():
            setattr(locked, name, value)
        _validate(locked)
        locked.save()
        result = BatchUpdated(batch=locked, changed=[n for n in changes if before[n] != changes[n]])
        _notify(result)
        if any(name in result.changed for name in NOTICE_FIELDS):
            office_orders_refresh_on_commit([locked.pk])  # the orders print dates and venue
        if "capacity" in result.changed:
            result.promoted = batch_fill_from_waitlist(batch=locked, by=by)
        batches_touch(locked.pk)  # its dates, capacity or status: panel and reports
    page_cache_invalidate_on_commit()
    return result


def batch_cancel(*, batch: Batch, by=None) -> BatchUpdated:
    """Cancel a batch: its people are e-mailed and their calendars drop its sessions.

    Nominations stay as they are (the history of who was to come). Raises WorkshopError when
    the batch is completed.
    """
    if batch.status == Batch.Status.COMPLETED:
        raise WorkshopError("batch_completed")
    return batch_update(batch=batch, by=by, status=Batch.Status.CANCELLED)


def _validate(batch: Batch) -> None:
    try:
        batch.full_clean()
    except ValidationError as error:
        raise WorkshopError(" ".join(error.messages)) from error


def _notify(result: BatchUpdated) -> None:
    """Tell the batch's people of a change that concerns them, after commit."""
    from workshops import tasks

    batch = result.batch
    if "status" in result.changed and batch.status == Batch.Status.CANCELLED:
        result.notice = "cancelled"
    elif any(name in result.changed for name in NOTICE_FIELDS):
        result.notice = "changed"
    if not result.notice:
        return
    batch_calendar_touch(batch=batch)
    kind, batch_id = result.notice, batch.pk
    transaction.on_commit(lambda: tasks.send_batch_notice.enqueue(batch_id=batch_id, kind=kind))


def batch_error_field(error: WorkshopError) -> str | None:
    """The form field a batch service's error is about (None: the whole form)."""
    return {"capacity_below_confirmed": "capacity", "event_translation": "event"}.get(error.code)
