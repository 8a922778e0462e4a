"""Attendance: marks taken by the register, trainers and self check-in, with their history."""

from django.db import transaction

from workshops.errors import WorkshopError
from workshops.models import Attendance, AttendanceChange, Nomination, Participant, Session
from workshops.selectors import is_confirmed


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
        if not is_confirmed(session.batch_id, participant.pk):
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
