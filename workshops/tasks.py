"""Background tasks of workshops: they take ids, load the objects and send e-mail or reissue
office orders."""

from django.tasks import task

from workshops import emails
from workshops.models import Batch, BatchMessage, Nomination, Reminder


@task(queue_name="email")
def send_nomination_email(*, nomination_id: int, from_status: str, to_status: str) -> bool:
    """Tell a participant their nomination was confirmed, promoted, wait-listed or cancelled.

    Skips a cancelled nomination of a cancelled batch: the batch notice says it already.
    """
    nomination = Nomination.objects.select_related("batch__event", "participant").get(
        pk=nomination_id
    )
    if to_status == Nomination.Status.CANCELLED and (
        nomination.batch.status == Batch.Status.CANCELLED
    ):
        return False
    message = emails.nomination_email(nomination, from_status=from_status, to_status=to_status)
    if message is None:
        return False
    message.send()
    return True


@task(queue_name="email")
def send_batch_notice(*, batch_id: int, kind: str) -> int:
    """Tell the batch's confirmed participants and trainers it changed or was cancelled."""
    batch = Batch.objects.select_related("event").get(pk=batch_id)
    messages = emails.batch_notice_emails(batch, kind=kind)
    for message in messages:
        message.send()
    return len(messages)


@task(queue_name="email")
def send_batch_message(*, message_id: int) -> int:
    """Send a message written to a batch to its confirmed participants, each in their
    language; returns how many e-mails went out."""
    message = BatchMessage.objects.select_related("batch__event", "sent_by").get(pk=message_id)
    mails = emails.batch_message_emails(message)
    for mail in mails:
        mail.send()
    return len(mails)


@task(queue_name="email")
def send_reminder_email(*, reminder_id: int) -> bool:
    reminder = Reminder.objects.select_related("batch__event", "participant").get(pk=reminder_id)
    message = emails.reminder_email(
        batch=reminder.batch, participant=reminder.participant, day=reminder.day
    )
    if message is None:
        return False
    message.send()
    return True


@task(queue_name="email")
def send_call_email(*, call_id: int, user_id: int, kind: str) -> bool:
    """E-mail a nomination call ("sent") or its reminder ("reminder") to one focal point."""
    from django.contrib.auth import get_user_model

    from workshops.models import NominationCall

    call = NominationCall.objects.select_related("event").get(pk=call_id)
    user = get_user_model().objects.get(pk=user_id)
    message = emails.call_email(call=call, user=user, kind=kind)
    if message is None:
        return False
    message.send()
    return True


@task
def office_orders_refresh(*, batch_ids: list[int]) -> list[str]:
    """Reissue the office orders of these batches and of their events whose list changed;
    returns the new versions' memo numbers."""
    from workshops.services.office_orders import office_order_refresh

    issued = []
    batches = list(Batch.objects.filter(pk__in=batch_ids).select_related("event"))
    for subject in [*({"batch": b} for b in batches), *({"event": e} for e in _events(batches))]:
        order = office_order_refresh(**subject)
        if order is not None:
            issued.append(order.memo_number)
    return issued


def _events(batches):
    return list({batch.event_id: batch.event for batch in batches}.values())


@task(queue_name="email")
def send_decline_email(*, nomination_id: int) -> bool:
    """Tell the focal point who nominated an officer to a call that it was declined, and
    why. Nobody is e-mailed when no focal point of the officer's organisation nominated."""
    from workshops.permissions import can_act_for_nomination

    nomination = Nomination.objects.select_related("batch__event", "participant").get(
        pk=nomination_id
    )
    step = (
        nomination.changes.filter(to_status=Nomination.Status.NOMINATED, changed_by__isnull=False)
        .select_related("changed_by")
        .order_by("-pk")
        .first()
    )
    if step is None or not can_act_for_nomination(step.changed_by, nomination):
        return False
    message = emails.nomination_declined_email(nomination=nomination, user=step.changed_by)
    if message is None:
        return False
    message.send()
    return True
