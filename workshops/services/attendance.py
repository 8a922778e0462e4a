"""Attendance: marks taken by the register, trainers, self check-in and imports.

``attendance_record`` is the one write path for marks: one mark or a whole register, all in
one transaction, each change kept in the mark's history (AttendanceChange).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from lms.history import acting_user, history_record
from workshops.caching import batches_touch
from workshops.errors import WorkshopError
from workshops.models import Attendance, AttendanceChange, Nomination, Participant, Session


@dataclass(frozen=True)
class Mark:
    """One mark to record: this participant's status at this session."""

    session: Session
    participant_id: int
    status: str


@dataclass
class MarksRecorded:
    """What ``attendance_record`` did; ``marks`` in the order given (one per session and
    participant)."""

    marks: list[Attendance] = field(default_factory=list)
    created: int = 0
    changed: int = 0
    unchanged: int = 0


def attendance_record(
    *,
    marks: Iterable[Mark],
    by,
    source: str = AttendanceChange.Source.REGISTER,
    reason: str = "",
) -> MarksRecorded:
    """Record marks, all or nothing, and keep every change in the history.

    Only confirmed participants of a session's batch can be marked
    (WorkshopError("not_confirmed") names the first who is not); an unknown status is
    refused (WorkshopError("unknown_status")). Marking a status a mark already has changes
    nothing and writes no history. The same session and participant twice: the last wins.
    A mark created at the same moment by someone else (a scan while the trainer marks) is
    re-read and updated, not duplicated.
    """
    wanted = {(m.session.pk, m.participant_id): m for m in marks}
    for mark in wanted.values():
        if mark.status not in Attendance.Status.values:
            raise WorkshopError("unknown_status", status=mark.status)
    result = MarksRecorded()
    if not wanted:
        return result
    with transaction.atomic():
        _check_confirmed(wanted.values())
        existing, created = _existing_and_created(wanted, acting_user(by))
        changed = []
        for key, mark in wanted.items():
            attendance = existing.get(key)
            if attendance is None:
                continue
            if attendance.status == mark.status:
                result.unchanged += 1
                continue
            changed.append((attendance, attendance.status))
            attendance.status = mark.status
            attendance.marked_by = acting_user(by)
            attendance.marked_at = timezone.now()  # bulk_update skips auto_now
        Attendance.objects.bulk_update(
            [a for a, _before in changed], ["status", "marked_by", "marked_at"], batch_size=1000
        )
        history_record(
            AttendanceChange,
            [(a, "", a.status) for a in created] + [(a, before, a.status) for a, before in changed],
            by=by,
            reason=reason,
            source=source,
        )
        if created or changed:  # the batches' attendance figures changed
            batches_touch(*{mark.session.batch_id for mark in wanted.values()})
    result.created, result.changed = len(created), len(changed)
    by_key = {**existing, **{(a.session_id, a.participant_id): a for a in created}}
    result.marks = [by_key[key] for key in wanted]
    return result


def attendance_mark(
    *,
    session: Session,
    participant: Participant,
    status: str,
    by,
    source: str = AttendanceChange.Source.REGISTER,
) -> Attendance:
    """Record one participant's attendance of one session (see ``attendance_record``)."""
    recorded = attendance_record(
        marks=[Mark(session, participant.pk, status)], by=by, source=source
    )
    return recorded.marks[0]


def attendance_mark_all_present(
    *, session: Session, by, source: str = AttendanceChange.Source.TRAINER
) -> int:
    """Mark every confirmed participant without a mark for `session` present.

    Marks already given (late, excused, absent) are kept. Returns how many were marked.
    """
    marked = Attendance.objects.filter(session=session).values_list("participant_id")
    unmarked = Nomination.objects.filter(
        batch_id=session.batch_id, status=Nomination.Status.CONFIRMED
    ).exclude(participant_id__in=marked)
    marks = [
        Mark(session, participant_id, Attendance.Status.PRESENT)
        for participant_id in unmarked.values_list("participant_id", flat=True)
    ]
    return attendance_record(marks=marks, by=by, source=source).created


def _check_confirmed(marks: Iterable[Mark]) -> None:
    marks = list(marks)
    confirmed = set(
        Nomination.objects.filter(
            batch_id__in={m.session.batch_id for m in marks},
            participant_id__in={m.participant_id for m in marks},
            status=Nomination.Status.CONFIRMED,
        ).values_list("batch_id", "participant_id")
    )
    for mark in marks:
        if (mark.session.batch_id, mark.participant_id) not in confirmed:
            name = Participant.objects.filter(pk=mark.participant_id).values_list("name", flat=True)
            raise WorkshopError("not_confirmed", name=name.first() or mark.participant_id)


def _existing_and_created(wanted: dict, marked_by) -> tuple[dict, list[Attendance]]:
    """The marks that exist (locked) and the ones created now for the rest."""
    sessions = {key[0] for key in wanted}
    people = {key[1] for key in wanted}
    for attempt in range(2):
        # The row locks order concurrent changes of one mark.
        existing = {
            (a.session_id, a.participant_id): a
            for a in Attendance.objects.select_for_update().filter(
                session_id__in=sessions, participant_id__in=people
            )
            if (a.session_id, a.participant_id) in wanted
        }
        new = [
            Attendance(
                session=mark.session,
                batch_id=mark.session.batch_id,
                participant_id=mark.participant_id,
                status=mark.status,
                marked_by=marked_by,
            )
            for key, mark in wanted.items()
            if key not in existing
        ]
        try:
            with transaction.atomic():
                return existing, Attendance.objects.bulk_create(new, batch_size=1000)
        except IntegrityError:
            if attempt:
                raise
            # Someone created one of these marks meanwhile: read it again and update it.
    raise AssertionError("unreachable")
