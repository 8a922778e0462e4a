"""Services of sessions, trainers, attendance, self check-in, calendar feeds and reminders.

Views, admin screens, management commands and tasks all call these functions. Each raises
`WorkshopError` with a message for the user when a rule is broken.
"""

import datetime as dt
import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone

from workshops import checkin
from workshops.errors import WorkshopError
from workshops.models import (
    Attendance,
    AttendanceChange,
    Batch,
    CalendarFeed,
    Nomination,
    Participant,
    Reminder,
    Session,
    TrainerAssignment,
)
from workshops.timetable import DEFAULT_SLOTS, WEEKEND, overlaps, timetable_generate

CHECKIN_OPENS_BEFORE = dt.timedelta(minutes=15)
LATE_AFTER = dt.timedelta(minutes=15)


# --- Timetable ---------------------------------------------------------------------------


@transaction.atomic
def session_timetable_create(
    *,
    batch: Batch,
    slots: tuple[tuple[dt.time, dt.time], ...] = DEFAULT_SLOTS,
    skip_weekend: bool = False,
    topic: str = "",
    room: str = "",
) -> list[Session]:
    """Create the batch's sessions day by day from `slots`, from its start to its end date.

    Slots that overlap a session the batch already has are left out, so running it again
    adds nothing. Raises WorkshopError("invalid_timetable") for a reversed slot.
    """
    try:
        specs = timetable_generate(
            start_date=batch.start_date,
            end_date=batch.end_date,
            slots=slots,
            skip_weekdays=WEEKEND if skip_weekend else frozenset(),
        )
    except ValueError as error:
        raise WorkshopError("invalid_timetable", detail=str(error)) from error
    Batch.objects.select_for_update().filter(pk=batch.pk).first()
    existing = list(Session.objects.filter(batch=batch).values_list("starts_at", "ends_at"))
    new = [
        Session(
            batch=batch,
            starts_at=spec.starts_at,
            ends_at=spec.ends_at,
            topic=topic or _default_topic(spec.day, spec.slot),
            room=room or batch.venue[:100],
            checkin_secret=secrets.token_hex(32),
        )
        for spec in specs
        if not any(overlaps(spec.starts_at, spec.ends_at, s, e) for s, e in existing)
    ]
    return Session.objects.bulk_create(new)


def _default_topic(day: int, slot: int) -> str:
    from django.utils.translation import gettext as _

    return _("Day %(day)s, session %(slot)s") % {"day": day, "slot": slot}


# --- Trainers ----------------------------------------------------------------------------


@transaction.atomic
def trainer_assign(
    *,
    session: Session,
    trainer: Participant,
    role: str = TrainerAssignment.Role.LEAD,
    is_external: bool = False,
) -> TrainerAssignment:
    """Put `trainer` on `session` in `role`.

    A trainer cannot teach two overlapping sessions: raises WorkshopError("trainer_clash")
    naming the other session, or ("trainer_twice") when already on this one. The trainer's
    participant row is locked first, so two organisers assigning the same person at once
    cannot both pass the check.
    """
    trainer = Participant.objects.select_for_update().get(pk=trainer.pk)
    if TrainerAssignment.objects.filter(session=session, trainer=trainer).exists():
        raise WorkshopError("trainer_twice", trainer=trainer.name)
    clash = (
        TrainerAssignment.objects.filter(
            trainer=trainer,
            session__starts_at__lt=session.ends_at,
            session__ends_at__gt=session.starts_at,
        )
        .exclude(session=session)
        .select_related("session__batch__event")
        .first()
    )
    if clash:
        other = clash.session
        raise WorkshopError(
            "trainer_clash",
            trainer=trainer.name,
            other=f"{other.batch} – {other.topic}",
            when=_when(other),
        )
    return TrainerAssignment.objects.create(
        session=session, trainer=trainer, role=role, is_external=is_external
    )


def trainer_unassign(*, assignment: TrainerAssignment) -> None:
    """Take a trainer off a session."""
    assignment.delete()


def _when(session: Session) -> str:
    starts = timezone.localtime(session.starts_at)
    ends = timezone.localtime(session.ends_at)
    return f"{starts:%d %b %Y %H:%M}–{ends:%H:%M}"


# --- Attendance --------------------------------------------------------------------------


def attendance_mark(
    *,
    session: Session,
    participant: Participant,
    status: str,
    by,
    source: str = AttendanceChange.Source.REGISTER,
) -> Attendance:
    """Record `participant`'s attendance of `session` and keep the change in the history.

    Only confirmed participants of the session's batch can be marked
    (WorkshopError("not_confirmed")). Marking the same status again changes nothing and
    writes no history.
    """
    if status not in Attendance.Status.values:
        raise ValueError(f"unknown attendance status {status!r}")
    with transaction.atomic():
        if not _is_confirmed(session.batch_id, participant.pk):
            raise WorkshopError("not_confirmed", name=participant.name)
        marked_by = by if by and by.is_authenticated else None
        # get_or_create re-reads after a lost insert race (a scan and a trainer's mark at
        # the same moment), and the row lock orders concurrent changes of one record.
        attendance, created = Attendance.objects.select_for_update().get_or_create(
            session=session,
            participant=participant,
            defaults={"status": status, "marked_by": marked_by},
        )
        before = "" if created else attendance.status
        if not created:
            if before == status:
                return attendance
            attendance.status = status
            attendance.marked_by = marked_by
            attendance.save()
        AttendanceChange.objects.create(
            attendance=attendance,
            from_status=before,
            to_status=status,
            source=source,
            changed_by=marked_by,
        )
    return attendance


