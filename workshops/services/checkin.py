"""Self check-in: the minute codes a trainer's page shows and trainees scan."""

import datetime as dt
import secrets

from django.utils import timezone

from workshops import checkin
from workshops.errors import WorkshopError
from workshops.models import Attendance, AttendanceChange, Batch, Participant, Session
from workshops.selectors import is_confirmed
from workshops.services.attendance import attendance_mark

CHECKIN_OPENS_BEFORE = dt.timedelta(minutes=15)
LATE_AFTER = dt.timedelta(minutes=15)


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
    if not is_confirmed(session.batch_id, participant.pk):
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
