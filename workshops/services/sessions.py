"""Sessions of a batch: create, change and move them, the timetable, and their trainers.

A change of time, topic, room or batch raises the session's calendar SEQUENCE so that
calendar clients replace their copy; public event pages show the sessions, so they are
refreshed after commit.
"""

import datetime as dt
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from lms.page_cache import page_cache_invalidate_on_commit
from workshops.caching import batches_touch
from workshops.errors import WorkshopError
from workshops.models import Attendance, Batch, Participant, Session, TrainerAssignment
from workshops.timetable import DEFAULT_SLOTS, WEEKEND, overlaps, timetable_generate

EDITABLE_FIELDS = ("batch", "starts_at", "ends_at", "topic", "topic_bn", "room", "sign_in_sheet")
# What a calendar shows of a session: a change makes clients replace the event.
CALENDAR_FIELDS = ("batch", "starts_at", "ends_at", "topic", "topic_bn", "room")


def session_create(
    *,
    batch: Batch,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    topic: str = "",
    topic_bn: str = "",
    room: str = "",
    sign_in_sheet=None,
) -> Session:
    """Add a session to a batch. Raises WorkshopError when it ends before it starts or the
    batch is cancelled."""
    if batch.status == Batch.Status.CANCELLED:
        raise WorkshopError("batch_cancelled")
    session = Session(
        batch=batch,
        starts_at=starts_at,
        ends_at=ends_at,
        topic=topic,
        topic_bn=topic_bn,
        room=room,
        checkin_secret=secrets.token_hex(32),
    )
    if sign_in_sheet:
        session.sign_in_sheet = sign_in_sheet
    _validate(session)
    session.save()
    page_cache_invalidate_on_commit()
    batches_touch(batch.pk)
    return session


def session_update(*, session: Session, by=None, **changes) -> Session:
    """Change a session's fields (any of EDITABLE_FIELDS).

    Moving it to another batch is refused once attendance has been taken at it (the marks
    were taken for its batch). A change a calendar shows raises its SEQUENCE. Raises
    WorkshopError for those rules or invalid values; nothing is written then.
    """
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"session_update() cannot change {sorted(unknown)}")
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=session.pk)
        if "batch" in changes and changes["batch"].pk != locked.batch_id:
            _check_movable(locked, changes["batch"])
        before = {name: getattr(locked, name) for name in changes}
        for name, value in changes.items():
            setattr(locked, name, value)
        _validate(locked)
        if any(before[name] != changes[name] for name in CALENDAR_FIELDS if name in changes):
            locked.sequence = F("sequence") + 1
        locked.save()
        locked.refresh_from_db(fields=["sequence"])
        batches_touch(session.batch_id, locked.batch_id)
        _forget_replaced_scan(before.get("sign_in_sheet"), locked.sign_in_sheet)
    page_cache_invalidate_on_commit()
    return locked


def _forget_replaced_scan(old, new) -> None:
    """A replaced or cleared scan is deleted from private storage once the change commits
    (a scan is personal: nothing keeps it once the session no longer points to it)."""
    name = getattr(old, "name", "") or ""
    if name and name != (getattr(new, "name", "") or ""):
        storage = old.storage
        transaction.on_commit(lambda: storage.delete(name))


def session_move(*, session: Session, batch: Batch, by=None) -> Session:
    """Move a session to another batch (refused once attendance was taken at it)."""
    return session_update(session=session, batch=batch, by=by)


def _check_movable(session: Session, batch: Batch) -> None:
    # Lock both batches in id order (no deadlock with a concurrent move the other way), then
    # look for marks: a mark taken meanwhile would have to wait for this transaction.
    locked = Batch.objects.select_for_update().filter(pk__in=[session.batch_id, batch.pk])
    list(locked.order_by("pk").values_list("pk", flat=True))
    if batch.status == Batch.Status.CANCELLED:
        raise WorkshopError("batch_cancelled")
    if Attendance.objects.filter(session=session).exists():
        raise WorkshopError("session_has_marks")


def _validate(session: Session) -> None:
    try:
        session.full_clean(exclude=["checkin_secret"])
    except ValidationError as error:
        raise WorkshopError(" ".join(error.messages)) from error


def session_error_field(error: WorkshopError) -> str | None:
    """The form field a session service's error is about (None: the whole form)."""
    return {"session_has_marks": "batch", "batch_cancelled": "batch"}.get(error.code)


@transaction.atomic
def session_timetable_create(
    *,
    batch: Batch,
    slots: tuple[tuple[dt.time, dt.time], ...] = DEFAULT_SLOTS,
    skip_weekend: bool = False,
    topics: list[tuple[str, str]] | None = None,
    room: str = "",
) -> list[Session]:
    """Create the batch's sessions day by day from `slots`, from its start to its end date.

    `topics` are (English, Bangla) pairs given to the sessions in turn, repeated as needed;
    without them each session is called by its day and slot in both languages.
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
    specs = [
        spec
        for spec in specs
        if not any(overlaps(spec.starts_at, spec.ends_at, s, e) for s, e in existing)
    ]
    new = []
    for index, spec in enumerate(specs):
        topic, topic_bn = (
            topics[index % len(topics)] if topics else _default_topic(spec.day, spec.slot)
        )
        new.append(
            Session(
                batch=batch,
                starts_at=spec.starts_at,
                ends_at=spec.ends_at,
                topic=topic,
                topic_bn=topic_bn,
                room=room or batch.venue[:100],
                checkin_secret=secrets.token_hex(32),
            )
        )
    batches_touch(batch.pk)
    return Session.objects.bulk_create(new)


def _default_topic(day: int, slot: int) -> tuple[str, str]:
    """("Day 1, session 2", its Bangla), the numbers in each language's digits."""
    from django.utils.translation import gettext as _
    from django.utils.translation import override

    from lms.formatting import to_bangla_digits

    def called(language: str) -> str:
        with override(language):
            return _("Day %(day)s, session %(slot)s") % {"day": day, "slot": slot}

    return called("en"), to_bangla_digits(called("bn"))


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
    batches_touch(session.batch_id)  # trainers' load, the batches a trainer teaches
    return TrainerAssignment.objects.create(
        session=session, trainer=trainer, role=role, is_external=is_external
    )


def trainer_unassign(*, assignment: TrainerAssignment) -> None:
    """Take a trainer off a session."""
    batches_touch(assignment.session.batch_id)
    assignment.delete()


def _when(session: Session) -> str:
    starts = timezone.localtime(session.starts_at)
    ends = timezone.localtime(session.ends_at)
    return f"{starts:%d %b %Y %H:%M}–{ends:%H:%M}"