def attendance_mark_all_present(
    *, session: Session, by, source: str = AttendanceChange.Source.TRAINER
) -> int:
    """Mark every confirmed participant without a mark for `session` present.

    Marks already given (late, excused, absent) are kept. Returns how many were marked.
    """
    marked = set(Attendance.objects.filter(session=session).values_list("participant_id"))
    marked = {pid for (pid,) in marked}
    count = 0
    with transaction.atomic():
        for nomination in Nomination.objects.filter(
            batch_id=session.batch_id, status=Nomination.Status.CONFIRMED
        ).select_related("participant"):
            if nomination.participant_id not in marked:
                attendance_mark(
                    session=session,
                    participant=nomination.participant,
                    status=Attendance.Status.PRESENT,
                    by=by,
                    source=source,
                )
                count += 1
    return count


def _is_confirmed(batch_id: int, participant_id: int) -> bool:
    return Nomination.objects.filter(
        batch_id=batch_id, participant_id=participant_id, status=Nomination.Status.CONFIRMED
    ).exists()


# --- Self check-in -----------------------------------------------------------------------


def session_checkin_secret(session: Session) -> str:
    """The session's check-in key, made once (sessions created before check-in have none)."""
    if not session.checkin_secret:
        secret = secrets.token_hex(32)
        Session.objects.filter(pk=session.pk, checkin_secret="").update(checkin_secret=secret)
        session.checkin_secret = Session.objects.values_list("checkin_secret", flat=True).get(
            pk=session.pk
        )
    return session.checkin_secret


def session_checkin_open(session: Session, at: dt.datetime) -> bool:
    return session.starts_at - CHECKIN_OPENS_BEFORE <= at <= session.ends_at


def session_checkin_code(*, session: Session, at: dt.datetime | None = None) -> str:
    """The code the trainer's page shows now; WorkshopError("checkin_closed") outside."""
    at = at or timezone.now()
    if not session_checkin_open(session, at):
        raise WorkshopError("checkin_closed")
    return checkin.checkin_code(
        secret=session_checkin_secret(session),
        session_id=session.pk,
        window=checkin.checkin_window(at),
    )


def attendance_check_in_verify(
    *, session: Session, user, code: str, at: dt.datetime | None = None
) -> Participant:
    """Check a scan without marking: returns the user's participant or raises WorkshopError.

    Refuses when the user has no participant record, the batch is cancelled, the session is
    not open for check-in, the code is not this session's code for this minute or the one
    before, or the user is not confirmed in the batch.
    """
    at = at or timezone.now()
    participant = getattr(user, "participant", None)
    if participant is None:
        raise WorkshopError("no_participant")
    if session.batch.status == Batch.Status.CANCELLED:
        raise WorkshopError("batch_cancelled")
    if not session_checkin_open(session, at):
        raise WorkshopError("checkin_closed")
    check = checkin.checkin_code_check(
        secret=session_checkin_secret(session), session_id=session.pk, code=code, at=at
    )
    if not check.valid:
        raise WorkshopError("checkin_code_invalid")
    if not _is_confirmed(session.batch_id, participant.pk):
        raise WorkshopError("not_confirmed", name=participant.name)
    return participant


def attendance_check_in(
    *, session: Session, user, code: str, at: dt.datetime | None = None
) -> Attendance:
    """Mark the signed-in trainee present (late after 15 minutes) from a scanned code.

    Refuses as `attendance_check_in_verify` does. Already present or late: nothing changes.
    """
    at = at or timezone.now()
    participant = attendance_check_in_verify(session=session, user=user, code=code, at=at)
    current = Attendance.objects.filter(session=session, participant=participant).first()
    if current and current.status in (Attendance.Status.PRESENT, Attendance.Status.LATE):
        return current
    late = at > session.starts_at + LATE_AFTER
    return attendance_mark(
        session=session,
        participant=participant,
        status=Attendance.Status.LATE if late else Attendance.Status.PRESENT,
        by=user,
        source=AttendanceChange.Source.CHECKIN,
    )


# --- Calendar feeds ----------------------------------------------------------------------


def calendar_feed_regenerate(*, user) -> CalendarFeed:
    """Give `user` a new secret feed address; the old address stops working at once."""
    feed, _ = CalendarFeed.objects.update_or_create(
        user=user, defaults={"token": secrets.token_urlsafe(32)}
    )
    return feed


def calendar_feed_revoke(*, user) -> None:
    """Switch the user's feed off: its address answers 404 from now on."""
    CalendarFeed.objects.filter(user=user).delete()


def batch_calendar_touch(*, batch: Batch) -> None:
    """Raise the calendar SEQUENCE of every session of a batch whose details changed."""
    from django.db.models import F

    Session.objects.filter(batch=batch).update(sequence=F("sequence") + 1)


# --- Reminders ---------------------------------------------------------------------------


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
