"""Fixtures of the courses tests: participants, a batch with sessions, trainers, attendance."""

import datetime as dt

import pytest
from django.utils import timezone

from tests import factories
from workshops.models import Attendance, Batch, Nomination, Participant
from workshops.services import batch_update

_counter = iter(range(1, 10_000))


def make_participant(user=None, **kwargs) -> Participant:
    n = next(_counter)
    fields = {
        "name": f"Officer {n}",
        "name_bn": "",
        "designation": "",
        "email": f"officer{n}@example.org",
        "user": user,
        "organisation": None,
        "rank": None,
    }
    fields.update(kwargs)
    return factories.ParticipantFactory(**fields)


def make_batch(event, *, number=1, start=dt.date(2015, 1, 12), days=2, sessions=4) -> Batch:
    """A completed batch with its sessions (made open, then completed, as it happens)."""
    batch = factories.BatchFactory(
        event=event,
        number=number,
        start_date=start,
        end_date=start + dt.timedelta(days=days - 1),
        capacity=30,
        venue="",
        status=Batch.Status.OPEN,
    )
    for i in range(sessions):
        day = start + dt.timedelta(days=i * days // max(sessions, 1))
        begins = timezone.make_aware(dt.datetime.combine(day, dt.time(9 + 2 * (i % 2))))
        factories.SessionFactory(
            batch=batch,
            starts_at=begins,
            ends_at=begins + dt.timedelta(hours=1),
            topic=f"S{i}",
            room="",
        )
    with factories.as_committed():
        batch_update(batch=batch, status=Batch.Status.COMPLETED)
    batch.refresh_from_db()
    return batch


def confirm(batch, participant) -> Nomination:
    return factories.NominationFactory(
        batch=batch, participant=participant, status=Nomination.Status.CONFIRMED
    )


def attend(batch, participant, sessions: int) -> None:
    factories.attendance_record_all(
        [
            (session, participant, Attendance.Status.PRESENT)
            for session in batch.sessions.order_by("starts_at")[:sessions]
        ]
    )


def assign(batch, trainer) -> None:
    for session in batch.sessions.all():
        factories.TrainerAssignmentFactory(session=session, trainer=trainer, role="lead")


@pytest.fixture
def event(db):
    from workshops.models import ProgrammePage

    return factories.event_page(ProgrammePage.objects.first() or factories.programme_page())


@pytest.fixture
def tot_event(db):
    from workshops.models import ProgrammePage

    programme = ProgrammePage.objects.first() or factories.programme_page()
    return factories.event_page(
        programme,
        title="Training of trainers",
        slug="tot",
        kind="tot",
        start_date=dt.date(2015, 1, 10),
        end_date=dt.date(2015, 1, 11),
    )
