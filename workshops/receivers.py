"""Reactions to changes: e-mails after nomination changes, calendar updates after batch and
session changes. Each receiver only hands work to a service or a task after commit."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from lms.accounts.signals import preferred_language_changed
from workshops.models import Batch, Nomination, Participant, Session
from workshops.signals import nomination_status_changed

# Fields whose change makes calendars update the event and participants get an e-mail.
SESSION_CALENDAR_FIELDS = ("starts_at", "ends_at", "topic", "room", "batch_id")
BATCH_NOTICE_FIELDS = ("start_date", "end_date", "venue", "status")
NOMINATION_EMAILS = {
    Nomination.Status.CONFIRMED,
    Nomination.Status.WAITLISTED,
    Nomination.Status.CANCELLED,
}


@receiver(nomination_status_changed, dispatch_uid="workshops2_nomination_email")
def nomination_email(sender, nomination, from_status, to_status, by=None, **kwargs):
    """Confirmed, wait-listed, promoted from the wait-list or cancelled: tell the person."""
    from workshops import tasks

    if to_status not in NOMINATION_EMAILS or from_status == to_status:
        return
    # workshops I says `promoted=True` for a promotion from the wait-list.
    if kwargs.get("promoted"):
        from_status = Nomination.Status.WAITLISTED
    transaction.on_commit(
        lambda: tasks.send_nomination_email.enqueue(
            nomination_id=nomination.pk, from_status=from_status or "", to_status=to_status
        )
    )


@receiver(preferred_language_changed, dispatch_uid="workshops_participant_language")
def participant_language(sender, user, language, **kwargs):
    """A user chose a language: their participant record's e-mails follow it."""
    from django.utils import timezone

    Participant.objects.filter(user=user).exclude(preferred_language=language).update(
        preferred_language=language, updated_at=timezone.now()
    )


@receiver(pre_save, sender=Session, dispatch_uid="workshops2_session_sequence")
def session_sequence(sender, instance: Session, raw=False, **kwargs):
    """A changed session gets a higher SEQUENCE, so calendars replace the old event."""
    if raw or instance.pk is None:
        return
    old = Session.objects.filter(pk=instance.pk).values(*SESSION_CALENDAR_FIELDS).first()
    if old and any(old[f] != getattr(instance, f) for f in SESSION_CALENDAR_FIELDS):
        instance.sequence = (instance.sequence or 0) + 1


@receiver(pre_save, sender=Batch, dispatch_uid="workshops2_batch_before")
def batch_before(sender, instance: Batch, raw=False, **kwargs):
    instance._notice_before = None
    if not raw and instance.pk is not None:
        instance._notice_before = (
            Batch.objects.filter(pk=instance.pk).values(*BATCH_NOTICE_FIELDS).first()
        )


@receiver(post_save, sender=Batch, dispatch_uid="workshops2_batch_after")
def batch_after(sender, instance: Batch, created=False, raw=False, **kwargs):
    """Dates, venue or status changed: update the calendar events and tell the batch."""
    from workshops import tasks
    from workshops.services import batch_calendar_touch

    before = getattr(instance, "_notice_before", None)
    if raw or created or not before:
        return
    changed = [f for f in BATCH_NOTICE_FIELDS if before[f] != getattr(instance, f)]
    if not changed:
        return
    cancelled = instance.status == Batch.Status.CANCELLED
    if changed == ["status"] and not cancelled:
        return  # planned -> open -> running: nothing a participant needs to hear
    batch_calendar_touch(batch=instance)
    kind = "cancelled" if cancelled else "changed"
    transaction.on_commit(lambda: tasks.send_batch_notice.enqueue(batch_id=instance.pk, kind=kind))


def _public_pages_changed(**kwargs) -> None:
    """Event pages list their batches with seat counts: start a new page-cache generation
    once the change is committed, so anonymous readers do not see stale seats."""
    from lms.page_cache import page_cache_invalidate

    transaction.on_commit(page_cache_invalidate)


for _model in (Batch, Nomination):
    post_save.connect(
        _public_pages_changed, sender=_model, dispatch_uid=f"workshops.page_cache.{_model.__name__}"
    )
    post_delete.connect(
        _public_pages_changed,
        sender=_model,
        dispatch_uid=f"workshops.page_cache.del.{_model.__name__}",
    )
