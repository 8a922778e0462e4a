"""Messages to a batch: organisers and the batch's trainers write to its confirmed
participants. The message is recorded on the batch (who, when, subject, readers) and its
e-mails go out in a task, each in the reader's language (the fixed parts of the e-mail;
subject and text stay as written)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from workshops.errors import WorkshopError
from workshops.models import Batch, BatchMessage, Nomination
from workshops.permissions import can_write_to_batch

SUBJECT_MAX = 200
BODY_MAX = 5000


def batch_message_readers(batch: Batch):
    """The confirmed participants of `batch` who have an e-mail address, by name."""
    return (
        Nomination.objects.filter(batch=batch, status=Nomination.Status.CONFIRMED)
        .exclude(participant__email="")
        .select_related("participant")
        .order_by("participant__name", "pk")
    )


def batch_message_send(*, batch: Batch, by, subject: str, body: str) -> BatchMessage:
    """Write to every confirmed participant of `batch`: record the message and queue its
    e-mails (one task, after commit).

    Raises WorkshopError when `by` is neither an organiser nor a trainer of the batch, when
    subject or text is empty or too long, when the batch is cancelled, or when nobody
    confirmed has an e-mail address (nothing is recorded then).
    """
    from workshops import tasks

    subject, body = " ".join(subject.split()), body.strip()
    if not can_write_to_batch(by, batch):
        raise WorkshopError(_("Only organisers and the batch's trainers can write to it."))
    if not subject or not body:
        raise WorkshopError(_("Give the message a subject and a text."))
    if len(subject) > SUBJECT_MAX or len(body) > BODY_MAX:
        raise WorkshopError(
            _("Keep the subject under %(s)s characters and the text under %(b)s.")
            % {"s": SUBJECT_MAX, "b": BODY_MAX}
        )
    if batch.status == Batch.Status.CANCELLED:
        raise WorkshopError("batch_cancelled")
    readers = batch_message_readers(batch).count()
    if not readers:
        raise WorkshopError(_("No confirmed participant of this batch has an e-mail address."))
    with transaction.atomic():
        message = BatchMessage.objects.create(
            batch=batch, sent_by=by, subject=subject, body=body, readers=readers
        )
        message_id = message.pk
        transaction.on_commit(lambda: tasks.send_batch_message.enqueue(message_id=message_id))
    return message
