"""Sessions of a batch: the timetable and the trainers who teach them."""

import datetime as dt
import secrets

from django.db import transaction
from django.utils import timezone

from workshops.errors import WorkshopError
from workshops.models import Batch, Participant, Session, TrainerAssignment
from workshops.timetable import DEFAULT_SLOTS, WEEKEND, overlaps, timetable_generate


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
