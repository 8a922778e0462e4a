"""Reminders: the day before a batch starts, and before each day a trainer teaches."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from workshops.models import Batch, Nomination, Reminder, Session, TrainerAssignment


def reminders_send(*, day: dt.date) -> list[Reminder]:
    """Record (and, after commit, e-mail) reminders for what happens on `day`.

    Confirmed participants are reminded the day before their batch's first session; trainers
    the day before each day they teach. The unique constraint on Reminder makes a second run
    send nothing: a reminder that exists is skipped.
    """
    from workshops import tasks

    sent = []
    for batch, participant in _due_reminders(day):
        try:
            with transaction.atomic():
                reminder = Reminder.objects.create(batch=batch, participant=participant, day=day)
        except IntegrityError:
            continue
        sent.append(reminder)
        transaction.on_commit(
            lambda pk=reminder.pk: tasks.send_reminder_email.enqueue(reminder_id=pk)
        )
    return sent


def _due_reminders(day: dt.date):
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(day, dt.time.min, tzinfo=tz)
    end = start + dt.timedelta(days=1)
    sessions = Session.objects.filter(starts_at__gte=start, starts_at__lt=end).exclude(
        batch__status=Batch.Status.CANCELLED
    )
    seen = set()
    first_days = sessions.exclude(
        batch__sessions__starts_at__lt=start
    )  # batches whose first session is on `day`
    for nomination in Nomination.objects.filter(
        batch__in=first_days.values("batch"), status=Nomination.Status.CONFIRMED
    ).select_related("batch", "participant"):
        key = (nomination.batch_id, nomination.participant_id)
        if key not in seen:
            seen.add(key)
            yield nomination.batch, nomination.participant
    for assignment in TrainerAssignment.objects.filter(session__in=sessions).select_related(
        "session__batch", "trainer"
    ):
        key = (assignment.session.batch_id, assignment.trainer_id)
        if key not in seen:
            seen.add(key)
            yield assignment.session.batch, assignment.trainer
